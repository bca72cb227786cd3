"""The open card: what is on disk, what the user has, and how the two relate.

Terminal-free so that the rules "a change on disk never silently overwrites the buffer, and the
buffer never silently overwrites a change on disk" are tested without an app.
"""

from __future__ import annotations

import operator
import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from . import store
from .edits import splice
from .model import Card
from .parse import parse_card, parse_read
from .template import Template, new_card_text, template_for


@dataclass(frozen=True, slots=True)
class UndoStep:
    """How to go back one edit: put ``old`` where ``text[start:end]`` of the newer card is.

    Only the part that changed is kept, not the card before it: a card holds its whole text,
    and 200 of them behind a 50 MB card were 40 GB."""

    start: int
    end: int
    old: str
    what: str = ""
    """What the edit was, said after undoing or redoing it: "typing", "benchmark import"."""

    @classmethod
    def between(
        cls, before: Card, after: Card, what: str = "", *, replaced: int | None = None
    ) -> UndoStep:
        """The step from ``after`` back to ``before``. The sections an edit did not touch are
        the very same objects in both, which bounds the changed part at C speed; ``replaced``
        (or ``after.replaced_in(before)``): the one section that differs, known already."""
        a, b = before.sections, after.sections
        if replaced is None:
            replaced = after.replaced_in(before)
        if replaced is not None:  # one section re-parsed: nothing to look for
            first, last = replaced, len(a) - replaced - 1
        else:
            same = list(map(operator.is_, a, b))
            first = same.index(False) if False in same else min(len(a), len(b))
            tail = list(map(operator.is_, reversed(a), reversed(b)))
            last = tail.index(False) if False in tail else min(len(a), len(b))
        last = min(last, len(a) - first, len(b) - first)  # the two ends may not cross
        start = before.offsets[first] if first < len(a) else before.length
        old_end = before.offsets[len(a) - last] if last else before.length
        new_end = after.offsets[len(b) - last] if last else after.length
        if first >= len(b) or start != after.offsets[first]:
            start = 0  # nothing shared at the start: keep it all
        return cls(start, new_end, before.source(start, old_end), what)

    def undo(self, card: Card) -> Card:
        return splice(card, self.start, self.end, self.old)


class Moved(NamedTuple):
    """An undo or redo: what the edit was, and where in the card it now differs."""

    what: str
    at: int


def _common_prefix(a: str, b: str) -> int:
    """How many leading characters ``a`` and ``b`` share (halving: slices compare in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _first_difference(step: UndoStep, card: Card) -> int:
    # a step spans whole sections; the person wants to see the field that changed in them
    return step.start + _common_prefix(step.old, card.source(step.start, step.end))


# typing in one field with no pause longer than this is one undo step, not one per character
TYPING_PAUSE = 1.5


def located(card: Card, offset: int) -> tuple[str, str]:
    """(section key, field path or "") of the narrowest field holding ``offset``: where an
    undone or redone change is, so the editor can show it."""
    i = card.piece_at(offset)
    section = card.sections[i]
    at = offset - card.offsets[i]
    holding = [f for f in section.fields if f.span.start <= at <= f.span.end]
    narrowest = min(holding, key=lambda f: f.span.end - f.span.start, default=None)
    return section.key, narrowest.path if narrowest else ""


class DiskChange(StrEnum):
    NONE = "none"  # what is on disk is what we last loaded or saved (our own save echoing back)
    CHANGED = "changed"
    DELETED = "deleted"


@dataclass
class CardBuffer:
    """A card being edited. ``base`` is the card as last loaded from / saved to disk."""

    path: Path
    template: Template
    base: Card
    card: Card
    disk_sha: str | None
    """sha256 of the bytes on disk when we last read or wrote them; None: no file yet."""
    writable: bool = True
    history: list[UndoStep] = field(default_factory=list)
    redo_steps: list[UndoStep] = field(default_factory=list)
    typing: tuple[str, float, Card, int | None] | None = None
    """The run of typing the last step holds: its field, when its last key came, the card
    before its first key (the step is rebuilt from that card as the run grows), and the one
    section every key of it re-parsed (None: not known, compare the cards)."""
    session_reference: Card | None = None
    """The card when it was opened, or when the last session was logged: "completed" items in a
    new session entry are those ticked since."""

    def __post_init__(self) -> None:
        if self.session_reference is None:
            self.session_reference = self.card

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        template: str | None = None,
        *,
        text: store.CardText | None = None,
    ) -> CardBuffer:
        """Open a card; a path that does not exist yet becomes a new card from the template.
        ``text``: the card as the caller already read it (the file is read once per open).

        Raises :class:`store.CardReadError` for a file that exists but cannot be read. The temp
        files a killed save of this card left beside it are removed (`store.remove_stale_temps`).
        """
        target = Path(path)
        store.remove_stale_temps(target)
        tmpl = template_for(target, template)
        if text is not None or target.exists() or target.is_symlink():
            text = text if text is not None else store.read_card(target)
            card = parse_read(text)
            return cls(target, tmpl, card, card, text.sha256, store.is_writable(target))
        card = parse_card(new_card_text(tmpl, target.stem))
        empty = parse_card("")
        return cls(target, tmpl, empty, card, None, store.is_writable(target))

    @property
    def dirty(self) -> bool:
        return not self.card.same_text(self.base) or self.disk_sha is None

    @property
    def is_new(self) -> bool:
        return self.disk_sha is None

    def replace(
        self, card: Card, what: str = "", *, typing: str = "", at: float | None = None
    ) -> None:
        """The user changed the card (an edit); keep the way back for undo. ``typing``: the
        field typed in, with ``at`` the time of the key: a run of typing in one field without
        a pause of :data:`TYPING_PAUSE` is one step."""
        if card.same_text(self.card):
            return
        run = self.typing
        before = self.card
        replaced = card.replaced_in(before)
        if (
            typing
            and run is not None
            and at is not None
            and run[0] == typing
            and at - run[1] <= TYPING_PAUSE
            and self.history
        ):
            self.history.pop()
            before = run[2]
            # every key of the run re-parsed this one section: so did the run as a whole
            replaced = replaced if replaced == run[3] else None
        self.history.append(UndoStep.between(before, card, what, replaced=replaced))
        del self.history[:-200]
        self.redo_steps.clear()
        self.typing = (typing, at, before, replaced) if typing and at is not None else None
        self.card = card

    def undo(self) -> Moved | None:
        """Go back one edit: what it was and where, or None when there is none."""
        if not self.history:
            return None
        return self._go(self.history.pop(), self.redo_steps)

    def redo(self) -> Moved | None:
        """Go forward again over the last undo: what it was and where, or None."""
        if not self.redo_steps:
            return None
        return self._go(self.redo_steps.pop(), self.history)

    def _go(self, step: UndoStep, way_back: list[UndoStep]) -> Moved:
        moved = Moved(step.what, _first_difference(step, self.card))
        card = step.undo(self.card)
        way_back.append(UndoStep.between(self.card, card, step.what))
        self.card, self.typing = card, None
        return moved

    def disk_change(self) -> DiskChange:
        sha = store.sha256_of_file(self.path)
        if sha is None:
            return DiskChange.DELETED if self.disk_sha is not None else DiskChange.NONE
        return DiskChange.NONE if sha == self.disk_sha else DiskChange.CHANGED

    def read_disk(self) -> tuple[Card, str]:
        text = store.read_card(self.path)
        return parse_read(text), text.sha256

    def take_disk(self, card: Card, sha: str) -> None:
        """Load what is on disk as both base and buffer."""
        self.base = self.card = card
        self.disk_sha = sha
        self.history.clear()
        self.redo_steps.clear()
        self.typing = None

    def save(self, card: Card | None = None) -> str:
        """Write ``card`` (default: the buffer) atomically; it becomes the new base.

        A snapshot is passed when saving from a worker, since typing may go on meanwhile. Raises
        :class:`SaveConflict` if the disk changed since the last load, and
        :class:`store.CardWriteError` if it cannot be written (:class:`store.CardReadOnlyError`,
        with the CLI's words, if the user may not write it: ``writable`` becomes False).
        """
        snapshot = card or self.card
        if self.disk_change() is DiskChange.CHANGED:
            raise SaveConflict(f"{self.path}: changed on disk since it was loaded")
        try:
            sha = store.write_atomic(self.path, snapshot.chunks())
        except store.CardReadOnlyError:
            self.writable = False
            raise
        self.disk_sha = sha
        self.base = snapshot
        return sha

    def keep_mine(self, theirs: Card, sha: str) -> None:
        """Settle a conflict for the buffer: the disk version becomes the base, so the next save
        overwrites it on purpose."""
        self.base = theirs
        self.disk_sha = sha

    def forget_disk(self) -> None:
        """The file was deleted: the buffer is all there is, and saving recreates the file."""
        self.disk_sha = None


class SaveConflict(Exception):
    """The file on disk changed since we loaded it: saving would overwrite someone's work."""
