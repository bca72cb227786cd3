"""The board's app: shows a folder's cards and ends with the card to open, if one was chosen.

The editor is an app of its own (``PerfCardApp``, one card, one buffer), so going from the
board to a card and back is one app after the other, with the board's state (filter, sort,
view, cursor) carried across: the CLI runs that loop (``cli/launch.py``).
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.binding import Binding

from ...core.board.scan import Scan, scan_steps
from ..gil import favour_the_ui_thread
from ..key_order import KeyOrder
from .screen import SCREENFUL, BoardScreen, BoardState


class BoardApp(App[str]):
    """Exits with the path of the card chosen (enter), or None (ctrl+q)."""

    TITLE = "perfcard-tui"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Quit the board")]

    def __init__(
        self, state: BoardState, first: Scan | None = None, *, quit_without_waiting: bool = False
    ) -> None:
        """``quit_without_waiting``: a real run, whose end does not wait for the thread reading
        cards (``quick_exit``); it stops at its next result, and a chunk of cards still being
        read in a worker process could keep it seconds."""
        super().__init__()
        self.board = BoardScreen(state, first)
        self._quit_without_waiting = quit_without_waiting
        self.key_order = KeyOrder(self)
        """The filter's own keys (backspace, arrows...) act in the order typed."""

    def on_mount(self) -> None:
        if self._quit_without_waiting:
            from .. import quick_exit

            quick_exit.install()
        self.push_screen(self.board)

    async def on_event(self, event: events.Event) -> None:
        await self.key_order.dispatch(event, super().on_event)

    @property
    def state(self) -> BoardState:
        """The board's state as the person left it (also once the app has ended)."""
        return self.board.state


def run_board(state: BoardState) -> tuple[str | None, BoardState]:
    """Show the board: the card chosen (None when the person quit), and the board's state."""
    favour_the_ui_thread()  # its card readers report through a thread of their own
    app = BoardApp(state, first_cards(state.folder), quit_without_waiting=True)
    chosen = app.run()
    return chosen, app.state


def first_cards(folder: str) -> Scan | None:
    """A screenful of the folder's cards, found before the app starts (as the editor reads its
    card): the first frame shows them. Found in a worker once the app ran, they came a frame
    or two later, the scan sharing the GIL with the first render. None when the folder cannot
    be listed: the board's own scan says why."""
    try:
        return next(scan_steps(folder, first=SCREENFUL))
    except OSError:
        return None
