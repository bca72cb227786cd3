"""Watching the card's file: one async worker over ``watchfiles.awatch`` of the card's folder.

The folder, not the file: editors save by writing a new file and renaming it over the old one,
and a watch on the file dies with the old inode. Whether the card really changed is decided by
its content hash, so our own saves (and touches) never come back as reloads. What it sees is
posted to the app as a :class:`DiskChanged` message (a burst of events is one message).

The folder itself can go: renamed, moved or deleted (or a folder above it). A rename of the
watched folder comes as an event on the folder; one further up comes as nothing at all, so
every quiet second the watcher also checks that the card's path is still there. Once the
folder is gone the watch on it is dead; the watcher waits for the folder to be back and
starts again.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    import watchfiles

from ..core.buffer import CardBuffer, DiskChange
from .messages import DiskChanged

# react within ~100 ms: the watchfiles defaults group events for up to 1.6 s
DEBOUNCE_MS = 60
STEP_MS = 20
# how often, without any event, the card's path is checked (a folder above it may have moved)
CHECK_MS = 1000


class CardWatcher:
    def __init__(self, app: App[Any], buffer: CardBuffer) -> None:
        self.app = app
        self.buffer = buffer
        self.path = buffer.path.resolve()
        self.stop_event = asyncio.Event()
        self._watchfiles: Any = None

    def start(self) -> None:
        self.app.run_worker(self._watch(), group="watch", exclusive=True, exit_on_error=False)

    def _concerns_card(self, changes: set[tuple[watchfiles.Change, str]]) -> bool:
        return any(
            Path(changed).resolve() in (self.path, self.path.parent) for _, changed in changes
        )

    async def _watch(self) -> None:
        # imported in a thread: watchfiles brings anyio, a tenth of a second of the UI thread
        self._watchfiles = await asyncio.to_thread(importlib.import_module, "watchfiles")
        # the watch starts once the editor is up: a change made before it is seen here
        change, folder_gone = await asyncio.to_thread(self._look)
        if change is not DiskChange.NONE:
            self.app.post_message(DiskChanged(change, folder_gone=folder_gone))
        while not self.stop_event.is_set():
            if await asyncio.to_thread(self.path.parent.is_dir):
                await self._watch_folder()
            else:  # gone: wait for it to come back, then watch it anew
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.stop_event.wait(), CHECK_MS / 1000)

    async def _watch_folder(self) -> None:
        async for changes in self._watchfiles.awatch(
            self.path.parent,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self.stop_event,
            recursive=False,
            ignore_permission_denied=True,
            rust_timeout=CHECK_MS,
            yield_on_timeout=True,
        ):
            if changes and not self._concerns_card(changes):
                continue
            if not changes and (
                self.buffer.disk_sha is None or await asyncio.to_thread(self.path.exists)
            ):
                continue  # a quiet second, and the card is where it was (or was never saved)
            change, folder_gone = await asyncio.to_thread(self._look)
            if change is not DiskChange.NONE:
                self.app.post_message(DiskChanged(change, folder_gone=folder_gone))
            if folder_gone:
                return  # the watch is on a folder that is no longer there

    def _look(self) -> tuple[DiskChange, bool]:
        """What happened to the card, and whether its folder is gone (moved or deleted)."""
        if self.path.exists():
            return self.buffer.disk_change(), False
        return self.buffer.disk_change(), not self.path.parent.is_dir()
