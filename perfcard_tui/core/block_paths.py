"""Addresses for blocks (a paragraph or list item that is no field): ``SECTION#item-N`` and
``SECTION#paragraph-N`` (DECISIONS 66).

``root-cause/why-this-is-slow#item-2`` is the second list item of that section that is no
field, counted in line order among the section's blocks of its kind, nested sub-bullets
included. Blocks of a session entry in Progress Notes get none: an entry is ``log``'s and the
session form's, and the gate refuses a change to one.

The ``#`` is what tells an address from a field path: section keys and field paths are slugs
joined by ``/``, and a slug never holds a ``#``. A number rather than the block's text keeps
an address while the block is typed over (a checklist item's path follows its text, and
changes with it); the gate keeps every block's kind and the number of blocks of its section,
so setting one block never moves another's address.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from . import edits
from .model import Block, Card, Span
from .paths import FieldNotFound, closest, query_slug, resolve_field
from .sessions import parse_sessions, progress_notes_key
from .store import split_lines

BlockKind = Literal["item", "paragraph"]

# the section part may be written as titles with spaces ("Why This Is Slow#item-2"), as a
# field path's segments may
_ADDRESS = re.compile(
    r"(?P<section>[^#]*?)[ \t]*#(?P<kind>item|paragraph)-(?P<number>\d+)", re.IGNORECASE
)
# what stands between the start of an item's line and its text (`edits.block_is_item`'s)
# a list marker opening a line, after its indent and any quote markers: `> 1. 1`
_ITEM_LINE = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


@dataclass(frozen=True, slots=True)
class BlockRef:
    """One block's address, and where the gate finds it."""

    key: str
    """The section's key."""
    index: int
    """Its position among the section's blocks: what ``gate.set_block`` takes."""
    kind: BlockKind
    number: int
    """1-based, among the section's blocks of its kind that have an address."""

    @property
    def address(self) -> str:
        return f"{self.key}#{self.kind}-{self.number}"

    @property
    def label(self) -> str:
        """What the form calls it."""
        return "Item" if self.kind == "item" else "Paragraph"


def _line_text(card: Card, section: int, block: Block) -> str:
    lines = split_lines(card.pieces[section])
    return lines[block.line] if block.line < len(lines) else ""


def _kind(card: Card, section: int, index: int) -> BlockKind:
    block = card.sections[section].blocks[index]
    if block.span is None:
        # the parser could not tell where its text starts, so judge the line it opens
        return "item" if _ITEM_LINE.match(_line_text(card, section, block)) else "paragraph"
    return "item" if edits.block_is_item(card, card.sections[section].key, index) else "paragraph"


def entry_spans(card: Card, key: str | None) -> list[Span]:
    """Where the session entries are, in the card, when ``key`` is Progress Notes (else [])."""
    if key is None or key != progress_notes_key(card):
        return []
    return [entry.span for entry in parse_sessions(card)]


def _in_entry(card: Card, section: int, block: Block, entries: Sequence[Span]) -> bool:
    if not entries:
        return False
    start = card.offsets[section] + (
        block.span.start if block.span is not None else _line_start(card, section, block)
    )
    return any(span.start <= start < span.end for span in entries)


def _line_start(card: Card, section: int, block: Block) -> int:
    return sum(len(line) for line in split_lines(card.pieces[section])[: block.line])


def section_blocks(card: Card, key: str) -> list[BlockRef]:
    """The addressed blocks of one section, in the order of its blocks."""
    return _section_blocks(card, card.section_index[key], entry_spans(card, key))


def outside_entries(card: Card, key: str) -> list[int]:
    """The positions of a section's blocks that are no session entry's (an entry is ``log``'s
    and the session form's): the blocks that have an address, and that the form edits."""
    return _outside(card, card.section_index[key], entry_spans(card, key))


def _outside(card: Card, i: int, entries: Sequence[Span]) -> list[int]:
    blocks = card.sections[i].blocks
    return [n for n, block in enumerate(blocks) if not _in_entry(card, i, block, entries)]


def _section_blocks(card: Card, i: int, entries: Sequence[Span]) -> list[BlockRef]:
    key = card.sections[i].key
    counts = {"item": 0, "paragraph": 0}
    found = []
    for n in _outside(card, i, entries):
        kind = _kind(card, i, n)
        counts[kind] += 1
        found.append(BlockRef(key, n, kind, counts[kind]))
    return found


def block_refs(card: Card) -> Iterator[BlockRef]:
    """Every addressed block of the card, section by section (this reads every section)."""
    notes = progress_notes_key(card)  # once: a card may have 90,000 sections
    for i, section in enumerate(card.sections):
        if section.blocks:
            entries = entry_spans(card, notes) if section.key == notes else []
            yield from _section_blocks(card, i, entries)


def block_of(card: Card, ref: BlockRef) -> Block:
    return card.section(ref.key).blocks[ref.index]


def editable(card: Card, ref: BlockRef) -> bool:
    """Whether the parser placed its text, so that ``set`` can write it."""
    return block_of(card, ref).span is not None


def block_text(card: Card, ref: BlockRef) -> str:
    """What ``get`` prints: the text as it is edited (``\\n`` breaks, continuation indent
    removed, trailing spaces kept); for a block that cannot be edited, what markdown reads."""
    if editable(card, ref):
        return edits.block_value(card, ref.key, ref.index)
    return block_of(card, ref).text


def block_line(card: Card, ref: BlockRef) -> int:
    """1-based line of the block in the card."""
    i = card.section_index[ref.key]
    return card.line_offsets[i] + card.sections[i].blocks[ref.index].line + 1


def is_block_address(query: str) -> bool:
    return _ADDRESS.fullmatch(query.strip()) is not None


def _matching_sections(card: Card, section: str) -> list[str]:
    wanted = list(dict.fromkeys((section, query_slug(section))))
    for candidate in wanted:
        if candidate in card.section_index:
            return [candidate]
    for candidate in wanted:
        matches = [k for k in card.section_index if k.endswith("/" + candidate)]
        if matches:
            return matches
    return []


def addressed_section(
    card: Card,
    query: str,
    section: str,
    tail: str,
    what: str,
    numbered: Callable[[str], object | None],
) -> str:
    """The one section the SECTION part of address ``query`` names (its key, or the unique
    tail of one at a ``/``); FieldNotFound otherwise, offering the near sections that have
    what ``tail`` (``#item-2``, ``#name-1``...) asks for (``numbered(key)`` finds it)."""
    if not section:
        raise FieldNotFound(f"{what} '{query}' names no section: write SECTION{tail}", [])
    keys = _matching_sections(card, section)
    if len(keys) > 1:
        more = [f"… and {len(keys) - 10} more"] if len(keys) > 10 else []
        raise FieldNotFound(
            f"{what} '{query}' is ambiguous: {len(keys)} sections match '{section}'; "
            "give more of the path",
            [*(k + tail for k in keys[:10]), *more],
        )
    if not keys:
        near = closest(query_slug(section), list(card.section_index))
        named = [k + tail for k in near if numbered(k)]
        raise FieldNotFound(f"no section '{section}' for {what} '{query}'", named)
    return keys[0]


def _numbered(card: Card, key: str, kind: BlockKind, number: int) -> BlockRef | None:
    return next(
        (ref for ref in section_blocks(card, key) if (ref.kind, ref.number) == (kind, number)),
        None,
    )


def resolve_block(card: Card, query: str) -> BlockRef:
    """The block an address names; FieldNotFound (with what would do) otherwise. The section
    part is a section's key, or the unique tail of one at a ``/``, as a field path's may be."""
    found = _ADDRESS.fullmatch(query.strip())
    if found is None:
        raise FieldNotFound(
            f"'{query}' is no block address (SECTION#item-N or SECTION#paragraph-N)", []
        )
    section = found["section"].strip().strip("/")
    kind: BlockKind = "item" if found["kind"].lower() == "item" else "paragraph"
    number = int(found["number"])
    tail = f"#{kind}-{number}"
    key = addressed_section(
        card, query, section, tail, "block", lambda k: _numbered(card, k, kind, number)
    )
    if found_ref := _numbered(card, key, kind, number):
        return found_ref
    refs = section_blocks(card, key)
    counted = sum(ref.kind == kind for ref in refs)
    where = "outside its session entries" if entry_spans(card, key) else "that are no field"
    near = [ref.address for ref in refs[:10]]
    if not near:  # `notes#item-1` when the items are in its subsections
        under = [s.key for s in card.sections if s.key.startswith(key + "/") and s.blocks]
        near = [ref.address for k in under for ref in section_blocks(card, k)][:10]
    raise FieldNotFound(
        f"no block '{query}': section '{key}' has {counted} {kind}(s) {where}", near
    )


def resolve(card: Card, query: str) -> str | BlockRef:
    """A field's path (:func:`paths.resolve_field`, unchanged) or, for a query written as a
    block address, the block. A field path never holds a ``#``, so the two never compete."""
    if is_block_address(query):
        return resolve_block(card, query)
    try:
        return resolve_field(card, query)
    except FieldNotFound as missing:
        if "#" not in query or "ambiguous" in str(missing):
            raise
        # "Hot Spot #1" may be a field's label; when it is none, say what a block looks like
        raise FieldNotFound(
            f"{missing} (a block is written SECTION#item-N or SECTION#paragraph-N)",
            missing.candidates,
        ) from None
