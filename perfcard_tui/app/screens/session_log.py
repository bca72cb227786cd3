"""The session form: ctrl+l logs a working session in Progress Notes, entirely from the keyboard;
"Edit logged session…" in the palette opens a logged one in the same form.

Every list is typed one item per line (enter starts the next item); ctrl+s writes the entry,
escape cancels (asking first when something was typed).

ctrl+s puts the entry through the gate (``gate.admit_entry``, as ``perfcard-tui log`` does)
before the form closes: a refusal keeps the form open with everything typed, says why in one
line under the fields, and puts the cursor in the input it is about.

Editing a logged entry rewrites only the parts whose inputs were changed
(``sessions.replace_session``); the others keep the card's bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from rich.markup import escape
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import (
    CommandListItem,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    SimpleProvider,
)
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.markup import escape as escape_content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Static, TextArea

from ...core import gate, metrics, sessions
from ...core.display import safe_text
from ...core.model import Card
from ...core.sessions import SessionEntry
from ..widgets.field_input import FieldInput
from .confirm import DiscardEntryScreen
from .quiet_focus import QuietFocus

if TYPE_CHECKING:
    from ..open_card import OpenCard

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

# an edit rewrites the parts whose inputs changed, and only those
_PART_OF_INPUT = {
    "date": sessions.HEADER,
    "name": sessions.HEADER,
    "before": "metrics",
    "after": "metrics",
    "improvement": "metrics",
    **{key: key for key in ("completed", "in_progress", "issues", "next_steps", "notes")},
}


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip().lstrip("-*").strip() for line in text.splitlines() if line.strip())


Result = TypeVar("Result")


class SessionForm(QuietFocus, ModalScreen[Result]):
    """The form both ways of writing an entry share: its inputs, the improvement computed
    live, refusals shown under the fields, escape asking before it drops anything typed."""

    # After takes the focus (the number a session is logged for) as soon as the form is
    # composed; focused from on_mount, a ctrl+q arriving while the form mounted left it
    # querying inputs already removed, and the app ended with a traceback
    AUTO_FOCUS = "#after"

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
    SessionForm { align: center middle; }
    SessionForm > Vertical {
        width: 100;
        max-width: 98%;
        height: 95%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    SessionForm .row { height: auto; }
    SessionForm .row > Vertical { height: auto; width: 1fr; margin: 0 1 0 0; }
    SessionForm TextArea { height: auto; min-height: 3; max-height: 8; }
    SessionForm .label { color: $text-muted; margin: 1 0 0 0; }
    SessionForm #error { color: $error; height: auto; }
    """

    unnamed = "unknown"
    """The name written when the Name input is left empty."""

    def __init__(
        self,
        card_name: str,
        prefill: SessionEntry,
        metric_name: str,
        card_now: Callable[[], Card] | None = None,
    ) -> None:
        """``card_now``: the card as it is when the entry is written, for the gate's last check
        (the one that writes the entry into the card) while the form can still stay open."""
        super().__init__()
        self.card_now = card_now
        self.card_name = card_name
        self.prefill = prefill
        self.metric_name = metric_name
        self._improvement_typed = False

    def heading(self) -> str:
        """The first line of the form, as markup."""
        return f"[b]Log a session[/] in {escape(safe_text(self.card_name))}"

    def compose(self) -> ComposeResult:
        p = self.prefill
        with Vertical():
            yield Static(f"{self.heading()}   [dim]ctrl+s writes · escape cancels[/]")
            with VerticalScroll():
                with Horizontal(classes="row"):
                    with Vertical():
                        yield Label("Date (YYYY-MM-DD)", classes="label")
                        yield FieldInput(p.date, id="date", compact=True)
                    with Vertical():
                        yield Label("Name", classes="label")
                        yield FieldInput(p.name, id="name", compact=True)
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
                            yield FieldInput(
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

    def _value(self, key: str) -> str:
        widget = self.query_one(f"#{key}")
        return widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]

    @on(Input.Changed, "#before, #after")
    def _recompute(self) -> None:
        if self._improvement_typed:
            return
        before, after = self._value("before"), self._value("after")
        if (before, after) == (self.prefill.metric("Before"), self.prefill.metric("After")):
            # a logged entry's Improvement stays as written until Before or After changes
            text = self.prefill.metric("Improvement")
        else:
            text = metrics.describe_change(before, after, self.metric_name)
        box = self.query_one("#improvement", Input)
        with box.prevent(Input.Changed):
            box.value = text

    @on(Input.Changed, "#improvement")
    def _improvement_edited(self, event: Input.Changed) -> None:
        # the input reports its first value too: a logged entry's Improvement is not typed
        self._improvement_typed = event.value not in ("", self.prefill.metric("Improvement"))

    def entry(self, checked: Collection[str] | None = None) -> SessionEntry:
        """The entry as typed; raises ValueError (one line) for a bad date or metric in one of
        the inputs ``checked`` (all of them by default)."""

        def checking(key: str) -> bool:
            return checked is None or key in checked

        date = self._value("date").strip()
        if checking("date"):
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                raise ValueError(f"Date: '{date}' is not a real date (YYYY-MM-DD)") from None
        measures = []
        for key, title in (("before", "Before"), ("after", "After")):
            value = self._value(key).strip()
            if value and checking(key) and metrics.parse_quantity(value) is None:
                raise ValueError(f"{title}: '{value}' has no number with a unit we understand")
            measures.append((title, value))
        measures.append(("Improvement", self._value("improvement").strip()))
        return SessionEntry(
            date=date,
            name=self._value("name").strip() or self.unnamed,
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

    def _refuse(self, message: str, key: str | None) -> None:
        """Say why the entry cannot be written, keep the form open, and go to input ``key``."""
        # plain text, never markup: the message quotes what was typed ("'[/]' is not a date")
        self.query_one("#error", Static).update(Content(safe_text(message)))
        if key is not None:
            self.query_one(f"#{key}").focus()

    def _refused(self, refused: ValueError) -> None:
        message = str(refused)
        self._refuse(message, _INPUT_OF_PART.get(message.partition(":")[0]))

    def _snapshot(self) -> dict[str, str]:
        return {w.id: self._value(w.id) for w in self.query("Input, TextArea") if w.id}

    def _changed(self) -> set[str]:
        """The inputs whose text is no longer what the form opened with."""
        return {key for key, now in self._snapshot().items() if now != self._initial[key]}

    def _typed_anything(self) -> bool:
        return self._snapshot() != self._initial

    def _discard_question(self) -> ModalScreen[bool]:
        return DiscardEntryScreen(self.card_name)

    def action_cancel(self) -> None:
        if not self._typed_anything():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(self._discard_question(), answered)


class SessionLogScreen(SessionForm[SessionEntry | None]):
    """A new entry, written after the last one."""

    def _from_card(self, entry: SessionEntry) -> tuple[str, ...]:
        """The metrics still as the card gave them (Before, left as prefilled): the gate writes
        those as the card has them, as ``log`` does with its default Before."""
        before = self.prefill.metric("Before").strip()
        return ("Before",) if before and entry.metric("Before") == before else ()

    def action_write(self) -> None:
        try:
            entry = self.entry()
            # the gate, before the form closes: a refusal must not lose what was typed
            admitted = gate.admit_entry(entry, from_card=self._from_card(entry))
            if self.card_now is not None:
                gate.log_session(self.card_now(), admitted)  # what writing it will check
        except ValueError as refused:  # a bad date or metric; the gate's Refused is one too
            self._refused(refused)
            return
        self.dismiss(admitted)


class SessionEdit(NamedTuple):
    """What the form asks of a logged entry: ``parts`` of ``logged`` to become ``entry``'s."""

    logged: SessionEntry
    entry: SessionEntry
    parts: frozenset[str]

    def apply(self, card: Card) -> Card:
        return sessions.replace_session(card, self.logged, self.entry, self.parts)


class _DiscardChanges(DiscardEntryScreen):
    """Escape with changes typed into a logged entry: the entry itself is not what goes."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Discard your changes to this session? The entry stays as it was.")
            with Horizontal():
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Keep editing (n)", id="keep", variant="primary")


class SessionEditScreen(SessionForm[SessionEdit | None]):
    """A logged entry, in the form it was written with: the inputs hold the entry as written
    (as ``sessions.shown`` shows it), and ctrl+s rewrites the parts whose inputs changed."""

    unnamed = ""  # an entry logged without a name keeps having none

    def __init__(
        self,
        card_name: str,
        logged: SessionEntry,
        metric_name: str,
        card_now: Callable[[], Card] | None = None,
        *,
        mojibake: bool = False,
    ) -> None:
        super().__init__(card_name, sessions.shown(logged, mojibake), metric_name, card_now)
        self.logged = logged
        self.mojibake = mojibake

    def heading(self) -> str:
        return (
            f"[b]Edit the session of {escape(self.prefill.date)}[/] "
            f"in {escape(safe_text(self.card_name))}"
        )

    def _discard_question(self) -> ModalScreen[bool]:
        return _DiscardChanges(self.card_name)

    def action_write(self) -> None:
        changed = self._changed()
        parts = frozenset(_PART_OF_INPUT[key] for key in changed)
        if not parts:
            self.dismiss(None)  # nothing was changed: nothing to write
            return
        try:
            # only what was changed is checked: a logged value the form cannot judge (a date
            # written "Nov 18") stays as it is when it is left alone
            typed = self.entry(checked=changed)
            entry, kept = sessions.to_admit(self.logged, typed, parts, mojibake=self.mojibake)
            admitted = gate.admit_entry(entry, from_card=kept)
            edit = SessionEdit(self.logged, admitted, parts)
            if self.card_now is not None:
                edit.apply(self.card_now())  # what writing it will check
        except ValueError as refused:
            self._refused(refused)
            return
        self.dismiss(edit)


# -- "Edit logged session…" -------------------------------------------------------------------


class LoggedSessions(SimpleProvider):
    """The palette's list of logged sessions, newest first. Card text is shown as text, never
    read as markup (the palette reads a command's name and help as markup)."""

    def __init__(
        self, screen: Screen[Any], entries: list[SessionEntry], pick: Callable[[SessionEntry], None]
    ) -> None:
        commands: list[CommandListItem] = []
        for entry in reversed(entries):
            title = safe_text(f"{entry.date} ({entry.name})" if entry.name else entry.date)
            first = " ".join(
                safe_text((*entry.completed, *entry.in_progress, entry.notes)[0]).split()
            )
            said = first if len(first) <= 70 else first[:69] + "…"
            commands.append((title, partial(pick, entry), f"line {entry.line} · {said}"))
        super().__init__(screen, commands)

    async def discover(self) -> Hits:
        for title, pick, said in self._commands:
            yield DiscoveryHit(Content(title), pick, text=title, help=escape_content(said or ""))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, pick, said in self._commands:
            score = max(matcher.match(title), matcher.match(said or ""))
            if score > 0:
                yield Hit(score, Content(title), pick, text=title, help=escape_content(said or ""))


def edit_logged_session(app: App[Any], card: OpenCard) -> None:
    """Pick a logged session in the palette, then edit it in the session form."""
    entries = sessions.real_sessions(card.card)
    if not entries:
        card.notify("No session is logged in Progress Notes yet: ctrl+l logs one", "warning")
        return
    provider = LoggedSessions(app.screen, entries, partial(open_logged_session, app, card))
    # a made provider, as Textual's own search_commands passes one (its type says classes)
    palette = CommandPalette(
        providers=[provider],  # type: ignore[list-item]
        placeholder="Edit which session? Type to filter…",
    )
    app.push_screen(palette)


def open_logged_session(app: App[Any], card: OpenCard, logged: SessionEntry) -> None:
    """The session form on ``logged``; ctrl+s there rewrites it as one undo step."""
    form = SessionEditScreen(
        card.path.name,
        logged,
        sessions.primary_metric_name(card.card),
        card_now=lambda: card.card,
        mojibake=card.card.mojibake,
    )

    def written(edit: SessionEdit | None) -> None:
        if edit is not None and card.change(edit.apply, "session entry", typed=False):
            card.notify(f"Rewrote the session of {logged.date} in Progress Notes (ctrl+s saves)")

    app.push_screen(form, written)


def session_at_focus(app: App[Any], card: OpenCard) -> SessionEntry | None:
    """The logged entry the focused field is in (the form shows an entry's Performance Notes
    as a field), or None."""
    from ..widgets.fields import FieldWidget

    focused = app.focused
    holder = next(
        (n for n in (focused.ancestors_with_self if focused else ()) if isinstance(n, FieldWidget)),
        None,
    )
    now = card.card
    if holder is None or holder.section_key != sessions.progress_notes_key(now):
        return None
    i = now.section_index[holder.section_key]
    fields = now.sections[i].fields
    if holder.index >= len(fields):
        return None
    at = now.offsets[i] + fields[holder.index].span.start
    return next((e for e in sessions.real_sessions(now) if e.span.start <= at <= e.span.end), None)


def edit_session(app: App[Any], card: OpenCard) -> None:
    """The key: the session the focus is in, else the list of logged sessions to pick from."""
    from .editor import EditorScreen

    if not isinstance(app.screen, EditorScreen):
        return  # a dialog is up (this form, maybe): one form at a time
    logged = session_at_focus(app, card)
    if logged is not None:
        open_logged_session(app, card, logged)
    else:
        edit_logged_session(app, card)
