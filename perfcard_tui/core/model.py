"""The parsed card: a view over spans of its source text, never a replacement for it.

A :class:`Card` keeps the exact text it was parsed from. Each :class:`Section` knows where its
fields sit *within the section* (offsets relative to the section's heading line), and the card
keeps one start offset per section. An edit therefore re-parses one section and shifts the
start offsets after it; no other section object is rebuilt.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict


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


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Field(Frozen):
    """One addressable value of a section. Spans and lines are relative to the section."""

    path: str
    """Slug path: section key, parent label (nested fields), own label; unique in the card."""
    label: str
    """The label as written (item text for a checklist item, column header for a cell)."""
    kind: FieldKind
    value: str
    """The value with line endings as ``\\n`` and list indentation removed."""
    span: Span
    """Where the value sits; an edit of the value replaces exactly these characters."""
    line: int
    """0-based line within the section."""
    parent: str = ""
    """The label of the enclosing item or group (``Hot Spot 1`` for its ``Time Spent``)."""
    checked: bool | None = None
    mark_span: Span | None = None
    """CHECK: the one character between the brackets of ``[ ]``."""
    info: str | None = None
    """CODE: the fence's info string (language)."""
    info_span: Span | None = None
    indent: str = ""
    """Prefix that continuation lines of the value carry in the source (list or fence indent)."""
    row: int | None = None
    """CELL: 1-based body row; TABLE: None."""
    cells: tuple[tuple[str, ...], ...] = ()
    """TABLE: header row then body rows, cell texts trimmed."""


class Block(Frozen):
    """A paragraph or plain list item that is not a field, kept for placeholder checks."""

    text: str
    line: int


class Section(Frozen):
    """One heading and the text up to the next heading of any level."""

    key: str
    """Slug path of titles from the top section down: ``current-performance/primary-metric``."""
    title: str
    level: int
    """Heading level; 0 for the preamble before the first heading."""
    is_title: bool = False
    setext: bool = False
    """The card's leading ``# Title``: shown as the card's name, not part of section paths."""
    heading_end: int
    """Offset (relative) where the heading line(s) end and the body starts."""
    length: int
    """Characters from the heading to the next heading."""
    line_count: int
    fields: tuple[Field, ...] = ()
    blocks: tuple[Block, ...] = ()
    open_container: bool = False
    """The section ends inside an unclosed fence or HTML block: a later edit must re-parse all."""

    @property
    def parent_key(self) -> str:
        return self.key.rpartition("/")[0]

    def cells_of(self, table: Field) -> list[Field]:
        """A table's body cells, in row order (its cells' paths extend the table's path, which
        tells two tables of one section apart even when they share a label)."""
        prefix = table.path + "/"
        return [f for f in self.fields if f.kind is FieldKind.CELL and f.path.startswith(prefix)]


class Card(Frozen):
    """A parsed card. ``text`` is the truth; everything else is derived from it."""

    text: str
    newline: str = "\n"
    bom: bool = False
    sections: tuple[Section, ...]
    offsets: tuple[int, ...]
    """Start offset of each section in ``text``."""
    line_offsets: tuple[int, ...]
    """0-based start line of each section."""
    mojibake: bool = False
    """The card spells emoji as mojibake; text we insert follows it."""

    @cached_property
    def section_index(self) -> dict[str, int]:
        return {s.key: i for i, s in enumerate(self.sections)}

    @cached_property
    def field_index(self) -> dict[str, tuple[int, int]]:
        return {f.path: (i, j) for i, s in enumerate(self.sections) for j, f in enumerate(s.fields)}

    @property
    def title(self) -> str:
        for section in self.sections:
            if section.is_title:
                return section.title
        return ""

    def line_at(self, offset: int) -> int:
        """1-based line number of a character offset."""
        i = max(bisect_right(self.offsets, offset) - 1, 0)
        segment = self.text[self.offsets[i] : offset]
        breaks = segment.count("\n") + segment.count("\r") - segment.count("\r\n")
        return self.line_offsets[i] + breaks + 1

    def section(self, key: str) -> Section:
        return self.sections[self.section_index[key]]

    def field(self, path: str) -> Field:
        i, j = self.field_index[path]
        return self.sections[i].fields[j]

    def section_of(self, path: str) -> Section:
        return self.sections[self.field_index[path][0]]

    def fields(self) -> Iterator[tuple[Section, Field]]:
        for section in self.sections:
            for field in section.fields:
                yield section, field

    # Absolute positions -------------------------------------------------------------------

    def span_of(self, path: str) -> Span:
        i, j = self.field_index[path]
        return self.sections[i].fields[j].span.shift(self.offsets[i])

    def absolute(self, path: str, span: Span) -> Span:
        """A span of field ``path`` (its mark, its fence info) as offsets into the card."""
        return span.shift(self.offsets[self.field_index[path][0]])

    def line_of(self, path: str) -> int:
        """1-based line of a field in the card."""
        i, j = self.field_index[path]
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
        start, end = self.body_span(key)
        return self.text[start:end]

    def subtree_span(self, key: str) -> Span:
        """The section with all its subsections."""
        i = self.section_index[key]
        level = self.sections[i].level
        j = i + 1
        while j < len(self.sections) and self.sections[j].level > level:
            j += 1
        end = self.offsets[j] if j < len(self.sections) else len(self.text)
        return Span(self.offsets[i], end)

    def to_bytes(self) -> bytes:
        return ("\ufeff" if self.bom else "").encode() + self.text.encode("utf-8")
