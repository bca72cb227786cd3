"""Small questions: quitting with unsaved changes, recovering a crashed session's text,
discarding a session entry."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...core.display import safe_text
from ..keystrokes import Keystrokes
from .quiet_focus import QuietFocus
from .unbidden import UnbiddenDialog


class _Question(QuietFocus, ModalScreen[str | None]):
    """A question with buttons; each button's id is the answer, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    _Question { align: center middle; }
    _Question > Vertical {
        width: 64;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 1 2;
    }
    _Question Horizontal { height: auto; margin: 1 0 0 0; }
    _Question Button { margin: 0 1 0 0; }
    """
    question = ""
    answers: tuple[tuple[str, str, str], ...] = ()  # (id, label, variant)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.card_name = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question.format(name=escape(safe_text(self.card_name))))
            with Horizontal():
                for answer, label, variant in self.answers:
                    yield Button(label, id=answer, variant=variant)  # type: ignore[arg-type]

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class QuitScreen(_Question):
    question = "[b]{name}[/] has unsaved changes. Save them before quitting?"
    answers = (
        ("save", "Save (s)", "primary"),
        ("discard", "Discard (d)", "error"),
        ("cancel", "Cancel (esc)", "default"),
    )
    BINDINGS = [
        Binding("s", "answer('save')", "Save"),
        Binding("d", "answer('discard')", "Discard"),
        Binding("escape,c", "cancel", "Cancel"),
    ]

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class RecoverScreen(UnbiddenDialog[bool]):
    """A crashed session's text: take it back, or set it aside (never deleted: the notice
    after says where it went). It opens by itself, so typing carried on chooses nothing."""

    BINDINGS = [
        Binding("r", "choose(True)", "Recover"),
        Binding("escape,d", "choose(False)", "Set aside"),
    ]
    KEYS = {"recover": "r", "set-aside": "d"}
    DEFAULT_CSS = _Question.DEFAULT_CSS.replace("_Question", "RecoverScreen")

    def __init__(self, name: str, keystrokes: Keystrokes) -> None:
        super().__init__(keystrokes)
        self.card_name = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"Unsaved changes to [b]{escape(safe_text(self.card_name))}[/] were kept from a "
                "session that did not end cleanly. Recover them into the editor, or set them "
                "aside (kept in a file, not deleted)?"
            )
            yield self.keys_hint()
            with Horizontal():
                yield Button("Recover", id="recover", variant="primary")
                yield Button("Set aside", id="set-aside", variant="error")

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "recover")

    def action_choose(self, recover: bool) -> None:
        self.when_alone(lambda: self.dismiss(recover))


class DiscardEntryScreen(QuietFocus, ModalScreen[bool]):
    """Escape in the session form with something typed: really throw it away?"""

    BINDINGS = [
        Binding("y,d", "choose(True)", "Discard"),
        Binding("escape,n", "choose(False)", "Keep editing"),
    ]
    DEFAULT_CSS = _Question.DEFAULT_CSS.replace("_Question", "DiscardEntryScreen")

    def __init__(self, name: str) -> None:
        super().__init__()
        self.card_name = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Discard this session entry? Nothing has been written yet.")
            with Horizontal():
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Keep editing (n)", id="keep", variant="primary")

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard")

    def action_choose(self, discard: bool) -> None:
        self.dismiss(discard)
