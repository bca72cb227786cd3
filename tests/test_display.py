"""``core.display.safe_text``: card text shown on a terminal never drives it."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from perfcard_tui.core.display import UNSAFE, has_unsafe, safe_text

# what a pasted terminal session brings: OSC 0 title, CSI clear, OSC 52 clipboard, C1 CSI, RLO
PAYLOAD = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZWNobyBwd25lZA==\x07\x9b31m\u202e"

C0 = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"]
C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


def test_c0_controls_become_control_pictures() -> None:
    for ch in C0:
        assert safe_text(f"a{ch}b") == f"a{chr(0x2400 + ord(ch))}b"
    assert safe_text("\x1b[2J") == "␛[2J"
    assert safe_text("\x07") == "␇"
    assert safe_text("\x00") == "␀"
    assert safe_text("stray\rcarriage") == "stray␍carriage"  # a lone CR is never a line end


def test_the_cr_of_a_crlf_line_ending_is_kept() -> None:
    assert safe_text("one\r\ntwo\r\n") == "one\r\ntwo\r\n"
    assert safe_text("one\r\r\ntwo") == "one␍\r\ntwo"


def test_del_becomes_its_picture() -> None:
    assert safe_text("a\x7fb") == "a␡b"


def test_c1_and_bidi_controls_become_their_code_point() -> None:
    for ch in C1 + BIDI:
        assert safe_text(ch) == f"⟨U+{ord(ch):04X}⟩"
    assert safe_text("\x9b31m") == "⟨U+009B⟩31m"
    assert safe_text("abc\u202edef") == "abc⟨U+202E⟩def"
    assert safe_text("\u2066x\u2069") == "⟨U+2066⟩x⟨U+2069⟩"


def test_the_pasted_payload_is_inert() -> None:
    shown = safe_text(PAYLOAD)
    assert shown == "␛]0;pwned␇␛[2J␛]52;c;ZWNobyBwd25lZA==␇⟨U+009B⟩31m⟨U+202E⟩"
    assert not has_unsafe(shown) and has_unsafe(PAYLOAD)


def test_tab_newline_and_ordinary_text_are_kept() -> None:
    text = "col\tcol\nline 2\n"
    assert safe_text(text) is text  # nothing to replace: the same object, no copy
    assert not has_unsafe(text)


def test_emoji_cjk_and_combining_marks_pass_unchanged() -> None:
    for text in (
        "📊 **Metrics:**",
        "👩‍💻 and 👨‍👩‍👧 (zero-width joiners)",
        "⚠️ DO NOT START",  # variation selector 16
        "🇫🇷 flags, 👍🏽 skin tone",
        "性能カード 성능",
        unicodedata.normalize("NFD", "café, naïve"),  # combining marks
        "\u00a0non-breaking, \u200bzero-width space, \ufeffBOM",
        "– — … › → ✅ ❌ ␛ (a literal picture stays itself)",
    ):
        assert safe_text(text) == text, text
        assert not has_unsafe(text)


def test_unsafe_is_exactly_what_is_replaced() -> None:
    assert {*C0, "\x7f", *C1, *BIDI} == UNSAFE
    assert "\t" not in UNSAFE and "\n" not in UNSAFE and "\u200d" not in UNSAFE


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_output_never_holds_an_unsafe_character(text: str) -> None:
    shown = safe_text(text)
    assert not (set(shown.replace("\r\n", "\n")) & UNSAFE)  # but a CRLF line ending
    assert not has_unsafe(shown)
    assert safe_text(shown) == shown  # idempotent
    assert has_unsafe(text) == (shown != text)


@given(
    st.lists(
        st.one_of(
            st.sampled_from([*C0, "\x7f", *C1, *BIDI, PAYLOAD]),
            st.text(alphabet=st.characters(codec="utf-8")),
        )
    )
)
def test_one_character_at_a_time_in_order(parts: list[str]) -> None:
    """Each character is shown on its own, in place; a safe one as itself."""
    text = "".join(parts).replace("\r\n", "\n")  # a CRLF pair is one line ending, not two
    assert safe_text(text) == "".join(safe_text(ch) for ch in text)
    assert all(safe_text(ch) == ch for ch in text if ch not in UNSAFE)
