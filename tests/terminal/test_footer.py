"""The footer in a real terminal: one row of keys, drawn by one widget (DECISIONS 84), that a
mouse click presses and that follows the focus from one kind of field to another (one session:
each launch is a second of the tier's time)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import SIZE, assert_no_traceback
from harness import Term

pytestmark = pytest.mark.terminal

CRITERION = "benchmarking/success-criteria/no-regression-in-other-metrics"


def footer(term: Term) -> str:
    return term.lines()[-1]


def whole_footer(term: Term) -> bool:
    """The row holds its last keys: a row read while the app was still writing it ends early
    (seen once: "... ^q Quit  ^s" and blanks), so a test waits for it, never asserts on it."""
    row = footer(term)
    return "^s Save" in row and "^p palette" in row


def test_the_footer_follows_the_focus_and_a_click_on_a_key_presses_it(
    term: Term, perf7_copy: Path
) -> None:
    """A checklist item binds the list's own keys (ctrl+n, ctrl+g...): they come in the footer's
    row while it has the focus, stay when a click on f1 has opened the help and escape closed
    it, and go when F8 takes the focus to the next section's form."""
    term.start(perf7_copy, "--goto", CRITERION, size=SIZE)
    term.wait_until(
        lambda: "^n New item" in footer(term) and whole_footer(term),
        what=lambda: f"the item's keys: {footer(term)!r}",
    )

    at = term.find("f1 Help")
    assert at is not None, f"no f1 Help in the footer: {footer(term)!r}"
    term.click(at[0] + 1, at[1])
    term.wait_for_text("perfcard-tui keys")  # the help screen's first line
    term.press("escape")
    term.wait_until(
        lambda: (
            "perfcard-tui keys" not in term.text()
            and "^n New item" in footer(term)
            and whole_footer(term)
        ),
        what=lambda: f"the help closed and the item's footer back: {footer(term)!r}",
    )
    assert "f1 Help" in footer(term), footer(term)
    assert_no_traceback(term, "after a click on the footer")

    term.press("f8")
    term.wait_until(
        lambda: "New item" not in footer(term) and whole_footer(term),
        what=lambda: f"the next form's keys: {footer(term)!r}",
    )
    assert_no_traceback(term, "after moving the focus")
