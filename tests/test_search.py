"""Finding text in a card: titles, fields, checklist items, table cells, plain paragraphs and
findings; where the match is in a text; which match comes next."""

from __future__ import annotations

from dataclasses import replace

from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.search import find, match_span, next_index
from perfcard_tui.core.validate import Finding, Severity

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


def test_a_sections_hits_come_in_line_order_and_a_block_says_which_it_is() -> None:
    card = parse_card(
        "# T\n\n## Notes\n\n**Mode**: no caching\n\nA paragraph about caching.\n\n"
        "**Why**: caching helps\n\n- caching item\n"
    )
    hits = find(card, "caching")
    assert [(h.field_path, h.block) for h in hits] == [
        ("notes/mode", None),
        ("", 0),
        ("notes/why", None),
        ("", 1),
    ]
    lines = card.text.splitlines()
    assert [lines[h.line] for h in hits] == [
        "**Mode**: no caching",
        "A paragraph about caching.",
        "**Why**: caching helps",
        "- caching item",
    ]


def test_findings_are_searched_and_go_where_they_point() -> None:
    card = parse_card(CARD)
    problem = card.line_offsets[card.section_index["problem"]] + 1
    summary = Finding(
        severity=Severity.WARNING,
        code="vague",
        section="Problem",
        field="Summary",
        line=problem + 2,
        message="Say how slow: a number with its unit",
        section_key="problem",
        field_path="problem/summary",
    )
    paragraph = replace(summary, field=None, field_path="", line=problem + 4, code="para")
    card_wide = replace(summary, section="", field=None, section_key="", field_path="", code="card")
    elsewhere = replace(summary, message="nothing to do with it")
    hits = find(card, "HOW SLOW", findings=[paragraph, elsewhere, card_wide, summary])
    assert [(h.finding.code if h.finding else None) for h in hits] == ["card", "para", "vague"]
    assert hits[0].where == "The card" and hits[0].section_key == ""
    assert (hits[1].section_key, hits[1].field_path, hits[1].block) == ("problem", "", 0)
    assert (hits[2].field_path, hits[2].block) == ("problem/summary", None)
    assert hits[2].where == "Problem › Summary"
    assert hits[2].snippet == "Say how slow: a number with its unit"
    # the card's own text comes first in its section, its findings after it
    assert [h.finding is None for h in find(card, "slow", findings=[summary])] == [
        True,
        False,
    ]


def test_a_match_span_indexes_the_text_itself() -> None:
    assert match_span("The Straße is STRASSE", "strasse") == (4, 10)  # ß folds to two letters
    assert match_span("Größe und MASSE", "masse") == (10, 15)
    assert match_span("Größe und MASSE", "SSE") == (3, 5)  # half of ß: the ß is in the span
    assert match_span("abc", "  B ") == (1, 2)
    assert match_span("abc", "x") is None
    assert match_span("abc", " ") is None


def test_the_next_hit_is_the_one_after_the_last_gone_to() -> None:
    card = parse_card(CARD)
    hits = find(card, "export")
    assert next_index(hits, None) == 0
    assert next_index(hits, hits[0]) == 1
    assert next_index(hits, hits[-1]) == 0  # round to the first
    # the card changed and the last one is gone: the first below where it was
    gone = replace(hits[1], snippet="what it said before")
    assert next_index(hits, gone) == 2
    assert next_index(hits, replace(gone, line=10_000)) == 0
    assert next_index([], hits[0]) == 0
