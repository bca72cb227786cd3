"""Opening and closing: quitting asks only when it must, new cards, read-only files."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from perfcard_tui.app import keystrokes, open_card, recovery
from perfcard_tui.app.app import PerfCardApp
from perfcard_tui.app.screens.confirm import QuitScreen, RecoverScreen
from perfcard_tui.app.screens.editor import EditorScreen
from perfcard_tui.app.widgets.first_frame import FirstFrame
from perfcard_tui.app.widgets.section_tree import SectionTree
from perfcard_tui.core import store
from perfcard_tui.core.buffer import CardBuffer
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.validate import validate

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


def make_dirty(app, ui) -> None:
    assert ui.set_field(app, EFFORT, "5 days")


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
        make_dirty(app, ui)
        mine = app.card.card.text
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
        make_dirty(app, ui)
        await pilot.press("ctrl+q")
        await ui.settle(pilot)
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("escape")  # cancel: back to editing, nothing lost
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.return_code is None
        assert app.card.dirty and app.card.card.field(EFFORT).value == "5 days"
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
        assert app.card.buffer.is_new
        assert "New card" in banner_text(app)
        assert app.sub_title.startswith("new file")
        # the new card has every template section, all of them in the tree, none missing
        tree = app.editor.query_one(SectionTree)
        keys = [s.key for s in app.card.card.sections if s.level and not s.is_title]
        assert keys and tree.section_keys == keys
        template = app.card.template
        assert not [t.key for t in template.sections if tree.node_for(t.key, missing=True)]
        assert app.editor.section_key == keys[0]
        assert not path.exists()  # nothing written until asked
        await ui.save(pilot)
        assert path.is_file()
        assert path.read_bytes() == app.card.card.to_bytes()
        assert not app.card.buffer.is_new and not app.card.dirty
        assert app.sub_title == "saved"
        assert banner_text(app) == ""
    saved = parse_card(path.read_text())
    assert saved.title.startswith("PERF-42")


async def test_opening_by_path_shows_the_text_first_then_the_editor(perf7: Path, ui) -> None:
    """The CLI's way in: ``PerfCardApp(path=...)`` parses the card behind a first frame."""
    app = PerfCardApp(path=perf7, watch=False)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.wait_for(
            pilot, lambda: isinstance(app.screen, EditorScreen), timeout=5.0, what="the editor"
        )
        await ui.settle(pilot)
        assert not app.query(FirstFrame)  # the placeholder is gone
        assert app.editor.section_key == "performance-issue"
        make_dirty(app, ui)
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
            assert not app.card.buffer.writable
            assert "Read-only" in banner_text(app)
            make_dirty(app, ui)
            await ui.save(pilot)
            assert app.card.dirty
        assert perf7.read_bytes() == original
    finally:
        perf7.chmod(0o644)


async def test_unwritable_buffer_shows_banner_and_save_writes_nothing(perf7: Path, ui) -> None:
    """The same as above, also as root: the buffer says it cannot be written."""
    original = perf7.read_bytes()
    buffer = CardBuffer.open(perf7)
    buffer.writable = False
    app = PerfCardApp(buffer, watch=False)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        assert "Read-only" in banner_text(app)
        assert "read-only" in app.sub_title
        make_dirty(app, ui)
        await ui.save(pilot)
        assert app.card.dirty
        assert any("read-only" in n.text for n in ui.notices(app))
    assert perf7.read_bytes() == original


def open_slowly(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Hold the card's parse (in the opening worker) until the returned event is set: keys
    pressed meanwhile surely arrive while only the first frame is on screen."""
    opened = threading.Event()
    real_open = CardBuffer.open

    def slow_open(path, template=None, *, text=None):  # type: ignore[no-untyped-def]
        assert opened.wait(5.0), "the test never let the card open"
        return real_open(path, template, text=text)

    monkeypatch.setattr(CardBuffer, "open", slow_open)
    return opened


async def type_while_opening(pilot, ui, opened: threading.Event, *keys: str) -> None:
    app = pilot.app
    await pilot.press(*keys)
    assert app.card is None and app.query(FirstFrame)  # still opening: the keys are held
    opened.set()
    await ui.wait_for(
        pilot, lambda: isinstance(app.screen, EditorScreen), timeout=5.0, what="the editor"
    )
    await ui.settle(pilot)


CURRENT = "current-performance/primary-metric/current-value"


async def test_keys_typed_while_the_card_opens_land_in_the_goto_field(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing starts before the editor exists: the app holds the keys and replays them, in
    order, into the field ``--goto`` focuses."""
    opened = open_slowly(monkeypatch)
    app = PerfCardApp(path=perf7, text=store.read_card(perf7), goto="current-value", watch=False)
    async with app.run_test(size=ui.SIZE) as pilot:
        await type_while_opening(pilot, ui, opened, *"!?x")
        assert app.editor.section_key == "current-performance/primary-metric"
        owner = ui.field_widget(app.focused)
        assert isinstance(app.focused, Input) and owner is not None
        assert owner.field.path == CURRENT
        assert app.focused.value == "420ms (p95)!?x"
        assert app.card.card.field(CURRENT).value == "420ms (p95)!?x"
        # nothing else was typed into: only that field differs from the file
        on_disk = perf7.read_text()
        assert app.card.card.text == on_disk.replace("420ms (p95)", "420ms (p95)!?x", 1)
        assert app.card.dirty


async def test_a_correction_typed_while_the_card_opens_is_replayed_in_order(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = open_slowly(monkeypatch)
    app = PerfCardApp(path=perf7, text=store.read_card(perf7), goto="current-value", watch=False)
    async with app.run_test(size=ui.SIZE) as pilot:
        await type_while_opening(pilot, ui, opened, "a", "b", "backspace", "c")
        assert app.card.card.field(CURRENT).value == "420ms (p95)ac"


async def test_a_failing_rule_does_not_end_the_app(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A bug in a validation rule (a worker) is reported once per run, logged, and editing and
    saving go on."""

    def broken_rules(card, template, stems, path, **_):  # type: ignore[no-untyped-def]
        raise RuntimeError("a rule exploded")

    monkeypatch.setattr(open_card, "run_rules", broken_rules)
    log = tmp_path / "state" / "perfcard-tui" / "errors.log"
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        at_open = len([n for n in ui.notices(app) if n.severity == "error"])
        await ui.focus_field(pilot, EFFORT)
        await pilot.press("end")
        await ui.type_text(pilot, " + QA")
        await ui.settle(pilot)
        assert app.is_running and app.return_code is None
        errors = [n for n in ui.notices(app) if n.severity == "error"]
        assert len(errors) > at_open, "the failure after typing was not reported"
        notice = errors[-1]
        assert "RuntimeError: a rule exploded" in notice.text
        assert "please report" in notice.text.lower()
        assert str(log) in notice.text
        assert "Traceback" in log.read_text() and "a rule exploded" in log.read_text()
        # the text is kept: the buffer as typed, and its recovery copy written at once
        assert app.card.card.field(EFFORT).value == "3-4 days + QA"
        assert recovery.read(perf7) == app.card.card.to_bytes()
        # editing goes on, and ctrl+s saves
        await ui.type_text(pilot, "!")
        await ui.settle(pilot)
        assert app.card.card.field(EFFORT).value == "3-4 days + QA!"
        await ui.save(pilot)
        assert not app.card.dirty and app.sub_title == "saved"
        assert app.is_running
    assert parse_card(perf7.read_text()).field(EFFORT).value == "3-4 days + QA!"


# -- a crashed session's copy ---------------------------------------------------------------------


async def test_a_word_typed_on_at_the_recovery_offer_chooses_nothing(perf7: Path, ui) -> None:
    """The offer opens by itself once typing pauses; a word typed into it (its letters do not
    stand apart) neither recovers nor sets aside; a deliberate key later does."""
    crashed = perf7.read_bytes().replace(b"3-4 days", b"3-4 days (crashed)", 1)
    recovery.write(perf7, [crashed])
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.wait_for(pilot, lambda: isinstance(app.screen, RecoverScreen), timeout=4)
        # the word as a terminal sends it: four keys at once (pilot.press waits for each to be
        # handled, and on a loaded machine that spread the letters past SETTLE)
        for letter in "done":
            app.post_message(events.Key(letter, letter))
        await ui.settle(pilot)
        assert isinstance(app.screen, RecoverScreen)
        assert recovery.read(perf7) == crashed
        assert not app.card.dirty
        await ui.wait_for(pilot, lambda: "Set aside (d)" in ui.button_labels(app.screen), timeout=3)
        await pilot.press("r")  # on its own, after a moment, and nothing after it: a choice
        await ui.wait_for(
            pilot,
            lambda: app.card.card.field(EFFORT).value == "3-4 days (crashed)",
            what="the recovered text",
        )


async def test_setting_a_recovery_copy_aside_keeps_it_in_a_file(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keystrokes, "PAUSE", 0.0)
    monkeypatch.setattr(keystrokes, "SETTLE", 0.0)
    monkeypatch.setattr(keystrokes, "ALONE", 0.0)
    crashed = perf7.read_bytes().replace(b"3-4 days", b"3-4 days (crashed)", 1)
    recovery.write(perf7, [crashed])
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.wait_for(pilot, lambda: isinstance(app.screen, RecoverScreen))
        await ui.settle(pilot)  # a key counts from when the dialog is up, not while it comes
        await pilot.press("d")

        def kept() -> list[str]:
            return [n.text for n in ui.notices(app) if "Set aside the recovered text" in n.text]

        await ui.wait_for(pilot, lambda: bool(kept()))
        path = Path(kept()[0].split("kept in ", 1)[1])
        assert path.read_bytes() == crashed
        assert recovery.read(perf7) is None
        assert app.card.recovery_settled and not app.card.dirty


def test_rules_reading_an_outdated_card_stop_at_the_next_section(perf7: Path) -> None:
    """A thread cannot be stopped from outside: the check of a card typed on since stops
    itself, at the next section it reads, instead of reading the rest beside the next check."""
    buffer = CardBuffer.open(perf7)
    asked = 0

    def outdated() -> bool:
        nonlocal asked
        asked += 1
        return asked >= 3  # typed on while the rules read the third section

    with pytest.raises(open_card.Outdated):
        open_card.run_rules(
            buffer.card, buffer.template, frozenset(), perf7.resolve(), outdated=outdated
        )
    assert asked == 3
    assert len(buffer.card.sections) > 10  # so the rest was left unread

    # a card not typed on is read whole, every section asked about, with the rules' findings
    asked = 0

    def never() -> bool:
        nonlocal asked
        asked += 1
        return False

    card, template, path = buffer.card, buffer.template, perf7.resolve()
    findings = open_card.run_rules(card, template, frozenset(), path, outdated=never)
    assert asked == len(card.sections)
    assert findings == validate(card, template, stems=frozenset(), path=path)
