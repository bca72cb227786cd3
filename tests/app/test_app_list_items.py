"""List items in the form (issue 9, "list editors, keyboard first"): ctrl+n adds an empty item
below the focused one and the keys typed right after it land there, alt+up/alt+down move an item
with its sub-items and the focus stays on it, ctrl+g removes it and the focus goes to its
neighbour; each is one undo step, and the saved file has exactly what was done."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static

from perfcard_tui.app.screens.help import HelpScreen
from perfcard_tui.app.widgets.fields import BlockWidget, CheckFieldWidget
from perfcard_tui.app.widgets.section_form import SectionForm
from perfcard_tui.core.template import builtin_template, new_card_text

SLOW = "root-cause/why-this-is-slow"
PHASE_2 = "implementation/phase-2-optimization"
RELATED = "related-cards/related"
ITEMS = "- [Explanation of inefficiency]\n- [What could be better]\n"


@pytest.fixture
def new_card(tmp_path: Path) -> Path:
    """What `perfcard-tui new x.md` writes."""
    path = tmp_path / "x.md"
    path.write_text(new_card_text(builtin_template(), "x"), encoding="utf-8")
    return path


def as_text(content: object) -> str:
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(content)
    return console.file.getvalue()  # type: ignore[attr-defined]


def burst(app: App[Any], *keys: str) -> None:
    """Post ``keys`` to the app at once, as the terminal driver does with a fast typist's."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def focused_row(app: App[Any]) -> Widget | None:
    return next(
        (
            a
            for a in getattr(app.focused, "ancestors", ())
            if isinstance(a, BlockWidget | CheckFieldWidget)
        ),
        None,
    )


def focused_block(app: App[Any]) -> tuple[int, str] | None:
    """(block position, its text as shown) of the item being typed in."""
    row = focused_row(app)
    if not isinstance(row, BlockWidget) or not isinstance(app.focused, Input):
        return None
    return row.index, app.focused.value


async def focus_block(pilot: Pilot[Any], ui: Any, index: int) -> None:
    app: Any = pilot.app
    app.editor.goto(SLOW)
    form = app.editor.query_one(SectionForm)
    await form.built()
    await ui.settle(pilot)
    block = next(b for b in form.query(BlockWidget) if b.index == index)
    block.focus_editor()
    await ui.wait_for(pilot, lambda: focused_row(app) is block, what=f"block {index}")
    await pilot.press("end")  # typing goes after the text, not over the placeholder


async def until(pilot: Pilot[Any], ui: Any, what: str, condition: Any) -> None:
    await ui.settle(pilot)
    # the keys held over the rebuild land once the new form is built: on a loaded machine later
    await ui.wait_for(pilot, condition, timeout=10, what=what)


async def test_new_move_and_remove_list_items_then_save(new_card: Path, ui) -> None:
    original = new_card.read_text(encoding="utf-8")
    app = ui.make_app(new_card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await focus_block(pilot, ui, 0)
        burst(app, "ctrl+n", "f", "i", "r", "s", "t")  # typed at once, before the rebuild
        added = original.replace(
            ITEMS, "- [Explanation of inefficiency]\n- first\n- [What could be better]\n"
        )
        # the item shows what was typed before the card has it (the edit is a message on its
        # way to the card's owner): wait for both
        await until(
            pilot,
            ui,
            "first, in the new item and in the card",
            lambda: focused_block(app) == (1, "first") and app.card.card.text == added,
        )
        burst(app, "alt+up", "!")
        moved = original.replace(
            ITEMS, "- first!\n- [Explanation of inefficiency]\n- [What could be better]\n"
        )
        await until(
            pilot,
            ui,
            "the moved item, in the form and in the card",
            lambda: focused_block(app) == (0, "first!") and app.card.card.text == moved,
        )
        await focus_block(pilot, ui, 2)
        await pilot.press("ctrl+g")
        await until(
            pilot,
            ui,
            "the item above the removed one",
            lambda: focused_block(app) == (1, "[Explanation of inefficiency]"),
        )
        await ui.save(pilot)
    assert new_card.read_text(encoding="utf-8") == original.replace(
        ITEMS, "- first!\n- [Explanation of inefficiency]\n"
    )


async def test_each_item_edit_is_one_undo_step(new_card: Path, ui) -> None:
    original = new_card.read_text(encoding="utf-8")
    app = ui.make_app(new_card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await focus_block(pilot, ui, 1)
        await pilot.press("alt+up")
        await until(
            pilot, ui, "the moved item", lambda: focused_block(app) == (0, "[What could be better]")
        )
        await pilot.press("ctrl+g")
        await until(
            pilot,
            ui,
            "the neighbour",
            lambda: (
                focused_block(app) == (0, "[Explanation of inefficiency]")
                and app.card.card.text
                == original.replace(ITEMS, "- [Explanation of inefficiency]\n")
            ),
        )
        await pilot.press("ctrl+z")
        await ui.settle(pilot)
        swapped = "- [What could be better]\n- [Explanation of inefficiency]\n"
        assert app.card.card.text == original.replace(ITEMS, swapped)
        await pilot.press("ctrl+z")
        await ui.settle(pilot)
        assert app.card.card.text == original
        await pilot.press("alt+up")  # the first of its list goes no higher: nothing happens
        await ui.settle(pilot)
        assert app.card.card.text == original


def footer_keys(app: App[Any]) -> dict[str, str]:
    return {
        key: active.binding.description
        for key, active in app.active_bindings.items()
        if active.binding.show and active.enabled
    }


async def test_the_keys_show_only_on_list_items(new_card: Path, ui) -> None:
    app = ui.make_app(new_card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await focus_block(pilot, ui, 0)
        shown = footer_keys(app)
        assert [shown.get(k) for k in ("ctrl+n", "ctrl+g", "alt+up", "alt+down")] == [
            "New item",
            "Remove item",
            "Item up",
            "Item down",
        ]
        app.editor.goto(RELATED)
        form = app.editor.query_one(SectionForm)
        await form.built()
        await ui.settle(pilot)
        paragraph = next(b for b in form.query(BlockWidget) if not b.item)
        paragraph.focus_editor()
        await ui.wait_for(pilot, lambda: focused_row(app) is paragraph, what="the paragraph")
        assert "ctrl+n" not in footer_keys(app)  # a paragraph is no item: no item keys


async def test_f1_help_lists_the_item_keys(new_card: Path, ui) -> None:
    app = ui.make_app(new_card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("f1")
        await ui.settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(as_text(static.content) for static in app.screen.query(Static))
        for where in ("List item", "Checklist"):
            rows = [line for line in text.splitlines() if where in line]
            for key, what in [
                ("^n", "Add an empty list item below"),
                ("^g", "Remove this item and its sub-items"),
                ("alt+↑", "Move this item (and its sub-items) up"),
                ("alt+↓", "Move this item (and its sub-items) down"),
            ]:
                assert any(key in row and what in row for row in rows), f"{where}: {key}"


def check_row(app: App[Any], label: str) -> CheckFieldWidget:
    form = app.screen.query_one(SectionForm)
    return next(w for w in form.query(CheckFieldWidget) if w.field.label == label)


def focused_check(app: App[Any]) -> tuple[str, bool] | None:
    """(the checklist item with the focus, whether its text has it)."""
    row = focused_row(app)
    if not isinstance(row, CheckFieldWidget):
        return None
    return row.query_one(Input).value, isinstance(app.focused, Input)


async def test_checklist_items_move_add_and_go_with_their_keys(perf7: Path, ui) -> None:
    original = perf7.read_text(encoding="utf-8")
    implement, measure = "   - [x] Implement optimization\n", "   - [x] Measure impact\n"
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.focus_field(
            pilot, f"{PHASE_2}/eliminate-n1-queries-in-orderserializer/measure-impact"
        )
        row = check_row(app, "Measure impact")
        row.query_one(Input).focus()
        await pilot.pause()
        await pilot.press("alt+up")
        await until(
            pilot, ui, "the moved item", lambda: focused_check(app) == ("Measure impact", True)
        )
        assert app.card.card.text == original.replace(implement + measure, measure + implement, 1)
        burst(app, "ctrl+n", "P", "r", "o", "f", "i", "l", "e")
        new = "   - [ ] Profile\n"
        added = original.replace(implement + measure, measure + new + implement, 1)
        await until(
            pilot,
            ui,
            "the new item, in the form and in the card",
            lambda: focused_check(app) == ("Profile", True) and app.card.card.text == added,
        )
        check_row(app, "Implement optimization").query_one(Checkbox).focus()
        await pilot.pause()
        await pilot.press("alt+down", "alt+up")  # from its box: the box keeps the focus
        await until(
            pilot, ui, "the box", lambda: focused_check(app) == ("Implement optimization", False)
        )
        await pilot.press("ctrl+g")
        await until(
            pilot, ui, "the item below", lambda: focused_check(app) == ("Verify correctness", False)
        )
        await ui.save(pilot)
    assert perf7.read_text(encoding="utf-8") == original.replace(
        implement + measure, measure + new, 1
    )
