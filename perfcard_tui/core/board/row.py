"""One row per card: what the board shows and ``list --json`` prints, from one function.

A row is made in two steps. ``row_for(card_file)`` needs only the file's name and place (ID,
type, status, priority, sprint and owner of a gitban name; a title made from its slug), so a
board of 10,000 cards shows them at once. ``row_for(card_file, facts)`` adds what reading the
card gave (``facts.CardFacts``: its title, checklist progress, sessions, findings, metric, and
the front matter or lock file for what the name does not say). ``make_rows`` does both for every
card and flags the IDs that more than one file holds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from .scan import CardFile

# "PERF-7" in "PERF-7.md", "PERF-7-slow-export.md" or "# PERF-7: p95 regression"
_ID_PREFIX = re.compile(r"^([A-Za-z][A-Za-z0-9]*-\d+)(?![A-Za-z0-9])")


def fold(text: str) -> str:
    """Case and the ``-``/``_`` spelling of a status ignored: how filters compare text."""
    return text.casefold().replace("-", "_")


def id_prefix(text: str) -> str:
    """An ``ABC-123`` card ID at the start of a file stem or title, else ""."""
    match = _ID_PREFIX.match(text.strip())
    return match.group(1) if match else ""


@dataclass(frozen=True, slots=True)
class CardFacts:
    """What reading and checking one card tells its row (and what the cache keeps of it)."""

    title: str = ""
    id: str = ""
    """From the front matter's ``id``, else an ``ABC-123`` at the start of the title."""
    type: str = ""
    status: str = ""
    """The front matter's, else where the card stands by what it holds (the review's status,
    in gitban's spelling: ``in_progress``); a gitban file name's status wins over both."""
    priority: int | None = None
    sprint: str = ""
    owner: str = ""
    """From the front matter, else the card's gitban lock file."""
    done: int = 0
    total: int = 0
    """Ticked and all checklist items the card must tick (the summary's ``checklist``)."""
    sessions: int = 0
    last_session: str = ""
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    metric: str = ""
    """A perf card's primary metric, with its values as written."""
    current: str = ""
    target: str = ""
    measured: str = ""
    """The latest measured After."""
    goal_met: bool | None = None
    """Whether ``measured`` meets ``target``; None when nothing comparable is measured."""
    problem: str = ""
    """Set when the card could not be read: the one-line reason; everything else is empty."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: object) -> CardFacts | None:
        """Facts from a cache entry; None when the data is not their shape."""
        if not isinstance(data, dict) or set(data) != _FACT_NAMES:
            return None
        if not all(_fits(name, value) for name, value in data.items()):
            return None
        return cls(**data)


_FACT_NAMES = frozenset(f.name for f in fields(CardFacts))
_COUNTS = frozenset({"done", "total", "sessions", "errors", "warnings", "infos"})


def _fits(name: str, value: object) -> bool:
    """Whether ``value`` has the type of the fact ``name`` (JSON has no bool/int distinction
    that ``isinstance`` respects: True is an int)."""
    if name == "priority":
        return value is None or type(value) is int
    if name == "goal_met":
        return value is None or type(value) is bool
    return type(value) is (int if name in _COUNTS else str)


@dataclass(frozen=True, slots=True)
class Row:
    """A card on the board. Counts are None until the card has been read."""

    path: str
    id: str
    title: str
    type: str
    status: str
    priority: int | None
    sprint: str
    owner: str
    done: int | None
    total: int | None
    sessions: int | None
    last_session: str
    errors: int | None
    warnings: int | None
    metric: str
    current: str
    target: str
    measured: str
    goal_met: bool | None
    archived: bool
    duplicate: bool
    """Another file holds the same card ID (the same card in two statuses, say)."""
    read: bool
    """The card has been read and checked; False: the row comes from its file name alone."""
    problem: str
    """Why the card could not be read; "" when it was, or has not been yet."""
    haystack: str = field(init=False, repr=False, compare=False)
    """What a filter's plain words are looked for in (ID, title, owner, sprint, path), folded
    once here: folding it for every row at every key took most of a keystroke on 10,000 cards."""

    def __post_init__(self) -> None:
        text = " ".join((self.id, self.title, self.owner, self.sprint, self.path))
        object.__setattr__(self, "haystack", fold(text))

    @property
    def progress(self) -> str:
        """``3/5``, or "" while unread or without checklist items."""
        return f"{self.done}/{self.total}" if self.total else ""

    @property
    def metric_text(self) -> str:
        """``420ms → 180ms`` for a perf card whose Current and Target are filled in."""
        if not (self.current or self.target):
            return ""
        return f"{self.current or '?'} → {self.target or '?'}"

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ROW_FIELDS}


ROW_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Row) if f.init)


def _slug_title(slug: str) -> str:
    return slug.replace("-", " ").strip()


def row_for(card: CardFile, facts: CardFacts | None = None) -> Row:
    """The row of one card: from its name and place, and from ``facts`` once it has been read.
    The file name wins where it says something (gitban renames the file to change a status);
    the front matter and lock file fill in what it does not. ``duplicate`` is left False:
    ``make_rows`` sees every card."""
    name = card.name
    stem = card.path.replace("\\", "/").rsplit("/", 1)[-1][:-3]
    read = facts is not None and not facts.problem
    got = facts if read and facts is not None else CardFacts()
    title = got.title or (_slug_title(name.slug) if name else stem)
    return Row(
        path=card.path,
        id=(name.id if name else "") or got.id or id_prefix(stem),
        title=title,
        type=(name.type if name else "") or got.type,
        status=(name.status if name else "") or got.status,
        priority=name.priority if name else got.priority,
        sprint=(name.sprint if name else "") or got.sprint,
        owner=(name.owner if name else "") or got.owner,
        done=got.done if read else None,
        total=got.total if read else None,
        sessions=got.sessions if read else None,
        last_session=got.last_session,
        errors=got.errors if read else None,
        warnings=got.warnings if read else None,
        metric=got.metric,
        current=got.current,
        target=got.target,
        measured=got.measured,
        goal_met=got.goal_met,
        archived=card.archived,
        duplicate=False,
        read=read,
        problem=facts.problem if facts is not None else "",
    )


def duplicate_ids(rows: Iterable[Row]) -> frozenset[str]:
    """Card IDs (lower case) that more than one row holds."""
    counts = Counter(row.id.lower() for row in rows if row.id)
    return frozenset(card_id for card_id, n in counts.items() if n > 1)


def flag_duplicates(rows: list[Row]) -> list[Row]:
    """The rows, each marked when another row holds its ID (and unmarked when none does)."""
    twice = duplicate_ids(rows)

    def flagged(row: Row) -> Row:
        duplicate = bool(row.id) and row.id.lower() in twice
        return row if row.duplicate == duplicate else replace(row, duplicate=duplicate)

    return [flagged(row) for row in rows]


def make_rows(cards: Iterable[CardFile], facts: Mapping[str, CardFacts] | None = None) -> list[Row]:
    """Every card's row, in the order given, with what is known of each so far (``facts`` by
    path: none at first, all of them for ``list``), duplicated IDs flagged."""
    known = facts or {}
    return flag_duplicates([row_for(card, known.get(card.path)) for card in cards])


def remake_rows(
    rows: list[Row],
    cards: Mapping[str, CardFile],
    facts: Mapping[str, CardFacts],
    paths: Collection[str],
) -> list[Row]:
    """``rows`` with those of ``paths`` made again from what is known of them now: what a batch
    of cards read changes. Making every row again for each batch cost the board a quarter of
    a second per batch at 10,000 cards, hundreds of times while they were read."""
    if not paths:
        return rows
    remade = list(rows)
    ids_moved = False
    for i, row in enumerate(rows):
        if row.path in paths and row.path in cards:
            new = row_for(cards[row.path], facts.get(row.path))
            if new.id.lower() != row.id.lower():
                ids_moved = True
            elif row.duplicate:
                new = replace(new, duplicate=True)
            remade[i] = new
    # the same IDs as before (a gitban name's, read again): the same duplicates. Flagging them
    # again counted 10,000 IDs at every batch read (a third of a batch's time on the UI thread)
    return flag_duplicates(remade) if ids_moved else remade
