"""The review's "ready to start" counts errors: a card with errors is not ready, and before the
rules have reported the summary says it is checking rather than "ready"."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from perfcard_tui.app.app import PerfCardApp
from perfcard_tui.app.screens.review import ReviewScreen
from perfcard_tui.core.buffer import CardBuffer
from perfcard_tui.core.summary import Status


def shown(screen: ReviewScreen) -> str:
    """The summary panel's text, as the terminal would show it."""
    console = Console(width=150, file=io.StringIO(), color_system=None)
    console.print(screen.query_one("#summary", Static).content)
    out = console.file.getvalue()
    assert isinstance(out, str)
    return out


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    (tmp_path / "config" / "perfcard-tui").mkdir(parents=True)
    (tmp_path / "config" / "perfcard-tui" / "settings.json").write_text('{"name": "Ada Test"}')


async def test_review_of_a_card_with_errors_is_not_ready_to_start(tmp_path: Path) -> None:
    card = tmp_path / "PERF-2.md"
    card.write_text("# PERF-2: Bare\n", encoding="utf-8")
    app = PerfCardApp(CardBuffer.open(card), watch=False, review=True)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert screen.checked
        assert screen.summary is not None
        assert screen.summary.findings.errors == 11
        assert screen.summary.status is Status.DRAFT
        assert screen.summary.status_reason == "not ready: 11 errors (missing-section 11)"
        text = shown(screen)
        assert "draft" in text and "not ready: 11 errors" in text
        assert "ready to start" not in text


async def test_review_before_the_rules_report_does_not_say_ready(tmp_path: Path) -> None:
    card = tmp_path / "PERF-2.md"
    card.write_text("# PERF-2: Bare\n", encoding="utf-8")
    app = PerfCardApp(CardBuffer.open(card), watch=False, review=True)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        screen.checked = False  # as when the screen first shows, before the rules have run
        screen.show_findings([])
        text = shown(screen)
        assert "ready to start" not in text and "checking the card" in text
