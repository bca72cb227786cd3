"""benchstat before v2 (``golang.org/x/perf/benchstat``, until 2023): its text tables.

    name                  old time/op    new time/op    delta
    EncodePage/size=50-8     121µs ± 1%    62.3µs ± 2%  -48.34%  (p=0.002 n=6+6)
    DecodePage-8            57.7µs ± 0%    57.9µs ± 1%     ~     (p=0.394 n=6+6)

One table per unit, named as benchstat names it: ``time/op`` (ns/op), ``alloc/op`` (B/op),
``speed`` (MB/s), any other unit under its own name (``allocs/op``). A value is the mean of the
runs left after benchstat dropped the outliers, scaled for reading (``121µs``, ``48.7kB``,
``3.08GB/s``, ``19.8k``), and ``± 7%`` is how far the lowest or highest run lies from it; a
zero is written bare (``0.00``). Comparing two files the columns are ``old`` and ``new``, then
the delta (``~`` when not significant) and ``(p=0.002 n=6+6)``, the runs of each; a single file
gives one column. ``[Geo mean]`` rows are not benchmarks. (Three or more files give a
``name \\ time/op`` table, not read here.)
"""

from __future__ import annotations

import re

from ... import metrics as m
from ..model import BenchResult, si_number
from .base import Input, ShapeError
from .go_text import display_name

HEADER = re.compile(
    r"^[ \t]*name[ \t]+(?:old[ \t]+(\S+)[ \t]+new[ \t]+\S+[ \t]+delta|(\S+/\S+|speed))[ \t]*$",
    re.M,
)
"""A table's first line: ``name old M new M delta`` (two files) or ``name M`` (one)."""
_CELL = re.compile(r"(?<!\S)(\d[\d.]*(?:[eE][-+]?\d+)?)([^\s±\d][^\s±]*)?(?:[ \t]*±[ \t]*(\d+%))?")
"""A value and its spread: ``121µs ± 1%``, ``41.0kB ±14%``, ``0.00``. A delta (``-48.34%``)
always has a sign, so it is never taken for one."""
_RUNS = re.compile(r"\bn=(\d+)(?:\+(\d+))?")
_DIMENSIONS = {
    # benchstat's metric: the dimension its values have, the card's unit, the card unit's size
    "time/op": (m.Dimension.TIME, "s", 1.0),
    "alloc/op": (m.Dimension.SIZE, "B/op", 1.0),
    "speed": (m.Dimension.RATE, "MB/s", 1e6),  # parse_quantity gives bytes per second
}


def _value(metric: str, number: str, suffix: str, where: str) -> tuple[float, str]:
    """(value, card unit) of one cell of a table of ``metric``."""
    if metric in _DIMENSIONS:
        dimension, unit, per_unit = _DIMENSIONS[metric]
        quantity = m.parse_quantity(number + suffix)
        if quantity is None or quantity.dimension is not dimension:
            raise ShapeError(f"{where}: {number}{suffix!s} is not a {metric} value")
        return quantity.value / per_unit, unit
    value = si_number(number + suffix)  # allocs/op and the like: "435", "19.8k"
    if value is None:
        raise ShapeError(f"{where}: {number}{suffix} is not a number")
    return value, metric


def parse(doc: Input) -> list[BenchResult]:
    results: list[BenchResult] = []
    metric = ""
    columns: tuple[str, ...] = ()
    for line in doc.text.splitlines():
        header = HEADER.match(line)
        if header:
            metric = header[1] or header[2]
            columns = ("old", "new") if header[1] else ("",)
            continue
        words = line.split(None, 1)
        if not metric or len(words) < 2 or words[0].startswith("["):
            continue  # a blank line between tables, [Geo mean]
        name, rest = words
        cells = _CELL.findall(rest)[: len(columns)]
        if len(cells) < len(columns):
            continue  # not a row of this table
        runs = _RUNS.search(rest)
        for n, ((number, suffix, spread), column) in enumerate(zip(cells, columns, strict=True)):
            value, unit = _value(metric, number, suffix, name)
            results.append(
                BenchResult(
                    display_name(name),
                    {"mean": value},
                    unit,
                    int(runs[n + 1]) if runs and runs[n + 1] else None,
                    doc.source,
                    "" if unit == "s" else unit,
                    f"± {spread}" if spread and spread != "0%" else "",
                    column,
                )
            )
    return results
