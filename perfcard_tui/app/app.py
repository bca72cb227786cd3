"""The Textual app: wiring, bindings, and the buffer's life (edit, validate, save, reload)."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from ..core import store
from . import clipboard, commands, recovery, settings
from .disk_sync import DiskSync
from .lazy import lazy_module
from .widgets.first_frame import FirstFrame

if TYPE_CHECKING:
    from ..core import buffer as card_buffer
    from ..core import edits, paths, sessions
    from ..core import validate as rules
    from ..core.model import Card
    from ..core.template import Template
    from ..core.validate import Finding
    from . import watch as card_watch
    from .screens import confirm, conflict, help, review, session_log
    from .screens import editor as editor_screen
else:  # loaded on first use: the first frame must not wait for pydantic and the widgets
    card_buffer = lazy_module("perfcard_tui.core.buffer")
    edits = lazy_module("perfcard_tui.core.edits")
    paths = lazy_module("perfcard_tui.core.paths")
    sessions = lazy_module("perfcard_tui.core.sessions")
    rules = lazy_module("perfcard_tui.core.validate")
    card_watch = lazy_module("perfcard_tui.app.watch")
    confirm = lazy_module("perfcard_tui.app.screens.confirm")
    conflict = lazy_module("perfcard_tui.app.screens.conflict")
    help = lazy_module("perfcard_tui.app.screens.help")
    review = lazy_module("perfcard_tui.app.screens.review")
    session_log = lazy_module("perfcard_tui.app.screens.session_log")
    editor_screen = lazy_module("perfcard_tui.app.screens.editor")


def validate(card: Card, template: Template, *, stems: frozenset[str]) -> list[Finding]:
    """The rules, by a module-level name that tests can pin to a fixed day."""
    return rules.validate(card, template, stems=stems)


# seconds of quiet typing after which the badges and findings catch up
VALIDATE_AFTER_TYPING = 0.12


class PerfCardApp(App[int]):
    """``perfcard-tui PATH``: edit a performance card; the file on disk stays the truth."""

    CSS_PATH = "perfcard.tcss"
    TITLE = "perfcard-tui"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the card (atomically)"),
        Binding("ctrl+l", "log_session", "Log", tooltip="Log a work session in Progress Notes"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            tooltip="Quit (asks first if there are unsaved changes)",
            priority=True,
        ),
        Binding("f1", "help", "Help", tooltip="Show the keys"),
        Binding("ctrl+z", "undo", "Undo", show=False, tooltip="Undo the last edit"),
    ]

    findings: var[list[Finding]] = var(list, init=False)
    """The buffer's findings, from the last validation run."""

    def __init__(
        self,
        buffer: card_buffer.CardBuffer | None = None,
        *,
        path: str | Path | None = None,
        template: str | None = None,
        goto: str | None = None,
        watch: bool = True,
        review: bool = False,
    ) -> None:
        """Give a ``buffer``, or a ``path`` to open one in a worker while the card's text is
        already on screen (the first frame does not wait for the core and the widgets)."""
        super().__init__()
        if buffer is None and path is None:
            raise ValueError("PerfCardApp needs a buffer or a path")
        self._path = Path(path) if path is not None else None
        self._template_override = template
        self.buffer: card_buffer.CardBuffer = buffer  # type: ignore[assignment]
        self.review = review
        """Opened with ``--review``: read-only, no edit or save exists."""
        self.goto_field = goto
        self.watch_disk = watch
        self.watcher: card_watch.CardWatcher | None = None
        self._stems: frozenset[str] | None = None
        self._validation_timer: Timer | None = None
        self.disk = DiskSync(self)

    # -- start -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self.buffer is None and self._path is not None:
            yield FirstFrame(self._path)

    async def on_mount(self) -> None:
        if self.buffer is None:
            self.call_after_refresh(self._open_card)
            return
        await self._start()

    @work(thread=True, exclusive=True, group="open")
    def _open_card(self) -> None:
        """Parse the card and import the editor off the UI thread, behind the first frame."""
        assert self._path is not None
        try:
            buffer = card_buffer.CardBuffer.open(self._path, self._template_override)
            # the screen's widgets import here too, not on the UI thread
            importlib.import_module(review.__name__ if self.review else editor_screen.__name__)
        except (store.CardReadError, OSError) as error:
            self.call_from_thread(self.exit, 2, f"perfcard-tui: {error}")
            return
        self.call_from_thread(self._opened, buffer)

    def _opened(self, buffer: card_buffer.CardBuffer) -> None:
        self.buffer = buffer
        self.call_later(self._start_over_first_frame)

    async def _start_over_first_frame(self) -> None:
        await self._start()
        await self.query(FirstFrame).remove()

    async def _start(self) -> None:
        self.title = self.buffer.path.name
        self.update_subtitle()
        if self.watch_disk:
            self.watcher = card_watch.CardWatcher(self, self.buffer.path)
            self.watcher.start()
        # validation starts once the screen that shows its findings exists
        if self.review:
            await self.push_screen(review.ReviewScreen())
            self.validate_card()
            return
        await self.push_screen(editor_screen.EditorScreen())
        self.validate_card()
        if not self.buffer.writable:
            self.editor.show_banner(
                "Read-only: this file cannot be written here. Edits stay in the buffer.", "warning"
            )
        elif self.buffer.is_new:
            self.editor.show_banner(
                f"New card: {self.buffer.path} is created on the first save (ctrl+s)."
            )
        else:
            self.editor.show_banner("")
        if self.goto_field:
            self.call_after_refresh(self._goto, self.goto_field)
        self.set_interval(1.0, self.disk.write_swap)
        self.disk.offer_recovery()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # review mode has no way to change the card: these actions do not exist there
        return not (self.review and action in ("save", "log_session", "undo"))

    @property
    def editor(self) -> editor_screen.EditorScreen:
        for screen in self.screen_stack:
            if isinstance(screen, editor_screen.EditorScreen):
                return screen
        raise LookupError("no editor screen")

    def _goto(self, query: str) -> None:
        try:
            path = paths.resolve_field(self.buffer.card, query)
        except paths.FieldNotFound as error:
            self.notify(f"--goto: {error}", severity="error")
            return
        self.editor.goto(self.buffer.card.section_of(path).key, path)

    # -- editing ---------------------------------------------------------------------------

    def apply_edit(self, apply: Callable[[Card], Card], description: str = "") -> None:
        try:
            card = apply(self.buffer.card)
        except (edits.EditError, KeyError, IndexError) as error:
            self.notify(f"Could not apply {description or 'the edit'}: {error}", severity="error")
            return
        if card is self.buffer.card:
            return
        self.buffer.replace(card)
        self.card_changed(from_edit=True)

    def card_changed(self, *, rebuild: bool = False, from_edit: bool = False) -> None:
        self.update_subtitle()
        for screen in self.screen_stack:
            show = getattr(screen, "show_card", None)
            if show is not None:
                show(rebuild=rebuild, from_edit=from_edit)
        self._schedule_validation(immediately=not from_edit)

    def _schedule_validation(self, immediately: bool = False) -> None:
        """Validate once typing pauses: a whole-card run per keystroke would pile up threads
        that fight the UI thread for the GIL on a large card."""
        if self._validation_timer is not None:
            self._validation_timer.stop()
        if immediately:
            self.validate_card()
        else:
            self._validation_timer = self.set_timer(VALIDATE_AFTER_TYPING, self.validate_card)

    def add_section(self, template_key: str) -> None:
        template = self.buffer.template
        self.apply_edit(lambda card: edits.add_section(card, template, template_key), "add section")
        tsec = template.by_key(template_key)
        if tsec is not None:
            key = next((s.key for s in self.buffer.card.sections if s.title == tsec.title), None)
            if key:
                self.editor.open_section(key)
                self.notify(f"Added '{tsec.title}' at its template position")

    def action_log_session(self) -> None:
        card = self.buffer.card
        if sessions.progress_notes_key(card) is None:
            self.notify(
                "This card has no Progress Notes section: add it first (ctrl+p)", severity="error"
            )
            return
        reference = self.buffer.session_reference or card
        prefill = sessions.SessionEntry(
            date=dt.date.today().isoformat(),
            name=settings.default_name(str(self.buffer.path.resolve().parent)),
            completed=tuple(sessions.completed_since(reference, card)),
            metrics=(("Before", sessions.default_before(card)),),
        )
        screen = session_log.SessionLogScreen(
            self.buffer.path.name, prefill, sessions.primary_metric_name(card)
        )
        self.push_screen(screen, self._write_session)

    def _write_session(self, entry: sessions.SessionEntry | None) -> None:
        if entry is None:
            return
        self.apply_edit(lambda card: sessions.insert_session(card, entry), "session entry")
        self.buffer.session_reference = self.buffer.card
        settings.remember("name", entry.name)
        key = sessions.progress_notes_key(self.buffer.card)
        if key:
            self.editor.open_section(key, focus=False)
        self.notify(f"Logged the session of {entry.date} in Progress Notes (ctrl+s saves)")

    def action_undo(self) -> None:
        if not self.buffer.history:
            self.notify("Nothing to undo")
            return
        self.buffer.card = self.buffer.history.pop()
        self.card_changed(rebuild=True)

    def update_subtitle(self) -> None:
        if self.review:
            self.sub_title = "review (read-only)"
            return
        state = (
            "new file" if self.buffer.is_new else ("● modified" if self.buffer.dirty else "saved")
        )
        if not self.buffer.writable:
            state += " · read-only"
        self.sub_title = state

    # -- validation (a worker: the UI never waits for it) ---------------------------------------

    @work(thread=True, exclusive=True, group="validate")
    def validate_card(self) -> None:
        card = self.buffer.card
        if self._stems is None:
            self._stems = rules.folder_stems(self.buffer.path.resolve().parent)
        findings = validate(card, self.buffer.template, stems=self._stems)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_findings, card, findings)

    def _show_findings(self, card: Card, findings: list[Finding]) -> None:
        if card is not self.buffer.card:
            return  # a newer edit is being validated
        self.findings = findings
        for screen in self.screen_stack:
            show = getattr(screen, "show_findings", None)
            if show is not None and screen.is_attached and not self._exit:
                # a screen being built or torn down reads app.findings when it mounts
                with contextlib.suppress(NoMatches):
                    show(findings)

    # -- saving ----------------------------------------------------------------------------

    def action_save(self) -> None:
        if not self.buffer.writable:
            self.notify("This file is read-only here: nothing was written", severity="error")
            return
        self._save(self.buffer.card)

    @work(thread=True, exclusive=True, group="save")
    def _save(self, card: Card, then_quit: bool = False) -> None:
        """Write a snapshot of the buffer; a changed disk goes to the conflict screen instead."""
        try:
            self.buffer.save(card)
        except card_buffer.SaveConflict:
            self.call_from_thread(self.disk.ask)
            return
        except store.CardWriteError as error:
            self.call_from_thread(self.notify, str(error), severity="error", timeout=8)
            return
        self.disk.forget_swap()
        self.call_from_thread(self.exit if then_quit else self._saved)

    def banner(self, text: str, kind: str = "info") -> None:
        if not self.review:
            self.editor.show_banner(text, kind)
        elif text:
            self.notify(text, severity="warning" if kind == "warning" else "information")

    def _saved(self) -> None:
        self.update_subtitle()
        self.banner("")
        self.notify(f"Saved {self.buffer.path.name}")

    # -- the file on disk ---------------------------------------------------------------------

    def disk_changed(self, change: card_buffer.DiskChange) -> None:
        """Called by the watcher (on the UI thread) when the card's file changed on disk."""
        self.disk.changed(change)

    # -- quitting, help, palette, clipboard ---------------------------------------------------

    async def action_quit(self) -> None:
        if not self.buffer.dirty or self.review:
            recovery.clear(self.buffer.path)
            self.exit(0)
            return

        def chosen(answer: str | None) -> None:
            if answer == "save":
                self._save(self.buffer.card, then_quit=True)
            elif answer == "discard":
                recovery.clear(self.buffer.path)
                self.exit(0)

        self.push_screen(confirm.QuitScreen(self.buffer.path.name), chosen)

    def action_help(self) -> None:
        if not isinstance(self.screen, help.HelpScreen):
            self.push_screen(help.HelpScreen(self.screen))

    def copy_text(self, text: str, what: str) -> None:
        clipboard.copy(self, text, what)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from commands.palette(self)

    def copy_card(self) -> None:
        self.copy_text(self.buffer.card.text, "card")

    def copy_field(self) -> None:
        focused = self.focused
        value = getattr(focused, "value", None) if focused else None
        if value is None and focused is not None:
            value = getattr(focused, "text", None)
        if isinstance(value, str):
            self.copy_text(value, "field")
        else:
            self.notify("Focus a field first", severity="warning")


def run_editor(
    path: str, *, template: str | None = None, goto: str | None = None, review: bool = False
) -> int:
    """Open the editor on a card. Exits 2 with a one-line error for a file that cannot be read."""
    import sys

    target = Path(path)
    if target.exists() or target.is_symlink():
        try:
            store.read_card(target)  # stdlib only: a bad file fails before the terminal is taken
        except store.CardReadError as error:
            print(f"perfcard-tui: {error}", file=sys.stderr)
            return 2
    app = PerfCardApp(path=target, template=template, goto=goto, review=review)
    result = app.run()
    return result or 0
