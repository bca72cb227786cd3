"""Keys take effect in the order they were typed, in the real terminal, however fast they come.

A burst is written to the pty in one write: letters, backspaces, arrows, home and end mixed.
Textual inserts a letter when the focused field handles its key, but runs a field's own bound
keys (backspace, arrows...) only once the key has bubbled up to the app, by which time the
letters behind it may already be in (Textual issue #6605; ``perfcard_tui/app/key_order.py``).
The same burst goes into each kind of box, in one session: a table cell (where the editor opens),
a prose area and a text field (each reached with ctrl+f), and one save must hold all three. Each
burst waits for its box to be taking keys first: keys typed while the editor loads, or while a
match's section is built, are held and replayed one at a time (``held_keys.py``), which would
hide the bug.

What each box must end up holding is worked out by :func:`edited`, a model of a one-line
editor, from the box's text before the burst.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import (
    CURRENT,
    CURRENT_VALUE,
    SIZE,
    assert_no_traceback,
    field_value,
    form_span,
    line_with,
    panes,
    preview_text,
    save_and_wait,
    shows_saved,
)
from harness import KEYS, Term

pytestmark = pytest.mark.terminal

TABLE = "benchmarking/performance-comparison/table"
PROSE = "prerequisites/summary"
PROSE_TEXT = "All four were in place before any code changed."

# letters, with every kind of editing key between them and right before the next letter
BURST: list[str] = [
    "end", *"ab", "backspace", "c", "left", "left", "X", "end", "Y", "backspace", "backspace",
    "Z", "home", "Q", "delete", "delete", "right", "W", "end", "backspace", *"12", "left", "3",
    "home", "right", "right", "backspace", "7", "end", "left", "left", "left", "delete", "8",
]  # fmt: skip


def burst_bytes(keys: list[str]) -> str:
    """The keys as the terminal sends them, as one string (written in one write)."""
    return "".join(KEYS[key].decode() if key in KEYS else key for key in keys)


def edited(text: str, keys: list[str]) -> str:
    """``text`` after ``keys``, typed into a one-line editor whose cursor starts at the end."""
    cursor = len(text)
    for key in keys:
        if key == "backspace":
            if cursor:
                text, cursor = text[: cursor - 1] + text[cursor:], cursor - 1
        elif key == "delete":
            text = text[:cursor] + text[cursor + 1 :]
        elif key == "left":
            cursor = max(cursor - 1, 0)
        elif key == "right":
            cursor = min(cursor + 1, len(text))
        elif key == "home":
            cursor = 0
        elif key == "end":
            cursor = len(text)
        else:
            assert len(key) == 1, key
            text, cursor = text[:cursor] + key + text[cursor:], cursor + 1
    return text


def checked(term: Term) -> bool:
    """The first whole-card check has landed (a badge in the tree): the keys typed while the
    editor loaded have all been replayed, so what is written now arrives as typed."""
    return "✔" in " ".join(term.region(*panes(term)[0]))


def first_row(term: Term) -> str | None:
    """The grid's first row as the form shows it (the line under its header)."""
    lines = [line.strip() for line in term.region(*form_span(term))]
    top = next(
        (y for y, line in enumerate(lines) if line.split()[:2] == ["Metric", "Before"]), None
    )
    return lines[top + 1] if top is not None and top + 1 < len(lines) else None


def find_and_go(term: Term, offered: str, query: str, matches: int) -> None:
    """ctrl+f, ``query``, enter on the first match, then a ``Q`` typed: it lands at the match
    once the match's box has the focus, so the keys after it go straight to that box.

    ``offered``: what the dialog's box shows as it opens, its placeholder the first time, then
    the last query (selected: typing replaces it)."""
    term.press("ctrl+f")
    term.wait_until(
        lambda: any(offered in line for line in term.lines()[1:8]), what="the find dialog"
    )
    term.type(query)
    term.wait_until(lambda: f"{matches} matches" in term.text(), what=f"{matches} matches")
    term.press("enter")
    term.type("Q")


def test_a_burst_in_a_table_cell_a_prose_area_and_a_text_field(
    term: Term, perf7_copy: Path
) -> None:
    original = perf7_copy.read_bytes()
    term.start(perf7_copy, "--goto", f"{TABLE}/row-1/metric", size=SIZE)
    cell = "p95 response time"
    # the row's text awaited too, not only its line: a frame can reach the emulator in more
    # than one read (a run beside a busy loop read the line while it was still blank)
    term.wait_until(
        lambda: shows_saved(term) and checked(term) and (first_row(term) or "").startswith(cell),
        what="the editor on the Performance Comparison table, checked once",
    )
    want_cell = edited(cell, BURST)
    term.type(burst_bytes(BURST))
    term.wait_until(
        lambda: (first_row(term) or "").startswith(want_cell + " "),
        what=lambda: f"the first cell to show {want_cell!r}; the row shows {first_row(term)!r}",
    )

    # a text area: the Prerequisites summary, one line
    find_and_go(term, "Find in the card", PROSE_TEXT, 1)
    term.wait_until(
        lambda: "Q" + PROSE_TEXT in (preview_text(term) or ""), what="Q at the summary's match"
    )
    want_prose = edited("Q" + PROSE_TEXT, BURST)
    term.type(burst_bytes(BURST))
    term.wait_until(
        lambda: want_prose in (preview_text(term) or ""),
        what=lambda: (
            f"the preview to show {want_prose!r}, the burst's keys applied in order; the form "
            f"shows {' / '.join(r.strip() for r in term.region(*form_span(term), 1, 12))}"
        ),
    )

    # a text field: Current Value (the first of the two matches; the other is in a note)
    find_and_go(term, PROSE_TEXT, CURRENT_VALUE, 2)
    term.wait_until(
        lambda: field_value(term, "Current Value") == "Q" + CURRENT_VALUE,
        what="Q at Current Value's match",
    )
    want_value = edited("Q" + CURRENT_VALUE, BURST)
    term.type(burst_bytes(BURST))
    term.wait_until(
        lambda: field_value(term, "Current Value") == want_value,
        what=lambda: (
            f"the Current Value field to show {want_value!r}, the burst's keys applied in "
            f"order; it shows {field_value(term, 'Current Value')!r}"
        ),
    )

    saved = save_and_wait(term, perf7_copy, original)
    row = b"| p95 response time | 420ms | 240ms | 42.9% less time |"
    expected = (
        original.replace(row, row.replace(cell.encode(), want_cell.encode()), 1)
        .replace(PROSE_TEXT.encode(), want_prose.encode(), 1)
        .replace(CURRENT, b"**Current Value**: " + want_value.encode(), 1)
    )
    assert saved == expected, (
        f"saved {line_with(saved, b'| 420ms | 240ms |')!r}, "
        f"{line_with(saved, want_prose[:6].encode())!r} and "
        f"{line_with(saved, b'**Current Value**')!r}; expected {want_cell!r}, {want_prose!r} "
        f"and {want_value!r}"
    )
    assert_no_traceback(term, "after a burst in a table cell, a prose area and a text field")
