"""Import benchmark: ``bench import`` of big files, each against a baseline in the same run.

Run ``.venv/bin/python benchmarks/bench_import.py`` (or ``make bench``). Issue 10's budgets:

1. **pytest-benchmark**: a 10 MB ``--benchmark-json`` file (raw ``data`` arrays, shaped like
   ``tests/bench_fixtures/pytest_benchmark.json``) imported in at most **2x** the time of
   ``json.load`` of the same file.
2. **go test -bench**: 10,000 lines of output imported in at most **2x** the time of reading its
   lines with a regular expression (the file read line by line, each line matched by one
   expression that takes out its name, iteration count and measurements).

"Imported" is what ``perfcard-tui bench import CARD FILE --as after --select PATTERN`` does but
reading and writing the card: read the file, detect its format, parse it (the benchmarks
``--select`` leaves out are passed over by name, as the command passes them), and apply the
selected ones to the card in memory (``import_results``: each comparison row's After and
Improvement, the After block, every value through the gate). The card is PERF-7 with the same
benchmarks imported ``--as before`` first (not timed), as CI finds it: one family of four
benchmarks is what one card is about, the rest of each file is the module's other benchmarks.

The two sides are timed alternately, so load that comes and goes hits both, and compared by the
medians of their CPU time (``time.thread_time``): both compute on one thread and wait on nothing,
so CPU time is what they cost, while the wall time (printed beside it) also counts the time other
processes take the cores. Exit code 0 unless ``--strict`` is given and a budget fails. The files
are generated (seeded) in a temp folder, removed at the end; ``--keep`` keeps them.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import datetime as dt
import gc
import json
import math
import os
import platform
import pstats
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from perfcard_tui.core.bench import ImportOptions, ImportOutcome, import_results, read_file  # noqa: E402
from perfcard_tui.core.model import Card  # noqa: E402
from perfcard_tui.core.parse import parse_card  # noqa: E402
from perfcard_tui.core.store import read_card  # noqa: E402

SAMPLE = REPO / "sample_cards" / "PERF-7.md"
FIXTURE = REPO / "tests" / "bench_fixtures" / "pytest_benchmark.json"
BUDGET = 2.0
PYTEST_BYTES = 10_000_000
GO_LINES = 10_000
FAMILY = (10, 50, 100, 500)  # the page sizes of the benchmarks the card is about
SPEEDUP = 0.52  # after / before, the family's time per op

# the baseline of figure 2: the least a reader of `go test -bench` output does with each line
GO_LINE = re.compile(r"^(Benchmark\S+)\s+(\d+)\s+(.*)$")


# -- the files -----------------------------------------------------------------------------------


def _round_times(rng: random.Random, mean: float, rounds: int) -> list[float]:
    """Per-round times as a timer gives them: log-normal noise and now and then a pause."""
    times = []
    for _ in range(rounds):
        t = mean * rng.lognormvariate(0, 0.08)
        if rng.random() < 0.01:
            t *= rng.uniform(1.5, 4)  # a GC pause, a context switch
        times.append(t)
    return times


def _pytest_stats(data: list[float]) -> dict[str, Any]:
    """What pytest-benchmark writes beside ``data`` (its own names and meanings)."""
    ordered = sorted(data)
    q1, median, q3 = statistics.quantiles(ordered, n=4)
    iqr = q3 - q1
    mean = statistics.fmean(ordered)
    stddev = statistics.stdev(ordered)
    low, high = q1 - 1.5 * iqr, q3 + 1.5 * iqr
    inside = [x for x in ordered if low <= x <= high]
    iqr_outliers = len(ordered) - len(inside)
    stddev_outliers = sum(1 for x in ordered if abs(x - mean) > stddev)
    return {
        "min": ordered[0],
        "max": ordered[-1],
        "mean": mean,
        "stddev": stddev,
        "rounds": len(data),
        "median": median,
        "iqr": iqr,
        "q1": q1,
        "q3": q3,
        "iqr_outliers": iqr_outliers,
        "stddev_outliers": stddev_outliers,
        "outliers": f"{stddev_outliers};{iqr_outliers}",
        "ld15iqr": inside[0],
        "hd15iqr": inside[-1],
        "ops": 1 / mean,
        "total": math.fsum(data),
        "data": data,
        "iterations": 1,
    }


def pytest_benchmark_file(path: Path, seed: int, speedup: float) -> tuple[int, int]:
    """A ``--benchmark-json`` file of about 10 MB, as pytest-benchmark 5 writes it (indent 4):
    four families of four parametrised benchmarks, rounds as its calibration gives fast
    functions. Returns (benchmarks, samples)."""
    template = json.loads(FIXTURE.read_text(encoding="utf-8"))
    first = template["benchmarks"][0]

    def build(rounds: int) -> dict[str, Any]:
        rng = random.Random(seed)
        benchmarks = []
        for family, base in (
            ("test_encode_page", 40e-6),
            ("test_parse_orders_page", 70e-6),
            ("test_render_invoice", 25e-6),
            ("test_price_cart", 55e-6),
        ):
            for size in FAMILY:
                mean = base * (1 + size / 100) * (speedup if family == "test_encode_page" else 1)
                bench = copy.deepcopy({k: v for k, v in first.items() if k != "stats"})
                bench["name"] = f"{family}[{size}]"
                bench["fullname"] = f"tests/bench/test_{family[5:]}.py::{family}[{size}]"
                bench["param"] = str(size)
                bench["params"] = {"size": size}
                bench["stats"] = _pytest_stats(_round_times(rng, mean, rounds))
                benchmarks.append(bench)
        return {**template, "benchmarks": benchmarks}

    rounds = 2000
    for _ in range(3):  # two or three tries settle within a percent of the size wanted
        text = json.dumps(build(rounds), indent=4)
        if abs(len(text) - PYTEST_BYTES) < PYTEST_BYTES // 100:
            break
        rounds = round(rounds * PYTEST_BYTES / len(text))
    path.write_text(text, encoding="utf-8")
    doc = json.loads(text)
    return len(doc["benchmarks"]), sum(len(b["stats"]["data"]) for b in doc["benchmarks"])


def _go_value(ns: float) -> str:
    """ns/op as `go test` prints it: whole numbers from 100 up, else two decimals."""
    return f"{ns:.0f}" if ns >= 100 else f"{ns:.2f}"


def go_bench_file(path: Path, seed: int, speedup: float) -> tuple[int, int]:
    """``go test -bench . -benchmem -count 10 ./...`` over a module: package after package,
    each with its header, families of sub-benchmarks (some with MB/s or a custom metric), ten
    runs of each, then PASS and ok; about 10,000 lines. Returns (benchmarks, result lines)."""
    rng = random.Random(seed)
    lines: list[str] = []
    benchmarks = results = 0
    package = 0
    while len(lines) < GO_LINES - 60:
        package += 1
        pkg = "encode" if package == 1 else f"pkg{package:02d}"
        lines += [
            "goos: linux",
            "goarch: amd64",
            f"pkg: example.com/shop/{pkg}",
            "cpu: AMD EPYC 7B13",
        ]
        families = [("EncodePage", "size")] if package == 1 else []
        families += [(f"Op{package}x{n}", "n") for n in range(24)]
        for family, param in families:
            custom = rng.random() < 0.2
            setbytes = family == "EncodePage" or rng.random() < 0.3
            for size in FAMILY:
                if len(lines) >= GO_LINES - 2:
                    break
                ns = rng.uniform(80, 2e6) if family != "EncodePage" else 1200.0 * size
                if family == "EncodePage":
                    ns *= speedup
                name = f"Benchmark{family}/{param}={size}-8"
                benchmarks += 1
                for _ in range(10):
                    t = ns * rng.lognormvariate(0, 0.03)
                    cols = [f"{max(1, int(1e9 / t)):>10}", f"{_go_value(t):>12} ns/op"]
                    if setbytes:
                        cols.append(f"{size * 800 / t * 1e3:>8.2f} MB/s")
                    if custom:
                        cols.append(f"{rng.randint(1, 9):>10}.000 queries/op")
                    cols += [f"{int(size * 970):>8} B/op", f"{12 * size:>6} allocs/op"]
                    lines.append(f"{name:<38}\t" + "\t".join(cols))
                    results += 1
        lines += ["PASS", f"ok  \texample.com/shop/{pkg}\t{rng.uniform(5, 60):.3f}s"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return benchmarks, results


# -- the baselines -------------------------------------------------------------------------------


def json_load(path: Path) -> object:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def regex_lines(path: Path) -> list[re.Match[str]]:
    found = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if matched := GO_LINE.match(line):
                found.append(matched)
    return found


# -- measuring -----------------------------------------------------------------------------------


@dataclass
class Verdict:
    figure: str
    value: str
    budget: str
    ok: bool


VERDICTS: list[Verdict] = []


def card_with_before(before: Path, select: str) -> Card:
    ct = read_card(SAMPLE)
    card = parse_card(ct.text, newline=ct.newline, bom=ct.bom)
    sets = [read_file(str(before), select=select)]
    outcome = import_results(card, sets, ImportOptions("before", select=select))
    return outcome.card


def importer(
    card: Card, path: Path, select: str, split: list[tuple[float, float]]
) -> Callable[[], ImportOutcome]:
    """``bench import`` on the card in memory; each run's (read and parse, apply) CPU times go
    to ``split``."""

    def run() -> ImportOutcome:
        t0 = time.thread_time()
        sets = [read_file(str(path), select=select)]  # as the command line reads it
        t1 = time.thread_time()
        outcome = import_results(card, sets, ImportOptions("after", select=select))
        split.append((t1 - t0, time.thread_time() - t1))
        return outcome

    return run


@dataclass
class Timings:
    cpu: list[float]
    wall: list[float]


def time_pair(
    ours: Callable[[], object], base: Callable[[], object], runs: int
) -> tuple[Timings, Timings]:
    """Interleaved timings in seconds, after one warm-up run of each: the thread's CPU time
    (what the work costs: both sides compute on one thread and wait on nothing) and the wall
    time (what a person waits, which other work on the machine inflates)."""
    ours()
    base()
    gc.collect()
    a, b = Timings([], []), Timings([], [])
    cpu, wall = time.thread_time, time.perf_counter
    for _ in range(runs):
        for side, run in ((a, ours), (b, base)):
            w0, c0 = wall(), cpu()
            run()
            side.cpu.append(cpu() - c0)
            side.wall.append(wall() - w0)
    return a, b


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:9.1f} ms"


def figure(
    number: int,
    title: str,
    base_label: str,
    ours: Callable[[], ImportOutcome],
    base: Callable[[], object],
    split: list[tuple[float, float]],
    runs: int,
) -> None:
    outcome = ours()  # what the import wrote: it must have written the family, or it proves nothing
    rows = [c for c in outcome.changes if c.where.endswith("› After")]
    assert len(rows) == len(FAMILY), [c.where for c in outcome.changes]
    assert all(c.where.startswith("Performance Comparison") for c in rows)
    split.clear()
    a, b = time_pair(ours, base, runs)
    del split[0]  # the warm-up's
    med = statistics.median
    ratio = med(a.cpu) / med(b.cpu)
    wall_ratio = med(a.wall) / med(b.wall)
    print(f"\n{number}. {title}, {runs} runs each, alternated")
    print(f"   {'':46}{'CPU median':>12}{'CPU min':>12}{'wall median':>13}")
    rows_out = (
        ("bench import (read, detect, parse, apply)", a),
        (base_label, b),
    )
    for label, t in rows_out:
        print(f"   {label:46}{ms(med(t.cpu))}{ms(min(t.cpu))}{ms(med(t.wall)):>13}")
    print(f"   {'  import: read, detect and parse':46}{ms(med(s[0] for s in split))}")
    print(f"   {'  import: apply to the card':46}{ms(med(s[1] for s in split))}")
    print(
        f"   {'ratio (import / baseline)':46}{ratio:11.2f}x{min(a.cpu) / min(b.cpu):11.2f}x"
        f"{wall_ratio:12.2f}x"
    )
    changed = ", ".join(dict.fromkeys(c.where.split(" › ")[0] for c in outcome.changes))
    print(f"   wrote: {len(outcome.changes)} values ({changed})")
    ok = ratio <= BUDGET
    print(
        f"   {'budget: CPU medians, ratio <= ' + format(BUDGET, 'g'):84}{'PASS' if ok else 'FAIL'}"
    )
    VERDICTS.append(
        Verdict(
            f"{number}. {title.split(':')[0]}",
            f"{ratio:.2f}x (wall {wall_ratio:.2f}x)",
            f"<= {BUDGET:g}x",
            ok,
        )
    )


def profile(ours: Callable[[], object], top: int, title: str) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    ours()
    profiler.disable()
    print(f"\nprofile: {title}, top {top} by own time")
    pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(top)


# -- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each side (15)")
    parser.add_argument("--seed", type=int, default=20261201, help="file generator seed")
    parser.add_argument("--only", choices=("1", "2"), action="append", help="run only these")
    parser.add_argument("--profile", type=int, metavar="N", default=0, help="cProfile top N")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args(argv)
    only = set(args.only or ("1", "2"))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"perfcard-tui import benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}: "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load}"
    )
    if os.getloadavg()[0] > 1.0:
        print("NOTE: other work is running: absolute times are inflated; the ratios hold up better")
    folder = Path(tempfile.mkdtemp(prefix="perfcard-bench-import-"))
    started = time.perf_counter()
    try:
        if "1" in only:
            before, after = folder / "before.json", folder / "after.json"
            pytest_benchmark_file(before, args.seed, 1.0)
            count, samples = pytest_benchmark_file(after, args.seed + 1, SPEEDUP)
            size = after.stat().st_size
            split: list[tuple[float, float]] = []
            select = "test_encode_page*"
            ours = importer(card_with_before(before, select), after, select, split)
            figure(
                1,
                f"pytest-benchmark: {size / 1e6:.1f} MB, {count} benchmarks, {samples:,} samples"
                f" in their data arrays; --select '{select}' ({len(FAMILY)} of them)",
                "baseline: json.load of the same file",
                ours,
                lambda: json_load(after),
                split,
                args.runs,
            )
            if args.profile:
                profile(ours, args.profile, "the pytest-benchmark import")
        if "2" in only:
            before, after = folder / "before.txt", folder / "after.txt"
            go_bench_file(before, args.seed, 1.0)
            count, results = go_bench_file(after, args.seed, SPEEDUP)
            lines = len(after.read_text(encoding="utf-8").splitlines())
            split = []
            select = "EncodePage/*"
            ours = importer(card_with_before(before, select), after, select, split)
            figure(
                2,
                f"go test -bench: {lines:,} lines, {count} benchmarks x {results // count} runs"
                f" (-benchmem); --select '{select}' ({len(FAMILY)} of them)",
                "baseline: its lines read, each matched",
                ours,
                lambda: regex_lines(after),
                split,
                args.runs * 3,
            )
            if args.profile:
                profile(ours, args.profile, "the go test -bench import")
    finally:
        if args.keep:
            print(f"\n(kept {folder})")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"\nsummary{'':27}{'figure (CPU)':>24}{'budget':>8}  result")
    for v in VERDICTS:
        print(f"  {v.figure:32}{v.value:>24}{v.budget:>8}  {'PASS' if v.ok else 'FAIL'}")
    print(
        f"(whole run {time.perf_counter() - started:.0f} s, load average now "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())})"
    )
    failed = any(not v.ok for v in VERDICTS)
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
