"""The open card's one owner: the buffer, edits and undo, validation, saving, the file on disk
(reloads and conflicts) and the recovery copy.

The rules it keeps (the five invariants in docs/ARCHITECTURE.md): every change is a splice of
the core; a change on disk never silently overwrites the buffer and the buffer never silently
overwrites a change on disk; a crash loses at most about a second of typing; the UI thread never
waits, so reading, writing and validating run in workers that report back through messages.

It is not a widget: the app holds it, routes the workers' messages to it, and shows the screens
it asks for. What changed is announced as a message (``CardChanged``, ``FindingsChanged``,
``Banner``) to every screen that shows the card (``messages.ShowsCard``).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.timer import Timer

from ..core import edits, form_edits, paths, sessions, store
from ..core import validate as rules
from ..core.buffer import CardBuffer, DiskChange, Moved, SaveConflict, UndoStep
from ..core.display import safe_text
from ..core.model import Card, Field, Section
from ..core.status import SectionStatus, section_statuses, standing_below
from ..core.template import Template
from ..core.validate import Finding
from . import recovery
from .messages import (
    Banner,
    CardChanged,
    DiskRead,
    FindingsChanged,
    ReadPurpose,
    RecoveryFound,
    SaveFinished,
    SetAside,
    ShowsCard,
    Validated,
)

# seconds of quiet typing after which the badges and findings catch up: a whole-card run per
# keystroke would pile up threads that fight the UI thread for the GIL on a large card. On a
# card whose run takes long (20,000 headings: most of a second) the pause asked for is twice
# that run, so that it does not start between two bursts of typing and slow the echo.
VALIDATE_AFTER_TYPING = 0.12


class Outdated(Exception):
    """The card changed while the rules read it: their findings would be thrown away."""


def run_rules(
    card: Card,
    template: Template,
    stems: frozenset[str],
    path: Path,
    *,
    outdated: Callable[[], bool] = lambda: False,
    today: date | None = None,
) -> list[Finding]:
    """The rules, by a module-level name that tests can pin to a fixed ``today`` (or make fail).
    ``path`` gives gitban's rules the status in the card's file name and its repository's
    ``validation_config.json``, as ``check`` has them. ``outdated`` is asked at each section
    of the rules' pass over every section (most of a check): when true, :class:`Outdated` is
    raised (a thread cannot be cancelled from outside, and a whole-card check of 20,000
    sections went on for a second, beside the next one, sharing the interpreter with the keys
    being typed). The few rules after that pass run to their end."""

    def reading(section: Section, fields: tuple[Field, ...]) -> None:
        if outdated():
            raise Outdated

    return rules.validate(card, template, stems=stems, path=path, reading=reading, today=today)


def paths_moved(before: Card, after: Card) -> bool:
    """Whether an undo or redo moved fields (a name given or taken back renames them): then the
    form is built again. Otherwise it shows the values in place, as the screens do when a
    field's kind or number changed: rebuilt at every undo, the keys typed right behind ctrl+z
    went into inputs no longer there. Only the sections the step replaced are compared (an
    edit reuses every other ``Section``)."""
    if len(before.sections) != len(after.sections):
        return True
    return any(
        not old.same_field_paths(new)
        for old, new in zip(before.sections, after.sections, strict=True)
        if old is not new
    )


class OpenCard:
    """One card being edited (or reviewed) in one app."""

    def __init__(self, app: App[Any], buffer: CardBuffer, *, read_only: bool = False) -> None:
        self.app = app
        self.buffer = buffer
        self.read_only = read_only
        """Review mode: nothing here may change the card or the file."""
        self.findings: list[Finding] = []
        """The buffer's findings, from the last validation run."""
        self.statuses: dict[str, SectionStatus] = {}
        """Each section's badge, from the same run."""
        self.below: dict[str, SectionStatus] = {}
        """A folded section's badge: its standing with the sections under it (same run)."""
        self._stems: frozenset[str] | None = None
        self._stems_stamp: int | None = None
        self._validation_timer: Timer | None = None
        self._validation_seconds = 0.0
        """How long the last run of the rules took."""
        self._saving = False
        self._save_again: bool | None = None
        """A save asked for while one was writing (its ``then_quit``): it runs after it."""
        self._swapped: Sequence[str] | None = None
        """The text last written to the recovery copy, as the card's pieces (None: no copy)."""
        self._copy_lock = threading.Lock()
        self._copy_turns = 0
        """How often the recovery copy was asked to change (the tick, a save, quitting). Thread
        workers overlap (none is ever stopped): a worker changes the copy under the lock, and
        only if no later change was asked for, so the last asked for lands last (a tick's
        write that landed after a save had removed the copy left a stale one behind)."""
        self.recovery_settled = read_only
        """Whether a recovery copy left by an earlier session was looked for (and, if found,
        taken or given up): until then this session must not write over it."""

    # -- what it is ------------------------------------------------------------------------

    @property
    def card(self) -> Card:
        return self.buffer.card

    @property
    def template(self) -> Template:
        return self.buffer.template

    @property
    def path(self) -> Path:
        return self.buffer.path

    @property
    def dirty(self) -> bool:
        return self.buffer.dirty

    @property
    def status(self) -> str:
        """One line for the header: new, modified or saved, and read-only."""
        if self.read_only:
            return "review (read-only)"
        state = "new file" if self.buffer.is_new else ("● modified" if self.dirty else "saved")
        return state + ("" if self.buffer.writable else " · read-only")

    def show_status(self) -> None:
        """The header's subtitle follows the buffer's state."""
        self.app.sub_title = self.status

    def resolve(self, query: str) -> str:
        """A field path from what a person typed (``--goto``); raises ``paths.FieldNotFound``."""
        return paths.resolve_field(self.card, query)

    def notify(self, text: str, severity: SeverityLevel = "information") -> None:
        """A notice that may quote card text or a path: shown as it is, never as markup."""
        timeout = 8 if severity == "error" else None
        self.app.notify(safe_text(text), severity=severity, markup=False, timeout=timeout)

    def announce(self, make: type[Message], *args: Any, **kwargs: Any) -> None:
        """Tell every screen that shows the card (each gets its own message: a message belongs
        to one queue)."""
        for screen in self.app.screen_stack:
            if isinstance(screen, ShowsCard):
                screen.post_message(make(*args, **kwargs))

    # -- changing the card ---------------------------------------------------------------------

    def apply(self, edit: form_edits.FormEdit) -> bool:
        """Apply a form's edit; False (and a notice) when its field is gone."""
        # typed in the focused widget, which shows it already: the others follow
        return self._change(
            lambda card: form_edits.apply(card, edit),
            edit.description,
            from_form=True,
            said=edit.said,
            typing=edit.typing_in,
        )

    def change(self, make: Callable[[Card], Card], description: str, *, typed: bool) -> bool:
        """Apply a core change the editor asked for (a section's raw markdown, deleting a
        section): one undo step; False (and a notice) when it cannot apply. ``typed``: typed
        in the focused widget, which shows it already."""
        return self._change(make, description, from_form=typed)

    def add_section(self, template_key: str) -> str | None:
        """Insert a missing template section at its place; the new section's key."""
        template = self.template
        if not self._change(lambda c: edits.add_section(c, template, template_key), "add section"):
            return None
        tsec = template.by_key(template_key)
        title = tsec.title if tsec else ""
        return next((s.key for s in self.card.sections if s.title == title), None)

    def log_session(self, entry: sessions.SessionEntry) -> bool:
        """Write an entry the session form admitted (``gate.admit_entry``), behind the gate's
        backstop; a refusal is a notice and changes nothing."""
        from ..core import gate

        if not self._change(lambda card: gate.log_session(card, entry), "session entry"):
            return False
        self.buffer.session_reference = self.card
        return True

    def _change(
        self,
        make: Callable[[Card], Card],
        description: str,
        *,
        from_form: bool = False,
        said: str = "",
        typing: str = "",
    ) -> bool:
        """``said``: the edit in words for undo's notice (default: ``description``);
        ``typing``: the field a typed edit is in (one undo step per run of typing)."""
        if self.read_only:
            return False
        try:
            card = make(self.card)
        except (KeyError, IndexError, ValueError) as error:  # EditError is a ValueError
            self.notify(f"Could not apply the {description} edit: {error}", severity="error")
            return False
        if card.same_text(self.card):
            return True
        self.buffer.replace(
            card, said or description, typing=typing, at=time.monotonic() if typing else None
        )
        self._changed(from_edit=from_form)
        return True

    def undo(self) -> Moved | None:
        """Undo one edit: what it was and where, or None."""
        before = self.card
        step = None if self.read_only else self.buffer.undo()
        if step is not None:
            self._changed(rebuild=paths_moved(before, self.card))
        return step

    def redo(self) -> Moved | None:
        """Redo the last undone edit: what it was and where, or None."""
        before = self.card
        step = None if self.read_only else self.buffer.redo()
        if step is not None:
            self._changed(rebuild=paths_moved(before, self.card))
        return step

    def _changed(self, *, rebuild: bool = False, from_edit: bool = False) -> None:
        self.show_status()
        self.announce(CardChanged, self.card, rebuild=rebuild, from_edit=from_edit)
        # typing pauses before the rules run; anything else is checked at once
        self.schedule_validation(immediately=not from_edit)

    # -- validation ----------------------------------------------------------------------------

    def schedule_validation(self, immediately: bool = False) -> None:
        if self._validation_timer is not None:
            self._validation_timer.stop()
            self._validation_timer = None
        if immediately:
            self.validate()
        else:
            pause = max(VALIDATE_AFTER_TYPING, 2 * self._validation_seconds)
            self._validation_timer = self.app.set_timer(pause, self.validate)

    @property
    def validation_pending(self) -> bool:
        """Typing paused too recently for the rules to have run: findings are on their way."""
        return self._validation_timer is not None

    def validate(self) -> None:
        self._validation_timer = None
        card, template, path = self.card, self.template, self.path.resolve()
        folder = path.parent

        def work() -> None:
            started = time.perf_counter()
            stems = self._folder_stems(folder)
            try:
                findings = run_rules(
                    card, template, stems, path, outdated=lambda: self.card is not card
                )
            except Outdated:
                return  # a newer edit has its own check coming
            statuses = section_statuses(card, findings)
            below = standing_below(card.parents, statuses)
            self._validation_seconds = time.perf_counter() - started
            self.app.post_message(Validated(card, findings, statuses, below))

        self.app.run_worker(
            work, thread=True, exclusive=True, group="validate", exit_on_error=False
        )

    def _folder_stems(self, folder: Path) -> frozenset[str]:
        """The names of the cards beside this one, for its links: read again once a file was
        added, removed or renamed there (the folder's mtime moved), not once a session (a card
        created meanwhile stayed a broken link until a restart). In the check's worker."""
        try:
            stamp: int | None = folder.stat().st_mtime_ns
        except OSError:
            stamp = None
        if self._stems is None or stamp is None or stamp != self._stems_stamp:
            self._stems, self._stems_stamp = rules.folder_stems(folder), stamp
        return self._stems

    def take_findings(self, message: Validated) -> None:
        if message.card is not self.card:
            return  # a newer edit is being validated
        self.findings, self.statuses = message.findings, message.statuses
        self.below = message.below
        self.announce(FindingsChanged, message.card, message.findings, message.statuses)

    # -- saving --------------------------------------------------------------------------------

    def save(self, *, then_quit: bool = False) -> bool:
        """Write a snapshot of the buffer in a worker; False if this file cannot be written."""
        if self.read_only:
            return False
        if not self.buffer.writable:
            self.notify(store.read_only_message(self.path), severity="error")
            return False
        if self._saving:
            # one at a time: two writing at once, one hashed the file between the other's write
            # and its note of what it wrote, and took our own save for a change on disk
            self._save_again = bool(self._save_again) or then_quit
            return True
        self._saving = True
        card, buffer = self.card, self.buffer

        turn = self._copy_turn()  # the save's removal of the copy, once it has written

        def work() -> None:
            try:
                buffer.save(card)
            except SaveConflict:
                self.app.post_message(SaveFinished(card, then_quit, conflict=True))
                return
            except store.CardWriteError as error:
                self.app.post_message(SaveFinished(card, then_quit, error=str(error)))
                return
            except Exception as error:
                # a bug: said as a failed save (saving stays possible), then raised for the
                # app's one failure handler, which logs where it was
                message = f"{self.path.name} was not saved: {error!r}"
                self.app.post_message(SaveFinished(card, then_quit, error=message))
                raise
            self._change_copy(turn, lambda: recovery.clear(self.path))
            self.app.post_message(SaveFinished(card, then_quit))

        self.app.run_worker(work, thread=True, group="save", exit_on_error=False)
        return True

    def saved(self, message: SaveFinished) -> None:
        self._saving = False
        again, self._save_again = self._save_again, None
        # the save's turn passed over a tick's write still on its way: the next tick writes
        # the copy again if the buffer is still (or again) unsaved
        self._swapped = None
        if not message.error and not message.conflict:
            self.announce(Banner, "")
        self.show_status()
        if again is not None and not (message.error or message.conflict or message.then_quit):
            self.save(then_quit=again)  # typing may have gone on: the buffer as it is now

    # -- the file on disk ----------------------------------------------------------------------

    def disk_changed(self, change: DiskChange, *, folder_gone: bool = False) -> None:
        """The watcher saw the card's bytes change or vanish (with its folder, maybe)."""
        if change is DiskChange.DELETED:
            self.buffer.forget_disk()
            self.show_status()
            if folder_gone:
                text = (
                    f"The folder {self.path.parent} was moved or deleted. Your text is kept "
                    "(a recovery copy too): ctrl+s saves once the folder is back."
                )
            else:
                text = "The file was deleted on disk. Your text is kept: ctrl+s recreates it."
            self.announce(Banner, text, "warning")
        elif change is DiskChange.CHANGED:
            self.read_disk_again()

    def read_disk_again(self) -> None:
        """Read the file: taken as it is if nothing is unsaved, else a question."""
        self.read_disk(ReadPurpose.CONFLICT if self._must_ask() else ReadPurpose.RELOAD)

    def _must_ask(self) -> bool:
        return self.dirty and not self.read_only

    def read_disk(self, purpose: ReadPurpose) -> None:
        buffer = self.buffer

        def work() -> None:
            try:
                card, sha = buffer.read_disk()
            except store.CardReadError as error:
                self.app.post_message(DiskRead(purpose, None, error=str(error)))
                return
            self.app.post_message(DiskRead(purpose, card, sha))

        self.app.run_worker(work, thread=True, exclusive=True, group="disk", exit_on_error=False)

    def disk_read(self, message: DiskRead) -> bool:
        """Take a reload; True when the person must choose (a conflict screen is wanted)."""
        if message.card is None:
            what = "Not reloaded" if message.purpose is ReadPurpose.RELOAD else "Cannot compare"
            self.notify(f"{what}: {message.error}", severity="error")
            return False
        if message.purpose is ReadPurpose.CONFLICT or (
            self._must_ask() and not message.card.same_text(self.card)
        ):
            return True  # typed something while the file was being read: ask, never overwrite
        self.take_disk(message.card, message.sha, "Reloaded: the file changed on disk")
        return False

    def take_disk(self, card: Card, sha: str, notice: str) -> None:
        self.buffer.take_disk(card, sha)
        self.announce(Banner, "")
        self._changed(rebuild=False)
        self.notify(notice)

    def take_disk_over_mine(self, card: Card, sha: str) -> None:
        """The person chose the disk's version over their unsaved one: theirs is kept twice,
        as an undo step (ctrl+z brings it back, to save over the disk) and as a file."""
        mine, history = self.card, list(self.buffer.history)  # take_disk clears the list
        self.buffer.take_disk(card, sha)
        self.buffer.history[:] = [*history, UndoStep(0, card.length, mine.text)]
        self.announce(Banner, "")
        self._changed(rebuild=True)
        self.set_aside(mine.to_bytes(), "your version")

    def set_aside(self, data: bytes, what: str) -> None:
        """Keep text being dropped in a dated file (a worker); a :class:`SetAside` says where."""
        path = self.path

        def work() -> None:
            self.app.post_message(SetAside(recovery.set_aside(path, data), what))

        self.app.run_worker(work, thread=True, group="set-aside", exit_on_error=False)

    def was_set_aside(self, message: SetAside) -> None:
        if message.recovery_copy:
            self.recovery_settled = True
        where = f"kept in {message.path}" if message.path else "could not be kept in a file"
        undo = "; ctrl+z brings it back" if message.what == "your version" else ""
        self.notify(f"Set aside {message.what}: {where}{undo}", "information")

    def keep_mine(self, theirs: Card, sha: str, merged: Card | None = None) -> None:
        """Settle a conflict for the buffer (the next save overwrites the disk on purpose),
        with ``merged`` as the buffer's new text when the two were merged."""
        self.buffer.keep_mine(theirs, sha)
        if merged is not None:
            self.buffer.replace(merged)
            self._changed(rebuild=True)
            self.notify("Merged the change on disk with yours (not saved yet)")
        else:
            self._changed()
            self.notify("Kept your version: saving will overwrite the disk")

    # -- the recovery copy ---------------------------------------------------------------------

    def write_swap(self) -> None:
        """Every second: keep the recovery copy in line with the dirty buffer (or remove it)."""
        if not self.recovery_settled:
            return
        # the pieces, not the text: a section-by-section compare (the unchanged ones by
        # identity), and no joined copy of a big card kept or made every second
        pieces = self.card.pieces if self.dirty and not self.read_only else None
        if pieces == self._swapped:
            return
        self._swapped = pieces
        # handed over in a list the worker empties: a closure's own reference lived as long as
        # the worker object, which only the (frozen, slowed) collector frees; the bytes, made
        # here, held 5 MB of a 5 MB card for the session
        card, path = [None if pieces is None else self.card], self.path
        turn = self._copy_turn()

        def work() -> None:
            taken = card.pop()
            if taken is None:
                self._change_copy(turn, lambda: recovery.clear(path))
            else:
                self._change_copy(turn, lambda: recovery.write(path, taken.chunks()))

        self.app.run_worker(work, thread=True, group="swap", exit_on_error=False)

    def _copy_turn(self) -> int:
        """A change of the recovery copy is asked for (on the UI thread): its turn."""
        self._copy_turns += 1
        return self._copy_turns

    def _change_copy(self, turn: int, change: Callable[[], None], wait: float = -1) -> None:
        """Make the change asked for at ``turn`` (in a worker), unless a later one was asked;
        ``wait``: at most this long for a change under way, then made all the same."""
        locked = self._copy_lock.acquire(timeout=wait)
        try:
            if turn == self._copy_turns:
                change()
        finally:
            if locked:
                self._copy_lock.release()

    def rescue_now(self) -> None:
        """Something failed: write the recovery copy at once, not at the next tick."""
        self._swapped = None
        self.write_swap()

    def check_recovery(self) -> None:
        """Look for a recovery copy left by a session that ended badly (in a worker, before the
        first edit); the answer comes back as :class:`RecoveryFound`."""
        if self.read_only:
            return
        # the card as opened, by its hash: the bytes themselves, held by this closure, outlived
        # the worker (the app freezes the collector right after) and kept a second copy of the
        # card in memory for the whole session (5 MB of a 5 MB card)
        buffer = self.buffer
        on_disk = buffer.disk_sha or hashlib.sha256(buffer.card.to_bytes()).hexdigest()
        path = self.path

        def work() -> None:
            saved = recovery.read(path)
            if saved is None or hashlib.sha256(saved).hexdigest() == on_disk:
                recovery.clear(path)
                saved = None
            self.app.post_message(RecoveryFound(saved))

        self.app.run_worker(work, thread=True, group="swap-check", exit_on_error=False)

    def recover(self, data: bytes) -> None:
        text = store.decode(data, str(self.path)).text
        self.recovery_settled = True
        self._change(lambda card: edits.splice(card, 0, card.length, text), "recovery")
        self.notify("Recovered the unsaved changes: review them, then ctrl+s")

    def found_no_recovery(self) -> None:
        """No copy of an earlier session was left: this session may write its own."""
        self.recovery_settled = True

    def forget(self) -> None:
        """The buffer was saved or given up: no recovery copy. On the UI thread, as the app
        ends: it waits for a copy being written (at most a few seconds), then removes it."""
        self.recovery_settled = True
        self._swapped = None
        self._change_copy(self._copy_turn(), lambda: recovery.clear(self.path), wait=5.0)

    def set_aside_recovery(self, data: bytes) -> None:
        """An old session's copy declined: moved out of the way as a dated file, not deleted
        (the copy is removed only once the dated file holds it). Until that is done this
        session writes no copy of its own over it."""
        self._swapped = None
        path = self.path

        def work() -> None:
            kept = recovery.set_aside(path, data)
            if kept is not None:
                recovery.clear(path)
            self.app.post_message(SetAside(kept, "the recovered text", recovery_copy=True))

        self.app.run_worker(work, thread=True, group="set-aside", exit_on_error=False)
