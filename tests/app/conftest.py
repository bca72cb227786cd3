"""Fixtures for the editor's pilot and snapshot tests.

Every test runs with its own ``XDG_STATE_HOME`` (a swap file left by one test would otherwise
greet the next with a RecoverScreen) and with validation pinned to a fixed "today", so badges and
findings do not change with the machine's clock. Cards are always copies in ``tmp_path``.

This folder is package-less on purpose: helpers reach the tests as the ``ui`` fixture rather
than by import, so they cannot clash with ``tests/conftest.py``.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

import perfcard_tui.app.app as app_module
from perfcard_tui.app.app import PerfCardApp
from perfcard_tui.app.widgets.preview import CardPreview
from perfcard_tui.app.widgets.section_form import SectionForm
from perfcard_tui.core.buffer import CardBuffer
from perfcard_tui.core.validate import validate

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_cards"
TODAY = date(2026, 11, 26)
SIZE = (160, 50)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Swap files and settings in a tmp folder; validation on a fixed day."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(app_module, "validate", functools.partial(validate, today=TODAY))


@pytest.fixture(autouse=True)
def _collect_then_freeze() -> Iterator[None]:
    """After each test, collect its garbage and freeze what survives.

    Each app run leaves ~20,000 objects behind (contextvars and workers of the finished test keep
    the app reachable), and every full collection in later tests walked all of them again: this
    halves the suite's time (74 s to ~50 s here) and keeps memory near 150 MB."""
    yield
    gc.collect()
    gc.freeze()


@pytest.fixture
def card_dir(tmp_path: Path) -> Path:
    """A folder holding copies of the three PERF sample cards (so links between them resolve)."""
    folder = tmp_path / "cards"
    folder.mkdir()
    for name in ("PERF-3.md", "PERF-7.md", "PERF-9.md"):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    return folder


@pytest.fixture
def perf7(card_dir: Path) -> Path:
    return card_dir / "PERF-7.md"


def make_app(path: Path, *, goto: str | None = None, watch: bool = False) -> PerfCardApp:
    return PerfCardApp(CardBuffer.open(path), goto=goto, watch=watch)


async def settle(pilot: Pilot[Any], rounds: int = 3) -> None:
    """Let timers (validation after typing) and workers finish, and their results land.

    The file watcher is a worker that never completes, so it is left out."""
    app = pilot.app
    deadline = time.monotonic() + 5.0
    for _ in range(rounds):
        await pilot.pause()
        timer = getattr(app, "_validation_timer", None)
        while timer is not None and timer._task is not None and not timer._task.done():
            assert time.monotonic() < deadline, "the validation timer never fired"
            await asyncio.sleep(0.01)
        busy = [w for w in app.workers if w.group != "watch"]
        if busy:  # an empty list would mean "all workers", the watcher included
            await app.workers.wait_for_complete(busy)
        await pilot.pause()
        pending = any(preview._pending for preview in app.screen.query(CardPreview))
        if not pending and not any(w.group != "watch" and not w.is_finished for w in app.workers):
            break


async def wait_for(
    pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 2.0, what: str = ""
) -> None:
    """Poll ``condition`` on the UI loop until it holds, failing after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or condition}")
        await pilot.pause(0.02)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type printable text key by key, as a person would."""
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def focus_field(pilot: Pilot[Any], path: str) -> Any:
    """Open the section of a field path, then focus that field's editor.

    Two steps on purpose: the app's own one-step ``goto`` loses the focus when it changes
    section (see the xfail test_next_section_key_focuses_the_sections_first_field)."""
    app = pilot.app
    form = app.editor.query_one(SectionForm)
    key = app.buffer.card.section_of(path).key
    if app.editor.section_key != key:
        app.editor.open_section(key, focus=False)
        await settle(pilot)
    assert form.focus_path(app.buffer.card, path), path
    await pilot.pause()
    return app.focused


async def save(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


def freeze_cursors(app: PerfCardApp) -> None:
    """Stop cursor blinking (on every screen: a modal shows the one below) so a screenshot does
    not depend on when it is taken."""
    for screen in app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False


async def snapshot_ready(
    pilot: Pilot[Any], then: Callable[[Pilot[Any]], Awaitable[None]] | None = None
) -> None:
    """``run_before`` for snapshots: everything rendered, validated, and the cursors frozen."""
    await settle(pilot)
    if then is not None:
        await then(pilot)
        await settle(pilot)
    # the editor focuses the open section's first field once its widgets are built: on a loaded
    # machine that can trail the workers by a frame or two
    deadline = time.monotonic() + 2.0
    while pilot.app.focused is None and time.monotonic() < deadline:
        await pilot.pause(0.02)
    freeze_cursors(pilot.app)
    # the cursors' lines are cached as last drawn: repaint them, and give a loaded machine the
    # time to do it before the picture is taken
    for screen in pilot.app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            widget.refresh()
    await asyncio.sleep(0)
    await pilot.pause(0.05)
    await settle(pilot)


@pytest.fixture
def ui() -> SimpleNamespace:
    """The helpers above, for tests (this folder is not a package, so no imports)."""
    return SimpleNamespace(
        make_app=make_app,
        settle=settle,
        wait_for=wait_for,
        type_text=type_text,
        focus_field=focus_field,
        save=save,
        freeze_cursors=freeze_cursors,
        snapshot_ready=snapshot_ready,
        SIZE=SIZE,
    )


def copy_card(source: Path, folder: Path) -> Path:
    """Copy a card's bytes only (the corpus files are read-only; the copy must not be)."""
    target = folder / source.name
    target.write_bytes(source.read_bytes())
    return target


@pytest.fixture
def copy(tmp_path: Path) -> Callable[[Path], Path]:
    folder = tmp_path / "copies"
    folder.mkdir(exist_ok=True)
    return functools.partial(copy_card, folder=folder)
