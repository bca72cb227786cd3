"""A form row's own keys (a table's ``ctrl+n``, a list item's ``alt+up``) act in the turn of the
input that takes them, before the keys typed after them.

Textual runs a binding only once its key has climbed from the focused input to the app, and in
a burst the keys typed after it are already queued to the input: ``ctrl+n`` then ``word``
typed ``word`` into the old item, then added the new one. So the row's input looks its row's
bindings up as each key reaches it and runs the action there and then, after sending what was
typed before it (:meth:`RowKeys.send_typed`). A key that reaches the input after the action
took the focus away (to the :class:`~.row_edit_keys.RowEditKeys` that holds the keys while the
form is rebuilt) goes on to whatever has the focus now.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widget import Widget


class RowKeys:
    """A form row whose bindings its inputs run in their own turn (mixed into the row)."""

    BINDINGS: ClassVar[list[BindingType]]

    def action_for(self, key: str) -> str | None:
        """The action of this row's binding for ``key``, if it has one it may run now (its
        ``check_action`` says so)."""
        row: Any = self
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and key in binding.key.split(","):
                name = binding.action.split("(", 1)[0]
                return binding.action if row.check_action(name, ()) else None
        return None

    def send_typed(self, box: Widget) -> None:
        """Ask for what ``box`` holds now, if the card does not have it yet: the keys typed
        before a row key act before it does."""


class RowKeysField:
    """Mixed into an ``Input`` or ``TextArea`` inside a :class:`RowKeys` row (before it, so
    its key handler runs first)."""

    async def _on_key(self, event: events.Key) -> None:
        me: Any = self
        focused = me.screen.focused
        if focused is not None and focused is not me:
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        row: Any = next((a for a in me.ancestors if isinstance(a, RowKeys)), None)
        action = row.action_for(event.key) if row is not None else None
        if row is not None and action is not None:
            event.stop()
            event.prevent_default()
            row.send_typed(me)  # what was typed before the key, before what it does
            await row.run_action(action)

    def on_paste(self, event: events.Paste) -> None:
        me: Any = self
        focused = me.screen.focused
        if focused is not None and focused is not me:
            event.stop()
            event.prevent_default()
            focused.post_message(events.Paste(event.text))
