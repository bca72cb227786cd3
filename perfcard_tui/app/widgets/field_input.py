"""A one-line input whose typing repaints the input alone.

Textual's ``Input`` sets its virtual size (its text's width, for scrolling sideways) at every
change of its value, and that reactive asks for a layout of the whole screen: every key typed
laid out and repainted every widget of the editor's form. That was a third of the CPU time of
typing into a field of the sample card (in-process, 20 bursts of four keys: 161 -> 109 ms a
burst), and a board filter letter laid out the board's whole screen.

Nothing here sizes itself to its text (no ``width: auto``; Textual still lays out one that does),
and an input's scrolling reads its virtual size when it scrolls, so a repaint is enough.

Nor does it validate: no input here has validators (the rules judge the card), yet Textual's
ran its validation at every change and set the ``-valid`` class at the first, restyling the
input and what is in it.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FieldInput(Input):
    """``Input``, but a change of its text's width repaints it without a screen layout, and no
    change validates it."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("validate_on", ())
        super().__init__(*args, **kwargs)
