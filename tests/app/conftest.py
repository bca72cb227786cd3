"""Fixtures for the editor's pilot and snapshot tests.

Every test runs with its own ``XDG_STATE_HOME`` (a swap file left by one test would otherwise
greet the next with a RecoverScreen) and with validation pinned to a fixed "today", so badges and
findings do not change with the machine's clock. Cards are always copies in ``tmp_path``.

This folder is package-less on purpose: helpers reach the tests as the ``ui`` fixture rather
than by import, so they cannot clash with ``tests/conftest.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import time
import weakref
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, TextArea
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

from perfcard_tui.app import open_card
from perfcard_tui.app.app import PerfCardApp
from perfcard_tui.app.widgets.fields import FieldWidget, TableFieldWidget
from perfcard_tui.app.widgets.preview import CardPreview
from perfcard_tui.core.buffer import CardBuffer
from perfcard_tui.core.form_edits import EditKind, FormEdit

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_cards"
TODAY = date(2026, 11, 26)
SIZE = (160, 50)


@dataclass(frozen=True)
class Notice:
    """A notification the app showed (``app.notify``): its text, title and severity."""

    text: str
    title: str
    severity: str


_NOTICES: weakref.WeakKeyDictionary[App[Any], list[Notice]] = weakref.WeakKeyDictionary()


def _recording_notify(app: PerfCardApp, message: str, **options: Any) -> None:
    """``App.notify``, noting what was shown (Textual keeps no public list of notifications)."""
    _NOTICES.setdefault(app, []).append(
        Notice(str(message), str(options.get("title", "")), options.get("severity", "information"))
    )
    App.notify(app, message, **options)


def notices(app: PerfCardApp) -> list[Notice]:
    """Every notification the app has shown so far, oldest first (widgets and screens notify
    through the app, so this sees theirs too)."""
    return list(_NOTICES.get(app, ()))


pinned_rules = functools.partial(open_card.run_rules, today=TODAY)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Swap files and settings in a tmp folder; validation on a fixed day; notices recorded."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(open_card, "run_rules", pinned_rules)
    monkeypatch.setattr(PerfCardApp, "notify", _recording_notify)


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


def validation_pending(app: PerfCardApp) -> bool:
    return app.card is not None and app.card.validation_pending


def busy(app: PerfCardApp) -> bool:
    """Whether the app has work under way: the validation timer, a worker (the file watcher
    never completes, so it does not count), or sections the preview has yet to render."""
    return (
        validation_pending(app)
        or any(w.group != "watch" and not w.is_finished for w in app.workers)
        or any(preview.rendering for preview in app.screen.query(CardPreview))
    )


async def settle(pilot: Pilot[Any], rounds: int = 3) -> None:
    """Let timers (validation after typing) and workers finish, and their results land.

    Returns after the first frame in which nothing is under way (one pause when the app is
    already idle, as it mostly is)."""
    app = cast(PerfCardApp, pilot.app)
    deadline = time.monotonic() + 5.0
    await pilot.pause()
    for _ in range(rounds):
        if not app.is_running:
            return  # it failed (or quit): leaving run_test raises what it failed with
        if not busy(app):
            return
        while validation_pending(app) and app.is_running:
            assert time.monotonic() < deadline, "the validation timer never fired"
            await asyncio.sleep(0.01)
        for worker in [w for w in app.workers if w.group != "watch"]:
            if worker.state is WorkerState.PENDING:
                continue  # not started yet: the next round waits for it
            # a failed worker is the app's to report (a notice, the error log), a cancelled one
            # was superseded: a test that cares looks at the app, or sees run_test raise
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await worker.wait()
        await pilot.pause()


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


def field_widget(widget: Any) -> FieldWidget | None:
    """The field widget a (focused) widget belongs to."""
    return next((a for a in getattr(widget, "ancestors", ()) if isinstance(a, FieldWidget)), None)


def holds_path(owner: FieldWidget | None, path: str) -> bool:
    """Whether a field widget edits ``path`` (a table holds its cells' paths too)."""
    if owner is None:
        return False
    if isinstance(owner, TableFieldWidget) and any(c.path == path for c in owner.cells):
        return True
    return owner.field.path == path


async def focus_field(pilot: Pilot[Any], path: str) -> Any:
    """Focus a field's editor the way F4 and the palette do (``editor.goto``); the focused
    widget. Fails if the focus did not land in that very field (``goto`` falls back to the
    section's first field for a path it does not find)."""
    app = pilot.app
    app.editor.goto(app.card.card.section_of(path).key, path)
    await settle(pilot)
    try:
        await wait_for(
            pilot, lambda: holds_path(field_widget(app.focused), path), what=f"the focus on {path}"
        )
    except AssertionError as error:
        raise AssertionError(f"{error}; it is on {app.focused!r}") from None
    return app.focused


def field_index(app: PerfCardApp, path: str) -> tuple[str, int]:
    """(section key, position among its fields) of a field path: how a form names a field."""
    section = app.card.card.section_of(path)
    index = next(i for i, field in enumerate(section.fields) if field.path == path)
    return section.key, index


def set_field(app: PerfCardApp, path: str, value: str) -> bool:
    """The user's own edit, as the form widgets ask for it (a ``FormEdit``, by position)."""
    key, index = field_index(app, path)
    return app.card.apply(FormEdit(EditKind.SET_VALUE, key, index, value=value))


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


def button_labels(screen: Screen[Any]) -> list[str]:
    """The labels of a screen's buttons, as shown (a dialog's shows its key once it counts)."""
    return [str(b.label) for b in screen.query(Button)]


def refreshes(
    monkeypatch: pytest.MonkeyPatch,
    which: Callable[[Widget, tuple[object, ...], dict[str, bool]], bool],
) -> list[str]:
    """From now on, the widgets (as ``repr``) whose ``refresh`` calls ``which`` picks, given the
    widget, the regions and the options (``layout=True``: a layout of the whole screen)."""
    seen: list[str] = []
    refresh = Widget.refresh

    def spy(self: Widget, *regions: object, **options: bool) -> Widget:
        if which(self, regions, options):
            seen.append(repr(self))
        return refresh(self, *regions, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Widget, "refresh", spy)
    return seen


@pytest.fixture
def ui() -> SimpleNamespace:
    """The helpers above, for tests (this folder is not a package, so no imports)."""
    return SimpleNamespace(
        make_app=make_app,
        settle=settle,
        wait_for=wait_for,
        type_text=type_text,
        focus_field=focus_field,
        field_widget=field_widget,
        field_index=field_index,
        set_field=set_field,
        notices=notices,
        save=save,
        freeze_cursors=freeze_cursors,
        snapshot_ready=snapshot_ready,
        button_labels=button_labels,
        refreshes=refreshes,
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
