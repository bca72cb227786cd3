"""What a line of a value would start if it were written at the start of a line of the card.

A paragraph (a ``**Label**: value`` field, the prose that opens a section, a session's notes) can
run over several lines, but CommonMark lets some lines interrupt it: a heading, a list item, a
fence, a quote, an HTML block, a rule, a table's delimiter row, or a setext underline that turns
the paragraph itself into a heading. Written into a field, such a line would end the field and
start another block: a new section, a second ``Target Value``.

The test is deliberately wider than CommonMark. A line is judged with its indentation removed,
because how far it is indented inside a list item is decided by the card's text around it, not
by the value; and an ordered list item or an HTML block is refused even where CommonMark would
let the paragraph go on. A value that needs such a line is not a one-field value.
"""

from __future__ import annotations

import re

# (pattern, what the line would start); the first match names it, so the order matters:
# "---" is a setext underline before it is a rule or a list item
_STARTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), what)
    for pattern, what in (
        (r"(?:=+|-+)[ \t]*$", "a setext underline (the line above would become a heading)"),
        (r"(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})$", "a horizontal rule"),
        (r"#{1,6}(?:[ \t]|$)", "a heading"),
        (r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", "a list item"),
        (r"(?:`{3,}|~{3,})", "a code fence"),
        (r">", "a block quote"),
        (r"<[A-Za-z/!?]", "an HTML block"),
        (r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)+$", "a table (its delimiter row)"),
        (r":-+:?[ \t]*$", "a table (its delimiter row)"),
    )
)


def block_start(line: str) -> str | None:
    """What ``line`` would start at the start of a card line ("a heading"), or None for text
    that would simply continue a paragraph."""
    bare = line.lstrip(" \t")
    for pattern, what in _STARTS:
        if pattern.match(bare):
            return what
    return None


def is_blank(line: str) -> bool:
    """A blank line ends a paragraph: the field would stop there."""
    return not line.strip(" \t")
