"""Editor speed, measured headless (run_test) and in a real terminal (tmux), each figure beside a
baseline from the same run.

    .venv/bin/python benchmarks/bench_editor.py [--strict] [--quick]

1. keystroke → the field echoing it (p50/p95 over 60 keys), sample card and 16x card;
2. keystroke → the preview showing the new text, both cards, and the ratio 16x / sample;
3. the naive preview as baseline: Textual's ``Markdown.update()`` of the whole card per key;
4. launch → first frame showing the card in tmux, against a hello-world Textual app;
5. a change written on disk by another process → the screen showing it (p50/p95 over 20);
6. Tab and shift+tab through a section's form: the app's CPU a key, against a plain Textual
   app of as many inputs (each focus change there repaints two inputs and nothing else).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cards import repeat_sections  # noqa: E402
from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Footer, Header, Input, Label, Markdown  # noqa: E402

from perfcard_tui.app.app import PerfCardApp  # noqa: E402
from perfcard_tui.app.widgets.preview import CardPreview  # noqa: E402
from perfcard_tui.core.buffer import CardBuffer  # noqa: E402

SAMPLE = ROOT / "sample_cards" / "PERF-7.md"
RESULTS: list[tuple[str, str, bool | None]] = []


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(name: str, figure: str, ok: bool | None = None) -> None:
    RESULTS.append((name, figure, ok))
    verdict = "" if ok is None else ("PASS" if ok else "FAIL")
    print(f"{name:<58} {figure:<44} {verdict}", flush=True)


async def _until(predicate, timeout: float = 5.0) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            return float("inf")
        await asyncio.sleep(0.0005)
    return time.perf_counter() - start


async def typing(card: Path, keys: int) -> tuple[list[float], list[float]]:
    """Echo and preview latencies (ms) for ``keys`` keystrokes in the Value field."""
    app = PerfCardApp(CardBuffer.open(card), watch=False)
    echo: list[float] = []
    preview: list[float] = []
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        editor = app.editor
        editor.open_section("performance-issue")
        await pilot.pause(0.2)
        box = next(w for w in app.screen.query(Input) if w.value.startswith("Brings"))
        box.focus()
        box.cursor_position = len(box.value)
        await pilot.pause(0.2)
        view = app.screen.query_one(CardPreview)
        for n in range(keys):
            char = "abcdefghijklmnopqrstuvwxyz"[n % 26]
            expected = f"{box.value}{char}"
            tail = expected[-12:]
            key = events.Key(char, char)
            key.set_sender(app)
            start = time.perf_counter()
            # what the terminal driver does with a key (its send_message only hops to the app's
            # loop first), without the waiting for idle that pilot.press adds
            app.post_message(key)
            waited = await _until(lambda e=expected: box.value == e)
            echo.append(waited * 1000 if waited != float("inf") else 5000)
            waited = await _until(lambda t=tail: view.has_rendered("performance-issue", t))
            preview.append((time.perf_counter() - start) * 1000 if waited != float("inf") else 5000)
            await pilot.pause(0.03)  # a brisk typist: ~30 keys per second
    return echo, preview


async def naive_preview(card: Path, updates: int) -> float:
    """Seconds per whole-card ``Markdown.update()`` (the design we did not build)."""
    text = card.read_text("utf-8")

    class Naive(App[None]):
        def compose(self) -> ComposeResult:
            yield Markdown()

    app = Naive()
    times = []
    async with app.run_test(size=(180, 50)) as pilot:
        view = app.query_one(Markdown)
        for n in range(updates):
            start = time.perf_counter()
            await view.update(text + ("x" * n))
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def _tmux_first_frame(command: str, needles: list[str], timeout: float = 20.0) -> list[float]:
    """Seconds from launch until each needle is first on the screen (inf if never)."""
    session = f"bench{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)
    found: list[float] = [float("inf")] * len(needles)
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "45", command], check=True
    )
    try:
        while time.perf_counter() - start < timeout and float("inf") in found:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            for n, needle in enumerate(needles):
                if found[n] == float("inf") and needle in screen:
                    found[n] = time.perf_counter() - start
            time.sleep(0.005)
        return found
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)


HELLO = """
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("Hello from a bare Textual app")
Hello().run()
"""


def first_frames(card: Path, runs: int) -> tuple[float, float, float]:
    """Median seconds from launch to the first frame, the app and a hello world, alternating.

    A keep-alive session holds the tmux server up: when the last session ends, the server
    exits, and starting the next one at that moment races with its shutdown."""
    keepalive = f"bench-keepalive-{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", keepalive, "sleep 600"], check=True)
    try:
        return _first_frames(card, runs)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keepalive], capture_output=True, check=False)


def _first_frames(card: Path, runs: int) -> tuple[float, float, float]:
    python = sys.executable
    hello = Path(tempfile.mkdtemp()) / "hello.py"
    hello.write_text(HELLO)
    state = tempfile.mkdtemp()
    app_times, ready_times, hello_times = [], [], []
    for _ in range(runs):
        hello_times += _tmux_first_frame(f"{python} {hello}", ["Hello from a bare"])
        # the card's text, then the editor itself (its form's title line)
        shown, ready = _tmux_first_frame(
            f"env XDG_STATE_HOME={state} {python} -m perfcard_tui edit {card}",
            ["Brings the busiest", "ctrl+r toggles"],
        )
        app_times.append(shown)
        ready_times.append(ready)
    return (
        statistics.median(app_times),
        statistics.median(hello_times),
        statistics.median(ready_times),
    )


async def disk_to_screen(card: Path, changes: int) -> list[float]:
    # a fresh state folder: the typing runs leave recovery copies that would ask to be restored
    os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp()
    app = PerfCardApp(CardBuffer.open(card), watch=True)
    times = []
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause(0.8)
        app.editor.open_section("performance-issue")
        await pilot.pause(0.3)
        original = card.read_text("utf-8")
        for n in range(changes):
            marker = f"Disk edit number {n:03d}"
            text = original.replace("3-4 days", marker)
            card.write_text(text, "utf-8")  # _until times from right after the write

            def shown(m: str = marker) -> bool:
                return any(w.value == m for w in app.screen.query(Input))

            waited = await _until(shown, timeout=3.0)
            times.append(waited * 1000 if waited != float("inf") else 3000)
            await pilot.pause(0.15)
    return times


FOCUS_KEYS = ["tab"] * 12 + ["shift+tab"] * 12


async def _cpu_per_key(pilot, keys: list[str]) -> float:  # type: ignore[no-untyped-def]
    """CPU (ms) a key costs the process, the app's rendering included, keys sent one by one."""
    start = time.process_time()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await pilot.pause(0.1)
    return (time.process_time() - start) * 1000 / len(keys)


async def focus_moves(card: Path) -> float:
    """CPU (ms) a Tab costs in the Primary Metric form of ``card``, at 160x48."""
    app = PerfCardApp(
        CardBuffer.open(card), goto="current-performance/primary-metric/metric", watch=False
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        return await _cpu_per_key(pilot, FOCUS_KEYS)


async def focus_moves_plain() -> float:
    """The same for a plain Textual app: a column of labelled inputs, a header and a footer."""

    class Plain(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            for n in range(12):
                yield Label(f"Field {n}")
                yield Input(f"value {n}")
            yield Footer()

    app = Plain()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.5)
        return await _cpu_per_key(pilot, FOCUS_KEYS)


async def main_async(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp())
    os.environ["XDG_STATE_HOME"] = str(work / "state")
    sample = work / "PERF-7.md"
    shutil.copy(SAMPLE, sample)
    big = work / "PERF-7x16.md"
    big.write_text(repeat_sections(SAMPLE.read_text("utf-8")), "utf-8")
    lines_sample = SAMPLE.read_text("utf-8").count("\n")
    lines_big = big.read_text("utf-8").count("\n")
    keys = 20 if args.quick else 60
    print(f"cards: sample {lines_sample} lines, 16x {lines_big} lines; {keys} keystrokes each\n")

    echo_s, prev_s = await typing(sample, keys)
    echo_b, prev_b = await typing(big, keys)
    report(
        "keystroke → field echo, sample card p50/p95",
        f"{pct(echo_s, 0.5):.1f} / {pct(echo_s, 0.95):.1f} ms",
        pct(echo_s, 0.95) <= 16,
    )
    report(
        "keystroke → field echo, 16x card p50/p95",
        f"{pct(echo_b, 0.5):.1f} / {pct(echo_b, 0.95):.1f} ms",
        pct(echo_b, 0.95) <= 16,
    )
    report(
        "keystroke → preview, sample card p50/p95",
        f"{pct(prev_s, 0.5):.1f} / {pct(prev_s, 0.95):.1f} ms",
        pct(prev_s, 0.95) <= 50,
    )
    report(
        "keystroke → preview, 16x card p50/p95",
        f"{pct(prev_b, 0.5):.1f} / {pct(prev_b, 0.95):.1f} ms",
        None,
    )
    ratio = pct(prev_b, 0.95) / pct(prev_s, 0.95)
    report("preview p95 ratio 16x / sample (budget <= 1.5)", f"{ratio:.2f}x", ratio <= 1.5)

    naive = await naive_preview(SAMPLE, 2 if args.quick else 3)
    report(
        "baseline: Markdown.update() of the whole sample card",
        f"{naive * 1000:.0f} ms per keystroke",
        None,
    )
    report(
        "baseline / ours (preview p95, sample card)",
        f"{naive * 1000 / pct(prev_s, 0.95):.0f}x slower",
        None,
    )

    if shutil.which("tmux"):
        app_t, hello_t, ready_t = first_frames(sample, 3 if args.quick else 5)
        report(
            "launch → first frame (tmux): app / hello world",
            f"{app_t * 1000:.0f} / {hello_t * 1000:.0f} ms",
            None,
        )
        report("launch → editor ready (form shown)", f"{ready_t * 1000:.0f} ms", None)
        report(
            "launch ratio app / hello world (budget <= 1.5)",
            f"{app_t / hello_t:.2f}x",
            app_t / hello_t <= 1.5,
        )
    else:
        report("launch → first frame", "skipped: no tmux", None)

    ours = statistics.median([await focus_moves(sample) for _ in range(3)])
    plain = statistics.median([await focus_moves_plain() for _ in range(3)])
    report("Tab in the form: CPU a key, ours / plain Textual", f"{ours:.0f} / {plain:.0f} ms", None)
    report("Tab ratio ours / plain Textual", f"{ours / plain:.2f}x", None)

    disk = await disk_to_screen(sample, 8 if args.quick else 20)
    report(
        "disk change → screen p50/p95 (budget p95 <= 300 ms)",
        f"{pct(disk, 0.5):.0f} / {pct(disk, 0.95):.0f} ms",
        pct(disk, 0.95) <= 300,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    asyncio.run(main_async(args))
    failed = [name for name, _, ok in RESULTS if ok is False]
    print(f"\n{len(failed)} budget(s) failed" + (f": {', '.join(failed)}" if failed else ""))
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
