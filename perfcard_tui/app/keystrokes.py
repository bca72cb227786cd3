"""When the person last typed, so that nothing which opens by itself acts on typing.

A dialog that opens on its own (the card changed on disk, a crashed session's text was found)
would otherwise take the keys of someone typing into a field: ``done`` typed as the conflict
screen came up used to take the disk version. Two rules, both about time:

* such a dialog waits until typing has paused (:data:`PAUSE`) before it opens, so the keys
  already on their way land in the card first;
* in it, a letter chooses only when it was pressed on its own: a moment (:data:`SETTLE`) after
  the dialog appeared and after the key before it, and with no key after it for a moment more
  (:data:`ALONE`). Letters of a word typed on never choose.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.app import App

PAUSE = 1.0
"""Seconds without a key before a dialog that opens by itself may open."""
SETTLE = 0.6
"""Seconds a letter must stand apart (from the dialog appearing, from the key before it)."""
ALONE = 0.3
"""Seconds with no key after a letter before it chooses. The first letter of a word typed on
stands apart from the keys before it; the rest of the word is what gives it away, and the
rest may reach the app only after the first letter was handled (a fresh-clone run of the
terminal tier saw ``done`` set a recovery copy aside that way)."""


class Keystrokes:
    """The times of the last two keys (or pastes) from the terminal."""

    def __init__(self) -> None:
        self.last = float("-inf")
        self.before_last = float("-inf")

    def saw_key(self, at: float) -> None:
        """A key (or paste) the terminal sent at ``at``: the event's own time, taken when the
        driver read it, so that a word typed while the app was busy is still a word."""
        self.before_last, self.last = self.last, at

    def quiet_for(self) -> float:
        """Seconds since the last key."""
        return time.monotonic() - self.last

    def stood_apart(self, since: float) -> bool:
        """Whether the key being handled came :data:`SETTLE` after ``since`` and after the key
        before it: a deliberate press, not part of a word."""
        return self.last - max(since, self.before_last) >= SETTLE

    def settled_since(self, since: float) -> bool:
        """Whether a key pressed now would count as deliberate (nothing typed lately)."""
        return time.monotonic() - max(since, self.last) >= SETTLE

    def if_alone(self, app: App[Any], then: Callable[[], None]) -> None:
        """Call ``then`` if no key comes in the :data:`ALONE` seconds after the one being
        handled (at once if there is no such wait); a key that comes drops it."""
        if ALONE <= 0:
            then()
            return
        pressed = self.last
        app.set_timer(ALONE, lambda: then() if self.last == pressed else None)

    def after_pause(self, app: App[Any], then: Callable[[], None]) -> None:
        """Call ``then`` once typing has paused for :data:`PAUSE` seconds (at once if it has)."""
        wait = PAUSE - self.quiet_for()
        if wait <= 0:
            then()
        else:
            app.set_timer(wait, lambda: self.after_pause(app, then))
