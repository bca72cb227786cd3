"""Addressing fields from the command line: slug paths, and any unique suffix of one."""

from __future__ import annotations

import difflib

from .model import Card


class FieldNotFound(LookupError):
    """No field, or more than one, answers to a path. ``candidates`` says what would."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


def resolve_field(card: Card, query: str) -> str:
    """The one field path ``query`` names: an exact path, or a unique suffix at a ``/``."""
    query = query.strip().strip("/").lower()
    if query in card.field_index:
        return query
    matches = [p for p in card.field_index if p.endswith("/" + query)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise FieldNotFound(f"'{query}' is ambiguous: {len(matches)} fields end with it", matches)
    close = difflib.get_close_matches(query, list(card.field_index), n=10, cutoff=0.4)
    tails = [p for p in card.field_index if query in p]
    raise FieldNotFound(f"no field '{query}'", (tails or close)[:10])
