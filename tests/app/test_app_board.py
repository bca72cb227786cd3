"""The board on a real gitban folder (tests/gitban_repo): rows first, then what reading each card
gives; filter, sort, kanban and archive from the keyboard; enter ends with the card to open; and
the folder watched, so a card added or renamed (a status change) shows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from perfcard_tui.app.board.app import BoardApp
from perfcard_tui.app.board.kanban import KanbanColumn, KanbanView
from perfcard_tui.app.board.screen import BoardScreen, BoardState
from perfcard_tui.app.board.table import BoardTable, TableHeader

REPO = Path(__file__).resolve().parents[1] / "gitban_repo"
SIZE = (160, 40)
TODO_BUG = "todo-P1-bug-crash-on-empty-card-x7y7z7.md"


@pytest.fixture
def cards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture repository's cards folder, with a cache of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copytree(REPO, tmp_path / "repo")
    return tmp_path / "repo" / ".gitban" / "cards"


def _board(app: BoardApp) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    return screen


def _all_read(app: BoardApp) -> bool:
    screen = app.screen
    if not isinstance(screen, BoardScreen) or not screen.rows:
        return False
    return all(r.read for r in screen.rows)


async def _ready(pilot, ui) -> BoardScreen:
    await ui.wait_for(pilot, lambda: _all_read(pilot.app), timeout=30, what="every card read")
    await pilot.pause()
    return _board(pilot.app)


def _names(board: BoardScreen) -> list[str]:
    return [Path(row.path).name for row in board.shown]


async def test_the_board_lists_every_card_flags_duplicates_and_lists_other_files_apart(
    cards: Path, ui
) -> None:
    app = BoardApp(BoardState(str(cards)))
    async with app.run_test(size=SIZE) as pilot:
        board = await _ready(pilot, ui)
        assert len(board.rows) == 16
        assert len(board.shown) == 13  # the archive is hidden until asked for
        twins = [r for r in board.rows if r.id == "x7y7z7"]
        assert len(twins) == 2 and all(r.duplicate for r in twins)
        others = str(board.query_one("#others", Static).render())
        assert "README.md" in others and "SUMMARY.md" in others
        assert all(not Path(r.path).name.startswith(("README", "SUMMARY")) for r in board.rows)
        status = str(board.query_one("#status", Static).render())
        assert "16 cards" in status and "⚠ 2 files share a card ID" in status
        bug = next(r for r in board.rows if Path(r.path).name == TODO_BUG)
        assert (bug.type, bug.status, bug.priority) == ("bug", "todo", 1)
        assert bug.title == "Crash when opening an empty card"  # read from the card
        await pilot.press("a")
        assert len(board.shown) == 16


async def test_filter_sort_and_kanban_from_the_keyboard(cards: Path, ui) -> None:
    app = BoardApp(BoardState(str(cards)))
    async with app.run_test(size=SIZE) as pilot:
        board = await _ready(pilot, ui)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await ui.type_text(pilot, "status:todo type:bug")
        assert {(r.status, r.type) for r in board.shown} == {("todo", "bug")}
        assert len(board.shown) == 2
        await ui.type_text(pilot, " colour:red")  # a key there is none of: said, not hidden
        status = str(board.query_one("#status", Static).render())
        assert "colour" in status
        await pilot.press(*["backspace"] * len(" colour:red"))
        await pilot.press("enter")  # back to the rows
        assert isinstance(app.focused, BoardTable)
        board.query_one("#filter", Input).value = ""
        await pilot.pause()
        # sorting: s goes to the next column, S reverses it; the header shows which
        assert board.state.sort == "status"
        await pilot.press("s")
        assert board.state.sort == "priority"
        priorities = [r.priority for r in board.shown]
        assert priorities == sorted(priorities)
        await pilot.press("S")
        assert board.state.sort == "-priority"
        assert "P▼" in str(board.query_one(TableHeader).render())
        # kanban: a column per status, in gitban's order
        await pilot.press("k")
        await pilot.pause()
        kanban = board.query_one(KanbanView)
        # the columns are mounted first and filled after the next refresh: wait for both
        await ui.wait_for(
            pilot,
            lambda: (
                len(columns := kanban.query(KanbanColumn)) == 4 and all(c.rows for c in columns)
            ),
            what="columns filled",
        )
        assert kanban.statuses == ("backlog", "todo", "in_progress", "done")
        counts = [len(c.rows) for c in kanban.query(KanbanColumn)]
        assert counts == [2, 5, 4, 2]


async def test_enter_ends_with_the_card_and_the_cursor_comes_back_to_it(cards: Path, ui) -> None:
    app = BoardApp(BoardState(str(cards)))
    async with app.run_test(size=SIZE) as pilot:
        board = await _ready(pilot, ui)
        table = board.query_one(BoardTable)
        index = next(i for i, r in enumerate(board.shown) if Path(r.path).name == TODO_BUG)
        await pilot.press(*["down"] * index)
        assert table.current is not None and Path(table.current).name == TODO_BUG
        await pilot.press("enter")
    assert app.return_value is not None and Path(app.return_value).name == TODO_BUG
    state = app.state
    # back from the editor: a new board, as it was left
    again = BoardApp(state)
    async with again.run_test(size=SIZE) as pilot:
        board = await _ready(pilot, ui)
        current = board.query_one(BoardTable).current
        assert current is not None and Path(current).name == TODO_BUG


async def test_a_card_added_or_renamed_elsewhere_shows(cards: Path, ui) -> None:
    app = BoardApp(BoardState(str(cards)))
    async with app.run_test(size=SIZE) as pilot:
        board = await _ready(pilot, ui)
        await pilot.pause(0.3)  # let the watcher start
        moved = cards / "done-P1-bug-crash-on-empty-card-x7y7z7.md"
        (cards / TODO_BUG).rename(moved)  # gitban moves a card to done by renaming it
        new = cards / "todo-P2-chore-write-the-changelog-z9z9z9.md"
        new.write_text("# Write the changelog\n\n## Tasks\n\n- [ ] write it\n", "utf-8")

        def shows_both() -> bool:
            names = {Path(r.path).name for r in board.rows}
            return moved.name in names and new.name in names and TODO_BUG not in names

        await ui.wait_for(pilot, shows_both, timeout=10, what="the folder's changes")
        row = next(r for r in board.rows if Path(r.path).name == moved.name)
        assert row.status == "done"
        await ui.wait_for(pilot, lambda: _all_read(app), timeout=10, what="the new card read")
        added = next(r for r in board.rows if Path(r.path).name == new.name)
        assert added.title == "Write the changelog"
