"""Finding text in a card: titles, fields, checklist items, table cells and plain paragraphs."""

from __future__ import annotations

from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.search import find

CARD = """# PERF-1: Slow export

## Problem

**Summary**: The CSV export is slow for big accounts.

Plain paragraph that mentions export speed.

## Tasks

- [ ] Stream the export
- [x] Measure it

## Comparison

| Metric | Before |
| --- | --- |
| export time | 40s |
"""


def test_everything_that_holds_the_text_is_found_in_card_order() -> None:
    card = parse_card(CARD)
    hits = find(card, "EXPORT")
    assert [(h.where, h.field_path.rsplit("/", 1)[-1]) for h in hits] == [
        ("Problem › Summary", "summary"),
        ("Problem", ""),
        ("Tasks › Stream the export", "stream-the-export"),
        ("Comparison › row 1 › Metric", "metric"),
    ]
    assert hits[0].snippet == "The CSV export is slow for big accounts."


def test_blank_finds_nothing_and_the_limit_holds() -> None:
    card = parse_card(CARD)
    assert find(card, "   ") == []
    assert len(find(card, "e", limit=2)) == 2
    assert find(card, "no such words") == []


def test_a_long_value_is_cut_around_the_match() -> None:
    long = "word " * 40 + "needle " + "word " * 40
    card = parse_card(f"# T\n\n## S\n\n**Note**: {long}\n")
    (hit,) = find(card, "needle")
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "needle" in hit.snippet and len(hit.snippet) < 80
