"""benchstat's text tables (v2, with ``│`` rules) and its ``-format csv``; the older text
tables (``name old time/op new time/op delta``) are read by :mod:`.benchstat_v1`.

A benchstat table compares files: each column is one of them. ``--as before`` reads the first
column, ``--as after`` the last. The centre benchstat v2 reports is the median; its ``± 2%`` is
the confidence interval, kept as the spread.
"""

from __future__ import annotations

import csv
import io
import re

from ..model import BenchResult, si_number
from . import benchstat_v1
from .base import NO, SURE, Format, Input, ShapeError
from .go_text import display_name

_RULE = "│"
_V2_VALUE = re.compile(r"(\S+)\s*±\s*(\S+)")
_N = re.compile(r"\bn=(\d+)")
_CSV_UNIT_HEADER = re.compile(r"^,[^,]+,CI(?:,|$)", re.M)


def sniff(doc: Input) -> int:
    if doc.is_json:
        return NO
    text = doc.text
    if _RULE in text and ("vs base" in text or "sec/op" in text):
        return SURE
    # each regular expression behind a character it needs (a memchr): scanning a module's
    # `go test` output for words cost more than reading its lines. Old benchstat writes its
    # values with a "±" spread (only a zero is written bare).
    if "," in text and ",CI" in text and _CSV_UNIT_HEADER.search(text):
        return SURE
    if "±" in text and "name" in text and benchstat_v1.HEADER.search(text):
        return SURE
    return NO


def _unit(unit: str) -> tuple[str, float]:
    """benchstat's unit -> (card unit, factor from benchstat's number)."""
    if unit in ("sec/op", "time/op"):
        return "s", 1.0
    return unit, 1.0


def _value(text: str, where: str) -> float:
    value = si_number(text)
    if value is None:
        raise ShapeError(f"{where}: {text!r} is not a number")
    return value


def _runs(rest: str) -> int | None:
    found = _N.search(rest)
    return int(found[1]) if found else None


def _result(
    raw_name: str, value: float, unit: str, spread: str, runs: int | None, doc: Input, column: str
) -> BenchResult:
    name = display_name(raw_name)
    shown, factor = _unit(unit)
    measure = "" if shown == "s" else shown
    spread_text = f"± {spread}" if spread and spread not in ("∞", "0%") else ""
    return BenchResult(
        name,
        {"median": value * factor},
        shown,
        runs,
        doc.source,
        measure,
        spread_text,
        column,
    )


def parse(doc: Input) -> list[BenchResult]:
    if _CSV_UNIT_HEADER.search(doc.text) and _RULE not in doc.text:
        return _parse_csv(doc)
    if _RULE in doc.text:
        return _parse_v2(doc)
    return benchstat_v1.parse(doc)


def _parse_v2(doc: Input) -> list[BenchResult]:
    results: list[BenchResult] = []
    files: list[str] = []
    units: list[str] = []
    header_rows = 0
    for line in doc.text.splitlines():
        if _RULE in line:
            cells = [c.strip() for c in line.split(_RULE)[1:]]
            cells = [c for c in cells if c]
            if header_rows % 2 == 0:
                files = cells
            else:
                units = [c.split()[0] for c in cells if c.split()]
            header_rows += 1
            continue
        if not line.strip() or ":" in line.split()[0] or not units:
            continue
        name = line.split()[0]
        if name == "geomean" or line.startswith(" "):
            continue
        values = _V2_VALUE.findall(line)
        runs = _runs(line)
        for n, (value, spread) in enumerate(values[: len(files)]):
            column = files[n] if n < len(files) else str(n)
            unit = units[n] if n < len(units) else units[0]
            results.append(_result(name, _value(value, name), unit, spread, runs, doc, column))
    return results


def _parse_csv(doc: Input) -> list[BenchResult]:
    results: list[BenchResult] = []
    files: list[str] = []
    units: list[str] = []
    for record in csv.reader(io.StringIO(doc.text)):
        if len(record) < 2:
            continue  # "goos: linux", a blank line between tables
        if not record[0]:
            if len(record) > 2 and record[2] == "CI":
                units = [record[i] for i in range(1, len(record) - 2, 2)]
            else:
                files = [c for c in record[1:] if c]
            continue
        name = record[0]
        if name == "geomean" or not units:
            continue
        runs = _runs(record[-1])
        for n, unit in enumerate(units):
            value, spread = record[1 + 2 * n], record[2 + 2 * n]
            if not value:
                continue
            column = files[n] if n < len(files) else str(n)
            results.append(_result(name, _value(value, name), unit, spread, runs, doc, column))
    return results


FORMAT = Format("benchstat", "benchstat", "Go", sniff, parse)
