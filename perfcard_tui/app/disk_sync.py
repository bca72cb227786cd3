"""The card's file and the buffer: reloads, conflicts, and recovery copies.

The rules (DESIGN.md, invariant 5): a change on disk never silently overwrites the buffer, the
buffer never silently overwrites a change on disk, and a crash loses at most about a second of
typing. Reading and writing happen in worker threads; what they find comes back to the UI
thread with ``call_from_thread``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import store
from . import recovery
from .lazy import lazy_module

if TYPE_CHECKING:
    from ..core import buffer as card_buffer
    from ..core import edits
    from ..core.buffer import CardBuffer
    from ..core.model import Card
    from .app import PerfCardApp
    from .screens import confirm, conflict
else:
    card_buffer = lazy_module("perfcard_tui.core.buffer")
    edits = lazy_module("perfcard_tui.core.edits")
    confirm = lazy_module("perfcard_tui.app.screens.confirm")
    conflict = lazy_module("perfcard_tui.app.screens.conflict")


class DiskSync:
    """Keeps one app's buffer and the card's file honest with each other."""

    def __init__(self, app: PerfCardApp) -> None:
        self.app = app
        self._swap_text: str | None = None
        """The text last written to the recovery copy (None: no copy)."""

    @property
    def buffer(self) -> CardBuffer:
        return self.app.buffer

    # -- the watcher's news ------------------------------------------------------------------

    def changed(self, change: card_buffer.DiskChange) -> None:
        """The card's file changed on disk (called on the UI thread)."""
        if change is card_buffer.DiskChange.DELETED:
            self.buffer.forget_disk()
            self.app.update_subtitle()
            self.app.banner(
                "The file was deleted on disk. Your text is kept: ctrl+s recreates it.", "warning"
            )
        elif change is card_buffer.DiskChange.CHANGED:
            if self.buffer.dirty and not self.app.review:
                self.ask()
            else:
                self.app.run_worker(self._reload, thread=True, exclusive=True, group="disk")

    def _reload(self) -> None:
        try:
            card, sha = self.buffer.read_disk()
        except store.CardReadError as error:
            self.app.call_from_thread(self.app.notify, f"Not reloaded: {error}", severity="error")
            return
        self.app.call_from_thread(self._reload_clean, card, sha)

    def _reload_clean(self, card: Card, sha: str) -> None:
        if self.buffer.dirty and card.text != self.buffer.card.text:
            self.ask()  # typed something while the file was being read: ask, never overwrite
        else:
            self._take_disk(card, sha, "Reloaded: the file changed on disk")

    def _take_disk(self, card: Card, sha: str, message: str) -> None:
        self.buffer.take_disk(card, sha)
        self.app.banner("")
        self.app.card_changed()
        self.app.notify(message)

    # -- conflicts ---------------------------------------------------------------------------

    def ask(self) -> None:
        """Read what is on disk and let the person choose between it and the buffer."""
        self.app.run_worker(self._read_theirs, thread=True, exclusive=True, group="disk")

    def _read_theirs(self) -> None:
        try:
            theirs, sha = self.buffer.read_disk()
        except store.CardReadError as error:
            self.app.call_from_thread(
                self.app.notify, f"The file on disk cannot be read: {error}", severity="error"
            )
            return
        self.app.call_from_thread(self._open_conflict, theirs, sha)

    def _open_conflict(self, theirs: Card, sha: str) -> None:
        if any(isinstance(s, conflict.ConflictScreen) for s in self.app.screen_stack):
            return
        buffer = self.buffer
        screen = conflict.ConflictScreen(buffer.base, buffer.card, theirs, buffer.path.name)
        self.app.push_screen(screen, lambda result: self._resolve(result, theirs, sha))

    def _resolve(self, result: conflict.Resolution | None, theirs: Card, sha: str) -> None:
        if result is None:
            return  # decide later: the next save or change asks again
        if result.choice == "disk":
            self._take_disk(theirs, sha, "Took the version on disk")
        elif result.choice == "mine":
            self.buffer.keep_mine(theirs, sha)
            self.app.card_changed()
            self.app.notify("Kept your version: saving will overwrite the disk")
        elif result.merged is not None:
            self.buffer.keep_mine(theirs, sha)
            self.buffer.replace(result.merged)
            self.app.card_changed(rebuild=True)
            self.app.notify("Merged the change on disk with yours (not saved yet)")

    # -- crash recovery ------------------------------------------------------------------------

    def write_swap(self) -> None:
        """Every second: keep the recovery copy in line with the dirty buffer (or remove it)."""
        text = self.buffer.card.text if self.buffer.dirty else None
        if text != self._swap_text:
            self._swap_text = text
            data = None if text is None else self.buffer.card.to_bytes()
            self.app.run_worker(
                lambda: self._store_swap(data), thread=True, exclusive=True, group="swap"
            )

    def _store_swap(self, data: bytes | None) -> None:
        if data is None:
            recovery.clear(self.buffer.path)
        else:
            recovery.write(self.buffer.path, data)

    def forget_swap(self) -> None:
        """The buffer was saved or given up: no recovery copy is needed."""
        recovery.clear(self.buffer.path)
        self._swap_text = None

    def offer_recovery(self) -> None:
        """A recovery copy that differs from the file: a session ended badly. Offer it back."""
        saved = recovery.read(self.buffer.path)
        if saved is None or saved == self.buffer.card.to_bytes():
            recovery.clear(self.buffer.path)
            return

        def chosen(recover: bool | None) -> None:
            if recover:
                text = store.decode(saved, str(self.buffer.path)).text
                self.app.apply_edit(
                    lambda card: edits.splice(card, 0, len(card.text), text), "recovery"
                )
                self.app.notify("Recovered the unsaved changes: review them, then ctrl+s")
            else:
                recovery.clear(self.buffer.path)

        self.app.push_screen(confirm.RecoverScreen(self.buffer.path.name), chosen)
