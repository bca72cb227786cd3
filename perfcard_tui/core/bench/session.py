"""A session's After from a benchmark file (``log --after-from``): the result that is the
card's primary metric, chosen and written as ``bench import`` chooses and writes it.

Pure, like the rest of the core: the command line reads the file and the card, this picks the
value, and ``log`` computes the Improvement from it as from an ``--after`` typed by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import metrics as m
from ..model import Card
from ..names import normalise
from ..sessions import primary_metric_name
from .choose import (
    comparable,
    explicit_stat,
    have,
    headlines,
    named_stat,
    pick,
    qualified,
    selected,
    stat_for,
)
from .model import BenchError, BenchResult, ResultSet

__all__ = ["SessionAfter", "session_after"]


@dataclass(frozen=True, slots=True)
class SessionAfter:
    text: str
    """As the entry writes it: "240.1ms", "433.2ms (p95)"."""
    result: BenchResult
    stat: str
    notes: tuple[str, ...]
    """Said to the person: detection's choices, a statistic the file lacked."""


def _related(name: str, metric: str) -> bool:
    """A benchmark named like the primary metric, the test ``bench import`` uses to fill
    Current Value from the row it wrote."""
    a, b = normalise(name), normalise(metric)
    return bool(a and b) and (a in b or b in a)


def _match(candidates: list[BenchResult], metric: str, before: str) -> BenchResult:
    if len(candidates) == 1:
        return candidates[0]
    named = [r for r in candidates if _related(r.name, metric)]
    if len(named) == 1:
        return named[0]
    what = f"the primary metric '{metric}'" if metric else "the session's After"
    return pick(named or candidates, before, metric, what)


def session_after(
    card: Card,
    sets: Sequence[ResultSet],
    *,
    stat: str | None = None,
    select: str | None = None,
    before: str = "",
) -> SessionAfter:
    """The After a session gets from ``sets``: the one result that can be the card's primary
    metric (the only one; else the one named like it; else the one comparable with
    ``before``, the session's Before, and having the statistic the metric names), in the
    statistic ``bench import`` would write. BenchError when no result or several could be it,
    or when it cannot be compared with ``before``."""
    explicit = explicit_stat(stat)
    metric = primary_metric_name(card)
    results = headlines(selected(sets, "after", select))
    candidates = [r for r in results if not explicit or explicit in r.stats]
    if not candidates:
        listed = "; ".join(f"{r.name}: {have(r)}" for r in results[:4])
        raise BenchError(f"--stat {stat}: no benchmark has it ({listed})")
    result = _match(candidates, metric, before)
    notes = [s.note for s in sets if s.note]
    what = f"the primary metric '{metric}'"
    chosen = stat_for(result, explicit, metric, named_stat(metric), notes, what)
    text = qualified(result, chosen, metric)
    after, against = m.parse_quantity(text), m.parse_quantity(before)
    if after is not None and against is not None and not comparable(after, against):
        raise BenchError(
            f"{result.name}: After '{text}' is a {after.dimension.value} and Before "
            f"'{before}' a {against.dimension.value}; they cannot be compared"
        )
    return SessionAfter(text, result, chosen, tuple(notes))
