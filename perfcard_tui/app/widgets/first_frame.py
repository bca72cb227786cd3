"""What the app shows in its first frame: the card's text as already read (stdlib store only)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...core import store
from ...core.display import safe_text


class FirstFrame(VerticalScroll):
    """The card's text as it is on disk, shown while the editor loads (a few hundred ms).
    Keys typed meanwhile are held by the app and replayed into the editor."""

    DEFAULT_CSS = """
    FirstFrame { padding: 0 2; }
    FirstFrame > .first-frame-title { color: $text-muted; }
    """

    def __init__(self, path: Path, text: store.CardText | None) -> None:
        super().__init__()
        self.path = path
        self.text = text.text if text is not None else ""

    def compose(self) -> ComposeResult:
        yield Static(Text(f"{safe_text(self.path.name)} — opening…"), classes="first-frame-title")
        yield Static(Text(safe_text(self.text) or "(new card)"))
