"""A scrolling widget's content size, set without a layout of the whole screen.

Textual's ``virtual_size`` is a reactive that lays the whole screen out again when it changes.
A widget whose own size is its container's (the preview, the board's rows) needs none of that
when its content grows or shrinks, as long as its scrollbars neither come nor go: only the
scrollbars and the scroll range change. Each such layout cost 8-56 ms (a board filter key, the
preview's sections arriving as the editor opened).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_content_size(widget: Widget, size: Size) -> None:
    """Give ``widget`` the content size ``size``: its scrollbars are told, and its scroll
    offset kept within the new range, as Textual's own update after a layout does
    (``Widget._scroll_update``; the version is pinned). The caller knows that no scrollbar
    comes or goes with the change."""
    if size != widget.virtual_size:
        widget.set_reactive(Widget.virtual_size, size)
        widget._scroll_update(size)


if TYPE_CHECKING:
    _ScrollView = ScrollView
else:
    # a mixin, not a widget class: Textual takes a widget's CSS, bindings and component
    # classes from its first widget base only, which stays the ScrollView it is put before
    _ScrollView = object


class ContentSizedScrollbars(_ScrollView):
    """For a ScrollView that sets its own content size: its scrollbars are drawn again when
    its size, its container's or its content size changed, not at every layout of the screen.
    Put it before the ScrollView class it goes with.

    Textual's compositor hands a ScrollView the area it shows as its virtual size (it has no
    children to measure), and ``ScrollView._size_updated`` compares that with the content size
    the widget set itself: they differ whenever there is more to scroll to, so each layout of
    the screen redrew the scrollbars. A scrollbar spans its pane's height, and a frame
    repaints every line of the rectangle around what changed: a key typed in the form, in the
    frame that redrew the preview's scrollbar, repainted the whole height of the screen
    (filling a card from the keyboard: 101 of 367 frames were screen-wide; 75 with this). The
    scrollbars are told the content size here instead, when it is not the one they were last
    told (:meth:`_scroll_update`; the version is pinned)."""

    _scrolled_for: Size | None = None
    """The content size the scrollbars were last drawn for."""

    def _scroll_update(self, virtual_size: Size) -> None:
        self._scrolled_for = virtual_size
        super()._scroll_update(virtual_size)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        resized = super()._size_updated(size, self.virtual_size, container_size, layout)
        if self._scrolled_for != self.virtual_size:
            # the content size changed through the reactive (with a layout, this one)
            self._scroll_update(self.virtual_size)
        return resized
