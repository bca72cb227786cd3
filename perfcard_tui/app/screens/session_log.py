"""ctrl+l: log a working session in Progress Notes, entirely from the keyboard.

Every list is typed one item per line (enter starts the next item); ctrl+s writes the entry,
escape cancels (asking first when something was typed).

ctrl+s puts the entry through the gate (``gate.admit_entry``, as ``perfcard-tui log`` does)
before the form closes: a refusal keeps the form open with everything typed, says why in one
line under the fields, and puts the cursor in the input it is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from ...core import gate, metrics
from ...core.display import safe_text
from ...core.model import Card
from ...core.sessions import SessionEntry
from .confirm import DiscardEntryScreen

LISTS = (
    ("completed", "✅ Completed (one per line)"),
    ("in_progress", "🔄 In Progress"),
    ("issues", "⚠️ Issues (problem: resolution)"),
    ("next_steps", "📋 Next Session"),
)


# a refusal names the part it is about first ("After: ..."): the input that holds it
_INPUT_OF_PART = {
    "Date": "date",
    "Name": "name",
    "Completed": "completed",
    "Before": "before",
    "After": "after",
    "Improvement": "improvement",
    "In Progress": "in_progress",
    "Issues": "issues",
    "Next Session": "next_steps",
    "Performance Notes": "notes",
}


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip().lstrip("-*").strip() for line in text.splitlines() if line.strip())


class SessionLogScreen(ModalScreen[SessionEntry | None]):
    BINDINGS = [
        Binding(
            "ctrl+s",
            "write",
            "Write entry",
            priority=True,
            tooltip="Write the session into Progress Notes",
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Cancel (asks if anything was typed)"),
    ]
    DEFAULT_CSS = """
    SessionLogScreen { align: center middle; }
    SessionLogScreen > Vertical {
        width: 100;
        max-width: 98%;
        height: 95%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    SessionLogScreen .row { height: auto; }
    SessionLogScreen .row > Vertical { height: auto; width: 1fr; margin: 0 1 0 0; }
    SessionLogScreen TextArea { height: auto; min-height: 3; max-height: 8; }
    SessionLogScreen .label { color: $text-muted; margin: 1 0 0 0; }
    SessionLogScreen #error { color: $error; height: auto; }
    """

    def __init__(
        self,
        card_name: str,
        prefill: SessionEntry,
        metric_name: str,
        card_now: Callable[[], Card] | None = None,
    ) -> None:
        """``card_now``: the card as it is when the entry is written, for the gate's last check
        (the one that inserts the entry into the card) while the form can still stay open."""
        super().__init__()
        self.card_now = card_now
        self.card_name = card_name
        self.prefill = prefill
        self.metric_name = metric_name
        self._improvement_typed = False

    def compose(self) -> ComposeResult:
        p = self.prefill
        with Vertical():
            yield Static(
                f"[b]Log a session[/] in {escape(safe_text(self.card_name))}   "
                "[dim]ctrl+s writes · escape cancels[/]"
            )
            with VerticalScroll():
                with Horizontal(classes="row"):
                    with Vertical():
                        yield Label("Date (YYYY-MM-DD)", classes="label")
                        yield Input(p.date, id="date", compact=True)
                    with Vertical():
                        yield Label("Name", classes="label")
                        yield Input(p.name, id="name", compact=True)
                yield Label(LISTS[0][1], classes="label")
                yield TextArea("\n".join(p.completed), id="completed", compact=True)
                yield Label(
                    f"📊 Metrics{f' ({self.metric_name})' if self.metric_name else ''}",
                    classes="label",
                )
                with Horizontal(classes="row"):
                    for key, title in (
                        ("before", "Before"),
                        ("after", "After"),
                        ("improvement", "Improvement"),
                    ):
                        with Vertical():
                            yield Label(title, classes="label")
                            yield Input(
                                p.metric(title), id=key, compact=True, select_on_focus=False
                            )
                for key, title in LISTS[1:]:
                    yield Label(title, classes="label")
                    yield TextArea("\n".join(getattr(p, key)), id=key, compact=True)
                yield Label("Performance Notes", classes="label")
                yield TextArea(p.notes, id="notes", compact=True, soft_wrap=True)
            yield Static(id="error")

    def on_mount(self) -> None:
        self._initial = self._snapshot()
        self.query_one("#after", Input).focus()

    def _value(self, key: str) -> str:
        widget = self.query_one(f"#{key}")
        return widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]

    @on(Input.Changed, "#before, #after")
    def _recompute(self) -> None:
        if self._improvement_typed:
            return
        text = metrics.describe_change(
            self._value("before"), self._value("after"), self.metric_name
        )
        box = self.query_one("#improvement", Input)
        with box.prevent(Input.Changed):
            box.value = text

    @on(Input.Changed, "#improvement")
    def _improvement_edited(self, event: Input.Changed) -> None:
        self._improvement_typed = bool(event.value)

    def entry(self) -> SessionEntry:
        """The entry as typed; raises ValueError (one line) for a bad date or metric."""
        date = self._value("date").strip()
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise ValueError(f"Date: '{date}' is not a real date (YYYY-MM-DD)") from None
        measures = []
        for key, title in (("before", "Before"), ("after", "After")):
            value = self._value(key).strip()
            if value and metrics.parse_quantity(value) is None:
                raise ValueError(f"{title}: '{value}' has no number with a unit we understand")
            measures.append((title, value))
        measures.append(("Improvement", self._value("improvement").strip()))
        return SessionEntry(
            date=date,
            name=self._value("name").strip() or "unknown",
            completed=_lines(self._value("completed")),
            metrics=tuple(measures),
            in_progress=_lines(self._value("in_progress")),
            issues=_lines(self._value("issues")),
            next_steps=tuple(
                line.split(". ", 1)[-1] if line[:1].isdigit() else line
                for line in _lines(self._value("next_steps"))
            ),
            notes=self._value("notes").strip(),
        )

    def _from_card(self, entry: SessionEntry) -> tuple[str, ...]:
        """The metrics still as the card gave them (Before, left as prefilled): the gate writes
        those as the card has them, as ``log`` does with its default Before."""
        before = self.prefill.metric("Before").strip()
        return ("Before",) if before and entry.metric("Before") == before else ()

    def _refuse(self, message: str, key: str | None) -> None:
        """Say why the entry cannot be written, keep the form open, and go to input ``key``."""
        # plain text, never markup: the message quotes what was typed ("'[/]' is not a date")
        self.query_one("#error", Static).update(Content(safe_text(message)))
        if key is not None:
            self.query_one(f"#{key}").focus()

    def action_write(self) -> None:
        try:
            entry = self.entry()
            # the gate, before the form closes: a refusal must not lose what was typed
            admitted = gate.admit_entry(entry, from_card=self._from_card(entry))
            if self.card_now is not None:
                gate.log_session(self.card_now(), admitted)  # what writing it will check
        except ValueError as refused:  # a bad date or metric; the gate's Refused is one too
            message = str(refused)
            self._refuse(message, _INPUT_OF_PART.get(message.partition(":")[0]))
            return
        self.dismiss(admitted)

    def _snapshot(self) -> tuple[str, ...]:
        return tuple(self._value(w.id) for w in self.query("Input, TextArea") if w.id)

    def _typed_anything(self) -> bool:
        return self._snapshot() != self._initial

    def action_cancel(self) -> None:
        if not self._typed_anything():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardEntryScreen(self.card_name), answered)
