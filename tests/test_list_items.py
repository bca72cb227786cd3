"""List items added, removed and moved whole (issue 9: "list items and nested sub-bullets:
add, remove, reorder, one line each"): each edit is one splice of the item's lines, sub-bullets
and all, and the rest of the card keeps its bytes; the gate refuses whatever would change more
of the section than the item."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcard_tui.core import block_paths, edits
from perfcard_tui.core.form_edits import EditKind, FormEdit, apply
from perfcard_tui.core.model import Card, FieldKind
from perfcard_tui.core.parse import list_items, parse_card
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template, new_card_text

REPO = Path(__file__).resolve().parents[1]
_PERF7 = read_card(REPO / "sample_cards" / "PERF-7.md")
PERF7 = parse_card(_PERF7.text, newline=_PERF7.newline, bom=_PERF7.bom)
SLOW = "root-cause/why-this-is-slow"
PHASE_2 = "implementation/phase-2-optimization"
HEAD = "# T\n\n## S\n\n"


def new_card() -> Card:
    return parse_card(new_card_text(builtin_template(), "x"))


def card_of(body: str) -> Card:
    """A card of one section ``S`` holding ``body`` (its lines start at line 2 of it)."""
    return parse_card(HEAD + body)


def add(card: Card, line: int) -> str:
    return edits.add_list_item(card, card.sections[-1].key, line).text


def remove(card: Card, line: int) -> str:
    return edits.remove_list_item(card, card.sections[-1].key, line).text


def move(card: Card, line: int, step: int) -> str:
    return edits.move_list_item(card, card.sections[-1].key, line, step).text


# -- each edit, byte for byte ---------------------------------------------------------------------


def test_a_new_item_is_an_empty_one_below_with_its_marker_and_indent() -> None:
    card = new_card()
    after = apply(card, FormEdit(EditKind.ADD_BLOCK_ITEM, SLOW, 0))
    old = "- [Explanation of inefficiency]\n- [What could be better]\n"
    new = "- [Explanation of inefficiency]\n- \n- [What could be better]\n"
    assert after.text == card.text.replace(old, new)
    blocks = after.section(SLOW).blocks
    assert [b.text for b in blocks] == [
        "[Explanation of inefficiency]",
        "",
        "[What could be better]",
    ]
    assert edits.block_value(after, SLOW, 1) == ""  # an empty item, to type into


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        ("- a\n  - s\n- b\n", 2, "- a\n  - s\n- \n- b\n"),  # below its sub-bullets
        ("- a\n  - s\n- b\n", 3, "- a\n  - s\n  - \n- b\n"),  # a sub-bullet's sibling
        ("- a\n\n- b\n", 4, "- a\n\n- b\n\n- \n"),  # a loose list stays loose
        ("1. a\n2. b\n", 2, "1. a\n2. \n2. b\n"),  # the next number; the others keep theirs
        ("*   a\n", 2, "*   a\n*   \n"),  # the card's own marker and spacing
        ("- a", 2, "- a\n- "),  # the card's last line, with no break
    ],
)
def test_add_after(body: str, line: int, expected: str) -> None:
    assert add(card_of(body), line) == HEAD + expected


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        ("- a\n  - s\n  - t\n- b\n", 2, "- b\n"),  # with its sub-bullets
        ("- a\n  - s\n  - t\n- b\n", 4, "- a\n  - s\n- b\n"),  # a sub-bullet alone
        ("- a\n\n- b\n\n- c\n", 4, "- a\n\n- c\n"),  # with the blank line after it
        ("- a\n\n- b\n\nAfter.\n", 4, "- a\n\nAfter.\n"),  # the last: the blank before it
        ("- a\n- b", 3, "- a"),  # the card's last line: the card still ends without a break
        ("Text.\n\n- a\n", 4, "Text.\n\n"),  # the only item
        ("Scenarios:\n1. a\n2. b\n", 3, "Scenarios:\n1. b\n"),  # the next takes its number
    ],
)
def test_remove(body: str, line: int, expected: str) -> None:
    assert remove(card_of(body), line) == HEAD + expected


@pytest.mark.parametrize(
    ("body", "line", "step", "expected"),
    [
        ("- a\n  - s\n- b\n", 2, 1, "- b\n- a\n  - s\n"),  # its sub-bullets go with it
        ("- a\n- b\n  - s\n", 3, -1, "- b\n  - s\n- a\n"),
        ("- a\n\n- b\n", 2, 1, "- b\n\n- a\n"),  # the blank line stays between
        ("1. a\n   - s\n2. b\n", 4, -1, "1. b\n2. a\n   - s\n"),  # the numbers stay in place
        ("- a\n- b", 2, 1, "- b\n- a"),  # the last line keeps having no break
        ("- a\n  - s\n  - t\n- b\n", 4, -1, "- a\n  - t\n  - s\n- b\n"),  # among sub-bullets
    ],
)
def test_move(body: str, line: int, step: int, expected: str) -> None:
    assert move(card_of(body), line, step) == HEAD + expected


@pytest.mark.parametrize(
    ("body", "line", "step", "why"),
    [
        ("- a\n- b\n", 2, -1, "already the first"),
        ("- a\n- b\n", 3, 1, "already the last"),
        ("- a\n  - s\n- b\n", 3, 1, "already the last"),  # never out of its parent
        ("- a\n\n* b\n", 2, 1, "already the last"),  # another bullet is another list
    ],
)
def test_an_item_never_leaves_its_list(body: str, line: int, step: int, why: str) -> None:
    with pytest.raises(edits.EditError, match=why):
        move(card_of(body), line, step)


def test_an_item_never_moves_across_a_heading() -> None:
    card = parse_card(HEAD + "- a\n- b\n\n## U\n\n- c\n")
    with pytest.raises(edits.EditError, match="already the last"):
        edits.move_list_item(card, "s", 3, 1)
    with pytest.raises(edits.EditError, match="already the first"):
        edits.move_list_item(card, "u", 2, -1)


def test_a_line_that_holds_no_item_is_refused() -> None:
    with pytest.raises(edits.EditError, match="no list item on line"):
        add(card_of("Text.\n\n- a\n"), 2)
    with pytest.raises(edits.EditError, match="in a quote"):
        add(card_of("> - a\n> - b\n"), 2)


def test_crlf_cards_get_crlf_lines() -> None:
    card = parse_card((HEAD + "- a\n- b").replace("\n", "\r\n"))
    assert add(card, 2) == (HEAD + "- a\n- \n- b").replace("\n", "\r\n")
    assert add(card, 3) == (HEAD + "- a\n- b\n- ").replace("\n", "\r\n")


# -- through the form's edits and the gate --------------------------------------------------------


def test_a_paragraph_is_no_item_to_add_after() -> None:
    card = parse_card(HEAD + "Intro.\n\nMore text.\n\n- a\n")
    assert [b.text for b in card.section("s").blocks] == ["More text.", "a"]
    with pytest.raises(edits.EditError, match="no list item"):
        apply(card, FormEdit(EditKind.ADD_BLOCK_ITEM, "s", 0))


def test_the_new_item_is_typed_into_and_emptied_again() -> None:
    card = apply(new_card(), FormEdit(EditKind.ADD_BLOCK_ITEM, SLOW, 0))
    typed = apply(card, FormEdit(EditKind.SET_BLOCK, SLOW, 1, "word"))
    assert typed.text == card.text.replace("- \n", "- word\n", 1)
    emptied = apply(typed, FormEdit(EditKind.SET_BLOCK, SLOW, 1, ""))
    assert emptied.text == card.text  # an empty item is still an item


def test_block_items_move_and_go_through_the_form() -> None:
    card = new_card()
    down = apply(card, FormEdit(EditKind.MOVE_BLOCK_ITEM, SLOW, 0, step=1))
    assert [b.text for b in down.section(SLOW).blocks] == [
        "[What could be better]",
        "[Explanation of inefficiency]",
    ]
    assert apply(down, FormEdit(EditKind.MOVE_BLOCK_ITEM, SLOW, 1, step=-1)).text == card.text
    gone = apply(card, FormEdit(EditKind.REMOVE_BLOCK_ITEM, SLOW, 1))
    assert gone.text == card.text.replace("- [What could be better]\n", "")


def test_checklist_items_move_up_and_down_and_go_whole() -> None:
    card = PERF7
    fields = card.section(PHASE_2).fields
    measure = next(n for n, f in enumerate(fields) if f.label == "Measure impact")
    up = apply(card, FormEdit(EditKind.MOVE_ITEM, PHASE_2, measure, step=-1))
    old = "   - [x] Implement optimization\n   - [x] Measure impact\n"
    assert up.text == card.text.replace(
        old, "   - [x] Measure impact\n   - [x] Implement optimization\n", 1
    )
    gone = apply(card, FormEdit(EditKind.REMOVE_ITEM_WHOLE, PHASE_2, measure))
    assert gone.text == card.text.replace("   - [x] Measure impact\n", "", 1)
    with pytest.raises(edits.EditError, match="not a checklist item"):  # `- **Metric**: ...`
        apply(card, FormEdit(EditKind.MOVE_ITEM, "current-performance/primary-metric", 0, step=1))


def test_a_checklist_item_is_added_below_its_sub_bullets() -> None:
    card = parse_card(HEAD + "- [ ] a\n  - note\n- [ ] b\n")
    after = edits.add_check_item(card, "s/a", "new")
    assert after.text == HEAD + "- [ ] a\n  - note\n- [ ] new\n- [ ] b\n"


def test_a_move_past_a_field_keeps_the_fields_in_their_order() -> None:
    """Hot Spot 1's sub-bullets: a block beside the **Time Spent** field. Moving the block
    below the field keeps every field (their lines move, their order and values do not)."""
    key = "root-cause/investigation-findings"
    block = next(
        n for n, b in enumerate(PERF7.section(key).blocks) if b.text.startswith("`orders/serial")
    )
    after = apply(PERF7, FormEdit(EditKind.MOVE_BLOCK_ITEM, key, block, step=1))
    assert [f.value for f in after.section(key).fields] == [
        f.value for f in PERF7.section(key).fields
    ]
    assert after.text.index("**Time Spent**: 61%") < after.text.index("`orders/serializers.py:88`")


def test_item_places_say_where_the_focus_goes() -> None:
    card = card_of("- a\n  - s\n- b\n- c\n")
    places = edits.item_places(list_items(card, "s"), [2, 3, 4, 5])  # a, s, b, c
    assert places[0] == edits.ItemPlaces(added=2, up=None, down=1, removed=0)
    assert places[1] == edits.ItemPlaces(added=2, up=None, down=None, removed=1)
    assert places[2] == edits.ItemPlaces(added=3, up=0, down=3, removed=2)
    assert places[3] == edits.ItemPlaces(added=4, up=2, down=None, removed=2)


# -- random edits on the sample card ------------------------------------------------------------


def _list_rows(card: Card) -> list[tuple[str, EditKind, int]]:
    """Every (section, kind of row, position) of the sample card a form row edits as an item:
    its list items that are blocks, and its checklist items."""
    rows = []
    for section in card.sections:
        items = {it.line for it in list_items(card, section.key)} if section.blocks else set()
        for n in block_paths.outside_entries(card, section.key):  # an entry is `log`'s
            block = section.blocks[n]
            if block.span is not None and block.line in items:
                rows.append((section.key, EditKind.SET_BLOCK, n))
        for n, field in enumerate(section.fields):
            if field.kind is FieldKind.CHECK:
                rows.append((section.key, EditKind.SET_CHECK, n))
    return rows


ROWS = _list_rows(PERF7)
BLOCK_ACTIONS = [
    (EditKind.ADD_BLOCK_ITEM, 0),
    (EditKind.REMOVE_BLOCK_ITEM, 0),
    (EditKind.MOVE_BLOCK_ITEM, -1),
    (EditKind.MOVE_BLOCK_ITEM, 1),
]
CHECK_ACTIONS = [
    (EditKind.ADD_ITEM, 0),
    (EditKind.REMOVE_ITEM_WHOLE, 0),
    (EditKind.MOVE_ITEM, -1),
    (EditKind.MOVE_ITEM, 1),
]


def _shape(card: Card, key: str) -> list[tuple[object, ...]]:
    """A section's fields without their lines or paths: what an item edit may reorder."""
    return [(f.kind, f.label, f.parent, f.value, f.checked) for f in card.section(key).fields]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row=st.sampled_from(ROWS), action=st.integers(0, 3))
def test_random_item_edits_touch_only_their_section(row: tuple[str, EditKind, int], action: int):
    key, of, index = row
    kind, step = (BLOCK_ACTIONS if of is EditKind.SET_BLOCK else CHECK_ACTIONS)[action]
    before = PERF7
    try:
        after = apply(before, FormEdit(kind, key, index, step=step))
    except edits.EditError:
        assert kind in (EditKind.MOVE_BLOCK_ITEM, EditKind.MOVE_ITEM)  # the first, or the last
        return
    i = before.section_index[key]
    assert [s.key for s in after.sections] == [s.key for s in before.sections]
    for n, (old, new) in enumerate(zip(before.sections, after.sections, strict=True)):
        if n != i:
            assert before.body(old.key) == after.body(new.key)
            assert _shape(before, old.key) == _shape(after, new.key)
    start = before.offsets[i]
    assert after.text[:start] == before.text[:start]
    tail = len(before.text) - before.offsets[i + 1] if i + 1 < len(before.sections) else 0
    assert after.text[len(after.text) - tail :] == before.text[len(before.text) - tail :]
    old, new = _shape(before, key), _shape(after, key)
    if kind in (EditKind.MOVE_BLOCK_ITEM, EditKind.MOVE_ITEM):
        assert sorted(map(repr, new)) == sorted(map(repr, old))
        assert after.text != before.text and len(after.text) == len(before.text)
    elif kind is EditKind.ADD_BLOCK_ITEM:
        assert new == old
        assert len(after.section(key).blocks) == len(before.section(key).blocks) + 1
    elif kind is EditKind.ADD_ITEM:
        assert len(new) == len(old) + 1 and all(shape in old for shape in new if shape[3])
    else:  # removed: what is left is what was there, in its order
        assert len(new) < len(old) or of is EditKind.SET_BLOCK
        left = iter(old)
        assert all(shape in left for shape in new)
