"""Code fields in the real terminal: a small function typed with Enter keeps its indentation
in the saved file, and the key that leaves the code (where Tab indents) moves the focus to the
next field, as the footer and the next field's box show.

A new card (`perfcard-tui new x.md`), opened on Code Changes' Before (slow) code: Tab into the
code, type a function line by line with Enter and never a space of indent, ctrl+s.
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


def test_a_function_typed_with_enter_keeps_its_indent_in_the_file(term: Term) -> None:
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
    saved = save_and_wait(term, path, original, NAME)
    assert_no_traceback(term, "after typing code and a save")
    want = original.decode().replace("[Current slow code]", CODE, 1)
    assert saved.decode() == want


@pytest.mark.parametrize("key", ["f6", "escape"])
def test_the_leave_key_moves_the_focus_to_the_next_field(term: Term, key: str) -> None:
    path = open_on_before_code(term)
    original = path.read_bytes()
    term.type("x = 1")
    term.wait_until(
        lambda: term.find("x = 1", *form_span(term)) is not None, what="x = 1 in the code"
    )
    term.press(key)
    term.wait_until(lambda: not in_code(term), what=f"{LEAVE!r} gone from the footer")
    # the next field is the After code's language box (its placeholder, replaced by typing)
    term.type("rust")
    term.wait_until(
        lambda: field_value(term, AFTER_LABEL) == "rust",
        what=lambda: f"rust in {AFTER_LABEL}'s box; it shows {field_value(term, AFTER_LABEL)!r}",
    )
    saved = save_and_wait(term, path, original, NAME).decode()
    assert_no_traceback(term, f"after {key} and a save")
    assert "```[language]\nx = 1\n```" in saved
    assert "```rust\n[Optimized code]\n```" in saved
