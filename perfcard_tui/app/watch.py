"""Watching the card's file: one async worker over ``watchfiles.awatch`` of the card's folder.

The folder, not the file: editors save by writing a new file and renaming it over the old one,
and a watch on the file dies with the old inode. Whether the card really changed is decided by
its content hash, so our own saves (and touches) never come back as reloads. What it sees is
posted to the app as a :class:`DiskChanged` message (a burst of events is one message).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import watchfiles
from textual.app import App

from ..core.buffer import CardBuffer, DiskChange
from .messages import DiskChanged

# react within ~100 ms: the watchfiles defaults group events for up to 1.6 s
DEBOUNCE_MS = 60
STEP_MS = 20


class CardWatcher:
    def __init__(self, app: App[Any], buffer: CardBuffer) -> None:
        self.app = app
        self.buffer = buffer
        self.path = buffer.path.resolve()
        self.stop_event = asyncio.Event()

    def start(self) -> None:
        self.app.run_worker(self._watch(), group="watch", exclusive=True, exit_on_error=False)

    def _concerns_card(self, changes: set[tuple[watchfiles.Change, str]]) -> bool:
        return any(Path(changed).resolve() == self.path for _, changed in changes)

    async def _watch(self) -> None:
        async for changes in watchfiles.awatch(
            self.path.parent,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self.stop_event,
            recursive=False,
            ignore_permission_denied=True,
        ):
            if not self._concerns_card(changes):
                continue
            change = await asyncio.to_thread(self.buffer.disk_change)
            if change is not DiskChange.NONE:
                self.app.post_message(DiskChanged(change))
