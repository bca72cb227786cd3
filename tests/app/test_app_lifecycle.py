"""Opening and closing: quitting asks only when it must, new cards, read-only files."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from perfcard_tui.app.screens.confirm import QuitScreen
from perfcard_tui.app.screens.editor import EditorScreen
from perfcard_tui.core import edits
from perfcard_tui.core.parse import parse_card

EFFORT = "performance-issue/estimated-effort"


async def wait_exit(app, timeout: float = 3.0) -> None:
    """Wait for the app to exit (the pilot cannot pause on an app that is closing)."""
    deadline = time.monotonic() + timeout
    while app.return_code is None:
        if time.monotonic() > deadline:
            raise AssertionError("the app did not exit")
        await asyncio.sleep(0.02)


def banner_text(app) -> str:
    banner = app.editor.query_one("#banner")
    return str(banner.render()) if banner.display else ""


def make_dirty(app) -> None:
    app.apply_edit(lambda card: edits.set_field(card, EFFORT, "5 days"), "test edit")


async def test_quit_clean_exits_at_once(perf7: Path, ui) -> None:
    original = perf7.read_bytes()
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("ctrl+q")
        await wait_exit(app)
    assert app.return_code == 0
    assert perf7.read_bytes() == original


async def test_quit_dirty_s_saves_and_exits(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        make_dirty(app)
        mine = app.buffer.card.text
        await pilot.press("ctrl+q")
        await ui.settle(pilot)
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("s")
        await wait_exit(app)
    assert app.return_code == 0
    assert perf7.read_text() == mine


async def test_quit_dirty_escape_stays_then_d_discards_and_exits(perf7: Path, ui) -> None:
    original = perf7.read_bytes()
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        make_dirty(app)
        await pilot.press("ctrl+q")
        await ui.settle(pilot)
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("escape")  # cancel: back to editing, nothing lost
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.return_code is None
        assert app.buffer.dirty and app.buffer.card.field(EFFORT).value == "5 days"
        await pilot.press("ctrl+q")
        await ui.settle(pilot)
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("d")
        await wait_exit(app)
    assert app.return_code == 0
    assert perf7.read_bytes() == original


async def test_missing_path_opens_new_card_and_first_save_creates_it(card_dir: Path, ui) -> None:
    path = card_dir / "PERF-42.md"
    assert not path.exists()
    app = ui.make_app(path)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        assert app.buffer.is_new
        assert "New card" in banner_text(app)
        assert app.sub_title.startswith("new file")
        # the new card has every template section, all of them in the tree, none missing
        tree = app.editor.query_one("#tree")
        keys = [s.key for s in app.buffer.card.sections if s.level and not s.is_title]
        assert keys and list(tree._section_nodes) == keys
        assert app.editor.section_key == keys[0]
        assert not path.exists()  # nothing written until asked
        await ui.save(pilot)
        assert path.is_file()
        assert path.read_bytes() == app.buffer.card.to_bytes()
        assert not app.buffer.is_new and not app.buffer.dirty
        assert app.sub_title == "saved"
        assert banner_text(app) == ""
    saved = parse_card(path.read_text())
    assert saved.title.startswith("PERF-42")


async def test_opening_by_path_shows_the_text_first_then_the_editor(perf7: Path, ui) -> None:
    """The CLI's way in: ``PerfCardApp(path=...)`` parses the card behind a first frame."""
    from perfcard_tui.app.app import FirstFrame, PerfCardApp

    app = PerfCardApp(path=perf7, watch=False)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.wait_for(
            pilot, lambda: isinstance(app.screen, EditorScreen), timeout=5.0, what="the editor"
        )
        await ui.settle(pilot)
        assert not app.query(FirstFrame)  # the placeholder is gone
        assert app.editor.section_key == "performance-issue"
        make_dirty(app)
        await ui.save(pilot)
    assert parse_card(perf7.read_text()).field(EFFORT).value == "5 days"


async def test_read_only_file_shows_banner_and_save_writes_nothing(perf7: Path, ui) -> None:
    perf7.chmod(0o444)
    try:
        if os.access(perf7, os.W_OK):
            pytest.skip("running as root: a 0o444 file is still writable here")
        original = perf7.read_bytes()
        app = ui.make_app(perf7)
        async with app.run_test(size=ui.SIZE) as pilot:
            await ui.settle(pilot)
            assert not app.buffer.writable
            assert "Read-only" in banner_text(app)
            make_dirty(app)
            await ui.save(pilot)
            assert app.buffer.dirty
        assert perf7.read_bytes() == original
    finally:
        perf7.chmod(0o644)


async def test_unwritable_buffer_shows_banner_and_save_writes_nothing(perf7: Path, ui) -> None:
    """The same as above, also as root: the buffer says it cannot be written."""
    original = perf7.read_bytes()
    app = ui.make_app(perf7)
    app.buffer.writable = False
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        assert "Read-only" in banner_text(app)
        assert "read-only" in app.sub_title
        make_dirty(app)
        await ui.save(pilot)
        assert app.buffer.dirty
        assert any("read-only" in str(n.message) for n in app._notifications)
    assert perf7.read_bytes() == original
