"""Which Performance Comparison numbers came from an imported file, read from the card alone.

The file is the truth: no side file records an import. A cell was imported when the Benchmark
Results block of its side has, in a file's part (``# bench import: FILE (...)``), the line of a
result for its row with its value: the line's benchmark is named like the row, or the line ends
with ``→ ROW`` (written when the row is named otherwise, as with ``--metric``), and the cell
reads the line's value, alone or with the line's statistic (``433.2ms (p95)``). A number typed
over an imported one no longer matches, so it is the person's again; numbers typed by hand into
a block without ``# bench import:`` lines are never an import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Card
from ..names import normalise
from ..validate import comparison_rows
from .card_parts import ROW_MARK, part_file, results_block, section

__all__ = ["RowSource", "row_sources"]

_RESULT_LINE = re.compile(
    r"^(?P<name>\S.*?) {2,}(?P<stat>[a-z]+|p\d+(?:\.\d+)?) (?P<value>.+?)(?= {2}|$)"
)
"""``name  stat value  ...``, the way ``apply`` writes a result (the name padded to a column)."""
_SIDES = ("before", "after")


@dataclass(frozen=True, slots=True)
class RowSource:
    """One comparison row as the card has it, and the files its numbers came from."""

    metric: str
    before: str
    after: str
    improvement: str
    before_from: str
    """The file the Before was imported from; "" when it was typed."""
    after_from: str

    @property
    def imported(self) -> bool:
        return bool(self.before_from or self.after_from)


def _written(card: Card, side: str) -> dict[str, list[tuple[set[str], str]]]:
    """Row (normalised) -> what an import of each file wrote into its ``side`` cell: the cell's
    possible texts, and the file."""
    field = results_block(card, side)
    written: dict[str, list[tuple[set[str], str]]] = {}
    if field is None:
        return written
    current = ""
    for line in field.value.splitlines():
        named = part_file(line)
        if named is not None:
            current = named
            continue
        found = _RESULT_LINE.match(line) if current else None
        if found is None:
            continue
        row = line.rsplit(f"  {ROW_MARK}", 1)[1] if f"  {ROW_MARK}" in line else found["name"]
        value, stat = found["value"], found["stat"]
        written.setdefault(normalise(row), []).append(({value, f"{value} ({stat})"}, current))
    return written


def row_sources(card: Card) -> list[RowSource]:
    """Every Performance Comparison row, in order, with the file each of its Before and After
    came from ("" when typed); [] for a card without the table."""
    rows = comparison_rows(card, section(card, "performance comparison"))
    if not rows:
        return []
    written = {side: _written(card, side) for side in _SIDES}

    def source(side: str, metric: str, cell: str) -> str:
        text = " ".join(cell.split())
        candidates = written[side].get(normalise(metric), [])
        return next((file for texts, file in candidates if text and text in texts), "")

    return [
        RowSource(
            row.metric,
            row.before,
            row.after,
            row.improvement,
            source("before", row.metric, row.before),
            source("after", row.metric, row.after),
        )
        for row in rows
    ]
