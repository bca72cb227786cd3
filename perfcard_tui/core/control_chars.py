"""Characters a card should never hold, and how to name them in one line.

They are the ones ``display.safe_text`` makes visible (C0 controls but tab and newline, DEL, C1
controls, the bidi embeddings, overrides and isolates), except the carriage return: to the
parser and the store a CR is a line break (CRLF and old Mac cards), so it is never a stray here.
Shown, these characters are neutralised; written, they would act on whatever shows the file raw
(``cat``, ``git diff``, a code review page) or make text read differently from its bytes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .display import UNSAFE

CONTROLS: frozenset[str] = UNSAFE - {"\r"}
_CONTROL = re.compile("[" + "".join(f"\\u{ord(c):04x}" for c in sorted(CONTROLS)) + "]")

# C0 and DEL have no Unicode name; these are their ASCII abbreviations
_C0 = (
    *("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL"),
    *("BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI"),
    *("DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB"),
    *("CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"),
)
# the C1 controls a pasted terminal capture is likely to hold
_C1 = {0x84: "IND", 0x85: "NEL", 0x8D: "RI", 0x90: "DCS", 0x9B: "CSI", 0x9C: "ST", 0x9D: "OSC"}


def first_control(text: str) -> re.Match[str] | None:
    """The first control character in ``text`` (``None`` when there is none)."""
    return _CONTROL.search(text)


def controls_in(text: str) -> Iterator[re.Match[str]]:
    """Every control character in ``text``, in order (one regex scan)."""
    return _CONTROL.finditer(text)


def describe(char: str) -> str:
    """``U+001B (ESC)``, ``U+202E (RIGHT-TO-LEFT OVERRIDE)``, ``U+0080``."""
    code = ord(char)
    if code < 0x20:
        name = _C0[code]
    elif code == 0x7F:
        name = "DEL"
    else:
        name = _C1.get(code, "") or unicodedata.name(char, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"
