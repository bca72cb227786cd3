"""``bench import``: benchmark results from the files tools write, into a card's numbers.

The work is the core's (``core.bench``): read each file, detect its format, and
``import_results`` gives the new card and what changed. This module reads the arguments, prints
a diff (``--dry-run``) or what changed, and saves once, atomically. Only the standard library is
imported here: the core is loaded when the command runs.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.display import safe_text
from .common import PROG, CliError, for_stdout, load, save

if TYPE_CHECKING:
    from ..core.bench import ResultSet

FORMAT_NAMES = (
    "auto",
    "pytest-benchmark",
    "hyperfine",
    "google-benchmark",
    "criterion",
    "jmh",
    "k6",
    "go",
    "benchstat",
    "wrk",
)


def add_source_arguments(p: argparse.ArgumentParser) -> None:
    """How a benchmark file is read: ``bench import`` and ``log --after-from`` take the same."""
    p.add_argument(
        "--format",
        choices=FORMAT_NAMES,
        metavar="NAME",
        help="the tool that wrote the file: " + ", ".join(FORMAT_NAMES) + " (default: auto)",
    )
    p.add_argument(
        "--select", metavar="PATTERN", help="only benchmarks whose name matches (glob or text)"
    )
    p.add_argument(
        "--stat",
        metavar="STAT",
        help="mean, median, min, max, p90, p95, p99... (default: the one the row or the primary "
        "metric names, else the tool's centre)",
    )


def add_import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="CARD")
    p.add_argument("files", metavar="FILE", nargs="+", help="benchmark output files")
    p.add_argument(
        "--as",
        dest="side",
        choices=("before", "after"),
        default="after",
        help="which numbers these are (default: after)",
    )
    add_source_arguments(p)
    p.add_argument("--metric", metavar="NAME", help="the Performance Comparison row to fill")
    p.add_argument(
        "--dry-run", action="store_true", help="print the diff it would write; write nothing"
    )


def note(text: str) -> None:
    sys.stderr.write(f"{PROG}: note: {safe_text(text)}\n")


def read_results(files: list[str], args: argparse.Namespace) -> list[ResultSet]:
    """The files read as ``--format`` and ``--select`` say: one tool's files at a time."""
    from ..core.bench import BenchError, read_file

    try:
        sets = [read_file(f, args.format or "auto", args.select) for f in files]
    except BenchError as e:
        raise CliError(str(e)) from None
    if len({s.format for s in sets}) > 1:
        named = ", ".join(f"{s.source} is {s.label}" for s in sets)
        raise CliError(f"mixed formats ({named}); import one tool's files at a time")
    return sets


def cmd_bench_import(args: argparse.Namespace) -> int:
    from ..core.bench import BenchError, ImportOptions, import_results
    from ..core.bench.describe import describe_change

    path: str = args.path
    before, card = load(path)
    sets = read_results(args.files, args)
    options = ImportOptions(side=args.side, metric=args.metric, stat=args.stat, select=args.select)
    try:
        outcome = import_results(card, sets, options)
    except BenchError as e:
        raise CliError(f"{path}: {e}") from None
    for said in outcome.notes:
        note(said)
    if args.dry_run:
        diff = difflib.unified_diff(
            before.text.splitlines(keepends=True),
            outcome.card.text.splitlines(keepends=True),
            fromfile=path,
            tofile=path,
        )
        text = "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in diff)
        sys.stdout.write(for_stdout(text) if text else f"{path}: nothing would change\n")
        return 0
    written = save(path, before, outcome.card)
    files = ", ".join(Path(s.source).name for s in sets)
    labels = ", ".join(sorted({s.label for s in sets}))
    lines = [
        f"{path}: {len(outcome.imported)} results from {files} ({labels}) as {args.side}"
        + ("" if written else "; nothing changed"),
        *(f"  {describe_change(change)}" for change in outcome.changes),
    ]
    sys.stdout.write(safe_text("\n".join(lines)) + "\n")
    return 0
