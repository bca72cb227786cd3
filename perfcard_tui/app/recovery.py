"""Crash recovery: the dirty buffer is written about once a second to a swap file outside the
card's folder (so the folder watcher and git never see it), and offered back on the next open."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path


def _state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "perfcard-tui" / "swap"


def swap_path(card: Path) -> Path:
    digest = hashlib.sha256(str(card.resolve()).encode()).hexdigest()[:16]
    return _state_dir() / f"{card.name}.{digest}.swap"


def write(card: Path, data: bytes) -> None:
    target = swap_path(card)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_suffix(".tmp")
        temp.write_bytes(data)
        os.replace(temp, target)
    except OSError:
        pass  # recovery is best effort; the card itself is never touched here


def read(card: Path) -> bytes | None:
    try:
        return swap_path(card).read_bytes()
    except OSError:
        return None


def clear(card: Path) -> None:
    with contextlib.suppress(OSError):
        swap_path(card).unlink()
