"""The few front matter keys gitban's rules read: ``template``, ``type`` and ``status``.

Front matter stays in the card's text (parse.py keeps it in the preamble). Only top-level
``key: value`` scalars are read, and never with a YAML library: the core reads three plain
words, and a card whose front matter is something richer loses nothing but those words.
"""

from __future__ import annotations

import os
import re
import stat

from ..parse import _front_matter_lines
from ..store import BOM, split_lines

_SCALAR = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
_COMMENT = re.compile(r"\s+#.*$")
_HEAD = 16_384  # as much as parse.py looks for the end of front matter in


def front_matter(text: str) -> dict[str, str]:
    """Top-level scalar keys (lower case) of the card's YAML front matter; {} when it has none.
    Quotes around a value and a trailing ``# comment`` are dropped; lists, maps, block scalars
    and empty values are left out."""
    count = _front_matter_lines(text)
    if not count:
        return {}
    found: dict[str, str] = {}
    for line in split_lines(text)[1 : count - 1]:
        match = _SCALAR.match(line.rstrip("\r\n"))
        if match is None:
            continue  # an indented (nested) line, a list item, a comment
        value = _COMMENT.sub("", match["value"])
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1].strip()
        if value and value[0] not in "[{|>&*!":
            found.setdefault(match["key"].lower(), value)
    return found


def read_front_matter(path: str | os.PathLike[str]) -> dict[str, str]:
    """:func:`front_matter` of the card at ``path``, read from its first bytes; {} for a card
    without front matter (one small read, nothing decoded) or one that cannot be read (whoever
    reads the card says why)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return {}  # opening a FIFO would block
        with open(path, "rb") as f:
            head = f.read(_HEAD)
    except OSError:
        return {}
    head = head.removeprefix(BOM)
    if not head.startswith(b"---"):
        return {}
    return front_matter(head.decode("utf-8", errors="replace"))
