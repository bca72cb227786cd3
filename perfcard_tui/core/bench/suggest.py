"""What the editor's import dialog offers before anything is typed: the comparison rows a result
can go to, and which side the numbers most likely are."""

from __future__ import annotations

from ..model import Card
from ..names import normalise
from ..template import real_text
from ..validate import comparison_rows


def _comparison(card: Card) -> list[tuple[str, str]]:
    section = next(
        (s for s in card.sections if normalise(s.title) == "performance comparison"), None
    )
    return [(row.metric, row.before) for row in comparison_rows(card, section)]


def row_names(card: Card) -> list[str]:
    """The Metric cells of Performance Comparison that hold a real name, in order, once each."""
    return list(dict.fromkeys(name for name, _ in _comparison(card) if real_text(name)))


def likely_side(card: Card) -> str:
    """``before`` while no comparison row has a Before number yet (the first import of a card
    is its baseline), else ``after``."""
    return "after" if any(real_text(before) for _, before in _comparison(card)) else "before"
