"""A paragraph or list item that is no field (a block: ``- [What could be better]``) is edited
through the gate as a prose value is: only its own span changes, it reads back exactly, and
anything that would change the card's structure is refused with the card left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcard_tui.core import edits, gate
from perfcard_tui.core.buffer import CardBuffer
from perfcard_tui.core.form_edits import EditKind, FormEdit, apply
from perfcard_tui.core.model import Card
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.sessions import parse_sessions, progress_notes_key
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template, is_placeholder, new_card_text

REPO = Path(__file__).resolve().parents[1]
CORPUS = sorted((REPO / "tests" / "cards").glob("*.md")) + sorted(
    (REPO / "sample_cards").glob("*.md")
)

SLOW = "root-cause/why-this-is-slow"
SETUP = "benchmarking/benchmark-setup"
ENABLES = "related-cards/enables"
RESOURCES = "notes/resources"


def new_card(newline: str = "\n") -> Card:
    text = new_card_text(builtin_template(), "Slow thumbnails")
    return parse_card(text.replace("\n", newline))


def in_a_session(card: Card, key: str, index: int) -> bool:
    """Whether a block is part of a session entry (the session form's, not the block edit's)."""
    if key != progress_notes_key(card):
        return False
    i = card.section_index[key]
    block = card.sections[i].blocks[index]
    assert block.span is not None
    at = card.offsets[i] + block.span.start
    return any(e.span.start <= at < e.span.end for e in parse_sessions(card))


def editable_blocks(card: Card) -> list[tuple[str, int]]:
    return [
        (section.key, n)
        for section in card.sections
        for n, block in enumerate(section.blocks)
        if block.span is not None and not in_a_session(card, section.key, n)
    ]


def absolute(card: Card, key: str, index: int) -> tuple[int, int]:
    i = card.section_index[key]
    span = card.sections[i].blocks[index].span
    assert span is not None
    return span.start + card.offsets[i], span.end + card.offsets[i]


def fields_of(card: Card) -> list[tuple[str, str]]:
    return [(f.path, f.value) for _, f in card.fields()]


def test_every_placeholder_block_of_a_new_card_has_a_span() -> None:
    card = new_card()
    placeholders = [
        (s.key, b.text) for s in card.sections for b in s.blocks if is_placeholder(b.text)
    ]
    # 17 outside Progress Notes' example session entry, Resources' two link definitions
    # (`- [Performance guide]: [Link]`) among them
    assert len(placeholders) == 23
    assert all(
        b.span is not None for s in card.sections for b in s.blocks if is_placeholder(b.text)
    )
    assert len(editable_blocks(card)) == 18  # and Additional Notes' paragraph
    for key, index in editable_blocks(card):
        start, end = absolute(card, key, index)
        block = card.section(key).blocks[index]
        assert card.text[start:end] == block.text  # the span is exactly the block's text
        assert edits.block_value(card, key, index) == block.text


def test_each_block_is_set_in_place_and_the_rest_of_the_file_is_untouched() -> None:
    card = new_card()
    expected = card.text
    for n, (key, index) in reversed(list(enumerate(editable_blocks(card)))):
        start, end = absolute(card, key, index)
        expected = expected[:start] + f"Filled in {n}" + expected[end:]
    before_fields = fields_of(card)
    for n, (key, index) in enumerate(editable_blocks(card)):
        start, end = absolute(card, key, index)
        after = gate.set_block(card, key, index, f"Filled in {n}")
        # one splice: everything before and after the block's span is the same text
        assert after.text == card.text[:start] + f"Filled in {n}" + card.text[end:]
        assert edits.block_value(after, key, index) == f"Filled in {n}"
        card = after
    assert card.text == expected
    assert fields_of(card) == before_fields  # no field changed: blocks are not fields
    assert card.to_bytes() == expected.encode()


def test_a_block_of_a_session_entry_is_refused() -> None:
    card = new_card()
    key = progress_notes_key(card)
    assert key is not None
    entry_blocks = [n for n in range(len(card.section(key).blocks)) if in_a_session(card, key, n)]
    assert entry_blocks
    with pytest.raises(gate.Refused, match="session entries"):
        gate.set_block(card, key, entry_blocks[1], "Cache thumbnails")


def test_a_crlf_card_keeps_crlf_and_a_multi_line_item_keeps_its_indent() -> None:
    card = new_card("\r\n")
    after = gate.set_block(card, SETUP, 0, "Cold cache:\n200 thumbnails")
    start = absolute(card, SETUP, 0)[0]
    # `1. ` items continue three spaces in, and the line break is the card's own
    assert after.text[start:].startswith("Cold cache:\r\n   200 thumbnails\r\n2. [Scenario 2]")
    assert "\n" not in after.text.replace("\r\n", "")
    assert edits.block_value(after, SETUP, 0) == "Cold cache:\n200 thumbnails"
    block = after.section(SETUP).blocks[0]
    assert block.indent == "   " and block.text == "Cold cache:\n200 thumbnails"
    # set again, it stays one item of two lines, indented as before
    again = gate.set_block(after, SETUP, 0, "Warm cache:\n50 thumbnails\nno network")
    lines = again.text[start:].split("\r\n")[:4]
    assert lines == [
        "Warm cache:",
        "   50 thumbnails",
        "   no network",
        "2. [Scenario 2]: [Description of workload]",
    ]
    assert len(again.section(SETUP).blocks) == 3


def test_a_nested_sub_bullet_keeps_its_indent() -> None:
    card = new_card()
    key = "root-cause/investigation-findings"
    after = gate.set_block(card, key, 0, "`thumbs.py:42`: resizes\nevery image twice")
    start = absolute(card, key, 0)[0]
    assert after.text[start:].startswith("`thumbs.py:42`: resizes\n    every image twice\n")
    assert fields_of(after) == fields_of(card)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("Quadratic scan\n## X", "would start a heading"),
        ("Quadratic\x1b[31m scan", "control character"),
        ("Quadratic\n\nscan", "blank"),
        ("[ ] a checkbox", "checklist item"),
        ("**Label**: value", "labelled field"),
        ("- nested", "would start a list item"),
    ],
)
def test_a_value_that_would_change_the_structure_is_refused(value: str, why: str) -> None:
    card = new_card()
    text = card.text
    with pytest.raises(edits.EditError, match=why) as refused:
        apply(card, FormEdit(EditKind.SET_BLOCK, SLOW, 0, value))
    assert "\n" not in str(refused.value)  # one line
    assert card.text == text


def test_the_backstop_refuses_what_the_rules_let_through() -> None:
    """No rule knows a link reference definition (``[a]: /url``): markdown reads it as no
    paragraph at all, so a paragraph of its own would be gone. The backstop sees the block
    gone. (A list item holding one is still a block: see below.)"""
    card = new_card()
    text = card.text
    with pytest.raises(gate.Refused, match="not stay a paragraph of its own"):
        gate.set_block(card, ENABLES, 0, "[a]: /url")
    assert card.text == text
    # the same words with text around them are a paragraph, and are written
    after = gate.set_block(card, ENABLES, 0, "see [a]: /url")
    assert edits.block_value(after, ENABLES, 0) == "see [a]: /url"


def test_a_link_definition_in_a_list_item_is_a_block_typed_over_like_any_item() -> None:
    """Resources' ``- [Performance guide]: [Link]``: markdown makes no paragraph of a link
    reference definition, but the item holding one is kept as a block from its ``[`` on, so
    the form reaches it; it may stay a definition or become a paragraph, in its span alone."""
    card = new_card()
    blocks = card.section(RESOURCES).blocks
    assert [b.text for b in blocks] == [
        "[Performance guide]: [Link]",
        "[Profiling tutorial]: [Link]",
    ]
    assert edits.block_is_item(card, RESOURCES, 0)
    start, end = absolute(card, RESOURCES, 0)
    assert card.text[start - 2 : end + 1] == "- [Performance guide]: [Link]\n"
    for value in ("py-spy: https://github.com/benfred/py-spy", "[py-spy]: https://x.org/a"):
        after = gate.set_block(card, RESOURCES, 0, value)
        assert after.text == card.text[:start] + value + card.text[end:]
        assert edits.block_value(after, RESOURCES, 0) == value
        assert fields_of(after) == fields_of(card)
    # a definition over two lines (its title below) is one block, continued under its text
    after = gate.set_block(card, RESOURCES, 1, '[perf]: https://x.org\n"Linux perf"')
    assert after.text[start:].split("\n")[1:3] == [
        "- [perf]: https://x.org",
        '  "Linux perf"',
    ]
    assert after.section(RESOURCES).blocks[1].text == '[perf]: https://x.org\n"Linux perf"'


def test_a_block_the_parser_could_not_place_is_not_editable() -> None:
    card = parse_card("# T\n\n## A\n\nFirst.\n\n1. 1\n")  # the text `1` is found in its marker
    block = card.section("a").blocks[0]
    assert block.text == "1" and block.span is None
    with pytest.raises(edits.EditError, match="cannot be edited here"):
        edits.set_block(card, "a", 0, "2")


def test_typing_into_a_block_is_one_undo_step_that_gives_back_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "PERF-40.md"
    original = new_card("\r\n")
    path.write_bytes(original.to_bytes())
    buffer = CardBuffer.open(path)
    typed = ""
    for at, char in enumerate("Each lookup scans the list"):
        typed += char
        edit = FormEdit(EditKind.SET_BLOCK, SLOW, 1, typed)
        buffer.replace(apply(buffer.card, edit), edit.said, typing=edit.typing_in, at=at * 0.05)
    assert edits.block_value(buffer.card, SLOW, 1) == "Each lookup scans the list"
    assert len(buffer.history) == 1  # a run of typing is one step
    assert buffer.undo() is not None
    assert buffer.card.to_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_block_of_the_cards_we_have_is_edited_in_place(path: Path) -> None:
    """BOM, CR-only, mixed newlines, tabs, setext headings, `*` bullets, the sample cards:
    every block outside a session entry takes a new text in its span alone, and its own text
    set back gives back the very card."""
    text = read_card(path)
    card = parse_card(text.text, newline=text.newline, bom=text.bom)
    for key, index in editable_blocks(card):
        start, end = absolute(card, key, index)
        after = gate.set_block(card, key, index, "Edited text")
        assert after.text == card.text[:start] + "Edited text" + card.text[end:]
        assert fields_of(after) == fields_of(card)
        same = gate.set_block(card, key, index, edits.block_value(card, key, index))
        assert same.to_bytes() == card.to_bytes()
