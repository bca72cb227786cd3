"""The board as columns, one per status, gitban's order first (the kanban toggle)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.strip import Strip
from textual.widgets import Static

from ...core.board.row import Row
from .columns import cell
from .row_list import RowList

# gitban's statuses in the order work flows through them; any other comes after, by name
STATUS_ORDER = ("backlog", "todo", "in_progress", "blocked", "review", "done")
NO_STATUS = "(no status)"


def by_status(rows: list[Row]) -> dict[str, list[Row]]:
    """Rows grouped by status, the groups in gitban's order, rows in the board's order."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.status or NO_STATUS, []).append(row)
    known = [s for s in STATUS_ORDER if s in groups]
    others = sorted(s for s in groups if s not in STATUS_ORDER)
    return {status: groups[status] for status in (*known, *others)}


class KanbanColumn(RowList):
    """One status: a line per card (ID, title, progress, problems)."""

    BINDINGS = [
        Binding("left", "app.focus_previous", "Previous column", show=False),
        Binding("right", "app.focus_next", "Next column", show=False),
    ]

    def draw(self, row: Row, width: int, under_cursor: bool, style: Style) -> Strip:
        base = style + Style(dim=row.archived, reverse=under_cursor)
        tail = " ".join(
            part
            for part in (
                row.progress,
                f"▲{row.errors}" if row.errors else "",
                f"△{row.warnings}" if row.warnings else "",
            )
            if part
        )
        head_width = max(width - len(tail) - 1, 1)
        head = cell(f"{row.id} {row.title}".strip(), head_width)
        alarm = Style(color="red", bold=True) if row.errors else Style()
        return Strip(
            [Segment(head + " ", base), Segment(cell(tail, width - head_width - 1), base + alarm)]
        ).crop_extend(0, width, base)


class KanbanView(Horizontal):
    """A column per status; left and right move between them."""

    DEFAULT_CSS = """
    KanbanView > Vertical { width: 1fr; border-right: vkey $panel; }
    KanbanView .status { text-style: bold; background: $panel; padding: 0 1; }
    KanbanView KanbanColumn { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.statuses: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        return iter(())

    def show_rows(self, rows: list[Row], keep: str | None) -> None:
        groups = by_status(rows)
        if tuple(groups) != self.statuses:
            self.statuses = tuple(groups)
            self.remove_children()
            self.mount_all(
                Vertical(Static(classes="status"), KanbanColumn(), id=f"status-{i}")
                for i in range(len(groups))
            )
            self.call_after_refresh(self._fill, groups, keep)
        else:
            self._fill(groups, keep)

    def _fill(self, groups: dict[str, list[Row]], keep: str | None) -> None:
        for box, (status, rows) in zip(self.query(Vertical), groups.items(), strict=False):
            box.query_one(".status", Static).update(f"{status}  {len(rows)}")
            box.query_one(KanbanColumn).show_rows(rows, keep)

    @property
    def current(self) -> str | None:
        focused = self.screen.focused
        return focused.current if isinstance(focused, KanbanColumn) else None

    def focus_card(self, path: str | None) -> None:
        """Focus the column holding ``path`` (the first column when none does)."""
        columns = list(self.query(KanbanColumn))
        for column in columns:
            if path is not None and column.current == path:
                column.focus()
                return
        if columns:
            columns[0].focus()
