"""``log``: a session entry from a script."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date

from ..core.display import safe_text
from ..identity import author_name
from .common import ISO_DATE, CliError, load, save, template_for


def _real_date(text: str, path: str) -> str:
    text = text.strip()
    if ISO_DATE.fullmatch(text):
        try:
            date.fromisoformat(text)
            return text
        except ValueError:
            pass
    raise CliError(f"{path}: --date '{text}' is not a real date (YYYY-MM-DD)")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _items(texts: Sequence[str]) -> tuple[str, ...]:
    """List items as the entry writes them: one line each, empty ones dropped."""
    return tuple(_one_line(t) for t in texts if t.strip())


def cmd_log(args: argparse.Namespace) -> int:
    from ..core import metrics as m
    from ..core.sessions import SessionEntry, default_before, format_entry, insert_session
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
    before_text, card = load(path)
    template = template_for(path, None)
    pm = primary_metric(make_context(card, template))

    before = args.before
    if before is None and args.after is not None:
        before = default_before(card) or None  # the last session's After, else Current Value
    gain = args.improvement
    if gain is None and before is not None and args.after is not None:
        b, a = m.parse_quantity(before), m.parse_quantity(args.after)
        if b is not None and a is not None and not is_placeholder(before):
            direction, _ = m.infer_direction(b, pm.name)
            computed = m.improvement(b, a, direction)
            if computed is None:
                raise CliError(
                    f"{path}: no improvement follows from Before '{before}' ({b.dimension}) "
                    f"to After '{args.after}' ({a.dimension}); give --before or --improvement"
                )
            gain = computed.describe()
    metrics = tuple(
        (label, _one_line(value))
        for label, value in (("Before", before), ("After", args.after), ("Improvement", gain))
        if value and value.strip()
    )
    name = (
        args.name if args.name is not None else author_name(os.path.dirname(os.path.abspath(path)))
    ).strip()
    if not name or any(c in name for c in "\r\n()"):
        raise CliError(f"{path}: --name must be one line without parentheses")
    entry = SessionEntry(
        date=day,
        name=name,
        completed=_items(args.completed),
        metrics=metrics,
        in_progress=_items(args.in_progress),
        issues=_items(args.issue),
        next_steps=_items(args.next),
        notes=args.notes,
    )
    updated = insert_session(card, entry)  # ValueError without Progress Notes: one line, exit 2
    save(path, before_text, updated)
    # the echo, not the file, is made safe: Before may come from the card, the rest from a script
    sys.stdout.write(safe_text(format_entry(entry, "\n", card.mojibake)) + "\n")
    return 0
