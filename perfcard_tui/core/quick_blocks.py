"""markdown-it's block tokens for the simplest text, read line by line without it.

Checking a card spent most of its time in markdown-it's block tokenizer, which tries eleven
rules at every line, logs each try and builds a dataclass per token. Most of a card is ATX
headings, paragraphs, lists of one-line items (``- **Label**: value``, ``- [ ] task``,
``1. step``), thematic breaks, the template's HTML comments, pipe tables and code fences at the
margin; for text made only of those, :func:`block_tokens` gives the very tokens markdown-it
gives (type, tag, map, level, markup, info, content, hidden, attrs) about 2.5 times faster.

It is a gate, not a second parser: any line that might be something else (a quote, other
HTML, a setext underline, indented code, a tab, an item with two spaces after its marker, an
ordered item that could continue a paragraph, a table row without its pipes, a fence left
open...) makes it answer None, and markdown-it reads the text as before. A test compares the
two on every section of the cards we have and on thousands of random ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

# markdown-it's own pieces, so that a table reads exactly as its table rule reads it
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS, escapedSplit, headerLineRe

from .outline import atx_heading


class BlockToken(Protocol):
    """What the card model reads of a block token: markdown-it's ``Token`` has it, and so has
    this reader's lighter one."""

    type: str
    tag: str
    map: list[int] | None
    level: int
    markup: str
    info: str
    content: str


_NO_ATTRS: Mapping[str, str | int] = MappingProxyType({})


class QuickToken:
    """A block token as markdown-it's ``Token`` holds it (the same attributes, equal values),
    made in half the time: building tokens was most of what reading a section cost."""

    __slots__ = (
        "attrs",
        "block",
        "children",
        "content",
        "hidden",
        "info",
        "level",
        "map",
        "markup",
        "nesting",
        "tag",
        "type",
    )

    def __init__(
        self,
        kind: str,
        tag: str,
        nesting: int,
        span: list[int] | None,
        level: int,
        markup: str = "",
        info: str = "",
        content: str = "",
    ) -> None:
        self.type = kind
        self.tag = tag
        self.nesting = nesting
        self.map = span
        self.level = level
        self.markup = markup
        self.info = info
        self.content = content
        self.children: list[QuickToken] | None = [] if kind == "inline" else None
        self.hidden = False
        self.attrs = _NO_ATTRS
        self.block = True


# a list item as this reader takes it: a marker, exactly one space, then text
_ITEM = re.compile(r"( *)(?:([-*+])|(\d{1,2})([.)])) (?=[^ ])")
# text that could open a block other than a paragraph, or be part of one (what a line's text,
# or an item's, may not start with): headings, quotes, fences, HTML, setext and thematic
# breaks, list markers, emphasis that could be a break
_NOT_PLAIN = re.compile(r"[#><=_+-]|`{3}|~{3}|\*(?!\*+[^*\s])|\d{1,9}[.)](?: |$)")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)")
_BREAK = re.compile(r"(?:-{3,}|\*{3,}|_{3,}) *$")
# a table's delimiter row as markdown-it takes it: "|", "-" or ":" and at least one more of
# those or a space, but never "- " (a list item)
_DELIMITER_ROW = re.compile(r"(?:[|:][|: -]|-[|:-])[|: -]*$")


@dataclass(slots=True)
class _List:
    key: str
    """The marker (``-``, ``*``, ``+``) or the delimiter of an ordered list (``.``, ``)``)."""
    token: QuickToken
    at: int
    """Where its opening token is in the output."""
    loose: bool = False


@dataclass(slots=True)
class _Item:
    col: int
    """The column its text starts at: lines indented this far belong to it."""
    token: QuickToken


@dataclass(slots=True)
class _Paragraph:
    line: int
    indent: int
    """The column of its container: continuation lines lose up to this many spaces."""
    parts: list[str]
    last: int


class _Decline(Exception):
    """The section holds something this reader does not take."""


def block_tokens(text: str) -> list[QuickToken] | None:
    """The block tokens markdown-it (commonmark, tables on, inline off) gives for ``text``, or
    None when it holds anything but ATX headings, paragraphs, simple lists, thematic breaks,
    comments, tables and closed fences at the margin."""
    if "\t" in text or "\0" in text:
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    # whether the last line read ends with a break: it does unless it ends the text itself
    final_break = not lines[-1].strip(" ")
    if final_break:
        lines.pop()  # "" after the last break, or blanks markdown-it counts as no line at all
    try:
        # a paragraph or an item that starts with "[" may be a link reference definition,
        # whose label may run over lines: only where no "]:" is anywhere is it surely not one
        return _Reader(lines, final_break, references="]:" in text).read()
    except _Decline:
        return None


class _Reader:
    def __init__(self, lines: list[str], final_break: bool, *, references: bool) -> None:
        self.lines = lines
        self.final_break = final_break
        """Whether the last line ends with a line break (a block there keeps it)."""
        self.references = references
        self.out: list[QuickToken] = []
        self.stack: list[_List | _Item] = []  # lists and their open items, alternating
        self.para: _Paragraph | None = None

    def read(self) -> list[QuickToken]:
        lines = self.lines
        blank = False  # a blank line since the last line with text
        i = 0
        while i < len(lines):
            line = lines[i]
            text = line.lstrip(" ")
            if not text:
                self._end_paragraph()
                blank = True
                i += 1
                continue
            lead = len(line) - len(text)
            if "|" in line:
                i = self._table(i, lead, blank)
            elif not lead and line[0] == "#" and (heading := atx_heading(line)):
                self._heading(i, *heading)
            elif fence := _FENCE.match(line):
                i = self._fence(i, fence)
            elif not lead and line.startswith("<!--"):
                i = self._comment(i)
            elif not lead and _BREAK.match(line):
                self._break(i, line, blank)
            else:
                self._line(i, line, text, lead, blank)
            blank = False
            i += 1
        self._end_paragraph()
        self._close_to(0, len(lines))
        return self.out

    # -- one line ----------------------------------------------------------------------------

    def _line(self, i: int, line: str, text: str, lead: int, blank: bool) -> None:
        inside = self._inside(lead)  # stack frames the line belongs to
        container = self.stack[inside - 1] if inside else None
        col = container.col if isinstance(container, _Item) else 0
        if lead - col >= 4:
            raise _Decline  # indented code, or a paragraph line deep enough to look like it
        item = _ITEM.match(line)
        para = self.para
        if para is not None and not blank:
            if item is None:
                if not self._plain(text):
                    raise _Decline
                para.parts.append(line[min(lead, para.indent) :])
                para.last = i
                return
            if lead - para.indent >= 0 and item.group(3) and int(item.group(3)) != 1:
                raise _Decline  # an ordered item may interrupt a paragraph only at 1
        if item is None:
            if not self._plain(text):
                raise _Decline
            self._end_paragraph()
            if blank and isinstance(container, _Item):
                self._list_around(inside - 1).loose = True  # a new block after a blank line
            self._close_to(inside, i)
            self.para = _Paragraph(i, col, [line[min(lead, col) :]], i)
            return
        content_at = item.end()
        if not self._plain(line, content_at):
            raise _Decline
        self._end_paragraph()
        key = item.group(2) or item.group(4)
        below = self.stack[inside] if inside < len(self.stack) else None
        if isinstance(below, _List) and below.key == key:
            if blank:
                below.loose = True  # the item before ended with a blank line
            self._close_to(inside + 1, i)
        else:
            if blank and isinstance(container, _Item):
                self._list_around(inside - 1).loose = True
            self._close_to(inside, i)
            self._open_list(i, key, item.group(3))
        self._open_item(i, key, item.group(3), content_at)
        self.para = _Paragraph(i, content_at, [line[content_at:]], i)

    def _plain(self, text: str, at: int = 0) -> bool:
        """Whether text from ``at`` can only be a paragraph's."""
        if _NOT_PLAIN.match(text, at):
            return False
        return not (self.references and text.startswith("[", at))

    def _inside(self, lead: int) -> int:
        """How many frames of the stack a line with ``lead`` spaces of indent is inside: every
        list up to the first item whose text starts right of it."""
        for n, frame in enumerate(self.stack):
            if isinstance(frame, _Item) and frame.col > lead:
                return n - 1  # not in its list either: the list's parent holds the line
        return len(self.stack)

    def _list_around(self, item_at: int) -> _List:
        frame = self.stack[item_at - 1]
        assert isinstance(frame, _List)
        return frame

    # -- blocks ------------------------------------------------------------------------------

    def _table(self, i: int, lead: int, blank: bool) -> int:
        """A pipe table at the margin whose rows all start with ``|`` and that ends at a blank
        line (or the text's end); return its last line. A line with ``|`` that is anything
        else (a paragraph's, a table that interrupts one, a row without its ``|``) declines."""
        lines = self.lines
        if lead or (self.para is not None and not blank) or i + 1 >= len(lines):
            raise _Decline
        aligns = _aligns(lines[i + 1])
        header = _cells(mdTrim(lines[i]))
        if aligns is None or not header or len(header) != len(aligns):
            raise _Decline
        rows: list[list[str]] = []
        end, autocompleted = i + 2, 0
        while end < len(lines) and lines[end].strip(" "):
            if not lines[end].startswith("|"):
                raise _Decline  # markdown-it would take it as a row, or end the table on it
            rows.append(_cells(mdTrim(lines[end])))
            autocompleted += len(header) - len(rows[-1])
            if autocompleted > MAX_AUTOCOMPLETED_CELLS:
                raise _Decline
            end += 1
        self._end_paragraph()
        self._close_to(0, i)
        self._table_tokens(i, end, header, rows, aligns)
        return end - 1

    def _table_tokens(
        self, i: int, end: int, header: list[str], rows: list[list[str]], aligns: list[str]
    ) -> None:
        out, level = self.out, len(self.stack)

        def put(kind: str, tag: str, nesting: int, span: list[int] | None, depth: int) -> None:
            out.append(QuickToken(kind, tag, nesting, span, level + depth))

        def row(line: int, cells: list[str], tag: str) -> None:
            put("tr_open", "tr", 1, [line, line + 1], 2)
            for n, align in enumerate(aligns):
                put(f"{tag}_open", tag, 1, None, 3)
                if align:
                    out[-1].attrs = {"style": f"text-align:{align}"}
                content = mdTrim(cells[n]) if n < len(cells) else ""
                out.append(
                    QuickToken("inline", "", 0, [line, line + 1], level + 4, content=content)
                )
                put(f"{tag}_close", tag, -1, None, 3)
            put("tr_close", "tr", -1, None, 2)

        put("table_open", "table", 1, [i, end], 0)
        put("thead_open", "thead", 1, [i, i + 1], 1)
        row(i, header, "th")
        put("thead_close", "thead", -1, None, 1)
        if rows:
            put("tbody_open", "tbody", 1, [i + 2, end], 1)
            for n, cells in enumerate(rows):
                row(i + 2 + n, cells, "td")
            put("tbody_close", "tbody", -1, None, 1)
        put("table_close", "table", -1, None, 0)

    def _heading(self, i: int, level: int, title: str) -> None:
        """An ATX heading at the margin, which ends every list and paragraph."""
        self._end_paragraph()
        self._close_to(0, i)
        tag, marks = f"h{level}", "#" * level
        self._push("heading_open", tag, 1, [i, i + 1], markup=marks)
        self._push("inline", "", 0, [i, i + 1], content=title)
        self._push("heading_close", tag, -1, None, markup=marks)

    def _comment(self, i: int) -> int:
        """An HTML comment at the margin (the template's guidance); return its last line. One
        never closed would run to the end of the card: declined."""
        self._end_paragraph()
        self._close_to(0, i)
        lines = self.lines
        for end in range(i, len(lines)):
            if "-->" in lines[end]:
                content = "".join(f"{ln}\n" for ln in lines[i : end + 1])
                if end == len(lines) - 1 and not self.final_break:
                    content = content[:-1]
                self._push("html_block", "", 0, [i, end + 1], content=content)
                return end
        raise _Decline

    def _break(self, i: int, line: str, blank: bool) -> None:
        """A thematic break at the margin (``---``), which ends every list."""
        if self.para is not None and not blank:
            raise _Decline  # a setext underline
        self._end_paragraph()
        self._close_to(0, i)
        marks = line.rstrip(" ")
        self._push("hr", "hr", 0, [i, i + 1], markup=marks[0] * (len(marks) + 1))

    def _fence(self, i: int, fence: re.Match[str]) -> int:
        """Read a fence at the margin; return its closing line. An open one (it would run to
        the end of the card) is declined."""
        marks, info = fence.group(1), fence.group(2)
        if marks[0] == "`" and "`" in info:
            raise _Decline  # not a fence to markdown-it: text
        self._end_paragraph()
        self._close_to(0, i)
        lines = self.lines
        for end in range(i + 1, len(lines)):
            line = lines[end]
            text = line.lstrip(" ")
            closes = text.startswith(marks) and not text.lstrip(marks[0]).strip(" ")
            if closes and len(line) - len(text) < 4:
                body = "".join(f"{ln}\n" for ln in lines[i + 1 : end])
                self._push("fence", "code", 0, [i, end + 1], markup=marks, info=info, content=body)
                return end
        raise _Decline

    def _end_paragraph(self) -> None:
        para = self.para
        if para is None:
            return
        self.para = None
        span = [para.line, para.last + 1]
        self._push("paragraph_open", "p", 1, span)
        content = mdTrim("\n".join(para.parts))
        self._push("inline", "", 0, list(span), content=content)
        self._push("paragraph_close", "p", -1, None)

    def _open_list(self, i: int, key: str, number: str | None) -> None:
        kind = "ordered_list_open" if number is not None else "bullet_list_open"
        token = self._push(kind, "ol" if number is not None else "ul", 1, [i, i], markup=key)
        if number is not None and int(number) != 1:
            token.attrs = {"start": int(number)}
        self.stack.append(_List(key, token, len(self.out) - 1))

    def _open_item(self, i: int, key: str, number: str | None, col: int) -> None:
        token = self._push("list_item_open", "li", 1, [i, i], markup=key, info=number or "")
        self.stack.append(_Item(col, token))

    def _close_to(self, depth: int, line: int) -> None:
        """Close the stack's frames down to ``depth`` frames, at ``line``."""
        while len(self.stack) > depth:
            frame = self.stack.pop()
            assert frame.token.map is not None
            frame.token.map[1] = line
            if isinstance(frame, _Item):
                self._push("list_item_close", "li", -1, None, markup=frame.token.markup)
                continue
            kind = frame.token.type.replace("_open", "_close")
            self._push(kind, frame.token.tag, -1, None, markup=frame.key)
            if not frame.loose:  # a tight list: its items' own paragraphs are hidden
                level = frame.token.level + 2
                for token in self.out[frame.at :]:
                    if token.level == level and token.type.startswith("paragraph_"):
                        token.hidden = True

    def _push(
        self,
        kind: str,
        tag: str,
        nesting: int,
        span: list[int] | None,
        *,
        markup: str = "",
        info: str = "",
        content: str = "",
    ) -> QuickToken:
        level = len(self.stack) + (kind == "inline")
        token = QuickToken(kind, tag, nesting, span, level, markup, info, content)
        self.out.append(token)
        return token


def _aligns(line: str) -> list[str] | None:
    """The columns' alignments of a table's delimiter row (``|:--|--:|``), None when ``line``
    is no delimiter row (or is one with indent: declined, not worked out)."""
    if not _DELIMITER_ROW.match(line):
        return None
    columns = line.split("|")
    aligns = []
    for n, column in enumerate(columns):
        cell = mdTrim(column)
        if not cell:
            if n in (0, len(columns) - 1):
                continue  # "|---|": the edges may be empty, nothing in between may
            return None
        if not headerLineRe.search(cell):
            return None
        left, right = cell.startswith(":"), cell.endswith(":")
        aligns.append("center" if left and right else "right" if right else "left" if left else "")
    return aligns


def _cells(row: str) -> list[str]:
    """A table row's cells as markdown-it splits them, the empty first and last dropped."""
    cells = escapedSplit(row)
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells
