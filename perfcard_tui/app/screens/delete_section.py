"""Delete a section that holds text? (A section with nothing but headings goes without asking.)"""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...core.display import safe_text
from .quiet_focus import QuietFocus


class DeleteSectionScreen(QuietFocus, ModalScreen[bool]):
    """y deletes; n, escape or Enter (Keep has the focus: a stray Enter deletes nothing)."""

    AUTO_FOCUS = "#keep"

    BINDINGS = [
        Binding("y,d", "choose(True)", "Delete"),
        Binding("escape,n", "choose(False)", "Keep"),
    ]
    DEFAULT_CSS = """
    DeleteSectionScreen { align: center middle; }
    DeleteSectionScreen > Vertical {
        width: 64;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 1 2;
    }
    DeleteSectionScreen Horizontal { height: auto; margin: 1 0 0 0; }
    DeleteSectionScreen Button { margin: 0 1 0 0; }
    """

    def __init__(self, title: str, subsections: int) -> None:
        super().__init__()
        self.section_title = title
        self.subsections = subsections

    def compose(self) -> ComposeResult:
        under = ""
        if self.subsections:
            plural = "s" if self.subsections > 1 else ""
            under = f" and its {self.subsections} subsection{plural}"
        with Vertical():
            yield Static(
                f"Delete [b]{escape(safe_text(self.section_title))}[/]{under}, with their "
                "text? ctrl+z brings them back."
            )
            with Horizontal():
                yield Button("Delete (y)", id="delete", variant="error")
                yield Button("Keep (n)", id="keep", variant="primary")

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "delete")

    def action_choose(self, delete: bool) -> None:
        self.dismiss(delete)
