"""Raw mode (ctrl+r) in the real terminal: the reported duplication, as the person typed it.

`perfcard-tui new x.md`, Resources, ctrl+r, on the empty line above `---` type `Links below.`,
Enter, Enter, `More text`, ctrl+s: the file held `Links below.` and `---` twice and a section
nothing could delete. Now text that would add a section is held (a line under the text says so)
until ctrl+o, and the file only ever holds what was typed, once.
"""

from __future__ import annotations

import os

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import (
    SIZE,
    assert_no_traceback,
    form_span,
    header,
    new_card,
    panes,
    save_and_wait,
    shows_saved,
)
from harness import Term

pytestmark = pytest.mark.terminal

NAME = "x.md"


def form(term: Term) -> str:
    return "\n".join(term.region(*form_span(term)))


def tree(term: Term) -> list[str]:
    return [row.strip() for row in term.region(*panes(term)[0])]


def rows_below(term: Term, text: str, count: int) -> list[str]:
    """The ``count`` rows of the form under the one holding ``text`` (stripped)."""
    rows = [row.strip() for row in term.region(*form_span(term))]
    at = next((y for y, row in enumerate(rows) if row == text), None)
    return [] if at is None else rows[at + 1 : at + 1 + count]


def footer(term: Term) -> str:
    return term.lines()[-1]


def test_text_typed_above_a_rule_is_held_then_applied_once(term: Term) -> None:
    path = new_card(term)
    original = path.read_text(encoding="utf-8")
    term.start(path, size=SIZE)
    term.wait_until(lambda: shows_saved(term, NAME), what="the editor on the new card")
    # Notes → Resources: two sections back from the first, wrapping round
    term.press("ctrl+up", "ctrl+up", "ctrl+up")
    term.wait_until(lambda: "Resources  (form" in form(term), what="the Resources form")
    term.press("ctrl+r")
    # the raw area has the focus once its key shows in the footer
    term.wait_until(
        lambda: "raw markdown" in form(term) and "Apply sections" in footer(term),
        what="Resources as raw markdown, its text area focused",
    )
    # a click on the empty line above "---" (arrow keys would do, but a key bound to an action
    # is acted on after it has bubbled up to the app, and the letters typed right behind it
    # would be inserted first: see the report of this change)
    term.wait_still()  # the area scrolls into view once focused: click where it has settled
    left, right = form_span(term)
    rule = next(y for y, row in enumerate(term.region(left, right)) if row.strip() == "---")
    term.click(left + 4, rule - 1)
    term.type("Links below.")
    term.wait_until(
        lambda: "would add the section 'Links below.'" in form(term),
        what="the notice that the text would add a section",
    )
    term.press("enter", "enter")
    # the text is whole again each time the app reads it: wait until it has read the two lines
    term.wait_until(
        lambda: (
            rows_below(term, "Links below.", 3) == ["", "", "---"]
            and "would add" not in form(term)
            and "modified" in header(term)
        ),
        what="two empty lines under 'Links below.', applied (no notice; the card modified)",
    )
    term.type("More text")
    term.wait_until(
        lambda: "would add the section 'More text'" in form(term),
        what="the notice that 'More text' would add a section",
    )
    saved = save_and_wait(term, path, original.encode(), NAME).decode()
    # what was applied: the text typed until it made a heading, and only that, once
    links = "- [Profiling tutorial]: [Link]\n"
    assert saved == original.replace(links + "\n---\n", links + "Links below.\n\n\n---\n", 1)
    assert "More text" not in saved
    assert "More text" not in tree(term)  # the card's sections did not change

    term.press("ctrl+o")
    term.wait_until(
        lambda: "More text" in tree(term) and "would add" not in form(term),
        what="the section 'More text' in the tree, the notice gone",
    )
    final = save_and_wait(term, path, saved.encode(), NAME).decode()
    assert final == original.replace(
        links + "\n---\n", links + "Links below.\n\nMore text\n---\n", 1
    )
    assert final.count("Links below.") == 1 and final.count("---\n") == original.count("---\n")
    assert_no_traceback(term, "after applying the held text")
