"""Issue 9 in the real terminal: ``perfcard-tui --review`` at 80x24 shows the status table with
every label and value whole, stacked above the card; resized to 160x48 it goes side by side,
and back to 80x24 it stacks again.

What the table must say is what ``perfcard-tui review --report`` prints for the same card: the
same rows, from the same rules run on the same day.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import SCROLLBAR_GLYPHS, assert_no_traceback
from harness import Term

pytestmark = pytest.mark.terminal

BORDER = "▁"  # the line under a panel (hkey)
VALUE = re.compile(r"^( +\S.*?\s{2,}| {4,})(\S)")


def report_rows(term: Term, card: Path) -> list[tuple[str, str]]:
    """The (label, value) rows of ``review --report``, less its File row."""
    out = subprocess.run(
        [sys.executable, "-m", "perfcard_tui", "review", "--report", str(card)],
        env=term.environment(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = [line.strip("|").split(" | ") for line in out.splitlines() if line.startswith("| ")]
    return [(label.strip(), value.strip()) for label, value in rows if label.strip() != "File"]


def as_read(rows: list[tuple[str, str]]) -> list[str]:
    """The words of the rows as the review shows them: a phase's label without its
    "Implementation ›" (it sits under Implementation), values without markdown's ``**``."""
    said: list[str] = []
    for label, value in rows:
        said += label.rpartition(" › ")[2].split() + value.replace("**", "").split()
    return said


def summary_lines(term: Term) -> list[str]:
    """The rows between the header and the summary panel's bottom border, less the scrollbar."""
    lines = []
    for line in term.lines()[1:]:
        if line.lstrip().startswith(BORDER):
            break
        lines.append(line.translate(SCROLLBAR_GLYPHS))
    return lines


def summary_words(term: Term) -> list[str]:
    return " ".join(summary_lines(term)).split()


def test_review_at_80x24_reads_whole_and_restacks_on_resize(term: Term, perf7_copy: Path) -> None:
    expected = as_read(report_rows(term, perf7_copy))
    term.start(None, "--review", perf7_copy, size=(80, 24))
    term.wait_until(
        lambda: summary_words(term) == expected,
        timeout=20,
        what="the status table at 80x24: each label then its value, every word whole, in order",
    )
    lines = summary_lines(term)
    # one label and its value a row, the values in one column wide enough to read: a value
    # starts two spaces past its label, or a wrapped one's next line right under it
    starts = {m.start(2) for line in lines if (m := VALUE.match(line))}
    assert lines[0].split()[0] == "Status" and len(starts) == 1, "\n".join(lines)
    assert 80 - starts.pop() >= 34, "\n".join(lines)

    term.resize(160, 48)
    term.wait_until(
        lambda: (first := term.lines()[1].split())[:1] == ["Status"] and "Measured" in first,
        what="the summary in two column pairs at 160x48 (Status and Measured on one row)",
    )
    term.wait_until(
        lambda: any("▕" in line and "Performance Issue" in line for line in term.lines()[10:]),
        what="the tree beside the preview under the tables",
    )

    term.resize(80, 24)
    term.wait_until(
        lambda: summary_words(term) == expected,
        what="the status table stacked again at 80x24, every word whole",
    )
    assert_no_traceback(term, "after resizing the review")
    term.press("ctrl+q")
    assert term.wait_exit() == 0
