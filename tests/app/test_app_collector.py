"""The collector held off while an app starts comes back once it has: an app that forgot to
settle would leave its process collecting nothing for as long as it runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from perfcard_tui.app import collector
from perfcard_tui.app.board.app import BoardApp
from perfcard_tui.app.board.screen import BoardScreen, BoardState

SIZE = (120, 36)


@pytest.fixture
def held() -> Iterator[None]:
    """The process as the command line leaves it before an app starts; restored after."""
    threshold = gc.get_threshold()
    collector.hold()
    assert not gc.isenabled()
    yield
    gc.set_threshold(*threshold)
    gc.enable()


async def test_the_editor_turns_the_collector_back_on_once_it_has_started(
    held: None, perf7: Path, ui
) -> None:
    frozen = gc.get_freeze_count()
    app = ui.make_app(perf7)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen  # the parsed card, the editor's widgets


async def test_the_board_turns_the_collector_back_on_once_its_first_rows_are_drawn(
    held: None, samples_dir: Path, ui
) -> None:
    app = BoardApp(BoardState(str(samples_dir)))
    async with app.run_test(size=SIZE) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        await ui.wait_for(pilot, board.first_rows_drawn.is_set, what="the first rows drawn")
        assert gc.isenabled()
