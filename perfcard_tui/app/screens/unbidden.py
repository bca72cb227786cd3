"""A dialog that opens by itself (nobody pressed a key for it): it never acts on typing.

The conflict and recovery screens come up because of something outside the keyboard, maybe
while a word is being typed into a field. So here:

* nothing is focused when the dialog appears: Enter or space typed on cannot press a button;
* a key chooses only when it stands apart (:meth:`Keystrokes.stood_apart`) and nothing follows
  it for a moment (:meth:`Keystrokes.if_alone`): the letters of a word typed on are
  ignored, and the buttons show their key only once a key would count.

A click is always deliberate, and so is Enter on a button that Tab moved to.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TypeVar

from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..keystrokes import Keystrokes
from .quiet_focus import QuietFocus

ResultType = TypeVar("ResultType")

WAITING = "Keys choose here once you have stopped typing for a moment."


class UnbiddenDialog(QuietFocus, ModalScreen[ResultType]):
    AUTO_FOCUS = ""  # falsy: focus nothing, so typing cannot press a button
    DEFAULT_CSS = """
    UnbiddenDialog #keys-hint { color: $text-muted; text-style: italic; }
    """
    KEYS: dict[str, str] = {}
    """Button id → the key that chooses it, shown on the button only while a key counts."""

    def __init__(self, keystrokes: Keystrokes) -> None:
        super().__init__()
        self.keystrokes = keystrokes
        self._shown_at = math.inf
        self._labels: dict[str, str] = {}
        self._keys_live: bool | None = None

    def keys_hint(self) -> Static:
        """The line that says keys are waiting (compose it where the dialog wants it)."""
        return Static(WAITING, id="keys-hint")

    def on_mount(self) -> None:
        self._shown_at = time.monotonic()
        self._labels = {
            b.id: str(b.label) for b in self.query(Button) if b.id is not None and b.id in self.KEYS
        }
        self._show_keys()
        self.set_interval(0.1, self._show_keys)

    def when_alone(self, choose: Callable[[], object]) -> None:
        """Choose, if the key being handled stands apart from the keys before it
        (:meth:`Keystrokes.stood_apart`) and none follows it (:meth:`Keystrokes.if_alone`: a
        word's next letter would), while this dialog is still up."""
        if not self.keystrokes.stood_apart(self._shown_at):
            return

        def then() -> None:
            if self.is_current:
                choose()

        self.keystrokes.if_alone(self.app, then)

    def _show_keys(self) -> None:
        live = self.keystrokes.settled_since(self._shown_at)
        if live == self._keys_live:
            return
        self._keys_live = live
        for button in self.query(Button):
            if button.id in self._labels:
                label = self._labels[button.id]
                button.label = f"{label} ({self.KEYS[button.id]})" if live else label
        for hint in self.query("#keys-hint").results(Static):
            hint.display = not live
