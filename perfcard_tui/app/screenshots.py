"""``make screenshots``: SVGs of the main screens, from the sample cards, at fixed sizes.

python -m perfcard_tui.app.screenshots screenshots/ [NAME ...]

Names (``table-filled``, ``board``...) make only those pictures; none makes them all.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable, Collection
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from ..core.buffer import CardBuffer, DiskChange
from .app import PerfCardApp
from .messages import DiskChanged
from .widgets.fields import BlockWidget, CheckFieldWidget

REPOSITORY = Path(__file__).resolve().parents[2]
SAMPLES = REPOSITORY / "sample_cards"
# a gitban repository of several card types, archives and a duplicated ID (the board's tests use
# it too): the board's pictures, and a card of another type than perf in the editor
GITBAN = REPOSITORY / "tests" / "gitban_repo"
BUG_CARD = (
    ".gitban/cards/SPRINT7-in_progress-P0-bug-login-fails-after-session-expiry-k3m9qa-ALICE.md"
)
Scene = Callable[[PerfCardApp, Pilot[int], Path], Awaitable[None]]


async def _settle(app: PerfCardApp, pilot: Pilot[int]) -> None:
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause(0.2)


async def editor(app: PerfCardApp, pilot: Pilot[int], card: Path) -> None:
    app.editor.open_section("current-performance/primary-metric")
    await _settle(app, pilot)


async def checklist(app: PerfCardApp, pilot: Pilot[int], card: Path) -> None:
    app.editor.open_section("implementation/phase-2-optimization")
    await _settle(app, pilot)


async def table(app: PerfCardApp, pilot: Pilot[int], card: Path) -> None:
    app.editor.open_section("benchmarking/performance-comparison")
    await _settle(app, pilot)


async def conflict(app: PerfCardApp, pilot: Pilot[int], card: Path) -> None:
    app.editor.open_section("performance-issue")
    await _settle(app, pilot)
    app.editor.query("Input").first().focus()
    await pilot.press("end", *" (re-estimated)")
    text = card.read_text("utf-8").replace("3-4 days", "5 days after the profiling session")
    card.write_text(text, "utf-8")
    app.post_message(DiskChanged(DiskChange.CHANGED))
    await _settle(app, pilot)


async def session_form(app: PerfCardApp, pilot: Pilot[int], card: Path) -> None:
    await pilot.press("ctrl+l")
    await _settle(app, pilot)
    await pilot.press(*"195ms (p95)")
    await pilot.pause(0.2)


async def review(app: PerfCardApp, pilot: Pilot[int], card: Path) -> None:
    await _settle(app, pilot)


async def table_filled(app: PerfCardApp, pilot: Pilot[int], card: Path) -> None:
    app.editor.open_section("benchmarking/performance-comparison")
    await _settle(app, pilot)
    app.editor.query_one("#cell-3-0", Input).focus()  # a name too long for its column
    await _settle(app, pilot)


async def checklist_groups(app: PerfCardApp, pilot: Pilot[int], card: Path) -> None:
    app.editor.open_section("implementation/phase-2-optimization")
    await _settle(app, pilot)
    # the text of the first item not ticked yet: a focused box does not show in a picture
    app.editor.query(CheckFieldWidget)[2].query_one(Input).focus()
    await _settle(app, pilot)


async def list_editor(app: PerfCardApp, pilot: Pilot[int], card: Path) -> None:
    app.editor.open_section("root-cause/why-this-is-slow")
    await _settle(app, pilot)
    app.editor.query(BlockWidget).first().focus_editor()
    await _settle(app, pilot)


async def search(app: PerfCardApp, pilot: Pilot[int], card: Path) -> None:
    from .screens.search import SearchScreen

    await pilot.press("ctrl+f", *"pgbouncer")
    for _ in range(100):
        if isinstance(app.screen, SearchScreen) and app.screen.hits:
            break
        await pilot.pause(0.05)
    await _settle(app, pilot)


SCENES: list[tuple[str, str, tuple[int, int], Scene, bool]] = [
    ("editor", "PERF-7.md", (150, 42), editor, False),
    ("editor-checklist", "PERF-7.md", (150, 42), checklist, False),
    ("editor-table", "PERF-7.md", (150, 42), table, False),
    ("conflict", "PERF-7.md", (150, 42), conflict, False),
    ("narrow-80x24", "PERF-7.md", (80, 24), editor, False),
    ("session-log", "PERF-7.md", (150, 42), session_form, False),
    ("review", "PERF-7.md", (150, 42), review, True),
    ("review-80x24", "PERF-7.md", (80, 24), review, True),
    ("review-fresh-card", "PERF-9.md", (150, 42), review, True),
    ("table-filled", "PERF-7.md", (150, 42), table_filled, False),
    ("checklist-groups", "PERF-7.md", (150, 42), checklist_groups, False),
    ("list-editor", "PERF-7.md", (150, 42), list_editor, False),
    ("search", "PERF-7.md", (150, 42), search, False),
]
BOARD_SCENES = ("board", "board-kanban", "board-filtered", "editor-bug-card")


async def _board(out: Path, name: str, keys: tuple[str, ...], folder: Path) -> Path:
    from .board.app import BoardApp
    from .board.screen import BoardState

    # opened from inside the repository, as a team runs it: the title shows `.gitban/cards`,
    # not the temporary folder the pictures are made in
    out = out.resolve()
    with contextlib.chdir(folder):
        app = BoardApp(BoardState(".gitban/cards", use_cache=False))
        async with app.run_test(size=(150, 32)) as pilot:
            while not app.board.rows or not all(row.read for row in app.board.rows):
                await pilot.pause(0.1)
            await pilot.press(*keys)
            await pilot.pause(0.3)
            app.save_screenshot(filename=f"{name}.svg", path=str(out))
    return out / f"{name}.svg"


async def _other_type(out: Path, folder: Path) -> Path:
    app = PerfCardApp(CardBuffer.open(folder / BUG_CARD), watch=False)
    async with app.run_test(size=(150, 42)) as pilot:
        await _settle(app, pilot)
        app.save_screenshot(filename="editor-bug-card.svg", path=str(out))
    return out / "editor-bug-card.svg"


async def shoot(out: Path, names: Collection[str] = ()) -> list[Path]:
    """Make the pictures named (all of them when none is), in ``out``."""
    wanted = set(names) or {name for name, *_ in SCENES} | set(BOARD_SCENES)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if GITBAN.is_dir() and wanted & set(BOARD_SCENES):
        folder = Path(tempfile.mkdtemp()) / "repo"
        shutil.copytree(GITBAN, folder)
        boards = {"board": (), "board-kanban": ("k",), "board-filtered": ("slash", *"type:bug")}
        for name, keys in boards.items():
            if name in wanted:
                written.append(await _board(out, name, keys, folder))
        if "editor-bug-card" in wanted:
            written.append(await _other_type(out, folder))
        shutil.rmtree(folder.parent, ignore_errors=True)
    for name, card_name, size, scene, in_review in SCENES:
        if name not in wanted:
            continue
        work = Path(tempfile.mkdtemp())
        for sample in SAMPLES.glob("*.md"):
            shutil.copy(sample, work)
        card = work / card_name
        app = PerfCardApp(CardBuffer.open(card), watch=False, review=in_review)
        async with app.run_test(size=size) as pilot:
            await _settle(app, pilot)
            await scene(app, pilot, card)
            target = out / f"{name}.svg"
            app.save_screenshot(filename=target.name, path=str(out))
            written.append(target)
        shutil.rmtree(work, ignore_errors=True)
    return written


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    names = sys.argv[2:]
    unknown = set(names) - {name for name, *_ in SCENES} - set(BOARD_SCENES)
    if unknown:
        print(f"no such screenshot: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    # no swap files or remembered names of the person running it in the pictures
    state = tempfile.mkdtemp()
    os.environ["XDG_STATE_HOME"] = state
    os.environ["XDG_CONFIG_HOME"] = state
    os.environ.setdefault("GIT_CONFIG_GLOBAL", os.devnull)
    for path in asyncio.run(shoot(out, names)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
