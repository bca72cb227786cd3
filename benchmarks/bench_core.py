"""Core benchmark: parse + validate, ``check`` and the quick reader, each against markdown-it-py
in the same run; and the first key typed on a big card, a code block's language against a field.

Run ``.venv/bin/python benchmarks/bench_core.py`` (or ``make bench``). Every figure is a ratio to
a baseline measured in the same run on the same text, so a busy or slow machine moves both sides.
The baseline is markdown-it-py's full parse, ``MarkdownIt("commonmark").enable("table")``: the
least a markdown tool that reads every card has to do. See ``benchmarks/README.md`` for how to
read the table. Exit code 0 unless ``--strict`` is given and a budget fails.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))  # cards.py, when run as a script from anywhere

import markdown_it  # noqa: E402
from cards import repeat_sections, write_cards  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

from perfcard_tui.core import gate, outline  # noqa: E402
from perfcard_tui.core.buffer import CardBuffer  # noqa: E402
from perfcard_tui.core.model import FieldKind  # noqa: E402
from perfcard_tui.core.parse import parse_card  # noqa: E402
from perfcard_tui.core.quick_blocks import block_tokens  # noqa: E402
from perfcard_tui.core.store import line_starts, read_card  # noqa: E402
from perfcard_tui.core.template import builtin_template  # noqa: E402
from perfcard_tui.core.validate import folder_stems, validate  # noqa: E402

SAMPLE = REPO / "sample_cards" / "PERF-7.md"
BIG_LINES = 6000  # "a 16x card": the 16 copies of a ~375-line card
SAMPLE_BUDGET_MS = 15.0
SCALING_BUDGET = 1.3
CHECK_BUDGET = 1.0
READER_BUDGET = 0.5  # the quick reader against markdown-it's block parse: it must pay for itself
HUGE_LINES = 101_000  # about 5 MB: the editor reads its sections when asked for
FIRST_KEY_BUDGET = 3.0  # a code block's language against a text field, first key on a card read

MD = MarkdownIt("commonmark").enable("table")
# block structure only, as parse_card runs it: the part of its time that is markdown-it's
MD_BLOCKS = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])

# the baseline for `check`: one process reads every card and gives it markdown-it's full parse
BASELINE_SCRIPT = """
import sys
from pathlib import Path
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark").enable("table")
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    md.parse(path.read_bytes().decode("utf-8-sig"))
"""
# stands in for `perfcard-tui check DIR --format json` while the CLI has no `check` command
EQUIVALENT_SCRIPT = """
import json, sys
from pathlib import Path
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template
from perfcard_tui.core.validate import folder_stems, validate
folder = Path(sys.argv[1])
template, stems, files = builtin_template(), folder_stems(folder.resolve()), []
for path in sorted(folder.glob("*.md")):
    ct = read_card(path)
    card = parse_card(ct.text, newline=ct.newline, bom=ct.bom)
    found = validate(card, template, stems=stems)
    files.append({"path": str(path), "findings": [
        {k: getattr(f, k) for k in ("severity", "code", "section", "field", "line", "message")}
        for f in found]})
json.dump({"files": files}, sys.stdout)
"""


# -- measuring ---------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def time_pair(
    ours: Callable[[], object], base: Callable[[], object], runs: int, warmup: int
) -> tuple[list[float], list[float]]:
    """Interleaved timings in seconds, so drift in the machine's load hits both sides alike."""
    for _ in range(warmup):
        ours()
        base()
    gc.collect()
    a: list[float] = []
    b: list[float] = []
    clock = time.perf_counter
    for _ in range(runs):
        t0 = clock()
        ours()
        t1 = clock()
        base()
        t2 = clock()
        a.append(t1 - t0)
        b.append(t2 - t1)
    return a, b


def wall(argv: list[str], stdout: int | IO[bytes] = subprocess.DEVNULL) -> tuple[float, int, str]:
    """Wall time of a subprocess, its exit code and the first line of its stderr."""
    t0 = time.perf_counter()
    proc = subprocess.run(argv, stdout=stdout, stderr=subprocess.PIPE, cwd=REPO, check=False)
    elapsed = time.perf_counter() - t0
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return elapsed, proc.returncode, err[0] if err else ""


@dataclass
class Verdict:
    figure: str
    value: str
    budget: str
    ok: bool | None  # None: not measured


VERDICTS: list[Verdict] = []


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def budget_line(text: str, ok: bool | None) -> None:
    print(f"   {text:<62}{verdict(ok)}")


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.2f} ms"


def count_lines(text: str) -> int:
    return len(text.splitlines())


# -- the figures -------------------------------------------------------------------------------


def bench_sample(runs: int) -> float:
    """1. parse + validate of PERF-7 vs markdown-it's full parse. Returns ours, median (s)."""
    ct = read_card(SAMPLE)
    template, stems, today = builtin_template(), folder_stems(SAMPLE.parent), dt.date.today()
    text, lines = ct.text, count_lines(ct.text)

    def ours() -> object:
        card = parse_card(text, newline=ct.newline, bom=ct.bom)
        return validate(card, template, stems=stems, today=today)

    a, b = time_pair(ours, lambda: MD.parse(text), runs, warmup=5)
    print(f"\n1. parse + validate of {SAMPLE.relative_to(REPO)} ({lines} lines), {runs} runs")
    print(f"   {'':34}{'median':>11}{'p95':>11}")
    print(f"   {'perfcard-tui parse_card+validate':34}{ms(statistics.median(a))}{ms(p95(a))}")
    print(f"   {'markdown-it full parse':34}{ms(statistics.median(b))}{ms(p95(b))}")
    ratio, ratio95 = statistics.median(a) / statistics.median(b), p95(a) / p95(b)
    print(f"   {'ratio (ours / markdown-it)':34}{ratio:10.2f}x{ratio95:10.2f}x")
    ok = statistics.median(a) * 1e3 <= SAMPLE_BUDGET_MS
    budget_line(f"budget: median <= {SAMPLE_BUDGET_MS:g} ms", ok)
    VERDICTS.append(
        Verdict(
            "1. PERF-7 parse+validate, median",
            f"{statistics.median(a) * 1e3:.2f} ms ({ratio:.2f}x md)",
            f"<= {SAMPLE_BUDGET_MS:g} ms",
            ok,
        )
    )
    return statistics.median(a)


def big_card() -> str:
    return repeat_sections(read_card(SAMPLE).text, BIG_LINES)


def chunk_texts(text: str) -> list[str]:
    """The pieces a card is read in (``outline.chunks``): what the block tokens are asked for."""
    starts = line_starts(text)
    chunks = outline.chunks(text, starts)
    ends = [starts[c.first_line] for c in chunks[1:]] + [len(text)]
    return [text[starts[c.first_line] : end] for c, end in zip(chunks, ends, strict=True)]


def bench_reader(runs: int) -> None:
    """4. The quick reader (``core/quick_blocks``) against markdown-it's block parse (as the
    parser configures it), on the sample cards' chunks that the reader takes."""
    chunks = [
        c for path in sorted(SAMPLE.parent.glob("*.md")) for c in chunk_texts(read_card(path).text)
    ]
    taken = [c for c in chunks if block_tokens(c) is not None]
    lines = sum(count_lines(c) for c in taken), sum(count_lines(c) for c in chunks)
    a, b = time_pair(
        lambda: [block_tokens(c) for c in taken],
        lambda: [MD_BLOCKS.parse(c) for c in taken],
        runs,
        warmup=3,
    )
    print(
        f"\n4. block tokens of the sample cards' chunks: the reader takes {len(taken)} of "
        f"{len(chunks)} ({lines[0]:,} of {lines[1]:,} lines), {runs} runs"
    )
    print(f"   {'':34}{'median':>11}{'p95':>11}")
    print(f"   {'quick_blocks.block_tokens':34}{ms(statistics.median(a))}{ms(p95(a))}")
    print(f"   {'markdown-it block parse':34}{ms(statistics.median(b))}{ms(p95(b))}")
    ratio = statistics.median(a) / statistics.median(b)
    print(f"   {'ratio (reader / markdown-it)':34}{ratio:10.2f}x")
    ok = ratio <= READER_BUDGET
    budget_line(f"budget: ratio <= {READER_BUDGET:g}", ok)
    VERDICTS.append(
        Verdict(
            "4. quick reader / markdown-it blocks", f"{ratio:.2f}x", f"<= {READER_BUDGET:g}", ok
        )
    )


def bench_first_keys(runs: int) -> None:
    """5. The first key typed into a code block's language box against the first key typed into
    a text field of the same section, each on a 5 MB card just read (its sections are read when
    asked for): the gate must look at the edited section, not read the card's every field."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "PERF-7.md"
        path.write_text(repeat_sections(read_card(SAMPLE).text, HUGE_LINES), encoding="utf-8")
        card = CardBuffer.open(path).card
        key = next(s.key for s in card.sections if s.title == "Code Changes")
        fields = card.section(key).fields
        code = next(f.path for f in fields if f.kind is FieldKind.CODE)
        text = next(f for f in fields if f.kind is FieldKind.TEXT)

        def first_key(edit: Callable[[object], object]) -> float:
            fresh = CardBuffer.open(path).card
            started = time.perf_counter()
            edit(fresh)
            return time.perf_counter() - started

        language, value = [], []
        for _ in range(runs):  # interleaved
            language.append(first_key(lambda c: gate.set_language(c, code, "p")))
            value.append(first_key(lambda c: gate.set_value(c, text.path, text.value + "x")))
    ratio = statistics.median(language) / statistics.median(value)
    print(f"\n5. the first key on a 5 MB card just read, {runs} runs each, interleaved")
    print(f"   {'':34}{'median':>11}")
    print(f"   {'a code block language':34}{ms(statistics.median(language))}")
    print(f"   {'a text field':34}{ms(statistics.median(value))}")
    print(f"   {'ratio (language / text field)':34}{ratio:10.2f}x")
    ok = ratio <= FIRST_KEY_BUDGET
    budget_line(f"budget: ratio <= {FIRST_KEY_BUDGET:g}", ok)
    VERDICTS.append(
        Verdict("5. first key: language / field", f"{ratio:.2f}x", f"<= {FIRST_KEY_BUDGET:g}", ok)
    )


def bench_scaling(rounds: int, small_per_round: int = 3) -> None:
    """2. the same for the 16x card, per 1,000 lines against the sample card's.

    Each round times the 16x card once and the sample card ``small_per_round`` times, each side
    alternating with markdown-it, so load that comes and goes hits both sizes alike."""
    ct = read_card(SAMPLE)
    template, stems, today = builtin_template(), folder_stems(SAMPLE.parent), dt.date.today()
    small, big = ct.text, big_card()

    def ours(text: str) -> Callable[[], object]:
        def run() -> object:
            card = parse_card(text, newline=ct.newline, bom=ct.bom)
            return validate(card, template, stems=stems, today=today)

        return run

    def base(text: str) -> Callable[[], object]:
        return lambda: MD.parse(text)

    time_pair(ours(big), base(big), 0, warmup=2)
    times: dict[str, tuple[list[float], list[float]]] = {"1x": ([], []), "16x": ([], [])}
    for _ in range(rounds):
        for name, text, n in (("16x", big, 1), ("1x", small, small_per_round)):
            a, b = time_pair(ours(text), base(text), n, warmup=0)
            times[name][0].extend(a)
            times[name][1].extend(b)
    results = {
        name: (count_lines(text), statistics.median(a), statistics.median(b), len(a))
        for (name, (a, b)), text in zip(times.items(), (small, big), strict=True)
    }

    (l1, o1, m1, n1), (l16, o16, m16, n16) = results["1x"], results["16x"]
    print(
        f"\n2. scaling: the '16x' card (PERF-7's sections repeated to {l16:,} lines, "
        f"{l16 / l1:.1f}x its {l1}), per 1,000 lines"
    )
    print(f"   {'':34}{'1x':>16}{'16x':>16}{'16x/1x':>9}")
    print(f"   {'median, ours':34}{ms(o1):>16}{ms(o16):>16}")
    print(f"   {'median, markdown-it full parse':34}{ms(m1):>16}{ms(m16):>16}")
    per = [x * 1e3 / (lines / 1000) for x, lines in ((o1, l1), (o16, l16), (m1, l1), (m16, l16))]
    for label, x1, x16 in (("ours", per[0], per[1]), ("markdown-it", per[2], per[3])):
        row = f"ms per 1,000 lines, {label}"
        print(f"   {row:34}{x1:13.2f} ms{x16:13.2f} ms{x16 / x1:9.2f}")
    print(f"   {'ratio (ours / markdown-it)':34}{o1 / m1:15.2f}x{o16 / m16:15.2f}x")
    relative = (per[1] / per[0]) / (per[3] / per[2])
    print(f"   {'ours 16x/1x over markdown-it 16x/1x':34}{relative:41.2f}")
    print(f"   ({n1} runs at 1x, {n16} at 16x, in {n16} interleaved rounds)")
    scaling = per[1] / per[0]
    ok = scaling <= SCALING_BUDGET
    budget_line(f"budget: ours, 16x/1x per line <= {SCALING_BUDGET:g} (linear = 1.0)", ok)
    VERDICTS.append(
        Verdict(
            "2. scaling, per-line cost 16x / 1x",
            f"{scaling:.2f} (md {per[3] / per[2]:.2f}, rel {relative:.2f})",
            f"<= {SCALING_BUDGET:g}",
            ok,
        )
    )


def check_command() -> list[str] | None:
    """``perfcard-tui check``, when the CLI has it."""
    exe = Path(sys.executable).parent / "perfcard-tui"
    if not exe.exists():
        return None
    try:
        proc = subprocess.run(
            [str(exe), "check", "--help"], capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0 or b"usage" not in proc.stdout.lower():
        return None
    return [str(exe), "check"]


def bench_check(count: int, seed: int, rounds: int, keep: bool) -> None:
    """3. ``check`` over generated cards vs reading them and markdown-it parsing them."""
    folder = Path(tempfile.mkdtemp(prefix="perfcard-bench-"))
    try:
        t0 = time.perf_counter()
        paths = write_cards(folder, count, seed)
        made = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in paths)
        lines = [count_lines(p.read_bytes().decode("utf-8-sig")) for p in paths]
        print(
            f"\n3. check over {count:,} generated cards (benchmarks/cards.py, seed {seed}): "
            f"{size / 1e6:.1f} MB, {min(lines)}-{max(lines)} lines "
            f"(median {int(statistics.median(lines))}), written in {made:.1f} s to {folder}"
        )
        cli = check_command()
        load_before = load_average()
        if os.getloadavg()[0] > 0.5:
            print(
                f"   NOTE: the machine is busy (load {load_before}): other work takes cores from "
                "check's worker processes more than from the 1-process baseline; re-run when idle"
            )
        if cli is not None:
            ours_argv = [*cli, str(folder), "--format", "json"]
            label = "perfcard-tui check DIR --format json"
        else:
            ours_argv = [sys.executable, "-c", EQUIVALENT_SCRIPT, str(folder)]
            label = "in-process equivalent loop *"
            print(
                "   * `perfcard-tui check` does not exist yet: measuring the equivalent loop "
                "(read, parse_card, validate, JSON) in ONE process instead"
            )
        base_argv = [sys.executable, "-c", BASELINE_SCRIPT, str(folder)]
        ours_t: list[float] = []
        base_t: list[float] = []
        problems: list[str] = []
        summary = ""
        out_path = folder.parent / (folder.name + ".json")
        for n in range(rounds):
            if n == 0:  # keep the first run's report, to see that it checked every card
                with open(out_path, "wb") as out:
                    t, rc, err = wall(ours_argv, stdout=out)
                summary = _summary(out_path, count, problems)
            else:
                t, rc, err = wall(ours_argv)
            if rc not in (0, 1):
                problems.append(f"exit {rc}: {err}")
            ours_t.append(t)
            t, rc, err = wall(base_argv)
            if rc != 0:
                problems.append(f"baseline exit {rc}: {err}")
            base_t.append(t)
        out_path.unlink(missing_ok=True)
        best, base = min(ours_t), min(base_t)
        runs = ", ".join(f"{t:.2f}" for t in ours_t)
        bruns = ", ".join(f"{t:.2f}" for t in base_t)
        print(f"   wall time, best of {rounds}{'':30}{'best':>8}   (every run, s)")
        print(f"   {label:44}{best:8.2f} s   ({runs})")
        print(f"   {'baseline: 1 process, read + md full parse':44}{base:8.2f} s   ({bruns})")
        print(f"   {'ratio (ours / baseline)':44}{best / base:8.2f}x")
        print(
            f"   per card: ours {best / count * 1e3:.2f} ms, baseline {base / count * 1e3:.2f} ms"
        )
        if summary:
            print(f"   report: {summary}")
        print(f"   load average before / after: {load_before} / {load_average()}")
        for problem in dict.fromkeys(problems):
            print(f"   PROBLEM: {problem}")
        ok = best / base <= CHECK_BUDGET and not problems
        note = "" if cli is not None else " (equivalent loop, no CLI yet)"
        budget_line(f"budget: ratio <= {CHECK_BUDGET:g}{note}", ok)
        VERDICTS.append(
            Verdict(
                f"3. check {count:,} cards / read+md parse" + ("" if cli else " *"),
                f"{best / base:.2f} ({best:.2f} s vs {base:.2f} s)",
                f"<= {CHECK_BUDGET:g}",
                ok,
            )
        )
        cost_split(paths, folder, cli is not None)
    finally:
        if keep:
            print(f"   (kept {folder})")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _summary(path: Path, count: int, problems: list[str]) -> str:
    try:
        report = json.loads(path.read_bytes())
    except (OSError, ValueError) as e:
        problems.append(f"the JSON report does not parse: {e}")
        return ""
    files = report.get("files", [])
    if len(files) != count:
        problems.append(f"the report covers {len(files)} files, not {count}")
    s = report.get("summary")
    if not isinstance(s, dict):
        findings = [f for entry in files for f in entry.get("findings", [])]
        s = {
            "files": len(files),
            **{
                k + "s": sum(f["severity"] == k for f in findings)
                for k in ("error", "warning", "info")
            },
        }
    return ", ".join(f"{s.get(k, '?')} {k}" for k in ("files", "errors", "warnings", "infos"))


def cost_split(paths: list[Path], folder: Path, have_cli: bool, step: int = 5) -> None:
    """Where a card's time goes in one process: read, parse, validate (every ``step``-th card)."""
    template, stems = builtin_template(), folder_stems(folder.resolve())
    sample = paths[::step]
    read_t = parse_t = valid_t = md_t = blocks_t = 0.0
    clock = time.perf_counter
    gc.collect()
    for path in sample:
        t0 = clock()
        ct = read_card(path)
        t1 = clock()
        card = parse_card(ct.text, newline=ct.newline, bom=ct.bom)
        t2 = clock()
        validate(card, template, stems=stems)
        t3 = clock()
        MD.parse(ct.text)
        t4 = clock()
        MD_BLOCKS.parse(ct.text)
        t5 = clock()
        read_t, parse_t, valid_t = read_t + t1 - t0, parse_t + t2 - t1, valid_t + t3 - t2
        md_t, blocks_t = md_t + t4 - t3, blocks_t + t5 - t4
    n = len(sample)
    total = read_t + parse_t + valid_t
    print(f"   in-process cost per card (single process, {n} of the cards):")
    for name, t in (("read_card", read_t), ("parse_card", parse_t), ("validate", valid_t)):
        print(f"     {name:40}{ms(t / n)}  {t / total:6.1%}")
    print(f"     {'total':40}{ms(total / n)}")
    print(f"     {'(markdown-it full parse, the baseline)':40}{ms(md_t / n)}")
    print(f"     {'(markdown-it block parse, in parse_card)':40}{ms(blocks_t / n)}")
    # what `check` loads before its first card (the CLI imports the core lazily)
    module = (
        "perfcard_tui.cli, perfcard_tui.core.validate" if have_cli else "perfcard_tui.core.validate"
    )
    starts = [wall([sys.executable, "-c", f"import {module}"])[0] for _ in range(3)]
    base_starts = [wall([sys.executable, "-c", "import markdown_it"])[0] for _ in range(3)]
    print(
        f"   process start, best of 3: python + `import {module}` {min(starts) * 1e3:.0f} ms; "
        f"python + `import markdown_it` {min(base_starts) * 1e3:.0f} ms"
    )


def profile_big(top: int) -> None:
    """cProfile of parse_card + validate on the 16x card, top functions by cumulative time."""
    ct = read_card(SAMPLE)
    template, stems = builtin_template(), folder_stems(SAMPLE.parent)
    text = big_card()
    validate(parse_card(text), template, stems=stems)  # warm caches
    profiler = cProfile.Profile()
    profiler.enable()
    validate(parse_card(text, newline=ct.newline, bom=ct.bom), template, stems=stems)
    profiler.disable()
    print(f"\nprofile: parse_card + validate of the 16x card, top {top} by cumulative time")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)


# -- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    parser.add_argument("--cards", type=int, default=1000, help="cards for figure 3 (1000)")
    parser.add_argument("--runs", type=int, default=50, help="timed runs for figure 1 (50)")
    parser.add_argument("--rounds", type=int, default=3, help="subprocess runs, best of (3)")
    parser.add_argument("--seed", type=int, default=20261126, help="card generator seed")
    parser.add_argument("--keep", action="store_true", help="keep the generated cards")
    parser.add_argument("--profile", type=int, metavar="N", default=0, help="print cProfile top N")
    parser.add_argument(
        "--only", choices=("1", "2", "3", "4", "5"), action="append", help="run only these"
    )
    args = parser.parse_args(argv)
    only = set(args.only or ("1", "2", "3", "4", "5"))

    started = time.perf_counter()
    print(
        f"perfcard-tui core benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}: "
        f"Python {platform.python_version()}, markdown-it-py {markdown_it.__version__}, "
        f"{os.cpu_count()} CPUs, load average {load_average()}"
    )
    print(
        "baseline everywhere: markdown-it-py full parse, MarkdownIt('commonmark').enable('table')"
    )
    if os.getloadavg()[0] > 0.5:
        print(
            "NOTE: other work is running on this machine: absolute times (the 15 ms budget) are "
            "inflated; the ratios, measured side by side, hold up better"
        )
    if "1" in only:
        bench_sample(args.runs)
    if "2" in only:
        bench_scaling(rounds=max(5, args.runs // 4))
    if "3" in only:
        bench_check(args.cards, args.seed, args.rounds, args.keep)
    if "4" in only:
        bench_reader(args.runs)
    if "5" in only:
        bench_first_keys(runs=5)
    if args.profile:
        profile_big(args.profile)

    print(f"\nsummary{'':37}{'figure':28}{'budget':>10}  result")
    for v in VERDICTS:
        print(f"  {v.figure:42}{v.value:28}{v.budget:>10}  {verdict(v.ok)}")
    print(f"(whole run {time.perf_counter() - started:.0f} s)")
    failed = any(v.ok is False for v in VERDICTS)
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
