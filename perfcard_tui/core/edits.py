"""Edits are splices: each one replaces the characters of one span and re-parses one section.

Every function takes a :class:`Card` and returns a new one whose text differs from the old only
inside the edited span. Text we write follows the card's newline style; text we copy from the
template also follows its emoji spelling.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .model import Block, Card, Field, FieldKind, Label, ListItem, Span
from .names import to_mojibake
from .parse import list_items, parse_card, reparse_section, section_labels, span_value
from .store import LINE_BREAK, line_starts, split_lines
from .template import Template, match_sections

# what stands before a list item's own text on its line: `- `, `1. `
_ITEM_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]*$")
# a list item's first line: its indent, its marker (`-`, `12.`) and the spaces to its text
_ITEM_LEAD = re.compile(
    r"(?P<indent>[ \t]*)(?P<marker>[-*+]|(?P<number>\d{1,9})[.)])(?P<gap>[ \t]*)"
)


class EditError(ValueError):
    """An edit that cannot apply (unknown path, wrong kind of field)."""


def splice(card: Card, start: int, end: int, new: str) -> Card:
    """Replace ``card.text[start:end]`` with ``new``; re-parse only the section it falls in."""
    if not 0 <= start <= end <= card.length:
        raise EditError(f"span {start}:{end} is outside the card")
    if card.source(start, end) == new:
        return card
    index = _section_at(card, start)
    section_start = card.offsets[index]
    section_end = section_start + card.sections[index].length
    # an insertion exactly at the next section's start still belongs to this section
    if end <= section_end and (start > section_start or index == 0):
        old_text = card.pieces[index]
        new_text = old_text[: start - section_start] + new + old_text[end - section_start :]
        result = reparse_section(card, index, new_text)
        if result is not None:
            return result
    text = card.text
    return parse_card(text[:start] + new + text[end:], newline=card.newline, bom=card.bom)


def _section_at(card: Card, offset: int) -> int:
    """Index of the last section starting at or before ``offset`` (the section holding it)."""
    lo, hi = 0, len(card.offsets) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if card.offsets[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    # an offset at the very end of a section belongs to it, not to the (empty) next one
    while lo > 0 and card.offsets[lo] == offset and card.offsets[lo - 1] < offset:
        lo -= 1
    return lo


def to_card_text(card: Card, value: str, indent: str = "", was: str = "") -> str:
    """A value typed with ``\\n`` breaks, as the card spells it: the list or fence indent on
    continuation lines, and line breaks as ``was`` (the text it replaces) has them, in order,
    a line added taking the last one's; else the card's newline. A card two tools wrote may
    mix them: a field set to what it holds, or typed into, keeps its own bytes."""
    lines = LINE_BREAK.split(value)
    out = [lines[0], *((indent + ln) if ln else ln for ln in lines[1:])]
    breaks = LINE_BREAK.findall(was) or [card.newline]
    ends = [breaks[min(n, len(breaks) - 1)] for n in range(len(out) - 1)]
    return "".join(line + end for line, end in zip(out, [*ends, ""], strict=True))


def _field(card: Card, path: str) -> Field:
    try:
        return card.field(path)
    except KeyError:
        raise EditError(f"no field {path!r}") from None


def set_field(card: Card, path: str, value: str) -> Card:
    """Set a field's value. Table cells escape ``|`` and keep to one line."""
    field = _field(card, path)
    start, end = card.span_of(path)
    if field.kind is FieldKind.CODE:
        return set_code(card, path, value)
    if field.kind is FieldKind.CELL:
        value = re.sub(r"(?<!\\)\|", r"\\|", " ".join(LINE_BREAK.split(value)))
        return set_table_cell(card, path, value)
    return splice(
        card, start, end, to_card_text(card, value, field.indent, card.source(start, end))
    )


def _block(card: Card, key: str, index: int) -> tuple[Block, Span]:
    """Block ``index`` of a section and where its text is in the card; EditError when it is
    gone or the parser could not place its text (it cannot be edited)."""
    i = card.section_index.get(key)
    if i is None:
        raise EditError(f"no section {key!r}")
    blocks = card.sections[i].blocks
    if not 0 <= index < len(blocks):
        raise EditError(f"{key}: no paragraph at position {index}")
    block = blocks[index]
    if block.span is None:
        line = card.line_offsets[i] + block.line + 1
        raise EditError(f"the paragraph on line {line} cannot be edited here (ctrl+r: markdown)")
    return block, block.span.shift(card.offsets[i])


def block_value(card: Card, key: str, index: int) -> str:
    """A block's text as it is edited: ``\\n`` breaks, its continuation indent removed, its
    trailing spaces kept (so it reads back exactly as a field's value does)."""
    start, end = _block(card, key, index)[1]
    i = card.section_index[key]
    return span_value(card.pieces[i], start - card.offsets[i], end - card.offsets[i])[0]


def block_is_item(card: Card, key: str, index: int) -> bool:
    """Whether a block is a list item's own text (after its marker), not a paragraph."""
    start = _block(card, key, index)[1].start
    floor = card.offsets[card.section_index[key]]
    text = card.pieces[card.section_index[key]]
    return _ITEM_MARKER.search(text, card.line_start(start) - floor, start - floor) is not None


def set_block(card: Card, key: str, index: int, value: str) -> Card:
    """Set the text of a paragraph or list item that is no field (block ``index`` of section
    ``key``), as :func:`set_field` sets a value: its span only, continuation lines indented."""
    block, (start, end) = _block(card, key, index)
    return splice(
        card, start, end, to_card_text(card, value, block.indent, card.source(start, end))
    )


def labels(card: Card, key: str) -> tuple[Label, ...]:
    """The ``**Label**:`` names of a section (its fields' and its groups'), in line order;
    EditError when there is no such section."""
    if key not in card.section_index:
        raise EditError(f"no section {key!r}")
    return section_labels(card, key)


def label_span(card: Card, key: str, index: int) -> tuple[Label, Span]:
    """Label ``index`` of a section and where its text is in the card."""
    found = labels(card, key)
    if not 0 <= index < len(found):
        raise EditError(f"{key}: no name at position {index}")
    label = found[index]
    return label, label.span.shift(card.offsets[card.section_index[key]])


def label_of(card: Card, path: str) -> tuple[str, int]:
    """The label that names field ``path`` (section key, its position among the section's
    labels), for renaming a field by its path; EditError for a field no ``**Label**:`` names
    (a checklist item is named by its text: set its value)."""
    i, j = _position(card, path)
    key = card.sections[i].key
    for n, label in enumerate(labels(card, key)):
        if label.field == j:
            return key, n
    raise EditError(f"{path!r} has no **Label** to rename")


def _position(card: Card, path: str) -> tuple[int, int]:
    try:
        return card.position(path)
    except KeyError:
        raise EditError(f"no field {path!r}") from None


def set_label(card: Card, key: str, index: int, text: str) -> Card:
    """Rename label ``index`` of section ``key``: its text between the ``**``, nothing else
    (what it names, and the paths under it, follow from the parse)."""
    _, (start, end) = label_span(card, key, index)
    return splice(card, start, end, text)


def renamed_paths(before: Card, after: Card, key: str) -> dict[str, str]:
    """The paths a change to one section gave new names: old path → new path, field by field
    in order (a label's rename renames what it names and what it heads)."""
    old = before.sections[before.section_index[key]].fields
    new = after.sections[after.section_index[key]].fields
    return {a.path: b.path for a, b in zip(old, new, strict=False) if a.path != b.path}


def set_code(card: Card, path: str, code: str) -> Card:
    field = _field(card, path)
    if field.kind is not FieldKind.CODE:
        raise EditError(f"{path!r} is not a code block")
    start, end = card.span_of(path)
    if code and not code.endswith("\n"):
        code += "\n"
    lines = code.split("\n")
    text = card.newline.join((field.indent + ln) if ln else ln for ln in lines)
    return splice(card, start, end, text)


def set_code_language(card: Card, path: str, language: str) -> Card:
    field = _field(card, path)
    if field.kind is not FieldKind.CODE or field.info_span is None:
        raise EditError(f"{path!r} is not a code block")
    span = card.absolute(path, field.info_span)
    return splice(card, span.start, span.end, language.strip())


def set_check(card: Card, path: str, done: bool) -> Card:
    field = _field(card, path)
    if field.kind is not FieldKind.CHECK or field.mark_span is None:
        raise EditError(f"{path!r} is not a checklist item")
    if field.checked == done:
        return card
    span = card.absolute(path, field.mark_span)
    return splice(card, span.start, span.end, "x" if done else " ")


def set_section_body(card: Card, key: str, body: str) -> Card:
    """Replace a section's own text (below its heading, above the next heading)."""
    if key not in card.section_index:
        raise EditError(f"no section {key!r}")
    start, end = card.body_span(key)
    return splice(card, start, end, to_card_text(card, body, was=card.source(start, end)))


def _line_span(card: Card, path: str) -> Span:
    """The whole source line(s) of a field, line break included."""
    start, end = card.span_of(path)
    return Span(card.line_start(start), card.line_end(end))


def add_check_item(card: Card, after_path: str, text: str) -> Card:
    """Add an unticked checklist item below an existing one (and its sub-bullets), with the
    same marker and indent."""
    field = _field(card, after_path)
    if field.kind is not FieldKind.CHECK or field.mark_span is None:
        raise EditError(f"{after_path!r} is not a checklist item")
    return add_list_item(card, card.section_of(after_path).key, field.line, f"[ ] {text}")


def remove_item(card: Card, path: str) -> Card:
    """Remove a checklist item or labelled bullet: its whole line(s)."""
    field = _field(card, path)
    if field.kind not in (FieldKind.CHECK, FieldKind.TEXT):
        raise EditError(f"{path!r} cannot be removed as an item")
    span = _line_span(card, path)
    return splice(card, span.start, span.end, "")


# -- list items: added, removed and moved whole, sub-bullets and all -------------------------


@dataclass(frozen=True)
class _Lines:
    """A section's text and where its lines start in the card, to turn an item's lines into
    offsets."""

    start: int
    text: str
    starts: Sequence[int]

    @classmethod
    def of(cls, card: Card, key: str) -> _Lines:
        i = card.section_index[key]
        text = card.pieces[i]
        return cls(card.offsets[i], text, line_starts(text))

    def at(self, line: int) -> int:
        """Where ``line`` starts in the card (the section's end for a line past its last)."""
        return self.start + (self.starts[line] if line < len(self.starts) else len(self.text))

    def content_end(self, line: int) -> int:
        """Where ``line``'s text ends in the card, before its line break."""
        end = self.at(line + 1) - self.start
        while end > self.starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return self.start + end

    def line_text(self, line: int) -> str:
        return self.text[self.starts[line] : self.content_end(line) - self.start]


def list_item(card: Card, key: str, line: int) -> tuple[list[ListItem], ListItem]:
    """The list item whose marker is on ``line`` of section ``key`` and its siblings (the
    items of its list, itself included, in order); EditError when there is none there or it
    is inside a quote (its lines carry the quote's ``>``: raw markdown's to change)."""
    if key not in card.section_index:
        raise EditError(f"no section {key!r}")
    items = list_items(card, key)
    item = next((it for it in items if it.line == line), None)
    if item is None:
        raise EditError(f"{key}: no list item on line {line + 1} of the section")
    lead = _ITEM_LEAD.match(_Lines.of(card, key).line_text(line))
    if lead is None:
        raise EditError(f"{key}: the list item on line {line + 1} is in a quote (ctrl+r: markdown)")
    return [it for it in items if it.list == item.list], item


def _new_marker(lead: re.Match[str]) -> str:
    """The marker of an item added below one: the same bullet, or the next number."""
    if lead["number"] is None:
        return lead["marker"]
    return str(int(lead["number"]) + 1) + lead["marker"][-1]


def _blank_between(siblings: list[ListItem], item: ListItem) -> int:
    """How many blank lines part the item from its next sibling (else from its previous one):
    a loose list stays loose."""
    n = siblings.index(item)
    if n + 1 < len(siblings):
        return siblings[n + 1].line - item.end
    return item.line - siblings[n - 1].end if n else 0


def add_list_item(card: Card, key: str, line: int, text: str = "") -> Card:
    """Add an item below the one on ``line`` (below its sub-bullets too), with its indent and
    marker (the next number in an ordered list) and ``text`` (empty: a bare ``- ``, which the
    form shows as an empty item to type into)."""
    siblings, item = list_item(card, key, line)
    lines = _Lines.of(card, key)
    lead = _ITEM_LEAD.match(lines.line_text(line))
    assert lead is not None  # list_item refused any other
    gap = lead["gap"] if 0 < len(lead["gap"]) <= 4 else " "  # 5 spaces would make it code
    new = lead["indent"] + _new_marker(lead) + gap + text
    blank = card.newline * _blank_between(siblings, item)
    at = lines.content_end(item.end - 1)
    if card.char_at(at) in ("\r", "\n"):  # after its last line's break
        at = lines.at(item.end)
        return splice(card, at, at, blank + new + card.newline)
    return splice(card, at, at, card.newline + blank + new)


def remove_list_item(card: Card, key: str, line: int) -> Card:
    """Remove the item on ``line`` with its sub-bullets and the blank lines that part it from
    its next sibling (else those before it, from its previous one). An ordered list's first
    item gives its number to the next."""
    siblings, item = list_item(card, key, line)
    lines = _Lines.of(card, key)
    n = siblings.index(item)
    if n + 1 < len(siblings):
        below = siblings[n + 1].line
        if n == 0:
            # the next item takes the first's number: an ordered list that starts with another
            # than 1 cannot follow a paragraph, and would be read as part of it
            first = _numbered_as(lines.line_text(below), lines.line_text(item.line))
            return splice(card, lines.at(item.line), lines.content_end(below), first)
        return splice(card, lines.at(item.line), lines.at(below), "")
    # the last of its list: from the end of the line above it (its previous sibling's last)
    above = siblings[n - 1].end if n else item.line
    end = lines.content_end(item.end - 1)
    if card.char_at(end) in ("\r", "\n"):
        return splice(card, lines.at(above), lines.at(item.end), "")
    # the card's last line: the break before it goes too, so the card ends as it did
    return splice(card, lines.content_end(above - 1) if above else lines.at(above), end, "")


def move_list_item(card: Card, key: str, line: int, step: int) -> Card:
    """Move the item on ``line`` (its sub-bullets with it) one place up (``step`` -1) or down
    (+1) among its siblings: it and its neighbour change places; the blank lines between them
    stay, and so do the numbers of an ordered list (the list still counts 1, 2, 3)."""
    if step not in (-1, 1):
        raise EditError("an item moves one place at a time")
    siblings, item = list_item(card, key, line)
    n = siblings.index(item) + step
    if not 0 <= n < len(siblings):
        raise EditError(f"already the {'first' if step < 0 else 'last'} item of its list")
    upper, lower = sorted((item, siblings[n]), key=lambda it: it.line)
    lines = _Lines.of(card, key)
    start, middle = lines.at(upper.line), lines.content_end(upper.end - 1)
    below, end = lines.at(lower.line), lines.content_end(lower.end - 1)
    first, second = card.source(start, middle), card.source(below, end)
    swapped = _numbered_as(second, first) + card.source(middle, below) + _numbered_as(first, second)
    return splice(card, start, end, swapped)


def _numbered_as(item: str, place: str) -> str:
    """``item``'s text with the number of the item that was at its new place, when both are
    numbered alike (same width, so the lines under them stay aligned)."""
    mine, theirs = _ITEM_LEAD.match(item), _ITEM_LEAD.match(place)
    if not (mine and theirs and mine["number"] and theirs["number"]):
        return item
    if len(mine["number"]) != len(theirs["number"]):
        return item
    return item[: mine.start("number")] + theirs["number"] + item[mine.end("number") :]


@dataclass(frozen=True)
class ItemPlaces:
    """Where a form row heading a list item (a block, or a checklist item: its position among
    its section's rows of that kind) goes after an edit of its item: what the form focuses."""

    added: int
    """The position of the item added below it."""
    up: int | None
    """Its position once moved up (None: it is its list's first)."""
    down: int | None
    removed: int | None
    """The neighbour that takes its place once it is removed (None: no row is left)."""


def item_places(items: Sequence[ListItem], rows: Sequence[int]) -> dict[int, ItemPlaces]:
    """For each row (by position; ``rows`` are their lines, in order) that heads a list item:
    where it goes after each item edit. Rows inside an item move with it."""

    def before(line: int) -> int:
        return bisect_left(rows, line)

    def held(item: ListItem) -> int:
        return before(item.end) - before(item.line)

    heads = {line: n for n, line in enumerate(rows)}
    places = {}
    for item in items:
        if (n := heads.get(item.line)) is None:
            continue
        siblings = [it for it in items if it.list == item.list]
        k = siblings.index(item)
        above = siblings[k - 1] if k else None
        below = siblings[k + 1] if k + 1 < len(siblings) else None
        # the next item's row takes its place; the last item's is taken by the one above
        removed: int | None = n - 1 if n else None
        if below is None and above is not None:
            removed = before(above.line)
        elif n < len(rows) - held(item):
            removed = n
        places[n] = ItemPlaces(
            added=before(item.end),
            up=before(above.line) if above else None,
            down=n + held(below) if below else None,
            removed=removed,
        )
    return places


def _table(card: Card, path: str) -> Field:
    field = _field(card, path)
    if field.kind is not FieldKind.TABLE:
        raise EditError(f"{path!r} is not a table")
    return field


def _table_lines(card: Card, path: str) -> tuple[int, list[str]]:
    """The table's start offset and its lines with their own line breaks (a table's lines may
    end differently from the rest of the card)."""
    start, end = card.span_of(path)
    brk = LINE_BREAK.match(card.source(end, end + 2))
    return start, split_lines(card.source(start, end + (brk.end() if brk else 0)))


def _content(line: str) -> str:
    return line.rstrip("\r\n")


def _segments(line: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each cell of a table line between its pipes, padding included (the
    cells the parser trims), splitting on unescaped ``|``."""
    text = _content(line)
    bounds: list[int] = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "|":
            bounds.append(i)
        i += 1
    edges = [-1, *bounds, len(text)]
    if text.lstrip().startswith("|"):
        edges = edges[1:]
    if text.rstrip().endswith("|") and len(edges) > 1:
        edges = edges[:-1]
    return [(a + 1, b) for a, b in pairwise(edges)]


def _widths(lines: list[str]) -> list[int] | None:
    """The table's column widths when every line has its pipes in the same places (a table
    laid out in columns), else None."""
    widths: list[int] | None = None
    for line in lines:
        own = [b - a for a, b in _segments(line)]
        if widths is None:
            widths = own
        elif own != widths:
            return None
    return widths


def _padded(header: str) -> tuple[str, str]:
    """The padding the table's header cells have on either side: ``" "`` or ``""``."""
    cells = [_content(header)[a:b] for a, b in _segments(header)]
    lead = " " if any(c[:1] in (" ", "\t") for c in cells) else ""
    trail = " " if any(c[-1:] in (" ", "\t") for c in cells) else ""
    return lead, trail


def _right(delimiter: str, column: int) -> bool:
    """Whether a column is aligned right (``---:``) by the table's delimiter row."""
    segments = _segments(delimiter)
    if column >= len(segments):
        return False
    a, b = segments[column]
    marks = _content(delimiter)[a:b].strip()
    return marks.endswith(":") and not marks.startswith(":")


def _column_width(lines: list[str], index: int, column: int, lead: str, trail: str) -> int | None:
    """The width to pad cell ``column`` of line ``index`` to: its column's, when every other
    line and the row's other cells are laid out in columns and this cell is too (or outgrew its
    column with one space of padding, or is empty). None: the cell keeps its own padding."""
    widths = _widths(lines[:index] + lines[index + 1 :])
    segments = _segments(lines[index])
    if widths is None or len(widths) != len(segments):
        return None
    if any(
        b - a != w
        for n, ((a, b), w) in enumerate(zip(segments, widths, strict=True))
        if n != column
    ):
        return None  # the row itself is not laid out in columns
    a, b = segments[column]
    own = _content(lines[index])[a:b]
    minimal = (" " if lead else "") + own.strip(" \t") + (" " if trail else "")
    fits = b - a == widths[column] or (b - a > widths[column] and own == minimal)
    return widths[column] if fits or not own.strip(" \t") else None


def set_table_cell(card: Card, path: str, value: str) -> Card:
    """Write a cell's (escaped, one-line) value in its table's style, touching only the cell's
    own text between its pipes: a cell keeps its padding; an empty one takes the header's; in a
    table laid out in columns the cell is padded to its column's width when the value fits."""
    field = _field(card, path)
    if field.kind is not FieldKind.CELL or field.row is None:
        raise EditError(f"{path!r} is not a table cell")
    table_path = path.rsplit("/", 2)[0]
    start, lines = _table_lines(card, table_path)
    index = field.row + 1  # 0 header, 1 delimiter
    line_start = start + sum(len(line) for line in lines[:index])
    span_start, span_end = card.span_of(path)
    segments = _segments(lines[index])
    at = span_start - line_start
    column = next((n for n, (a, b) in enumerate(segments) if a <= at <= b), None)
    if column is None:  # not between pipes: write the value alone
        return splice(card, span_start, span_end, value)
    seg_start, seg_end = segments[column]
    text = lines[index]
    if text[seg_start:seg_end].strip(" \t"):
        lead = text[seg_start:at]
        trail = text[span_end - line_start : seg_end]
    else:
        lead, trail = _padded(lines[0])
    if (width := _column_width(lines, index, column, lead, trail)) is not None:
        # laid out in columns: one space of padding, then up to the column's width
        cell = (" " if lead else "") + value + (" " if trail else "")
        cell = cell.rjust(width) if _right(lines[1], column) else cell.ljust(width)
    elif value:
        cell = lead + value + trail
    else:
        cell = " " if lead or trail else ""
    return splice(card, line_start + seg_start, line_start + seg_end, cell)


def _new_row(lines: list[str], columns: int) -> str:
    """An empty body row in the table's style: its indent, and its column widths when it is
    laid out in columns."""
    header = _content(lines[0])
    indent = header[: len(header) - len(header.lstrip(" \t"))]
    widths = _widths(lines)
    if widths is not None and len(widths) == columns:
        return indent + "|" + "|".join(" " * w for w in widths) + "|"
    return indent + "|" + " |" * columns


def add_table_row(card: Card, path: str, after_row: int | None = None) -> Card:
    """Add an empty row after body row ``after_row`` (1-based; 0: at the top; default: at the
    end), in the table's style."""
    field = _table(card, path)
    columns = len(field.cells[0]) if field.cells else 1
    start, lines = _table_lines(card, path)
    row_count = len(lines) - 2
    after = row_count if after_row is None else max(0, min(after_row, row_count))
    anchor = 1 + after  # the line (0 header, 1 delimiter) after which the row goes
    offset = start + sum(len(line) for line in lines[: anchor + 1])
    new_row = _new_row(lines, columns)
    above = lines[anchor]
    ending = above[len(_content(above)) :]
    if not ending:  # the table is the card's last line: the break goes before the row
        return splice(card, offset, offset, card.newline + new_row)
    return splice(card, offset, offset, new_row + ending)


def remove_table_row(card: Card, path: str, row: int) -> Card:
    field = _table(card, path)
    start, lines = _table_lines(card, path)
    if not field.cells or not 1 <= row <= len(lines) - 2:
        raise EditError(f"{path!r} has no row {row}")
    index = row + 1
    line_start = start + sum(len(line) for line in lines[:index])
    line = lines[index]
    if not line.endswith(("\n", "\r")):  # the card's last line: take the break before it
        previous = lines[index - 1]
        brk = len(previous) - len(_content(previous))
        return splice(card, line_start - brk, line_start + len(line), "")
    return splice(card, line_start, line_start + len(line), "")


def move_table_row(card: Card, path: str, row: int, to_row: int) -> Card:
    """Move body row ``row`` to position ``to_row`` (both 1-based): the rows between shift by
    one. Only the lines from one to the other change; each line break stays where it was."""
    _table(card, path)
    start, lines = _table_lines(card, path)
    count = len(lines) - 2
    if not 1 <= row <= count:
        raise EditError(f"{path!r} has no row {row}")
    if not 1 <= to_row <= count:
        raise EditError(f"{path!r} has no row {to_row} to move a row to")
    if row == to_row:
        return card
    first, last = sorted((row, to_row))
    block = lines[first + 1 : last + 2]
    contents = [_content(line) for line in block]
    endings = [line[len(_content(line)) :] for line in block]
    moved = contents.pop(row - first)
    contents.insert(to_row - first, moved)
    offset = start + sum(len(line) for line in lines[: first + 1])
    old = "".join(block)
    new = "".join(c + e for c, e in zip(contents, endings, strict=True))
    return splice(card, offset, offset + len(old), new)


def missing_sections(card: Card, template: Template) -> list[str]:
    """Template section keys the card lacks, in template order."""
    present = {t.key for t in match_sections(card, template).values()}
    return [s.key for s in template.sections if s.key not in present]


def add_section(card: Card, template: Template, template_key: str) -> Card:
    """Insert a missing template section (with its missing subsections) at its template place."""
    target = template.by_key(template_key)
    if target is None:
        raise EditError(f"the template has no section {template_key!r}")
    matched = match_sections(card, template)
    present = {t.key: key for key, t in matched.items()}
    if template_key in present:
        raise EditError(f"the card already has {target.title!r}")
    # the template text to insert: the section and those of its subsections the card lacks
    tcard = template.card
    own = tcard.section_span(template_key)
    parts = [tcard.source(own.start, own.end)]
    for sub in template.sections:
        if sub.key.startswith(template_key + "/") and sub.key not in present:
            span = tcard.section_span(sub.key)
            parts.append(tcard.source(span.start, span.end))
    text = "".join(parts)
    text = LINE_BREAK.sub(card.newline, text)
    if card.mojibake:
        text = to_mojibake(text)
    offset = _insertion_point(card, template, target.key, present)
    whole = card.text
    if offset and whole[offset - 1] not in "\r\n":
        text = card.newline + text
    if not text.endswith(("\n", "\r")) and offset < len(whole):
        text += card.newline
    return parse_card(whole[:offset] + text + whole[offset:], newline=card.newline, bom=card.bom)


def _insertion_point(card: Card, template: Template, key: str, present: dict[str, str]) -> int:
    target = template.by_key(key)
    assert target is not None
    siblings = [s for s in template.sections if s.parent_key == target.parent_key]
    position = next(n for n, s in enumerate(siblings) if s.key == key)
    for sibling in reversed(siblings[:position]):
        if sibling.key in present:
            return card.subtree_span(present[sibling.key]).end
    if target.parent_key in present:
        return card.body_span(present[target.parent_key]).end
    for sibling in siblings[position + 1 :]:
        if sibling.key in present:
            return card.section_span(present[sibling.key]).start
    return card.length
