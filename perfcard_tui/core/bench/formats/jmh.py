"""JMH ``-rf json``: a list of runs, each with ``primaryMetric`` (``score``, ``scoreError``,
``scorePercentiles``, ``scoreUnit`` such as ``ops/s``, ``ops/ms``, ``us/op``) and
``secondaryMetrics`` (``·gc.alloc.rate.norm`` in ``B/op`` with ``-prof gc``)."""

from __future__ import annotations

from typing import Any

from ..model import BenchResult, format_number, stat_key, time_unit
from .base import NO, SURE, Format, Input, ShapeError, number

_RATES = {
    "ops/s": 1.0,
    "ops/ms": 1e3,
    "ops/us": 1e6,
    "ops/µs": 1e6,
    "ops/ns": 1e9,
    "ops/min": 1 / 60,
}


def sniff(doc: Input) -> int:
    data = doc.data
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        return NO
    first = data[0]
    return SURE if "primaryMetric" in first and "benchmark" in first else NO


def _unit(unit: str) -> tuple[str, float]:
    if unit in _RATES:
        return "ops/s", _RATES[unit]
    if time_unit(unit):
        return time_unit(unit), 1.0
    return unit, 1.0


def _name(run: dict[str, Any]) -> str:
    name = ".".join(str(run["benchmark"]).split(".")[-2:])
    params = run.get("params")
    if isinstance(params, dict) and params:
        name += "(" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")"
    return name


def _result(name: str, metric: dict[str, Any], source: str, measure: str, mode: str) -> BenchResult:
    unit, factor = _unit(str(metric.get("scoreUnit", "")))
    stats = {"mean": number(metric.get("score"), f"{name}: score") * factor}
    percentiles = metric.get("scorePercentiles")
    if isinstance(percentiles, dict):
        for key, value in percentiles.items():
            stat = stat_key(str(key))
            if stat:
                stats[stat] = number(value, f"{name}: {key}") * factor
    raw = metric.get("rawData")
    runs = sum(len(fork) for fork in raw if isinstance(fork, list)) if isinstance(raw, list) else 0
    error = metric.get("scoreError")
    spread = ""
    if isinstance(error, int | float) and error == error and mode != "ss":
        spread = f"± {format_number(float(error) * factor)} (99.9% CI)"
    return BenchResult(name, stats, unit, runs or None, source, measure, spread)


def parse(doc: Input) -> list[BenchResult]:
    results = []
    for n, run in enumerate(doc.data, start=1):
        if not isinstance(run, dict) or not isinstance(run.get("primaryMetric"), dict):
            raise ShapeError(f"run {n} has no primaryMetric")
        name = _name(run)
        mode = str(run.get("mode", ""))
        results.append(_result(name, run["primaryMetric"], doc.source, "", mode))
        secondary = run.get("secondaryMetrics")
        if isinstance(secondary, dict):
            for key, metric in secondary.items():
                if isinstance(metric, dict) and "score" in metric:
                    label = str(key).lstrip("·")
                    results.append(_result(name, metric, doc.source, label, mode))
    return results


FORMAT = Format("jmh", "JMH", "JSON tools", sniff, parse)
