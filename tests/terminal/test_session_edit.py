"""Sessions in the real terminal (issue 9): a session logged by keys, opened again from the
palette's "Edit logged session…", one field changed, saved: the file changes in that entry's
two metric lines and nowhere else.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import SIZE, assert_no_traceback, save_and_wait, shows_saved
from harness import Term

from perfcard_tui.core.metrics import describe_change

pytestmark = pytest.mark.terminal

TODAY = date.today().isoformat()
METRIC = "p95 response time"


def metrics_row(term: Term) -> str:
    """What the form shows under its Before / After / Improvement labels, words joined by
    single spaces ("" when the form is not up)."""
    found = term.find(" Before ")
    if found is None:
        return ""
    left, y = found
    if "Improvement" not in term.region(left, term.size[0], y, y + 1)[0]:
        return ""
    border = term.find("█", left)  # the form's right edge (its top row is a border)
    right = border[0] if border is not None else term.size[0]
    return " ".join(term.region(left, right, y + 1, y + 2)[0].split())


def test_log_a_session_then_edit_it_and_only_its_bytes_change(term: Term, perf7_copy: Path) -> None:
    original = perf7_copy.read_bytes()
    settings = term.config_home / "perfcard-tui" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"name": "Ada Term"}), encoding="utf-8")
    term.start(perf7_copy, size=SIZE)
    term.wait_until(lambda: shows_saved(term), what="the editor")

    # log it, by keys: the focus starts in After; Improvement follows it. Each key bound to
    # an action waits for the typing before it to show: Textual runs a bound key after the
    # printable keys of the same burst (Textualize/textual#6605)
    term.press("ctrl+l")
    term.wait_for_text("Log a session")
    term.wait_for_text("Ada Term")
    term.type("200ms (p95)")
    first = describe_change("240ms (p95)", "200ms (p95)", METRIC)
    term.wait_until(
        lambda: metrics_row(term) == f"240ms (p95) 200ms (p95) {first}",
        what=lambda: f"After typed, Improvement computed; the form shows {metrics_row(term)!r}",
    )
    term.press("ctrl+s")
    term.wait_until(
        lambda: "Log a session" not in term.text() and "modified" in term.lines()[0],
        what="the form closed and the entry in the buffer",
    )
    logged = save_and_wait(term, perf7_copy, original)
    entry = (
        f"\n\n**Session {TODAY} (Ada Term):**\n\n📊 **Metrics:**\n- Before: 240ms (p95)\n"
        f"- After: 200ms (p95)\n- Improvement: {first}"
    ).encode()
    last_end = original.index(b"should land close to 180ms.") + len(b"should land close to 180ms.")
    assert logged == original[:last_end] + entry + original[last_end:]

    # open it again from the palette: the newest session is listed first
    term.press("ctrl+p")
    term.wait_for_text("Search for commands")
    term.type("Edit logged")
    term.wait_for_text("Open a session logged in Progress Notes")
    term.press("enter")
    term.wait_for_text(f"{TODAY} (Ada Term)")
    term.wait_for_text("2026-11-18 (Dana Whitfield)")
    rows = term.text()
    assert rows.index(f"{TODAY} (Ada Term)") < rows.index("2026-11-21 (Dana Whitfield)")
    term.press("enter")
    term.wait_for_text(f"Edit the session of {TODAY}")
    term.wait_until(
        lambda: metrics_row(term) == f"240ms (p95) 200ms (p95) {first}",
        what=lambda: f"the entry as written; the form shows {metrics_row(term)!r}",
    )

    # After has the focus, its cursor at the end: change it, and Improvement follows
    term.press(*["backspace"] * len("200ms (p95)"))
    term.wait_until(
        lambda: metrics_row(term) == "240ms (p95)",
        what=lambda: f"After emptied; the metrics show {metrics_row(term)!r}",
    )
    term.type("190ms (p95)")
    second = describe_change("240ms (p95)", "190ms (p95)", METRIC)
    term.wait_until(
        lambda: metrics_row(term) == f"240ms (p95) 190ms (p95) {second}",
        what=lambda: f"After changed, Improvement computed; the form shows {metrics_row(term)!r}",
    )
    term.press("ctrl+s")
    term.wait_for_text(f"Rewrote the session of {TODAY}")
    term.wait_until(lambda: "Edit the session" not in term.text(), what="the form closed")
    saved = save_and_wait(term, perf7_copy, logged)
    assert_no_traceback(term, "after editing a logged session")

    old = f"- After: 200ms (p95)\n- Improvement: {first}\n".encode()
    new = f"- After: 190ms (p95)\n- Improvement: {second}\n".encode()
    assert logged.count(old) == 1
    assert saved == logged.replace(old, new), "the file changed elsewhere than the two lines"
