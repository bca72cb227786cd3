"""Issue 9's layouts in the real terminal: F8 goes through a folded section's children, unfolding
it, and a long one-line value is read whole, wrapped under its input, while it is typed into.

Every wait is on what the screen (or the file) shows; reading the screen is ``card_screen.py``'s.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import (
    SCROLLBAR_GLYPHS,
    SIZE,
    assert_no_traceback,
    field_row,
    form_span,
    line_with,
    panes,
    preview_text,
    save_and_wait,
    shows_saved,
)
from harness import KEYS, Term

pytestmark = pytest.mark.terminal

CODE_CHANGES_FIELD = "optimization-approach/code-changes/before-slow"  # its first field
IMPLEMENTATION_ORDER = [
    "Implementation",
    "Phase 1: Baseline & Setup",
    "Phase 2: Optimization",
    "Phase 3: Validation",
    "Benchmarking",
]
VALUE_FIELD = "performance-issue/value"
VALUE_LINE = b"**Value**: "
TYPED = " Then QA signs off."


def tree_rows(term: Term) -> list[str]:
    return [row.strip() for row in term.region(*panes(term)[0])]


def form_title(term: Term) -> str:
    """The open section's title: the form's first row, without its ``(form · ...)`` hint."""
    return term.region(*form_span(term), 1, 2)[0].split("(form")[0].strip()


def checked(term: Term) -> bool:
    """The first whole-card check has landed: the tree shows its badges."""
    return "✔" in " ".join(tree_rows(term))


def test_f8_unfolds_a_folded_section_and_visits_its_children(term: Term, perf7_copy: Path) -> None:
    term.start(perf7_copy, "--goto", CODE_CHANGES_FIELD, size=SIZE)
    term.wait_until(
        lambda: shows_saved(term) and checked(term) and form_title(term) == "Code Changes",
        what="the editor on Code Changes, checked once",
    )
    term.wait_still()  # a click lands where the row is now, not where it was a frame ago
    at = term.find("▼ Implementation", *panes(term)[0])
    assert at is not None, f"no open Implementation in the tree\n{term.describe()}"
    term.click(*at)  # its fold mark

    def folded() -> str:
        return next((row for row in tree_rows(term) if row.startswith("▶ Implementation")), "")

    # folded, its badge is the worst under it: boxes left to tick, not a tick (the badge may
    # come a frame after the fold: one wait for both)
    term.wait_until(
        lambda: (
            "/" in folded()
            and "✔" not in folded()
            and not any("Phase 1" in row for row in tree_rows(term))
            and form_title(term) == "Code Changes"
        ),
        what=lambda: f"Implementation folded, its badge the worst under it: {folded()!r}",
    )
    for title in IMPLEMENTATION_ORDER:
        term.press("f8")
        term.wait_until(
            lambda title=title: (
                form_title(term) == title and any(title in row for row in tree_rows(term))
            ),
            what=lambda title=title: (
                f"F8 to open {title!r}, shown in the tree; the form shows {form_title(term)!r}"
            ),
        )
    assert any(row.startswith("▼ Implementation") for row in tree_rows(term)), tree_rows(term)
    assert_no_traceback(term, "after F8 through a folded section")


def value_shown(term: Term) -> str | None:
    """The Value field's whole text as the form shows it: the rows of the wrapped value under
    its input, up to the blank row that ends the field (None if not in view)."""
    y = field_row(term, "Value")
    if y is None:
        return None
    rows = [row.translate(SCROLLBAR_GLYPHS).strip() for row in term.region(*form_span(term), y + 2)]
    wrapped = rows[: rows.index("")] if "" in rows else rows
    return " ".join(" ".join(wrapped).split())


def test_a_long_value_is_read_whole_while_it_is_typed_into(term: Term, perf7_copy: Path) -> None:
    original = perf7_copy.read_bytes()
    line = line_with(original, VALUE_LINE)
    value = line.removeprefix(VALUE_LINE.decode())
    assert len(value) > 200, value
    term.start(perf7_copy, "--goto", VALUE_FIELD, size=SIZE)
    term.wait_until(
        lambda: shows_saved(term) and checked(term) and value_shown(term) == value,
        what=lambda: f"the Value field shown whole under its input; it is {value_shown(term)!r}",
    )
    want = value + TYPED
    rendered = want.replace("`", "")  # the preview renders the value's code spans
    term.type(KEYS["end"].decode() + TYPED)
    term.wait_until(
        lambda: value_shown(term) == want and rendered in (preview_text(term) or ""),
        what=lambda: (
            f"the form and the preview to show the value with {TYPED!r}; "
            f"the form shows {value_shown(term)!r}"
        ),
    )
    saved = save_and_wait(term, perf7_copy, original)
    expected = original.replace(line.encode(), VALUE_LINE + want.encode(), 1)
    assert saved == expected, f"saved {line_with(saved, VALUE_LINE)!r}"
    assert_no_traceback(term, "after typing into a long value")
