"""Text → :class:`Card`, using markdown-it-py's block structure for line spans.

Only the block rules run (the inline core rule is off): headings, lists, fences, tables and
paragraphs are all the card model needs, and skipping inline parsing halves the cost. Most
text never reaches markdown-it at all: :mod:`.quick_blocks` gives the same tokens for what it
can read, faster. Field values are then read from the source lines themselves, never from
re-rendered tokens.
"""

from __future__ import annotations

import re
import sys
import weakref
from array import array
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from markdown_it import MarkdownIt

from . import outline, quick_blocks
from .model import (
    Block,
    Card,
    Details,
    Field,
    FieldKind,
    Label,
    ListItem,
    ReadPieces,
    Section,
    Span,
)
from .names import has_mojibake, slug
from .quick_blocks import BlockToken
from .store import LINE_BREAK, CardText, detect_newline, line_starts, split_lines

PREAMBLE_KEY = "(preamble)"
TITLE_KEY = "(title)"

_md = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])

# `**Label**: value` and `**Label:** value`
_LABEL = re.compile(r"\*\*(?P<label>[^*\n]+?)\*\*:[ \t]*|\*\*(?P<inner>[^*\n]+?):\*\*[ \t]*")
_CHECKBOX = re.compile(r"\[(?P<mark>[ xX])\](?:[ \t]+|$)")
# what stands before a list item's text on its first line: `- `, `  12. `
_ITEM_START = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
# blocks that an empty `**Label**:` paragraph introduces (its label names them)
_INTRODUCED = {"bullet_list_open", "ordered_list_open", "fence", "table_open"}
_LEADING_BREAK = re.compile(r"(?:\r\n|\r|\n)[ \t]*")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


def _block_tokens(text: str) -> Sequence[BlockToken]:
    """markdown-it's block tokens for ``text``: the quick reader's when it takes the text (most
    sections: several times faster), else markdown-it's own."""
    tokens = quick_blocks.block_tokens(text)
    return _md.parse(text) if tokens is None else tokens


def _front_matter_lines(text: str) -> int:
    """How many leading lines are YAML front matter (``---`` … ``---``), 0 when there is none."""
    if not text.startswith("---"):
        return 0
    lines = split_lines(text[:16384])[:200]
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return 0
    for i in range(1, len(lines)):
        if _FRONT_MATTER_END.match(lines[i].rstrip("\r\n")):
            return i + 1
    return 0


def _front_matter_blank(text: str, skip: int, starts: Sequence[int]) -> str:
    """``text`` as markdown-it must read it: its first ``skip`` lines (front matter, kept as they
    are in the card) blank, so YAML such as ``status: done`` over ``---`` is no heading."""
    return "\n" * skip + (text[starts[skip] :] if skip < len(starts) else "")


def _line_end(text: str, starts: Sequence[int], line: int) -> int:
    """Offset of the end of a line's content (before its line break)."""
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    while end > starts[line] and text[end - 1] in "\r\n":
        end -= 1
    return end


def span_value(text: str, start: int, end: int) -> tuple[str, str]:
    """The value ``text[start:end]`` holds (``\\n`` breaks, continuation indent removed) and
    that indent: how a field's value, or an editable block's text, reads from its span."""
    raw = text[start:end]
    lines = LINE_BREAK.split(raw)
    if len(lines) == 1:
        return raw, ""
    # the indent all continuation lines share: a deeper line keeps its extra indent in the
    # value, so setting the value back is byte-exact
    leads = [ln[: len(ln) - len(ln.lstrip(" \t"))] for ln in lines[1:] if ln.strip()]
    prefix = min(leads, key=len) if leads else ""
    while prefix and not all(lead.startswith(prefix) for lead in leads):
        prefix = prefix[:-1]
    rest = [ln[len(prefix) :] if ln.startswith(prefix) else ln.lstrip() for ln in lines[1:]]
    return "\n".join([lines[0], *rest]), prefix


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t":
        end -= 1
    return end


class _SectionBuilder:
    """Turns the block tokens of one section into fields. All positions are section-relative."""

    def __init__(
        self,
        text: str,
        key: str,
        tokens: Sequence[BlockToken],
        starts: Sequence[int],
        *,
        labels: bool = False,
    ) -> None:
        self.text = text
        self.key = key
        self.tokens = tokens
        self.starts = starts
        self.fields: list[Field] = []
        self.blocks: list[Block] = []
        self.paths: set[str] = set()
        self.labels: list[Label] | None = [] if labels else None
        """Every label, when asked for (:func:`section_labels`); None: not kept."""

    # -- helpers ---------------------------------------------------------------------------

    def _path(self, *parts: str) -> str:
        base = "/".join(p for p in (self.key, *(slug(x) for x in parts)) if p)
        path, n = base, 2
        while path in self.paths:
            path, n = f"{base}-{n}", n + 1
        self.paths.add(path)
        return path

    def _line_text(self, line: int) -> str:
        return self.text[self.starts[line] : _line_end(self.text, self.starts, line)]

    def _content_col(self, line: int, content: str) -> int:
        """Column where a paragraph's text starts in its first source line (after list markers)."""
        first = content.split("\n", 1)[0]
        return self._line_text(line).find(first[:40]) if first else -1

    # -- blocks ------------------------------------------------------------------------------

    def build(self) -> tuple[list[Field], list[Block], bool]:
        tokens = self.tokens
        item_labels: list[str] = []  # label of each open list item ("" when it has none)
        list_groups: list[str] = []  # group label each open list inherits
        group = ""  # label of a `**Label**:`/`**Label:**` paragraph that introduces the next block
        first_block = True
        head_of_item = False
        open_container = False
        last_line = len(self.starts) - 1
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                list_groups.append(group if not list_groups else "")
                group = ""
            elif kind in ("bullet_list_close", "ordered_list_close"):
                list_groups.pop()
            elif kind == "list_item_open":
                item_labels.append("")
                head_of_item = True
                if tok.map and i + 1 < len(tokens) and tokens[i + 1].type == "list_item_close":
                    self._definition(tok.map)
            elif kind == "list_item_close":
                item_labels.pop()
                head_of_item = False
            elif kind == "paragraph_open" and tok.map:
                content = tokens[i + 1].content
                parent = next((lbl for lbl in reversed(item_labels) if lbl), "")
                if not parent and list_groups:
                    parent = next((g for g in reversed(list_groups) if g), "")
                nested_next = i + 3 < len(tokens) and tokens[i + 3].type in _INTRODUCED
                label = self._paragraph(
                    tok.map, content, parent, head_of_item, first_block, nested_next
                )
                if head_of_item and item_labels:
                    item_labels[-1] = label
                    group = ""
                else:
                    group = label
                head_of_item = False
                first_block = False
                i += 3
                continue
            elif kind == "fence" and tok.map:
                closed = self._fence(tok, group or "Code")
                open_container = open_container or (tok.map[1] > last_line and not closed)
                group = ""
                first_block = False
            elif kind == "table_open" and tok.map:
                self._table(tok.map, group or "Table")
                open_container = open_container or tok.map[1] > last_line
                group = ""
                first_block = False
            elif kind == "html_block" and tok.map:
                # a comment ends at its "-->"; other HTML blocks at a blank line, so one that
                # reaches the section's end might run on into the next heading
                closed = tok.content.lstrip().startswith("<!--") and "-->" in tok.content
                open_container = open_container or (tok.map[1] > last_line and not closed)
                first_block = False
            elif kind in ("hr", "code_block", "blockquote_open"):
                first_block = False
                group = ""
            i += 1
        return self.fields, self.blocks, open_container

    def _paragraph(
        self, span: list[int], content: str, parent: str, head: bool, first: bool, nested: bool
    ) -> str:
        """Record the field a paragraph holds; return its label (it may introduce a group)."""
        first_line, end_line = span[0], span[1] - 1
        col = self._content_col(first_line, content)
        if col < 0:  # the text is not where markdown-it says: kept, not editable
            self.blocks.append(Block(text=content, line=first_line))
            return ""
        base = self.starts[first_line] + col
        # continuation lines of a list item's text line up under its first character
        item_indent = re.sub(r"\S", " ", self.text[self.starts[first_line] : base]) if head else ""
        # trailing spaces belong to the value: typing "p95 " then "l" must give "p95 l", and
        # setting a value back must give back the very bytes it had
        end = _line_end(self.text, self.starts, end_line)
        if head and (box := _CHECKBOX.match(self.text, base, end)):
            value, indent = span_value(self.text, box.end(), end)
            indent = indent or item_indent
            self.fields.append(
                Field(
                    path=self._path(parent, value.split("\n", 1)[0]),
                    label=value.split("\n", 1)[0].strip(),
                    kind=FieldKind.CHECK,
                    value=value,
                    start=box.end(),
                    end=end,
                    line=first_line,
                    parent=parent,
                    checked=box.group("mark") != " ",
                    mark=base + 1,
                    indent=indent,
                )
            )
            return ""
        labelled = _LABEL.match(self.text, base, end)
        if labelled:
            lines = self._label_lines(labelled, first_line, end_line)
            recorded = [
                self._labelled(
                    match,
                    line,
                    line_end,
                    parent,
                    item_indent,
                    last=n == len(lines) - 1,
                    nested=nested,
                )
                for n, (match, line, line_end) in enumerate(lines)
            ]
            # the label a paragraph hands on (to the block it introduces, or as the parent of
            # what a list item nests): its last one, but a list item's first (the item's name)
            # unless its last is a group heading
            at = -1 if not head or not recorded[-1] else 0
            match = lines[at][0]
            return (match.group("label") or match.group("inner")).strip()
        if first and not head and not parent:
            value, indent = span_value(self.text, base, end)
            self.fields.append(
                Field(
                    path=self._path("Summary"),
                    label="Summary",
                    kind=FieldKind.PROSE,
                    value=value,
                    start=base,
                    end=end,
                    line=first_line,
                    indent=indent,
                )
            )
            return ""
        self._block(content, first_line, end_line, base, end, item_indent)
        return ""

    def _block(
        self, content: str, first_line: int, end_line: int, start: int, end: int, item_indent: str
    ) -> None:
        """Record a paragraph that is no field, with the span of its text when that span reads
        as the paragraph: not when its text was found too early in its line (``1. 1``: an edit
        would write over the marker), nor when its lines carry more than an indent (the ``>``
        of a quote)."""
        indent = ""
        if end_line == first_line:
            placed = self.text[start:end].rstrip() == content
        else:
            value, indent = span_value(self.text, start, end)
            placed = [ln.strip() for ln in value.split("\n")] == [
                ln.strip() for ln in content.split("\n")
            ]
        if not placed:
            self.blocks.append(Block(text=content, line=first_line))
            return
        # a continuation line of a one-line list item is written under its first character
        self.blocks.append(
            Block(
                text=content,
                line=first_line,
                start=start,
                end=end,
                indent=sys.intern(indent or item_indent),
            )
        )

    def _definition(self, span: list[int]) -> None:
        """A list item that holds nothing markdown-it makes a block of: a link reference
        definition (``- [Performance guide]: [Link]``) is the one thing that can be. Kept as a
        block from its ``[`` to the end of its last line, so the form edits it as it edits any
        item (typed over, it may well become a paragraph: ``py-spy: https://...``)."""
        first, after = span
        line_start = self.starts[first]
        marker = _ITEM_START.match(self.text, line_start, _line_end(self.text, self.starts, first))
        if marker is None:
            return  # inside a quote, or a bare marker (`-`): nothing here to edit
        if self._empty_item(span, marker.end()):
            return
        if not self.text.startswith("[", marker.end()):
            return
        last = first
        for line in range(first + 1, min(after, len(self.starts))):
            if self._line_text(line).strip():
                last = line
        end = _line_end(self.text, self.starts, last)
        value, indent = span_value(self.text, marker.end(), end)
        self.blocks.append(
            Block(
                text="\n".join(ln.strip() for ln in value.split("\n")).strip(),
                line=first,
                start=marker.end(),
                end=end,
                indent=sys.intern(
                    indent or re.sub(r"\S", " ", self.text[line_start : marker.end()])
                ),
            )
        )

    def _empty_item(self, span: list[int], text_start: int) -> bool:
        """An item with nothing after its marker (``- ``, as ctrl+n in the form adds one) is
        an empty block where its text would start, so the form can type into it (and remove
        it); True when it was one."""
        first, after = span
        end = _line_end(self.text, self.starts, first)
        lines = range(first + 1, min(after, len(self.starts)))
        if self.text[text_start:end].strip() or any(self._line_text(n).strip() for n in lines):
            return False
        indent = re.sub(r"\S", " ", self.text[self.starts[first] : text_start])
        self.blocks.append(
            Block(text="", line=first, start=end, end=end, indent=sys.intern(indent))
        )
        return True

    def _label_lines(
        self, first: re.Match[str], first_line: int, end_line: int
    ) -> list[tuple[re.Match[str], int, int]]:
        """A labelled paragraph cut at each line that starts with a label: (label match, its
        line, where its value ends). ``**Type**:`` and ``**Severity**:`` one a line with no
        blank line between are one paragraph to markdown but a field each; a line that starts
        with no label goes on with the field above it (lazy continuation)."""
        found: list[tuple[re.Match[str], int]] = [(first, first_line)]
        for line in range(first_line + 1, end_line + 1):
            start, line_end = self.starts[line], _line_end(self.text, self.starts, line)
            while start < line_end and self.text[start] in " \t":
                start += 1
            if match := _LABEL.match(self.text, start, line_end):
                found.append((match, line))
        # each value ends with the line before the next label line, before its line break
        last_lines = [*(line - 1 for _, line in found[1:]), end_line]
        return [
            (match, line, _line_end(self.text, self.starts, last))
            for (match, line), last in zip(found, last_lines, strict=True)
        ]

    def _labelled(
        self,
        labelled: re.Match[str],
        line: int,
        end: int,
        parent: str,
        item_indent: str,
        *,
        last: bool,
        nested: bool,
    ) -> bool:
        """Record the field of one ``**Label**: value`` (its value running to ``end``); False
        when it is a group heading instead: the paragraph's last label, with no value, and
        either ``**Label:**`` or right before the block it introduces (``nested``)."""
        name = "label" if labelled.group("label") is not None else "inner"
        label = labelled.group(name).strip()
        if self.labels is not None:
            self.labels.append(
                Label(
                    text=labelled.group(name),
                    span=Span(labelled.start(name), labelled.end(name)),
                    line=line,
                    field=len(self.fields),  # the field it names, if it names one (below)
                )
            )
        value_start = labelled.end()
        if brk := _LEADING_BREAK.match(self.text, value_start, end):
            value_start = brk.end()  # `**Performance Notes:**` with its text on the next line
        value, indent = span_value(self.text, value_start, end)
        indent = indent or item_indent
        if not value and last and (nested or labelled.group("inner")):
            if self.labels is not None:
                self.labels[-1] = replace(self.labels[-1], field=None)  # it names no field
            return False  # a group heading such as `**User Impact**:` or `**Before (slow):**`
        self.fields.append(
            Field(
                path=self._path(parent, label),
                label=label,
                kind=FieldKind.TEXT,
                value=value,
                start=value_start,
                end=end,
                line=line,
                parent=parent,
                indent=indent,
            )
        )
        return True

    def _fence(self, tok: BlockToken, label: str) -> bool:
        """Record a fenced block; return whether it is closed (an open one runs to the end)."""
        assert tok.map is not None
        first, after = tok.map
        line = self._line_text(first)
        indent = line[: len(line) - len(line.lstrip())]
        marker_at = self.starts[first] + len(indent) + len(tok.markup)
        while marker_at < len(self.text) and self.text[marker_at] == tok.markup[0]:
            marker_at += 1
        info_end = _line_end(self.text, self.starts, first)
        info_start = marker_at
        while info_start < info_end and self.text[info_start] in " \t":
            info_start += 1
        info_end = _rstrip_end(self.text, info_start, info_end)
        closed = after - 1 > first and self._line_text(after - 1).strip().startswith(tok.markup)
        body_start = self.starts[first + 1] if first + 1 < len(self.starts) else len(self.text)
        if closed:
            body_end = self.starts[after - 1]
        else:
            body_end = self.starts[after] if after < len(self.starts) else len(self.text)
        body_end = max(body_start, body_end)
        self.fields.append(
            Field(
                path=self._path(label),
                label=label,
                kind=FieldKind.CODE,
                value=tok.content,
                start=body_start,
                end=body_end,
                line=first,
                info=self.text[info_start:info_end],
                info_span=Span(info_start, info_end),
                indent=indent,
            )
        )
        return closed

    def _table(self, span: list[int], label: str) -> None:
        first, after = span
        rows: list[list[tuple[int, int]]] = []
        for line in range(first, after):
            if line == first + 1:
                continue  # the delimiter row
            rows.append(
                _split_row(self.text, self.starts[line], _line_end(self.text, self.starts, line))
            )
        cells = tuple(tuple(self.text[a:b] for a, b in row) for row in rows)
        table_path = self._path(label)
        start = self.starts[first]
        end = _line_end(self.text, self.starts, after - 1)
        self.fields.append(
            Field(
                path=table_path,
                label=label,
                kind=FieldKind.TABLE,
                value=re.sub(r"\r\n|\r", "\n", self.text[start:end]),
                start=start,
                end=end,
                line=first,
                cells=cells,
            )
        )
        header: list[str] = []
        for n, title in enumerate(cells[0] if cells else ()):
            column = slug(title) or f"column-{n + 1}"
            header.append(column if column not in header else f"{column}-{n + 1}")
        for r, row in enumerate(rows[1:], start=1):
            for c, (a, b) in enumerate(row[: len(header)]):
                self.fields.append(
                    Field(
                        path=f"{table_path}/row-{r}/{header[c]}",
                        label=cells[0][c],
                        kind=FieldKind.CELL,
                        value=self.text[a:b],
                        start=a,
                        end=b,
                        line=first + 1 + r,
                        parent=label,
                        row=r,
                    )
                )


def _split_row(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Trimmed spans of a pipe-table row's cells, splitting on unescaped ``|``."""
    bounds: list[int] = []
    i = start
    while i < end:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "|":
            bounds.append(i)
        i += 1
    lead = text[start:end].lstrip()
    edges = [start - 1, *bounds, end]
    if lead.startswith("|"):
        edges = edges[1:]
    if text[start:end].rstrip().endswith("|") and len(edges) > 1:
        edges = edges[:-1]
    cells = []
    for a, b in pairwise(edges):
        a += 1
        start = a
        while a < b and text[a] in " \t":
            a += 1
        if a == b and b > start:
            a = b = start + 1  # an empty cell: a value goes after one space, as in "| 7 |"
        b = _rstrip_end(text, a, b)
        cells.append((a, b))
    return cells


# -- whole card --------------------------------------------------------------------------------


def _headings(tokens: Sequence[BlockToken]) -> list[tuple[int, int, str, bool]]:
    """(line, level, title, setext) for each heading, from top-level tokens."""
    found = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.map and tok.level == 0:
            setext = tok.markup in ("=", "-")
            found.append((tok.map[0], int(tok.tag[1]), tokens[i + 1].content.strip(), setext))
    return found


class _Head(NamedTuple):
    """A section found while cutting the card: its first line, its heading (how many lines it
    takes: one, or a setext title's and its underline) and where it starts in the card's text.
    The first section (the preamble, front matter and all) comes with its block tokens."""

    line: int
    level: int
    title: str
    setext: bool
    heading_lines: int = 1
    tokens: list[BlockToken] | None = None
    # set once its text is cut: where it starts in the card's text and in the shape, and
    # what its text tells
    offset: int = 0
    start: int = 0
    length: int = 0
    heading_end: int = 0
    mojibake: bool = False


TextOf = Callable[[int, int], str]
"""The card's text between two offsets of its *shape* (see :func:`_parse`)."""


def _heads(
    shape: str, starts: Sequence[int], text_of: TextOf, keep: bool
) -> tuple[list[_Head], list[str] | None]:
    """Every section, preamble first, and its text (``keep``) or only what the card needs of it
    (its length, where its heading ends, whether it spells emoji as mojibake): plain chunks
    from their heading line alone, the others read with markdown-it chunk by chunk (so its
    tokens never cover more than one chunk, and only one chunk's text is made at a time)."""
    skip = _front_matter_lines(shape)
    found: list[_Head] = []
    texts: list[str] = []
    chunks = outline.chunks(shape, starts, min(skip, len(starts)))
    at = 0  # where the chunk starts in the card's text

    def cut(n: int, start: int, offset: int, text: str) -> None:
        """Section ``n``'s text is ``text``, from ``start`` in the shape and ``offset`` in the
        card's text."""
        head = found[n]
        found[n] = head._replace(
            offset=offset,
            start=start,
            length=len(text),
            heading_end=_after_lines(text, head.heading_lines),
            mojibake=has_mojibake(text),
        )
        if keep:
            texts.append(text)

    for chunk, nxt in zip(chunks, [*chunks[1:], None], strict=True):
        first = chunk.first_line
        text = text_of(starts[first], starts[nxt.first_line] if nxt is not None else len(shape))
        if chunk.plain:
            heading = outline.atx_heading(text.split("\n", 1)[0].rstrip("\r"))
            assert heading is not None, "a plain chunk starts with its heading"
            found.append(_Head(first, heading[0], heading[1], False))
            cut(len(found) - 1, starts[first], at, text)
            at += len(text)
            continue
        own = line_starts(text)
        src = text
        if first == 0 and skip:
            src = _front_matter_blank(text, skip, own)
        tokens = _block_tokens(src)
        cuts = []  # each section's first line in the chunk
        preamble: list[BlockToken] | None = None  # the tokens kept: the first section's only
        if first == 0:
            preamble = []
            found.append(_Head(0, 0, "", False, 0, preamble))
            cuts.append(0)
        for i, tok in enumerate(tokens):
            if tok.type == "heading_open" and tok.map and tok.level == 0:
                setext = tok.markup in ("=", "-")
                title = tokens[i + 1].content.strip()
                line, lines = tok.map[0], tok.map[1] - tok.map[0]
                found.append(_Head(first + line, int(tok.tag[1]), title, setext, lines))
                cuts.append(line)
                preamble = None  # what follows is a section's, read when asked for
            elif preamble is not None:
                preamble.append(tok)
        assert cuts and not cuts[0], "a chunk starts with its heading, or is the first"
        ends = [own[line] for line in cuts[1:]] + [len(text)]
        for n, line, end in zip(range(len(found) - len(cuts), len(found)), cuts, ends, strict=True):
            cut(n, starts[first + line], at + own[line], text[own[line] : end])
        at += len(text)
    return found, texts if keep else None


def parse_card(text: str, *, newline: str | None = None, bom: bool = False) -> Card:
    """Parse a whole card. ``text`` is the decoded source without BOM, line endings as on disk.

    Only what the card's shape needs is read at once: sections in plain chunks
    (:mod:`.outline`) work out their fields when first asked for."""
    return _parse(text, lambda a, b: text[a:b], newline, bom)


def parse_read(read: CardText, *, keep_text: bool = True) -> Card:
    """Parse a card as read from disk (:func:`store.read_card`), without ever decoding it whole:
    a 5 MB card with one emoji is a 20 MB string, and a section at a time mostly one byte a
    character. Its shape is its bytes taken as Latin-1 (a character a byte: every line break
    and markdown marker where it is, since UTF-8 never puts an ASCII byte inside a
    character: :attr:`store.CardText.raw`), and each chunk of it is decoded on its own.

    ``keep_text=False``: each section's text is decoded again whenever it is asked for, and
    only the bytes are kept (:class:`model.ReadPieces`), for a command that reads the card
    once (``check``, ``show``): a 5 MB card's decoded sections were 8.4 MB beside its 5 MB of
    bytes. An edit of such a card decodes them all (``reparse_section``)."""
    return _parse(read.raw, read.text_between, read.newline, read.bom, keep_text)


def _parse(
    shape: str, text_of: TextOf, newline: str | None, bom: bool, keep_text: bool = True
) -> Card:
    """The card whose text :func:`_heads` reads chunk by chunk with ``text_of``; ``shape`` has
    its lines and markdown where the text has them, and is cut into chunks (the text itself,
    or its bytes for :func:`parse_read`)."""
    starts = line_starts(shape)
    heads, texts = _heads(shape, starts, text_of, keep_text)
    pieces: Sequence[str] = (
        tuple(texts)
        if texts is not None
        else ReadPieces(text_of, array("q", [*(h.start for h in heads), len(shape)]))
    )
    end_lines = [*(h.line for h in heads[1:]), len(starts) if shape else 0]

    sections: list[Section] = []
    keys_seen: set[str] = set()
    next_suffix: dict[str, int] = {}
    stack: list[tuple[int, str]] = []
    title_taken = False
    for n, head in enumerate(heads):
        level, title = head.level, head.title
        is_title = False
        if n == 0:
            key = PREAMBLE_KEY
        else:
            is_title = level == 1 and not title_taken and not sections[1:]
            if is_title:
                key = TITLE_KEY
                title_taken = True
            else:
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, slug(title) or "section"))
                key = _unique("/".join(s for _, s in stack), keys_seen, next_suffix)
        if n:  # read when asked for (the first section's front matter is read now)
            sections.append(
                Section(
                    key=key,
                    title=title,
                    level=level,
                    is_title=is_title,
                    setext=head.setext,
                    heading_end=head.heading_end,
                    length=head.length,
                    line_count=end_lines[n] - head.line,
                    # the text itself, or where to decode it again from
                    pending=(
                        (texts[n], _read_section)
                        if texts is not None
                        else (pieces, n, _read_section)
                    ),
                )
            )
            continue
        assert head.tokens is not None, "the first chunk is never plain"
        sections.append(
            _build_section(
                pieces[0],
                head.tokens,
                key=key,
                title=title,
                level=level,
                setext=head.setext,
                is_title=is_title,
            )
        )
    return Card(
        pieces=pieces,
        newline=newline or detect_newline(shape),
        bom=bom,
        sections=tuple(sections),
        offsets=tuple(h.offset for h in heads),
        line_offsets=tuple(h.line for h in heads),
        mojibake=any(h.mojibake for h in heads),
    )


def _unique(key: str, seen: set[str], next_suffix: dict[str, int]) -> str:
    """``key``, or ``key-2``, ``key-3``... the first not taken. ``next_suffix`` remembers where
    the last search for ``key`` ended (every suffix below it is taken: ``seen`` only grows), so
    a title repeated n times costs n steps, not n²/2."""
    if key not in seen:
        seen.add(key)
        return key
    n = next_suffix.get(key, 2)
    while (candidate := f"{key}-{n}") in seen:
        n += 1
    next_suffix[key] = n + 1
    seen.add(candidate)
    return candidate


def _build_section(
    text: str,
    tokens: Sequence[BlockToken],
    *,
    key: str,
    title: str,
    level: int,
    setext: bool,
    is_title: bool,
) -> Section:
    heading_lines = 0
    if tokens and tokens[0].type == "heading_open" and tokens[0].map:
        heading_lines = tokens[0].map[1]
        tokens = tokens[3:]
    starts = line_starts(text)  # once per section: the builder and the line count share it
    heading_end = starts[heading_lines] if heading_lines < len(starts) else len(text)
    fields, blocks, open_container = _SectionBuilder(text, key, tokens, starts).build()
    return Section(
        key=key,
        title=title,
        level=level,
        is_title=is_title,
        setext=setext,
        heading_end=heading_end,
        length=len(text),
        line_count=len(starts) if text else 0,
        fields=tuple(fields),
        blocks=tuple(blocks),
        open_container=open_container,
    )


def _after_lines(text: str, count: int) -> int:
    """Where the text after its first ``count`` lines starts (its end if it has fewer)."""
    at = 0
    for _ in range(count):
        found = LINE_BREAK.search(text, at)
        if found is None:
            return len(text)
        at = found.end()
    return at


def _read_section(text: str, key: str) -> Details:
    """A section's fields and blocks, worked out when first asked for. Its text starts with its
    heading, which markdown-it reads as it read it within the card: a top-level heading closes
    every block before it, so a section's tokens are the same alone (what re-parsing one
    section after an edit relies on too)."""
    tokens = _block_tokens(text)[3:]
    starts = line_starts(text)
    fields, blocks, open_container = _SectionBuilder(text, key, tokens, starts).build()
    return tuple(fields), tuple(blocks), open_container


def _section_text(card: Card, key: str) -> tuple[str, bool]:
    """A section's text, and whether it is the card's first (the one front matter opens)."""
    i = card.section_index[key]
    return card.pieces[i], i == 0


def _tokens(text: str, first: bool) -> Sequence[BlockToken]:
    """A section's block tokens but its heading's."""
    src = text
    if first and (skip := _front_matter_lines(text)):
        src = _front_matter_blank(text, skip, line_starts(text))  # as when the card was read
    tokens = _block_tokens(src)
    if not first and tokens and tokens[0].type == "heading_open":
        tokens = tokens[3:]
    return tokens


def _section_tokens(card: Card, key: str) -> tuple[str, Sequence[BlockToken]]:
    """A section's text and its block tokens but its heading's, read again when asked for."""
    text, first = _section_text(card, key)
    return text, _tokens(text, first)


def section_labels(card: Card, key: str) -> tuple[Label, ...]:
    """Every ``**Label**:`` of a section, in line order: the fields' names and the groups'.
    Read from the section's text again, when asked for: the card keeps none of them."""
    return _labels(*_section_text(card, key), key)


@lru_cache(maxsize=256)
def _labels(text: str, first: bool, key: str) -> tuple[Label, ...]:
    # kept for the sections read last: the rules ask for every section's names again at each
    # pause in typing (85% of checking a new card), and only the section typed in has changed
    builder = _SectionBuilder(text, key, _tokens(text, first), line_starts(text), labels=True)
    builder.build()
    assert builder.labels is not None
    return tuple(builder.labels)


def list_items(card: Card, key: str) -> tuple[ListItem, ...]:
    """Every list item of a section, nested ones included, in line order."""
    text, tokens = _section_tokens(card, key)
    starts = line_starts(text)
    lists: list[int] = []  # the lists open around the token, innermost last
    count = 0
    items = []
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            count += 1
            lists.append(count)
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "list_item_open" and tok.map and lists:
            first, after = tok.map
            filled = [
                n
                for n in range(first, min(after, len(starts)))
                if text[starts[n] : _line_end(text, starts, n)].strip()
            ]
            items.append(ListItem(first, (filled[-1] if filled else first) + 1, lists[-1]))
    return tuple(items)


def _shifted(offsets: tuple[int, ...], start: int, delta: int) -> tuple[int, ...]:
    """``offsets`` with ``delta`` added from ``start`` on."""
    if not delta:
        return offsets
    return offsets[:start] + tuple(map(delta.__add__, offsets[start:]))


def reparse_section(card: Card, index: int, new_text: str) -> Card | None:
    """Re-parse one section after its text changed; ``None`` when the change reaches beyond it
    (a heading appeared or vanished, or a fence / HTML block / table is left open at its end),
    in which case the caller parses the whole card again."""
    old = card.sections[index]
    tokens = _block_tokens(new_text)
    heads = _headings(tokens)
    expected = 0 if index == 0 else 1
    if len(heads) != expected:
        return None
    if expected and (heads[0][0] != 0 or heads[0][1] != old.level or heads[0][2] != old.title):
        return None
    nxt = index + 1
    if nxt < len(card.sections) and new_text and new_text[-1] not in "\r\n":
        return None  # its last line would run into the next heading's line: no heading there
    if nxt < len(card.sections) and card.sections[nxt].setext:
        # a text line right above a setext heading would join it: let the full parse decide
        lines = split_lines(new_text)
        if lines and lines[-1].strip():
            return None
    if index == 0 and _front_matter_lines(new_text):
        return None
    section = _build_section(
        new_text,
        tokens,
        key=old.key,
        title=old.title,
        level=old.level,
        setext=old.setext,
        is_title=old.is_title,
    )
    if section.open_container and nxt < len(card.sections):
        return None
    delta = len(new_text) - old.length
    line_delta = section.line_count - old.line_count
    sections = list(card.sections)
    sections[index] = section
    # this runs on every keystroke, and a card may have 20,000 sections after this one: a key
    # that adds no line leaves the line offsets as they are, and the shift is done at C speed
    offsets = _shifted(card.offsets, index + 1, delta)
    line_offsets = _shifted(card.line_offsets, index + 1, line_delta)
    pieces = list(card.pieces)
    pieces[index] = new_text
    # a new card, not a copy of the old one: a copy would carry its stale caches
    result = Card(
        pieces=tuple(pieces),
        newline=card.newline,
        bom=card.bom,
        sections=tuple(sections),
        offsets=offsets,
        line_offsets=line_offsets,
        mojibake=card.mojibake or has_mojibake(new_text),
    )
    # the indexes, on every keystroke: a value typed leaves every field where it was, and the
    # index (never changed in place) is shared; else it moves by one section's worth, and a
    # copy is far cheaper than a rebuild (a 16x card has ~2,500 fields). A card whose fields
    # were never all indexed keeps the positions it did find, but the edited section's.
    if "field_index" in card.__dict__ and old.same_field_paths(section):
        result.__dict__["field_index"] = card.field_index
    elif "field_index" in card.__dict__:
        fields = dict(card.field_index)
        for field in old.fields:
            fields.pop(field.path, None)
        fields.update({f.path: (index, j) for j, f in enumerate(section.fields)})
        result.__dict__["field_index"] = fields
    else:
        kept = {p: at for p, at in card.positions_found.items() if at[0] != index}
        result.__dict__["positions_found"] = kept
    result.__dict__["section_index"] = card.section_index
    # a weak reference: an old card (its whole text) must not live on through the new one
    result.__dict__["made_from"] = (weakref.ref(card), index)
    for same in ("keys", "parents"):  # the edited section keeps its key: the outline stands
        if same in card.__dict__:
            result.__dict__[same] = card.__dict__[same]
    return result
