"""Code fields: typing replaces the template's placeholders, Enter keeps the indent, and a
documented key leaves the code (where Tab indents) for the next field."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea
from textual.widgets.text_area import Selection

from perfcard_tui.app.screens.help import HelpScreen
from perfcard_tui.app.widgets.code_field import CodeArea, indent_unit, new_line_indent

BEFORE = "optimization-approach/code-changes/before-slow"


async def test_typing_into_placeholder_code_and_language_replaces_them(
    tmp_path: Path, ui: SimpleNamespace
) -> None:
    card = tmp_path / "PERF-20.md"  # does not exist yet: a new card from the template
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        focused = await ui.focus_field(pilot, BEFORE)
        owner = ui.field_widget(focused)
        language, area = owner.query_one(Input), owner.query_one(TextArea)
        language.focus()
        await ui.settle(pilot)
        await ui.type_text(pilot, "python")
        area.focus()
        await ui.settle(pilot)
        await ui.type_text(pilot, "x = 1")
        await ui.settle(pilot)
        field = app.card.card.field(BEFORE)
        assert field.info == "python"
        assert field.value.strip() == "x = 1"
        # real code is never selected on focus: typing after leaving and coming back appends
        language.focus()
        await ui.settle(pilot)
        area.focus()
        await ui.settle(pilot)
        await ui.type_text(pilot, "2")
        await ui.settle(pilot)
        assert "[" not in app.card.card.field(BEFORE).value
        assert app.card.card.field(BEFORE).value.strip() in ("x = 12", "2x = 1")


# -- Enter keeps the indent --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "unit", "indent"),
    [
        ("x = 1", "    ", ""),
        ("    x = 1", "    ", "    "),
        ("\tx = 1", "    ", "\t"),
        ("def f(x):", "    ", "    "),
        ("    if x:  ", "    ", "        "),  # spaces after the colon still open a block
        ("function f() {", "  ", "  "),
        ("  call(", "  ", "    "),
        ("xs = [", "\t", "\t"),
        ("    ", "    ", "    "),  # a line of indent only keeps it, adds none
        ("", "    ", ""),
    ],
)
def test_a_new_line_starts_at_the_indent_of_the_line_it_splits(
    before: str, unit: str, indent: str
) -> None:
    assert new_line_indent(before, unit) == indent


@pytest.mark.parametrize(
    ("info", "unit"),
    [
        ("python", "    "),
        ("", "    "),
        ("js", "  "),
        ("YAML", "  "),
        ("go", "\t"),
        ("ts {1}", "  "),
    ],
)
def test_one_indent_level_is_the_languages_usual_one(info: str, unit: str) -> None:
    assert indent_unit(info) == unit


async def code_area(pilot: Pilot[Any], ui: SimpleNamespace, path: str) -> TextArea:
    """Focus a code field's code (a new card's placeholder code: selected, so typing replaces
    it)."""
    owner = ui.field_widget(await ui.focus_field(pilot, path))
    area: TextArea = owner.query_one(TextArea)
    area.focus()
    await ui.settle(pilot)
    return area


async def test_enter_keeps_the_indent_and_the_saved_fence_has_it(
    tmp_path: Path, ui: SimpleNamespace
) -> None:
    card = tmp_path / "PERF-20.md"
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await code_area(pilot, ui, BEFORE)
        await ui.type_text(pilot, "def total(xs):")
        await pilot.press("enter")
        await ui.type_text(pilot, "s = 0")
        await pilot.press("enter")
        await ui.type_text(pilot, "for x in xs:")
        await pilot.press("enter")
        await ui.type_text(pilot, "s += x")
        await pilot.press("enter")
        await ui.type_text(pilot, "print(s)")
        await ui.save(pilot)
        code = "def total(xs):\n    s = 0\n    for x in xs:\n        s += x\n        print(s)"
        assert app.card.card.field(BEFORE).value.rstrip("\n") == code
        assert f"```[language]\n{code}\n```" in card.read_text(encoding="utf-8")


async def test_enter_in_the_indent_or_over_a_selection(tmp_path: Path, ui: SimpleNamespace) -> None:
    """The indent copied is the part of it before the cursor (the text after it keeps its
    column); a selection is replaced, whichever end the cursor is at."""
    card = tmp_path / "PERF-20.md"
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        area = await code_area(pilot, ui, BEFORE)
        await ui.type_text(pilot, "if x:")
        await pilot.press("enter")
        await ui.type_text(pilot, "a = 1")
        area.move_cursor((1, 2))  # inside the indent
        await pilot.press("enter")
        assert area.text == "if x:\n  \n    a = 1"
        area.selection = Selection((2, 8), (2, 4))  # "a = ", selected from its end
        await pilot.press("enter")
        assert area.text == "if x:\n  \n    \n    1"
        await ui.settle(pilot)
        assert app.card.card.field(BEFORE).value.rstrip("\n") == area.text


@pytest.mark.parametrize(
    ("language", "typed", "code"),
    [
        ("js", ["if (x) {", "enter", "y()"], "if (x) {\n  y()"),
        ("go", ["if x {", "enter", "y()"], "if x {\n\ty()"),
        ("python", ["if x:", "enter", "tab", "y"], "if x:\n        y"),
        ("js", ["f(", "enter", "tab", "y"], "f(\n    y"),  # Tab: one level more, the same width
    ],
)
async def test_the_fences_language_sets_the_indent(
    tmp_path: Path, ui: SimpleNamespace, language: str, typed: list[str], code: str
) -> None:
    card = tmp_path / "PERF-20.md"
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        owner = ui.field_widget(await ui.focus_field(pilot, BEFORE))
        await ui.type_text(pilot, language)  # the language box has the focus first
        area = owner.query_one(TextArea)
        area.focus()
        await ui.settle(pilot)
        for what in typed:
            if what in ("enter", "tab"):
                await pilot.press(what)
            else:
                await ui.type_text(pilot, what)
        await ui.settle(pilot)
        assert app.card.card.field(BEFORE).value.rstrip("\n") == code


# -- leaving the code ----------------------------------------------------------------------------

AFTER = "optimization-approach/code-changes/after-optimized"


@pytest.mark.parametrize("key", ["escape", "f6"])
async def test_the_leave_key_moves_to_the_next_field(
    tmp_path: Path, ui: SimpleNamespace, key: str
) -> None:
    card = tmp_path / "PERF-20.md"
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        area = await code_area(pilot, ui, BEFORE)
        await ui.type_text(pilot, "x = 1")
        await pilot.press(key)
        await ui.settle(pilot)
        # the focus is where Tab from the code's language box would go next: the next field
        assert app.focused is not area
        owner = ui.field_widget(app.focused)
        assert owner is not None and owner.field.path == AFTER
        assert app.focused is owner.query_one(Input)
        await ui.type_text(pilot, "rust")  # the next field's placeholder language: replaced
        await ui.settle(pilot)
        assert app.card.card.field(BEFORE).value.rstrip("\n") == "x = 1"
        assert app.card.card.field(AFTER).info == "rust"


async def test_tab_in_the_code_indents_and_stays(tmp_path: Path, ui: SimpleNamespace) -> None:
    card = tmp_path / "PERF-20.md"
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        area = await code_area(pilot, ui, BEFORE)
        await ui.type_text(pilot, "x")
        await pilot.press("home", "tab")
        await ui.settle(pilot)
        assert app.focused is area
        assert area.text == "    x"


def shown_keys(app: App[Any]) -> dict[str, str]:
    """The footer's keys: key → description, of the bindings in force that it shows."""
    return {
        key: active.binding.description
        for key, active in app.screen.active_bindings.items()
        if active.binding.show
    }


async def test_the_leave_key_is_in_the_footer_in_code_and_in_help(
    tmp_path: Path, ui: SimpleNamespace
) -> None:
    card = tmp_path / "PERF-20.md"
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        focused = await ui.focus_field(pilot, BEFORE)
        assert isinstance(focused, Input)
        assert "escape" not in shown_keys(app), "the language box is left by Tab"
        await code_area(pilot, ui, BEFORE)
        assert shown_keys(app).get("escape") == "Next field"
        assert shown_keys(app).get("f6") == "Next field"
        await pilot.press("f1")
        await ui.settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, file=io.StringIO(), color_system=None)
        for static in app.screen.query(Static):
            console.print(static.content)
        help_text = console.file.getvalue()  # type: ignore[attr-defined]
        row = next((line for line in help_text.splitlines() if "Leave the code" in line), help_text)
        assert "esc" in row and "f6" in row, row


async def test_a_language_from_elsewhere_takes_its_indent(
    tmp_path: Path, ui: SimpleNamespace
) -> None:
    """A language shown in place (from the disk, say: ``sync``) indents as typed ones do."""
    card = tmp_path / "PERF-20.md"
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        owner = ui.field_widget(await ui.focus_field(pilot, BEFORE))
        area = owner.query_one(CodeArea)
        owner.sync(replace(owner.field, info="go"))
        assert owner.query_one(Input).value == "go"
        assert (area.unit, area.indent_type) == ("\t", "tabs")
        owner.sync(replace(owner.field, info="yaml"))
        assert (area.unit, area.indent_type, area.indent_width) == ("  ", "spaces", 2)
