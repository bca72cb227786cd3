"""Addressing fields from the command line and ``--goto``: slug paths, and unique suffixes.

``current-performance/primary-metric/current-value``, or any unique tail of it at a ``/``
(``current-value``); a segment may also be written as its label (``Current Value``).
A paragraph or list item that is no field has an address instead (``block_paths``).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from .model import Card
from .names import slug


class FieldNotFound(LookupError):
    """No field, or more than one, answers to a path. ``candidates`` says what would."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


def query_slug(query: str) -> str:
    """A query as paths spell it: each segment slugged, so a title or label reads as written."""
    parts = [p for p in query.strip().strip("/").split("/") if p.strip()]
    return "/".join(slug(p) or p.strip().lower() for p in parts)


def closest(query: str, paths: Sequence[str], limit: int = 10) -> list[str]:
    """Paths that look most like ``query``, comparing it with as many of their last segments
    (a typo in a suffix is a typo in the tail, not in the whole path)."""
    depth = query.count("/") + 1
    scored = []
    for path in paths:
        tail = "/".join(path.split("/")[-depth:])
        score = max(
            difflib.SequenceMatcher(None, query, tail).ratio(),
            0.9 if query and query in path else 0.0,
        )
        if score >= 0.6:
            scored.append((-score, path))
    return [p for _, p in sorted(scored)[:limit]]


def resolve_field(card: Card, query: str) -> str:
    """The one field path ``query`` names: an exact path wins, then a unique suffix."""
    wanted = list(dict.fromkeys((query.strip().strip("/"), query_slug(query))))
    for candidate in wanted:
        if card.has_field(candidate):
            return candidate
    paths = list(card.field_index)  # a suffix: every field must be looked at
    for candidate in wanted:
        matches = [p for p in paths if p.endswith("/" + candidate)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            more = [f"… and {len(matches) - 10} more"] if len(matches) > 10 else []
            raise FieldNotFound(
                f"field '{query}' is ambiguous: {len(matches)} fields match; give more of the path",
                [*matches[:10], *more],
            )
    raise FieldNotFound(f"no field '{query}'", closest(query_slug(query), paths))
