"""Tables in the real terminal: the reported scenario, as a person types it.

In PERF-7's Performance Comparison: type ``p99`` in the first cell, ``ctrl+n``, type ``NEWROW``.
The new row must show in the grid at once and take the typing (the focus moved to its first
cell). Then the same keys again from the new row, in one burst this time, not waiting for the
screen: the keys typed while the form is rebuilt for the newer row land in it, none in the row
above, none lost. ``ctrl+s``: the file must hold exactly the rows typed, in the table's own
padding.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import SIZE, assert_no_traceback, form_span, save_and_wait, shows_saved
from harness import Term

pytestmark = pytest.mark.terminal

TABLE = "benchmarking/performance-comparison/table"
EMPTY_CELL = "·"  # what an empty cell shows (table_field.EMPTY_CELL)


def grid(term: Term) -> list[list[str]]:
    """The table's rows as the form shows them, header first: the words of each line from the
    header line (``Metric  Before  After  Improvement``) to the first blank one."""
    left, right = form_span(term)
    lines = term.region(left, right)
    top = next(
        (y for y, line in enumerate(lines) if line.split()[:2] == ["Metric", "Before"]), None
    )
    if top is None:
        return []
    rows = []
    for line in lines[top:]:
        if not line.strip():
            break
        rows.append(line.split())
    return rows


def test_ctrl_n_adds_a_row_that_takes_the_typing_waited_for_or_in_one_burst(
    term: Term, perf7_copy: Path
) -> None:
    original = perf7_copy.read_bytes()
    term.start(perf7_copy, "--goto", f"{TABLE}/row-1/metric", size=SIZE)
    term.wait_until(
        lambda: shows_saved(term) and len(grid(term)) == 4,
        what=lambda: f"the table's grid in the form; it shows {grid(term)}",
    )

    term.type("p99")
    term.wait_until(
        lambda: grid(term)[1][:3] == ["p95", "response", "timep99"],
        what=lambda: f"p99 typed after the first cell's text; the grid shows {grid(term)}",
    )
    term.press("ctrl+n")
    term.wait_until(
        lambda: len(grid(term)) == 5 and grid(term)[2] == [EMPTY_CELL] * 4,
        what=lambda: f"an empty row under the first, at once; the grid shows {grid(term)}",
    )
    term.type("NEWROW")
    # the typing went to the new row's first cell: the focus moved there
    term.wait_until(
        lambda: grid(term)[2] == ["NEWROW", *[EMPTY_CELL] * 3],
        what=lambda: f"NEWROW in the new row's first cell; the grid shows {grid(term)}",
    )
    assert grid(term)[1][:3] == ["p95", "response", "timep99"]
    assert grid(term)[3][:3] == ["p99", "response", "time"]

    # the same keys from the new row, in one burst
    term.type("p99")
    term.press("ctrl+n")
    term.type("NEWROW")
    term.wait_until(
        lambda: (
            len(grid(term)) == 6
            and grid(term)[2] == ["NEWROWp99", *[EMPTY_CELL] * 3]
            and grid(term)[3] == ["NEWROW", *[EMPTY_CELL] * 3]
        ),
        what=lambda: f"NEWROW in the newer row's first cell; the grid shows {grid(term)}",
    )

    saved = save_and_wait(term, perf7_copy, original)
    assert_no_traceback(term, "after ctrl+n, a burst with ctrl+n, and a save")
    text = original.decode()
    row_1 = "| p95 response time | 420ms | 240ms | 42.9% less time |\n"
    want = text.replace(
        row_1,
        "| p95 response timep99 | 420ms | 240ms | 42.9% less time |\n"
        "| NEWROWp99 | | | |\n| NEWROW | | | |\n",
    )
    assert saved == want.encode(), "the file changed elsewhere than the three rows"
    lines = saved.decode().splitlines(keepends=True)
    top = lines.index("| Metric | Before | After | Improvement |\n")
    assert lines[top : top + 7] == [
        "| Metric | Before | After | Improvement |\n",
        "|--------|--------|-------|-------------|\n",
        "| p95 response timep99 | 420ms | 240ms | 42.9% less time |\n",
        "| NEWROWp99 | | | |\n",
        "| NEWROW | | | |\n",
        "| p99 response time | 912ms | 505ms | 44.6% less time |\n",
        "| p95 response time, page_size=100 | 1380ms | 690ms | 50% less time |\n",
    ]
