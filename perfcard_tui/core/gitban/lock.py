"""gitban's lock files: ``.gitban/cards/.lock/{id}.json``, one per card, written when gitban made
the card. Only two keys matter here: ``template_name`` (which template made the card) and an
owner. A lock file is gitban's, not ours: anything unreadable is treated as absent, never as an
error, since the card itself is still the truth."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

LOCK_DIR = ".lock"
_OWNER_KEYS = ("owner", "assignee", "claimed_by")


@dataclass(frozen=True, slots=True)
class Lock:
    template_name: str = ""
    owner: str = ""


def cards_root(card_path: Path) -> Path | None:
    """The ``.gitban/cards`` folder a card lies in (archives included), or None outside one."""
    for folder in card_path.parents:
        if folder.name == "cards" and folder.parent.name == ".gitban":
            return folder
    return None


def _text(data: dict[str, object], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def read_lock(root: Path, card_id: str) -> Lock | None:
    """The lock file of card ``card_id`` under the cards folder ``root``, or None."""
    try:
        data = json.loads((root / LOCK_DIR / f"{card_id}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    owner = next((o for o in (_text(data, k) for k in _OWNER_KEYS) if o), "")
    return Lock(template_name=_text(data, "template_name"), owner=owner)
