"""Where a card's sections can be read apart, found without parsing the card.

Parsing a 50 MB card with markdown-it takes most of a minute, and the editor needs little of it
at first: the headings (for the tree and the section keys) and the few sections on screen. So
the card is cut into *chunks* at lines where no block can be open, and markdown-it reads each
chunk on its own, which gives exactly what it gives for the whole text:

* a **cut** is a line that is an ATX heading at the left margin (``# Title``), after a blank
  line (or first), and not inside a fenced code block or an HTML block that only an end marker
  closes (comments, ``<pre>``, ``<script>``...), as a line-by-line tracker of those sees them.
  At the margin the line cannot belong to a list item (that needs indent) or a block quote (it
  needs ``>``); a blank line has closed any paragraph, table or other HTML block; and a fence
  or HTML block opened inside a list item or quote ends with it.
* a chunk is **plain** when no line in it but its first could be a heading at all: no ``#``
  line with at most three spaces of indent (not even in a fence: the tracker is not trusted to
  say what markdown-it would) and no ``===`` / ``---`` line right under text (setext). A plain
  chunk is exactly one section, titled by its first line, and is read only when asked for.

Every doubt goes the safe way: a cut missed or a chunk not called plain only means more is
parsed at once. A card with lone CR line breaks (``re``'s ``^`` does not see them) is one chunk.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.common.utils import mdTrim

# lines that matter to the tracker or to plainness, found at C speed: each hit is one line
_LINE_OF_NOTE = re.compile(
    r"^ {0,3}(?:"
    r"(?P<atx>#{1,6})(?:[ \t]|\r?$)"
    r"|(?P<fence>`{3,}|~{3,})(?P<info>[^\r\n]*)"
    r"|(?P<setext>=+|-+)[ \t]*\r?$"
    r"|(?P<html><)"
    r")",
    re.M,
)
# HTML blocks that a blank line does not end: their start, and what ends them
_HTML_UNTIL_MARKER = (
    (
        re.compile(r"<(?a:script|pre|style|textarea)(?=\s|>|$)", re.I | re.M),
        re.compile(r"</(?a:script|pre|style|textarea)>", re.I),
    ),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
)


@dataclass(frozen=True, slots=True)
class Chunk:
    first_line: int
    """The chunk's first line (a cut, or 0 for the first chunk)."""
    plain: bool
    """One section and nothing else that could be a heading: read it when asked for."""


def atx_heading(line: str) -> tuple[int, str] | None:
    """Level and title of an ATX heading line (no indent, no line break), as markdown-it reads
    it: the closing run of ``#`` after a space is not part of the title, and the title is
    trimmed of what markdown-it counts as white space (``str.strip`` also takes U+001C-U+001F
    and U+0085)."""
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or (len(line) > level and line[level] not in " \t"):
        return None
    end = len(line.rstrip(" \t"))
    if end > level:
        closing = end - len(line[level:end].rstrip("#")) - level
        tmp = end - closing
        if closing and tmp > level and line[tmp - 1] in " \t":
            end = tmp
    return level, mdTrim(line[level:end])


def _blank(text: str, starts: Sequence[int], line: int) -> bool:
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    return not text[starts[line] : end].strip(" \t\r\n")


def chunks(text: str, starts: Sequence[int], first: int = 0) -> list[Chunk]:
    """The card's chunks, in order; ``starts`` are its line starts (``store.line_starts``) and
    ``first`` the first line after any front matter (which stays in the first chunk)."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return [Chunk(0, False)]
    cuts: list[int] = [0]
    plain: list[bool] = []
    plain_so_far = False  # the chunk being read (the first is never plain: it may be a preamble)
    fence: tuple[str, int, int, int] | None = None  # char, length, indent, offset of its line
    html_end = -1  # offset up to which an HTML block is open
    pos = starts[first] if first < len(starts) else len(text)
    for m in _LINE_OF_NOTE.finditer(text, pos):
        at = m.start()
        if at < html_end or fence is not None:
            if m["atx"] or m["setext"]:
                plain_so_far = False
            if fence is not None and _closes(m, fence):
                if fence[2] >= 2 and not _kept_indent(text, fence[3], m.end(), fence[2]):
                    break  # a list item may have ended inside it: no cut can be trusted now
                fence = None
            continue
        line = bisect_right(starts, at) - 1
        if m["fence"]:
            if m["fence"][0] == "`" and "`" in m["info"]:
                continue  # not a fence: a backtick fence's info string has no backtick
            indent = len(m[0]) - len(m[0].lstrip(" "))
            fence = (m["fence"][0], len(m["fence"]), indent, starts[line])
        elif m["html"]:
            html_end = _html_block_end(text, m.end() - 1)
            indent = m.end() - 1 - starts[line]
            if html_end > at and indent >= 2 and not _kept_indent(text, at, html_end, indent):
                break
        elif m["setext"]:
            if line > 0 and not _blank(text, starts, line - 1):
                plain_so_far = False
        elif text[at] == "#" and (line == first or _blank(text, starts, line - 1)):
            if line != cuts[-1]:
                cuts.append(line)
                plain.append(plain_so_far)
                plain_so_far = True
        else:
            plain_so_far = False  # a heading that is no cut: not this chunk's only one
    else:
        # the card ends inside a block: whatever the tracker thinks, read the last chunk fully
        plain.append(plain_so_far and fence is None and html_end <= len(text))
        return [Chunk(c, p) for c, p in zip(cuts, plain, strict=True)]
    plain.append(False)  # gave up: the rest is one chunk, read at once
    return [Chunk(c, p) for c, p in zip(cuts, plain, strict=True)]


def _closes(m: re.Match[str], fence: tuple[str, int, int, int]) -> bool:
    marks = m["fence"]
    return bool(
        marks and marks[0] == fence[0] and len(marks) >= fence[1] and not m["info"].strip(" \t")
    )


def _kept_indent(text: str, start: int, end: int, indent: int) -> bool:
    """Whether every non-blank line from the one after ``start`` to ``end`` keeps ``indent``: a
    fence or HTML block opened with indent may be inside a list item, which a line with less
    indent would end (and the block with it) where a line tracker thinks it goes on."""
    after = text.find("\n", start)
    if after < 0 or after + 1 >= end:
        return True
    shallow = re.compile(rf"^ {{0,{indent - 1}}}[^ \t\r\n]", re.M)
    return shallow.search(text, after + 1, end) is None


def _html_block_end(text: str, at: int) -> int:
    """Where an HTML block starting at ``at`` ends (the end of the line of its end marker),
    ``at`` itself for one that a blank line ends (nothing to track), past the text if never."""
    for start, end_marker in _HTML_UNTIL_MARKER:
        if start.match(text, at):
            found = end_marker.search(text, at)
            if found is None:
                return len(text) + 1
            line_end = text.find("\n", found.end())
            return len(text) if line_end < 0 else line_end + 1
    return at
