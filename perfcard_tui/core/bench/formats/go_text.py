"""``go test -bench`` text: one line per run, ``BenchmarkName-8  N  value unit  value unit...``.

``-count`` repeats a benchmark: its lines are one result with the statistics of the runs.
``-benchmem`` adds ``B/op`` and ``allocs/op``; ``b.SetBytes`` adds ``MB/s``; ``b.ReportMetric``
adds any ``unit``. ``ns/op`` is the headline; the others are shown beside it. Names are written
as benchstat writes them: without ``Benchmark`` and the ``-GOMAXPROCS`` suffix.

A module-wide run is thousands of lines: with ``--select`` only the benchmarks asked for are
read past their names, and the common shape is read in bulk: the lines that
start with ``Benchmark`` are split into words, the runs of one benchmark are transposed into
columns, and each column is converted at once (the loops run in C). A benchmark whose lines do
not all have the same units in the same order, or hold a value that is not a finite number, is
read line by line.
"""

from __future__ import annotations

import math
import re
from itertools import compress, groupby, repeat
from operator import itemgetter

from ..model import BenchResult, time_unit
from .base import NO, SURE, Format, Input, SampleStats, ShapeError

LINE = re.compile(r"^(Benchmark[^\s]*)\s+(\d+)((?:\s+[-+]?\d[\d.eE+-]*\s+\S+)+)\s*$", re.M)
"""A result line: the name, the iteration count, then value-unit pairs."""
_NUMBER = re.compile(r"[-+]?\d[\d.eE+-]*")


def display_name(name: str) -> str:
    """ "BenchmarkEncode/json-8" -> "Encode/json" (benchstat's spelling)."""
    head, dash, procs = name.rpartition("-")  # not a regular expression: once per benchmark
    short = head if dash and procs.isdecimal() else name
    return short.removeprefix("Benchmark") or short


def sniff(doc: Input) -> int:
    return SURE if not doc.is_json and LINE.search(doc.text) else NO


def _columns(rows: list[list[str]]) -> dict[str, list[float]] | None:
    """unit -> its values over the runs, when every row (a line's words after the name) is
    ``N value unit...`` with the same units in the same order and finite numbers; None
    otherwise (the caller reads the rows one by one)."""
    width = len(rows[0])
    if width < 3 or not width % 2 or len(set(map(len, rows))) != 1:
        return None
    columns = list(zip(*rows, strict=True))
    if not all(map(str.isdecimal, columns[0])):  # the iteration count
        return None
    units = [column[0] for column in columns[2::2]]
    if len(set(units)) != len(units) or any(
        column.count(unit) != len(column) for unit, column in zip(units, columns[2::2], strict=True)
    ):
        return None
    out: dict[str, list[float]] = {}
    for unit, column in zip(units, columns[1::2], strict=True):
        try:
            values = list(map(float, column))
        except ValueError:
            return None
        if not math.isfinite(sum(values)):  # an inf or a nan among them (fsum is slower)
            return None
        out[unit] = values
    return out


def _row_by_row(name: str, rows: list[list[str]], units: dict[str, list[float]]) -> None:
    """The runs of one benchmark, each on its own: a line that is not ``N`` and value-unit
    pairs after the name is not a result line (skipped); a value shaped like a number that is
    not one is an error."""
    for row in rows:
        values = row[1::2]
        if len(row) < 3 or not len(row) % 2 or not row[0].isdecimal():
            continue
        if not all(map(_NUMBER.fullmatch, values)):
            continue
        for value, unit in zip(values, row[2::2], strict=True):
            try:
                units.setdefault(unit, []).append(float(value))
            except ValueError:
                raise ShapeError(f"{name}: {value!r} is not a number") from None


def parse(doc: Input) -> list[BenchResult]:
    every = doc.text.split("\n")  # a CRLF line keeps its "\r": split() takes it as a space
    lines = compress(every, map(str.startswith, every, repeat("Benchmark")))
    samples: dict[str, dict[str, list[float]]] = {}
    # go writes the name padded, then a tab: the lines are grouped by what comes before the tab,
    # in C loops (the runs of a benchmark are consecutive: -count repeats one before the next).
    # A line without the tab (output whose tabs became spaces) is a group of its own.
    for head, group in groupby(map(str.partition, lines, repeat("\t")), key=itemgetter(0)):
        raw_name = head.split(None, 1)[0]
        name = display_name(raw_name)
        if doc.wants is not None and not doc.wants(name):
            continue  # --select: the module's other benchmarks are not read past their name
        rows = [f"{before} {after}".split()[1:] for before, _, after in group]
        units = samples.setdefault(name, {})
        columns = _columns(rows)
        if columns is None:
            _row_by_row(raw_name, rows, units)
            continue
        for unit, values in columns.items():
            units.setdefault(unit, []).extend(values)
    shown = {
        unit: time_unit(unit) or unit for unit in {u for units in samples.values() for u in units}
    }
    results = []
    for name, units in samples.items():
        if not units:
            continue  # only lines that were not results ("BenchmarkX" alone, under -v)
        headline = "ns/op" if "ns/op" in units else next(iter(units))
        for unit, values in units.items():
            # the statistics are worked out when read: an import writes a few of thousands
            stats = SampleStats(values, percentiles=False)
            measure = "" if unit == headline else unit
            results.append(BenchResult(name, stats, shown[unit], len(values), doc.source, measure))
    return results


FORMAT = Format("go", "go test -bench", "Go", sniff, parse)
