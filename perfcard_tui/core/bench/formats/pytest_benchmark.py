"""pytest-benchmark ``--benchmark-json``: seconds; ``stats`` per benchmark, raw ``data`` when
``--benchmark-save-data`` kept it (the percentiles are then computed from it)."""

from __future__ import annotations

from typing import Any

from ..model import BenchResult
from .base import (
    MAYBE,
    NO,
    SURE,
    Format,
    Input,
    ShapeError,
    number,
    numbers,
    tail_percentiles,
)

_STATS = ("min", "max", "mean", "stddev", "median", "iqr")


def sniff(doc: Input) -> int:
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
        return NO
    first = data["benchmarks"][0] if data["benchmarks"] else {}
    if isinstance(first, dict) and isinstance(first.get("stats"), dict):
        return SURE
    return MAYBE if "machine_info" in data and "context" not in data else NO


def parse(doc: Input) -> list[BenchResult]:
    benchmarks: list[Any] = doc.data["benchmarks"]
    names = [str(b.get("name", "")) for b in benchmarks if isinstance(b, dict)]
    results = []
    for n, bench in enumerate(benchmarks, start=1):
        if not isinstance(bench, dict) or not isinstance(bench.get("stats"), dict):
            raise ShapeError(f"benchmark {n} has no stats")
        raw = bench["stats"]
        name = str(bench.get("name") or bench.get("fullname") or f"benchmark {n}")
        if names.count(name) > 1 and bench.get("fullname"):
            name = str(bench["fullname"])
        if doc.wants is not None and not doc.wants(name):
            continue  # --select: its samples are not read
        stats = {k: number(raw[k], f"{name}: {k}") for k in _STATS if raw.get(k) is not None}
        data = raw.get("data")
        if isinstance(data, list) and len(data) > 1:  # the rest of the statistics are given
            stats.update(tail_percentiles(numbers(data, f"{name}: data")))
        if "mean" not in stats:
            raise ShapeError(f"{name} has no mean")
        rounds = raw.get("rounds")
        runs = int(rounds) if isinstance(rounds, int) else None
        results.append(BenchResult(name, stats, "s", runs, doc.source))
    return results


FORMAT = Format("pytest-benchmark", "pytest-benchmark", "JSON tools", sniff, parse)
