"""Keys typed while the widget they are for is being built: kept, then sent on in order.

A focusable widget with nothing to show takes the focus at once, so the keys already on their
way come to it instead of to a field about to be removed (or to nothing); once the new widget
has the focus, they are sent again, in the order typed. The editor holds keys this way over a
table row edit (``row_edit_keys``) and over the jump to a find match (``screens/search``); the
app holds the keys typed while it opens (``held_keys``) with the same copies.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.widget import Widget

Typed = events.Key | events.Paste


def copy_typed(event: Typed) -> Typed:
    """A fresh event for a key or paste already handled once (an event is posted only once)."""
    if isinstance(event, events.Key):
        return events.Key(event.key, event.character)
    return events.Paste(event.text)


class KeyHolder(Widget, can_focus=True):
    """Keeps every key and paste that reaches it; :meth:`send_again` gives them to the app."""

    DEFAULT_CSS = "KeyHolder { display: none; }"

    def __init__(self) -> None:
        super().__init__()
        self.typed: list[Typed] = []
        self._let_go = False

    def let_go(self) -> None:
        """Holding is over (the focus has moved on). A key already on its way here, queued
        before the focus moved, is still handled by this widget: it is sent again, to whatever
        has the focus now, and the holder goes once those are through. Removed at once, it lost
        them (a terminal test's word typed as a new table row took the focus, once in many
        runs)."""
        self._let_go = True
        self.call_later(self.remove)

    def _keep(self, event: Typed) -> None:
        if self._let_go:
            self.send_again([event])
        else:
            self.typed.append(event)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self._keep(event)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        self._keep(event)

    def send_again(self, typed: Iterable[Typed]) -> None:
        """Post ``typed`` to the app, in order, as if typed now (to whatever has the focus)."""
        for event in typed:
            self.app.post_message(copy_typed(event))
