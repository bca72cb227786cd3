"""What the app shows in its first frame: the card's text, read with the stdlib store only."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...core import store


class FirstFrame(VerticalScroll):
    """The card's text as it is on disk, shown while the editor loads (a few hundred ms)."""

    DEFAULT_CSS = """
    FirstFrame { padding: 0 2; }
    FirstFrame > .first-frame-title { color: $text-muted; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        try:
            text = store.read_card(self.path).text
        except store.CardReadError:
            text = ""
        yield Static(f"{self.path.name} — opening…", classes="first-frame-title")
        yield Static(Text(text or "(new card)"))
