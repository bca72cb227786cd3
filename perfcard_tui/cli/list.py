"""``list DIR``: the board's rows on stdout, a table that fits the terminal or JSON for scripts.

The rows come from ``core.board.read_board`` (the same ``make_rows`` the board shows), through
the cache unless ``--no-cache``. Card text is shown through ``safe_text`` in the table and
escaped in JSON: a title must never drive the terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.display import safe_text
from .common import PROG, CliError, json_text, why

if TYPE_CHECKING:
    from ..core.board import Board, Row


def cmd_list(args: argparse.Namespace) -> int:
    from ..core.board import Cache, QueryError, filter_rows, parse_query, read_board, sort_rows

    folder: str = args.folder
    if not os.path.exists(folder):
        raise CliError(f"{folder}: no such folder")
    if not os.path.isdir(folder):
        raise CliError(f"{folder}: not a folder (list takes a folder of cards)")
    try:
        query = parse_query(args.filter)
        sort_rows([], args.sort)  # a column there is none of fails before any card is read
    except QueryError as e:
        raise CliError(str(e)) from None
    _check_override(args.template)
    cache = None if args.no_cache else Cache()
    try:
        board = read_board(folder, override=args.template, cache=cache)
    except OSError as e:
        raise CliError(f"{folder}: cannot read the folder ({why(e)})") from None
    rows = [row for row in board.rows if args.archived or not row.archived]
    rows = sort_rows(filter_rows(rows, query), args.sort)
    if args.json:
        _write_json(board, rows)
    else:
        hidden = sum(row.archived for row in board.rows) if not args.archived else 0
        _write_table(board, rows, hidden, shutil.get_terminal_size().columns)
    if cache is not None and cache.warning:
        sys.stderr.write(f"{PROG}: warning: {safe_text(cache.warning)}\n")
    for problem in board.problems:
        sys.stderr.write(f"{PROG}: warning: {safe_text(problem)}\n")
    return 0


def _check_override(template: str | None) -> None:
    from .check import _check_override as check

    check(template)


def _write_json(board: Board, rows: Sequence[Row]) -> None:
    report = {
        "folder": board.folder,
        "rows": [row.to_json() for row in rows],
        "others": [{"path": other.path, "why": other.why} for other in board.others],
    }
    sys.stdout.write(json_text(json.dumps(report, ensure_ascii=False, indent=2)) + "\n")


# -- the table --------------------------------------------------------------------------------


def cell_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide characters two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200d\ufe0f":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, with ``…`` when cut."""
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - cell_width(text))
    return gap + text if right else text + gap


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def _measured(row: Row) -> str:
    mark = {True: " ✓", False: " ✗", None: ""}[row.goal_met]
    return f"{row.measured}{mark}" if row.measured else ""


@dataclass(frozen=True)
class _Column:
    title: str
    value: Callable[[Row], str]
    drop: int
    """Narrow terminals drop the highest first; 0: always shown."""
    right: bool = False
    cap: int = 24


_COLUMNS = (
    _Column("ID", lambda r: r.id + ("*" if r.duplicate else ""), 0, cap=14),
    _Column("STATUS", lambda r: r.status, 0, cap=14),
    _Column("P", lambda r: "" if r.priority is None else f"P{r.priority}", 3),
    _Column("TYPE", lambda r: r.type, 4, cap=10),
    _Column("TITLE", lambda r: r.problem or r.title, 0, cap=60),
    _Column("OWNER", lambda r: r.owner, 7, cap=12),
    _Column("SPRINT", lambda r: r.sprint, 10, cap=12),
    _Column("DONE", lambda r: r.progress, 2, right=True),
    _Column("SESS", lambda r: _count(r.sessions), 8, right=True),
    _Column("LAST", lambda r: r.last_session, 9),
    _Column("ERR", lambda r: _count(r.errors), 1, right=True),
    _Column("WARN", lambda r: _count(r.warnings), 1, right=True),
    _Column("METRIC", lambda r: r.metric_text, 5, cap=24),
    _Column("AFTER", _measured, 6, cap=14),
)
_TITLE = next(i for i, c in enumerate(_COLUMNS) if c.title == "TITLE")
_TITLE_MIN = 16


def table_lines(rows: Sequence[Row], width: int) -> list[str]:
    """The rows as a table at most ``width`` columns wide: the title gives way down to
    ``_TITLE_MIN``, then the least needed columns go; every cell is made safe to show."""
    cells = [[safe_text(" ".join(c.value(row).split())) for c in _COLUMNS] for row in rows]
    natural = [
        min(c.cap, max([len(c.title)] + [cell_width(line[i]) for line in cells]))
        for i, c in enumerate(_COLUMNS)
    ]
    shown = [i for i, c in enumerate(_COLUMNS) if not c.drop or any(ln[i] for ln in cells)]

    def others() -> int:  # every shown column but the title, with the gaps between them
        return sum(natural[i] + 2 for i in shown if i != _TITLE)

    while others() + min(natural[_TITLE], _TITLE_MIN) > width:
        droppable = [i for i in shown if _COLUMNS[i].drop]
        if not droppable:
            break
        shown.remove(max(droppable, key=lambda i: _COLUMNS[i].drop))
    widths = list(natural)
    widths[_TITLE] = max(min(natural[_TITLE], width - others()), min(natural[_TITLE], _TITLE_MIN))
    head = "  ".join(_pad(_COLUMNS[i].title, widths[i], _COLUMNS[i].right) for i in shown)
    lines = [head.rstrip()]
    for line in cells:
        parts = [_pad(clip(line[i], widths[i]), widths[i], _COLUMNS[i].right) for i in shown]
        lines.append("  ".join(parts).rstrip())
    return lines


def _write_table(board: Board, rows: Sequence[Row], hidden: int, width: int) -> None:
    out = sys.stdout
    if rows:
        out.writelines(line + "\n" for line in table_lines(rows, width))
    shown = f"{len(rows)} card{'' if len(rows) == 1 else 's'}"
    notes = [f"{hidden} archived hidden (--archived shows them)"] if hidden else []
    if any(row.duplicate for row in rows):
        notes.append("* the same ID in another file")
    unread = sum(bool(row.problem) for row in rows)
    if unread:
        notes.append(f"{unread} could not be read")
    out.write(f"{shown} in {safe_text(board.folder)}" + (f"; {'; '.join(notes)}" if notes else ""))
    out.write("\n")
    if board.others:
        out.write(f"\nNot cards ({len(board.others)}):\n")
        out.writelines(f"  {safe_text(o.path)}  ({o.why})\n" for o in board.others)
