"""Pilot tests for issue 4: a session logged entirely by keys; a review mode that never writes."""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from perfcard_tui.app.app import PerfCardApp
from perfcard_tui.app.screens.review import ReviewScreen
from perfcard_tui.app.screens.session_log import SessionLogScreen
from perfcard_tui.core.buffer import CardBuffer
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.sessions import parse_sessions

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_cards"
SEED = REPO.parent / "shared" / "seed"
TODAY = date.today().isoformat()


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    (tmp_path / "config" / "perfcard-tui").mkdir(parents=True)
    (tmp_path / "config" / "perfcard-tui" / "settings.json").write_text('{"name": "Ada Test"}')


def copy_card(tmp_path: Path, name: str, *, crlf: bool = False) -> Path:
    target = tmp_path / "cards" / name
    target.parent.mkdir(exist_ok=True)
    for sample in SAMPLES.glob("*.md"):
        shutil.copy(sample, target.parent)
    data = (SAMPLES / name).read_bytes()
    target.write_bytes(data.replace(b"\n", b"\r\n") if crlf else data)
    return target


async def settle(app: PerfCardApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app is idle: the check that runs once typing pauses (a timer, then a
    worker) has run, and every worker (the rules, the preview's renders) has finished and its
    result has landed, however long that takes (a result may start more work)."""
    await pilot.pause()
    while app.is_running and (
        (app.card is not None and app.card.validation_pending)
        or any(not worker.is_finished for worker in app.workers)
    ):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def log_by_keys(app: PerfCardApp, pilot, after: str) -> None:  # type: ignore[no-untyped-def]
    """ctrl+l, type After, tab to In Progress and Next Session, ctrl+s: no mouse anywhere."""
    await pilot.press("ctrl+l")
    await settle(app, pilot)
    assert isinstance(app.screen, SessionLogScreen)
    await pilot.press(*after)  # After has focus
    await settle(app, pilot)
    await pilot.press("tab", "tab")  # Improvement (computed), then In Progress
    await pilot.press(*"orjson renderer", "enter", *"spike re-run")
    await pilot.press("tab", "tab")  # Issues, then Next Session
    await pilot.press(*"verify payloads", "enter", *"tick Verify correctness")
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def test_session_logged_by_keys_lands_after_the_last_entry(tmp_path: Path) -> None:
    card = copy_card(tmp_path, "PERF-7.md")
    before = card.read_bytes()
    app = PerfCardApp(CardBuffer.open(card), watch=False)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(app, pilot)
        screen_prefill = None
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        screen_prefill = app.screen
        assert isinstance(screen_prefill, SessionLogScreen)
        # prefills: today, the remembered name, Before = the last session's After
        assert screen_prefill.query_one("#date").value == TODAY  # type: ignore[attr-defined]
        assert screen_prefill.query_one("#name").value == "Ada Test"  # type: ignore[attr-defined]
        assert screen_prefill.query_one("#before").value == "240ms (p95)"  # type: ignore[attr-defined]
        await pilot.press(*"200ms (p95)")
        await settle(app, pilot)
        improvement = screen_prefill.query_one("#improvement").value  # type: ignore[attr-defined]
        assert improvement == "16.7% less time, 1.2x faster"
        await pilot.press("escape")  # something was typed: it asks first
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert not isinstance(app.screen, SessionLogScreen)
        await log_by_keys(app, pilot, "200ms (p95)")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    after = card.read_bytes()
    sessions = parse_sessions(parse_card(after.decode()))
    assert [s.date for s in sessions] == ["2026-11-18", "2026-11-21", TODAY]
    new = sessions[-1]
    assert new.name == "Ada Test"
    assert new.metrics == (
        ("Before", "240ms (p95)"),
        ("After", "200ms (p95)"),
        ("Improvement", "16.7% less time, 1.2x faster"),
    )
    assert new.in_progress == ("orjson renderer", "spike re-run")
    assert new.next_steps == ("verify payloads", "tick Verify correctness")
    # only Progress Notes changed: everything before the old last entry's end is identical
    old, new_text = before.decode(), after.decode()
    old_end = parse_sessions(parse_card(old))[-1].span.end
    assert new_text.startswith(old[:old_end])
    assert new_text.endswith(old[old_end:])
    added = new_text[old_end : len(new_text) - len(old) + old_end]
    assert added.startswith(f"\n\n**Session {TODAY} (Ada Test):**")
    assert "📊 **Metrics:**" in added


async def test_first_entry_replaces_the_placeholder_in_a_crlf_card(tmp_path: Path) -> None:
    card = copy_card(tmp_path, "PERF-9.md", crlf=True)
    app = PerfCardApp(CardBuffer.open(card), watch=False)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(app, pilot)
        await log_by_keys(app, pilot, "300ms")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    after = card.read_bytes()
    assert b"\n" not in after.replace(b"\r\n", b"")  # still CRLF only
    sessions = parse_sessions(parse_card(after.decode()))
    assert [s.date for s in sessions] == [TODAY]  # the template's example entry is gone
    assert b"[YYYY-MM-DD]" not in after


@pytest.mark.skipif(not SEED.is_dir(), reason="shared/seed is not beside the repo")
async def test_entry_in_a_mojibake_card_uses_its_spelling(tmp_path: Path) -> None:
    card = tmp_path / "SEED.md"
    shutil.copy(SEED / "perf-template.seed.md", card)
    app = PerfCardApp(CardBuffer.open(card), watch=False)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(app, pilot)
        await log_by_keys(app, pilot, "300ms")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    text = card.read_text("utf-8")
    entry = text[text.index(f"**Session {TODAY}") :]
    assert "üîÑ **In Progress:**" in entry  # 🔄 spelled as the card spells it
    assert "🔄" not in entry


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), os.stat(path).st_mtime_ns


async def test_review_mode_never_writes(tmp_path: Path) -> None:
    card = copy_card(tmp_path, "PERF-7.md")
    original = snapshot(card)
    app = PerfCardApp(CardBuffer.open(card), watch=False, review=True)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        for keys in (["n"], ["N"], ["enter"], ["c"], ["C"], ["f"], ["ctrl+s"], ["ctrl+l"], ["f9"]):
            await pilot.press(*keys)
            await settle(app, pilot)
            assert snapshot(card) == original, f"{keys} changed the file"
            assert isinstance(app.screen, ReviewScreen), f"{keys} left the review"
        enabled = {b.binding.action for b in app.active_bindings.values() if b.enabled}
        assert not enabled & {"save", "log_session", "edit_session", "undo"}
        await pilot.press("ctrl+q")  # quits without asking: there is nothing to save
        await pilot.pause(0.2)
    assert snapshot(card) == original


async def test_review_summary_of_the_sample_cards(tmp_path: Path) -> None:
    expected = {"PERF-7.md": "in progress", "PERF-3.md": "done", "PERF-9.md": "draft"}
    for name, status in expected.items():
        card = copy_card(tmp_path, name)
        app = PerfCardApp(CardBuffer.open(card), watch=False, review=True)
        async with app.run_test(size=(150, 45)) as pilot:
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            assert screen.summary is not None
            assert screen.summary.status.value == status, name
            findings = app.screen.query_one("#findings")
            assert findings.option_count >= 1  # type: ignore[attr-defined]


async def test_editor_switches_to_review_of_the_same_buffer_and_back(tmp_path: Path) -> None:
    card = copy_card(tmp_path, "PERF-7.md")
    app = PerfCardApp(CardBuffer.open(card), watch=False)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(app, pilot)
        app.editor.open_section("performance-issue")
        await settle(app, pilot)
        await pilot.press("tab", "tab", "end", *" (unsaved)")
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        # the review shows the buffer, unsaved edit included
        assert app.card is not None and "(unsaved)" in app.card.card.text
        assert app.screen.query_one("CardPreview").has_rendered(  # type: ignore[attr-defined]
            "performance-issue", "(unsaved)"
        )
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert not isinstance(app.screen, ReviewScreen)


async def test_review_n_jumps_to_a_findings_section_and_line(tmp_path: Path) -> None:
    card = copy_card(tmp_path, "PERF-9.md")
    app = PerfCardApp(CardBuffer.open(card), watch=False, review=True)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        preview = screen.query_one("CardPreview")
        for _ in range(40):  # a finding deep in the card
            await pilot.press("n")
        await settle(app, pilot)
        finding = screen.findings[39]
        lines = preview.section_lines(finding.section_key)  # type: ignore[attr-defined]
        assert lines, "the finding's section is not in the preview"
        assert screen.section_key == finding.section_key
        assert lines.start <= preview.scroll_offset.y + 2 and preview.scroll_offset.y < lines.stop


async def tick_by_keys(app: PerfCardApp, pilot, path: str) -> None:  # type: ignore[no-untyped-def]
    """Go to a checklist item (as F4 and the palette do) and tick it with space."""
    from perfcard_tui.app.widgets.fields import CheckFieldWidget

    def on_the_box() -> bool:
        focused = app.focused
        holder = next(
            (a for a in (focused.ancestors if focused else ()) if isinstance(a, CheckFieldWidget)),
            None,
        )
        return holder is not None and holder.field.path == path

    assert app.card is not None
    app.editor.goto(app.card.card.section_of(path).key, path)
    await settle(app, pilot)
    deadline = time.monotonic() + 5
    while not on_the_box():
        assert time.monotonic() < deadline, f"the focus never reached {path}: {app.focused}"
        await pilot.pause(0.02)
    await pilot.press("space")
    await settle(app, pilot)
    assert app.card.card.field(path).checked, path


async def test_completed_lists_the_work_ticked_since_each_with_its_group(tmp_path: Path) -> None:
    """Phase 2 holds "Implement optimization" for each optimization: the second is not hidden
    by the first; prerequisites, tools and success criteria ticked meanwhile are no work done."""
    card = copy_card(tmp_path, "PERF-7.md")
    card.write_bytes(
        card.read_bytes()
        .replace(b"- [x] Root cause is understood", b"- [ ] Root cause is understood")
        .replace(b"- [x] Profiling tools", b"- [ ] Profiling tools")
    )
    phase2 = "implementation/phase-2-optimization"
    app = PerfCardApp(CardBuffer.open(card), watch=False)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(app, pilot)
        for path in (
            "prerequisites/do-not-start-this-card-unless/root-cause-is-understood",
            f"{phase2}/compact-orjson-renderer/implement-optimization",
            "prerequisites/required-tools/profiling-tools",
            f"{phase2}/eliminate-n1-queries-in-orderserializer/verify-correctness",
            "benchmarking/success-criteria/performance-improvement-consistent-across-scenarios",
        ):
            await tick_by_keys(app, pilot, path)
        screen = await open_session_form(app, pilot)
        assert screen.query_one("#completed", TextArea).text == (
            "Eliminate N+1 queries in OrderSerializer: Verify correctness\n"
            "Compact orjson renderer: Implement optimization"
        )
        await pilot.press(*"200ms")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert parse_sessions(app.card.card)[-1].completed == (
            "Eliminate N+1 queries in OrderSerializer: Verify correctness",
            "Compact orjson renderer: Implement optimization",
        )
        # logged: the next session starts from here
        await tick_by_keys(app, pilot, f"{phase2}/compact-orjson-renderer/measure-impact")
        screen = await open_session_form(app, pilot)
        completed = screen.query_one("#completed", TextArea).text
        assert completed == "Compact orjson renderer: Measure impact"


# -- the session form goes through the gate: a refusal keeps the form open, with what was typed


async def open_session_form(app: PerfCardApp, pilot) -> SessionLogScreen:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+l")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, SessionLogScreen)
    return screen


def form_error(screen: SessionLogScreen) -> str:
    """The one line the form shows under its fields."""
    return str(screen.query_one("#error", Static).render())


async def test_session_form_refuses_notes_that_start_a_heading_and_keeps_them(
    tmp_path: Path,
) -> None:
    card = copy_card(tmp_path, "PERF-7.md")
    on_disk = card.read_bytes()
    app = PerfCardApp(CardBuffer.open(card), watch=False)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(app, pilot)
        assert app.card is not None
        text = app.card.card.text
        screen = await open_session_form(app, pilot)
        await pilot.press(*"200ms")  # After has focus
        notes = screen.query_one("#notes", TextArea)
        notes.focus()
        await pilot.press(*"cache", "space", *"warm", "enter", *"##", "space", *"Evil")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen, "a refusal closed the form"
        assert app.card.card.text == text
        error = form_error(screen)
        assert error.startswith("Performance Notes: line 2 ('## Evil') would start")
        assert "\n" not in error
        assert notes.text == "cache warm\n## Evil"  # nothing typed is lost
        assert screen.query_one("#after", Input).value == "200ms"
        assert app.focused is notes
        notes.load_text("cache warm\nEvil averted")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, SessionLogScreen)
        new = parse_sessions(app.card.card)[-1]
        assert new.date == TODAY
        assert new.notes == "cache warm\nEvil averted"
        assert new.metric("After") == "200ms"
        assert "## Evil" not in app.card.card.text
    assert card.read_bytes() == on_disk  # logged in the buffer; ctrl+s saves


async def test_session_form_refuses_a_negative_after(tmp_path: Path) -> None:
    card = copy_card(tmp_path, "PERF-7.md")
    app = PerfCardApp(CardBuffer.open(card), watch=False)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(app, pilot)
        assert app.card is not None
        text = app.card.card.text
        screen = await open_session_form(app, pilot)
        await pilot.press(*"-5ms")
        notes = screen.query_one("#notes", TextArea)
        notes.insert("kept")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert app.card.card.text == text
        assert form_error(screen) == "After: a time cannot be negative ('-5ms')"
        after = screen.query_one("#after", Input)
        assert after.value == "-5ms" and notes.text == "kept"
        assert app.focused is after


async def test_session_form_refuses_an_escape_character_in_the_notes(tmp_path: Path) -> None:
    card = copy_card(tmp_path, "PERF-7.md")
    app = PerfCardApp(CardBuffer.open(card), watch=False)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(app, pilot)
        assert app.card is not None
        text = app.card.card.text
        screen = await open_session_form(app, pilot)
        await pilot.press(*"200ms")
        notes = screen.query_one("#notes", TextArea)
        notes.insert("red \x1b[31malert")  # pasted terminal output: pilot cannot type ESC
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert app.card.card.text == text
        error = form_error(screen)
        assert error.startswith("Performance Notes: holds U+001B (ESC), a control character")
        assert "\x1b" not in error
        assert notes.text == "red \x1b[31malert"
        assert app.focused is notes


async def test_an_entry_the_cards_own_check_refuses_keeps_the_form_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gate's last check (inserting the entry into the card as it is now) runs before the
    form closes: should it refuse what the rules let through, nothing typed is lost."""
    from perfcard_tui.core import gate

    def refuse(card, entry):  # type: ignore[no-untyped-def]
        raise gate.Refused("Performance Notes: the value would change the session entries")

    monkeypatch.setattr(gate, "log_session", refuse)
    card = copy_card(tmp_path, "PERF-7.md")
    app = PerfCardApp(CardBuffer.open(card), watch=False)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(app, pilot)
        assert app.card is not None
        text = app.card.card.text
        screen = await open_session_form(app, pilot)
        await pilot.press(*"200ms")
        notes = screen.query_one("#notes", TextArea)
        notes.insert("typed and kept")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert app.card.card.text == text
        assert form_error(screen).startswith("Performance Notes: the value would change")
        assert notes.text == "typed and kept"
