"""gitban's card file names: ``[{SPRINT}-]{status}-P{0|1|2}-{type}-{slug}-{id}[-{OWNER}].md``.

A status change is a rename, so the name is where a card's status, priority and type live.
The priority (``-P0-``) is the one fixed anchor: everything before it is ``[sprint-]status``
(statuses use ``_``, never ``-``), everything after it is the type, the slug, the 6-character
id and an optional owner. Slugs hold hyphens, so the type is taken from gitban's known types
first (``docs-adr`` before ``docs``) and the id from the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CARD_TYPES = (
    "bug",
    "feature",
    "chore",
    "docs-adr",
    "docs",
    "spike",
    "refactor",
    "test",
    "ci",
    "build",
    "style",
    "perf",
)
_ANCHOR = re.compile(r"-P([012])-")
_ID = re.compile(r"[a-z0-9]{6}")
_STATUS = re.compile(r"[a-z][a-z_]*")


@dataclass(frozen=True, slots=True)
class CardName:
    status: str
    priority: int
    type: str
    slug: str
    id: str
    sprint: str = ""
    owner: str = ""


def _split_type(rest: str) -> tuple[str, str]:
    for known in CARD_TYPES:
        if rest.startswith(known + "-"):
            return known, rest[len(known) + 1 :]
    head, _, tail = rest.partition("-")
    return head, tail


def parse_card_name(filename: str) -> CardName | None:
    """The parts of a gitban card's file name, or None when the name is not one."""
    if not filename.endswith(".md"):
        return None
    stem = filename[:-3]
    anchor = _ANCHOR.search(stem)
    if anchor is None:
        return None
    before, after = stem[: anchor.start()], stem[anchor.end() :]
    sprint, _, status = before.rpartition("-")
    if not _STATUS.fullmatch(status):
        return None
    card_type, rest = _split_type(after)
    parts = rest.split("-")
    owner = ""
    if len(parts) >= 3 and not _ID.fullmatch(parts[-1]) and _ID.fullmatch(parts[-2]):
        owner = parts.pop()
    if len(parts) < 2 or not _ID.fullmatch(parts[-1]) or not card_type:
        return None
    return CardName(
        status=status,
        priority=int(anchor.group(1)),
        type=card_type,
        slug="-".join(parts[:-1]),
        id=parts[-1],
        sprint=sprint,
        owner=owner,
    )
