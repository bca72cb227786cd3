"""Find in the real terminal, in one session: the query typed right behind ctrl+f is all the
query's; and a match in a paragraph that is no field (a block) focuses that paragraph, and what
is typed next lands in it, at the match, and is saved there: even typed as soon as the section's
form shows, before its paragraph has the focus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import (
    SIZE,
    assert_no_traceback,
    editor_on_current_value,
    form_span,
    save_and_wait,
    shows_saved,
)
from harness import Term

pytestmark = pytest.mark.terminal


def form(term: Term) -> str:
    return "\n".join(term.region(*form_span(term)))


def test_the_query_typed_behind_ctrl_f_is_the_querys_and_a_match_takes_the_typing(
    term: Term, cards: Path
) -> None:
    path = cards / "PERF-7.md"
    original = path.read_bytes()
    term.start(path, "--goto", "current-performance/primary-metric/current-value", size=SIZE)
    # keys flow to the field (keys typed while the editor opens are held, and replayed in order)
    term.wait_until(lambda: editor_on_current_value(term), what="the editor, taking keys")

    # ctrl+f and the query in one write: the letters went into the field the focus was on
    # while the key climbed to the app
    term.type("\x06" + "pgbouncer")  # ctrl+f, as the terminal sends it, and the query
    term.wait_until(
        lambda: any("pgbouncer" in line for line in term.lines()[:8]) and "match" in term.text(),
        what="the whole query in the dialog, and its matches",
    )
    term.press("escape")
    # (its box holds the query, so its placeholder says nothing about whether it is up)
    term.wait_until(
        lambda: not any("pgbouncer" in line for line in term.lines()[:8]),
        what="the dialog closed",
    )
    assert shows_saved(term), "the card changed: the query went into a field"
    assert path.read_bytes() == original

    term.press("ctrl+f")
    # the dialog offers the last query, selected: the typing replaces it
    term.wait_until(
        lambda: any("pgbouncer" in line for line in term.lines()[:8]), what="the find dialog"
    )
    term.type("remaining 22%")
    term.wait_until(lambda: "1 matches" in term.text(), what="one match")
    # in one write with enter: typed while the dialog closes and the section's form is built
    term.type("\r" + "only ")
    term.wait_until(
        lambda: (
            "Investigation Findings  (form" in form(term) and "The only remaining 22%" in form(term)
        ),
        what="the typing in the paragraph found",
    )
    # the typing reached the form, so the dialog has closed: waited for, as its area's repaint
    # may come in a later frame than the form's
    term.wait_until(
        lambda: "Find in" not in term.text() and "1 matches" not in term.text(),
        what="the find dialog gone",
    )
    saved = save_and_wait(term, path, original).decode()
    assert "\nThe only remaining 22% is DRF's field-by-field" in saved
    assert saved.replace("The only remaining", "The remaining", 1).encode() == original
    assert_no_traceback(term, "after find and typing")
