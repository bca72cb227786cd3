"""Editing through the form: every change is a splice, so a save changes only what was edited."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input

from perfcard_tui.app.messages import CardChanged, DiskChanged, FieldEdited
from perfcard_tui.app.widgets.fields import CheckFieldWidget, FieldWidget
from perfcard_tui.core import metrics
from perfcard_tui.core.buffer import DiskChange
from perfcard_tui.core.form_edits import EditKind, FormEdit
from perfcard_tui.core.parse import parse_card

EFFORT = "performance-issue/estimated-effort"
VERIFY = (
    "implementation/phase-2-optimization/eliminate-n1-queries-in-orderserializer/verify-correctness"
)
TABLE = "benchmarking/performance-comparison/table"


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The lines a unified diff marks as removed or added."""
    diff = difflib.unified_diff(
        before.decode().splitlines(keepends=True), after.decode().splitlines(keepends=True), n=0
    )
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def spliced(original: bytes, span: tuple[int, int], new: str) -> bytes:
    """What the file must be after replacing the characters of ``span`` by ``new``."""
    text = original.decode()
    return (text[: span[0]] + new + text[span[1] :]).encode()


async def test_typing_in_field_then_save_changes_only_that_field(perf7: Path, ui) -> None:
    original = perf7.read_bytes()
    span = parse_card(original.decode()).span_of(EFFORT)
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        box = await ui.focus_field(pilot, EFFORT)
        assert isinstance(box, Input) and box.value == "3-4 days"
        await pilot.press("end")
        await ui.type_text(pilot, " + QA")  # spaces too: each lands inside the value
        await ui.settle(pilot)
        assert app.card.card.field(EFFORT).value == "3-4 days + QA"
        assert app.card.dirty and "modified" in app.sub_title
        assert perf7.read_bytes() == original  # nothing written before ctrl+s
        await ui.save(pilot)
        assert not app.card.dirty and app.sub_title == "saved"
    after = perf7.read_bytes()
    assert after == spliced(original, span, "3-4 days + QA")
    assert changed_lines(original, after) == [
        "-**Estimated Effort**: 3-4 days\n",
        "+**Estimated Effort**: 3-4 days + QA\n",
    ]


async def test_checklist_space_ticks_one_character_enter_adds_backspace_removes(
    perf7: Path, ui
) -> None:
    original = perf7.read_bytes()
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        focused = await ui.focus_field(pilot, VERIFY)
        assert isinstance(focused, Checkbox)
        # space ticks: the save changes exactly one character, ' ' to 'x'
        await pilot.press("space")
        await ui.settle(pilot)
        assert app.card.card.field(VERIFY).checked is True
        await ui.save(pilot)
        ticked = perf7.read_bytes()
        assert len(ticked) == len(original)
        differing = [i for i, (a, b) in enumerate(zip(original, ticked, strict=True)) if a != b]
        assert len(differing) == 1
        at = differing[0]
        assert (original[at : at + 1], ticked[at : at + 1]) == (b" ", b"x")
        assert ticked[at - 3 : at + 21] == b"- [x] Verify correctness"
        # enter in the item's text adds an empty item right below it
        await pilot.press("tab")  # from the tick box to the item's text
        assert isinstance(app.focused, Input) and app.focused.value == "Verify correctness"
        await pilot.press("enter")
        await ui.settle(pilot)
        labels = [f.label for f in app.card.card.section_of(VERIFY).fields]
        at = labels.index("Verify correctness")
        assert labels[at + 1] == ""
        assert "   - [x] Verify correctness\n   - [ ] \n   - [ ] Document changes" in (
            app.card.card.text
        )
        # backspace on the empty item removes it
        new_item = next(w for w in app.screen.query(CheckFieldWidget) if w.index == at + 1)
        new_item.query_one(Input).focus()
        await pilot.pause()
        await pilot.press("backspace")
        await ui.settle(pilot)
        assert app.card.card.text == ticked.decode()
        assert not app.card.dirty


async def test_checklist_enter_then_backspace_leaves_card_as_it_was(perf7: Path, ui) -> None:
    original = perf7.read_bytes()
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, VERIFY)
        await pilot.press("tab", "enter")
        await ui.settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.value == ""
        await pilot.press("backspace")
        await ui.settle(pilot)
        assert app.card.card.text == original.decode()


async def test_table_cell_edit_and_ctrl_o_fill_improvement(perf7: Path, ui) -> None:
    """Edit After in PERF-7's Performance Comparison, then let ctrl+o recompute Improvement."""
    original = perf7.read_bytes()
    card = parse_card(original.decode())
    before, after = metrics.parse_quantity("420ms"), metrics.parse_quantity("40ms")
    assert before is not None and after is not None
    direction, _ = metrics.infer_direction(before, "p95 response time")
    result = metrics.improvement(before, after, direction)
    assert result is not None
    computed = result.describe()
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, f"{TABLE}/row-1/metric")
        cell = app.screen.query_one("#cell-1-2", Input)
        cell.focus()
        await pilot.pause()
        assert cell.value == "240ms"
        await pilot.press("home", "delete")
        await ui.settle(pilot)
        assert app.card.card.field(f"{TABLE}/row-1/after").value == "40ms"
        improvement = app.screen.query_one("#cell-1-3", Input)
        assert improvement.placeholder == computed  # offered as the placeholder
        improvement.focus()
        await pilot.pause()
        await pilot.press("ctrl+o")
        await ui.settle(pilot)
        assert improvement.value == computed
        assert app.card.card.field(f"{TABLE}/row-1/improvement").value == computed
        await ui.save(pilot)
    # exactly the two cells changed, every other byte of the card (and of the table) kept
    after_span = card.span_of(f"{TABLE}/row-1/after")
    improvement_span = card.span_of(f"{TABLE}/row-1/improvement")
    text = original.decode()
    expected = (
        text[: after_span[0]]
        + "40ms"
        + text[after_span[1] : improvement_span[0]]
        + computed
        + text[improvement_span[1] :]
    )
    assert perf7.read_text() == expected


async def test_table_cell_cleared_then_retyped_keeps_cell_padding(perf7: Path, ui) -> None:
    original = perf7.read_bytes()
    span = parse_card(original.decode()).span_of(f"{TABLE}/row-1/after")
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, f"{TABLE}/row-1/after")
        cell = app.screen.query_one("#cell-1-2", Input)
        cell.focus()
        await pilot.pause()
        await pilot.press("end", "ctrl+u")  # delete to the start: the cell is empty
        await ui.type_text(pilot, "7")
        await ui.settle(pilot)
        assert app.card.card.field(f"{TABLE}/row-1/after").value == "7"
        await ui.save(pilot)
    assert perf7.read_bytes() == spliced(original, span, "7")


async def test_table_ctrl_n_adds_a_row(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, f"{TABLE}/row-1/metric")
        app.screen.query_one("#cell-3-0", Input).focus()
        await pilot.pause()
        await pilot.press("ctrl+n")
        await ui.settle(pilot)
        table = app.card.card.field(TABLE)
        assert len(table.cells) == 5  # header + 3 rows + the new one
        assert table.cells[-1] == ("", "", "", "")
        assert app.screen.query("#cell-4-3")  # the grid grew a row of inputs
        await ui.save(pilot)
    text = perf7.read_text()
    assert (
        "| p95 response time, page_size=100 | 1380ms | 690ms | 50% less time |\n| | | | |\n" in text
    )


async def test_undo_takes_back_a_run_of_typing_and_redo_brings_it_again(perf7: Path, ui) -> None:
    original = perf7.read_text()
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, EFFORT)
        await pilot.press("end")
        await ui.type_text(pilot, "AB")
        await ui.settle(pilot)
        assert app.card.card.field(EFFORT).value == "3-4 daysAB"
        await pilot.press("ctrl+z")  # the run of typing is one step, not one per letter
        await ui.settle(pilot)
        assert app.card.card.field(EFFORT).value == "3-4 days"
        assert app.card.card.text == original
        assert not app.card.dirty
        shown = [w.value for w in app.screen.query(Input) if w.value.startswith("3-4 days")]
        assert shown == ["3-4 days"]  # the form shows the restored value too
        await pilot.press("ctrl+y")
        await ui.settle(pilot)
        assert app.card.card.field(EFFORT).value == "3-4 daysAB"
        shown = [w.value for w in app.screen.query(Input) if w.value.startswith("3-4 days")]
        assert shown == ["3-4 daysAB"]


async def test_preview_shows_newly_typed_text(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        preview = app.screen.query_one("#preview")
        assert preview.display
        assert preview.has_rendered("performance-issue", "3-4 days")
        assert not preview.has_rendered("performance-issue", "Zq")
        await ui.focus_field(pilot, EFFORT)
        await pilot.press("end")
        await ui.type_text(pilot, " Zq")
        await ui.wait_for(
            pilot,
            lambda: preview.has_rendered("performance-issue", "3-4 days Zq"),
            timeout=2.0,
            what="the preview to show the typed text",
        )


async def test_a_burst_of_card_changes_is_shown_once(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits applied faster than the screen takes its messages: the screen brings its panes in
    line once, with the newest card (``CardChanged`` merges a burst)."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        editor = app.editor
        assert editor.section_key == "performance-issue"
        shown: list[str] = []
        show_card = editor.show_card

        def counting_show_card(**options: bool) -> None:
            shown.append(app.card.card.field(EFFORT).value)
            show_card(**options)

        monkeypatch.setattr(editor, "show_card", counting_show_card)
        for n in range(20):  # no await in between: all twenty queue before the screen runs
            assert ui.set_field(app, EFFORT, f"{n} days")
        await ui.settle(pilot)
        assert shown == ["19 days"]
        values = [w.value for w in editor.query(Input)]
        assert "19 days" in values and "3-4 days" not in values


def test_card_changed_merges_a_burst_but_never_drops_a_rebuild(perf7: Path) -> None:
    """Textual asks the message taken from the queue whether the next one covers it."""
    card = parse_card(perf7.read_text())
    assert CardChanged(card).can_replace(CardChanged(card))
    assert CardChanged(card).can_replace(CardChanged(card, rebuild=True))
    assert CardChanged(card, rebuild=True).can_replace(CardChanged(card, rebuild=True))
    assert not CardChanged(card, rebuild=True).can_replace(CardChanged(card))
    assert not CardChanged(card).can_replace(DiskChanged(DiskChange.CHANGED))
    assert DiskChanged(DiskChange.CHANGED).can_replace(DiskChanged(DiskChange.DELETED))


async def test_a_run_of_edits_of_one_field_is_applied_once_with_its_last_text(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys come faster than the screen takes its messages: each edit holds the field's whole
    text, so the last one queued is applied and those before it are dropped (``FieldEdited``
    merges a run), field by field."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        editor = app.editor
        assert editor.section_key == "performance-issue"
        effort = next(w for w in editor.query(FieldWidget) if w.field.path == EFFORT)
        other = next(
            w for w in editor.query(FieldWidget) if w.field.path != EFFORT and w.field.value
        )
        applied: list[FormEdit] = []
        apply = app.card.apply

        def counting_apply(edit: FormEdit) -> bool:
            applied.append(edit)
            return apply(edit)

        monkeypatch.setattr(app.card, "apply", counting_apply)
        for n in range(20):  # no await in between: all twenty queue before the screen runs
            effort.edit(EditKind.SET_VALUE, value=f"{n} days")
            other.edit(EditKind.SET_VALUE, value=f"Other text {n}")
        await ui.settle(pilot)
        # each field's run is merged (the two widgets' queues are their own: no order between)
        assert sorted(e.value for e in applied) == ["19 days", "Other text 19"]
        assert app.card.card.field(EFFORT).value == "19 days"
        assert app.card.card.field(other.field.path).value == "Other text 19"


def test_field_edited_merges_only_whole_text_edits_of_one_field() -> None:
    def edited(kind: EditKind, index: int = 0, focus: int | None = None) -> FieldEdited:
        return FieldEdited(FormEdit(kind, "performance-issue", index, "x"), focus)

    assert edited(EditKind.SET_VALUE).can_replace(edited(EditKind.SET_VALUE))
    assert edited(EditKind.SET_CODE).can_replace(edited(EditKind.SET_CODE))
    assert not edited(EditKind.SET_VALUE).can_replace(edited(EditKind.SET_VALUE, index=1))
    assert not edited(EditKind.SET_VALUE).can_replace(edited(EditKind.SET_CELL))
    assert not edited(EditKind.SET_CHECK).can_replace(edited(EditKind.SET_CHECK))
    assert not edited(EditKind.ADD_ITEM).can_replace(edited(EditKind.ADD_ITEM))
    assert not edited(EditKind.SET_VALUE, focus=0).can_replace(edited(EditKind.SET_VALUE))
    # the edits a merge drops are handed on, oldest first
    first, second, third = (edited(EditKind.SET_VALUE) for _ in range(3))
    assert first.can_replace(second) and second.can_replace(third)
    assert third.superseded == [first.edit, second.edit]


async def test_a_merged_run_whose_last_text_is_refused_keeps_the_text_before_it(
    perf7: Path, ui
) -> None:
    """Half typed, the last text would start a heading and is refused: the run's newest text
    the gate takes goes in, as it would have without the merge (found by review)."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        effort = next(w for w in app.editor.query(FieldWidget) if w.field.path == EFFORT)
        effort.edit(EditKind.SET_VALUE, value="3 days")  # queued together: merged
        effort.edit(EditKind.SET_VALUE, value="3 days\n# x")
        await ui.settle(pilot)
        assert app.card.card.field(EFFORT).value == "3 days"
