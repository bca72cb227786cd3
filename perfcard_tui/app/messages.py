"""The app's messages: every one carries data, never a callback.

Three directions:

* widgets and screens → up: :class:`FieldEdited` (a form edit, as data), :class:`CopyText`,
  :class:`ScreenReady`;
* workers (validation, save, disk reads, the watcher) → the app, which hands the result to the
  open card: :class:`Validated`, :class:`SaveFinished`, :class:`DiskRead`, :class:`DiskChanged`;
* the open card → every screen that shows it (a :class:`ShowsCard`): :class:`CardChanged`,
  :class:`FindingsChanged`, :class:`Banner`.

``can_replace`` merges a burst (a flood of disk events, a run of keystrokes): Textual asks the
message being taken from the queue whether the next one queued covers it, and drops it if so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # types only: the first frame does not wait for the core
    from ..core.buffer import CardBuffer, DiskChange
    from ..core.form_edits import FormEdit
    from ..core.model import Card
    from ..core.status import SectionStatus
    from ..core.validate import Finding

# -- widgets → screen ---------------------------------------------------------------------------


@dataclass
class FieldEdited(Message):
    """A form widget changed its field. ``focus_index``: after a structural edit (an item or
    row added or removed) the form is rebuilt, and this field position takes the focus."""

    edit: FormEdit
    focus_index: int | None = None
    superseded: list[FormEdit] = field(default_factory=list, compare=False)
    """The edits of the same field this one stands for, oldest first: if the gate refuses
    this one, the newest of them it takes is applied (the text it had accepted stays)."""

    def can_replace(self, message: Message) -> bool:
        """A run of keys typed into one field: each edit carries the field's whole text, so
        the last one queued stands for those before it (on a card of 20,000 sections each
        edit cost the UI thread 8-20 ms, four of them a burst of four keys). Saying yes hands
        this edit, and those it stood for, on to ``message``."""
        if not isinstance(message, FieldEdited):
            return False
        if self.focus_index is not None or message.focus_index is not None:
            return False  # the form is rebuilt and refocused after each: none stands for another
        typing_in = self.edit.typing_in  # "" for a tick or a structural edit
        if not typing_in or typing_in != message.edit.typing_in:
            return False
        message.superseded = [*self.superseded, self.edit, *message.superseded]
        return True


@dataclass
class CopyText(Message):
    """Copy ``text`` (a section, the card, the findings) to the clipboard; ``what`` names it."""

    text: str
    what: str


# -- workers → app ------------------------------------------------------------------------------


@dataclass
class CardOpened(Message):
    """The card is read and parsed, and the screens are imported: the editor can be built."""

    buffer: CardBuffer


@dataclass
class Validated(Message):
    """The rules ran over ``card`` (which may be older than the buffer by now); ``statuses``:
    each section's badge, and ``below`` a folded one's (``status.standing_below``), worked
    out in the same worker (passes that take a good part of a second on a card with 20,000
    headings)."""

    card: Card
    findings: list[Finding]
    statuses: dict[str, SectionStatus]
    below: dict[str, SectionStatus]


@dataclass
class DiskChanged(Message):
    """The watcher saw the card's bytes change (or vanish). A burst is one message."""

    change: DiskChange
    folder_gone: bool = False
    """The card's folder (or one above it) was moved or deleted."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DiskChanged)


class ReadPurpose(StrEnum):
    RELOAD = "reload"  # the buffer was clean: take what is on disk
    CONFLICT = "conflict"  # the buffer has unsaved edits: ask


@dataclass
class DiskRead(Message):
    """What is on disk now, read for ``purpose``; ``error`` when it could not be read."""

    purpose: ReadPurpose
    card: Card | None
    sha: str = ""
    error: str = ""


@dataclass
class SaveFinished(Message):
    """A save of ``card`` ended: written (``error`` empty), refused because the disk changed
    (``conflict``), or failed with ``error``."""

    card: Card
    then_quit: bool = False
    conflict: bool = False
    error: str = ""


@dataclass
class SetAside(Message):
    """Text dropped from the editor was kept in a file (``path``; None: it could not be)."""

    path: Path | None
    what: str
    """What was kept, for the notice: "your version", "the recovered text"."""
    recovery_copy: bool = False
    """It was an old session's recovery copy: this session's copy may now be written."""


@dataclass
class ScreenReady(Message):
    """The screen that opened the card has its first field focused: keys typed while it was
    loading can now be delivered."""


@dataclass
class RecoveryFound(Message):
    """What a session that ended badly left: a recovery copy different from the file, or None
    (nothing to offer)."""

    data: bytes | None


# -- open card → screens --------------------------------------------------------------------------


class ShowsCard:
    """A screen that shows the open card, and is told what changed in it.

    Only these are told: a message to any other screen in the stack (the first frame's, under
    the editor) woke it, and Textual repaints the whole top screen when a screen under it
    wakes with a repaint pending (it always has one once it is under another): a keystroke
    cost a full repaint of the editor, a quarter of the CPU time of typing (in-process, a burst
    of four keys on the sample card: 115 -> 85 ms)."""


@dataclass
class CardChanged(Message, bubble=False):
    """The buffer's card is now ``card``. ``rebuild``: the form must be rebuilt (undo, reload,
    merge), not just synced; ``from_edit``: the focused widget typed it and already shows it."""

    card: Card
    rebuild: bool = False
    from_edit: bool = False

    def can_replace(self, message: Message) -> bool:
        # the next card covers this one, unless this one asked for a rebuild and it does not
        return isinstance(message, CardChanged) and (message.rebuild or not self.rebuild)


@dataclass
class FindingsChanged(Message, bubble=False):
    card: Card
    findings: list[Finding] = field(default_factory=list)
    statuses: dict[str, SectionStatus] = field(default_factory=dict)

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FindingsChanged)


@dataclass
class Banner(Message, bubble=False):
    """A standing notice over the editor ('' clears it); kind: info, warning or error."""

    text: str
    kind: str = "info"
