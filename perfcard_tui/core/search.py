"""Finding text in a card (the editor's ctrl+f): every section title, field, paragraph and
finding that holds it, in card order, each with a few words around the match."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Card, FieldKind, Section
from .parse import PREAMBLE_KEY, TITLE_KEY

if TYPE_CHECKING:
    from .validate import Finding

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
    line: int = 0
    """0-based line of the card where the title, field, paragraph or finding is: the order of
    hits, and where "the next one" is when the card changed since the last."""
    block: int | None = None
    """A paragraph or list item that is no field: its position among its section's blocks."""
    finding: Finding | None = None
    """The match is in this finding's message (the card's text may not hold it at all)."""


def _snippet(text: str, at: int, length: int) -> str:
    start, end = max(at - AROUND, 0), min(at + length + AROUND, len(text))
    middle = " ".join(text[start:end].split())
    return ("…" if start else "") + middle + ("…" if end < len(text) else "")


def find(card: Card, query: str, limit: int = 200, findings: Iterable[Finding] = ()) -> list[Hit]:
    """Where ``query`` (ignoring case; blank: nothing) is in the card or in the messages of
    its ``findings``, at most ``limit``. A section's findings come after its own text."""
    needle = query.strip().casefold()
    if not needle:
        return []
    hits: list[Hit] = []
    for hit in _search(card, needle, findings):
        hits.append(hit)
        if len(hits) >= limit:
            break
    return hits


def match_span(text: str, query: str) -> tuple[int, int] | None:
    """Where ``query`` (ignoring case, as :func:`find` does) first is in ``text``, as start
    and end indexes into ``text`` itself; None when it is not there or is blank.

    Folding the case may lengthen a character (``ß`` is ``ss``): each folded character is
    mapped back to the one it came from, so the indexes are the original's."""
    needle = query.strip().casefold()
    if not needle:
        return None
    folded: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        fold = char.casefold()
        folded.append(fold)
        origin.extend([i] * len(fold))
    at = "".join(folded).find(needle)
    if at < 0:
        return None
    return origin[at], origin[at + len(needle) - 1] + 1


def next_index(hits: Sequence[Hit], last: Hit | None) -> int:
    """The hit to offer after going to ``last``: the one after it (from the last, the first
    again), or when the card changed and ``last`` is gone, the first below its line."""
    if not hits or last is None:
        return 0
    if last in hits:
        return (hits.index(last) + 1) % len(hits)
    return next((n for n, hit in enumerate(hits) if hit.line > last.line), 0)


def _search(card: Card, needle: str, findings: Iterable[Finding]) -> Iterator[Hit]:
    by_section: dict[str, list[Finding]] = {}
    for finding in findings:
        if needle in finding.message.casefold():
            key = finding.section_key
            if key not in card.section_index or key == PREAMBLE_KEY:
                key = ""
            by_section.setdefault(key, []).append(finding)
    # the card's own findings (no section, or one no longer in the card) come first
    yield from (_finding_hit(card, None, "", f, needle) for f in by_section.pop("", []))
    titles: dict[str, str] = {}
    for section in card.sections:
        if section.key == PREAMBLE_KEY:
            continue
        own = section.title
        parent = titles.get(section.parent_key, "")
        titles[section.key] = f"{parent} › {own}" if parent else own
        where = titles[section.key]
        if section.key != TITLE_KEY and (at := own.casefold().find(needle)) >= 0:
            yield Hit(section.key, "", where, _snippet(own, at, len(needle)), _line(card, section))
        # one test of the section's text spares reading each of its fields
        if needle in card.body(section.key).casefold():
            yield from _in_section(card, section, where, needle)
        for finding in by_section.get(section.key, ()):
            yield _finding_hit(card, section, where, finding, needle)


def _line(card: Card, section: Section, within: int = 0) -> int:
    return card.line_offsets[card.section_index[section.key]] + within


def _in_section(card: Card, section: Section, where: str, needle: str) -> Iterator[Hit]:
    """The section's fields and blocks that hold ``needle``, in line order."""
    hits: list[Hit] = []
    for field in section.fields:
        if field.kind is FieldKind.TABLE:
            continue  # its cells are fields of their own
        text = field.value if field.kind is not FieldKind.CHECK else field.label
        if (at := text.casefold().find(needle)) >= 0:
            if field.kind is FieldKind.CELL:
                label = f"row {field.row} › {field.label}"
            else:
                label = f"{field.parent} › {field.label}" if field.parent else field.label
            snippet = _snippet(text, at, len(needle))
            line = _line(card, section, field.line)
            hits.append(Hit(section.key, field.path, f"{where} › {label}", snippet, line))
    for n, block in enumerate(section.blocks):
        if (at := block.text.casefold().find(needle)) >= 0:
            snippet = _snippet(block.text, at, len(needle))
            hits.append(Hit(section.key, "", where, snippet, _line(card, section, block.line), n))
    hits.sort(key=lambda hit: hit.line)  # a block before a field lower down
    yield from hits


def _finding_hit(
    card: Card, section: Section | None, where: str, finding: Finding, needle: str
) -> Hit:
    """A finding whose message holds ``needle``: it goes where the finding points (its field,
    else the paragraph on its line, else its section)."""
    named = where or finding.section or "The card"
    label = f"{named} › {finding.field}" if finding.field else named
    at = finding.message.casefold().find(needle)
    snippet = _snippet(finding.message, at, len(needle))
    line = max(finding.line - 1, 0)
    block = None
    if section is not None and not finding.field_path:
        start = _line(card, section)
        block = next((n for n, b in enumerate(section.blocks) if start + b.line == line), None)
    key = section.key if section is not None else ""
    return Hit(key, finding.field_path, label, snippet, line, block, finding)
