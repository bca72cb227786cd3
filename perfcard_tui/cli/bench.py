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

from ..core.display import safe_text
from .common import PROG, CliError, for_stdout, load, save

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
    p.add_argument(
        "--format",
        default="auto",
        choices=FORMAT_NAMES,
        metavar="NAME",
        help="the tool that wrote FILE: " + ", ".join(FORMAT_NAMES) + " (default: auto)",
    )
    p.add_argument("--metric", metavar="NAME", help="the Performance Comparison row to fill")
    p.add_argument(
        "--select", metavar="PATTERN", help="only benchmarks whose name matches (glob or text)"
    )
    p.add_argument(
        "--stat",
        metavar="STAT",
        help="mean, median, min, max, p90, p95, p99... (default: the one the row or the primary "
        "metric names, else the tool's centre)",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="print the diff it would write; write nothing"
    )


def _note(text: str) -> None:
    sys.stderr.write(f"{PROG}: note: {safe_text(text)}\n")


def _shown(value: str) -> str:
    text = " ".join(value.split())
    return f"'{text}'" if text else "(empty)"


def cmd_bench_import(args: argparse.Namespace) -> int:
    from ..core.bench import BenchError, ImportOptions, import_results, read_file

    path: str = args.path
    before, card = load(path)
    try:
        sets = [read_file(f, args.format) for f in args.files]
    except BenchError as e:
        raise CliError(str(e)) from None
    formats = {s.format for s in sets}
    if len(formats) > 1:
        named = ", ".join(f"{s.source} is {s.label}" for s in sets)
        raise CliError(f"mixed formats ({named}); import one tool's files at a time")
    options = ImportOptions(side=args.side, metric=args.metric, stat=args.stat, select=args.select)
    try:
        outcome = import_results(card, sets, options)
    except BenchError as e:
        raise CliError(f"{path}: {e}") from None
    for note in outcome.notes:
        _note(note)
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
        + ("" if written else "; nothing changed")
    ]
    for change in outcome.changes:
        if "\n" in change.new or "\n" in change.old:
            old_lines = len(change.old.rstrip("\n").split("\n")) if change.old.strip() else 0
            lines.append(
                f"  {change.where}: {len(change.new.rstrip(chr(10)).split(chr(10)))} lines "
                f"(was {old_lines})"
            )
        else:
            lines.append(f"  {change.where}: {_shown(change.old)} → {_shown(change.new)}")
    sys.stdout.write(safe_text("\n".join(lines)) + "\n")
    return 0
