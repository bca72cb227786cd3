"""Undo, find and the import dialog in the real terminal, as a person uses them.

* ctrl+z is the card's: with the focus in a paragraph (a text area, whose own history used to
  take the key), it takes back an edit in another section, opens that section and says so;
  ctrl+y brings it back, and so does ctrl+shift+z from a terminal that tells it apart.
* ctrl+f finds text and goes to the field that holds it.
* Import benchmark results… from the palette: a file name completed with →, the preview read
  off the screen, enter imports, ctrl+z takes the whole import back.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import (
    CURRENT_VALUE,
    SIZE,
    assert_no_traceback,
    editor_on_current_value,
    field_value,
    form_span,
    save_and_wait,
    shows_saved,
)
from harness import Term

pytestmark = pytest.mark.terminal

FIXTURES = Path(__file__).resolve().parents[1] / "bench_fixtures"


def form(term: Term) -> str:
    return "\n".join(term.region(*form_span(term)))


def test_undo_from_a_paragraph_takes_back_an_edit_elsewhere_and_redo_brings_it(
    term: Term, cards: Path
) -> None:
    path = cards / "PERF-7.md"
    term.start(path, "--goto", "current-value", size=SIZE)
    term.wait_until(lambda: editor_on_current_value(term), what="the editor on Current Value")
    term.press("end")
    term.type(" now")
    term.wait_until(
        lambda: field_value(term, "Current Value") == CURRENT_VALUE + " now", what="the typing"
    )
    term.press("ctrl+f")
    term.wait_until(lambda: "Find in the card" in term.text(), what="the find dialog")
    term.type("merchant dashboard")
    term.wait_until(lambda: "1 matches" in term.text(), what="one match")
    term.press("enter")  # to the Summary of Performance Issue: a paragraph, a text area
    term.wait_until(
        lambda: "Performance Issue  (form" in form(term) and "Find in" not in term.text(),
        what="the Performance Issue form",
    )
    term.press("ctrl+z")
    term.wait_until(
        lambda: field_value(term, "Current Value") == CURRENT_VALUE,
        what="the Primary Metric form open again, Current Value as it was",
    )
    term.wait_until(lambda: "Undone: typing, in Primary Metric" in term.text(), what="the notice")
    term.press("ctrl+y")
    term.wait_until(
        lambda: field_value(term, "Current Value") == CURRENT_VALUE + " now", what="redone"
    )
    # a terminal speaking the kitty keyboard protocol sends ctrl+shift+z as its own sequence
    # (CSI 122;6u): it redoes too, as in most editors
    term.press("ctrl+z")
    term.wait_until(lambda: field_value(term, "Current Value") == CURRENT_VALUE, what="undone")
    term.type("\x1b[122;6u")
    term.wait_until(
        lambda: field_value(term, "Current Value") == CURRENT_VALUE + " now",
        what=lambda: f"the redo: the field shows {field_value(term, 'Current Value')!r}",
    )
    saved = save_and_wait(term, path, (cards / "PERF-7.md").read_bytes()).decode()
    assert "**Current Value**: 420ms (p95) now\n" in saved
    assert_no_traceback(term, "after undo, find and redo")


def test_import_from_the_palette_then_undo_it_whole(term: Term, cards: Path) -> None:
    path = cards / "PERF-7.md"
    original = path.read_bytes()
    shutil.copy(FIXTURES / "pytest_benchmark.json", term.workdir / "pytest_benchmark.json")
    term.start(path, size=SIZE)
    term.wait_until(lambda: shows_saved(term), what="the editor")
    term.press("ctrl+p")
    term.wait_until(lambda: "Search for commands" in term.text(), what="the palette")
    term.type("Import benchmark")
    term.wait_until(
        lambda: "Put a benchmark tool's numbers" in term.text(), what="the command listed"
    )
    term.press("enter")
    term.wait_until(lambda: "File written by a benchmark tool" in term.text(), what="the dialog")
    term.type("pytest_b")
    term.wait_until(lambda: "pytest_benchmark.json" in term.text(), what="the completion")
    term.press("right")
    # both lines awaited: a frame can reach the emulator in more than one read, and the test
    # once looked between the preview's first line and the rest
    term.wait_until(
        lambda: (
            "2 results from pytest-benchmark" in term.text()
            and "test_parse_orders_page › After: (empty) → '100.1µs (p95)'" in term.text()
        ),
        what="the preview of the import",
    )
    assert path.read_bytes() == original  # a preview writes nothing
    term.press("enter")
    term.wait_until(
        lambda: "Imported 2 results from pytest_benchmark.json" in term.text(), what="the import"
    )
    saved = save_and_wait(term, path, original).decode()
    assert "| test_parse_orders_page | | 100.1µs (p95) | |" in saved
    term.press("ctrl+z")
    term.wait_until(lambda: "modified" in term.lines()[0], what="the undo")
    assert save_and_wait(term, path, saved.encode()) == original
    assert_no_traceback(term, "after the import and its undo")
