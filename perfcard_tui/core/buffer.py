"""The open card: what is on disk, what the user has, and how the two relate.

Terminal-free so that the rules "a change on disk never silently overwrites the buffer, and the
buffer never silently overwrites a change on disk" are tested without an app.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from . import store
from .model import Card
from .parse import parse_card
from .template import Template, new_card_text, template_for


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
    history: list[Card] = field(default_factory=list)
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
            card = parse_card(text.text, newline=text.newline, bom=text.bom)
            return cls(target, tmpl, card, card, text.sha256, store.is_writable(target))
        card = parse_card(new_card_text(tmpl, target.stem))
        empty = parse_card("")
        return cls(target, tmpl, empty, card, None, store.is_writable(target))

    @property
    def dirty(self) -> bool:
        return self.card.text != self.base.text or self.disk_sha is None

    @property
    def is_new(self) -> bool:
        return self.disk_sha is None

    def replace(self, card: Card) -> None:
        """The user changed the card (an edit); keep the previous one for undo."""
        if card.text != self.card.text:
            self.history.append(self.card)
            del self.history[:-200]
            self.card = card

    def disk_change(self) -> DiskChange:
        sha = store.sha256_of_file(self.path)
        if sha is None:
            return DiskChange.DELETED if self.disk_sha is not None else DiskChange.NONE
        return DiskChange.NONE if sha == self.disk_sha else DiskChange.CHANGED

    def read_disk(self) -> tuple[Card, str]:
        text = store.read_card(self.path)
        return parse_card(text.text, newline=text.newline, bom=text.bom), text.sha256

    def take_disk(self, card: Card, sha: str) -> None:
        """Load what is on disk as both base and buffer."""
        self.base = self.card = card
        self.disk_sha = sha
        self.history.clear()

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
            sha = store.write_atomic(self.path, snapshot.to_bytes())
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
