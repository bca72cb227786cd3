"""``log``: a session entry from a script."""

from __future__ import annotations

import argparse
import os
import sys
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
    before_text, card = load(path)
    template = template_for(path, None)
    pm = primary_metric(make_context(card, template))

    stated = dict(entry.metrics)
    before, after, gain = stated.get("Before"), stated.get("After"), stated.get("Improvement")
    from_card: tuple[str, ...] = ()
    if before is None and after is not None:
        before = default_before(card) or None  # the last session's After, else Current Value
        from_card = ("Before",)
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
        entry = admit_entry(entry.model_copy(update={"metrics": metrics}), from_card=from_card)
        updated = log_session(card, entry)  # ValueError without Progress Notes: one line, exit 2
    except EditError as refused:
        raise CliError(f"{path}: {refused}") from None
    save(path, before_text, updated)
    # the echo, not the file, is made safe: Before may come from the card, the rest from a script
    sys.stdout.write(safe_text(format_entry(entry, "\n", card.mojibake)) + "\n")
    return 0
