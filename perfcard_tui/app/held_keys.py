"""Keys typed before the editor can take them: kept, then replayed in order, one at a time.

The first frame shows the card's text while the editor is still being built; a person who sees
their card starts typing. Those keys are held here until the editor has focused its field, then
replayed. One at a time, and each to the end: a key the field handles through a binding
(backspace, arrows) only acts when it has bubbled back up to the app, after any printable key
sent behind it was already inserted; replaying them in one go would turn ``ab⌫c`` into ``ab``.
Keys that arrive during the replay join the end of the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

from .widgets.key_holder import Typed, copy_typed

# how long one node may take to handle what was queued to it before the replay moves on
_DRAIN_TIMEOUT = 2.0


class HeldKeys:
    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.released = False
        """True once every held key has been replayed: keys then flow as usual."""
        self._held: list[Typed] = []
        self._in_flight: Typed | None = None

    def hold(self, event: events.Event) -> bool:
        """Keep a key or paste from the terminal while the editor is not ready; True if kept."""
        if self.released or event is self._in_flight:
            return False
        if not isinstance(event, events.Key | events.Paste) or event.is_forwarded:
            return False
        self._held.append(event)
        return True

    def release(self, then: Callable[[], None]) -> None:
        """The editor is ready: replay what was typed, then call ``then``."""
        self.app.run_worker(self._replay(then), group="held-keys", exit_on_error=False)

    async def _replay(self, then: Callable[[], None]) -> None:
        try:
            while self._held:
                self._in_flight = copy_typed(self._held.pop(0))
                self.app.post_message(self._in_flight)
                await self._handled()
        finally:
            # no await between the queue running dry and this: no key can slip in between
            self.released = True
            self._in_flight = None
        then()

    async def _handled(self) -> None:
        """Wait until the app has passed the key on, and the focused widget and each of its
        ancestors have handled what reached them (a key not taken bubbles up to the app)."""
        await _drain(self.app)
        focused = self.app.focused
        if focused is not None:
            for node in focused.ancestors_with_self:
                await _drain(node)


async def _drain(node: MessagePump) -> None:
    """Wait until ``node`` has handled every message queued to it before now."""
    done = asyncio.Event()
    node.call_later(done.set)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), _DRAIN_TIMEOUT)
