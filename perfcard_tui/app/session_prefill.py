"""What the session form starts with: today, who you are, what was ticked since, and Before.

Run in a worker: the name may come from ``git config`` (a subprocess)."""

from __future__ import annotations

import datetime as dt

from ..core import sessions
from ..core.buffer import CardBuffer
from ..core.display import safe_text
from . import settings


def prefill(buffer: CardBuffer) -> tuple[sessions.SessionEntry | None, str]:
    """The prefilled entry and the primary metric's name; no entry without Progress Notes."""
    card = buffer.card
    if sessions.progress_notes_key(card) is None:
        return None, ""
    reference = buffer.session_reference or card
    entry = sessions.SessionEntry(
        date=dt.date.today().isoformat(),
        name=settings.default_name(str(buffer.path.resolve().parent)),
        # shown in the form, and written back as typed: what the person sees
        completed=tuple(safe_text(item) for item in sessions.completed_since(reference, card)),
        metrics=(("Before", safe_text(sessions.default_before(card))),),
    )
    return entry, sessions.primary_metric_name(card)
