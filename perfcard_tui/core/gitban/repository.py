"""Where a gitban repository is: the nearest folder above that holds ``.gitban/cards``."""

from __future__ import annotations

from pathlib import Path


def repository_root(start: str | Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.gitban/cards``, or None."""
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".gitban" / "cards").is_dir():
            return candidate
    return None
