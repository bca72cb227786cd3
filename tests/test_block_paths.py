"""Addresses of blocks (a paragraph or list item that is no field): ``SECTION#item-N`` and
``SECTION#paragraph-N`` (DECISIONS 66). They never collide with a field path, every one names
its own block, they stay put while blocks are edited, and field queries resolve as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcard_tui.core import block_paths, edits, gate
from perfcard_tui.core.block_paths import BlockRef, block_refs, resolve, resolve_block
from perfcard_tui.core.model import Card, FieldKind
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.paths import FieldNotFound, resolve_field
from perfcard_tui.core.sessions import SessionEntry, insert_session, parse_sessions
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template, new_card_text

SHAPES = """\
# T

## A

Opening prose.

- one
  - one.a
  - one.b
- two

Second paragraph.

> quoted
> more

1. 1

- [ ] a box
- **Label**: a field
"""


def new_card(newline: str = "\n") -> Card:
    return parse_card(new_card_text(builtin_template(), "Slow thumbnails").replace("\n", newline))


def load(path: Path) -> Card:
    text = read_card(path)
    return parse_card(text.text, newline=text.newline, bom=text.bom)


def addresses(card: Card) -> list[tuple[str, int]]:
    return [(ref.address, ref.index) for ref in block_refs(card)]


def test_a_new_card_addresses_every_block_outside_the_session_entry() -> None:
    card = new_card()
    assert [ref.address for ref in block_refs(card)] == [
        "root-cause/investigation-findings#item-1",  # sub-bullets under Hot Spot 1 and 2
        "root-cause/investigation-findings#item-2",
        "root-cause/why-this-is-slow#item-1",
        "root-cause/why-this-is-slow#item-2",
        "benchmarking/benchmark-setup#item-1",
        "benchmarking/benchmark-setup#item-2",
        "benchmarking/benchmark-setup#item-3",
        "related-cards/enables#paragraph-1",
        "related-cards/related#paragraph-1",
        "notes/profiling-methodology#item-1",
        "notes/profiling-methodology#item-2",
        "notes/optimization-insights#item-1",
        "notes/optimization-insights#item-2",
        "notes/future-optimizations#item-1",
        "notes/future-optimizations#item-2",
        "notes/resources#item-1",  # `- [Performance guide]: [Link]`
        "notes/resources#item-2",
        "additional-notes-optional#paragraph-1",
    ]
    # the example session entry's blocks are `log`'s: the gate refuses a change to them
    entry = parse_sessions(card)[0].span
    notes = card.section_index["progress-notes"]
    spans = [b.span for b in card.sections[notes].blocks]
    assert spans and all(
        s is not None and entry.start <= card.offsets[notes] + s.start < entry.end for s in spans
    )


def test_items_and_paragraphs_are_numbered_apart_in_line_order() -> None:
    card = parse_card(SHAPES)
    found = {
        ref.address: (block_paths.editable(card, ref), block_paths.block_text(card, ref))
        for ref in block_refs(card)
    }
    assert found == {
        "a#item-1": (True, "one"),
        "a#item-2": (True, "one.a"),  # a nested sub-bullet is an item like any other
        "a#item-3": (True, "one.b"),
        "a#item-4": (True, "two"),
        "a#paragraph-1": (True, "Second paragraph."),
        "a#paragraph-2": (False, "quoted\nmore"),  # a quote over two lines: no span
        "a#item-5": (False, "1"),  # `1. 1`: its text is found in its marker
    }
    assert [f.path for _, f in card.fields()] == ["a/summary", "a/a-box", "a/label"]
    ref = resolve_block(card, "a#item-5")
    assert block_paths.block_line(card, ref) == 17 and ref.label == "Item"


def test_no_address_is_a_field_path_and_each_names_its_own_block(card_path: Path) -> None:
    card = load(card_path)
    assert not any("#" in s.key for s in card.sections)
    assert not any("#" in f.path for _, f in card.fields())
    refs = list(block_refs(card))
    assert len({r.address for r in refs}) == len(refs)
    for ref in refs:
        assert block_paths.is_block_address(ref.address)
        assert resolve_block(card, ref.address) == ref
        assert resolve(card, ref.address) == ref
        if block_paths.editable(card, ref):  # and reads back as the gate writes it
            assert (ref.kind == "item") == edits.block_is_item(card, ref.key, ref.index)
            value = block_paths.block_text(card, ref)
            assert gate.set_block(card, ref.key, ref.index, value).text == card.text


def test_setting_a_block_moves_no_address(card_path: Path) -> None:
    card = load(card_path)
    before = addresses(card)
    for ref in block_refs(card):
        if not block_paths.editable(card, ref):
            continue
        after = gate.set_block(card, ref.key, ref.index, "Changed text\nover two lines")
        assert addresses(after) == before, ref.address


def test_setting_a_field_moves_no_address() -> None:
    card = new_card()
    before = addresses(card)
    written = 0
    for _, field in card.fields():
        if field.kind is FieldKind.TABLE:
            continue
        for value in ("Changed", "Two\nlines", "12ms"):
            try:
                after = gate.set_value(card, field.path, value)
            except edits.EditError:
                continue
            written += 1
            assert addresses(after) == before, (field.path, value)
    assert written > 200


def test_a_paragraph_beside_the_entries_keeps_its_address_as_sessions_are_logged() -> None:
    card = new_card()
    key = "progress-notes"
    summary = "[Track optimization progress session by session]\n\n"
    assert card.text.count(summary) == 1
    card = parse_card(card.text.replace(summary, summary + "Our own note.\n\n"))
    assert [r.address for r in block_paths.section_blocks(card, key)] == [f"{key}#paragraph-1"]
    for day in ("2026-01-02", "2026-01-03"):  # the first replaces the example entry
        entry = SessionEntry(date=day, name="Dana", completed=("Cached templates",))
        card = insert_session(card, entry)
        ref = resolve_block(card, f"{key}#paragraph-1")
        assert block_paths.block_text(card, ref) == "Our own note."
        assert len(block_paths.section_blocks(card, key)) == 1
    assert len(parse_sessions(card)) == 2


def test_the_section_part_is_a_key_its_tail_or_its_titles() -> None:
    card = new_card()
    want = resolve_block(card, "root-cause/why-this-is-slow#item-2")
    assert want == BlockRef("root-cause/why-this-is-slow", 1, "item", 2)
    for query in (
        "why-this-is-slow#item-2",
        "  root-cause/why-this-is-slow#item-2 ",
        "/root-cause/why-this-is-slow/#item-2",
        "Root Cause/Why This Is Slow#Item-2",
        "Why This Is Slow #item-2",
    ):
        assert resolve_block(card, query) == want, query
        assert resolve(card, query) == want, query


def test_what_names_no_block_says_so_with_what_would() -> None:
    card = parse_card("# T\n\n## A\n\n### Notes\n\n- x\n\n## B\n\n### Notes\n\n- y\n- z\n")
    with pytest.raises(FieldNotFound, match="ambiguous: 2 sections") as ambiguous:
        resolve_block(card, "notes#item-1")
    assert ambiguous.value.candidates == ["a/notes#item-1", "b/notes#item-1"]
    assert resolve_block(card, "b/notes#item-2").index == 1

    with pytest.raises(FieldNotFound, match="has 1 item") as missing:
        resolve_block(card, "a/notes#item-2")
    assert missing.value.candidates == ["a/notes#item-1"]
    with pytest.raises(FieldNotFound, match="has 0 paragraph") as missing:
        resolve_block(card, "a/notes#paragraph-1")
    with pytest.raises(FieldNotFound, match="has 0 item") as missing:
        resolve_block(card, "a#item-1")  # its items are its subsection's
    assert missing.value.candidates == ["a/notes#item-1"]
    with pytest.raises(FieldNotFound, match="no section 'b/noets'") as missing:
        resolve_block(card, "b/noets#item-1")
    assert missing.value.candidates == ["b/notes#item-1", "a/notes#item-1"]
    with pytest.raises(FieldNotFound, match="names no section"):
        resolve_block(card, "#item-1")
    with pytest.raises(FieldNotFound, match="has 2 item"):
        resolve_block(card, "b/notes#item-0")

    notes = new_card()
    with pytest.raises(FieldNotFound, match="outside its session entries"):
        resolve_block(notes, "progress-notes#item-1")


@pytest.mark.parametrize(
    "query",
    ["why-this-is-slow#3", "why-this-is-slow#item", "#", "item-1", "why-this-is-slow#items-1"],
)
def test_anything_else_is_a_field_query(query: str) -> None:
    assert not block_paths.is_block_address(query)
    with pytest.raises(FieldNotFound) as missing:
        resolve(new_card(), query)
    assert str(missing.value).startswith(f"no field '{query}'")
    with pytest.raises(FieldNotFound):
        resolve_field(new_card(), query)


def test_field_queries_resolve_exactly_as_before(perf7: Card) -> None:
    queries = [
        query
        for _, field in perf7.fields()
        for query in (field.path, field.path.rsplit("/", 1)[-1], field.label)
    ]
    for query in queries:
        try:
            expected: object = resolve_field(perf7, query)
        except FieldNotFound as error:
            expected = (str(error), error.candidates)
        try:
            got: object = resolve(perf7, query)
        except FieldNotFound as error:
            got = (str(error), error.candidates)
        assert got == expected, query


def test_a_label_with_a_hash_is_still_a_field() -> None:
    card = parse_card("# T\n\n## Hot Spots\n\n**Hot Spot #1**: the renderer\n\n- a block\n")
    assert resolve(card, "Hot Spot #1") == "hot-spots/hot-spot-1"
    assert resolve(card, "Hot Spots/Hot Spot #1") == "hot-spots/hot-spot-1"
    assert resolve(card, "hot-spots#item-1") == BlockRef("hot-spots", 0, "item", 1)
    with pytest.raises(FieldNotFound, match="a block is written SECTION#item-N"):
        resolve(card, "Hot Spot #2")


# -- property: any text set into any block leaves every address where it was -----------------

CARD = new_card()
REFS = [ref for ref in block_refs(CARD) if block_paths.editable(CARD, ref)]
PIECES = st.sampled_from(
    ["a", "Z", " ", "\t", "\n", "\r\n", "\r", "-", "* ", "1. ", "#", "## ", "```", "> ", "[ ] ",
     "**B**: ", "|", "<div>", "\\", "é", "✅", "\x1b", "\u202e", "===", "---", "    "]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(REFS), st.lists(PIECES, max_size=12).map("".join))
def test_any_text_in_any_block_moves_no_address(ref: BlockRef, value: str) -> None:
    try:
        after = gate.set_block(CARD, ref.key, ref.index, value)
    except edits.EditError:
        return
    assert addresses(after) == addresses(CARD)
    assert resolve_block(after, ref.address).index == ref.index
