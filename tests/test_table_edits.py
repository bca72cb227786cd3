"""core/edits.py's table edits: a row added, removed or moved, a cell written. Each changes only
its own row's line(s), keeps the table's style (its padding, its column widths when it is laid
out in columns) and adds no whitespace beyond that style."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcard_tui.core import gate
from perfcard_tui.core.edits import (
    EditError,
    add_table_row,
    move_table_row,
    remove_table_row,
    set_field,
)
from perfcard_tui.core.model import Card, FieldKind
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.store import split_lines

TABLE = "benchmarking/performance-comparison/table"
ROW_1 = "| p95 response time | 420ms | 240ms | 42.9% less time |\n"
ROW_2 = "| p99 response time | 912ms | 505ms | 44.6% less time |\n"
ROW_3 = "| p95 response time, page_size=100 | 1380ms | 690ms | 50% less time |\n"


def cell_path(card: Card, table: str, row: int, column: int) -> str:
    section = card.section_of(table)
    return [c for c in section.cells_of(card.field(table)) if c.row == row][column].path


def type_into(card: Card, path: str, text: str, *, start: str = "") -> Card:
    """Type ``text`` a key at a time after ``start``, as the editor asks for it (the gate, the
    value not finished), re-finding the cell by position after every key."""
    table, row, column = _position(card, path)
    for n in range(1, len(text) + 1):
        card = gate.set_value(
            card, cell_path(card, table, row, column), start + text[:n], finished=False
        )
    return card


def _position(card: Card, path: str) -> tuple[str, int, int]:
    table = path.rsplit("/", 2)[0]
    field = card.field(path)
    row = [c for c in card.section_of(table).cells_of(card.field(table)) if c.row == field.row]
    assert field.row is not None
    return table, field.row, row.index(field)


def table_lines(card: Card, table: str = TABLE) -> list[str]:
    start, end = card.span_of(table)
    return card.text[start:end].split("\n")


def full(card: Card) -> Card:
    return parse_card(card.text, newline=card.newline, bom=card.bom)


def same_parse(incremental: Card, whole: Card) -> None:
    assert incremental.text == whole.text
    for mine, theirs in zip(incremental.sections, whole.sections, strict=True):
        assert [(f.path, f.value, f.span) for f in mine.fields] == [
            (f.path, f.value, f.span) for f in theirs.fields
        ]


# -- the user's scenario, in the core ----------------------------------------------------------


def test_a_row_added_then_typed_in_reads_in_the_tables_padding(perf7: Card) -> None:
    added = add_table_row(perf7, TABLE, after_row=1)
    assert added.text == perf7.text.replace(ROW_1, ROW_1 + "| | | | |\n")
    typed = type_into(added, cell_path(added, TABLE, 2, 0), "NEWROW")
    assert typed.text == perf7.text.replace(ROW_1, ROW_1 + "| NEWROW | | | |\n")
    same_parse(typed, full(typed))


def test_spaces_typed_in_a_cell_leave_no_trailing_whitespace(perf7: Card) -> None:
    added = add_table_row(perf7, TABLE, after_row=1)
    path = cell_path(added, TABLE, 2, 0)
    typed = type_into(added, path, "p99 response time  ")
    assert table_lines(typed)[3] == "| p99 response time | | | |"
    # and typed after a cell's own text
    path = cell_path(perf7, TABLE, 1, 0)
    appended = type_into(perf7, path, " x  ", start="p95 response time")
    assert table_lines(appended)[2] == "| p95 response time x | 420ms | 240ms | 42.9% less time |"


def test_a_cell_cleared_then_typed_keeps_the_padding(perf7: Card) -> None:
    path = cell_path(perf7, TABLE, 1, 2)
    cleared = set_field(perf7, path, "")
    assert table_lines(cleared)[2] == "| p95 response time | 420ms | | 42.9% less time |"
    typed = type_into(cleared, cell_path(cleared, TABLE, 1, 2), "7")
    assert typed.text == perf7.text.replace("| 240ms |", "| 7 |")


# -- tables laid out in columns ------------------------------------------------------------------

ALIGNED = (
    "## Benchmarking\n\n"
    "| Metric | Before |   n |\n"
    "|--------|--------|----:|\n"
    "| p95    | 420ms  |   1 |\n"
    "| p99    | 900ms  |  22 |\n"
    "\nAfter the table.\n"
)


def test_a_table_laid_out_in_columns_keeps_its_widths() -> None:
    card = parse_card(ALIGNED)
    table = "benchmarking/table"
    added = add_table_row(card, table, after_row=1)
    assert table_lines(added, table)[3] == "|        |        |     |"
    typed = type_into(added, cell_path(added, table, 2, 0), "x ")
    typed = type_into(typed, cell_path(typed, table, 2, 2), "5")
    assert table_lines(typed, table)[3] == "| x      |        |   5 |"  # n is aligned right
    # a value wider than its column: one space of padding, the other rows left as they are
    wide = set_field(typed, cell_path(typed, table, 1, 0), "a much longer value")
    assert table_lines(wide, table)[2] == "| a much longer value | 420ms  |   1 |"
    assert table_lines(wide, table)[3:] == table_lines(typed, table)[3:]
    # and back: the column's width again
    back = set_field(wide, cell_path(wide, table, 1, 0), "p95")
    assert back.text == typed.text


def test_a_compact_table_stays_compact() -> None:
    text = "## Benchmarking\n\n|Metric|Before|\n|---|---|\n|p95|420ms|\n"
    card = parse_card(text)
    table = "benchmarking/table"
    added = add_table_row(card, table)
    typed = type_into(added, cell_path(added, table, 2, 1), "1ms")
    assert typed.text == text + "| |1ms|\n"
    same_parse(typed, full(typed))


# -- moving rows -----------------------------------------------------------------------------


def test_move_table_row_moves_one_line(perf7: Card) -> None:
    down = move_table_row(perf7, TABLE, 1, 2)
    assert down.text == perf7.text.replace(ROW_1 + ROW_2, ROW_2 + ROW_1)
    assert down.field(f"{TABLE}/row-2/metric").value == "p95 response time"
    same_parse(down, full(down))
    to_top = move_table_row(perf7, TABLE, 3, 1)
    assert to_top.text == perf7.text.replace(ROW_1 + ROW_2 + ROW_3, ROW_3 + ROW_1 + ROW_2)
    assert move_table_row(to_top, TABLE, 1, 3).text == perf7.text
    assert move_table_row(perf7, TABLE, 2, 2) is perf7
    with pytest.raises(EditError, match="no row 4"):
        move_table_row(perf7, TABLE, 4, 1)
    with pytest.raises(EditError, match="no row 0"):
        move_table_row(perf7, TABLE, 1, 0)


def test_move_keeps_each_line_break_where_it_was() -> None:
    """A table ending the card without a final newline, its lines ending in \\r\\n."""
    text = "## Benchmarking\r\n\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n| 3 | 4 |"
    card = parse_card(text)
    table = "benchmarking/table"
    moved = move_table_row(card, table, 2, 1)
    assert moved.text == text.replace("| 1 | 2 |\r\n| 3 | 4 |", "| 3 | 4 |\r\n| 1 | 2 |")
    same_parse(moved, full(moved))


# -- hypothesis: every table action changes only its own row's line(s) -------------------------

WORDS = st.sampled_from(["p95", "420ms", "x", "cache", "GC pause", "2.1 GB", "a \\| b", "req/s"])


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, str]:
    """(card text, table path): a table in one of the styles cards use, in a section."""
    cols = draw(st.integers(1, 4))
    rows = draw(st.integers(0, 4))
    style = draw(st.sampled_from(["padded", "compact", "aligned", "loose"]))
    header = draw(
        st.lists(
            st.sampled_from(["Metric", "Before", "After", "Note"]),
            min_size=cols,
            max_size=cols,
            unique=True,
        )
    )
    body = [
        [draw(WORDS) if draw(st.integers(0, 5)) else "" for _ in range(cols)] for _ in range(rows)
    ]
    right = [draw(st.booleans()) for _ in range(cols)]
    if style == "aligned":
        widths = [max(len(r[c]) for r in [header, *body]) + 2 for c in range(cols)]
        widths = [max(w, 5) for w in widths]

        def line(cells: list[str]) -> str:
            parts = [
                (" " + v + " ").rjust(w) if right[c] and v else (" " + v).ljust(w)
                for c, (v, w) in enumerate(zip(cells, widths, strict=True))
            ]
            return "|" + "|".join(parts) + "|"

        delimiter = (
            "|"
            + "|".join("-" * (w - 1) + (":" if right[c] else "-") for c, w in enumerate(widths))
            + "|"
        )
    else:
        pad = {"padded": " ", "compact": "", "loose": "  "}[style]

        def line(cells: list[str]) -> str:
            return "|" + "|".join(f"{pad}{v}{pad}" if v else " " for v in cells) + "|"

        delimiter = "|" + "---|" * cols
    lines = [line(header), delimiter, *(line(r) for r in body)]
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    text = nl.join(["## Benchmarking", "", *lines])
    if draw(st.booleans()):
        text += nl + nl + "After." + nl
    return text, "benchmarking/table"


FAST = settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def lines_of(card: Card) -> list[str]:
    return split_lines(card.text)


def changed(before: Card, after: Card) -> tuple[list[str], list[str]]:
    """The lines that differ: (before's, after's), common leading and trailing lines cut."""
    old, new = lines_of(before), lines_of(after)
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(old), len(new)) - head
        and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]
    ):
        tail += 1
    return old[head : len(old) - tail], new[head : len(new) - tail]


def row_line(card: Card, table: str, row: int) -> int:
    """The card line of a body row."""
    return card.field(table).line + 1 + row


def no_trailing_whitespace(card: Card) -> None:
    for line in split_lines(card.text):
        content = line.rstrip("\r\n")
        assert content == content.rstrip(" \t"), repr(line)


@FAST
@given(tables(), st.data())
def test_each_table_action_changes_only_its_own_rows(
    generated: tuple[str, str], data: st.DataObject
) -> None:
    text, table = generated
    card = parse_card(text)
    for _ in range(data.draw(st.integers(1, 6), label="actions")):
        rows = len(card.field(table).cells) - 1
        action = data.draw(st.sampled_from(["add", "remove", "move", "set"]), label="action")
        if action == "add":
            after = data.draw(st.integers(0, rows), label="after")
            edited = add_table_row(card, table, after)
            old, new = changed(card, edited)
            # one line inserted (at the end of a card without a final newline, the break moves)
            assert len(new) == len(old) + 1
            assert len(edited.field(table).cells) == rows + 2
            assert edited.field(table).cells[after + 1] == ("",) * len(card.field(table).cells[0])
            assert remove_table_row(edited, table, after + 1).text == card.text
        elif action == "remove" and rows:
            row = data.draw(st.integers(1, rows), label="row")
            edited = remove_table_row(card, table, row)
            old, new = changed(card, edited)
            assert len(old) == len(new) + 1
            cells = card.field(table).cells
            assert edited.field(table).cells == cells[:row] + cells[row + 1 :]
        elif action == "move" and rows > 1:
            row = data.draw(st.integers(1, rows), label="row")
            to = data.draw(st.integers(1, rows), label="to")
            edited = move_table_row(card, table, row, to)
            old, new = changed(card, edited)
            assert len(old) == len(new) <= abs(to - row) + 1
            assert sorted(o.rstrip("\r\n") for o in old) == sorted(n.rstrip("\r\n") for n in new)
            cells = list(card.field(table).cells)
            cells.insert(to, cells.pop(row))
            assert edited.field(table).cells == tuple(cells)
            assert move_table_row(edited, table, to, row).text == card.text
        elif action == "set" and rows:
            row = data.draw(st.integers(1, rows), label="row")
            column = data.draw(st.integers(0, len(card.field(table).cells[0]) - 1), label="col")
            path = cell_path(card, table, row, column)
            old_value = card.field(path).value
            value = data.draw(st.one_of(WORDS, st.just("")), label="value")
            edited = gate.set_value(card, path, value)
            old, new = changed(card, edited)
            assert len(old) == len(new) <= 1
            if old:
                start = row_line(card, table, row)
                assert lines_of(card)[start] == old[0]
            assert edited.field(cell_path(edited, table, row, column)).value == value.strip()
            if old_value and value.strip():  # a cleared cell takes the header's padding
                back = gate.set_value(edited, cell_path(edited, table, row, column), old_value)
                assert back.text == card.text
        else:
            continue
        same_parse(edited, full(edited))
        assert [f.kind for f in edited.sections[-1].fields if f.kind is not FieldKind.CELL] == [
            f.kind for f in card.sections[-1].fields if f.kind is not FieldKind.CELL
        ]
        no_trailing_whitespace(edited)
        card = edited


def test_no_whitespace_pattern_in_perf7_table(perf7: Card) -> None:
    """The sample's table itself: no trailing whitespace to start from (the check above
    compares against it)."""
    assert not re.search(r"[ \t]$", "\n".join(table_lines(perf7)), re.M)
