"""Criterion.rs ``estimates.json`` (``target/criterion/<group>/<bench>/new/estimates.json``):
nanoseconds; keys ``mean``, ``median``, ``std_dev``, ``median_abs_dev``, ``slope`` in current
versions, ``Mean``, ``Median``, ``StdDev``, ``MedianAbsDev``, ``Slope`` in old ones. The name is
the ``benchmark.json`` beside it when there is one, else the folders under ``criterion/``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model import BenchResult
from .base import NO, SURE, Format, Input, ShapeError, number

_KEYS = {
    "mean": ("mean", "Mean"),
    "median": ("median", "Median"),
    "stddev": ("std_dev", "StdDev"),
    "slope": ("slope", "Slope"),
}


def _estimate(data: dict[str, Any], stat: str) -> Any:
    for key in _KEYS[stat]:
        if isinstance(data.get(key), dict):
            return data[key]
    return None


def sniff(doc: Input) -> int:
    data = doc.data
    if not isinstance(data, dict):
        return NO
    mean, spread = _estimate(data, "mean"), _estimate(data, "stddev")
    return SURE if mean and spread and "point_estimate" in mean else NO


def _name(source: str) -> str:
    path = Path(source)
    beside = path.parent / "benchmark.json"
    try:
        meta = json.loads(beside.read_text(encoding="utf-8"))
        if isinstance(meta, dict) and isinstance(meta.get("full_id"), str):
            return str(meta["full_id"])
    except (OSError, ValueError):
        pass
    parts = path.parts
    if "criterion" in parts:
        inner = list(parts[parts.index("criterion") + 1 : -1])
        if inner and inner[-1] in ("new", "base", "change"):
            inner.pop()
        if inner:
            return "/".join(inner)
    return path.stem


def parse(doc: Input) -> list[BenchResult]:
    stats = {}
    for stat in _KEYS:
        estimate = _estimate(doc.data, stat)
        if estimate is None:
            continue
        if "point_estimate" not in estimate:
            raise ShapeError(f"{stat} has no point_estimate")
        stats[stat] = number(estimate["point_estimate"], f"{stat}: point_estimate")
    if "mean" not in stats:
        raise ShapeError("no mean estimate")
    stats.pop("slope", None)  # the headline is the mean; slope is a fit, not a statistic here
    return [BenchResult(_name(doc.source), stats, "ns", None, doc.source)]


FORMAT = Format("criterion", "Criterion.rs", "JSON tools", sniff, parse)
