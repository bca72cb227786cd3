"""Tables that behave: rows added, removed and moved with the focus where the person works,
the grid showing the card at once, columns wide enough to read, and the card's bytes changed
only in the rows edited, in the table's own style."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual import events
from textual.widgets import Button, Input, Static

from perfcard_tui.app.screens.help import HelpScreen
from perfcard_tui.app.widgets.table_field import TableFieldWidget

TABLE = "benchmarking/performance-comparison/table"
HEADER = "| Metric | Before | After | Improvement |\n|--------|--------|-------|-------------|\n"
ROW_1 = "| p95 response time | 420ms | 240ms | 42.9% less time |\n"
ROW_2 = "| p99 response time | 912ms | 505ms | 44.6% less time |\n"
ROW_3 = "| p95 response time, page_size=100 | 1380ms | 690ms | 50% less time |\n"


def table_text(path: Path) -> str:
    """The card's table lines, as bytes decoded (the header through the last row)."""
    text = path.read_bytes().decode()
    start = text.index(HEADER)
    end = text.index("\n\n", start)
    return text[start : end + 1]


def focused_cell(app) -> str | None:
    focused = app.focused
    return focused.id if isinstance(focused, Input) else None


def grid_rows(app) -> list[list[str]]:
    """What the grid shows: each body row's cell values."""
    table = app.screen.query_one(TableFieldWidget)
    rows: dict[int, list[str]] = {}
    for box in table.query(Input):
        assert box.id is not None
        _, row, _ = box.id.split("-")
        rows.setdefault(int(row), []).append(box.value)
    return [rows[r] for r in sorted(rows)]


async def open_table(pilot, ui, cell: str = "#cell-1-0") -> Input:
    await ui.settle(pilot)
    await ui.focus_field(pilot, f"{TABLE}/row-1/metric")
    box = pilot.app.screen.query_one(cell, Input)
    box.focus()
    await pilot.pause()
    await pilot.press("end")
    return box


async def wait_focus(pilot, ui, cell: str) -> None:
    await ui.settle(pilot)
    await ui.wait_for(
        pilot,
        lambda: focused_cell(pilot.app) == cell,
        # the keys of a burst are replayed after a row edit's rebuild, one at a time: on a
        # loaded CI machine (four workers on two cores) that outlasted two seconds once
        timeout=10,
        what=f"the focus on {cell} (when the wait began it was on {pilot.app.focused!r})",
    )


async def test_ctrl_n_adds_a_row_below_focuses_its_first_cell_and_shows_it(perf7: Path, ui) -> None:
    """The reported scenario: type p99 in a cell, ctrl+n, type NEWROW, save."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await open_table(pilot, ui)
        await ui.type_text(pilot, "p99")
        await pilot.press("ctrl+n")
        await wait_focus(pilot, ui, "cell-2-0")
        assert grid_rows(app)[1] == ["", "", "", ""]  # the new row, in the grid at once
        await ui.type_text(pilot, "NEWROW")
        await ui.settle(pilot)
        assert focused_cell(app) == "cell-2-0"
        assert grid_rows(app)[:3] == [
            ["p95 response timep99", "420ms", "240ms", "42.9% less time"],
            ["NEWROW", "", "", ""],
            ["p99 response time", "912ms", "505ms", "44.6% less time"],
        ]
        await ui.save(pilot)
    assert table_text(perf7) == (
        HEADER
        + "| p95 response timep99 | 420ms | 240ms | 42.9% less time |\n"
        + "| NEWROW | | | |\n"
        + ROW_2
        + ROW_3
    )


async def test_an_empty_cell_shows_a_placeholder_so_a_new_row_can_be_seen(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await open_table(pilot, ui, "#cell-3-0")
        await pilot.press("ctrl+n")
        await wait_focus(pilot, ui, "cell-4-0")
        boxes = [app.screen.query_one(f"#cell-4-{col}", Input) for col in range(4)]
        assert all(box.placeholder for box in boxes)
        assert all(box.region.width > 0 and box.region.height == 1 for box in boxes)


async def test_spaces_typed_in_a_cell_leave_no_trailing_whitespace(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await open_table(pilot, ui)
        await pilot.press("ctrl+n")
        await wait_focus(pilot, ui, "cell-2-0")
        await ui.type_text(pilot, "p99 response time  ")
        await pilot.press("tab")  # on to Before, and type there too
        await ui.type_text(pilot, "1 ms ")
        await ui.settle(pilot)
        await ui.save(pilot)
    assert (
        table_text(perf7) == HEADER + ROW_1 + "| p99 response time | 1 ms | | |\n" + ROW_2 + ROW_3
    )


async def test_ctrl_g_removes_the_row_and_the_focus_stays_in_its_place(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await open_table(pilot, ui, "#cell-2-1")
        await pilot.press("ctrl+g")
        await wait_focus(pilot, ui, "cell-2-1")  # now the row that was below
        assert app.screen.query_one("#cell-2-0", Input).value.startswith("p95 response time,")
        assert not app.screen.query("#cell-3-0")
        await ui.save(pilot)
    assert table_text(perf7) == HEADER + ROW_1 + ROW_3


async def test_alt_up_and_down_move_the_row_and_the_focus_follows(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await open_table(pilot, ui, "#cell-3-2")
        await pilot.press("alt+up")
        await wait_focus(pilot, ui, "cell-2-2")
        await pilot.press("alt+up")
        await wait_focus(pilot, ui, "cell-1-2")
        assert app.screen.query_one("#cell-1-0", Input).value.startswith("p95 response time,")
        await pilot.press("alt+up")  # already at the top: nothing moves
        await ui.settle(pilot)
        assert focused_cell(app) == "cell-1-2"
        await ui.save(pilot)
        assert table_text(perf7) == HEADER + ROW_3 + ROW_1 + ROW_2
        await pilot.press("alt+down")
        await wait_focus(pilot, ui, "cell-2-2")
        await ui.save(pilot)
    assert table_text(perf7) == HEADER + ROW_1 + ROW_3 + ROW_2


async def test_up_and_down_go_to_the_cell_above_and_below(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await open_table(pilot, ui, "#cell-1-1")
        await pilot.press("down", "down")
        assert focused_cell(app) == "cell-3-1"
        await pilot.press("down")  # the last row: stays
        assert focused_cell(app) == "cell-3-1"
        await pilot.press("up")
        assert focused_cell(app) == "cell-2-1"


async def test_columns_are_sized_to_their_text_and_a_long_cell_is_shown_whole(
    perf7: Path, ui
) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await open_table(pilot, ui)
        await ui.settle(pilot)
        table = app.screen.query_one(TableFieldWidget)
        width = {col: app.screen.query_one(f"#cell-1-{col}", Input).size.width for col in range(4)}
        # every short value fits its column, the Metric column is the widest
        assert width[0] > len("p95 response time")
        assert width[1] > len("1380ms") and width[2] > len("240ms")
        assert width[3] > len("44.6% less time")
        assert width[0] > width[1]
        # the grid fits the form: no column runs off the right
        assert all(box.region.right <= table.content_region.right for box in table.query(Input))
        cell_text = table.query_one(".table-cell-text", Static)
        assert not cell_text.display  # "p95 response time" fits
        long = app.screen.query_one("#cell-3-0", Input)
        long.focus()
        await ui.settle(pilot)
        assert long.size.width <= len(long.value)  # too narrow for its text at this size
        await ui.wait_for(pilot, lambda: cell_text.display, what="the whole text shown below")
        assert "p95 response time, page_size=100" in str(cell_text.render())


async def test_a_table_without_rows_offers_a_button_and_ctrl_n_fills_it(perf7: Path, ui) -> None:
    text = perf7.read_text()
    perf7.write_text(text.replace(ROW_1 + ROW_2 + ROW_3, ""))
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.editor.goto("benchmarking/performance-comparison")
        await ui.settle(pilot)
        button = app.screen.query_one(TableFieldWidget).query_one(Button)
        await ui.wait_for(pilot, lambda: app.focused is button, what="the add-row button")
        await pilot.press("enter")
        await wait_focus(pilot, ui, "cell-1-0")
        await ui.type_text(pilot, "p50")
        await ui.settle(pilot)
        await ui.save(pilot)
    # the header and its delimiter are laid out in columns: the new row is too
    assert table_text(perf7) == HEADER + "| p50    |        |       |             |\n"


async def test_the_table_keys_are_in_the_footer_and_in_help(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await open_table(pilot, ui)
        shown = {
            key: binding.binding.description
            for key, binding in app.screen.active_bindings.items()
            if binding.binding.show
        }
        for key in ("ctrl+n", "ctrl+g", "alt+up", "alt+down"):
            assert key in shown, f"{key} is not in the footer: {shown}"
        await pilot.press("f1")
        await ui.settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, file=io.StringIO(), color_system=None)
        for static in app.screen.query(Static):
            console.print(static.content)
        text = console.file.getvalue()  # type: ignore[attr-defined]
        for what in ("Add a table row", "Remove this table row", "Move this table row up"):
            assert what in text


async def test_keys_typed_right_after_ctrl_n_land_in_the_new_row(perf7: Path, ui) -> None:
    """ctrl+n and the next keys in one burst, as a fast typist or a paste sends them: none
    lands in the old row's cell, none is lost while the form is rebuilt."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await open_table(pilot, ui)
        burst = [events.Key("ctrl+n", None)]
        burst += [events.Key(ch, ch) for ch in "NEWROX"]
        burst += [events.Key("backspace", None), events.Key("W", "W")]
        for event in burst:  # all queued at once, before the app handles the first
            app.post_message(event)
        await wait_focus(pilot, ui, "cell-2-0")
        await ui.settle(pilot)
        assert grid_rows(app)[:2] == [
            ["p95 response time", "420ms", "240ms", "42.9% less time"],
            ["NEWROW", "", "", ""],
        ]
        await ui.save(pilot)
    assert table_text(perf7) == HEADER + ROW_1 + "| NEWROW | | | |\n" + ROW_2 + ROW_3


async def test_a_refused_row_edit_gives_the_keys_back(perf7: Path, ui, monkeypatch) -> None:
    """If the card refuses the edit nothing is rebuilt: the keys typed go to the cell they were
    typed in, after a moment."""
    from perfcard_tui.core import edits

    def refuse(*args: object, **kwargs: object) -> None:
        raise edits.EditError("no rows today")

    monkeypatch.setattr(edits, "add_table_row", refuse)
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await open_table(pilot, ui)
        await pilot.press("ctrl+n")
        await ui.type_text(pilot, "Z")
        await ui.wait_for(pilot, lambda: focused_cell(app) == "cell-1-0", timeout=5.0)
        await ui.settle(pilot)
        assert app.screen.query_one("#cell-1-0", Input).value == "p95 response timeZ"
        assert app.card.card.field(f"{TABLE}/row-1/metric").value == "p95 response timeZ"


async def test_a_burst_of_typing_and_row_moves_edits_the_rows_typed_in(perf7: Path, ui) -> None:
    """Typing then moving a row in one burst: the text typed is sent before the row moves (its
    change events, still queued, must not land in the row that took its number)."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await open_table(pilot, ui, "#cell-3-0")
        burst = [events.Key("Z", "Z"), events.Key("Q", "Q")]
        burst += [events.Key("alt+up", None), events.Key("alt+up", None), events.Key("Y", "Y")]
        burst += [events.Key("up", None), events.Key("down", None), events.Key("down", None)]
        burst += [events.Key("X", "X")]
        for event in burst:
            app.post_message(event)
        await ui.settle(pilot)
        await wait_focus(pilot, ui, "cell-3-0")
        await ui.save(pilot)
    assert table_text(perf7) == (
        HEADER
        + "| p95 response time, page_size=100ZQY | 1380ms | 690ms | 50% less time |\n"
        + ROW_1
        + "| p99 response timeX | 912ms | 505ms | 44.6% less time |\n"
    )
