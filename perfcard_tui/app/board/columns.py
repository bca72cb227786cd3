"""The board's columns: what each shows of a row, how wide it is, and which give way first when
the terminal is narrow. The table and its header lay themselves out from the same list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style

from ...core.board.row import Row
from ...core.display import safe_text

# the narrowest the title may be before columns give way
TITLE_AT_LEAST = 24
UNREAD = "…"


def _count(value: int | None) -> str:
    return UNREAD if value is None else (str(value) if value else "")


def _measured(row: Row) -> str:
    if not row.measured:
        return ""
    mark = {True: " ✔", False: " ✘"}.get(row.goal_met, "") if row.goal_met is not None else ""
    return row.measured + mark


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    """The sort column it stands for (``core.board.query``)."""
    header: str
    width: int
    """0: takes the room left (the title)."""
    text: Callable[[Row], str]
    gives_way: int = 0
    """Narrow terminals drop the highest first; 0 never."""


COLUMNS: tuple[Column, ...] = (
    Column("id", "ID", 9, lambda r: (r.id or "") + (" ⚠" if r.duplicate else "")),
    Column("title", "Title", 0, lambda r: r.title + (f"  ({r.problem})" if r.problem else "")),
    Column("type", "Type", 8, lambda r: r.type, gives_way=4),
    Column("status", "Status", 11, lambda r: r.status),
    Column("priority", "P", 2, lambda r: "" if r.priority is None else f"P{r.priority}"),
    Column("sprint", "Sprint", 8, lambda r: r.sprint, gives_way=9),
    Column("owner", "Owner", 8, lambda r: r.owner, gives_way=8),
    Column("progress", "Done", 6, lambda r: r.progress if r.read else UNREAD, gives_way=3),
    Column("sessions", "Sess", 4, lambda r: _count(r.sessions), gives_way=6),
    Column("last_session", "Last", 10, lambda r: r.last_session, gives_way=7),
    Column("errors", "Err", 3, lambda r: _count(r.errors)),
    Column("warnings", "Warn", 4, lambda r: _count(r.warnings), gives_way=2),
    Column("metric", "Metric", 20, lambda r: r.metric_text, gives_way=5),
    Column("measured", "Measured", 12, _measured, gives_way=1),
)


@cache
def layout(width: int) -> tuple[tuple[Column, int], ...]:
    """The columns that fit ``width`` (one space between them), each with its width (asked for
    every line drawn: worked out once per width)."""
    shown = list(COLUMNS)
    for dropped in sorted((c for c in COLUMNS if c.gives_way), key=lambda c: -c.gives_way):
        fixed = sum(c.width + 1 for c in shown if c.width)
        if width - fixed >= TITLE_AT_LEAST:
            break
        shown.remove(dropped)
    fixed = sum(c.width + 1 for c in shown if c.width)
    return tuple((c, c.width or max(width - fixed - 1, 8)) for c in shown)


def cell(text: str, width: int) -> str:
    """``text`` made safe, on one line, cut with … or padded to exactly ``width`` cells."""
    text = " ".join(safe_text(text).split())
    if cell_len(text) > width:
        text = set_cell_size(text, max(width - 1, 0)) + "…"
    return set_cell_size(text, width)


def cell_style(column: Column, row: Row, base: Style) -> Style:
    """What makes a cell stand out: errors, warnings, a duplicated ID, an unreadable card."""
    if column.key == "errors" and row.errors:
        return base + Style(color="red", bold=True)
    if column.key == "warnings" and row.warnings:
        return base + Style(color="yellow")
    if column.key == "id" and row.duplicate:
        return base + Style(color="yellow", bold=True)
    if column.key == "title" and row.problem:
        return base + Style(color="red")
    if column.key == "measured" and row.goal_met is not None:
        return base + Style(color="green" if row.goal_met else "red")
    return base


def row_segments(row: Row, columns: tuple[tuple[Column, int], ...], base: Style) -> list[Segment]:
    """A row's cells, one space after each, as few segments as styles: the cells of one style
    side by side are one segment (every segment costs Textual's styles, filters and compositor
    once per line drawn; a segment per cell and per space made 28 a line)."""
    segments: list[Segment] = []
    run: list[str] = []
    for column, width in columns:
        style = cell_style(column, row, base)
        text = cell(column.text(row), width)
        if style is base:
            run.append(text)
        else:
            if run:
                segments.append(Segment("".join(run), base))
                run = []
            segments.append(Segment(text, style))
        run.append(" ")
    if run:
        segments.append(Segment("".join(run), base))
    return segments
