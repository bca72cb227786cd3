"""A text field's own keys take effect in the order they were typed, however fast they come.

Textual's ``Input`` and ``TextArea`` type a printable key in their own ``_on_key``, when the key
reaches them; a key they bind (backspace, delete, arrows, home/end, ctrl+k, enter...) does
nothing there and bubbles on, and its binding runs only once the key has climbed every ancestor
to the app (``App._on_key`` → ``_check_bindings``). In a burst the keys after it are already
queued to the field, so they are typed first: ``b a ⌫ c`` gives ``ba`` or ``bc`` depending on
timing, ``123ms`` then five backspaces and ``ZZ`` gave ``12``. That breaks "nothing typed is
ever lost" (Textual issue #6605).

:class:`KeyOrder` runs such a binding in the field's own turn. Right after the app has passed a
key from the terminal to a focused ``Input`` or ``TextArea`` (priority bindings, the app's
ctrl+z/ctrl+y/ctrl+q, have had their chance by then), when the field binds that key itself
(non-priority) and would not type it, it queues a call to the field behind the key. That call
runs after the field's own handlers have seen the key and before the field sees the next one:
unless a handler took the key (a table cell's row keys, Enter in code), it runs the field's
bindings for the key through ``App.run_action``, as ``_check_bindings`` would (``check_action``
and ``SkipAction`` respected, the first that acts wins). The key still bubbles, but when it
reaches the app the binding is not run again. When none acts, the app handles the key as it
always did, so an ancestor's binding for the key still gets it.

Left as Textual does it:

* a key only an ancestor binds (``tab``, the editor's and the app's keys): it acts when it
  reaches the app, and Textual sends each key to the widget focused when the key arrives, so
  letters right behind ``tab`` in a burst still land in the field being left. A table's own keys
  (``ctrl+n``, ``up``...) are run by its cells as they reach them (``CellInput``);
* the keys of a field under an ancestor with key handlers of its own (an ``on_key``: a
  checklist item removes itself on backspace when empty; a ``key_...`` method: every screen
  clears a mouse selection on escape): that handler must see the key before the field's binding
  acts, as it always has, so such keys keep Textual's order;
* priority bindings (the app's ctrl+z, ctrl+y, ctrl+q) act when the key arrives, as before:
  before the letters typed just ahead of them have reached the field.

Delete this module (and its use in ``app.py`` and ``board/app.py``) once Textual runs a
widget's own bindings in its ``_on_key`` (the fix proposed in Textual PR #6631): ``tests/app/
test_app_key_order.py`` and ``tests/terminal/test_key_order.py`` say whether it still matters.
As proposed, that fix stops a key the field's binding took, so no ancestor sees it: the
checklist item's backspace would need another way then (its test is in the first file).
"""

from __future__ import annotations

import enum
import functools
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget


class _Turn(enum.Enum):
    WAITING = enum.auto()
    """Queued behind the key to the field: the field has not reached it yet."""
    ACTING = enum.auto()
    """The field's binding is running (an action that awaits)."""
    TAKEN = enum.auto()
    """The field's binding acted: the app does not run it again."""
    LATE = enum.auto()
    """The key reached the app while the binding was still running."""


class KeyOrder:
    """Runs a focused text field's own bindings in the field's turn (see the module doc)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        # weak: a key that never gets back to the app (stopped, or its field removed) is not kept
        self._turns: weakref.WeakKeyDictionary[events.Key, _Turn] = weakref.WeakKeyDictionary()

    async def dispatch(
        self, event: events.Event, handle: Callable[[events.Event], Awaitable[None]]
    ) -> None:
        """Handle ``event`` for the app: ``handle`` is Textual's own ``App.on_event``."""
        if not isinstance(event, events.Key):
            await handle(event)
            return
        if not event.is_forwarded:  # from the terminal: the app passes it to the focused widget
            await handle(event)
            self._follow(event)
            return
        turn = self._turns.pop(event, None)
        if turn is _Turn.TAKEN:
            return
        if turn is _Turn.ACTING:
            self._turns[event] = _Turn.LATE  # the field hands it back if its binding did not act
            return
        # not the field's, or the field has not reached its turn yet (so it has typed nothing
        # sent after the key either): the app's bindings run now, in order, as they always did
        await handle(event)

    def _follow(self, event: events.Key) -> None:
        """The app has just passed ``event`` on: queue the field's binding behind it."""
        field = self.app.focused
        if not event.is_forwarded or field is None or not isinstance(field, text_fields()):
            return  # a priority binding took it, or no text field has the focus
        if field.check_consume_key(event.key, event.character):
            return  # the field types it
        if is_command_palette(field.screen):
            # Textual's palette picks on enter from the hits it has by then: its search lands
            # while the key climbs to the app, and enter run at once picked too early (the
            # "Edit logged session…" command was typed, then enter, and nothing opened)
            return
        bindings = own_bindings(field, event.key)
        if not bindings or any(handles_keys(node, event) for node in field.ancestors[:-1]):
            return
        self._turns[event] = _Turn.WAITING
        if not field.call_later(self._field_turn, field, event, bindings):
            del self._turns[event]  # the field is closing: the key goes on as it would have

    async def _field_turn(self, field: Widget, event: events.Key, bindings: list[Binding]) -> None:
        """In the field's queue, right after ``event``: run its binding unless taken."""
        if self._turns.get(event) is not _Turn.WAITING:
            return  # the app had it first
        # a handler of the field stopped the key (Textual: no binding runs for it then)
        stopped = event._stop_propagation
        if stopped or not field.is_attached:
            del self._turns[event]
            return
        self._turns[event] = _Turn.ACTING
        acted = False
        for binding in bindings:
            if await self.app.run_action(binding.action, field):
                acted = True
                break
        late = self._turns.get(event) is _Turn.LATE
        if acted and not late:
            self._turns[event] = _Turn.TAKEN
        else:
            self._turns.pop(event, None)
            if late and not acted:
                self.app.post_message(event)  # what the app deferred to the field: its own again


def is_command_palette(screen: object) -> bool:
    from textual.command import CommandPalette

    return isinstance(screen, CommandPalette)


@functools.cache
def text_fields() -> tuple[type[Widget], ...]:
    """Textual's text widgets, imported on the first key: the first frame does without them."""
    from textual.widgets import Input, TextArea

    return (Input, TextArea)


def own_bindings(field: Widget, key: str) -> list[Binding]:
    """``field``'s own non-priority bindings for ``key``, as Textual's binding chain has them
    (the app's keymap applied), in the order it tries them."""
    chain = field.screen._binding_chain
    if not chain or chain[0][0] is not field:
        return []  # Textual skips a widget that is loading
    return [b for b in chain[0][1].key_to_bindings.get(key, ()) if not b.priority]


def handles_keys(node: DOMNode, event: events.Key) -> bool:
    """Whether ``node`` has key handlers of its own (beyond Textual's ``Widget._on_key``, which
    only calls ``key_...`` methods) or a ``key_...`` method for ``event``. A node whose handler
    takes only the keys sent to it while nothing had the focus says so
    (``ONLY_UNFOCUSED_KEYS``): the keys of a field inside it never reach that handler first."""
    if getattr(type(node), "ONLY_UNFOCUSED_KEYS", False):
        return False
    probe = events.Key(event.key, event.character)
    if any(cls is not Widget for cls, _ in node._get_dispatch_methods("on_key", probe)):
        return True
    return any(
        getattr(node, f"key_{name}", None) or getattr(node, f"_key_{name}", None)
        for name in probe.name_aliases
    )
