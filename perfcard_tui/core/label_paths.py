"""Addresses for names (the ``**Label**`` of a field or of a group, ``**[Optimization 1]**``):
``SECTION#name-N`` (DECISIONS 74).

``optimization-approach/specific-optimizations#name-1`` is the first ``**…**`` name of that
section, counted in line order among all its names: a field's (``**Risk**: …``) and a group's
(``**[Optimization 1]**:`` over the items it heads, ``**Before (slow):**`` over its fence).
The names of a session entry in Progress Notes get none: an entry is ``log``'s and the session
form's, and the gate refuses a change to one.

A number rather than the name's text, as for a block (:mod:`block_paths`): the address is
written to rename the name, so it must not be its text. The gate's backstop for a rename
(``gate.keeps_label``) keeps every label of the section in its line and naming what it named,
so renaming one name (or setting a field or a block) never moves another's address.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from . import edits
from .block_paths import addressed_section, entry_spans
from .model import Card, Label, Span
from .paths import FieldNotFound
from .sessions import progress_notes_key
from .template import is_placeholder

_ADDRESS = re.compile(r"(?P<section>[^#]*?)[ \t]*#name-(?P<number>\d+)", re.IGNORECASE)
# a `**` that may open a name still the template's placeholder: one made only of `[...]` groups
# and the punctuation `template.is_placeholder` allows between them. Sections without one are
# not read again for their labels when only placeholders are wanted (`check` on every card).
_MAY_OPEN_PLACEHOLDER = re.compile(r"\*\*[\s\-:–—,.;/`]*\[")


@dataclass(frozen=True, slots=True)
class NameRef:
    """One name's address, and where the gate finds it."""

    key: str
    """The section's key."""
    index: int
    """Its position among the section's labels: what ``gate.relabel`` takes."""
    number: int
    """1-based, among the section's names that have an address."""
    text: str
    """The name as the card holds it, between its ``**`` (spaces kept)."""
    line: int
    """1-based line of the name in the card."""
    names_field: bool
    """It names a field (``**Risk**: …``), rather than heading a group."""

    @property
    def address(self) -> str:
        return f"{self.key}#name-{self.number}"

    @property
    def label(self) -> str:
        """What the form calls it."""
        return "Name"


def _refs(card: Card, i: int, entries: Sequence[Span]) -> list[NameRef]:
    key = card.sections[i].key
    start = card.offsets[i]
    found: list[NameRef] = []
    for n, label in enumerate(edits.labels(card, key)):
        at = start + label.span.start
        if any(span.start <= at < span.end for span in entries):
            continue
        line = card.line_offsets[i] + label.line + 1
        found.append(NameRef(key, n, len(found) + 1, label.text, line, label.field is not None))
    return found


def _may_hold(card: Card, i: int, pattern: re.Pattern[str] | None) -> bool:
    """Whether section ``i`` may hold a name (one that ``pattern`` finds, when given): a
    section without is not read again for its labels."""
    body = card.body(card.sections[i].key)
    if pattern is None:
        return "**" in body
    return pattern.search(body) is not None


def section_names(card: Card, key: str, *, placeholders: bool = False) -> list[NameRef]:
    """The addressed names of one section, in line order; with ``placeholders``, only those
    still the template's placeholder (the names the form offers to type over)."""
    i = card.section_index[key]
    if not _may_hold(card, i, _MAY_OPEN_PLACEHOLDER if placeholders else None):
        return []
    refs = _refs(card, i, entry_spans(card, key))
    return [ref for ref in refs if is_placeholder_name(ref.text)] if placeholders else refs


def name_refs(
    card: Card, *, placeholders: bool = False, within: Collection[str] | None = None
) -> Iterator[NameRef]:
    """Every addressed name of the card, section by section (this reads every section that
    holds a ``**``); with ``placeholders``, only the names still the template's placeholder;
    with ``within``, only those of the sections with these keys."""
    notes = progress_notes_key(card)  # once: a card may have 90,000 sections
    pattern = _MAY_OPEN_PLACEHOLDER if placeholders else None
    for i, section in enumerate(card.sections):
        if within is not None and section.key not in within:
            continue
        if not _may_hold(card, i, pattern):
            continue
        entries = entry_spans(card, notes) if section.key == notes else []
        for ref in _refs(card, i, entries):
            if not placeholders or is_placeholder_name(ref.text):
                yield ref


def is_placeholder_name(text: str) -> bool:
    """A name still the template's: ``[Optimization 1]``."""
    return is_placeholder(text.strip())


def is_name_address(query: str) -> bool:
    return _ADDRESS.fullmatch(query.strip()) is not None


def _numbered(card: Card, key: str, number: int) -> NameRef | None:
    return next((ref for ref in section_names(card, key) if ref.number == number), None)


def resolve_name(card: Card, query: str) -> NameRef:
    """The name an address names; FieldNotFound (with what would do) otherwise. The section
    part is a section's key, or the unique tail of one at a ``/``, as a block address's."""
    found = _ADDRESS.fullmatch(query.strip())
    if found is None:
        raise FieldNotFound(f"'{query}' is no name address (SECTION#name-N)", [])
    section = found["section"].strip().strip("/")
    number = int(found["number"])
    tail = f"#name-{number}"
    key = addressed_section(
        card, query, section, tail, "name", lambda k: _numbered(card, k, number)
    )
    if found_ref := _numbered(card, key, number):
        return found_ref
    refs = section_names(card, key)
    where = " outside its session entries" if entry_spans(card, key) else ""
    near = [ref.address for ref in refs[:10]]
    raise FieldNotFound(f"no name '{query}': section '{key}' has {len(refs)} name(s){where}", near)


def label_of(card: Card, ref: NameRef) -> Label:
    return edits.labels(card, ref.key)[ref.index]
