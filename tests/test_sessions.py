"""core/sessions.py: the Progress Notes session log, read from and written into the card text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from perfcard_tui.core.model import Card
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.sessions import (
    SessionEntry,
    format_entry,
    insert_session,
    parse_sessions,
)
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template
from perfcard_tui.core.validate import validate

TODAY = date(2026, 11, 26)
ENTRY = SessionEntry(
    date="2026-11-24",
    name="Dana Whitfield",
    completed=("Swapped the renderer for orjson",),
    metrics=(("Before", "240ms (p95)"), ("After", "185ms (p95)"), ("Improvement", "22.9%")),
    issues=("One client parsed pretty JSON: moved it to jq",),
    next_steps=("Canary one pod", "Re-run the spike scenario"),
    notes="Close to target.\nThe renderer is no longer in the profile.",
)
ENTRY_TEXT = """**Session 2026-11-24 (Dana Whitfield):**

✅ **Completed:**
- Swapped the renderer for orjson

📊 **Metrics:**
- Before: 240ms (p95)
- After: 185ms (p95)
- Improvement: 22.9%

⚠️ **Issues:**
- One client parsed pretty JSON: moved it to jq

📋 **Next Session:**
1. Canary one pod
2. Re-run the spike scenario

**Performance Notes:**
Close to target.
The renderer is no longer in the profile."""


def same_parse(card: Card) -> None:
    """The card after an edit equals a full parse of its text."""
    full = parse_card(card.text, newline=card.newline, bom=card.bom)
    assert card.sections == full.sections
    assert (card.offsets, card.line_offsets) == (full.offsets, full.line_offsets)


def header_line(card: Card, date: str) -> int:
    lines = re.split(r"\r\n|\r|\n", card.text)
    return next(n for n, ln in enumerate(lines, 1) if ln.startswith(f"**Session {date}"))


# -- reading --------------------------------------------------------------------------------------


def test_perf7_sessions(perf7) -> None:
    sessions = parse_sessions(perf7)
    assert [(s.date, s.name) for s in sessions] == [
        ("2026-11-18", "Dana Whitfield"),
        ("2026-11-21", "Dana Whitfield"),
    ]
    first, second = sessions
    assert first.metrics == (
        ("Before", "420ms (p95)"),
        ("After", "310ms (p95)"),
        ("Improvement", "26.2% less time"),
    )
    assert second.metric("after") == "240ms (p95)"
    assert second.metric("Before") == "310ms (p95)"
    assert second.metric("nothing") == ""
    assert len(first.completed) == 2 and first.completed[1].startswith("Added `select_related")
    assert len(second.next_steps) == 3
    assert second.next_steps[0].startswith("Finish the payload diff")
    assert len(second.issues) == 2
    assert first.notes.startswith("Removing 100 lazy FK loads saved 110ms")
    assert "\n" not in first.notes
    for s in sessions:
        assert not s.is_placeholder
        assert s.real_date() is not None and s.real_date() <= TODAY
        assert s.line == header_line(perf7, s.date)
        assert perf7.text[s.span.start :].startswith(f"**Session {s.date} (")
        assert perf7.text[s.span.end - 1] not in "\r\n "
    # the first entry ends before the second begins, and the second before the `---` rule
    assert first.span.end < second.span.start
    assert perf7.text[second.span.end :].lstrip().startswith("---")


def test_fresh_card_holds_the_template_example(perf9) -> None:
    (entry,) = parse_sessions(perf9)
    assert entry.is_placeholder
    assert (entry.date, entry.name) == ("[YYYY-MM-DD]", "[Your Name]")
    assert entry.real_date() is None
    assert entry.metric("Improvement") == "[X%]"
    assert entry.notes == "[Observations about performance characteristics]"


def test_finished_card_sessions_are_real_and_in_order(samples_dir: Path) -> None:
    path = samples_dir / "PERF-3.md"
    if not path.is_file():
        pytest.skip("PERF-3.md not written yet")
    text = read_card(path)
    sessions = parse_sessions(parse_card(text.text, newline=text.newline))
    assert len(sessions) >= 2
    days = [s.real_date() for s in sessions]
    assert None not in days
    assert days == sorted(days)
    assert all(s.name and s.metric("After") for s in sessions)


def test_mojibake_and_crlf_templates_read_alike(seed_crlf, seed_mojibake) -> None:
    a, b = parse_sessions(seed_crlf), parse_sessions(seed_mojibake)
    assert len(a) == len(b) == 1
    keep = {"date", "name", "completed", "metrics", "in_progress", "issues", "next_steps"}
    assert {k: getattr(a[0], k) for k in keep} == {k: getattr(b[0], k) for k in keep}
    assert a[0].issues == ("[Problem encountered]: [Resolution]",)


def test_no_progress_notes_no_sessions() -> None:
    assert parse_sessions(parse_card("# PERF-1\n\n## Performance Issue\n\nSlow.\n")) == []


def test_entry_ends_at_a_rule_or_comment() -> None:
    text = (
        "## Progress Notes\n\n**Session 2026-11-01 (A):**\n\n✅ **Completed:**\n- one\n\n"
        "---\n\n- not part of the entry\n\n**Session 2026-11-02 (B):**\n- stray\n"
        "<!-- comment -->\n- after the comment\n"
    )
    first, second = parse_sessions(parse_card(text))
    assert first.completed == ("one",)
    assert (second.date, second.name, second.completed) == ("2026-11-02", "B", ())
    assert text[first.span.start : first.span.end].endswith("- one")
    assert text[second.span.start : second.span.end].endswith("- stray")


# -- writing --------------------------------------------------------------------------------------


def test_format_entry() -> None:
    assert format_entry(ENTRY) == ENTRY_TEXT
    assert format_entry(ENTRY, "\r\n") == ENTRY_TEXT.replace("\n", "\r\n")
    minimal = SessionEntry(date="2026-11-24", name="Dana", metrics=(("After", ""),))
    assert format_entry(minimal) == "**Session 2026-11-24 (Dana):**"


def test_format_entry_round_trips_through_parse() -> None:
    card = parse_card("## Progress Notes\n\n" + format_entry(ENTRY) + "\n")
    (entry,) = parse_sessions(card)
    fields = {"date", "name", "completed", "metrics", "issues", "next_steps", "notes"}
    assert {f: getattr(entry, f) for f in fields} == {f: getattr(ENTRY, f) for f in fields}


def test_insert_replaces_the_template_example(perf9) -> None:
    (example,) = parse_sessions(perf9)
    card = insert_session(perf9, ENTRY)
    assert card.text == (
        perf9.text[: example.span.start] + ENTRY_TEXT + perf9.text[example.span.end :]
    )
    (entry,) = parse_sessions(card)
    assert (entry.date, entry.name, entry.metric("After")) == (
        "2026-11-24",
        "Dana Whitfield",
        "185ms (p95)",
    )
    assert entry.line == example.line
    same_parse(card)


def test_insert_appends_after_the_last_real_entry(perf7) -> None:
    last = parse_sessions(perf7)[-1]
    card = insert_session(perf7, ENTRY)
    at = last.span.end
    assert card.text == perf7.text[:at] + "\n\n" + ENTRY_TEXT + perf7.text[at:]
    sessions = parse_sessions(card)
    assert [s.date for s in sessions] == ["2026-11-18", "2026-11-21", "2026-11-24"]
    assert sessions[-1].line == header_line(card, "2026-11-24")
    same_parse(card)
    findings = validate(card, builtin_template(), today=TODAY, stems=frozenset())
    assert [f for f in findings if f.code == "session-date"] == []


def test_insert_keeps_crlf_and_real_emoji(seed_crlf) -> None:
    card = insert_session(seed_crlf, ENTRY)
    (example,) = parse_sessions(seed_crlf)
    start, end = example.span
    crlf = ENTRY_TEXT.replace("\n", "\r\n")
    assert card.text == seed_crlf.text[:start] + crlf + seed_crlf.text[end:]
    assert card.text.count("\n") == card.text.count("\r\n")
    assert card.text.count("\r") == card.text.count("\r\n")


def test_insert_keeps_the_mojibake_spelling(seed_mojibake) -> None:
    card = insert_session(seed_mojibake, ENTRY)
    (example,) = parse_sessions(seed_mojibake)
    start, end = example.span
    tail = len(seed_mojibake.text) - end
    assert card.text[:start] == seed_mojibake.text[:start]
    assert card.text[-tail:] == seed_mojibake.text[end:]
    inserted = card.text[start:-tail]
    assert inserted.startswith("**Session 2026-11-24 (Dana Whitfield):**\n")
    assert "\u201a\u00fa\u00d6 **Completed:**" in inserted  # ‚úÖ: the seed's spelling of ✅
    assert "\u2705" not in card.text and "\u26a0" not in card.text
    assert "\r" not in card.text
    (entry,) = parse_sessions(card)
    assert entry.completed == ENTRY.completed
    assert entry.issues == ENTRY.issues
    assert entry.next_steps == ENTRY.next_steps


EMPTY_LOG = "# PERF-1\n\n## Progress Notes\n\nNothing yet.\n\n---\n\n## Additional Notes\n\nx\n"


def test_insert_into_an_empty_log_goes_before_the_closing_rule() -> None:
    card = insert_session(parse_card(EMPTY_LOG), ENTRY)
    before, entry, after = card.text.partition(ENTRY_TEXT)
    assert entry
    assert before == "# PERF-1\n\n## Progress Notes\n\nNothing yet.\n\n"
    assert after.lstrip("\n") == EMPTY_LOG[EMPTY_LOG.index("---") :]
    assert [s.date for s in parse_sessions(card)] == ["2026-11-24"]


def test_insert_into_an_empty_log_keeps_one_blank_line() -> None:
    card = insert_session(parse_card(EMPTY_LOG), ENTRY)
    assert card.text == EMPTY_LOG.replace("Nothing yet.\n", "Nothing yet.\n\n" + ENTRY_TEXT + "\n")


def test_insert_into_a_section_with_no_text() -> None:
    text = "## Progress Notes\n"
    card = insert_session(parse_card(text), ENTRY)
    assert card.text.startswith(text)
    assert card.text.rstrip("\n").endswith(ENTRY_TEXT)
    assert len(parse_sessions(card)) == 1


def test_insert_into_a_card_without_progress_notes() -> None:
    with pytest.raises(ValueError, match="Progress Notes"):
        insert_session(parse_card("# PERF-1\n\n## Performance Issue\n\nSlow.\n"), ENTRY)


# -- known core bugs ------------------------------------------------------------------------------


def test_header_without_a_name() -> None:
    text = "## Progress Notes\n\n**Session 2026-11-18:**\n\n📊 **Metrics:**\n- After: 1ms\n"
    card = parse_card(text)
    (entry,) = parse_sessions(card)
    assert (entry.date, entry.name) == ("2026-11-18", "")
    findings = validate(card, builtin_template(), today=TODAY, stems=frozenset())
    assert [f for f in findings if f.code == "session-date"] == []
