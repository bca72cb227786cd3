"""A one-line field's whole value, wrapped under its input while it is edited and the input
cannot show it all.

A ``**Label**: value`` field is one line of the card, and its editor is a one-line
:class:`~.field_input.FieldInput`: a value wider than the input scrolls sideways, so a
250-character value was read 60 characters at a time. While the input has the focus, this widget
shows the value, read-only and wrapped, on the rows under it; it takes no room while the value
fits, or while the field is not being edited (docs/DECISIONS.md, 72).

Typing stays as cheap as it was: the input still takes every key (Enter, Tab, the suggester,
the key order of :mod:`..key_order`), and a key typed here repaints this widget alone; the screen
is laid out again only when the value's wrapped height changes, about once a line of typing."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


class LongValue(Widget):
    """The value, wrapped, while its field is being edited; no rows while it fits on the
    input's one line, or while the field is not being edited."""

    DEFAULT_CSS = """
    LongValue { height: auto; color: $text-muted; }
    """

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.text = text
        """What it shows (already made safe to show: the field widget's ``shown``)."""
        self._editing = False

    def rows(self, width: int | None = None) -> int:
        """The rows it takes at ``width`` (its own content width when None): none while the
        field is not being edited, or its text fits on one line beside the input's cursor."""
        width = self.content_region.width if width is None else width
        if not self._editing or width <= 0 or cell_len(self.text) < width:
            return 0
        return Content(self.text).get_height(self.styles.get_rules(), width)

    def show(self, text: str) -> None:
        """Show another text: a repaint, and a layout only when its height changes."""
        if text != self.text:
            before = self.rows()
            self.text = text
            self._refresh_from(before)

    def set_editing(self, editing: bool) -> None:
        """The field's input took the focus (True) or lost it: a layout only when that shows
        or hides rows (a short value's field never lays the form out again)."""
        if editing != self._editing:
            before = self.rows()
            self._editing = editing
            self._refresh_from(before)

    def _refresh_from(self, rows_before: int) -> None:
        self.refresh()
        if self.rows() != rows_before or self.content_region.width <= 0:
            # the layout after the refresh on its way: one asked for while a layout is pending
            # (the focus given as the form is built) is that same layout, which measured this
            # widget before the change and does not again
            self.call_after_refresh(self.refresh, layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.rows(width)

    def render(self) -> Content:
        return Content(self.text) if self.rows() else Content("")
