"""wrk and wrk2 text output: the ``Latency`` line of ``Thread Stats`` (avg, stdev, max), the
``Latency Distribution`` (``--latency``; wrk2's HdrHistogram lines), the request count and
``Requests/sec``. Latency is the headline; requests per second is a result of its own."""

from __future__ import annotations

import re

from ..model import BenchResult, stat_key
from .base import NO, SURE, Format, Input, ShapeError

_TIME = r"(\d+(?:\.\d+)?)(us|ms|s|m|h)"
_LATENCY = re.compile(rf"^\s*Latency\s+{_TIME}\s+{_TIME}\s+{_TIME}", re.M)
_PERCENTILE = re.compile(rf"^\s+(\d+(?:\.\d+)?)%\s+{_TIME}\s*$", re.M)
_REQUESTS = re.compile(r"^\s*(\d+) requests in ([^,]+),", re.M)
_RPS = re.compile(r"^Requests/sec:\s+(\d+(?:\.\d+)?)", re.M)
_TRANSFER = re.compile(r"^Transfer/sec:\s+(\d+(?:\.\d+)?)([KMGT]?B)", re.M)
_TO_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
_BYTES = {"B": 1.0, "KB": 1024.0, "MB": 1024.0**2, "GB": 1024.0**3, "TB": 1024.0**4}


def sniff(doc: Input) -> int:
    if doc.is_json:
        return NO
    text = doc.text
    # plain substrings before the regular expression, and first a single character (a memchr):
    # scanning a module's `go test` output for words cost more than reading its lines. Thread
    # Stats always has its "+/- Stdev" percentages.
    markers = "%" in text and "Requests/sec:" in text
    markers = markers and ("Thread Stats" in text or "Running" in text)
    return SURE if markers and _RPS.search(text) else NO


def _ms(value: str, unit: str) -> float:
    return float(value) * _TO_MS[unit]


def parse(doc: Input) -> list[BenchResult]:
    text = doc.text
    latency = _LATENCY.search(text)
    rps = _RPS.search(text)
    if latency is None or rps is None:
        raise ShapeError("no Latency line or no Requests/sec")
    stats = {
        "mean": _ms(latency[1], latency[2]),
        "stddev": _ms(latency[3], latency[4]),
        "max": _ms(latency[5], latency[6]),
    }
    detailed = text.find("Detailed Percentile spectrum")
    for found in _PERCENTILE.finditer(text, 0, detailed if detailed >= 0 else len(text)):
        stat = stat_key(found[1])
        if stat:
            stats.setdefault(stat, _ms(found[2], found[3]))
    count = _REQUESTS.search(text)
    runs = int(count[1]) if count else None
    results = [
        BenchResult("latency", stats, "ms", runs, doc.source),
        BenchResult("requests/sec", {"rate": float(rps[1])}, "req/s", runs, doc.source),
    ]
    transfer = _TRANSFER.search(text)
    if transfer:
        rate = float(transfer[1]) * _BYTES[transfer[2]] / 1e6
        results.append(
            BenchResult("requests/sec", {"rate": rate}, "MB/s", runs, doc.source, "MB/s")
        )
    return results


def label(doc: Input) -> str:
    return "wrk2" if "HdrHistogram" in doc.text else "wrk"


FORMAT = Format("wrk", "wrk", "load generators", sniff, parse)
