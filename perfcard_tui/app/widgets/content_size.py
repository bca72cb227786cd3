"""A scrolling widget's content size, set without a layout of the whole screen.

Textual's ``virtual_size`` is a reactive that lays the whole screen out again when it changes.
A widget whose own size is its container's (the preview, the board's rows) needs none of that
when its content grows or shrinks, as long as its scrollbars neither come nor go: only the
scrollbars and the scroll range change. Each such layout cost 8-56 ms (a board filter key, the
preview's sections arriving as the editor opened).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_content_size(widget: Widget, size: Size) -> None:
    """Give ``widget`` the content size ``size``: its scrollbars are told, and its scroll
    offset kept within the new range, as Textual's own update after a layout does
    (``Widget._scroll_update``; the version is pinned). The caller knows that no scrollbar
    comes or goes with the change."""
    if size != widget.virtual_size:
        widget.set_reactive(Widget.virtual_size, size)
        widget._scroll_update(size)
