"""Big cards, timed and weighed: the real ``perfcard-tui`` in a pty (the harness of
``tests/terminal``) on the sample card, a 5 MB and a 50 MB card (the sample's sections
repeated), with a hello-world Textual app beside them from the same run.

For each card, in the editor:

* launch → first frame showing the card's first line;
* launch → ready: a key typed at the first byte of output shows in the --goto field
  (budget: 5 MB <= 2 s, 50 MB <= 20 s);
* launch → checked: the whole-card check's badges in the tree;
* peak and settled memory of the process (VmHWM / VmRSS once checked; budget < 20x the file);
  each memory figure is given as a multiple of the file's size twice: of the process's whole
  peak (the budget's reading) and of the peak above the same program's on the sample card;
* ctrl+q → the process gone (budget: immediate, <= 0.5 s).

And on the command line: ``check`` and ``show --json``, wall time and peak memory (budget
< 10x the file).

    .venv/bin/python benchmarks/bench_size.py [--sizes 5,50] [--runs 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO / "tests" / "terminal"), str(HERE)]

from budgets import Budgets, report  # noqa: E402
from card_screen import CURRENT_VALUE, SIZE, field_value, panes  # noqa: E402
from cards import repeat_sections  # noqa: E402
from harness import Term  # noqa: E402

SAMPLE = REPO / "sample_cards" / "PERF-7.md"
FIRST_LINE = "# PERF-7: p95 latency regression"
GOTO = "current-performance/primary-metric/current-value"
HELLO = """
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("Hello from a bare Textual app")

Hello().run()
"""
MB = 1_000_000


def _kb(pid: int, field: str) -> int:
    """A VmHWM / VmRSS figure of a live process, in kB (0 where /proc has none)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class EditorRun:
    first_frame: float
    ready: float
    checked: float
    peak_mb: float
    settled_mb: float
    quit: float


def hello_world(work: Path) -> tuple[float, float]:
    """Launch → first frame of a bare Textual app, and its peak memory (MB)."""
    script = work / "hello.py"
    script.write_text(HELLO, encoding="utf-8")
    term = Term(_folder(work / f"hello-{time.monotonic_ns()}"))
    try:
        term.spawn([sys.executable, str(script)], size=SIZE)
        term.wait_for_text("Hello from a bare")
        shown = time.monotonic() - term.started_at
        assert term.proc is not None
        return shown, _kb(term.proc.pid, "VmHWM") / 1000
    finally:
        term.close()


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _checked(term: Term) -> bool:
    """The whole-card check has landed: badges in the tree pane."""
    tree = panes(term)[0]
    return any(mark in line for line in term.region(*tree) for mark in "✔▲✖")


def editor(card: Path, timeout: float) -> EditorRun:
    term = Term(_folder(card.parent / f"term-{time.monotonic_ns()}"))
    try:
        term.start(card, "--goto", GOTO, size=SIZE)
        term.wait_first_output(timeout=timeout)
        term.type("Z")
        term.wait_for_text(FIRST_LINE, timeout=timeout)
        first = time.monotonic() - term.started_at
        term.wait_until(
            lambda: field_value(term, "Current Value") == CURRENT_VALUE + "Z", timeout=timeout
        )
        ready = time.monotonic() - term.started_at
        term.wait_until(lambda: _checked(term), timeout=timeout * 4)
        checked = time.monotonic() - term.started_at
        assert term.proc is not None
        pid = term.proc.pid
        peak, settled = _kb(pid, "VmHWM") / 1000, _kb(pid, "VmRSS") / 1000
        term.press("ctrl+q")
        asked = time.monotonic()
        # the edit is unsaved: ctrl+q asks first; "d" discards (the file is a copy)
        term.wait_for_text("unsaved changes", timeout=timeout)
        asked = time.monotonic()
        term.type("d")
        term.wait_exit(timeout=timeout)
        return EditorRun(first, ready, checked, peak, settled, time.monotonic() - asked)
    finally:
        term.close()


# the command's own peak, from inside it: a forked child's ru_maxrss would count the pages of
# this process (holding a 50 MB card) that it had before its exec
_MEASURED = """
import sys
from pathlib import Path
from perfcard_tui.cli import main
try:
    code = main(sys.argv[1:])
finally:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            sys.stderr.write("peak-kb " + line.split()[1] + "\\n")
raise SystemExit(code)
"""


def command(argv: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one CLI run."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    seconds = time.monotonic() - started
    peak = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("peak-kb ")]
    return seconds, int(peak[-1]) / 1000 if peak else float("nan")


def ratios(peak: float, sample_peak: float, size_mb: float) -> str:
    """A peak as a multiple of the card's size, in both readings of a budget of "N times the
    file": the whole process (what the budget is checked on), and what the card adds to the
    same program on the sample card (the interpreter, its imports and the app come first, and
    dominate a small card's figure)."""
    return (
        f"{peak / size_mb:.1f}x the file; above the sample's run "
        f"{(peak - sample_peak) / size_mb:.1f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,50", help="big cards to build, in MB")
    parser.add_argument("--runs", type=int, default=1, help="editor launches per card (median)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    ready_budget = {5: 2.0, 50: 20.0}
    budgets = Budgets()
    check = budgets.check

    sample_peak: dict[str, float] = {}  # the editor's and each command's, on the sample card
    text = SAMPLE.read_text(encoding="utf-8")
    line_bytes = len(text.encode()) / text.count("\n")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        hello = [hello_world(work) for _ in range(3)]
        base, base_mb = statistics.median(h[0] for h in hello), max(h[1] for h in hello)
        print(f"terminal {SIZE[0]}x{SIZE[1]}; editor figures: median of {args.runs} launch(es)\n")
        report("hello world: launch → first frame, peak", f"{base * 1000:.0f} ms, {base_mb:.0f} MB")
        cards = {"sample": text} | {
            f"{mb} MB": repeat_sections(text, int(mb * MB / line_bytes)) for mb in sizes
        }
        for name, body in cards.items():
            card = _folder(work / name.replace(" ", "")) / "PERF-7.md"
            card.write_bytes(body.encode("utf-8"))
            size_mb = card.stat().st_size / MB
            timeout = 30 + 3 * size_mb
            runs = [editor(card, timeout) for _ in range(args.runs)]

            def med(attr: str, runs: list[EditorRun] = runs) -> float:
                return statistics.median(getattr(r, attr) for r in runs)

            print()
            report(
                f"{name} ({size_mb:.1f} MB): first frame",
                f"{med('first_frame'):.2f} s ({med('first_frame') / base:.2f}x hello)",
            )
            budget = ready_budget.get(int(name.split()[0]) if name != "sample" else 0)
            ready = f"{med('ready'):.2f} s"
            if budget is None:
                report(f"{name}: ready (a key typed at once shows)", ready)
            else:
                check(f"{name}: ready (budget <= {budget:.0f} s)", ready, med("ready") <= budget)
            report(f"{name}: checked (badges in the tree)", f"{med('checked'):.2f} s")
            peak, settled = med("peak_mb"), med("settled_mb")
            mem = f"peak {peak:.0f} MB, settled {settled:.0f} MB"
            if name == "sample":
                report(f"{name}: memory", mem)
                sample_peak["editor"] = peak
            else:
                check(
                    f"{name}: memory (budget < 20x file)",
                    f"{mem} ({ratios(peak, sample_peak['editor'], size_mb)})",
                    peak < 20 * size_mb,
                )
            check(
                f"{name}: ctrl+q → gone (budget <= 0.5 s)",
                f"{med('quit'):.2f} s",
                med("quit") <= 0.5,
            )
            for argv in (["check", str(card)], ["show", "--json", str(card)]):
                seconds, peak_mb = command(argv)
                what = " ".join(argv[:-1])
                figure = f"{seconds:.2f} s, peak {peak_mb:.0f} MB"
                if name == "sample":
                    report(f"{name}: {what}", figure)
                    sample_peak[what] = peak_mb
                else:
                    check(
                        f"{name}: {what} (budget < 10x file)",
                        f"{figure} ({ratios(peak_mb, sample_peak[what], size_mb)})",
                        peak_mb < 10 * size_mb,
                    )
    print()
    return budgets.done()


if __name__ == "__main__":
    raise SystemExit(main())
