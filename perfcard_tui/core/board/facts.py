"""What a card's row learns from reading it: ``card_facts`` over a checked card.

Everything is taken from the core's own answers (``summarize`` for progress, sessions and the
metric; the findings for the counts), so the board never disagrees with the review or ``check``.
The front matter and the lock file fill in what a card's file name does not say.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from ..gitban.card_state import card_state, normal_status
from ..gitban.front_matter import front_matter
from ..gitban.lock import cards_root, read_lock
from ..gitban.names import parse_card_name
from ..model import Card
from ..summary import summarize
from ..template import Template
from ..validate import Finding
from .row import CardFacts, id_prefix

_PRIORITY = re.compile(r"[Pp]?([0-9])")
_OWNER_KEYS = ("owner", "assignee")


def _priority(value: str) -> int | None:
    match = _PRIORITY.fullmatch(value.strip())
    return int(match.group(1)) if match else None


def _lock_owner(path: str) -> str:
    """The owner a gitban card's lock file names, "" without one."""
    name = parse_card_name(os.path.basename(path))
    root = cards_root(Path(os.path.abspath(path))) if name else None
    lock = read_lock(root, name.id) if root is not None and name is not None else None
    return lock.owner if lock is not None else ""


def card_facts(path: str, card: Card, template: Template, findings: Sequence[Finding]) -> CardFacts:
    """The facts of a card already read and parsed (``card``) and checked (``findings``
    against ``template``)."""
    summary = summarize(card, template, list(findings))
    head = card.pieces[0]  # front matter is the first section's
    keys = front_matter(head)
    state = card_state(head)  # the front matter's type and status, in gitban's spelling
    # a card gitban did not name says where it stands by what it holds (the review's status)
    status = state.status or normal_status(summary.status.value)
    owner = next((keys[k] for k in _OWNER_KEYS if keys.get(k)), "") or _lock_owner(path)
    title = summary.title or keys.get("title", "")
    metric = summary.metric
    return CardFacts(
        title=title,
        id=keys.get("id", "") or id_prefix(title),
        type=state.type,
        status=status,
        priority=_priority(keys.get("priority", "")),
        sprint=keys.get("sprint", ""),
        owner=owner,
        done=summary.checklist.done,
        total=summary.checklist.total,
        sessions=summary.sessions,
        last_session=summary.last_session_date,
        errors=summary.findings.errors,
        warnings=summary.findings.warnings,
        infos=summary.findings.infos,
        metric=metric.name if (metric.current or metric.target) else "",
        current=metric.current,
        target=metric.target,
        measured=metric.measured,
        goal_met=metric.target_met,
    )
