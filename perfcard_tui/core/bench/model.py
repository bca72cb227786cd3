"""What a benchmark file holds, once read: results with their statistics, in one unit each.

Every format module turns its file into :class:`BenchResult` values; ``apply`` writes them into a
card. A result's ``unit`` is spelled the way a card writes it ("ms", "B/op", "req/s"), so
``metrics.parse_quantity`` reads the text we write back as the same quantity.
"""

from __future__ import annotations

import fnmatch
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .. import metrics as m

__all__ = [
    "DETAIL",
    "BenchError",
    "BenchResult",
    "NameFilter",
    "ResultSet",
    "display_quantity",
    "format_number",
    "no_match",
    "si_number",
    "stat_key",
]


class BenchError(ValueError):
    """Input that cannot be imported: one line saying what and where."""


DETAIL = "detail"
"""The ``measure`` of a result the file holds but a summary leaves out unless it is asked for
(k6's connection timings, gauges)."""


@dataclass(frozen=True, slots=True)
class BenchResult:
    """One benchmark's measurements of one quantity."""

    name: str
    stats: Mapping[str, float]
    """Statistic ("mean", "median", "min", "max", "stddev", "p95", "rate"...) -> value in
    ``unit``."""
    unit: str
    """As a card writes it: "s", "ms", "µs", "ns", "B/op", "allocs/op", "req/s", "MB/s", "%", ""."""
    runs: int | None = None
    """How many measurements the statistics summarise (samples, rounds, requests), if known."""
    source: str = ""
    """The file's name."""
    measure: str = ""
    """"" for the benchmark's headline quantity (its time, a load test's latency); otherwise what
    this one is (``B/op``, ``allocs/op``, ``MB/s``): shown beside the headline, never a row of
    its own unless asked for."""
    spread: str = ""
    """A spread the tool states itself when there is no stddev ("± 2%" from benchstat)."""
    column: str = ""
    """benchstat: which of the compared files the numbers come from."""


@dataclass(frozen=True, slots=True)
class ResultSet:
    """The results of one file, and how it was read."""

    source: str
    format: str
    """The format's name (``--format``)."""
    label: str
    """What to call it in the card: "pytest-benchmark", "k6 summary"."""
    results: tuple[BenchResult, ...]
    note: str = ""
    """Said to the person when detection had a choice to make."""
    columns: tuple[str, ...] = field(default=())
    """benchstat: the compared files, in order."""
    unselected: tuple[str, ...] = field(default=())
    """The names of the benchmarks ``--select`` left out (read with ``select``)."""


# -- choosing benchmarks by name ----------------------------------------------------------------


class NameFilter:
    """``--select PATTERN`` as a test of a benchmark's name: a glob (``*``, ``?``, ``[``)
    matched against the whole name, else a substring; case does not matter. It remembers the
    names it refused, so a reader that skipped them can still say which there were."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        want = pattern.lower()
        if any(c in pattern for c in "*?["):
            match = re.compile(fnmatch.translate(want)).match  # compiled once, not per name
            self._test: Callable[[str], bool] = lambda name: match(name.lower()) is not None
        else:
            self._test = lambda name: want in name.lower()
        self.refused: dict[str, None] = {}
        """The names refused, in the order they came (a dict as an ordered set)."""

    def __call__(self, name: str) -> bool:
        if self._test(name):
            return True
        self.refused[name] = None
        return False


def no_match(pattern: str, names: Iterable[str]) -> BenchError:
    listed = list(dict.fromkeys(names))
    shown = ", ".join(listed[:8]) + (", …" if len(listed) > 8 else "")
    return BenchError(f"--select '{pattern}' matches none of the benchmarks ({shown})")


# -- statistics --------------------------------------------------------------------------------

_STAT_ALIASES = {
    "avg": "mean",
    "average": "mean",
    "mean": "mean",
    "med": "median",
    "median": "median",
    "p50": "median",
    "min": "min",
    "max": "max",
    "stddev": "stddev",
    "std": "stddev",
    "sd": "stddev",
    "rate": "rate",
    "count": "count",
}
_PCTL = re.compile(r"p?\(?(\d{1,3}(?:\.\d+)?)\)?%?")


def stat_key(text: str) -> str:
    """The statistic a person or a tool names: "avg" -> "mean", "p(95)" -> "p95", "99" -> "p99",
    "50.0" -> "median"; "" when it names none."""
    t = text.strip().lower()
    if t in _STAT_ALIASES:
        return _STAT_ALIASES[t]
    found = _PCTL.fullmatch(t)
    if not found:
        return ""
    number = float(found[1])
    if not 0 < number < 100:
        return {0.0: "min", 100.0: "max"}.get(number, "")
    if number == 50:
        return "median"
    return f"p{number:g}"


# -- numbers and units ---------------------------------------------------------------------------

_SI = {
    "": 1.0,
    "n": 1e-9,
    "µ": 1e-6,
    "μ": 1e-6,
    "u": 1e-6,
    "m": 1e-3,
    "k": 1e3,
    "K": 1e3,
    "M": 1e6,
    "G": 1e9,
    "T": 1e12,
    "Ki": 1024.0,
    "Mi": 1024.0**2,
    "Gi": 1024.0**3,
    "Ti": 1024.0**4,
}
_SI_NUMBER = re.compile(r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(Ki|Mi|Gi|Ti|[nµμumkKMGT]?)")


def si_number(text: str) -> float | None:
    """ "1.23µ" -> 1.23e-06, "4.5Ki" -> 4608.0, "1e-07" -> 1e-07; None when it is not one."""
    found = _SI_NUMBER.fullmatch(text.strip())
    if not found:
        return None
    return float(found[1]) * _SI[found[2]]


TIME_UNITS = {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}
_TIME_SPELLINGS = {
    "ns": "ns",
    "ns/op": "ns",
    "us": "µs",
    "µs": "µs",
    "μs": "µs",
    "us/op": "µs",
    "ms": "ms",
    "ms/op": "ms",
    "s": "s",
    "s/op": "s",
    "sec": "s",
    "sec/op": "s",
}


def time_unit(text: str) -> str:
    """A tool's spelling of a time unit as the card writes it ("us/op" -> "µs"); "" if none."""
    return _TIME_SPELLINGS.get(text.strip(), _TIME_SPELLINGS.get(text.strip().lower(), ""))


def format_number(x: float) -> str:
    """About four significant digits, thousands separated, no exponent: 420.3, 1.38, 90,000."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    ax = abs(x)
    if ax >= 1000:
        return f"{x:,.0f}"
    decimals = max(0, 3 - math.floor(math.log10(ax)))
    text = f"{x:.{min(decimals, 12)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def display_quantity(value: float, unit: str) -> str:
    """A value as a card writes it: times in the unit that keeps the number readable ("240.1ms",
    "1.38s", "850ns"), everything else in its own unit ("1,024 B/op", "150 req/s")."""
    if unit in TIME_UNITS:
        seconds = value * TIME_UNITS[unit]
        for name in ("s", "ms", "µs", "ns"):
            if abs(seconds) >= TIME_UNITS[name] or name == "ns":
                return f"{format_number(seconds / TIME_UNITS[name])}{name}"
    if unit == "%":
        return f"{format_number(value)}%"
    return f"{format_number(value)} {unit}".strip()


def quantity(value: float, unit: str) -> m.Quantity | None:
    return m.parse_quantity(display_quantity(value, unit))
