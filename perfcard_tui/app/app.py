"""The Textual app: wiring. It opens the card behind a first frame, holds the keys typed until
the editor can take them, routes the workers' messages to the open card's owner
(:class:`~.open_card.OpenCard`), shows the screens it asks for, and keeps one handler for
anything that fails in a worker.

Only the first frame's needs are imported here; the core (markdown-it, the parser) and the
screens load in the opening worker, and are imported where they are used.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.worker import Worker, WorkerState

from ..core import store
from ..core.display import safe_text
from . import clipboard, collector, crash_log
from .held_keys import HeldKeys
from .key_order import KeyOrder
from .keystrokes import Keystrokes
from .messages import (
    Banner,
    CardOpened,
    CopyText,
    DiskChanged,
    DiskRead,
    ReadPurpose,
    RecoveryFound,
    SaveFinished,
    ScreenReady,
    SetAside,
    Validated,
)
from .screens.opening import OpeningScreen
from .widgets.first_frame import FirstFrame

if TYPE_CHECKING:
    from ..core.buffer import CardBuffer
    from ..core.model import Card
    from ..core.sessions import SessionEntry
    from .open_card import OpenCard
    from .screens.conflict import Resolution
    from .screens.editor import EditorScreen


class PerfCardApp(App[int]):
    """``perfcard-tui PATH``: edit a performance card; the file on disk stays the truth."""

    CSS_PATH = "perfcard.tcss"
    TITLE = "perfcard-tui"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the card (atomically)"),
        Binding("ctrl+l", "log_session", "Log", tooltip="Log a work session in Progress Notes"),
        Binding(
            "f9",  # f5-f7 are a text area's (select, select line, select all)
            "edit_session",
            "Edit session",
            show=False,
            tooltip="Edit the logged session the focus is in (else pick one)",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            tooltip="Quit (asks first if there are unsaved changes)",
            priority=True,
        ),
        Binding("f1", "help", "Help", tooltip="Show the keys"),
        # priority: the card's own history, not a text area's, so that an undo is never of a
        # part of the card the person cannot see (check_action hands the key to dialogs)
        Binding("ctrl+z", "undo", "Undo", show=False, priority=True, tooltip="Undo the last edit"),
        # ctrl+shift+z where the terminal tells it from ctrl+z (the kitty keyboard protocol)
        Binding(
            "ctrl+y,ctrl+shift+z",
            "redo",
            "Redo",
            show=False,
            priority=True,
            tooltip="Redo what was undone",
        ),
    ]

    def __init__(
        self,
        buffer: CardBuffer | None = None,
        *,
        path: str | Path | None = None,
        text: store.CardText | None = None,
        head: str | None = None,
        template: str | None = None,
        goto: str | None = None,
        watch: bool = True,
        review: bool = False,
        quit_without_waiting: bool = False,
    ) -> None:
        """Give a ``buffer``, or a ``path`` (and the ``text`` already read from it, if any) to
        open one in a worker while the card's text is already on screen.
        ``quit_without_waiting``: a real run, whose end does not wait for worker threads
        (``quick_exit``)."""
        super().__init__()
        self._quit_without_waiting = quit_without_waiting
        if buffer is None and path is None:
            raise ValueError("PerfCardApp needs a buffer or a path")
        self._path = Path(path) if path is not None else buffer.path  # type: ignore[union-attr]
        self._first_text = text
        self._head = head if text is None else text.text
        """What the first frame shows: the card's text, or the beginning of a big one."""
        self._template_override = template
        self._buffer = buffer
        self.review = review
        """Opened with ``--review``: read-only, no edit or save exists."""
        self.goto_field = goto
        self.watch_disk = watch
        self.card: OpenCard | None = None
        """The open card's owner; None while the first frame is showing."""
        self.keys = HeldKeys(self)
        """Keys typed before the editor could take them, replayed in order once it can."""
        self._recovery: bytes | None = None
        """A crashed session's text, waiting for the held keys before it is offered."""
        self.keystrokes = Keystrokes()
        """When the person last typed: a dialog that opens by itself waits for a pause."""
        self.key_order = KeyOrder(self)
        """A text field's own keys (backspace, arrows...) act in the order typed."""
        self._conflict: tuple[Card, str] | None = None
        """The latest version on disk that conflicts with the buffer, until it is asked about."""

    # -- start -----------------------------------------------------------------------------

    def get_default_screen(self) -> OpeningScreen:
        return OpeningScreen(id="_default")  # the id Textual gives its own default screen

    def compose(self) -> ComposeResult:
        if self._buffer is None:
            yield FirstFrame(self._path, self._head)

    def on_load(self) -> None:
        if self._quit_without_waiting:
            from . import quick_exit

            quick_exit.install()

    async def on_mount(self) -> None:
        if self._buffer is not None:
            mounted = self._start(self._buffer)
            if mounted is not None:
                await mounted
        else:
            self.call_after_refresh(self._open_card)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_card(self) -> None:
        """Parse the card and import the editor off the UI thread, behind the first frame."""
        from ..core.buffer import CardBuffer

        try:
            buffer = CardBuffer.open(self._path, self._template_override, text=self._first_text)
        except (store.CardReadError, OSError) as error:
            message = safe_text(f"perfcard-tui: {error}")
            self.call_from_thread(self.exit, 2, return_code=2, message=message)
            return
        # the screen and its widgets (review mode: the review screen) import here too,
        # not on the UI thread, which is painting the first frame meanwhile
        from . import open_card  # noqa: F401
        from .screens import editor  # noqa: F401

        if self.review:
            from .screens import review  # noqa: F401

        self.post_message(CardOpened(buffer))

    @on(CardOpened)
    def _opened(self, message: CardOpened) -> None:
        # neither awaited: the app's queue must stay free while the editor mounts, for the
        # editor's ScreenReady and the keys it releases (awaited, they waited for its frames)
        self._start(message.buffer)
        self.query(FirstFrame).remove()

    def _start(self, buffer: CardBuffer) -> AwaitMount | None:
        """Show ``buffer``'s card; what is returned is done when its screen is mounted (None:
        the app is ending instead)."""
        from .open_card import OpenCard
        from .screens.editor import EditorScreen

        card = self.card = OpenCard(self, buffer, read_only=self.review)
        self.title = safe_text(buffer.path.name)
        card.show_status()
        if self.review:
            from .screens.review import ReviewScreen

            self._watch(buffer)
            mounted = self.push_screen(ReviewScreen(card))
        else:
            goto = self._resolve_goto(card)
            if self.goto_field and goto is None:
                return None  # no such field: the app is ending with a one-line reason
            mounted = self.push_screen(EditorScreen(card, goto=goto))
            card.check_recovery()  # before the first edit: this session's copy must not hide it
            self.set_interval(1.0, card.write_swap)
        # the parsed card lives as long as the app: keep the collector from walking it again
        # and again (a card with 20,000 headings is millions of objects; each full collection
        # of them stalled typing for a few hundred ms)
        collector.settle()
        return mounted

    def _resolve_goto(self, card: OpenCard) -> str | None:
        if not self.goto_field:
            return None
        from ..core.paths import FieldNotFound

        try:
            return card.resolve(self.goto_field)
        except FieldNotFound as error:
            # asked for a field that is not there: say so as the command line would, and end
            near = ", ".join(error.candidates[:5])
            near = f" (did you mean: {near}?)" if near else ""
            message = safe_text(f"perfcard-tui: {card.path}: --goto: {error}{near}")
            self.exit(2, return_code=2, message=message)
            return None

    @on(ScreenReady)
    def _screen_ready(self) -> None:
        """The screen has its field focused: replay what was typed meanwhile, then look for a
        recovery copy (a dialog must not take keys typed for the card)."""
        self.keys.release(then=self._keys_landed)

    def _keys_landed(self) -> None:
        """What was typed while loading is in: check the card, offer a crashed session's text.
        The rules, the preview's rendering and the file's watcher wait until now: threads of
        them slowed the editor's building and the replay (they share the GIL)."""
        if self.card is not None:
            self.card.schedule_validation(immediately=True)
            if not self.review:  # review watches from the start: it takes no keys
                self._watch(self.card.buffer)
                self.editor.keys_landed()
        self._offer_recovery()

    def _watch(self, buffer: CardBuffer) -> None:
        if self.watch_disk:
            from .watch import CardWatcher

            CardWatcher(self, buffer).start()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not self.screen_stack:
            # the app is closing and its screens are gone: a key handed back late (a table
            # row's, after its move) has nowhere to go, and Textual's own handler asks for the
            # screen and fails (seen once in test_a_burst_of_typing_and_row_moves_...)
            return
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            self.keystrokes.saw_key(event.time)
        if self.keys.hold(event):
            if isinstance(event, events.Key) and event.key == "ctrl+q" and self.card is None:
                self.exit(0)  # nothing can be unsaved before the card is open
            return
        await self.key_order.dispatch(event, super().on_event)

    @property
    def editor(self) -> EditorScreen:
        """The editor screen (under any dialog or review above it)."""
        from .screens.editor import EditorScreen

        for screen in self.screen_stack:
            if isinstance(screen, EditorScreen):
                return screen
        raise LookupError("no editor screen")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.card is None:
            return action in ("quit", "help") or None
        if action in ("undo", "redo"):
            # in a dialog, or in a section's raw markdown (which may hold text that is not in
            # the card yet), the key is the text area's own undo
            return not self.review and self.screen is self.editor and not self._in_raw_text()
        # review mode has no way to change the card: these actions do not exist there
        return not (self.review and action in ("save", "log_session", "edit_session"))

    def _in_raw_text(self) -> bool:
        from .widgets.raw_section import RawSectionWidget

        focused = self.focused
        return focused is not None and any(
            isinstance(node, RawSectionWidget) for node in focused.ancestors_with_self
        )

    # -- the workers' news, for the open card --------------------------------------------------

    @on(Validated)
    def _validated(self, message: Validated) -> None:
        if self.card is not None:
            self.card.take_findings(message)

    @on(SaveFinished)
    def _save_finished(self, message: SaveFinished) -> None:
        if self.card is None:
            return
        self.card.saved(message)
        if message.conflict:
            self.card.read_disk(ReadPurpose.CONFLICT)  # the disk changed behind our back
        elif message.error:
            self.card.notify(message.error, severity="error")
        elif message.then_quit:
            self.exit(0)
        else:
            self.notify(safe_text(f"Saved {self.card.path.name}"), markup=False)

    @on(DiskChanged)
    def _disk_changed(self, message: DiskChanged) -> None:
        if self.card is not None:
            self.card.disk_changed(message.change, folder_gone=message.folder_gone)

    @on(DiskRead)
    def _disk_read(self, message: DiskRead) -> None:
        if self.card is not None and self.card.disk_read(message) and message.card is not None:
            self._ask_about_conflict(message.card, message.sha)

    def _ask_about_conflict(self, theirs: Card, sha: str) -> None:
        """The disk changed under unsaved changes: ask, once typing has paused (the keys on
        their way land in the buffer first; a newer version on disk replaces this one)."""
        waiting, self._conflict = self._conflict is not None, (theirs, sha)
        if waiting or self._conflict_screen_open() or self.card is None:
            return
        self.card.announce(
            Banner,
            f"{self.card.path.name} changed on disk: when you pause typing, you choose what "
            "to keep. Nothing is lost either way.",
            "warning",
        )
        self.keystrokes.after_pause(self, self._show_conflict)

    def _conflict_screen_open(self) -> bool:
        from .screens.conflict import ConflictScreen

        return any(isinstance(s, ConflictScreen) for s in self.screen_stack)

    def _show_conflict(self) -> None:
        from .screens.conflict import ConflictScreen

        card, pending, self._conflict = self.card, self._conflict, None
        if card is None or pending is None:
            return
        theirs, sha = pending
        screen = ConflictScreen(
            card.buffer.base, card.card, theirs, card.path.name, self.keystrokes
        )

        def settle(result: Resolution | None) -> None:
            # a version read while the screen was up (the file changed again): left pending,
            # it would have stood for a question asked, and no change was asked about again
            newer, self._conflict = self._conflict, None
            if result is None:  # decide later: the next save reads the disk and asks again
                card.announce(
                    Banner, f"{card.path.name} changed on disk: ctrl+s asks again.", "warning"
                )
                return
            card.announce(Banner, "")
            if result.choice == "disk":
                card.take_disk_over_mine(theirs, sha)
            else:
                card.keep_mine(theirs, sha, result.merged)
            if newer is not None:  # read again, and judged against what was just chosen
                card.read_disk_again()

        self.push_screen(screen, settle)

    @on(RecoveryFound)
    def _recovery_found(self, message: RecoveryFound) -> None:
        if self.card is None:
            return
        if message.data is None:
            self.card.found_no_recovery()
            return
        self._recovery = message.data
        if self.keys.released:
            self._offer_recovery()

    def _offer_recovery(self) -> None:
        """Offer a crashed session's text back, once the keys typed at start have landed and
        typing has paused."""
        if self._recovery is not None:
            self.keystrokes.after_pause(self, self._show_recovery)

    def _show_recovery(self) -> None:
        from .screens.confirm import RecoverScreen

        card, data, self._recovery = self.card, self._recovery, None
        if card is None or data is None:
            return

        def chosen(recover: bool | None) -> None:
            if recover:
                card.recover(data)
            else:
                card.set_aside_recovery(data)

        self.push_screen(RecoverScreen(card.path.name, self.keystrokes), chosen)

    @on(SetAside)
    def _set_aside(self, message: SetAside) -> None:
        if self.card is not None:
            self.card.was_set_aside(message)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a worker's failure lands: say so, keep the buffer safe, go on."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        where = crash_log.record(error)
        if event.worker.group == "open":  # no editor to go on with: say why, and end
            message = safe_text(f"perfcard-tui: could not open the card: {error} ({where})")
            self.exit(2, return_code=2, message=message)
            return
        if self.card is not None:
            self.card.rescue_now()
        self.notify(
            safe_text(
                f"{type(error).__name__}: {error}. Editing goes on; your text is kept. "
                f"Please report it (details in {where})."
            ),
            title="Something failed",
            severity="error",
            timeout=15,
            markup=False,
        )

    # -- actions -------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.card is not None:
            self.card.save()

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    def _step(self, *, undo: bool) -> None:
        """Undo or redo one edit, and show where it was: the person sees what changed, even
        when it was in another section."""
        if self.card is None:
            return
        step = self.card.undo() if undo else self.card.redo()
        if step is None:
            self.notify("Nothing to undo" if undo else "Nothing to redo")
            return
        self.editor.show_step(step, undone=undo)

    def action_edit_session(self) -> None:
        if self.card is not None:
            from .screens.session_log import edit_session

            edit_session(self, self.card)

    def action_log_session(self) -> None:
        if self.card is not None:
            self._prefill_session(self.card)

    @work(thread=True, group="session", exit_on_error=False)
    def _prefill_session(self, card: OpenCard) -> None:
        """The form's prefill asks git for a name: never on the UI thread."""
        from .session_prefill import prefill

        entry, metric = prefill(card.buffer)
        if entry is None:
            self.call_from_thread(
                self.notify,
                "This card has no Progress Notes section: add it first (ctrl+p)",
                severity="error",
            )
            return
        self.call_from_thread(self._open_session_form, card, entry, metric)

    def _open_session_form(self, card: OpenCard, prefill: SessionEntry, metric: str) -> None:
        from . import settings
        from .screens.session_log import SessionLogScreen

        def written(entry: SessionEntry | None) -> None:
            if entry is None or not card.log_session(entry):
                return
            self.run_worker(
                lambda: settings.remember("name", entry.name), thread=True, exit_on_error=False
            )
            self.notify(f"Logged the session of {entry.date} in Progress Notes (ctrl+s saves)")

        form = SessionLogScreen(card.path.name, prefill, metric, card_now=lambda: card.card)
        self.push_screen(form, written)

    async def action_quit(self) -> None:
        card = self.card
        if card is None or not card.dirty or self.review:
            if card is not None and not self.review:
                card.forget()
            self.exit(0)
            return
        from .screens.confirm import QuitScreen

        def chosen(answer: str | None) -> None:
            if answer == "save":
                card.save(then_quit=True)
            elif answer == "discard":
                card.forget()
                self.exit(0)

        self.push_screen(QuitScreen(card.path.name), chosen)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.card is None:
            return
        from .commands import editor_commands
        from .screens.editor import EditorScreen

        yield SystemCommand("Copy card", "Copy the whole card as markdown", self.copy_card)
        if isinstance(screen, EditorScreen):
            yield SystemCommand("Save", "Save the card", self.action_save)
            yield SystemCommand(
                "Log session", "Log a work session in Progress Notes", self.action_log_session
            )
            yield SystemCommand("Copy field", "Copy the focused field's value", self.copy_field)
            yield from editor_commands(screen, self.card)

    # -- copying -------------------------------------------------------------------------------

    @on(CopyText)
    def _copy(self, message: CopyText) -> None:
        self.copy_text(message.text, message.what)

    def copy_text(self, text: str, what: str) -> None:
        clipboard.copy(self, text, what)

    def copy_card(self) -> None:
        if self.card is not None:
            self.copy_text(self.card.card.text, "card")

    def copy_field(self) -> None:
        """The value of the field the focus is in, whichever of its row's boxes has it (a
        checklist item's tick box, a choice's list); else the text of the focused box (a
        paragraph, a section's markdown)."""
        from textual.widgets import Input, TextArea

        from .widgets.fields import FieldWidget

        focused = self.focused
        ancestry = (focused, *focused.ancestors) if focused is not None else ()
        row = next((w for w in ancestry if isinstance(w, FieldWidget)), None)
        if row is not None:
            self.copy_text(row.field.value, "field")
        elif isinstance(focused, Input):
            self.copy_text(focused.value, "field")
        elif isinstance(focused, TextArea):
            self.copy_text(focused.text, "field")
        else:
            self.notify("Focus a field first", severity="warning")


def run_editor(
    path: str,
    *,
    text: store.CardText | None = None,
    head: str | None = None,
    template: str | None = None,
    goto: str | None = None,
    review: bool = False,
) -> int:
    """Open the editor on a card (``text``: the card as the caller already read it; ``head``:
    only its beginning, of a big card the app then reads in a worker). Exits 2 with a one-line
    error for a file that cannot be read."""
    from .gil import favour_the_ui_thread

    favour_the_ui_thread()
    target = Path(path)
    if text is None and head is None and (target.exists() or target.is_symlink()):
        try:
            text = store.read_card(target)  # stdlib only: a bad file fails before the terminal
        except store.CardReadError as error:
            print(f"perfcard-tui: {error}", file=sys.stderr)
            return 2
    app = PerfCardApp(
        path=target,
        text=text,
        head=head,
        template=template,
        goto=goto,
        review=review,
        quit_without_waiting=True,
    )
    result = app.run()
    return result or 0
