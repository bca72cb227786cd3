"""The file on disk: reloads, conflicts (take disk / keep mine / merge), own saves, the watcher.

Most tests build the app with ``watch=False`` and post the ``DiskChanged`` message themselves,
which is exactly what the watcher does once it has decided the card changed: deterministic and
fast. One test runs the real watcher.

The conflict screen opens by itself, so it waits for typing to pause and takes a letter only when
it stands apart (``app/keystrokes.py``). Most tests here are about what each choice does, and set
both waits to zero (``no_waits``); the waits themselves are tested at the end, with their real
lengths, and in the real terminal (tests/terminal).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Select

from perfcard_tui.app import keystrokes, recovery
from perfcard_tui.app.messages import DiskChanged
from perfcard_tui.app.screens.conflict import ConflictScreen
from perfcard_tui.app.screens.editor import EditorScreen
from perfcard_tui.app.widgets.section_form import SectionForm
from perfcard_tui.core import edits, store
from perfcard_tui.core.buffer import DiskChange
from perfcard_tui.core.parse import parse_card

CURRENT = "current-performance/primary-metric/current-value"
TARGET = "current-performance/primary-metric/target-value"
EFFORT = "performance-issue/estimated-effort"
TOOL = "benchmarking/benchmark-setup/tool"


@pytest.fixture(autouse=True)
def no_waits(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "real_waits" not in request.keywords:
        monkeypatch.setattr(keystrokes, "PAUSE", 0.0)
        monkeypatch.setattr(keystrokes, "SETTLE", 0.0)
        monkeypatch.setattr(keystrokes, "ALONE", 0.0)


def write_field(path: Path, field: str, value: str) -> str:
    """Another program changes one field of the card on disk; returns the new text."""
    card = parse_card(path.read_bytes().decode())
    text = edits.set_field(card, field, value).text
    path.write_bytes(text.encode())
    return text


def before_each_write(monkeypatch: pytest.MonkeyPatch, then: Callable[[Path], None]) -> None:
    """Every save's write of the card calls ``then`` first (which may hold it, or raise)."""
    write_atomic = store.write_atomic

    def write(path: Path, chunks: Iterable[str]) -> str:
        then(path)
        return write_atomic(path, chunks)

    monkeypatch.setattr(store, "write_atomic", write)


def form_values(app) -> list[str]:
    return [box.value for box in app.editor.query_one("#form").query(Input)]


def edit_mine(app, ui, field: str, value: str) -> None:
    """The user's own edit, as the form widgets ask for it."""
    assert ui.set_field(app, field, value)


async def open_conflict(pilot, ui, perf7: Path) -> ConflictScreen:
    app = pilot.app
    app.post_message(DiskChanged(DiskChange.CHANGED))
    await ui.settle(pilot)
    assert isinstance(app.screen, ConflictScreen)
    return app.screen


async def test_external_write_to_clean_buffer_reloads_in_place(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.editor.open_section("current-performance/primary-metric")
        await ui.settle(pilot)
        assert "420ms (p95)" in form_values(app)
        theirs = write_field(perf7, CURRENT, "400ms (p95)")
        assert app.card.buffer.disk_change() is DiskChange.CHANGED
        app.post_message(DiskChanged(DiskChange.CHANGED))
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)  # no question asked
        assert app.card.card.text == theirs
        assert not app.card.dirty
        assert app.card.buffer.disk_change() is DiskChange.NONE
        assert app.editor.section_key == "current-performance/primary-metric"  # kept
        assert "400ms (p95)" in form_values(app)
        assert any("Reloaded" in n.text for n in ui.notices(app))


async def test_a_reload_that_renames_the_open_section_opens_the_one_above_it(
    perf7: Path, ui
) -> None:
    """The file changed on disk and the section being shown is gone (renamed elsewhere): the
    form shows a section the card has, and what is typed goes into the card (the form kept
    the vanished section's widgets, and every key was refused)."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, CURRENT)
        theirs = perf7.read_text().replace("### Primary Metric", "### Main Metric", 1)
        perf7.write_text(theirs)
        app.post_message(DiskChanged(DiskChange.CHANGED))
        await ui.settle(pilot)
        assert app.card.card.text == theirs
        assert app.editor.section_key == "current-performance"
        assert app.editor.query_one(SectionForm).section_key == "current-performance"
        await ui.focus_field(pilot, "current-performance/main-metric/current-value")
        await pilot.press("end", "!")
        await ui.settle(pilot)
        assert "**Current Value**: 420ms (p95)!" in app.card.card.text


async def test_external_write_to_dirty_buffer_asks_and_d_takes_disk(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, EFFORT)
        await pilot.press("end", "!")  # typed: the buffer is dirty
        await ui.settle(pilot)
        mine = app.card.card.text
        theirs = write_field(perf7, CURRENT, "400ms (p95)")
        screen = await open_conflict(pilot, ui, perf7)
        assert app.card.card.text == mine  # nothing replaced while the question is open
        assert perf7.read_text() == theirs
        assert not screen.plan.conflicts  # different sections: a merge would keep both
        await pilot.press("escape")  # decide later: nothing changes
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.card.card.text == mine and perf7.read_text() == theirs
        # the next event asks again; take disk replaces the buffer with the file
        await open_conflict(pilot, ui, perf7)
        await pilot.press("d")
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.card.card.text == theirs
        assert not app.card.dirty
        assert perf7.read_text() == theirs
        assert app.editor.query_one("#form").query(Input).first().value  # form rebuilt, alive
        assert "3-4 days" in form_values(app)  # the typed "!" is gone from the form too

        # ...but not lost: kept in a dated file (the notice says where) and one ctrl+z away
        def set_aside() -> list[str]:
            return [n.text for n in ui.notices(app) if "Set aside your version" in n.text]

        await ui.wait_for(pilot, lambda: bool(set_aside()))
        path = Path(set_aside()[0].split("kept in ", 1)[1].split(";", 1)[0])
        assert path.read_text() == mine
        await pilot.press("ctrl+z")
        await ui.settle(pilot)
        assert app.card.card.text == mine and app.card.dirty
        await ui.save(pilot)  # the disk's version was seen: saving yours over it is on purpose
        assert perf7.read_text() == mine


async def test_conflict_keep_mine_then_save_overwrites_disk(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        edit_mine(app, ui, EFFORT, "5 days")
        mine = app.card.card.text
        theirs = write_field(perf7, CURRENT, "400ms (p95)")
        await open_conflict(pilot, ui, perf7)
        await pilot.press("k")
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.card.card.text == mine
        assert app.card.dirty
        assert perf7.read_text() == theirs  # keeping mine does not write by itself
        await ui.save(pilot)
        assert isinstance(app.screen, EditorScreen)  # the save is on purpose: no new conflict
        assert perf7.read_text() == mine


async def test_a_change_on_disk_while_the_question_is_open_is_asked_about_after_it(
    perf7: Path, ui
) -> None:
    """The file changed again while the conflict screen was up: once the person has chosen, the
    newer version is compared in turn (it was kept as asked-about for good, and from then on no
    change on disk was ever asked about and ctrl+s did nothing)."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        edit_mine(app, ui, EFFORT, "5 days")
        mine = app.card.card.text
        write_field(perf7, CURRENT, "400ms (p95)")
        await open_conflict(pilot, ui, perf7)
        newer = write_field(perf7, TARGET, "150ms (p95)")
        app.post_message(DiskChanged(DiskChange.CHANGED))
        await ui.settle(pilot)
        await pilot.press("k")  # mine, over the version the screen showed
        await ui.settle(pilot)
        # asked again, about the newer one
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("k")
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.card.card.text == mine and perf7.read_text() == newer
        await ui.save(pilot)  # seen, so saving over it is on purpose
        assert isinstance(app.screen, EditorScreen)
        assert perf7.read_text() == mine


async def test_conflict_merge_different_sections_keeps_both(perf7: Path, ui) -> None:
    original = parse_card(perf7.read_text())
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        edit_mine(app, ui, EFFORT, "5 days")
        write_field(perf7, CURRENT, "400ms (p95)")
        screen = await open_conflict(pilot, ui, perf7)
        assert not screen.plan.conflicts and not screen.plan.structural
        await pilot.press("m")
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        card = app.card.card
        assert card.field(EFFORT).value == "5 days"
        assert card.field(CURRENT).value == "400ms (p95)"
        assert app.card.dirty  # merged, not saved yet
        await ui.save(pilot)
        assert isinstance(app.screen, EditorScreen)
    saved = parse_card(perf7.read_text())
    assert saved.field(EFFORT).value == "5 days"
    assert saved.field(CURRENT).value == "400ms (p95)"
    # both splices, nothing else: the merge is by sections of text, not a re-render
    expected = edits.set_field(edits.set_field(original, EFFORT, "5 days"), CURRENT, "400ms (p95)")
    assert perf7.read_text() == expected.text


async def test_conflict_merge_same_section_asks_per_section(perf7: Path, ui) -> None:
    original = parse_card(perf7.read_text())
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        # both sides change Primary Metric and Benchmark Setup; only the disk changes the effort
        edit_mine(app, ui, CURRENT, "390ms (p95)")
        edit_mine(app, ui, TOOL, "k6 v0.55")
        disk = edits.set_field(original, TARGET, "170ms (p95)")
        disk = edits.set_field(disk, TOOL, "locust 2.31")
        disk = edits.set_field(disk, EFFORT, "4 days")
        perf7.write_text(disk.text)
        screen = await open_conflict(pilot, ui, perf7)
        assert screen.plan.conflicts == [
            "current-performance/primary-metric",
            "benchmarking/benchmark-setup",
        ]
        await pilot.press("m")  # shows a choice per colliding section
        await ui.settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        picks = list(screen.query(Select))
        assert len(picks) == 2 and all(pick.value == "mine" for pick in picks)
        picks[1].value = "theirs"  # Benchmark Setup: take the disk's
        await pilot.pause()
        await pilot.press("m")  # apply
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        card = app.card.card
        assert card.field(CURRENT).value == "390ms (p95)"  # mine, chosen
        assert card.field(TARGET).value == "180ms (p95)"  # same section: mine wins whole
        assert card.field(TOOL).value == "locust 2.31"  # theirs, chosen
        assert card.field(EFFORT).value == "4 days"  # only the disk changed it: kept


async def test_own_save_never_prompts_but_unannounced_disk_change_stops_a_save(
    perf7: Path, ui
) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        edit_mine(app, ui, EFFORT, "5 days")
        await ui.save(pilot)
        assert not app.card.dirty
        change = app.card.buffer.disk_change()
        assert change is DiskChange.NONE  # our own write hashes as what we have
        # what the watcher would post for the event (it skips NONE): nothing happens
        app.post_message(DiskChanged(change))
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert len(app.screen_stack) == 2  # default screen + editor, nothing pushed
        perf7.write_bytes(perf7.read_bytes())  # a touch (same bytes, new mtime) is no change
        assert app.card.buffer.disk_change() is DiskChange.NONE
        # another program writes, the watcher has not told yet, and the user saves
        edit_mine(app, ui, EFFORT, "6 days")
        theirs = write_field(perf7, CURRENT, "400ms (p95)")
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert isinstance(app.screen, ConflictScreen)  # asks instead of overwriting
        assert perf7.read_text() == theirs
        assert app.card.dirty and app.card.card.field(EFFORT).value == "6 days"


class HeldWrites:
    """Every save's write of the card waits for :attr:`go_on` (5 s at most); the names written
    are noted, and :attr:`writing` is set once one is held."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.writing, self.go_on = threading.Event(), threading.Event()
        self.names: list[str] = []
        before_each_write(monkeypatch, self._hold)

    def _hold(self, path: Path) -> None:
        self.names.append(path.name)
        self.writing.set()
        self.go_on.wait(5)


async def a_save_held(pilot, ui, held: HeldWrites) -> None:  # type: ignore[no-untyped-def]
    """Typed in Estimated Effort, ctrl+s, and that save's write held."""
    app = pilot.app
    await ui.settle(pilot)
    edit_mine(app, ui, EFFORT, "5 days")
    assert app.card.save()
    await ui.wait_for(pilot, held.writing.is_set, what="the first save writing")


async def test_a_save_asked_for_while_one_is_writing_waits_for_it(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+s twice: the second save starts once the first has written. Two at once, one hashed
    the file between the other's write and its note of what it wrote, and asked about a change
    on disk that was its own."""
    held = HeldWrites(monkeypatch)
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await a_save_held(pilot, ui, held)
        assert app.card.save()  # while the first is held
        for _ in range(5):
            await pilot.pause()
        assert held.names == ["PERF-7.md"], "a second save wrote while the first was writing"
        held.go_on.set()
        await ui.wait_for(pilot, lambda: len(held.names) == 2, what="the second save")
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)  # no question about our own write
        assert perf7.read_text() == app.card.card.text and not app.card.dirty


async def test_save_and_quit_asked_for_while_a_save_is_writing_saves_then_quits(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+s, then "save and quit" while that save is writing: the second save runs after the
    first, with what was typed meanwhile, and then the app ends."""
    held = HeldWrites(monkeypatch)
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await a_save_held(pilot, ui, held)
        edit_mine(app, ui, EFFORT, "6 days")  # typed while it writes
        assert app.card.save(then_quit=True)
        held.go_on.set()
        await ui.wait_for(pilot, lambda: app.return_code is not None, 5, "the app to end")
    assert app.return_code == 0
    assert "**Estimated Effort**: 6 days" in perf7.read_text()


async def test_a_recovery_copy_written_while_a_save_clears_it_is_not_left_behind(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy of the dirty buffer (the once-a-second tick) was being written when ctrl+s saved
    and removed the copy: the write landed after the removal, and the saved card kept a stale
    copy, offered back at the next crash. The last state asked for lands last.

    The copy's write here waits (a second at most) for the save's removal: that removal came
    first when nothing kept them in order; kept in order, it waits for the write."""
    writing, cleared = threading.Event(), threading.Event()
    write, clear = recovery.write, recovery.clear

    def write_after_the_removal(card: Path, chunks: Iterable[bytes]) -> None:
        writing.set()
        cleared.wait(1.0)
        write(card, chunks)

    def noted_clear(card: Path) -> None:
        clear(card)
        cleared.set()

    monkeypatch.setattr(recovery, "write", write_after_the_removal)
    monkeypatch.setattr(recovery, "clear", noted_clear)
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        edit_mine(app, ui, EFFORT, "5 days")
        cleared.clear()  # (the look for an old session's copy, at the start, removed none)
        app.card.write_swap()
        await ui.wait_for(pilot, writing.is_set, what="the copy being written")
        assert app.card.save()
        await ui.wait_for(pilot, lambda: not app.card.dirty, 5, "the save")
        await ui.settle(pilot)
        await app.workers.wait_for_complete()
        assert perf7.read_text() == app.card.card.text
        assert not recovery.swap_path(perf7).exists(), "a stale recovery copy was left"


async def test_a_save_that_fails_unforeseen_leaves_saving_possible(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save whose worker raises what no one foresaw says the card was not saved, and the next
    ctrl+s saves (a save waits for the one writing: one that never finished must not count)."""
    failures = [RuntimeError("the disk said no, oddly")]

    def fail_once(_: Path) -> None:
        if failures:
            raise failures.pop()

    before_each_write(monkeypatch, fail_once)
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        edit_mine(app, ui, EFFORT, "5 days")
        await ui.save(pilot)
        assert any("was not saved" in n.text for n in ui.notices(app))
        assert app.card.dirty and "5 days" not in perf7.read_text()
        await ui.save(pilot)
        assert not app.card.dirty and perf7.read_text() == app.card.card.text


async def test_deleted_file_keeps_buffer_and_save_recreates(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        mine = app.card.card.text
        perf7.unlink()
        assert app.card.buffer.disk_change() is DiskChange.DELETED
        app.post_message(DiskChanged(DiskChange.DELETED))
        await ui.settle(pilot)
        assert app.card.card.text == mine
        banner = app.editor.query_one("#banner")
        assert banner.display and "deleted" in str(banner.render())
        await ui.save(pilot)
        assert perf7.read_text() == mine


async def test_real_watcher_reloads_external_write(perf7: Path, ui) -> None:
    app = ui.make_app(perf7, watch=True)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.pause(0.3)  # let watchfiles start watching the folder
        app.editor.open_section("current-performance/primary-metric")
        await ui.settle(pilot)
        # our own save comes back as a file event: it must not reload or ask
        edit_mine(app, ui, TARGET, "175ms (p95)")
        await ui.save(pilot)
        await pilot.pause(0.4)
        assert isinstance(app.screen, EditorScreen)
        assert not any("Reloaded" in n.text for n in ui.notices(app))
        # another program writes: the clean buffer reloads within the budget
        theirs = write_field(perf7, CURRENT, "401ms (p95)")
        deadline = time.monotonic() + 3.0
        while app.card.card.text != theirs and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert app.card.card.text == theirs, "the watcher did not reload within 3 s"
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.editor.section_key == "current-performance/primary-metric"
        assert "401ms (p95)" in form_values(app)


# -- the waits, at their real lengths ----------------------------------------------------------


@pytest.mark.real_waits
async def test_conflict_waits_for_typing_to_pause_and_a_word_typed_on_chooses_nothing(
    perf7: Path, ui
) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, EFFORT)
        await pilot.press("end", "!")
        write_field(perf7, CURRENT, "400ms (p95)")
        app.post_message(DiskChanged(DiskChange.CHANGED))
        await pilot.press("x")  # typing goes on: the screen waits, the keys land in the card
        await ui.settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert "3-4 days!x" in form_values(app)
        await ui.wait_for(pilot, lambda: isinstance(app.screen, ConflictScreen))
        mine = app.card.card.text
        # the word as a terminal sends it: four keys at once (pilot.press waits for each to be
        # handled, and on a loaded machine that spread the letters past SETTLE)
        for letter in "done":
            app.post_message(
                events.Key(letter, letter)
            )  # a word typed into it: no letter stands apart
        await ui.settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert app.card.card.text == mine


@pytest.mark.real_waits
async def test_a_words_first_letter_handled_before_the_rest_has_come_chooses_nothing(
    perf7: Path, ui
) -> None:
    """``done`` typed at the conflict screen once its keys show: the ``d`` stands apart from the
    keys before it, and the app may handle it before the rest of the word has reached it (the
    terminal's bytes read in two goes). The rest of the word still keeps it from choosing; a
    letter left alone chooses."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, EFFORT)
        await pilot.press("end", "!")  # unsaved: a change on disk is a conflict
        write_field(perf7, CURRENT, "400ms (p95)")
        app.post_message(DiskChanged(DiskChange.CHANGED))
        await ui.wait_for(
            pilot, lambda: isinstance(app.screen, ConflictScreen), 3, "the conflict screen"
        )
        screen = app.screen
        await ui.wait_for(
            pilot,
            lambda: "Take disk (d)" in ui.button_labels(screen),
            timeout=3,
            what="the conflict screen's keys shown",
        )
        mine = app.card.card.text
        first = events.Key("d", "d")
        app.post_message(first)
        await ui.wait_for(pilot, lambda: app.keystrokes.last == first.time, what="the d seen")
        # the rest of the word 50 ms behind it, as when the terminal's bytes come in two reads:
        # the d's own handling is over by then (this sleep is the typist's, not a wait)
        await asyncio.sleep(0.05)
        for letter in "one":
            app.post_message(events.Key(letter, letter))
        await pilot.pause(keystrokes.ALONE + 0.2)
        await ui.settle(pilot)
        assert app.screen is screen, "the first letter of a word chose"
        assert app.card.card.text == mine
        await ui.wait_for(
            pilot,
            lambda: "Keep mine (k)" in ui.button_labels(screen),
            timeout=3,
            what="the keys shown again once typing stopped",
        )
        await pilot.press("k")  # on its own: keep mine
        await ui.wait_for(pilot, lambda: app.screen is not screen, what="keep mine chosen")
        assert app.card.card.text == mine


async def test_a_moved_folder_is_noticed_when_it_happens(perf7: Path, ui) -> None:
    app = ui.make_app(perf7, watch=True)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.pause(0.3)  # let watchfiles start watching the folder
        mine = app.card.card.text
        perf7.parent.rename(perf7.parent.with_name("moved-away"))
        banner = app.editor.query_one("#banner")
        await ui.wait_for(
            pilot, lambda: banner.display and "moved or deleted" in str(banner.render()), 3.0
        )
        assert app.card.card.text == mine and app.card.dirty


async def test_a_folder_above_the_card_moved_is_noticed_too(
    perf7: Path, tmp_path: Path, ui
) -> None:
    deep = tmp_path / "team" / "cards"
    deep.mkdir(parents=True)
    card = deep / "PERF-7.md"
    card.write_bytes(perf7.read_bytes())
    app = ui.make_app(card, watch=True)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.pause(0.3)
        (tmp_path / "team").rename(tmp_path / "renamed-team")  # no event in the card's folder
        banner = app.editor.query_one("#banner")
        await ui.wait_for(
            pilot, lambda: banner.display and "moved or deleted" in str(banner.render()), 4.0
        )
