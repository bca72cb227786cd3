"""Crash recovery: the dirty buffer is written about once a second to a swap file outside the
card's folder (so the folder watcher and git never see it), and offered back on the next open.

Text the person chose to drop (a recovery copy set aside, their version when they took the
disk's) is never deleted: it is set aside as a dated file next to the swap files, and the
notice that follows says where."""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Iterable
from pathlib import Path


def _state_root() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "perfcard-tui"


def _state_dir() -> Path:
    return _state_root() / "swap"


def swap_path(card: Path) -> Path:
    digest = hashlib.sha256(str(card.resolve()).encode()).hexdigest()[:16]
    return _state_dir() / f"{card.name}.{digest}.swap"


def write(card: Path, chunks: Iterable[bytes]) -> None:
    """Keep the buffer's bytes, given a section at a time (``Card.chunks``): made whole, a big
    card's bytes and the list of them were twice its size, every second it was typed in."""
    target = swap_path(card)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_suffix(".tmp")
        with temp.open("wb") as f:
            f.writelines(chunks)
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


def set_aside(card: Path, data: bytes) -> Path | None:
    """Keep ``data`` (text being dropped from the editor) as a dated copy; its path, or None
    when it could not be written (the caller then keeps it another way: an undo step)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = _state_root() / "set-aside"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(100):
            target = folder / f"{card.stem}.{stamp}{f'-{n}' if n else ''}{card.suffix}"
            try:
                with open(target, "xb") as f:
                    f.write(data)
                return target
            except FileExistsError:
                continue
    except OSError:
        pass
    return None
