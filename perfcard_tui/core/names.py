"""How titles and labels are compared, addressed and spelled.

``normalise`` and ``slug`` are pure and called for every label of every card (``check`` over a
thousand cards calls them a million times), so they are memoised.

Cards reach us with real emoji (the template gitban ships) and with their mojibake (the same
UTF-8 bytes read as Mac Roman, as in gitban's own perf template). Matching must not
care which; writing must keep whichever spelling the card already uses.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# what the lead byte of a UTF-8 sequence (0xC2-0xF4) reads as in Mac Roman: mojibake has one in
# every repaired character, so a text without any has none (one search, where listing every
# non-ASCII run of a 5 MB card took 75 ms)
_MOJIBAKE_LEAD = re.compile("[" + re.escape(bytes(range(0xC2, 0xF5)).decode("mac_roman")) + "]")
_OPTIONAL = re.compile(r"\(\s*optional\s*\)", re.IGNORECASE)
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)
_SPACES = re.compile(r"\s+")
# what normalise blanks: all but letters, digits and spaces (str.isalnum() or " "; \w is that
# and "_", checked over every code point), in one pass where a generator took 20 us a title
_NOT_WORD = re.compile(r"[^\w ]|_")


@lru_cache(maxsize=4096)
def _unmojibake(run: str) -> str:
    # memoised: a card spells the same few emoji over and over (a 5 MB card has 100,000 runs
    # and a dozen distinct ones), and a run that is not mojibake costs a raised exception
    try:
        return run.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return run


def _unmojibake_run(match: re.Match[str]) -> str:
    return _unmojibake(match.group(0))


def fix_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-Mac-Roman, run by run; runs that are real text stay as they are."""
    if text.isascii():
        return text
    return _NON_ASCII_RUN.sub(_unmojibake_run, text)


def to_mojibake(text: str) -> str:
    """The inverse of :func:`fix_mojibake`, for writing into a card that uses that spelling."""
    if text.isascii():
        return text

    def spoil(match: re.Match[str]) -> str:
        run = match.group(0)
        try:
            return run.encode("utf-8").decode("mac_roman")
        except UnicodeDecodeError:  # pragma: no cover - mac_roman decodes every byte
            return run

    return _NON_ASCII_RUN.sub(spoil, text)


def has_mojibake(text: str) -> bool:
    """True when some non-ASCII run of ``text`` is mojibake that :func:`fix_mojibake` repairs."""
    if text.isascii() or not _MOJIBAKE_LEAD.search(text):
        return False
    return any(_unmojibake(run) != run for run in set(_NON_ASCII_RUN.findall(text)))


@lru_cache(maxsize=16384)
def normalise(text: str) -> str:
    """The matching key of a title or label: case, emoji (either spelling), punctuation,
    ``(optional)`` and spacing do not matter. ``"⚠️ Issues:"`` and ``"issues"`` are equal."""
    text = _OPTIONAL.sub(" ", fix_mojibake(text))
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip().lower()


@lru_cache(maxsize=16384)
def slug(text: str) -> str:
    """A GitHub-style heading anchor: lower case, punctuation dropped, spaces to hyphens.

    Emoji are dropped in either spelling, and leading/trailing hyphens trimmed (GitHub keeps a
    leading one for a title that starts with an emoji; nobody types that in a path).
    """
    text = unicodedata.normalize("NFC", fix_mojibake(text)).strip().lower()
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "S")
    text = _SLUG_DROP.sub("", text).strip()
    return text.replace(" ", "-").strip("-")
