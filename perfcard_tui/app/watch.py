"""Watching the card's file: one thread worker over ``watchfiles.watch`` of the card's folder.

The folder, not the file: editors save by writing a new file and renaming it over the old one,
and a watch on the file dies with the old inode. Whether the card really changed is decided by
its content hash, so our own saves (and touches) never come back as reloads. What it sees is
posted to the app as a :class:`DiskChanged` message (a burst of events is one message).

The folder itself can go: renamed, moved or deleted (or a folder above it). A rename of the
watched folder comes as an event on the folder; one further up comes as nothing at all, so
every quiet second the watcher also checks that the card's path is still there. Once the
folder is gone the watch on it is dead; the watcher waits for the folder to be back and
starts again.

The blocking ``watch`` in a thread of our own, not ``awatch``: that runs the same Rust watch in
a thread of anyio's, and its first call imported anyio's asyncio backend on the UI thread, about
35 ms of its CPU as every editor opened.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.worker import get_current_worker

if TYPE_CHECKING:
    import watchfiles

from ..core.buffer import CardBuffer, DiskChange
from .messages import DiskChanged
from .watch_stop import WorkerCancelled

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

    def start(self) -> None:
        self.app.run_worker(
            self._watch, thread=True, group="watch", exclusive=True, exit_on_error=False
        )

    def _concerns_card(self, changes: set[tuple[watchfiles.Change, str]]) -> bool:
        return any(
            Path(changed).resolve() in (self.path, self.path.parent) for _, changed in changes
        )

    def _watch(self) -> None:
        stop = WorkerCancelled(get_current_worker())
        # the watch starts once the editor is up: a change made before it is seen here
        self._tell(*self._look())
        while not stop.is_set():
            if self.path.parent.is_dir():
                self._watch_folder(stop)
            else:  # gone: wait for it to come back (a step at a time: the app may be ending)
                for _ in range(CHECK_MS // STEP_MS):
                    if stop.is_set():
                        return
                    time.sleep(STEP_MS / 1000)

    def _watch_folder(self, stop: WorkerCancelled) -> None:
        from watchfiles import watch  # here, in the worker's thread: it brings anyio

        for changes in watch(
            self.path.parent,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=stop,
            recursive=False,
            ignore_permission_denied=True,
            rust_timeout=CHECK_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            if changes and not self._concerns_card(changes):
                continue
            if not changes and (self.buffer.disk_sha is None or self.path.exists()):
                continue  # a quiet second, and the card is where it was (or was never saved)
            change, folder_gone = self._look()
            self._tell(change, folder_gone)
            if folder_gone:
                return  # the watch is on a folder that is no longer there

    def _tell(self, change: DiskChange, folder_gone: bool) -> None:
        if change is not DiskChange.NONE:
            self.app.post_message(DiskChanged(change, folder_gone=folder_gone))

    def _look(self) -> tuple[DiskChange, bool]:
        """What happened to the card, and whether its folder is gone (moved or deleted)."""
        if self.path.exists():
            return self.buffer.disk_change(), False
        return self.buffer.disk_change(), not self.path.parent.is_dir()
