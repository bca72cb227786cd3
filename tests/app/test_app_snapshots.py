"""Snapshots of the main screens at a fixed size (pytest-textual-snapshot).

Baselines live in ``__snapshots__/``; after a deliberate change of the look, regenerate with
``pytest tests/app/test_app_snapshots.py --snapshot-update`` and review the SVGs in the diff.
Determinism: fixed size, no watcher, swap files and "today" pinned by conftest, every worker
(validation, preview) finished and the cursors' blinking stopped before the picture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from perfcard_tui.app import keystrokes
from perfcard_tui.app.messages import DiskChanged
from perfcard_tui.core import edits
from perfcard_tui.core.buffer import DiskChange
from perfcard_tui.core.parse import parse_card

SIZE = (140, 40)


def _on_first_field(ui):
    """``run_before`` for the editor: its first field focused (on a loaded machine the picture
    was once taken while the focus was still on the tree, before the form's widgets were
    built), then everything settled."""

    async def run_before(pilot) -> None:
        await ui.wait_for(
            pilot,
            lambda: ui.field_widget(pilot.app.focused) is not None,
            timeout=10,
            what="the focus in the form",
        )
        await ui.snapshot_ready(pilot)
        # a text area caches its lines by what they show; with blinking stopped, a line drawn
        # while the area was not focused has the same key as the focused one and came back
        # without its cursor (under load, when the focus arrived after the first drawing)
        for area in pilot.app.screen.query(TextArea):
            area.notify_style_update()
            area.refresh()
        await pilot.pause()

    return run_before


def test_editor_on_perf7(snap_compare, perf7: Path, ui) -> None:
    assert snap_compare(ui.make_app(perf7), terminal_size=SIZE, run_before=_on_first_field(ui))


def test_editor_at_80x24(snap_compare, perf7: Path, ui) -> None:
    assert snap_compare(ui.make_app(perf7), terminal_size=(80, 24), run_before=_on_first_field(ui))


def test_help_screen(snap_compare, perf7: Path, ui) -> None:
    async def open_help(pilot) -> None:
        await pilot.press("f1")

    async def run_before(pilot) -> None:
        await ui.snapshot_ready(pilot, open_help)

    assert snap_compare(ui.make_app(perf7), terminal_size=SIZE, run_before=run_before)


def test_conflict_screen(snap_compare, perf7: Path, ui, monkeypatch: pytest.MonkeyPatch) -> None:
    # no waits: the screen opens at once and shows its keys (they come and go with typing)
    monkeypatch.setattr(keystrokes, "PAUSE", 0.0)
    monkeypatch.setattr(keystrokes, "SETTLE", 0.0)

    async def conflict(pilot) -> None:
        app = pilot.app
        assert ui.set_field(app, "performance-issue/estimated-effort", "5 days")
        theirs = parse_card(perf7.read_text())
        field = "current-performance/primary-metric/current-value"
        perf7.write_text(edits.set_field(theirs, field, "400ms (p95)").text)
        app.post_message(DiskChanged(DiskChange.CHANGED))

    async def run_before(pilot) -> None:
        await ui.snapshot_ready(pilot, conflict)

    assert snap_compare(ui.make_app(perf7), terminal_size=SIZE, run_before=run_before)


def test_review_at_80x24(snap_compare, perf7: Path, ui) -> None:
    """Stacked: the status table whole at full width, the page at its top (issue 9)."""
    from perfcard_tui.app.app import PerfCardApp
    from perfcard_tui.app.screens.review import ReviewScreen
    from perfcard_tui.core.buffer import CardBuffer

    async def run_before(pilot) -> None:
        def checked() -> bool:
            screen = pilot.app.screen
            return isinstance(screen, ReviewScreen) and screen.checked

        await ui.wait_for(pilot, checked, timeout=10, what="the review, its rules run")
        await ui.snapshot_ready(pilot)

    app = PerfCardApp(CardBuffer.open(perf7), watch=False, review=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
