"""The parsed card: a view over spans of its source text, never a replacement for it.

A :class:`Card` keeps the exact text it was parsed from. Each :class:`Section` knows where its
fields sit *within the section* (offsets relative to the section's heading line), and the card
keeps one start offset per section. An edit therefore re-parses one section and shifts the
start offsets after it; no other section object is rebuilt.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from operator import attrgetter, eq
from typing import NamedTuple, overload

from .store import BOM, LINE_BREAK


class Span(NamedTuple):
    """Half-open character range ``[start, end)``."""

    start: int
    end: int

    def shift(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)


class FieldKind(StrEnum):
    TEXT = "text"  # **Label**: value
    PROSE = "prose"  # the paragraph that opens a section
    CHECK = "check"  # - [ ] item
    CODE = "code"  # a fenced block
    TABLE = "table"  # a whole pipe table
    CELL = "cell"  # one body cell of a pipe table


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """One addressable value of a section. Spans and lines are relative to the section.

    A plain slotted dataclass, not a pydantic model: a 50 MB card has half a million of them,
    built by the parser from values it has already checked. For the same reason its spans are
    kept as plain offsets and made into :class:`Span` when asked for: a tuple each was 64 bytes
    a field, 30 MB of a 50 MB card's check."""

    path: str
    """Slug path: section key, parent label (nested fields), own label; unique in the card."""
    label: str
    """The label as written (item text for a checklist item, column header for a cell)."""
    kind: FieldKind
    value: str
    """The value with line endings as ``\\n`` and list indentation removed."""
    start: int
    end: int
    """Where the value sits (:attr:`span`)."""
    line: int
    """0-based line within the section."""
    parent: str = ""
    """The label of the enclosing item or group (``Hot Spot 1`` for its ``Time Spent``)."""
    checked: bool | None = None
    mark: int | None = None
    """CHECK: where the one character between the brackets of ``[ ]`` is (:attr:`mark_span`)."""
    info: str | None = None
    """CODE: the fence's info string (language)."""
    info_span: Span | None = None
    indent: str = ""
    """Prefix that continuation lines of the value carry in the source (list or fence indent)."""
    row: int | None = None
    """CELL: 1-based body row; TABLE: None."""
    cells: tuple[tuple[str, ...], ...] = ()
    """TABLE: header row then body rows, cell texts trimmed."""

    def __post_init__(self) -> None:
        # a big card repeats its labels thousands of times ("Current Value", "Hot Spot 1"):
        # one string each, not one per field (and a handful of indents: "  ", "   "...)
        object.__setattr__(self, "label", sys.intern(self.label))
        object.__setattr__(self, "parent", sys.intern(self.parent))
        object.__setattr__(self, "indent", sys.intern(self.indent))

    @property
    def span(self) -> Span:
        """Where the value sits; an edit of the value replaces exactly these characters."""
        return Span(self.start, self.end)

    @property
    def mark_span(self) -> Span | None:
        """CHECK: the one character between the brackets of ``[ ]``."""
        return None if self.mark is None else Span(self.mark, self.mark + 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """A paragraph or plain list item that is not a field: kept for placeholder checks, and
    editable in the form where the parser knows its span. Not a field: it has no field path and
    no badge counts it; ``fields``/``get``/``set`` reach it by its address (``block_paths``).

    Slotted and without a ``__post_init__``: a 50 MB card has hundreds of thousands."""

    text: str
    """The paragraph as markdown-it reads it (its lines joined, trimmed)."""
    line: int
    """0-based line within the section."""
    start: int | None = None
    end: int | None = None
    """Where its text sits (:attr:`span`), as plain offsets for the reason a field's are."""
    indent: str = ""
    """Prefix that continuation lines carry in the source (a list item's indent)."""

    @property
    def span(self) -> Span | None:
        """Where its text sits, to the end of its last line (trailing spaces included, as a
        field's value); None where the parser could not place it (it cannot be edited)."""
        return None if self.start is None or self.end is None else Span(self.start, self.end)


@dataclass(frozen=True, slots=True, kw_only=True)
class Label:
    """The name of a ``**Label**: value`` field or of a group (``**[Optimization 1]**:`` over
    the items it heads): where renaming it writes. Not kept with the section (most labels are
    the template's and never renamed): :func:`parse.section_labels` reads them when asked."""

    text: str
    """What the span holds: the label between ``**`` and ``**:`` (or ``:**``), its spaces
    included; fields and groups are named by it stripped."""
    span: Span
    """Relative to the section, as a field's span is."""
    line: int
    field: int | None
    """The position of the field it names among the section's fields; None for a group
    heading (its name is the ``parent`` of what it heads, or the label of the fence or table
    it introduces)."""


@dataclass(frozen=True, slots=True)
class ListItem:
    """One list item of a section, by its lines (relative to the section, as a field's are):
    what adding, removing and moving an item splices. Not kept with the section: read from its
    text again when asked for (:func:`parse.list_items`)."""

    line: int
    """The line of its marker."""
    end: int
    """The line after its last line that is not blank (its sub-bullets are inside)."""
    list: int
    """Which list it is in: items with the same number are siblings."""


Details = tuple[tuple[Field, ...], tuple[Block, ...], bool]
"""A section's fields, its blocks, and whether it ends inside an open fence or HTML block."""


Reader = Callable[[str, str], Details]
"""What works out a section's details from its text and its key (``parse._read_section``)."""
Pending = tuple[str, Reader] | tuple[Sequence[str], int, Reader]
"""A section not read yet: its text (the card's piece, shared) and its reader; or, for a card
read with ``parse_read(keep_text=False)``, the card's pieces and its index in them (a tuple:
a function object for each of a 5 MB card's 9,000 sections took 2 MB)."""


class Section:
    """One heading and the text up to the next heading of any level. Immutable.

    Its fields and blocks are worked out when first asked for. Opening a card only has to find
    its headings: a 50 MB card has some 90,000 sections, and the editor shows a handful of them
    long before the rules have read the rest. A section made that way keeps its own text and a
    function that turns it into :data:`Details`; two threads asking at once both work them out
    and either answer is kept (they are the same).
    """

    __slots__ = (
        "_details",
        "_pending",
        "heading_end",
        "is_title",
        "key",
        "length",
        "level",
        "line_count",
        "setext",
        "title",
    )

    def __init__(
        self,
        *,
        key: str,
        title: str,
        level: int,
        heading_end: int,
        length: int,
        line_count: int,
        is_title: bool = False,
        setext: bool = False,
        fields: tuple[Field, ...] = (),
        blocks: tuple[Block, ...] = (),
        open_container: bool = False,
        pending: Pending | None = None,
    ) -> None:
        self.key = key
        """Slug path of titles from the top section down: ``current-performance/primary-metric``."""
        self.title = title
        self.level = level
        """Heading level; 0 for the preamble before the first heading."""
        self.is_title = is_title
        """The card's leading ``# Title``: shown as the card's name, not part of section paths."""
        self.setext = setext
        self.heading_end = heading_end
        """Offset (relative) where the heading line(s) end and the body starts."""
        self.length = length
        """Characters from the heading to the next heading."""
        self.line_count = line_count
        self._details: Details | None = None if pending else (fields, blocks, open_container)
        self._pending = pending
        """Its text and how to read it, until it is read."""

    def _read(self) -> Details:
        details = self._details
        if details is None:
            details = self.details_once()
            self._details, self._pending = details, None
        return details

    def details_once(self) -> Details:
        """Its fields, blocks and ``open_container``, as the properties give them, but not
        kept when they were not kept already: for a caller that looks at every section of a
        big card once and then no more (``check``: a 50 MB card's fields are some 170 MB)."""
        pending = self._pending  # before the details: _read sets them first, then clears this
        details = self._details
        if details is not None:
            return details
        assert pending is not None
        if len(pending) == 2:
            text, read = pending
        else:
            pieces, index, read = pending
            text = pieces[index]
        return read(text, self.key)

    @property
    def fields(self) -> tuple[Field, ...]:
        return self._read()[0]

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self._read()[1]

    def same_field_paths(self, other: Section) -> bool:
        """Whether ``other`` has the very fields, path for path, in the same order (an edit of
        values only: positions and indexes of fields still hold)."""
        return [f.path for f in self.fields] == [f.path for f in other.fields]

    @property
    def open_container(self) -> bool:
        """The section ends inside an unclosed fence or HTML block: a later edit must re-parse
        the whole card."""
        return self._read()[2]

    @property
    def read(self) -> bool:
        """Whether its fields have been worked out yet (for benchmarks and tests)."""
        return self._details is not None

    @property
    def parent_key(self) -> str:
        return self.key.rpartition("/")[0]

    def _identity(self) -> tuple[object, ...]:
        return (
            self.key,
            self.title,
            self.level,
            self.is_title,
            self.setext,
            self.heading_end,
            self.length,
            self.line_count,
            self._read(),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Section):
            return NotImplemented
        return self is other or self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash((self.key, self.title, self.level, self.length))

    def __repr__(self) -> str:
        return f"Section(key={self.key!r}, level={self.level}, length={self.length})"

    def cells_of(self, table: Field) -> list[Field]:
        """A table's body cells, in row order (its cells' paths extend the table's path, which
        tells two tables of one section apart even when they share a label)."""
        prefix = table.path + "/"
        return [f for f in self.fields if f.kind is FieldKind.CELL and f.path.startswith(prefix)]


class ReadPieces(Sequence[str]):
    """A card's section texts, each decoded from the bytes it was read as whenever it is asked
    for, and never kept: for a command that reads every section once or twice (``check``,
    ``show``), where holding them all beside the bytes took more memory than the rest of the
    card (DECISIONS 99). Equal to the tuple of the same texts, and hashed like it."""

    __slots__ = ("_bounds", "_text_of")

    def __init__(self, text_of: Callable[[int, int], str], bounds: array[int]) -> None:
        self._text_of = text_of
        """The text between two offsets of the bytes (``store.CardText.text_between``)."""
        self._bounds = bounds
        """Where each section starts in the bytes, and where the last one ends."""

    def __len__(self) -> int:
        return len(self._bounds) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[str, ...]: ...
    def __getitem__(self, i: int | slice) -> str | tuple[str, ...]:
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        n = i + len(self) if i < 0 else i
        if not 0 <= n < len(self):
            raise IndexError("section index out of range")
        return self._text_of(self._bounds[n], self._bounds[n + 1])

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Sequence) or isinstance(other, str) or len(other) != len(self):
            return False
        return all(map(eq, self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"ReadPieces({len(self)} sections)"


@dataclass(frozen=True, kw_only=True)
class Card:
    """A parsed card. Its text is the truth; everything else is derived from it.

    The text is kept a section at a time (:attr:`pieces`), not as one string: an edit makes a
    new string of one section, not of the card (a 5 MB card with emoji is a 20 MB string:
    each key cost a copy of it, and the card before it lived on beside), and a section
    without emoji takes a byte a character, whatever the rest of the card holds. Offsets and
    spans are still into the whole text, which :attr:`text` joins when a caller needs it all.

    Not slotted: its lookups are cached in its ``__dict__`` (``cached_property``), and an edit
    hands the unchanged ones on to the next card (``parse.reparse_section``)."""

    pieces: Sequence[str]
    """Each section's text, heading line included: ``pieces[i]`` is ``sections[i].length``
    characters from ``offsets[i]``. A tuple, but for a card read to be read once
    (:class:`ReadPieces`)."""
    newline: str = "\n"
    bom: bool = False
    sections: tuple[Section, ...]
    offsets: tuple[int, ...]
    """Start offset of each section in the card's text."""
    line_offsets: tuple[int, ...]
    """0-based start line of each section."""
    mojibake: bool = False
    """The card spells emoji as mojibake; text we insert follows it."""

    @property
    def text(self) -> str:
        """The whole card, joined from its pieces each time it is asked for (never kept: that
        would keep the copy the pieces are there to avoid). For a part of it: :meth:`source`."""
        return "".join(self.pieces)

    @property
    def length(self) -> int:
        """``len(card.text)``, without joining it."""
        return self.offsets[-1] + len(self.pieces[-1]) if self.pieces else 0

    def piece_at(self, offset: int) -> int:
        """The section whose text holds ``offset`` (the next one's for an offset where it
        starts; the last one's for the card's end)."""
        return max(bisect_right(self.offsets, offset) - 1, 0)

    def source(self, start: int, end: int) -> str:
        """``card.text[start:end]``, cut from the pieces it lies in (one, mostly)."""
        start, end = max(start, 0), min(end, self.length)
        if end <= start:
            return ""
        i = self.piece_at(start)
        head = start - self.offsets[i]
        piece = self.pieces[i]
        if end - self.offsets[i] <= len(piece):
            return piece[head : end - self.offsets[i]]
        j = self.piece_at(end - 1)
        last = self.pieces[j][: end - self.offsets[j]]
        return "".join((piece[head:], *self.pieces[i + 1 : j], last))

    def char_at(self, offset: int) -> str:
        """The character at ``offset``; "" past the end."""
        return self.source(offset, offset + 1)

    def line_start(self, offset: int) -> int:
        """Where the line holding ``offset`` starts (a section starts at a line's start)."""
        i = self.piece_at(offset)
        piece, at = self.pieces[i], offset - self.offsets[i]
        return self.offsets[i] + max(piece.rfind("\n", 0, at), piece.rfind("\r", 0, at)) + 1

    def line_end(self, offset: int) -> int:
        """Where the line holding ``offset`` ends, its line break included (a section ends
        with one, the card's last line may not)."""
        i = self.piece_at(offset)
        piece, at = self.pieces[i], offset - self.offsets[i]
        found = LINE_BREAK.search(piece, at)
        return self.offsets[i] + (found.end() if found else len(piece))

    def same_text(self, other: Card) -> bool:
        """Whether the two cards hold the same text (the sections an edit did not touch are
        the very same strings: compared by identity first, at C speed)."""
        if self.pieces == other.pieces:
            return True
        return self.length == other.length and self.text == other.text

    @cached_property
    def section_index(self) -> dict[str, int]:
        return {s.key: i for i, s in enumerate(self.sections)}

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Every section's key, in order. An edit within a section hands the very tuple on
        (``parse.reparse_section``): "are the sections the same?" is then an identity check,
        not a pass over a card's 20,000 headings at every key."""
        return tuple(map(attrgetter("key"), self.sections))

    @cached_property
    def parents(self) -> dict[str, str]:
        """The section each one sits under in the card's outline, in the card's order: the one
        its key extends when that one comes before it, else "" (a top one). The preamble and
        the title are in no outline. The tree shows it, and a folded section's badge adds up
        the sections under it (``status.standing_below``)."""
        parents: dict[str, str] = {}
        for section in self.sections:
            if section.level and not section.is_title:
                parent = section.parent_key
                parents[section.key] = parent if parent in parents else ""
        return parents

    @cached_property
    def field_index(self) -> dict[str, tuple[int, int]]:
        """Every field's (section, field) position. Building it reads every section: to find
        one field, :meth:`position` reads only the sections its path can be in."""
        return {f.path: (i, j) for i, s in enumerate(self.sections) for j, f in enumerate(s.fields)}

    @cached_property
    def positions_found(self) -> dict[str, tuple[int, int]]:
        """Fields found one at a time, while there is no :attr:`field_index`."""
        return {}

    def replaced_in(self, before: Card) -> int | None:
        """The one section this card replaced in ``before``, when it was made from it by
        re-parsing that section alone (``parse.reparse_section``): every other section is the
        very same object, and the checks that compare the two cards (the undo step, the gate)
        need not look at 20,000 of them at every key. None: compare them."""
        made = self.__dict__.get("made_from")
        if made is not None and made[0]() is before:
            return int(made[1])
        return None

    def position(self, path: str) -> tuple[int, int]:
        """Where field ``path`` is (section index, field index); KeyError if it is not.

        A field's path starts with its section's key (``section/label``; a section's unlabelled
        prose is ``section/summary``), so only the sections whose keys are a prefix of the path
        are read, longest first."""
        index = self.__dict__.get("field_index")
        if index is not None:
            return index[path]  # type: ignore[no-any-return]
        found = self.positions_found.get(path)
        if found is None:
            parts = path.split("/")
            for n in range(len(parts), 0, -1):
                i = self.section_index.get("/".join(parts[:n]))
                if i is None:
                    continue
                for j, field in enumerate(self.sections[i].fields):
                    if field.path == path:
                        found = self.positions_found[path] = (i, j)
                        return found
            raise KeyError(path)
        return found

    def has_field(self, path: str) -> bool:
        try:
            self.position(path)
        except KeyError:
            return False
        return True

    @property
    def title(self) -> str:
        for section in self.sections:
            if section.is_title:
                return section.title
        return ""

    def line_at(self, offset: int) -> int:
        """1-based line number of a character offset."""
        i = self.piece_at(offset)
        segment = self.pieces[i][: offset - self.offsets[i]]
        breaks = segment.count("\n") + segment.count("\r") - segment.count("\r\n")
        return self.line_offsets[i] + breaks + 1

    def section(self, key: str) -> Section:
        return self.sections[self.section_index[key]]

    def field(self, path: str) -> Field:
        i, j = self.position(path)
        return self.sections[i].fields[j]

    def section_of(self, path: str) -> Section:
        return self.sections[self.position(path)[0]]

    def fields(self) -> Iterator[tuple[Section, Field]]:
        for section in self.sections:
            for field in section.fields:
                yield section, field

    # Absolute positions -------------------------------------------------------------------

    def span_of(self, path: str) -> Span:
        i, j = self.position(path)
        return self.sections[i].fields[j].span.shift(self.offsets[i])

    def absolute(self, path: str, span: Span) -> Span:
        """A span of field ``path`` (its mark, its fence info) as offsets into the card."""
        return span.shift(self.offsets[self.position(path)[0]])

    def line_of(self, path: str) -> int:
        """1-based line of a field in the card."""
        i, j = self.position(path)
        return self.line_offsets[i] + self.sections[i].fields[j].line + 1

    def section_line(self, key: str) -> int:
        return self.line_offsets[self.section_index[key]] + 1

    def section_span(self, key: str) -> Span:
        i = self.section_index[key]
        return Span(self.offsets[i], self.offsets[i] + self.sections[i].length)

    def body_span(self, key: str) -> Span:
        i = self.section_index[key]
        section = self.sections[i]
        return Span(self.offsets[i] + section.heading_end, self.offsets[i] + section.length)

    def body(self, key: str) -> str:
        i = self.section_index[key]
        return self.pieces[i][self.sections[i].heading_end :]

    def subtree_span(self, key: str) -> Span:
        """The section with all its subsections."""
        i = self.section_index[key]
        level = self.sections[i].level
        j = i + 1
        while j < len(self.sections) and self.sections[j].level > level:
            j += 1
        end = self.offsets[j] if j < len(self.sections) else self.length
        return Span(self.offsets[i], end)

    def chunks(self) -> Iterator[bytes]:
        """The file's bytes, a section at a time: what a save or the recovery copy writes, so
        that a 5 MB card never has its bytes (and the list of them) made whole beside it."""
        if self.bom:
            yield BOM
        for piece in self.pieces:
            yield piece.encode()

    def to_bytes(self) -> bytes:
        """The file's bytes, whole (for a caller that keeps them: a set-aside copy, a test)."""
        return b"".join(self.chunks())
