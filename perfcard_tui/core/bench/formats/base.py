"""What every format module provides: a sniff (could this file be mine?) and a parse."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
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
    wants: Callable[[str], bool] | None = None
    """``--select``, when given: a format may skip the benchmarks whose name it refuses before
    reading their numbers (``detect`` drops them in any case)."""


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


def numbers(values: list[Any], what: str) -> list[float]:
    """A JSON array of finite numbers, as it is; ShapeError at the first that is not one.

    Checked in bulk, in C loops (the types present, then one sum that a nan or an inf would
    spoil): a pytest-benchmark file of 10 MB holds 300,000 samples, and a call per sample cost
    more than reading the JSON. Only an array that fails is looked at one value at a time."""
    if set(map(type, values)) <= {float, int} and math.isfinite(sum(values)):
        return values
    return [number(x, what) for x in values]


PERCENTILES = (90, 95, 99)
"""The tail percentiles computed from raw samples."""


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
        # map, not a generator: the loop stays in C (a 10 MB file holds 300,000 samples)
        deviations = list(map(operator.sub, ordered, repeat(mean, n)))
        stats["stddev"] = math.sqrt(math.fsum(map(operator.mul, deviations, deviations)) / (n - 1))
        for p in PERCENTILES if percentiles else ():
            stats[f"p{p}"] = percentile(ordered, p)
    return stats


class SampleStats(Mapping[str, float]):
    """``sample_stats(samples)``, worked out the first time it is read.

    A module-wide ``go test -bench`` run holds thousands of results and an import writes the
    few it selects: computing every result's statistics up front cost more than reading the
    file."""

    __slots__ = ("_percentiles", "_samples", "_stats")

    def __init__(self, samples: Sequence[float], *, percentiles: bool = True) -> None:
        self._samples = samples
        self._percentiles = percentiles
        self._stats: dict[str, float] | None = None

    def _computed(self) -> dict[str, float]:
        if self._stats is None:
            self._stats = sample_stats(self._samples, percentiles=self._percentiles)
        return self._stats

    def __getitem__(self, key: str) -> float:
        return self._computed()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._computed())

    def __len__(self) -> int:
        return len(self._computed())

    def __repr__(self) -> str:
        return repr(self._computed())


def percentile(ordered: Sequence[float], p: float, total: int | None = None) -> float:
    """Linear interpolation between closest ranks (numpy's default) over sorted samples.

    ``ordered`` may be only the top of the sorted samples, ``total`` of them in all, when the
    rank asked for falls inside it (``tail_percentiles``)."""
    n = len(ordered) if total is None else total
    skipped = n - len(ordered)
    if n == 1:
        return ordered[0]
    rank = (n - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, n - 1)
    return ordered[low - skipped] + (ordered[high - skipped] - ordered[low - skipped]) * (
        rank - low
    )


_SORT_ALL_BELOW = 1000
_PROBE_STEP = 16


def tail_percentiles(samples: Sequence[float]) -> dict[str, float]:
    """p90, p95 and p99 of raw samples (finite numbers), as ``sample_stats`` gives them.

    Only the top of the samples is sorted: a threshold a few points below p90 is read off every
    16th sample, and the samples at or above it are exactly the top of the sorted list (ties
    included). Sorting 300,000 samples took longer than reading the JSON that held them; the
    rare sample whose probe misses the tail is sorted whole."""
    n = len(samples)
    lowest = math.floor((n - 1) * PERCENTILES[0] / 100)  # the first rank p90 reads
    ordered: Sequence[float] | None = None
    if n >= _SORT_ALL_BELOW:
        probe = sorted(samples[::_PROBE_STEP])
        # a float: int.__le__ would answer NotImplemented (truthy) for a float sample
        threshold = float(probe[math.floor(len(probe) * (PERCENTILES[0] - 5) / 100)])
        top = sorted(filter(threshold.__le__, samples))  # a C loop: every x >= threshold
        if len(top) >= n - lowest:
            ordered = top
    if ordered is None:
        ordered = sorted(samples)
    return {f"p{p}": percentile(ordered, p, n) for p in PERCENTILES}
