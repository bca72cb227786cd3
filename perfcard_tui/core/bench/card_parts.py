"""Where ``bench import`` writes in a card, found by the card's own words: its sections by title,
the Before and After code blocks of Benchmark Results, and the line that opens each imported
file's part of a block (``# bench import: FILE (tool, statistic)``) and the mark that names the
row a result filled when the row is named otherwise (``→ p95 response time``)."""

from __future__ import annotations

from ..model import Card, Field, FieldKind, Section
from ..names import normalise

BLOCK_MARK = "# bench import: "
"""The first line of each file's part of a Benchmark Results block."""
ROW_MARK = "→ "
"""Ends a result's line in a block when the comparison row it filled is named otherwise."""


def section(card: Card, title: str) -> Section | None:
    """The card's section with this (normalised) title."""
    return next((s for s in card.sections if normalise(s.title) == title), None)


def results_block(card: Card, side: str) -> Field | None:
    """The Before or After Optimization code block of Benchmark Results (``side``: "before" or
    "after"), if the card has it."""
    results = section(card, "benchmark results")
    if results is None:
        return None
    return next(
        (
            f
            for f in results.fields
            if f.kind is FieldKind.CODE and normalise(f.label).startswith(side)
        ),
        None,
    )


def part_file(line: str) -> str | None:
    """The file a part's first line names (``# bench import: k6.json (k6 summary)`` ->
    ``k6.json``); None for any other line."""
    if not line.startswith(BLOCK_MARK):
        return None
    return line[len(BLOCK_MARK) :].split(" (", 1)[0]
