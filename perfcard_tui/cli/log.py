"""``log``: a session entry from a script; its After typed (``--after``) or read from a
benchmark file (``--after-from``, as ``bench import`` reads it)."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from ..core.display import safe_text
from ..identity import author_name
from .bench import add_source_arguments, note, read_results
from .common import ISO_DATE, CliError, load, save, template_for

if TYPE_CHECKING:
    from ..core.bench import ResultSet
    from ..core.model import Card


def _real_date(text: str, path: str) -> str:
    text = text.strip()
    if ISO_DATE.fullmatch(text):
        try:
            date.fromisoformat(text)
            return text
        except ValueError:
            pass
    raise CliError(f"{path}: --date '{text}' is not a real date (YYYY-MM-DD)")


def add_after_from_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--after-from",
        metavar="FILE",
        help="the After from a benchmark file, read as `bench import` reads it: the result that "
        "is the primary metric",
    )
    add_source_arguments(p)


def _reading_options(args: argparse.Namespace, path: str) -> list[ResultSet]:
    """The benchmark file ``--after-from`` names, read; [] without it. ``--format``,
    ``--select`` and ``--stat`` only say how to read it."""
    if args.after_from is None:
        given = [f"--{o}" for o in ("format", "select", "stat") if getattr(args, o) is not None]
        if given:
            raise CliError(
                f"{path}: {', '.join(given)}: only with --after-from FILE (how to read it)"
            )
        return []
    if args.after is not None:
        raise CliError(f"{path}: --after and --after-from both give the After; give one")
    return read_results([args.after_from], args)


def _after_from(
    args: argparse.Namespace, sets: list[ResultSet], card: Card, before: str, path: str
) -> str:
    from ..core.bench import BenchError
    from ..core.bench.session import session_after

    try:
        found = session_after(card, sets, stat=args.stat, select=args.select, before=before)
    except BenchError as e:
        raise CliError(f"{path}: {args.after_from}: {e}") from None
    for said in found.notes:
        note(said)
    return found.text


def cmd_log(args: argparse.Namespace) -> int:
    from ..core import metrics as m
    from ..core.edits import EditError
    from ..core.gate import admit_entry, log_session
    from ..core.sessions import SessionEntry, default_before, format_entry
    from ..core.template import is_placeholder
    from ..core.validate import make_context, primary_metric

    path: str = args.path
    day = _real_date(args.date, path) if args.date is not None else date.today().isoformat()
    for option in ("before", "after"):
        given = getattr(args, option)
        if given is not None and m.parse_quantity(given) is None:
            raise CliError(
                f"{path}: --{option} '{given}' has no number with a unit we understand "
                "(e.g. 420ms, 2.1 GB, 900 req/s, 35%)"
            )
    name = (
        args.name if args.name is not None else author_name(os.path.dirname(os.path.abspath(path)))
    ).strip()
    if not name or any(c in name for c in "\r\n()"):
        raise CliError(f"{path}: --name must be one line without parentheses")
    given = tuple(
        (label, value)
        for label, value in (
            ("Before", args.before),
            ("After", args.after),
            ("Improvement", args.improvement),
        )
        if value is not None
    )
    try:  # the gate, on everything the command line gave, before the card is even read
        entry = admit_entry(
            SessionEntry(
                date=day,
                name=name,
                completed=tuple(args.completed),
                metrics=given,
                in_progress=tuple(args.in_progress),
                issues=tuple(args.issue),
                next_steps=tuple(args.next),
                notes=args.notes,
            )
        )
    except EditError as refused:
        raise CliError(f"{path}: {refused}") from None
    sets = _reading_options(args, path)
    before_text, card = load(path)
    template = template_for(path, None)
    pm = primary_metric(make_context(card, template))

    stated = dict(entry.metrics)
    before, after, gain = stated.get("Before"), stated.get("After"), stated.get("Improvement")
    from_card: tuple[str, ...] = ()
    if before is None and (after is not None or sets):
        before = default_before(card) or None  # the last session's After, else Current Value
        from_card = ("Before",)
    if sets:
        after = _after_from(args, sets, card, before or "", path)
    if gain is None and before is not None and after is not None:
        b, a = m.parse_quantity(before), m.parse_quantity(after)
        if b is not None and a is not None and not is_placeholder(before):
            direction, _ = m.infer_direction(b, pm.name)
            computed = m.improvement(b, a, direction)
            if computed is None:
                raise CliError(
                    f"{path}: no improvement follows from Before '{before}' ({b.dimension}) "
                    f"to After '{after}' ({a.dimension}); give --before or --improvement"
                )
            gain = computed.describe()
    metrics = tuple(
        (label, value)
        for label, value in (("Before", before), ("After", after), ("Improvement", gain))
        if value and value.strip()
    )
    try:
        entry = admit_entry(replace(entry, metrics=metrics), from_card=from_card)
        updated = log_session(card, entry)  # ValueError without Progress Notes: one line, exit 2
    except EditError as refused:
        raise CliError(f"{path}: {refused}") from None
    save(path, before_text, updated)
    # the echo, not the file, is made safe: Before may come from the card, the rest from a script
    sys.stdout.write(safe_text(format_entry(entry, "\n", card.mojibake)) + "\n")
    return 0
