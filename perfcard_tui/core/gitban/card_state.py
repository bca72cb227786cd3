"""A card's gitban type and status: from its file name (a status change is a rename, so the
name is the truth), else its front matter's ``type:`` and ``status:``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .front_matter import front_matter
from .names import parse_card_name

DONE = "done"
IN_PROGRESS = "in_progress"


def normal_status(status: str) -> str:
    """``In Progress``, ``in-progress`` and ``in_progress`` are one status: gitban's spelling."""
    return "_".join(status.lower().replace("-", " ").split())


@dataclass(frozen=True, slots=True)
class CardState:
    type: str = ""
    status: str = ""
    """gitban's spelling (``in_progress``); "" when neither the name nor front matter says."""
    status_from: str = ""
    """Where the status was read: ``its file name`` or ``its front matter``."""

    @property
    def done(self) -> bool:
        return self.status == DONE

    @property
    def in_progress(self) -> bool:
        return self.status == IN_PROGRESS


def card_state(text: str, path: str | Path | None = None) -> CardState:
    """The card's type and status; ``path`` (its file name) first, ``text``'s front matter next."""
    name = parse_card_name(Path(path).name) if path is not None else None
    if name is not None:
        return CardState(name.type, normal_status(name.status), "its file name")
    keys = front_matter(text)
    status = normal_status(keys.get("status", ""))
    return CardState(keys.get("type", "").lower(), status, "its front matter" if status else "")
