"""Watching the card's file: one async worker over ``watchfiles.awatch`` of the card's folder.

The folder, not the file: editors save by writing a new file and renaming it over the old one,
and a watch on the file dies with the old inode. Whether the card really changed is decided by
its content hash, so our own saves (and touches) never come back as reloads.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

import watchfiles

from ..core.buffer import DiskChange

if TYPE_CHECKING:
    from .app import PerfCardApp

# react within ~100 ms: the watchfiles defaults group events for up to 1.6 s
DEBOUNCE_MS = 60
STEP_MS = 20


class CardWatcher:
    def __init__(self, app: PerfCardApp, path: Path) -> None:
        self.app = app
        self.path = path.resolve()
        self.stop_event = asyncio.Event()

    def start(self) -> None:
        self.app.run_worker(self._watch(), group="watch", exclusive=True, exit_on_error=False)

    def _concerns_card(self, changes: set[tuple[watchfiles.Change, str]]) -> bool:
        return any(Path(changed).resolve() == self.path for _, changed in changes)

    async def _watch(self) -> None:
        folder = self.path.parent
        async for changes in watchfiles.awatch(
            folder,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self.stop_event,
            recursive=False,
            ignore_permission_denied=True,
        ):
            if not self._concerns_card(changes):
                continue
            change = await asyncio.to_thread(self.app.buffer.disk_change)
            if change is not DiskChange.NONE:
                self.app.disk_changed(change)
