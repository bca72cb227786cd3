"""Finding text in a card (the editor's ctrl+f): every section title, field and paragraph that
holds it, in card order, each with a few words around the match."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .model import Card, FieldKind
from .parse import PREAMBLE_KEY, TITLE_KEY

# words shown either side of a match
AROUND = 30


@dataclass(frozen=True, slots=True)
class Hit:
    section_key: str
    field_path: str
    """"" for a section's title or a paragraph that is no field: the section opens."""
    where: str
    """``Root Cause › Profiling Data › Time Spent``."""
    snippet: str


def _snippet(text: str, at: int, length: int) -> str:
    start, end = max(at - AROUND, 0), min(at + length + AROUND, len(text))
    middle = " ".join(text[start:end].split())
    return ("…" if start else "") + middle + ("…" if end < len(text) else "")


def find(card: Card, query: str, limit: int = 200) -> list[Hit]:
    """Where ``query`` (ignoring case; blank: nothing) is in the card, at most ``limit``."""
    needle = query.strip().casefold()
    if not needle:
        return []
    hits: list[Hit] = []
    for hit in _search(card, needle):
        hits.append(hit)
        if len(hits) >= limit:
            break
    return hits


def _search(card: Card, needle: str) -> Iterator[Hit]:
    titles: dict[str, str] = {}
    for section in card.sections:
        if section.key == PREAMBLE_KEY:
            continue
        own = section.title
        parent = titles.get(section.parent_key, "")
        titles[section.key] = f"{parent} › {own}" if parent else own
        where = titles[section.key]
        if section.key != TITLE_KEY and (at := own.casefold().find(needle)) >= 0:
            yield Hit(section.key, "", where, _snippet(own, at, len(needle)))
        if needle not in card.body(section.key).casefold():
            continue  # one test of the section's text spares reading each of its fields
        for field in section.fields:
            if field.kind is FieldKind.TABLE:
                continue  # its cells are fields of their own
            text = field.value if field.kind is not FieldKind.CHECK else field.label
            if (at := text.casefold().find(needle)) >= 0:
                if field.kind is FieldKind.CELL:
                    label = f"row {field.row} › {field.label}"
                else:
                    label = f"{field.parent} › {field.label}" if field.parent else field.label
                yield Hit(
                    section.key, field.path, f"{where} › {label}", _snippet(text, at, len(needle))
                )
        for block in section.blocks:
            if (at := block.text.casefold().find(needle)) >= 0:
                yield Hit(section.key, "", where, _snippet(block.text, at, len(needle)))
