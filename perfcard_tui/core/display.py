"""Card text made safe to show on a terminal: characters that would drive it become visible.

A card may hold terminal output pasted into a code block, escape sequences included (clear the
screen, set the window title, write the clipboard through OSC 52), and bidi overrides that make
text read differently from what it is. Shown raw, the card would drive the terminal of whoever
looks at it. ``safe_text`` turns every such character into a visible symbol:

* C0 controls other than tab and newline (U+0000–U+0008, U+000B–U+001F, ESC among them) become
  their Unicode Control Picture, U+2400 + code: ESC → ``␛``, BEL → ``␇``, CR → ``␍``.
  A CR is kept only as the first half of a CRLF line ending (a section's raw text keeps the
  card's own endings); a lone CR would send the cursor back to overwrite the start of the line
  (a line that reads differently from its bytes), so it becomes ``␍``.
* DEL (U+007F) becomes ``␡`` (U+2421), the Control Picture for it.
* C1 controls (U+0080–U+009F, CSI ``\\x9b`` among them) and the bidi embeddings, overrides and
  isolates (U+202A–U+202E, U+2066–U+2069) have no picture: they become their code point between
  angle brackets, ``⟨U+009B⟩``, ``⟨U+202E⟩``.

Everything else passes unchanged: emoji with their joiners and variation selectors, CJK,
combining marks. Only showing changes; a file's bytes are never touched here. A literal ``␛``
typed in a card looks the same as a real ESC shown: the point is that neither acts.
"""

from __future__ import annotations

import re

_PICTURES = 0x2400  # the Control Pictures block: U+2400 + code for U+0000..U+001F
_DEL_PICTURE = "\u2421"
_UNSAFE_RANGES = (  # first, last: C0 but tab and newline, DEL and C1, bidi controls
    (0x00, 0x08),
    (0x0B, 0x1F),
    (0x7F, 0x9F),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
)


def _symbol(code: int) -> str:
    if code < 0x20:
        return chr(_PICTURES + code)
    if code == 0x7F:
        return _DEL_PICTURE
    return f"⟨U+{code:04X}⟩"


_SYMBOLS = {
    chr(code): _symbol(code) for first, last in _UNSAFE_RANGES for code in range(first, last + 1)
}
# the CR of a CRLF pair is a line ending (a section's raw text keeps the card's own); a lone CR
# is a stray that would send the cursor back over the line
_CLASS = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in _UNSAFE_RANGES if a != 0x0B)
_UNSAFE = re.compile(f"[\\u000b\\u000c\\u000e-\\u001f{_CLASS}]|\\r(?!\\n)")
UNSAFE: frozenset[str] = frozenset(_SYMBOLS)
"""Every character ``safe_text`` replaces (JSON output escapes the same set as ``\\uXXXX``)."""


def safe_text(text: str) -> str:
    """``text`` with every character that could drive a terminal replaced by a visible symbol.

    One regex scan and no copy when there is nothing to replace (the text itself comes back),
    so the editor can call it on every render.
    """
    return _UNSAFE.sub(lambda m: _SYMBOLS[m[0]], text)


def has_unsafe(text: str) -> bool:
    """Whether ``safe_text`` would change ``text``."""
    return _UNSAFE.search(text) is not None
