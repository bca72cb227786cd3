"""Performance quantities: parse "420 ms (p95)", decide which way is better, measure improvement.

A small table-driven parser rather than pint: pint takes about half a second to import and build
a registry, knows no ``req/s``, and this is a closed set of units. Everything is stdlib so the core
stays importable without the terminal stack.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Dimension",
    "Direction",
    "Improvement",
    "Quantity",
    "describe_change",
    "improvement",
    "infer_direction",
    "is_better",
    "meets",
    "parse_quantity",
    "parse_stated_improvement",
]


class Dimension(StrEnum):
    TIME = "time"
    SIZE = "size"
    RATE = "rate"
    PERCENT = "percent"
    COUNT = "count"


class Direction(StrEnum):
    """Which way is better."""

    LOWER = "lower"
    HIGHER = "higher"


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float  # in the base unit: seconds, bytes, per second, percent, count; signed
    unit: str  # normalised spelling: "ms", "MB", "req/s", "%", "" for plain counts
    dimension: Dimension
    text: str  # the text that was parsed
    qualifier: str = ""  # "p95", "<", "~", "< p95"
    number: float = math.nan  # the number as written, with its sign and k/M, before the unit


_T, _S, _R, _P = Dimension.TIME, Dimension.SIZE, Dimension.RATE, Dimension.PERCENT
# canonical spelling, dimension, factor to the base unit, other spellings (matched ignoring case).
_UNIT_ROWS: tuple[tuple[str, Dimension, float, tuple[str, ...]], ...] = (
    ("ns", _T, 1e-9, ("nsec", "nanosecond", "nanoseconds")),
    ("µs", _T, 1e-6, ("us", "μs", "usec", "microsecond", "microseconds")),
    ("ms", _T, 1e-3, ("msec", "msecs", "millisecond", "milliseconds")),
    ("s", _T, 1.0, ("sec", "secs", "second", "seconds")),
    ("min", _T, 60.0, ("mins", "minute", "minutes")),
    ("h", _T, 3600.0, ("hr", "hrs", "hour", "hours")),
    ("B", _S, 1.0, ("byte", "bytes")),
    ("KB", _S, 1e3, ()),
    ("MB", _S, 1e6, ()),
    ("GB", _S, 1e9, ()),
    ("TB", _S, 1e12, ()),
    ("KiB", _S, 1024.0, ()),
    ("MiB", _S, 1024.0**2, ()),
    ("GiB", _S, 1024.0**3, ()),
    ("TiB", _S, 1024.0**4, ()),
    ("req/s", _R, 1.0, ("reqs/s", "req/sec", "requests/s", "requests/sec", "requests per second")),
    ("ops/s", _R, 1.0, ("op/s", "ops/sec", "operations/s", "operations per second")),
    ("rps", _R, 1.0, ()),
    ("qps", _R, 1.0, ()),
    ("tps", _R, 1.0, ()),
    ("/s", _R, 1.0, ("/sec", "per second", "per sec")),
    ("%", _P, 1.0, ("percent",)),
)
# spelling (lower case, single spaces, no spaces around "/") -> (canonical, dimension, factor)
_UNITS: dict[str, tuple[str, Dimension, float]] = {}
for _canon, _dim, _factor, _aliases in _UNIT_ROWS:
    for _spelling in (_canon, *_aliases):
        _UNITS[_spelling.lower()] = (_canon, _dim, _factor)
    if _dim is _S:  # byte rates ("120 MB/s") are throughput, not memory
        _UNITS[f"{_canon}/s".lower()] = (f"{_canon}/s", _R, _factor)
_UNITS["k req/s"] = _UNITS["krps"] = ("req/s", _R, 1e3)


def _unit_key(spelling: str) -> str:
    return re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", spelling.strip().lower()))


def _unit_pattern(spelling: str) -> str:
    words = (r"\s*/\s*".join(re.escape(p) for p in w.split("/")) for w in spelling.split(" "))
    return r"\s+".join(words)


_UNIT_ALTS = "|".join(_unit_pattern(s) for s in sorted(_UNITS, key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_PCTL = r"[pP]\d{2,3}(?:\.\d+)?"  # p50, p95, p999: a qualifier, never the number 95
_MULTIPLIERS = {"k": 1e3, "K": 1e3, "M": 1e6}  # only upper-case M: "3m" is not 3 million
_QUANTITY_RE = re.compile(
    rf"""
    (?:(?P<pre>{_PCTL})\s*[:=]?\s*)?              # "p95 420 ms", "p99: 1.2s"
    (?:(?P<cmp><=|>=|[<>~≈≤≥])\s*)?               # "< 1.5s", "~200ms"
    (?P<sign>(?<![\w.,])[-−](?=\.?\d))?           # "-5ms": a sign, not the hyphen of "PERF-7"
    (?<![\w.,])(?<!\w-)(?P<num>{_NUMBER})          # not the digits of "p95", "PERF-7", "1.2.3"
    (?:(?P<mult>[kKM])(?![A-Za-z]))?              # "1.2k", "3M" but not the M of "3MB"
    (?:\s*(?P<unit>(?i:{_UNIT_ALTS})|(?P<per>[A-Za-z]+)\s*/\s*(?i:sec|s))(?:(?<=%)|(?!\w)))?
    (?:\s*\(?\s*(?:at\s+)?(?P<post>{_PCTL})\b)?   # "8.3s (p95)", "500ms p95"
    """,
    re.VERBOSE,
)
_PLACEHOLDER_RE = re.compile(r"\s*\[[^\]]*\]\s*")


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in ``text``; None when there is no number or it is a ``[placeholder]``.

    Values in cards carry context ("500ms p95 under 200 rps", "2.1 GB RSS"), so the first number
    wins and the words after it are ignored. A number with no known unit is a COUNT. A k/M
    multiplier only combines with a rate unit or none ("1.2k", "3M req/s"); "1.2k ms" reads as a
    count of 1200. A minus sign right before the number is kept ("-5ms" is -0.005 s): a cost
    that cannot be negative is refused by the gate, never read as its magnitude.
    """
    if _PLACEHOLDER_RE.fullmatch(text):
        return None
    m = _QUANTITY_RE.search(text)
    if m is None:
        return None
    value = float(m["num"].replace(",", "")) * _MULTIPLIERS.get(m["mult"] or "", 1.0)
    if m["sign"]:
        value = -value
    number = value
    unit, dimension = "", Dimension.COUNT
    if m["per"]:
        unit, dimension = f"{m['per'].lower()}/s", Dimension.RATE
    elif m["unit"]:
        unit, dimension, factor = _UNITS[_unit_key(m["unit"])]
        if m["mult"] and dimension is not Dimension.RATE:
            unit, dimension = "", Dimension.COUNT
        else:
            value *= factor
    percentile = (m["pre"] or m["post"] or "").lower()
    qualifier = " ".join(q for q in (m["cmp"], percentile) if q)
    return Quantity(value, unit, dimension, text, qualifier, number)


_LOWER_WORDS = re.compile(r"\b(?:errors?|fail\w*|timeouts?|miss\w*|drop\w*|reject\w*|retr\w*)")
_HIGHER_WORDS = re.compile(
    r"\b(?:hit rate|hit ratio|cache hits?|success\w*|availability|uptime|scores?|throughput"
    r"|requests per|per second|ops|bandwidth|speed-?up)\b"
)
_NOUNS = {_T: "time", _S: "size", _R: "throughput", _P: "percentage", Dimension.COUNT: "count"}


def infer_direction(quantity: Quantity, metric_name: str = "") -> tuple[Direction, str]:
    """Which way is better for this quantity, with a short reason a reviewer can check.

    The metric name wins when it clearly names a failure ("error rate", "dropped req/s": lower)
    or a good thing ("cache hit rate", "uptime", "throughput": higher); otherwise the dimension
    decides: only rates are higher-is-better, every time, size, count and percent is a cost.
    """
    name = metric_name.lower()
    if found := _LOWER_WORDS.search(name):
        return Direction.LOWER, f"lower is better: '{found[0]}' in the metric name"
    if found := _HIGHER_WORDS.search(name):
        return Direction.HIGHER, f"higher is better: '{found[0]}' in the metric name"
    if quantity.dimension is Dimension.RATE and (found := _LOWER_WORDS.search(quantity.unit)):
        return Direction.LOWER, f"lower is better: '{found[0]}' in the unit"
    noun = _NOUNS[quantity.dimension]
    what = f"{noun} ({quantity.unit})" if quantity.unit else noun
    if quantity.dimension is Dimension.RATE:
        return Direction.HIGHER, f"higher is better: {what}"
    return Direction.LOWER, f"lower is better: {what}"


# (dimension, direction) -> (less, more, better, worse) words for describe().
_WORDS: dict[tuple[Dimension | None, Direction], tuple[str, str, str, str]] = {
    (_T, Direction.LOWER): ("less time", "more time", "faster", "slower"),
    (_S, Direction.LOWER): ("less memory", "more memory", "smaller", "larger"),
    (Dimension.COUNT, Direction.LOWER): ("fewer", "more", "better", "worse"),
    (_R, Direction.HIGHER): ("less throughput", "more throughput", "better", "worse"),
}
_DEFAULT_WORDS = ("lower", "higher", "better", "worse")


# Beyond these a percentage or a factor says nothing a reader can use, and printed in full it
# looks like a bug ("25000000000000001191182336.0% more time"): it is written as "over ...".
MOST_PERCENT = 1e6
MOST_FACTOR = 1e6


def _fmt_factor(factor: float) -> str:
    if factor > MOST_FACTOR:
        return f"over {MOST_FACTOR:,.0f}x"
    if factor < 1 / MOST_FACTOR:
        return f"under {1 / MOST_FACTOR:.6f}x"
    if factor >= 10_000:
        return f"{factor:,.0f}x"
    return f"{factor:.1f}x" if factor >= 0.1 else f"{factor:.2g}x"


def _fmt_percent(percent: float) -> str:
    """A magnitude: "42.9%", "4900.0%", "12,500%", "over 1,000,000%"."""
    if percent > MOST_PERCENT:
        return f"over {MOST_PERCENT:,.0f}%"
    return f"{percent:,.0f}%" if percent >= 10_000 else f"{percent:.1f}%"


@dataclass(frozen=True, slots=True)
class Improvement:
    percent: float  # positive = better in ``direction``
    factor: float  # how many times better; > 1 is better, inf when a cost went to zero
    direction: Direction
    dimension: Dimension | None = None  # picks the words of describe(); None gives neutral ones

    def describe(self) -> str:
        """One honest phrase: "57.1% less time, 2.3x faster", "12.0% more time, 0.9x (slower)"."""
        less, more, better, worse = _WORDS.get((self.dimension, self.direction), _DEFAULT_WORDS)
        if math.isinf(self.factor):
            return f"{_fmt_percent(self.percent)} {less}, down to zero"
        if math.isclose(self.factor, 1.0, rel_tol=1e-9):
            return "no change (1.0x)"
        factor, pct = _fmt_factor(self.factor), _fmt_percent(abs(self.percent))
        if self.percent < 0:
            worse_side = more if self.direction is Direction.LOWER else less
            return f"{pct} {worse_side}, {factor} ({worse})"
        if self.direction is Direction.HIGHER:
            if abs(self.percent) > MOST_PERCENT:
                return f"{factor} {more}"
            return f"{factor} {more} (+{pct})"
        return f"{pct} {less}, {factor} {better}"


def _comparable(a: Quantity, b: Quantity) -> bool:
    """Same dimension, and byte rates (MB/s) are never compared with request rates (req/s)."""
    return a.dimension == b.dimension and a.unit.endswith("B/s") == b.unit.endswith("B/s")


def improvement(before: Quantity, after: Quantity, direction: Direction) -> Improvement | None:
    """How much better ``after`` is than ``before``; None when they cannot be compared.

    None also when ``before`` is zero, as no percentage of zero means anything. A cost that drops
    to zero gets an infinite factor, which describe() spells out.
    """
    if not _comparable(before, after) or before.value == 0:
        return None
    b, a = before.value, after.value
    if direction is Direction.LOWER:
        percent, factor = (b - a) / b * 100, (b / a if a else math.inf)
    else:
        percent, factor = (a - b) / b * 100, a / b
    return Improvement(percent, factor, direction, before.dimension)


def describe_change(before: str, after: str, metric_name: str = "") -> str:
    """Before → After as the editor and ``log`` offer it ("57.1% less time, 2.3x faster"), the
    direction inferred from the unit and the metric's name; "" when the two do not compare."""
    b, a = parse_quantity(before), parse_quantity(after)
    if b is None or a is None:
        return ""
    direction, _ = infer_direction(b, metric_name)
    result = improvement(b, a, direction)
    return result.describe() if result else ""


def is_better(before: Quantity, after: Quantity, direction: Direction) -> bool:
    """Strictly better; equal within float noise (1.5 s vs 1500 ms) or incomparable is not."""
    if not _comparable(before, after) or math.isclose(before.value, after.value, rel_tol=1e-9):
        return False
    return (after.value < before.value) == (direction is Direction.LOWER)


def meets(measured: Quantity, target: Quantity, direction: Direction) -> bool:
    """Measured is at least as good as the target ("< 200ms" reads as "at most 200 ms")."""
    if not _comparable(measured, target):
        return False
    return math.isclose(measured.value, target.value, rel_tol=1e-9) or is_better(
        target, measured, direction
    )


_STATED_PERCENT_RE = re.compile(rf"(?<![\w.,])({_NUMBER})\s*%")
_STATED_FACTOR_RE = re.compile(rf"(?<![\w.,])({_NUMBER})\s*(?:[xX×]|(?i:times))(?![A-Za-z])")


def parse_stated_improvement(text: str) -> tuple[float | None, float | None]:
    """(percent, factor) claimed by "60% faster", "-60%", "4.3×", "reduce by 60%", "2.5x".

    The percent is a magnitude: whether "-60%" is good depends on the metric, which the caller
    knows. Placeholders ("[X%]") and text without numbers give (None, None).
    """
    if _PLACEHOLDER_RE.fullmatch(text):
        return None, None
    pct = _STATED_PERCENT_RE.search(text)
    factor = _STATED_FACTOR_RE.search(text)
    return (
        float(pct[1].replace(",", "")) if pct else None,
        float(factor[1].replace(",", "")) if factor else None,
    )
