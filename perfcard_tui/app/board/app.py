"""The board's app: shows a folder's cards and ends with the card to open, if one was chosen.

The editor is an app of its own (``PerfCardApp``, one card, one buffer), so going from the
board to a card and back is one app after the other, with the board's state (filter, sort,
view, cursor) carried across: the CLI runs that loop (``cli/launch.py``).
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.binding import Binding

from ..key_order import KeyOrder
from .screen import BoardScreen, BoardState


class BoardApp(App[str]):
    """Exits with the path of the card chosen (enter), or None (ctrl+q)."""

    TITLE = "perfcard-tui"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Quit the board")]

    def __init__(self, state: BoardState) -> None:
        super().__init__()
        self.board = BoardScreen(state)
        self.key_order = KeyOrder(self)
        """The filter's own keys (backspace, arrows...) act in the order typed."""

    def on_mount(self) -> None:
        self.push_screen(self.board)

    async def on_event(self, event: events.Event) -> None:
        await self.key_order.dispatch(event, super().on_event)

    @property
    def state(self) -> BoardState:
        """The board's state as the person left it (also once the app has ended)."""
        return self.board.state


def start_card_readers() -> None:
    """Start the server that forks the processes reading cards, before the app takes the
    terminal. Forking this process once the app runs would copy threads mid-operation, and a
    server started from inside the app is handed the app's stand-in for stderr, which has no
    file descriptor (``bad value(s) in fds_to_keep``). The server loads the core once; every
    reader forked from it starts with it."""
    from multiprocessing import forkserver, resource_tracker, set_forkserver_preload

    set_forkserver_preload(["perfcard_tui.core.board.results"])
    resource_tracker.ensure_running()
    forkserver.ensure_running()


def run_board(state: BoardState) -> tuple[str | None, BoardState]:
    """Show the board: the card chosen (None when the person quit), and the board's state."""
    start_card_readers()
    app = BoardApp(state)
    chosen = app.run()
    return chosen, app.state
