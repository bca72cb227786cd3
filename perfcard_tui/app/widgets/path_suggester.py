"""File name completion for an Input: the suggestion is the first entry of the typed folder
that starts with what was typed after its last ``/`` (folders end in ``/``, so completing goes
on inside them). → or End takes it, as for any Textual suggestion."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual.suggester import Suggester


def complete_path(value: str, base: Path) -> str | None:
    """The typed ``value`` completed to the first matching entry (hidden ones only once a ``.``
    is typed), relative paths against ``base``; None when nothing matches."""
    folder_part, _, prefix = value.rpartition("/")
    folder = Path(os.path.expanduser(folder_part + "/" if folder_part else "."))
    if not folder.is_absolute():
        folder = base / folder
    try:
        with os.scandir(folder) as entries:
            names = sorted(
                (entry.name + ("/" if entry.is_dir() else ""))
                for entry in entries
                if entry.name.startswith(prefix) and (prefix or not entry.name.startswith("."))
            )
    except OSError:
        return None
    if not names:
        return None
    head = value[: len(value) - len(prefix)]
    return head + names[0]


class PathSuggester(Suggester):
    def __init__(self, base: Path) -> None:
        # no cache: files come and go while the dialog is open
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base

    async def get_suggestion(self, value: str) -> str | None:
        # a folder on a slow disk must not hold the UI: list it in a thread
        return await asyncio.to_thread(complete_path, value, self.base)
