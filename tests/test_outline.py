"""Reading a card chunk by chunk (``core/outline.py``) gives exactly what reading it whole gives.

The oracle is the parser with the outline switched off (one chunk: markdown-it over the whole
text, as before chunks existed). Every card we have, and random cards built from the lines that
make the outline's job hard (fences at every indent, HTML blocks, setext underlines, headings
in lists and code, blank and CRLF lines), must parse to equal cards both ways, fields included.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfcard_tui.core import outline
from perfcard_tui.core.model import Card
from perfcard_tui.core.outline import Chunk
from perfcard_tui.core.parse import parse_card, parse_read
from perfcard_tui.core.store import decode, line_starts

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def whole(text: str, monkeypatch: pytest.MonkeyPatch) -> Card:
    with monkeypatch.context() as m:
        m.setattr(outline, "chunks", lambda text, starts, first=0: [Chunk(0, False)])
        return parse_card(text)


def assert_same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    chunked, oracle = parse_card(text), whole(text, monkeypatch)
    assert chunked.offsets == oracle.offsets
    assert chunked.line_offsets == oracle.line_offsets
    assert [s.key for s in chunked.sections] == [s.key for s in oracle.sections]
    for mine, theirs in zip(chunked.sections, oracle.sections, strict=True):
        assert mine == theirs, f"section {mine.key!r} differs"


def cards_we_have() -> list[Path]:
    found = sorted((REPO / "sample_cards").glob("*.md")) + sorted((REPO / "tests/cards").glob("*"))
    if CORPUS.is_dir():
        found += sorted(CORPUS.rglob("*.md"))
    return found


@pytest.mark.parametrize("path", cards_we_have(), ids=lambda p: p.name)
def test_every_card_we_have_reads_the_same_in_chunks(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: a card the store refuses")
    assert_same(text, monkeypatch)


def test_sections_are_read_only_when_asked() -> None:
    text = (REPO / "sample_cards" / "PERF-7.md").read_text(encoding="utf-8")
    card = parse_card(text)
    later = [s for s in card.sections if not s.read]
    waiting = [s.key for s in later]  # keys: comparing sections would read them
    assert waiting == list(card.keys[1:]), "every section but the first waits to be read"
    metric = card.section("current-performance/primary-metric")
    assert not metric.read
    assert metric.fields  # asking reads it
    assert metric.read


def test_the_corpus_is_there_or_says_why() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"no shared corpus at {CORPUS}: real cards are only checked where it exists")
    assert list(CORPUS.rglob("*.md"))


_TRICKY_LINES = [
    "",
    "   ",
    "# Title",
    "## Section",
    "### Sub #",
    "#### Closed ####",
    "####### seven",
    "#not a heading",
    " ## one space",
    "   ### three spaces",
    "    # four: code",
    "\t# tab: code",
    "Para text",
    "**Label**: value",
    "- item",
    "- [ ] task",
    "1. ordered",
    "  continued in item",
    "  # heading in item",
    "  ```",
    "   ```python",
    "    ```",
    "```",
    "````",
    "~~~",
    "``` a`b",
    "```  ",
    "<!-- comment",
    "-->",
    "<!-- one line -->",
    "  <!--",
    "<pre>",
    "</pre>",
    "<div>",
    "<?php",
    "?>",
    "<!DOCTYPE html>",
    "===",
    "---",
    "- - -",
    "| a | b |",
    "|---|---|",
    "> quote",
    "> ```",
    "---\r",
    "## crlf\r",
]


@settings(max_examples=250, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_TRICKY_LINES), max_size=40), st.booleans())
def test_random_tricky_cards_read_the_same_in_chunks(lines: list[str], final_break: bool) -> None:
    text = "\n".join(lines) + ("\n" if final_break else "")
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_same(text, monkeypatch)


def test_a_cut_only_at_the_margin_after_a_blank_line() -> None:
    text = "# T\n\n## A\ntext\n## B\n\n  ## C\n\n## D\n"
    firsts = [c.first_line for c in outline.chunks(text, line_starts(text))]
    assert firsts == [0, 2, 8]


def test_a_fence_that_may_be_in_a_list_item_stops_the_cutting() -> None:
    # the item ends at the unindented line, and its fence with it: the next ``` opens a fence
    # that runs over '## Hidden' (so it is no heading), whatever a line tracker pairs up
    text = "# T\n\n- item\n  ```\nout\n```\n\n## Hidden\n"
    cuts = outline.chunks(text, line_starts(text))
    assert [c.first_line for c in cuts] == [0] and not cuts[0].plain
    assert [s.title for s in parse_card(text).sections] == ["", "T"]


@pytest.mark.skipif(os.name != "posix", reason="plain text only")
def test_lone_cr_cards_are_read_whole() -> None:
    text = "# T\r\r## A\rtext\r"
    assert outline.chunks(text, line_starts(text)) == [Chunk(0, False)]


# -- read from the bytes: the shape is the bytes as Latin-1, each chunk decoded on its own -----

# lines whose UTF-8 holds the bytes Latin-1 takes for white space (0x85 NEL, 0xA0 NBSP: in
# "Å" and "à"), an NBSP of its own, and headings, setext titles and fences that carry them
_WIDE_LINES = [
    "## Résumé à la carte",
    "# 📊 Benchmark Results",
    "Å",
    "\u00a0",
    "à\u00a0",
    "Tête",
    "===",
    "- **Current Value**: 420ms → 150ms ±5%",
    "``` à",
    "| à | Å |",
    "<pre>à",
]


def assert_same_read(text: str, monkeypatch: pytest.MonkeyPatch | None = None) -> None:
    """The card read from its bytes, its sections' texts kept or decoded when asked for, is
    the card parsed from its text: every piece, offset and section."""
    whole_text = parse_card(text)
    for keep_text in (True, False):
        read = parse_read(decode(text.encode()), keep_text=keep_text)
        assert isinstance(read.pieces, tuple) is keep_text
        assert read.pieces == whole_text.pieces
        assert list(read.pieces) == list(whole_text.pieces)
        assert read.offsets == whole_text.offsets
        assert read.line_offsets == whole_text.line_offsets
        assert (read.newline, read.bom, read.mojibake) == (
            whole_text.newline,
            whole_text.bom,
            whole_text.mojibake,
        )
        for mine, theirs in zip(read.sections, whole_text.sections, strict=True):
            assert mine == theirs, f"section {mine.key!r} differs"


@pytest.mark.parametrize("path", cards_we_have(), ids=lambda p: p.name)
def test_every_card_we_have_reads_the_same_from_its_bytes(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: a card the store refuses")
    assert_same_read(text)


@settings(max_examples=250, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_TRICKY_LINES + _WIDE_LINES), max_size=40), st.booleans())
def test_random_cards_read_the_same_from_their_bytes(lines: list[str], final_break: bool) -> None:
    assert_same_read("\n".join(lines) + ("\n" if final_break else ""))


def test_a_card_read_from_its_bytes_keeps_a_section_without_emoji_narrow() -> None:
    text = "# Card 📊\n\n## Plain\n\n" + "x" * 10_000 + "\n"
    card = parse_read(decode(text.encode()))
    assert card.pieces[card.section_index["plain"]].isascii()
    assert card.to_bytes() == text.encode()
