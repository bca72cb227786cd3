"""The board as a table: a header that sorts when clicked, and one line per card."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from ...core.board.row import Row
from .columns import Column, cell, layout, row_segments
from .row_list import RowList

_DIM = Style(dim=True)
_REVERSE = Style(reverse=True)


class BoardTable(RowList):
    """One line per card; archived cards dim, problems in colour."""

    def draw(self, row: Row, width: int, under_cursor: bool, style: Style) -> Strip:
        base = style
        if row.archived:
            base = base + _DIM
        if under_cursor:
            base = base + _REVERSE
        return Strip(row_segments(row, layout(width), base)).crop_extend(0, width, base)

    def on_resize(self) -> None:
        super().on_resize()
        if self.parent is not None:
            self.parent.query_one(TableHeader).refresh()  # a scrollbar came or went


class TableHeader(Widget):
    """The column names; the sorted one marked ▲/▼. A click on a name sorts by it."""

    DEFAULT_CSS = """
    TableHeader { height: 1; text-style: bold; background: $panel; }
    """

    class SortBy(Message):
        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sort = "path"
        """The board's sort (``-errors``: descending)."""

    def show_sort(self, sort: str) -> None:
        self.sort = sort
        self.refresh()

    def _columns(self) -> tuple[tuple[Column, int], ...]:
        # the same width as the table's lines (without its scrollbar, when it has one)
        table = self.parent.query_one(BoardTable) if self.parent is not None else None
        width = table.scrollable_content_region.width if table is not None else self.size.width
        return layout(max(width, 1))

    def render(self) -> Text:
        name = self.sort.removeprefix("-")
        arrow = "▼" if self.sort.startswith("-") else "▲"
        line = Text()
        for column, width in self._columns():
            label = column.header + (arrow if column.key == name else "")
            line.append(cell(label, width) + " ")
        return line

    def on_click(self, event: events.Click) -> None:
        x = 0
        for column, width in self._columns():
            if x <= event.x < x + width + 1:
                self.post_message(self.SortBy(column.key))
                return
            x += width + 1
