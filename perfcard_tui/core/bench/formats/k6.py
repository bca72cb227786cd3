"""k6's end-of-test summary as JSON, in both shapes:

* ``k6 run --summary-export=FILE``: ``{"metrics": {"http_req_duration": {"avg": .., "p(95)": ..,
  "thresholds": {..}}, "http_reqs": {"count": .., "rate": ..}, "checks": {"passes": ..}}}``;
* ``handleSummary(data)`` writing ``JSON.stringify(data)``: each metric is ``{"type": "trend",
  "contains": "time", "values": {..}}``.

Times are milliseconds in both. ``http_req_duration`` (and custom trends) are the headline
results; the other built-in metrics are shown beside them.
"""

from __future__ import annotations

from typing import Any

from ..model import DETAIL, BenchResult, stat_key
from .base import NO, SURE, Format, Input, ShapeError, number

_BUILTIN_TIME = {
    "http_req_duration",
    "http_req_blocked",
    "http_req_connecting",
    "http_req_tls_handshaking",
    "http_req_sending",
    "http_req_waiting",
    "http_req_receiving",
    "iteration_duration",
    "group_duration",
}
_BUILTIN = _BUILTIN_TIME | {
    "http_reqs",
    "http_req_failed",
    "iterations",
    "data_sent",
    "data_received",
    "vus",
    "vus_max",
    "checks",
    "dropped_iterations",
}
_KINDS = {"trend", "counter", "rate", "gauge"}


def _looks_like_metric(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    if value.get("type") in _KINDS and isinstance(value.get("values"), dict):
        return True
    return bool({"avg", "med", "count", "passes", "value"} & set(value))


def sniff(doc: Input) -> int:
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        return NO
    metrics = data["metrics"]
    if metrics and all(_looks_like_metric(v) for v in metrics.values()):
        return SURE
    return NO


def _kind(values: dict[str, Any]) -> str:
    if "avg" in values or "med" in values:
        return "trend"
    if "count" in values and "rate" in values:
        return "counter"
    if "passes" in values or "fails" in values:
        return "rate"
    return "gauge"


def parse(doc: Input) -> list[BenchResult]:
    metrics: dict[str, Any] = doc.data["metrics"]
    requests = metrics.get("http_reqs", {})
    request_count = (requests.get("values", requests) or {}).get("count")
    results = []
    for name, metric in metrics.items():
        if not isinstance(metric, dict):
            raise ShapeError(f"metric {name!r} is not an object")
        values = metric["values"] if isinstance(metric.get("values"), dict) else metric
        values = {k: v for k, v in values.items() if k != "thresholds"}
        kind = str(metric.get("type") or _kind(values))
        base = name.split("{", 1)[0]
        tagged = "{" in name
        custom = base not in _BUILTIN
        if kind == "trend":
            contains = metric.get("contains")
            is_time = contains == "time" or (contains is None and base in _BUILTIN_TIME)
            unit = "ms" if is_time else ("B" if contains == "data" else "")
            stats = {
                stat_key(k): number(v, f"{name}: {k}")
                for k, v in values.items()
                if stat_key(k) and k != "count"
            }
            runs = values.get("count")
            if base == "http_req_duration" and not tagged and isinstance(request_count, int):
                runs = request_count
            headline = (base == "http_req_duration" or custom) and not tagged
            results.append(
                BenchResult(
                    name,
                    stats,
                    unit,
                    int(runs) if isinstance(runs, int | float) else None,
                    doc.source,
                    "" if headline else DETAIL,
                )
            )
        elif kind == "counter":
            data = base.startswith("data_") or metric.get("contains") == "data"
            unit = "req/s" if base == "http_reqs" else ("MB/s" if data else "/s")
            rate = number(values.get("rate"), f"{name}: rate") / (1e6 if data else 1.0)
            count = values.get("count")
            measure = "" if base == "http_reqs" and not tagged else DETAIL
            results.append(
                BenchResult(
                    name,
                    {"rate": rate},
                    unit,
                    int(count) if isinstance(count, int | float) and not data else None,
                    doc.source,
                    measure,
                )
            )
        elif kind == "rate":
            share = values.get("rate", values.get("value"))
            passes, fails = values.get("passes", 0), values.get("fails", 0)
            total = passes + fails if isinstance(passes, int) and isinstance(fails, int) else None
            results.append(
                BenchResult(
                    name,
                    {"rate": number(share, f"{name}: rate") * 100},
                    "%",
                    total,
                    doc.source,
                    "%",
                )
            )
        else:
            stats = {
                k: number(v, f"{name}: {k}")
                for k, v in values.items()
                if k in ("value", "min", "max")
            }
            results.append(BenchResult(name, stats, "", None, doc.source, DETAIL))
    return results


FORMAT = Format("k6", "k6 summary", "load generators", sniff, parse)
