"""Google Benchmark ``--benchmark_out_format=json``: ``real_time`` in each entry's ``time_unit``;
with ``--benchmark_repetitions`` the ``aggregate`` entries (mean, median, stddev) are used, else
the statistics of the repeated ``iteration`` entries."""

from __future__ import annotations

from typing import Any

from ..model import BenchResult, time_unit
from .base import NO, SURE, Format, Input, ShapeError, number, sample_stats

_AGGREGATES = {"mean": "mean", "median": "median", "stddev": "stddev", "min": "min", "max": "max"}
_RATES = (("bytes_per_second", "MB/s", 1e-6), ("items_per_second", "items/s", 1.0))


def sniff(doc: Input) -> int:
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
        return NO
    first = data["benchmarks"][0] if data["benchmarks"] else {}
    timed = isinstance(first, dict) and ("real_time" in first or "time_unit" in first)
    return SURE if timed else NO


def parse(doc: Input) -> list[BenchResult]:
    runs: dict[str, dict[str, Any]] = {}
    for n, entry in enumerate(doc.data["benchmarks"], start=1):
        if not isinstance(entry, dict) or "real_time" not in entry:
            raise ShapeError(f"benchmark {n} has no real_time")
        if entry.get("error_occurred"):
            continue
        name = str(entry.get("run_name") or entry.get("name"))
        unit = time_unit(str(entry.get("time_unit", "ns")))
        if not unit:
            raise ShapeError(f"{name}: unknown time_unit {entry.get('time_unit')!r}")
        slot = runs.setdefault(
            name, {"unit": unit, "samples": [], "aggregates": {}, "rates": {}, "reps": None}
        )
        seconds_per = 1.0 if unit == slot["unit"] else _factor(unit, slot["unit"])
        value = number(entry["real_time"], f"{name}: real_time") * seconds_per
        if entry.get("run_type") == "aggregate":
            kind = _AGGREGATES.get(str(entry.get("aggregate_name", "")))
            if kind:
                slot["aggregates"][kind] = value
            if isinstance(entry.get("repetitions"), int):
                slot["reps"] = entry["repetitions"]
            continue
        slot["samples"].append(value)
        for key, rate_unit, factor in _RATES:
            if key in entry:
                slot["rates"].setdefault(rate_unit, []).append(number(entry[key], key) * factor)
    results = []
    for name, slot in runs.items():
        stats = dict(slot["aggregates"]) or sample_stats(slot["samples"], percentiles=False)
        if not stats:
            continue
        count = slot["reps"] or len(slot["samples"]) or None
        results.append(BenchResult(name, stats, slot["unit"], count, doc.source))
        for rate_unit, values in slot["rates"].items():
            mean = sum(values) / len(values)
            results.append(
                BenchResult(name, {"mean": mean}, rate_unit, len(values), doc.source, rate_unit)
            )
    return results


_SECONDS = {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}


def _factor(unit: str, to: str) -> float:
    return _SECONDS[unit] / _SECONDS[to]


FORMAT = Format("google-benchmark", "Google Benchmark", "JSON tools", sniff, parse)
