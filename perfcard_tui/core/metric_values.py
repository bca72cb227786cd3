"""What a metric field may hold: a measurement that could be real, an improvement that says how
much.

The metric fields are the ones the rules and ``log`` compute with: the Primary Metric's Current
Value, Target Value and Improvement Goal, the Performance Comparison's Before, After and
Improvement columns, and a session's Before, After and Improvement. Their text is free ("420ms
(p95)", "57% faster (2.3x)"), but the number in it must be one a measurement can give:

* finite, and not negative for a time, a size or a rate (a percentage or a count may be);
* at most 10^12 as written, in its own unit ("1e12 ns" is fine, a 26-digit number is a typo);
* an improvement states a percentage or a factor ("57% faster", "2.3x") of at most 1,000,000.

While a person is still typing (the editor sends every keystroke) an unfinished value is not
refused for being unreadable ("4" on the way to "42.9% less time"): only for what no further
typing could mend, a minus sign or a number already too large. A finished value (``set``, ``log``)
must also be readable. Empty values and template placeholders are always let through: they say
nothing yet, and ``check`` reports them.
"""

from __future__ import annotations

import math
from enum import StrEnum

from . import metrics as m
from .names import normalise
from .template import is_placeholder

MOST_NUMBER = 1e12
"""The largest number a measurement may state, in its own unit."""

_NOT_NEGATIVE = {
    m.Dimension.TIME: "a time",
    m.Dimension.SIZE: "a size",
    m.Dimension.RATE: "a rate",
}
_EXAMPLES = "(e.g. 420ms, 2.1 GB, 900 req/s, 35%)"


class MetricKind(StrEnum):
    MEASUREMENT = "measurement"  # Current Value, Target Value, Before, After
    IMPROVEMENT = "improvement"  # Improvement Goal, Improvement


_FIELDS: dict[tuple[str, str], MetricKind] = {
    ("primary metric", "current value"): MetricKind.MEASUREMENT,
    ("primary metric", "target value"): MetricKind.MEASUREMENT,
    ("primary metric", "improvement goal"): MetricKind.IMPROVEMENT,
    ("performance comparison", "before"): MetricKind.MEASUREMENT,
    ("performance comparison", "after"): MetricKind.MEASUREMENT,
    ("performance comparison", "improvement"): MetricKind.IMPROVEMENT,
    ("progress notes", "before"): MetricKind.MEASUREMENT,
    ("progress notes", "after"): MetricKind.MEASUREMENT,
    ("progress notes", "improvement"): MetricKind.IMPROVEMENT,
}


def metric_kind(section_title: str, label: str) -> MetricKind | None:
    """Which metric a field holds, by its section's title and its own label (a cell's label is
    its column header); None for every other field."""
    return _FIELDS.get((normalise(section_title), normalise(label)))


def _says_nothing_yet(text: str) -> bool:
    return not text.strip() or is_placeholder(text)


def measurement_problem(text: str, *, finished: bool = True) -> str | None:
    """Why ``text`` cannot be a measurement, or None when it can."""
    if _says_nothing_yet(text):
        return None
    quantity = m.parse_quantity(text)
    if quantity is None:
        return f"has no number with a unit we understand {_EXAMPLES}" if finished else None
    number = quantity.number
    if not math.isfinite(number) or abs(number) > MOST_NUMBER:
        return (
            f"{_short(text)} is beyond any measurement (at most 10^12 {quantity.unit or 'units'})"
        )
    if number < 0 and quantity.dimension in _NOT_NEGATIVE:
        return f"{_NOT_NEGATIVE[quantity.dimension]} cannot be negative ({_short(text)})"
    return None


def improvement_problem(text: str, *, finished: bool = True) -> str | None:
    """Why ``text`` cannot state an improvement, or None when it can."""
    if _says_nothing_yet(text):
        return None
    percent, factor = m.parse_stated_improvement(text)
    if percent is None and factor is None:
        if not finished:
            return None
        return (
            f"{_short(text)} states no improvement: give a percentage or a factor "
            "(57% faster, 2.3x)"
        )
    if percent is not None and not (math.isfinite(percent) and percent <= m.MOST_PERCENT):
        return f"{_short(text)} is beyond any improvement (at most {m.MOST_PERCENT:,.0f}%)"
    if factor is not None and not (math.isfinite(factor) and factor <= m.MOST_FACTOR):
        return f"{_short(text)} is beyond any improvement (at most {m.MOST_FACTOR:,.0f}x)"
    return None


def metric_problem(kind: MetricKind, text: str, *, finished: bool = True) -> str | None:
    if kind is MetricKind.MEASUREMENT:
        return measurement_problem(text, finished=finished)
    return improvement_problem(text, finished=finished)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return f"'{text[: limit - 1]}…'" if len(text) > limit else f"'{text}'"
