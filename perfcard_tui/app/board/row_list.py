"""A list of board rows that draws only the lines on screen (Textual's line API).

A board of 10,000 cards is one Python list here: filtering or sorting it replaces the list and
redraws the twenty lines that show, where a widget per row (or a DataTable rebuilt per key) costs
the whole list on every key. Subclasses say how one row is drawn (:meth:`draw`).
"""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...core.board.row import Row
from ..widgets.content_size import ContentSizedScrollbars, set_content_size


class RowList(ContentSizedScrollbars, ScrollView, can_focus=True):
    """Rows with a cursor: up/down/page/home/end move it, enter opens the card under it."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "open", "Open card", tooltip="Open the card under the cursor"),
    ]
    DEFAULT_CSS = """
    RowList { overflow-x: hidden; }
    """

    class Opened(Message):
        """Enter on a row: the editor should open its card."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    class Moved(Message):
        """The cursor is on another card (or on none)."""

        def __init__(self, row_list: RowList, path: str | None) -> None:
            super().__init__()
            self.row_list = row_list
            self.path = path

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[Row] = []
        self.cursor = 0
        self._style = Style()
        """The widget's own style, for the frame being drawn (:meth:`render_lines`)."""
        self._drawn: LRUCache[tuple[int, int, bool, Style], tuple[Row, Strip]] = LRUCache(1024)
        """Lines drawn, by (row, width, under the cursor, style): a filter or a sort shows the
        same row objects in other places, and a row is a new object when its card changed (the
        row kept beside the line makes sure an id is not a reused one)."""

    # -- the rows ---------------------------------------------------------------------------------

    def show_rows(self, rows: list[Row], keep: str | None = None) -> None:
        """Show ``rows``; the cursor stays on the card at path ``keep`` when it is among them,
        else at the same place in the list."""
        self.rows = rows
        at = next((i for i, row in enumerate(rows) if row.path == keep), None) if keep else None
        self.cursor = at if at is not None else min(self.cursor, max(len(rows) - 1, 0))
        self._set_height(len(rows))
        self.refresh()
        self._scroll_to_cursor()
        self.post_message(self.Moved(self, self.current))

    def _set_height(self, height: int) -> None:
        """The list is ``height`` lines long now. Setting ``virtual_size`` lays the whole screen
        out again (a reactive with ``layout=True``: 8-18 ms of a filter key, and a frame of its
        own); a new length needs that only when the scrollbar comes or goes, which changes the
        width of every line. Otherwise the scrollbar is told the length, and the scroll offset
        kept within it, as Textual's own update after a layout does."""
        size = Size(self.size.width, height)
        before = self.virtual_size
        if size == before:
            return
        room = self.container_size.height
        if (
            not room
            or size.width != before.width
            or (height > room) != (before.height > room)
            or self.show_vertical_scrollbar != (height > room)
        ):
            self.virtual_size = size
            return
        set_content_size(self, size)

    @property
    def current(self) -> str | None:
        """The path of the card under the cursor."""
        return self.rows[self.cursor].path if self.rows else None

    # -- drawing ----------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # the widget's style, once a frame: it is worked out from every ancestor's styles
        # (a fifth of a filter key's time, asked for once a line)
        self._style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        style = self._style
        if index >= len(self.rows):
            return Strip.blank(width, style)
        row, under_cursor = self.rows[index], index == self.cursor and self.has_focus
        key = (id(row), width, under_cursor, style)
        drawn = self._drawn.get(key)
        if drawn is None or drawn[0] is not row:
            drawn = (row, self.draw(row, width, under_cursor, style))
            self._drawn[key] = drawn
        return drawn[1]

    def draw(self, row: Row, width: int, under_cursor: bool, style: Style) -> Strip:
        """One row's line, ``width`` cells wide, on the widget's ``style`` (worked out once a
        frame: asking ``rich_style`` once a line cost more than drawing the line)."""
        raise NotImplementedError

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- moving -----------------------------------------------------------------------------------

    def _go(self, index: int) -> None:
        if not self.rows:
            return
        index = max(0, min(index, len(self.rows) - 1))
        if index != self.cursor:
            self.refresh(self._line_region(self.cursor))
            self.cursor = index
            self.refresh(self._line_region(index))
            self.post_message(self.Moved(self, self.current))
        self._scroll_to_cursor()

    def _line_region(self, index: int) -> Region:
        return Region(0, index - int(self.scroll_offset.y), self.size.width, 1)

    def _scroll_to_cursor(self) -> None:
        self.scroll_to_region(
            Region(0, self.cursor, 1, 1), animate=False, force=True, immediate=True
        )

    def action_move(self, step: int) -> None:
        self._go(self.cursor + step)

    def action_page(self, step: int) -> None:
        # the view moves a page and the cursor with it, keeping its line on the screen
        height = max(self.scrollable_content_region.height, 1)
        self.scroll_to(y=self.scroll_offset.y + step * height, animate=False, immediate=True)
        self._go(self.cursor + step * height)

    def action_move_to(self, index: int) -> None:
        self._go(index if index >= 0 else len(self.rows) - 1)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def on_click(self, event: events.Click) -> None:
        index = event.y + int(self.scroll_offset.y)
        if 0 <= index < len(self.rows):
            if index == self.cursor and event.chain >= 2:
                self.action_open()
            self._go(index)
