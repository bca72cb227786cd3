"""``go test -bench`` text: one line per run, ``BenchmarkName-8  N  value unit  value unit...``.

``-count`` repeats a benchmark: its lines are one result with the statistics of the runs.
``-benchmem`` adds ``B/op`` and ``allocs/op``; ``b.SetBytes`` adds ``MB/s``; ``b.ReportMetric``
adds any ``unit``. ``ns/op`` is the headline; the others are shown beside it. Names are written
as benchstat writes them: without ``Benchmark`` and the ``-GOMAXPROCS`` suffix.
"""

from __future__ import annotations

import re

from ..model import BenchResult, time_unit
from .base import NO, SURE, Format, Input, ShapeError, sample_stats

LINE = re.compile(r"^(Benchmark[^\s]*)\s+(\d+)((?:\s+[-+]?\d[\d.eE+-]*\s+\S+)+)\s*$", re.M)
_PAIR = re.compile(r"([-+]?\d[\d.eE+-]*)\s+(\S+)")
_PROCS = re.compile(r"-\d+$")


def display_name(name: str) -> str:
    """ "BenchmarkEncode/json-8" -> "Encode/json" (benchstat's spelling)."""
    short = _PROCS.sub("", name)
    return short.removeprefix("Benchmark") or short


def sniff(doc: Input) -> int:
    return SURE if not doc.is_json and LINE.search(doc.text) else NO


def parse(doc: Input) -> list[BenchResult]:
    samples: dict[str, dict[str, list[float]]] = {}
    for found in LINE.finditer(doc.text):
        name = display_name(found[1])
        units = samples.setdefault(name, {})
        for value, unit in _PAIR.findall(found[3]):
            try:
                units.setdefault(unit, []).append(float(value))
            except ValueError:
                raise ShapeError(f"{found[1]}: {value!r} is not a number") from None
    results = []
    for name, units in samples.items():
        headline = "ns/op" if "ns/op" in units else next(iter(units))
        for unit, values in units.items():
            shown = time_unit(unit) or unit
            stats = sample_stats(values, percentiles=False)
            measure = "" if unit == headline else unit
            results.append(BenchResult(name, stats, shown, len(values), doc.source, measure))
    return results


FORMAT = Format("go", "go test -bench", "Go", sniff, parse)
