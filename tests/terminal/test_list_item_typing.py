"""List items in the real terminal: ``ctrl+n`` in a list item and a word typed in the same
burst (one write, as a fast typist's keys arrive). The new item must take the word whole (the
keys typed while the form is rebuilt are held and land in it), and the saved file must have it.
"""

from __future__ import annotations

import os

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import (
    SIZE,
    assert_no_traceback,
    click_field,
    form_span,
    new_card,
    save_and_wait,
    shows_saved,
)
from harness import KEYS, Term

pytestmark = pytest.mark.terminal

SLOW = "root-cause/why-this-is-slow/summary"  # the section's prose, above its two items
ITEMS = "- [Explanation of inefficiency]\n- [What could be better]\n"


def items(term: Term) -> list[str]:
    """What the form shows under each "Item" label, top to bottom."""
    left, right = form_span(term)
    lines = term.region(left, right)
    return [lines[y + 1].strip() for y, line in enumerate(lines[:-1]) if line.strip() == "Item"]


def test_ctrl_n_and_a_word_at_once_land_the_word_in_the_new_item(term: Term) -> None:
    path = new_card(term)
    original = path.read_bytes()
    term.start(path, "--goto", SLOW, size=SIZE)
    term.wait_until(
        lambda: (
            shows_saved(term, path.name)
            and items(term) == ["[Explanation of inefficiency]", "[What could be better]"]
            # the first check's findings are under the fields: the rows no longer move down
            and "warning [placeholder]" in "\n".join(term.region(*form_span(term)))
        ),
        what=lambda: f"the section's two items in the form, checked; it shows {items(term)}",
    )
    # a click lands where the row is now, not where it was a frame ago (beside a busy loop
    # the click hit a row the findings had just moved: 2 failures in 10 tier runs)
    term.wait_still()
    click_field(term, "Item")  # the first item's text, the cursor at its end

    term.type(KEYS["ctrl+n"].decode() + "sixteen")  # one write: ctrl+n and the word behind it
    term.wait_until(
        lambda: (
            items(term) == ["[Explanation of inefficiency]", "sixteen", "[What could be better]"]
        ),
        what=lambda: f"the word whole in a new item under the first; the form shows {items(term)}",
    )

    saved = save_and_wait(term, path, original, name=path.name)
    assert_no_traceback(term, "after ctrl+n, a word and a save")
    want = original.decode().replace(
        ITEMS, "- [Explanation of inefficiency]\n- sixteen\n- [What could be better]\n"
    )
    assert saved == want.encode(), "the file changed elsewhere than the new item"
