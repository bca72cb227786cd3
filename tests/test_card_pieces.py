"""The card's text is kept a section at a time: every way of reading a part of it gives what
the joined text would, and an edit makes a new string of one section only."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfcard_tui.core.edits import set_field, splice
from perfcard_tui.core.model import Card, ReadPieces
from perfcard_tui.core.parse import parse_card, parse_read
from perfcard_tui.core.store import decode

# lines that make sections (ATX and setext headings, fences) and text of every width: ASCII,
# Latin-1, the BMP and emoji, with each newline style
LINES = st.sampled_from(
    [
        "# Title",
        "## Problem 📊",
        "### Sub",
        "Setext",
        "======",
        "- **Current Value**: 420ms",
        "text × ±",
        "→ arrow",
        "```",
        "",
        "- [ ] item",
    ]
)
BREAKS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def card_texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.tuples(LINES, BREAKS), max_size=25))
    text = "".join(line + brk for line, brk in lines)
    return text if draw(st.booleans()) else text.rstrip("\r\n")


def _line_start(text: str, at: int) -> int:
    return max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1


def _line_end(text: str, at: int) -> int:
    found = re.compile(r"\r\n|\r|\n").search(text, at)
    return found.end() if found else len(text)


@settings(max_examples=200, deadline=None)
@given(card_texts(), st.data())
def test_reading_a_part_of_the_pieces_reads_the_text(text: str, data: st.DataObject) -> None:
    card = parse_card(text)
    assert card.text == text
    assert card.length == len(text)
    assert [len(p) for p in card.pieces] == [s.length for s in card.sections]
    assert card.to_bytes() == text.encode()
    start = data.draw(st.integers(-2, len(text) + 2))
    end = data.draw(st.integers(-2, len(text) + 2))
    assert card.source(start, end) == text[max(start, 0) : max(end, 0)]
    at = data.draw(st.integers(0, len(text)))
    assert card.char_at(at) == text[at : at + 1]
    assert card.line_start(at) == _line_start(text, at)
    assert card.line_end(at) == _line_end(text, at)
    assert (
        card.line_at(at)
        == text[:at].count("\n") + text[:at].count("\r") - text[:at].count("\r\n") + 1
    )


def test_an_edit_makes_a_new_string_of_its_section_only(perf7: Card) -> None:
    after = set_field(perf7, "current-performance/primary-metric/current-value", "400ms")
    changed = [
        n for n, (a, b) in enumerate(zip(perf7.pieces, after.pieces, strict=True)) if a is not b
    ]
    assert [after.sections[n].key for n in changed] == ["current-performance/primary-metric"]
    assert after.same_text(
        set_field(perf7, "current-performance/primary-metric/current-value", "400ms")
    )
    assert not after.same_text(perf7)


def test_a_section_without_emoji_takes_a_byte_a_character() -> None:
    """The reason for the pieces: one emoji in a heading no longer makes every character of
    the card four bytes."""
    card = parse_card("# Card 📊\n\n## Plain\n\n" + "x" * 10_000 + "\n")
    held = sum(map(sys.getsizeof, card.pieces))
    assert held < 1.1 * card.length
    assert sys.getsizeof(card.text) > 4 * card.length  # what one string of it costs


def test_same_text_holds_for_cards_cut_differently() -> None:
    """Two cards with the same text but made differently (one re-parsed whole) are the same."""
    card = parse_card("# T\n\n## A\n\nx\n")
    edited = splice(card, card.length, card.length, "## B\n")
    whole = parse_card(edited.text)
    assert edited.same_text(whole) and whole.same_text(edited)
    assert not card.same_text(edited)


def test_a_card_read_once_decodes_its_sections_when_asked() -> None:
    """``parse_read(keep_text=False)``: the sections' texts are not kept, and every way of
    asking for them gives what the tuple of them would."""
    text = "# Card 📊\n\n## Problem\n\n- **Current Value**: 420ms\n\n## Notes ×\n\ntext\n"
    read = parse_read(decode(text.encode()), keep_text=False)
    kept = parse_read(decode(text.encode()))
    assert isinstance(read.pieces, ReadPieces) and isinstance(kept.pieces, tuple)
    assert len(read.pieces) == len(kept.pieces)
    assert read.pieces[-1] == kept.pieces[-1] and read.pieces[1:] == kept.pieces[1:]
    assert read.pieces[::-1] == kept.pieces[::-1]
    with pytest.raises(IndexError):
        read.pieces[len(kept.pieces)]
    assert read.pieces == kept.pieces and kept.pieces == read.pieces
    assert read.pieces != kept.pieces[:-1] and read.pieces != "".join(kept.pieces)
    assert hash(read.pieces) == hash(kept.pieces)
    assert read.text == text and read.to_bytes() == text.encode()
    # each asking is a new string: nothing of it is held by the card
    assert read.pieces[1] is not read.pieces[1]


def test_a_card_read_once_can_be_edited() -> None:
    """``set`` and ``log`` read the card that way too: an edit gives the card it gives of a
    card whose texts were kept."""
    text = "# Card\n\n## Problem 📊\n\n- **Current Value**: 420ms\n\n## After\n\nx\n"
    read = parse_read(decode(text.encode()), keep_text=False)
    kept = parse_read(decode(text.encode()))
    path = next(f.path for _, f in kept.fields() if f.label == "Current Value")
    edited, oracle = set_field(read, path, "380ms"), set_field(kept, path, "380ms")
    assert edited.text == oracle.text and edited.sections == oracle.sections
