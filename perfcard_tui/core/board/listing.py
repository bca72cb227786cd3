"""A folder's board in one call: ``read_board`` scans, reads what the cache cannot answer, and
makes the rows. ``list`` prints it; the Textual board does the same steps itself so it can show
the rows first (``make_rows(scan.cards)``) and fill each in as ``Judge.results`` yields it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .cache import Cache
from .results import Judge
from .row import CardFacts, Row, make_rows
from .scan import OtherFile, scan


@dataclass(frozen=True, slots=True)
class Board:
    folder: str
    """The folder searched (a repository's ``.gitban/cards``)."""
    rows: tuple[Row, ...]
    """Every card, archived ones included, by path."""
    others: tuple[OtherFile, ...]
    problems: tuple[str, ...]
    """Sub-folders that could not be listed."""


def read_board(
    folder: str,
    *,
    override: str | None = None,
    cache: Cache | None = None,
    today: date | None = None,
    workers: int | None = None,
) -> Board:
    """Every card below ``folder`` as a row, read and checked (through ``cache`` when given).
    A missing folder or a file raises OSError."""
    found = scan(folder)
    judge = Judge(override=override, cache=cache, today=today, want_facts=True, workers=workers)
    stamps = {card.path: card.stamp for card in found.cards}
    facts: dict[str, CardFacts] = {}
    for result in judge.results([card.path for card in found.cards], stamps):
        if result.facts is not None:
            facts[result.path] = result.facts
    return Board(found.folder, tuple(make_rows(found.cards, facts)), found.others, found.problems)
