"""Everything a card's findings and summary depend on besides its own bytes, as digests the
cache compares: the code that judged it, its template, gitban's validation config, the names of
the cards beside it (for broken links), and the day (for sessions dated in the future).

The card's path is the cache's key, so its file name (a gitban status) is covered there.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import cache
from itertools import chain
from pathlib import Path

import markdown_it

from ... import __version__
from ..gitban.validation_config import config_for
from ..template import Template

_CORE = Path(__file__).resolve().parents[1]
# the characters a card ID is made of (``validate._CARD_ID``); every other byte separates words
_ID_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789_.-"
_SEPARATORS = bytes(b if b in _ID_BYTES else 0x20 for b in range(256))
# the "-MM-DD" of a date: a pattern that starts with a literal is scanned for at C speed (a
# date pattern that starts with its year's digits took 20x as long over a card)
_MONTH_DAY = re.compile(r"-(?=[0-9]{2}-[0-9]{2}(?![0-9]))")


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


@cache
def code_fingerprint() -> str:
    """The version, the markdown parser's version and the bytes of every core module: a rule
    changed in a checkout whose version did not move must not be answered from results the old
    rule gave."""
    h = hashlib.sha256(f"{__version__} markdown-it-py {markdown_it.__version__}".encode())
    for path in sorted(_CORE.rglob("*.py")):
        h.update(str(path.relative_to(_CORE)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


_TEMPLATE_DIGESTS: dict[int, tuple[Template, str]] = {}


def template_digest(template: Template) -> str:
    """Where the template came from and its text (memoised per template object: the core
    caches templates, so a run sees each one once)."""
    known = _TEMPLATE_DIGESTS.get(id(template))
    if known is None or known[0] is not template:
        known = _TEMPLATE_DIGESTS[id(template)] = (
            template,
            _digest(template.source, template.text),
        )
    return known[1]


def config_digest(card_path: str) -> str:
    """gitban's validation config that governs the card, as the rules read it."""
    return _digest(repr(config_for(card_path)))


def inputs_digest(template: Template, card_path: str) -> str:
    """The code, the template and the config together: any change means "judge it again"."""
    return _digest(code_fingerprint(), template_digest(template), config_digest(card_path))


def stems_digest(stems: Iterable[str]) -> str:
    """The names of the cards in a folder (``validate.folder_stems``)."""
    return _digest(*sorted(stems))


def valid_before(text: str | Sequence[str], today: date) -> str:
    """The first day on which the card's findings may read differently although nothing changed:
    the earliest date written in the card after ``today`` (a session "after today" stops being
    so), as ``YYYY-MM-DD``; "" when the card names no later date. ``text``: the card's, or its
    pieces (``Card.pieces``: lines whole in each)."""
    now = today.isoformat()
    later = []
    for written in chain.from_iterable(map(_dates, (text,) if isinstance(text, str) else text)):
        if written > now:  # ISO dates compare as text
            try:
                later.append(date.fromisoformat(written))
            except ValueError:
                continue  # not a real date: the finding says so whatever the day
    return min(later).isoformat() if later else ""


def _dates(text: str) -> list[str]:
    """Every ``YYYY-MM-DD`` in the text not inside a longer run of digits (what
    ``(?<![0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])`` finds, overlapping ones too)."""
    found = []
    for match in _MONTH_DAY.finditer(text):
        at = match.start()
        year = text[at - 4 : at]
        alone = at == 4 or not ("0" <= text[at - 5] <= "9")  # no digit right before the year
        if at >= 4 and year.isascii() and year.isdigit() and alone:
            found.append(text[at - 4 : at + 6])
    return found


class LinkIndex:
    """The words that resolve to a card in a folder, as ``validate.id_resolves`` decides: a
    file's stem, or a ``-``-separated run of one (gitban's ``…-{id}-…``), all lower case. A folder
    of 10,000 gitban cards makes about half a million runs; a card's words are then looked up
    all at once, as one set intersection."""

    def __init__(self, stems: Iterable[str]) -> None:
        runs: set[bytes] = set()
        for stem in stems:
            parts = stem.lower().encode("utf-8", "surrogatepass").split(b"-")
            for start in range(len(parts)):
                for end in range(start + 1, len(parts) + 1):
                    runs.add(b"-".join(parts[start:end]))
        self.words = frozenset(runs)

    def resolves(self, word: str) -> bool:
        return word.lower().encode("utf-8", "surrogatepass") in self.words


_PIECE = 1 << 18
"""Characters of a card split into words at a time: a word as an object takes several times
its text, and a 5 MB card split whole took 80 MB more than the rest of its check."""


def _pieces(text: str) -> Iterator[str]:
    """The card in pieces of about :data:`_PIECE` characters, each ending at a line's end (a
    newline separates words: none is cut in two)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + _PIECE)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def card_words(text: str) -> set[bytes]:
    """Every maximal run of ID characters in the card, lower case: ``card_ids`` returns only
    such runs (it splits on spaces, ``,`` and ``;``, strips brackets, and keeps a token only
    when it is all ID characters, a letter or digit first). Lower-casing never joins two ASCII
    runs (no character around one becomes an ID character); every other byte separates."""
    words: set[bytes] = set()
    for piece in _pieces(text):
        words.update(_words(piece))
    return words


def _words(piece: str) -> list[bytes]:
    return piece.lower().encode("utf-8", "surrogatepass").translate(_SEPARATORS).split()


def links_digest(text: str | Sequence[str], index: LinkIndex) -> str:
    """The words of the card that resolve to a card in its folder. The link rule looks up only
    words of the card, so while this digest stays the same every link it checks resolves as
    before, whatever else the folder gained or lost: renaming one card (a status change) does
    not send the other 9,999 to be judged again. ``text``: the card's, or its pieces
    (``Card.pieces``: lines whole in each)."""
    found: set[bytes] = set()
    for piece in _pieces(text) if isinstance(text, str) else text:
        found.update(index.words.intersection(_words(piece)))
    resolving = sorted(found)
    return _digest(*(word.decode("utf-8", "surrogatepass") for word in resolving))
