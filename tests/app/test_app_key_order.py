"""Keys act in the order typed, even when they come faster than the app handles them.

A burst is posted to the app all at once, without waiting between keys, the way a pty hands
over a fast typist's keys (``pilot.press`` waits for each key to be handled, which hides the
problem). Textual types a letter when it reaches the focused field, but runs the field's own
bound keys (backspace, arrows...) only once they have bubbled up to the app, after the letters
behind them (Textual issue #6605): ``b a ⌫ c`` gave ``ba``. ``app/key_order.py`` runs them in
the field's turn; these hold it to that, in every kind of text field and dialog, and check what
it must leave alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.widgets import Input, TextArea

from perfcard_tui.app.board.app import BoardApp
from perfcard_tui.app.board.screen import BoardScreen, BoardState
from perfcard_tui.app.screens.search import SearchScreen
from perfcard_tui.app.widgets.code_field import CodeArea
from perfcard_tui.app.widgets.fields import CheckFieldWidget
from perfcard_tui.app.widgets.raw_section import RawSectionWidget

CURRENT = "current-performance/primary-metric/current-value"
PROSE = "prerequisites/summary"
CODE = "optimization-approach/code-changes/before-slow"
TABLE = "benchmarking/performance-comparison/table"
VERIFY = (
    "implementation/phase-2-optimization/eliminate-n1-queries-in-orderserializer/verify-correctness"
)
GITBAN_REPO = Path(__file__).resolve().parents[1] / "gitban_repo"

BAC = ["b", "a", "backspace", "c"]
# every kind of editing key, each right before a letter
MIXED = [
    "end", "a", "b", "backspace", "c", "left", "left", "X", "end", "Y", "backspace",
    "backspace", "Z", "home", "Q", "delete", "right", "W", "end", "backspace", "1", "2",
    "left", "3",
]  # fmt: skip


def edited(text: str, keys: list[str]) -> str:
    """``text`` after ``keys``, typed into a one-line editor whose cursor starts at the end."""
    cursor = len(text)
    for key in keys:
        if key == "backspace":
            if cursor:
                text, cursor = text[: cursor - 1] + text[cursor:], cursor - 1
        elif key == "delete":
            text = text[:cursor] + text[cursor + 1 :]
        elif key in ("left", "right"):
            cursor = min(max(cursor + (1 if key == "right" else -1), 0), len(text))
        elif key in ("home", "end"):
            cursor = 0 if key == "home" else len(text)
        else:
            text, cursor = text[:cursor] + key + text[cursor:], cursor + 1
    return text


def burst(app: App[Any], keys: list[str]) -> list[events.Key]:
    """Post ``keys`` to the app at once, as the terminal driver does; the events posted."""
    posted = [events.Key(key, key if len(key) == 1 else None) for key in keys]
    for event in posted:
        app.post_message(event)
    return posted


def at_end(field: Input | TextArea) -> str:
    """Put the cursor at the end of ``field`` (one line); its text."""
    if isinstance(field, Input):
        field.cursor_position = len(field.value)
        return field.value
    field.move_cursor(field.document.end)
    return field.text


def text_of(field: Input | TextArea) -> str:
    return field.value if isinstance(field, Input) else field.text


async def until_shows(pilot, ui, get: Callable[[], object], want: object, what: str) -> None:
    """Wait until ``get()`` is ``want``; fail saying what it was instead."""
    try:
        await ui.wait_for(pilot, lambda: get() == want, what=f"{what} to be {want!r}")
    except AssertionError as error:
        raise AssertionError(f"{error}; it is {get()!r}") from None


async def focused_field(pilot, ui, where: str) -> Input | TextArea:
    """Focus the text field of ``where`` (a field path; a code field's code, a table's first
    cell of row 1)."""
    app = pilot.app
    focused = await ui.focus_field(pilot, where)
    if where == CODE:
        focused = ui.field_widget(focused).query_one(CodeArea)
    elif where == TABLE:
        focused = app.screen.query_one("#cell-1-0", Input)
    focused.focus()
    await pilot.pause()
    assert app.focused is focused
    return focused


@pytest.mark.parametrize("keys", [BAC, MIXED], ids=["b-a-backspace-c", "mixed"])
@pytest.mark.parametrize(
    ("where", "path"),
    [
        (CURRENT, CURRENT),
        (PROSE, PROSE),
        (TABLE, f"{TABLE}/row-1/metric"),
    ],
    ids=["input", "text-area", "table-cell"],
)
async def test_a_burst_lands_in_order(perf7: Path, ui, where: str, path: str, keys) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        field = await focused_field(pilot, ui, where)
        want = edited(at_end(field), keys)
        burst(app, keys)
        await until_shows(pilot, ui, lambda: text_of(field), want, "the field's text")
        await ui.settle(pilot)
        assert app.card.card.field(path).value == want
        assert text_of(field) == want  # nothing arrived late


async def test_code_takes_a_burst_in_order_and_escape_still_leaves(perf7: Path, ui) -> None:
    """Code, which handles enter itself (the new line's indent) and binds escape to leave
    (escape keeps Textual's order: every screen handles it too)."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        area = await focused_field(pilot, ui, CODE)
        assert isinstance(area, TextArea)
        before = area.text
        area.move_cursor((0, 0))
        burst(app, ["#", "b", "a", "backspace", "c", "enter", "end", "home", "x"])
        want = "#bc\nx" + before
        await until_shows(pilot, ui, lambda: area.text, want, "the code")
        burst(app, ["escape"])
        await ui.wait_for(pilot, lambda: app.focused is not area, what="the focus to leave")
        await ui.settle(pilot)
        assert app.card.card.field(CODE).value.startswith("#bc\nx")
        assert area.text == want


async def test_a_text_areas_own_undo_acts_between_the_keys_around_it(perf7: Path, ui) -> None:
    """In a section's raw markdown ctrl+z is the text area's own (the app's priority binding
    declines it there): it undoes what was typed before it, not what came after."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.editor.open_section("prerequisites")
        await ui.settle(pilot)
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        area = app.editor.query_one(RawSectionWidget).query_one(TextArea)
        area.focus()
        await pilot.pause()
        area.move_cursor((0, 0))
        before = area.text
        burst(app, ["a", "b", "ctrl+z", "c"])
        await until_shows(pilot, ui, lambda: area.text, "c" + before, "the raw markdown")
        await ui.settle(pilot)
        assert area.text == "c" + before


async def test_a_dialogs_input_takes_a_burst_in_order(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("ctrl+f")
        await ui.wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), what="the dialog")
        query = app.screen.query_one("#query", Input)
        await ui.wait_for(pilot, lambda: app.focused is query, what="the focus on the query")
        query.value = "pg"
        query.cursor_position = 2
        burst(app, ["b", "o", "u", "n", "x", "backspace", "c", "e", "r"])
        await until_shows(pilot, ui, lambda: query.value, "pgbouncer", "the query")


async def test_the_boards_filter_takes_a_burst_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ui
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copytree(GITBAN_REPO, tmp_path / "repo")
    app = BoardApp(BoardState(str(tmp_path / "repo" / ".gitban" / "cards")))
    async with app.run_test(size=(160, 40)) as pilot:
        await ui.wait_for(pilot, lambda: isinstance(app.screen, BoardScreen), what="the board")
        await pilot.press("slash")
        box = app.screen.query_one("#filter", Input)
        await ui.wait_for(pilot, lambda: app.focused is box, what="the focus on the filter")
        burst(app, [*"bug", "backspace", "backspace", "backspace", *"todo"])
        await until_shows(pilot, ui, lambda: box.value, "todo", "the filter")


async def test_every_key_of_a_burst_is_seen_when_it_arrives(perf7: Path, ui) -> None:
    """The app notes when each key arrives (a dialog that opens by itself waits for a pause):
    a key run in its field's turn is noted too, once, with its own time."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        field = await focused_field(pilot, ui, CURRENT)
        want = edited(at_end(field), MIXED)
        seen: list[float] = []
        saw_key = app.keystrokes.saw_key

        def noting(at: float) -> None:
            seen.append(at)
            saw_key(at)

        app.keystrokes.saw_key = noting
        posted = burst(app, MIXED)
        await until_shows(pilot, ui, lambda: text_of(field), want, "the field's text")
        await ui.settle(pilot)
        assert seen == [event.time for event in posted]
        assert app.keystrokes.last == posted[-1].time


async def test_a_checklist_items_backspace_reaches_the_item_before_the_box(perf7: Path, ui) -> None:
    """A checklist item handles backspace itself (on an empty item it removes the item): it
    must see the key before the box's binding deletes the last letter, as it always has, so
    backspace on a one-letter item empties it and keeps it."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, VERIFY)
        await pilot.press("tab", "enter")  # a new, empty item under Verify correctness
        await ui.settle(pilot)
        box = app.focused
        assert isinstance(box, Input) and box.value == ""
        item = ui.field_widget(box)
        assert isinstance(item, CheckFieldWidget)
        burst(app, ["z"])
        await ui.wait_for(pilot, lambda: box.value == "z", what="z in the new item")
        await ui.settle(pilot)
        items = len(app.card.card.section_of(VERIFY).fields)
        burst(app, ["backspace"])
        await ui.wait_for(pilot, lambda: box.value == "", what="the item emptied")
        await ui.settle(pilot)
        assert box.is_attached and app.focused is box
        assert len(app.card.card.section_of(VERIFY).fields) == items
        burst(app, ["backspace"])  # now empty: the item goes
        await ui.wait_for(
            pilot,
            lambda: len(app.card.card.section_of(VERIFY).fields) == items - 1,
            what="the empty item removed",
        )
