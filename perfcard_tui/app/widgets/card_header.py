"""The header, whose title changes without a layout of the screen.

Textual's ``Header`` shows the title and subtitle in a ``Static`` and updates it with
``Static.update``, which lays the whole screen out in case the text's size changed. The title's
box is the header's row whatever it says, and our subtitle changes with the buffer's state
("modified" at the first key after each save, "saved" at each save): a layout of the screen
each time, 20 ms on the path of that first key (160x48, probe in the app).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.visual import VisualType
from textual.widgets import Header

# Textual exports the header's parts from this module only
from textual.widgets._header import HeaderTitle


class _Title(HeaderTitle):
    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=False)  # its size is the header's, not the text's


class CardHeader(Header):
    """Textual's ``Header``, its title repainted in place when it changes."""

    def compose(self) -> ComposeResult:
        for part in super().compose():
            yield _Title() if type(part) is HeaderTitle else part
