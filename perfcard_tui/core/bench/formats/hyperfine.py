"""hyperfine ``--export-json``: seconds; one result per command, with every run's time."""

from __future__ import annotations

from ..model import BenchResult
from .base import NO, SURE, Format, Input, ShapeError, number, sample_stats

_STATS = ("mean", "stddev", "median", "min", "max")


def sniff(doc: Input) -> int:
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        return NO
    first = data["results"][0] if data["results"] else {}
    return SURE if isinstance(first, dict) and "command" in first and "mean" in first else NO


def parse(doc: Input) -> list[BenchResult]:
    results = []
    for n, run in enumerate(doc.data["results"], start=1):
        if not isinstance(run, dict) or "command" not in run:
            raise ShapeError(f"result {n} has no command")
        name = str(run["command"])
        stats = {k: number(run[k], f"{name}: {k}") for k in _STATS if run.get(k) is not None}
        times = run.get("times")
        runs = None
        if isinstance(times, list) and times:
            runs = len(times)
            computed = sample_stats([number(t, f"{name}: times") for t in times])
            stats.update({k: v for k, v in computed.items() if k.startswith("p")})
        if "mean" not in stats:
            raise ShapeError(f"{name} has no mean")
        results.append(BenchResult(name, stats, "s", runs, doc.source))
    return results


FORMAT = Format("hyperfine", "hyperfine", "JSON tools", sniff, parse)
