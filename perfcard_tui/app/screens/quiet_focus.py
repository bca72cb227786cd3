"""A screen whose change of focus repaints only the widgets it concerns.

Textual's ``Screen.focused`` is a reactive that repaints the whole screen when it changes. The
widget losing the focus and the one taking it repaint themselves anyway (their ``:focus``
styles, an input's cursor), so each Tab drew every cell of the screen again, and a dialog's
the screens under it too: 12 of the 100 ms of CPU a Tab took in the form (160x48, Pilot),
a full-screen render per key. Put :class:`QuietFocus` before ``Screen`` in a screen's bases.
"""

from __future__ import annotations

from textual.reactive import Reactive
from textual.widget import Widget


class QuietFocus:
    """Mixin for a ``Screen``: its ``focused`` reactive does not repaint the screen."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
