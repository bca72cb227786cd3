"""Choosing among imported results: which ones a side gets, which result fills a metric, which
statistic it is written in, and the text written.

``bench import`` (:mod:`.apply`) fills comparison rows with these choices and ``log
--after-from`` (:mod:`.session`) a session's After, so the two read a file the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath

from .. import metrics as m
from .model import (
    DETAIL,
    BenchError,
    BenchResult,
    NameFilter,
    ResultSet,
    display_quantity,
    no_match,
    stat_key,
)

_DEFAULT_STATS = ("mean", "median", "rate", "value")
_NAMED_STAT = re.compile(r"\b(?:p\(?(\d{1,3}(?:\.\d+)?)\)?|(median|mean|average|avg))(?![\w.])")
_UNQUALIFIED = ("mean", "rate", "value")
"""Statistics a value is written without naming: a tool's plain centre."""


def explicit_stat(stat: str | None) -> str:
    """``--stat``, as a statistic's key; "" when not given; BenchError when it names none."""
    if not stat:
        return ""
    key = stat_key(stat)
    if not key:
        raise BenchError(
            f"--stat {stat}: not a statistic (mean, median, min, max, stddev, p90, p95, p99...)"
        )
    return key


def selected(sets: Sequence[ResultSet], side: str, pattern: str | None) -> list[BenchResult]:
    """The results of ``sets`` for ``side`` ("before" or "after"), those named like
    ``pattern`` (``--select``) when given."""
    chosen: list[BenchResult] = []
    left_out = [name for result_set in sets for name in result_set.unselected]
    for result_set in sets:
        results = list(result_set.results)
        if result_set.columns:  # benchstat: the first file is before, the last after
            column = result_set.columns[0 if side == "before" else -1]
            results = [r for r in results if r.column == column]
        chosen.extend(results)
    if pattern:
        wanted = NameFilter(pattern)
        names = {name: wanted(name) for name in dict.fromkeys(r.name for r in chosen)}
        picked = [r for r in chosen if names[r.name]]
        if not picked:
            raise no_match(pattern, [*names, *left_out])
        chosen = picked
    return chosen


def headlines(results: Sequence[BenchResult]) -> list[BenchResult]:
    """The results that are numbers of their own (a benchmark's time, a load test's latency),
    not the measures shown beside them (``B/op``); the details when there is nothing else."""
    return (
        [r for r in results if not r.measure]
        or [r for r in results if r.measure == DETAIL]
        or list(results)
    )


def named_stat(name: str) -> str:
    """The statistic a metric's name names: "p95 response time" -> "p95"; "" when none."""
    found = _NAMED_STAT.search(name.lower())
    if not found:
        return ""
    return stat_key(f"p{found[1]}" if found[1] else found[2])


def default_stat(result: BenchResult) -> str:
    return next((s for s in _DEFAULT_STATS if s in result.stats), next(iter(result.stats), ""))


def any_value(result: BenchResult) -> float:
    return result.stats[default_stat(result)]


def have(result: BenchResult) -> str:
    return ", ".join(result.stats)


def comparable(a: m.Quantity, b: m.Quantity) -> bool:
    return a.dimension == b.dimension and a.unit.endswith("B/s") == b.unit.endswith("B/s")


def quantity_of(result: BenchResult) -> m.Quantity | None:
    return m.parse_quantity(display_quantity(any_value(result), result.unit))


def pick(candidates: list[BenchResult], other: str, name: str, what: str) -> BenchResult:
    """The one result among ``candidates`` that can be the metric ``name``: those comparable
    with ``other`` (the number it is set against, when there is one), then those that have the
    statistic the name names. BenchError when none or several are left; ``what`` says what is
    being filled ("--metric 'p95 response time'")."""
    if len(candidates) == 1:
        return candidates[0]
    alike = candidates
    against = m.parse_quantity(other)
    if against is not None:
        alike = [r for r in alike if (q := quantity_of(r)) is not None and comparable(q, against)]
        if not alike:
            names = ", ".join(r.name for r in candidates[:6])
            raise BenchError(
                f"{what}: none of the benchmarks ({names}) is a {against.dimension.value} "
                f"like '{other}'; they cannot be compared"
            )
    narrowed = alike
    wanted = named_stat(name)
    if wanted and len(narrowed) > 1:
        narrowed = [r for r in narrowed if wanted in r.stats]
    if len(narrowed) == 1:
        return narrowed[0]
    left = narrowed or alike
    names = ", ".join(r.name for r in left[:6])
    raise BenchError(
        f"{what}: {len(left)} benchmarks could fill it ({names}); choose one with --select"
    )


def stat_for(
    result: BenchResult,
    explicit: str,
    row_name: str,
    primary: str,
    notes: list[str],
    what: str = "",
) -> str:
    """The statistic written for ``result``: ``--stat``, else the one the row (or metric) named
    ``row_name`` names, else the primary metric's (``primary``) when the result has it, else
    its centre (with a note). ``what`` names the row in messages (default: "the row 'NAME'")."""
    if explicit:
        if explicit not in result.stats:
            raise BenchError(f"{result.name}: has no {explicit} (it has {have(result)})")
        return explicit
    named = named_stat(row_name)
    if named:
        if named not in result.stats:
            raise BenchError(
                f"{what or f'the row {row_name!r}'} is a {named}, but {result.name} has only "
                f"{have(result)}; give --stat"
            )
        return named
    if primary and primary in result.stats:
        return primary
    chosen = default_stat(result)
    if primary:
        notes.append(
            f"{result.name}: no {primary} (the primary metric's) in "
            f"{PurePath(result.source).name}; wrote its {chosen}"
        )
    return chosen


def qualified(result: BenchResult, stat: str, row_name: str) -> str:
    """The value as a comparison cell (or a session's After) writes it: the statistic named
    after it unless it is the tool's centre or the one the row's name already says."""
    text = display_quantity(result.stats[stat], result.unit)
    if stat in _UNQUALIFIED or named_stat(row_name) == stat:
        return text
    return f"{text} ({stat})"


def plain(result: BenchResult, stat: str) -> str:
    """The value with its statistic named unless it is the tool's centre (Current Value)."""
    return qualified(result, stat, "")
