"""core/sessions.py, issue 9: the Completed prefill (implementation items ticked since the last
session, each with its group) and editing a logged entry part by part, behind a backstop."""

from __future__ import annotations

from dataclasses import replace

import pytest

from perfcard_tui.core import gate
from perfcard_tui.core.edits import EditError, set_check
from perfcard_tui.core.model import Card
from perfcard_tui.core.names import to_mojibake
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.sessions import (
    HEADER,
    SessionEntry,
    completed_since,
    insert_session,
    parse_sessions,
    real_sessions,
    replace_session,
    shown,
    to_admit,
    with_parts,
)

PHASE2 = "implementation/phase-2-optimization"
N1 = f"{PHASE2}/eliminate-n1-queries-in-orderserializer"
ORJSON = f"{PHASE2}/compact-orjson-renderer"


def tick(card: Card, *paths: str, done: bool = True) -> Card:
    for path in paths:
        card = set_check(card, path, done)
    return card


# -- Completed: what was ticked since the last session, each with its group ----------------------


def test_same_text_in_two_groups_is_two_items(perf7: Card) -> None:
    """Phase 2 holds "Implement optimization" once per optimization: the one ticked in the first
    group before the session does not hide the one ticked in the second group since."""
    assert perf7.field(f"{N1}/implement-optimization").checked
    now = tick(perf7, f"{ORJSON}/implement-optimization", f"{N1}/verify-correctness")
    assert completed_since(perf7, now) == [
        "Eliminate N+1 queries in OrderSerializer: Verify correctness",
        "Compact orjson renderer: Implement optimization",
    ]
    # and both, in card order, when both were ticked since
    reference = tick(perf7, f"{N1}/implement-optimization", done=False)
    assert completed_since(reference, now) == [
        "Eliminate N+1 queries in OrderSerializer: Implement optimization",
        "Eliminate N+1 queries in OrderSerializer: Verify correctness",
        "Compact orjson renderer: Implement optimization",
    ]


def test_prerequisites_tools_and_criteria_are_not_work_done(perf7: Card) -> None:
    reference = tick(
        perf7,
        "prerequisites/do-not-start-this-card-unless/root-cause-is-understood",
        "prerequisites/required-tools/profiling-tools",
        "prerequisites/required-knowledge/knowledge-of-optimization-techniques",
        "benchmarking/success-criteria/no-regression-in-other-metrics",
        done=False,
    )
    assert completed_since(reference, perf7) == []
    fresh = tick(perf7, "implementation/phase-3-validation/final-validation/update-documentation")
    assert completed_since(reference, fresh) == ["Final Validation: Update documentation"]


def test_twins_in_one_group_and_items_under_a_heading_alone() -> None:
    card = parse_card(
        "# PERF-1\n\n## Implementation\n\n- [x] Write it up\n\n### Phase 2: Optimization\n\n"
        "**Thumbnail cache**:\n- [ ] Implement optimization\n- [ ] Implement optimization\n\n"
        "### Phase 3: Validation\n\n- [ ] Run full benchmark suite\n\n"
        "## Prerequisites\n\n- [x] Tools\n\n## Progress Notes\n\n"
    )
    second = "implementation/phase-2-optimization/thumbnail-cache/implement-optimization-2"
    assert card.has_field(second)
    now = tick(card, second, "implementation/phase-3-validation/run-full-benchmark-suite")
    assert completed_since(card, now) == [
        "Thumbnail cache: Implement optimization",
        "Phase 3: Validation: Run full benchmark suite",
    ]
    both = tick(now, "implementation/phase-2-optimization/thumbnail-cache/implement-optimization")
    assert completed_since(now, both) == ["Thumbnail cache: Implement optimization"]
    # an item right under the Implementation heading has no group to name
    assert completed_since(tick(card, "implementation/write-it-up", done=False), card) == [
        "Write it up"
    ]


def test_a_card_that_spells_emoji_as_mojibake_gives_real_text() -> None:
    text = (
        "# PERF-1\n\n## Implementation\n\n### Phase 2\n\n"
        "**Cache ⚡ layer**:\n- [ ] Implement → ship\n\n## Progress Notes\n\n"
    )
    card = parse_card(to_mojibake(text))
    assert card.mojibake
    path = next(f.path for _, f in card.fields() if f.kind.value == "check")
    assert completed_since(card, tick(card, path)) == ["Cache ⚡ layer: Implement → ship"]


# -- editing a logged entry --------------------------------------------------------------------


def edit(card: Card, n: int, parts: set[str], **typed: object) -> Card:
    """The edit the session form asks for: entry ``n`` as shown, with ``typed`` changed in
    ``parts``, through the gate."""
    logged = real_sessions(card)[n]
    entry, kept = to_admit(
        logged, with_parts(shown(logged, card.mojibake), typed), parts, mojibake=card.mojibake
    )
    return replace_session(card, logged, gate.admit_entry(entry, from_card=kept), parts)


def only_changed(before: str, after: str, old: str, new: str) -> None:
    """``after`` is ``before`` with one ``old`` replaced by ``new``, nothing else."""
    assert before.count(old) == 1, old
    assert after == before.replace(old, new)


def test_a_changed_metric_rewrites_those_lines_alone(perf7: Card) -> None:
    metrics = (
        ("Before", "420ms (p95)"),
        ("After", "300ms (p95)"),
        ("Improvement", "28.6% less time"),
    )
    after = edit(perf7, 0, {"metrics"}, metrics=metrics)
    only_changed(
        perf7.text,
        after.text,
        "- After: 310ms (p95)\n- Improvement: 26.2% less time\n\n🔄",
        "- After: 300ms (p95)\n- Improvement: 28.6% less time\n\n🔄",
    )
    assert real_sessions(after)[0].metrics == metrics
    moved = real_sessions(after)[1]
    assert moved == replace(real_sessions(perf7)[1], line=moved.line, span=moved.span)


def test_items_added_to_a_part_keep_the_others_and_the_heading(perf7: Card) -> None:
    logged = real_sessions(perf7)[1]
    items = (*logged.completed, "Opened OPS-1184")
    after = edit(perf7, 1, {"completed"}, completed=items)
    end = "(spike not re-run yet)\n"
    only_changed(perf7.text, after.text, end + "\n📊", end + "- Opened OPS-1184\n\n📊")


def test_a_part_emptied_goes_with_its_blank_line_and_a_new_one_goes_in_template_order() -> None:
    card = parse_card(
        "## Progress Notes\n\n**Session 2026-11-02 (A):**\n\n✅ **Completed:**\n- one\n\n"
        "📋 **Next Session:**\n1. two\n\n---\n"
    )
    gone = edit(card, 0, {"completed"}, completed=())
    assert gone.text == (
        "## Progress Notes\n\n**Session 2026-11-02 (A):**\n\n📋 **Next Session:**\n1. two\n\n---\n"
    )
    added = edit(card, 0, {"issues", "notes"}, issues=("flaky: pinned",), notes="Fine.")
    assert added.text == (
        "## Progress Notes\n\n**Session 2026-11-02 (A):**\n\n✅ **Completed:**\n- one\n\n"
        "⚠️ **Issues:**\n- flaky: pinned\n\n📋 **Next Session:**\n1. two\n\n"
        "**Performance Notes:**\nFine.\n\n---\n"
    )
    (entry,) = parse_sessions(added)
    assert (entry.issues, entry.notes) == (("flaky: pinned",), "Fine.")


def test_the_cards_own_markers_crlf_and_the_header(perf7: Card) -> None:
    text = (
        "## Progress Notes\r\n\r\n**Session 2026-11-02 (A):**\r\n\r\n✅ **Completed:**\r\n"
        "* one\r\n\r\n📋 **Next Session:**\r\n1) two\r\n"
    )
    card = parse_card(text, newline="\r\n")
    after = edit(
        card,
        0,
        {"completed", "next_steps", HEADER},
        date="2026-11-03",
        name="B",
        completed=("one", "uno"),
        next_steps=("two", "dos"),
    )
    assert after.text == (
        "## Progress Notes\r\n\r\n**Session 2026-11-03 (B):**\r\n\r\n✅ **Completed:**\r\n"
        "* one\r\n* uno\r\n\r\n📋 **Next Session:**\r\n1) two\r\n2) dos\r\n"
    )


def test_notes_written_on_the_heading_line_are_rewritten_whole() -> None:
    card = parse_card(
        "## Progress Notes\n\n**Session 2026-11-02 (A):**\n\n**Performance Notes:** old\nline\n"
    )
    assert parse_sessions(card)[0].notes == "old\nline"
    after = edit(card, 0, {"notes"}, notes="new")
    assert after.text.endswith("**Session 2026-11-02 (A):**\n\n**Performance Notes:**\nnew\n")


def test_nothing_changed_is_the_same_card(perf7: Card) -> None:
    logged = real_sessions(perf7)[0]
    entry, kept = to_admit(logged, shown(logged), {"completed", "metrics", "notes", HEADER})
    assert replace_session(perf7, logged, gate.admit_entry(entry, from_card=kept), set()) is perf7


def test_metrics_left_alone_keep_the_cards_text_and_the_form_shows_only_three() -> None:
    card = parse_card(
        "## Progress Notes\n\n**Session 2026-11-02 (A):**\n\n📊 **Metrics:**\n"
        "- before: ~420 ms\n- p99: 912ms\n- After: 300ms\n"
    )
    after = edit(card, 0, {"metrics"}, metrics=(("Before", "~420 ms"), ("After", "290ms")))
    assert after.text.endswith("- before: ~420 ms\n- p99: 912ms\n- After: 290ms\n")
    # After emptied: its line goes, the metric the form does not show stays
    emptied = edit(card, 0, {"metrics"}, metrics=(("Before", "~420 ms"), ("After", "")))
    assert emptied.text.endswith("📊 **Metrics:**\n- before: ~420 ms\n- p99: 912ms\n")


def test_a_control_character_outside_the_changed_part_keeps_its_bytes() -> None:
    card = parse_card(
        "## Progress Notes\n\n**Session 2026-11-02 (A):**\n\n✅ **Completed:**\n- red \x1b[31m\n\n"
        "🔄 **In Progress:**\n- two\n"
    )
    assert shown(parse_sessions(card)[0]).completed == ("red ␛[31m",)
    after = edit(card, 0, {"in_progress"}, in_progress=("three",))
    assert "- red \x1b[31m\n" in after.text and after.text.endswith("- three\n")
    # the part that holds it, changed, is written as the form shows it (DECISIONS 15)
    shown_too = edit(card, 0, {"completed"}, completed=("red ␛[31m", "more"))
    assert "- red ␛[31m\n- more\n" in shown_too.text


def test_a_part_with_lines_the_form_does_not_show_is_refused_only_when_changed() -> None:
    card = parse_card(
        "## Progress Notes\n\n**Session 2026-11-02 (A):**\n\n✅ **Completed:**\n- one\n"
        "  see PR 12\n\n🔄 **In Progress:**\n- two\n"
    )
    with pytest.raises(EditError, match=r"^Completed: the entry holds 'see PR 12' there"):
        edit(card, 0, {"completed"}, completed=("one", "three"))
    after = edit(card, 0, {"in_progress"}, in_progress=("four",))
    assert "  see PR 12\n" in after.text


def test_a_part_written_twice_is_refused() -> None:
    card = parse_card(
        "## Progress Notes\n\n**Session 2026-11-02 (A):**\n\n✅ **Completed:**\n- one\n\n"
        "✅ **Completed:**\n- two\n"
    )
    with pytest.raises(EditError, match="this part twice"):
        edit(card, 0, {"completed"}, completed=("one",))


def test_the_gate_then_the_backstop(perf7: Card) -> None:
    with pytest.raises(EditError, match="would change the card's fields"):
        edit(perf7, 0, {"notes"}, notes="Cause: x\n**Cause**: y")
    # what no rule saw, the backstop does: here an entry that skipped the gate
    logged = real_sessions(perf7)[0]
    sneaky = replace(logged, notes="ok\n\n## Sneaky")
    with pytest.raises(EditError, match="would change the card's sections"):
        replace_session(perf7, logged, sneaky, {"notes"})
    # and the gate's own rules still run first, on the changed part
    with pytest.raises(gate.Refused, match="would become a checklist item"):
        edit(perf7, 0, {"completed"}, completed=("[x] sneaky",))


def test_the_entry_is_found_again_after_the_card_changed_above_it(perf7: Card) -> None:
    logged = real_sessions(perf7)[1]
    moved = insert_session(
        set_check(perf7, f"{N1}/verify-correctness", True),
        SessionEntry(date="2026-11-30", name="Z"),
    )
    entry, kept = to_admit(logged, shown(logged), {"issues"})
    entry = replace(entry, issues=("only one",))
    after = replace_session(moved, logged, gate.admit_entry(entry, from_card=kept), {"issues"})
    assert [s.issues for s in real_sessions(after)] == [
        real_sessions(perf7)[0].issues,
        ("only one",),
        (),
    ]
    # an entry no longer in the card as it was opened is not guessed at
    changed = edit(perf7, 1, {"issues"}, issues=("elsewhere",))
    with pytest.raises(EditError, match="no longer in the card as it was opened"):
        replace_session(changed, logged, gate.admit_entry(entry, from_card=kept), {"issues"})


def test_a_mojibake_card_is_written_in_its_spelling() -> None:
    text = "## Progress Notes\n\n**Session 2026-11-02 (A):**\n\n✅ **Completed:**\n- one → two\n"
    card = parse_card(to_mojibake(text))
    assert card.mojibake
    assert shown(parse_sessions(card)[0], True).completed == ("one → two",)
    after = edit(card, 0, {"completed"}, completed=("one → two", "три"))
    assert after.text == to_mojibake(text + "- три\n")
