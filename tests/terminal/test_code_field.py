"""Code fields in the real terminal: a small function typed with Enter keeps its indentation
in the saved file, and each key that leaves the code (where Tab indents), f6 and escape, moves
the focus to the next field, as the footer and the next field's box show.

A new card (`perfcard-tui new x.md`), opened on Code Changes' Before (slow) code: Tab into the
code, type a function line by line with Enter and never a space of indent; f6 to the After code's
language box, typed over; Tab into the After code, a line typed over its placeholder, escape to
the Explanation; ctrl+s. One session for all of it: each launch is a second of the tier's time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import (
    SIZE,
    assert_no_traceback,
    field_value,
    form_span,
    new_card,
    save_and_wait,
    shows_saved,
)
from harness import Term

pytestmark = pytest.mark.terminal

NAME = "x.md"
BEFORE = "optimization-approach/code-changes/before-slow"
PLACEHOLDER = "```[language]\n[Current slow code]\n```"
LINES = ["def total(xs):", "s = 0", "for x in xs:", "s += x", "print(s)"]
CODE = "def total(xs):\n    s = 0\n    for x in xs:\n        s += x\n        print(s)"
LEAVE = "Next field"  # the leave key's words in the footer (code_field.CodeArea)
AFTER_LABEL = "After (optimized)"


def new_code_card(term: Term) -> Path:
    path = new_card(term, NAME)
    assert PLACEHOLDER in path.read_text(encoding="utf-8"), "the template's code changed"
    return path


def footer(term: Term) -> str:
    return term.lines()[-1]


def in_code(term: Term) -> bool:
    """The focus is in a code area: the footer offers the key that leaves it."""
    return LEAVE in footer(term)


def indents(term: Term) -> list[int | None]:
    """How far right of the first line each line typed starts, in the form's code area."""
    left, right = form_span(term)
    found = [term.find(line, left, right) for line in LINES]
    if found[0] is None:
        return []
    return [None if at is None else at[0] - found[0][0] for at in found]


def open_on_before_code(term: Term) -> Path:
    path = new_code_card(term)
    term.start(path, "--goto", BEFORE, size=SIZE)
    term.wait_until(
        lambda: shows_saved(term, NAME) and field_value(term, AFTER_LABEL) is not None,
        what="the editor on the new card's Code Changes",
    )
    assert not in_code(term), "the focus starts in the language box"
    term.press("tab")
    term.wait_until(lambda: in_code(term), what=f"{LEAVE!r} in the footer once in the code")
    return path


def leave_code(term: Term, key: str) -> None:
    term.press(key)
    term.wait_until(lambda: not in_code(term), what=f"{LEAVE!r} gone from the footer after {key}")


def type_into(term: Term, label: str, text: str) -> None:
    """Type ``text`` over the placeholder of the field the focus is on (the one ``label`` names,
    as it shows)."""
    term.type(text)
    term.wait_until(
        lambda: field_value(term, label) == text,
        what=lambda: f"{text!r} in {label}'s box; it shows {field_value(term, label)!r}",
    )


def test_code_typed_with_enter_keeps_its_indent_and_f6_or_escape_leave_it(term: Term) -> None:
    path = open_on_before_code(term)
    original = path.read_bytes()
    for n, line in enumerate(LINES):
        if n:
            term.press("enter")
        term.type(line)
    term.wait_until(
        lambda: indents(term) == [0, 4, 4, 8, 8],
        what=lambda: f"the code's lines 0, 4, 4, 8, 8 columns in; they are {indents(term)}",
    )

    # f6: the next field is the After code's language box (its placeholder, typed over)
    leave_code(term, "f6")
    type_into(term, AFTER_LABEL, "rust")

    # escape, from the After code: the next field is the Explanation
    term.press("tab")
    term.wait_until(lambda: in_code(term), what=f"{LEAVE!r} in the footer in the After code")
    term.type("x = 1")
    term.wait_until(
        lambda: term.find("x = 1", *form_span(term)) is not None, what="x = 1 in the code"
    )
    leave_code(term, "escape")
    type_into(term, "Explanation", "one pass")

    saved = save_and_wait(term, path, original, NAME)
    assert_no_traceback(term, "after typing code, f6, escape and a save")
    want = (
        original.decode()
        .replace("[Current slow code]", CODE, 1)
        .replace("```[language]\n[Optimized code]\n```", "```rust\nx = 1\n```", 1)
        .replace("**Explanation**: [Why new code is faster]", "**Explanation**: one pass", 1)
    )
    assert saved.decode() == want
