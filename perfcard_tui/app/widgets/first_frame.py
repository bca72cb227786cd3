"""What the app shows in its first frame: the card's text (or its beginning) as already read."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...core.display import safe_text

FIRST_SCREEN_CHARS = 16_000


class FirstFrame(VerticalScroll):
    """The card's text as it is on disk, shown while the editor loads (a few hundred ms).
    Keys typed meanwhile are held by the app and replayed into the editor."""

    DEFAULT_CSS = """
    FirstFrame { padding: 0 2; }
    FirstFrame > .first-frame-title { color: $text-muted; }
    """

    def __init__(self, path: Path, text: str | None) -> None:
        super().__init__()
        self.path = path
        # the top of the card is what fits on a screen: laying out all of a 50 MB card's text
        # would keep the UI thread from the editor it is waiting for
        head = text[:FIRST_SCREEN_CHARS] if text is not None else ""
        self.text = head.rpartition("\n")[0] if len(head) == FIRST_SCREEN_CHARS else head

    def compose(self) -> ComposeResult:
        yield Static(Text(f"{safe_text(self.path.name)} — opening…"), classes="first-frame-title")
        # no more lines than the screen has rows: each line takes one at least, and wrapping
        # and styling the rest (some 400 lines of the sample) was most of the frame's time
        rows = max(self.app.size.height, 1)
        shown = "".join(self.text.splitlines(keepends=True)[:rows])
        yield Static(Text(safe_text(shown) or "(new card)"))
