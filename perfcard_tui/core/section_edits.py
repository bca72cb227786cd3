"""Edits that may change the card's sections: a section's markdown typed whole, and deleting one.

Every other edit keeps the headings as they are (the gate refuses one that would not). These two
may not: a line of text typed right above ``---`` makes a setext heading, a ``## `` line an ATX
one, a fence left open swallows every heading below it. So each says what it would do to the
sections (:class:`SectionsChange`), and :func:`set_body` applies such a change only when asked
to (the editor asks the person first).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import edits, gate
from .model import Card
from .parse import PREAMBLE_KEY, TITLE_KEY, parse_card


@dataclass(frozen=True)
class SectionsChange:
    """How an edit would change the card's headings: titles added and removed, in card order.
    Both empty: the same headings, but one of them would start elsewhere (a fence opened
    above a heading and closed below a copy of it)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def describe(self, *, done: bool = False) -> str:
        """In words: would add the section 'X', would remove the sections 'A', 'B' and 2
        more; ``done``: added the section 'X'."""
        verbs = (
            ("added", "removed", "moved") if done else ("would add", "would remove", "would move")
        )
        parts = [
            _listed(verb, titles)
            for verb, titles in ((verbs[0], self.added), (verbs[1], self.removed))
            if titles
        ]
        return " and ".join(parts) if parts else f"{verbs[2]} where the sections below start"


def _listed(verb: str, titles: tuple[str, ...]) -> str:
    shown = [f"'{t}'" for t in titles[:3]]
    more = f" and {len(titles) - 3} more" if len(titles) > 3 else ""
    noun = "section" if len(titles) == 1 else "sections"
    return f"{verb} the {noun} {', '.join(shown)}{more}"


class ChangesSections(edits.EditError):
    """The edit would change the card's sections and was not allowed to."""

    def __init__(self, key: str, change: SectionsChange) -> None:
        super().__init__(f"{key}: the text {change.describe()}")
        self.change = change


def sections_change(before: Card, after: Card, key: str) -> SectionsChange | None:
    """What replacing section ``key``'s body did to the other sections (None: nothing).

    Nothing means: the same headings, each starting where it did (shifted by the body's change
    in length below it), so section ``key``'s body in ``after`` is exactly the text written."""
    old, new = before.sections, after.sections
    i = before.section_index[key]
    # the usual case: one section re-parsed, every other one the very same object
    if (
        len(new) == len(old)
        and new[:i] == old[:i]
        and new[i + 1 :] == old[i + 1 :]
        and (new[i].title, new[i].level) == (old[i].title, old[i].level)
    ):
        return None
    heads_old = [(s.level, s.title) for s in old]
    heads_new = [(s.level, s.title) for s in new]
    if heads_old == heads_new:
        delta = after.length - before.length
        below = zip(after.offsets[i + 1 :], before.offsets[i + 1 :], strict=True)
        moved = before.offsets[: i + 1] != after.offsets[: i + 1] or any(
            b + delta != a for a, b in below
        )
        return SectionsChange() if moved else None
    gained = Counter(heads_new) - Counter(heads_old)
    lost = Counter(heads_old) - Counter(heads_new)
    return SectionsChange(
        added=_titles(heads_new, gained),
        removed=_titles(heads_old, lost),
    )


def _titles(heads: list[tuple[int, str]], which: Counter[tuple[int, str]]) -> tuple[str, ...]:
    """The titles of ``which`` (a multiset of headings), in the order ``heads`` has them."""
    left = Counter(which)
    out: list[str] = []
    for head in heads:
        if left[head] > 0:
            left[head] -= 1
            out.append(head[1] or "(untitled)")
    return tuple(out)


def body_edit(card: Card, key: str, body: str) -> tuple[Card, SectionsChange | None]:
    """Section ``key``'s markdown below its heading, typed whole (the editor's raw mode): the
    card with it, and what it does to the sections (None: nothing). Raises
    :class:`gate.Refused` for control characters, as for every value."""
    if key not in card.section_index:
        raise edits.EditError(f"no section {key!r}")
    after = edits.set_section_body(card, key, gate.admit_body(body))
    i = after.section_index.get(key)
    if i is not None and i + 1 < len(after.sections):
        # a body that does not end its last line joins the next heading's line to it ("``" +
        # "## Next"), which the one-section re-parse of a splice does not see: read it all
        at = after.offsets[i + 1]
        if at and after.char_at(at - 1) not in ("\r", "\n"):
            after = parse_card(after.text, newline=after.newline, bom=after.bom)
    return after, sections_change(card, after, key)


def set_body(card: Card, key: str, body: str, *, restructure: bool = False) -> Card:
    """:func:`body_edit`'s card; raises :class:`ChangesSections` when the text would add,
    remove or move a heading, unless ``restructure``."""
    after, change = body_edit(card, key, body)
    if change is not None and not restructure:
        raise ChangesSections(key, change)
    return after


def has_content(card: Card, key: str) -> bool:
    """Whether the section or a subsection under it holds any text besides its headings."""
    first = card.section_index[key]
    end = card.subtree_span(key).end
    for i in range(first, len(card.sections)):
        if card.offsets[i] >= end:
            return False
        if card.body(card.sections[i].key).strip():
            return True
    return False


def delete_section(card: Card, key: str) -> Card:
    """The card without section ``key`` and its subsections (heading and all)."""
    if key not in card.section_index:
        raise edits.EditError(f"no section {key!r}")
    if key in (PREAMBLE_KEY, TITLE_KEY):
        # the title's subtree is the whole card; the text above the first heading has none
        raise edits.EditError("only a section under the card's title can be deleted")
    start, end = card.subtree_span(key)
    return edits.splice(card, start, end, "")
