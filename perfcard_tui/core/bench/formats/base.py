"""What every format module provides: a sniff (could this file be mine?) and a parse."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import BenchResult


@dataclass(frozen=True, slots=True)
class Input:
    """A benchmark file as read: its text, and its JSON when it is JSON (parsed once)."""

    source: str
    """The path as given."""
    text: str
    data: Any = None
    is_json: bool = False


NO, MAYBE, SURE = 0, 1, 2
"""How well a file fits a format: not at all, as a fallback, by its own markers."""


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    """As ``--format`` takes it."""
    label: str
    """As the card and the messages say it."""
    family: str
    sniff: Callable[[Input], int]
    parse: Callable[[Input], list[BenchResult]]


class ShapeError(ValueError):
    """The file fits the format's markers but lacks what a result needs."""


def number(value: object, what: str) -> float:
    """A JSON number, finite; ShapeError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ShapeError(f"{what} is not a number ({value!r:.40})")
    return float(value)


def sample_stats(samples: Sequence[float], *, percentiles: bool = True) -> dict[str, float]:
    """mean, median, min, max, stddev and (``percentiles``) p90, p95, p99 of raw samples.

    Percentiles only mean something over single measurements (hyperfine's runs, a round of
    pytest-benchmark); over repetitions that are each an average (``go test -count``, Google
    Benchmark's repetitions) they would pass off the spread of averages as a latency tail."""
    if not samples:
        return {}
    ordered = sorted(samples)
    n = len(ordered)
    mean = math.fsum(ordered) / n
    stats = {"mean": mean, "min": ordered[0], "max": ordered[-1]}
    if n > 1:
        stats["median"] = percentile(ordered, 50)
        stats["stddev"] = math.sqrt(math.fsum((x - mean) ** 2 for x in ordered) / (n - 1))
        for p in (90, 95, 99) if percentiles else ():
            stats[f"p{p}"] = percentile(ordered, p)
    return stats


def percentile(ordered: Sequence[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default) over sorted samples."""
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
