"""The name of a field or group (``**[Optimization 1]**``) is renamed through the gate: only the
label's own text changes, what it names and heads is renamed with it (their paths too, which
the edit announces), and anything else is refused with the card left as it was.

A name is the one edit that changes paths, so the gate's backstop for it checks exactly that:
the same sections, paragraphs and labels in the same places; every field of the same kind, value
and line; a field's name or group changed only from the label's old text to the new, below the
label; and every field whose name and group stayed keeping its path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfcard_tui.core import edits, gate
from perfcard_tui.core.buffer import CardBuffer
from perfcard_tui.core.form_edits import EditKind, FormEdit, apply
from perfcard_tui.core.model import Card
from perfcard_tui.core.parse import parse_card, section_labels
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template, is_placeholder, new_card_text

REPO = Path(__file__).resolve().parents[1]
CORPUS = sorted((REPO / "tests" / "cards").glob("*.md")) + sorted(
    (REPO / "sample_cards").glob("*.md")
)
SPECIFIC = "optimization-approach/specific-optimizations"
PHASE_2 = "implementation/phase-2-optimization"
RESOURCES = "notes/resources"
NEW = parse_card(new_card_text(builtin_template(), "Slow thumbnails"))
PERF7 = parse_card((REPO / "sample_cards" / "PERF-7.md").read_text("utf-8"))


def label_span(card: Card, key: str, index: int) -> tuple[int, int]:
    return edits.label_span(card, key, index)[1]


def every_label(card: Card) -> list[tuple[str, int]]:
    return [
        (s.key, n)
        for i, s in enumerate(card.sections)
        if i
        for n in range(len(section_labels(card, s.key)))
    ]


def sections_and_values(card: Card) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """What a rename never changes: the sections, and each field's kind, value and line."""
    return [(s.key, [(f.kind, f.value, f.line) for f in s.fields]) for s in card.sections]


def test_a_new_cards_placeholder_names_are_labels_with_their_spans() -> None:
    labels = section_labels(NEW, SPECIFIC)
    assert [(a.text, a.field) for a in labels if is_placeholder(a.text)] == [
        ("[Optimization 1]", 0),
        ("[Optimization 2]", 4),
    ]
    groups = section_labels(NEW, PHASE_2)
    assert [(a.text, a.field) for a in groups] == [
        ("[Optimization 1]", None),
        ("[Optimization 2]", None),
    ]
    for key, index in every_label(NEW):
        start, end = label_span(NEW, key, index)
        assert NEW.text[start - 2 : start] == "**"
        assert NEW.text[start:end] == section_labels(NEW, key)[index].text


def test_a_field_name_renames_the_field_and_what_it_heads_and_says_so() -> None:
    start, end = label_span(NEW, SPECIFIC, 0)
    after, renamed = gate.relabel(NEW, SPECIFIC, 0, "Resize at upload")
    assert after.text == NEW.text[:start] + "Resize at upload" + NEW.text[end:]
    old = f"{SPECIFIC}/optimization-1"
    new = f"{SPECIFIC}/resize-at-upload"
    assert renamed == {
        old: new,
        f"{old}/technique": f"{new}/technique",
        f"{old}/expected-impact": f"{new}/expected-impact",
        f"{old}/risk": f"{new}/risk",
    }
    assert after.field(new).label == "Resize at upload"
    assert after.field(f"{new}/risk").parent == "Resize at upload"
    assert sections_and_values(after) == sections_and_values(NEW)
    # the other optimization and every other section are as they were
    assert after.field(f"{SPECIFIC}/optimization-2/risk").value == "[Potential issues]"
    assert all(
        a is b
        for n, (a, b) in enumerate(zip(NEW.sections, after.sections, strict=True))
        if NEW.sections[n].key != SPECIFIC
    )


def test_a_group_name_renames_the_items_it_heads() -> None:
    after, renamed = gate.relabel(NEW, PHASE_2, 1, "Batch queries")
    assert sorted(renamed.values()) == [
        f"{PHASE_2}/batch-queries/{item}"
        for item in (
            "document-changes",
            "implement-optimization",
            "measure-impact",
            "verify-correctness",
        )
    ]
    assert all(k.startswith(f"{PHASE_2}/optimization-2/") for k in renamed)
    assert after.field(f"{PHASE_2}/optimization-1/measure-impact").parent == "[Optimization 1]"


def test_spaces_typed_after_a_name_are_kept_as_typed() -> None:
    """ "Resize " on the way to "Resize at upload": the label holds the space; what it names
    is named without it."""
    after = gate.set_label(NEW, SPECIFIC, 0, "Resize ")
    assert section_labels(after, SPECIFIC)[0].text == "Resize "
    assert after.field(f"{SPECIFIC}/resize").label == "Resize"
    again = gate.set_label(after, SPECIFIC, 0, "Resize at")
    assert again.field(f"{SPECIFIC}/resize-at/technique").parent == "Resize at"


def test_setting_a_name_back_gives_back_the_bytes_of_a_crlf_card() -> None:
    card = parse_card(NEW.text.replace("\n", "\r\n"))
    renamed = gate.set_label(card, PHASE_2, 0, "Resize at upload")
    assert "\r\n2. **Resize at upload**:\r\n" in renamed.text
    back = gate.set_label(renamed, PHASE_2, 0, "[Optimization 1]")
    assert back.to_bytes() == card.to_bytes()


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("", "never empty"),
        ("   ", "never empty"),
        ("a*b", "end its bold"),
        ("Cache\\", "escape the"),
        ("Cache\nhits", "a name is one line"),
        ("Cache\x1b[2J", "control character"),
        ("Cache\u202e", "control character"),
        # the first optimization named as the second: the second's paths would be renumbered
        ("Optimization 2", "would also rename the field"),
    ],
)
def test_a_name_that_would_change_more_than_names_is_refused(value: str, why: str) -> None:
    with pytest.raises(edits.EditError, match=why) as refused:
        apply(NEW, FormEdit(EditKind.SET_LABEL, SPECIFIC, 0, value))
    assert "\n" not in str(refused.value)
    assert str(refused.value).startswith("Specific Optimizations, name on line 97: ")


def test_the_backstop_refuses_what_the_rules_let_through() -> None:
    """No rule knows that the example session's header is a label: renamed to a real date it
    would turn the example into a logged session. The backstop sees the entries change."""
    key = "progress-notes"
    (header,) = [n for n, a in enumerate(section_labels(NEW, key)) if a.field is None]
    with pytest.raises(gate.Refused, match="session entries"):
        gate.set_label(NEW, key, header, "Session 2026-11-20 (Dana)")


def test_a_field_is_renamed_by_its_path_and_a_box_has_no_name() -> None:
    assert edits.label_of(NEW, f"{SPECIFIC}/optimization-2/risk") == (SPECIFIC, 7)
    key, index = edits.label_of(NEW, f"{SPECIFIC}/optimization-2")
    assert gate.set_label(NEW, key, index, "Batch").has_field(f"{SPECIFIC}/batch/technique")
    with pytest.raises(edits.EditError, match="no \\*\\*Label\\*\\* to rename"):
        edits.label_of(NEW, f"{PHASE_2}/optimization-1/measure-impact")


def test_typing_a_name_is_one_undo_step_that_gives_back_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "PERF-41.md"
    path.write_bytes(NEW.to_bytes())
    buffer = CardBuffer.open(path)
    typed = ""
    for at, char in enumerate("Resize at upload"):
        typed += char
        edit = FormEdit(EditKind.SET_LABEL, PHASE_2, 0, typed)
        buffer.replace(apply(buffer.card, edit), edit.said, typing=edit.typing_in, at=at * 0.05)
    assert section_labels(buffer.card, PHASE_2)[0].text == "Resize at upload"
    assert len(buffer.history) == 1
    assert buffer.undo() is not None
    assert buffer.card.to_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_name_of_the_cards_we_have_is_renamed_in_place(path: Path) -> None:
    """BOM, CR-only, mixed newlines, tabs, setext headings, front matter, the sample cards:
    every label takes a new name in its span alone, or is refused (a name another field of its
    section would be renumbered by, a session's header); its own name set back gives back the
    very card."""
    text = read_card(path)
    card = parse_card(text.text, newline=text.newline, bom=text.bom)
    for key, index in every_label(card):
        start, end = label_span(card, key, index)
        renamed_locally_or_refused(card, key, index, "Renamed by a test")
        same = gate.set_label(card, key, index, card.text[start:end])
        assert same.to_bytes() == card.to_bytes()


def renamed_locally_or_refused(card: Card, key: str, index: int, value: str) -> None:
    """The property: refused (one line, nothing written), or only the label's span changed, to
    what was admitted, which reads back; the fields the same but for the names it changed, the
    paths of the others the same, and a whole parse of the new text agreeing."""
    start, end = label_span(card, key, index)
    try:
        written = gate.admit_label(card, key, index, value)
        after, renamed = gate.relabel(card, key, index, value)
    except edits.EditError as refusal:
        assert "\n" not in str(refusal)
        return
    assert after.text == card.text[:start] + written + card.text[end:]
    assert section_labels(after, key)[index].text == written
    assert sections_and_values(after) == sections_and_values(card)
    old_paths = [f.path for _, f in card.fields()]
    new_paths = [f.path for _, f in after.fields()]
    assert [renamed.get(p, p) for p in old_paths] == new_paths
    whole = parse_card(after.text, newline=after.newline, bom=after.bom)
    assert [f.path for _, f in whole.fields()] == new_paths
    assert [s.key for s in whole.sections] == [s.key for s in after.sections]


PIECES = st.sampled_from(
    [
        "Cache",
        " ",
        "\t",
        "\n",
        "\r",
        "*",
        "**",
        "**:",
        ":**",
        ":",
        "\\",
        "`",
        "_",
        "[",
        "]",
        "[ ] ",
        "[Optimization 2]",
        "Optimization 2",
        "Technique",
        "# ",
        "- ",
        "1. ",
        "<!--",
        "---",
        "|",
        "\x1b[2J",
        "\x00",
        "\u202e",
        "é📊",
        "Session 2026-01-01 (X)",
    ]
)
VALUES = st.one_of(st.lists(PIECES, max_size=6).map("".join), st.text(max_size=12))
NEW_LABELS = every_label(NEW)
PERF7_LABELS = every_label(PERF7)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.sampled_from(NEW_LABELS), VALUES)
def test_random_names_on_a_new_card_are_refused_or_set_alone(
    where: tuple[str, int], value: str
) -> None:
    renamed_locally_or_refused(NEW, *where, value)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.sampled_from(PERF7_LABELS), VALUES)
def test_random_names_on_perf7_are_refused_or_set_alone(where: tuple[str, int], value: str) -> None:
    renamed_locally_or_refused(PERF7, *where, value)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.sampled_from([0, 1]), VALUES)
def test_random_text_over_a_link_definition_is_refused_or_set_alone(index: int, value: str) -> None:
    """Resources' ``- [Performance guide]: [Link]``: a block like any item. Refused, or only
    its span changed and it reads back, the card's fields the same, and a whole parse agrees."""
    block = NEW.section(RESOURCES).blocks[index]
    assert block.span is not None
    offset = NEW.offsets[NEW.section_index[RESOURCES]]
    start, end = block.span.shift(offset)
    try:
        written = gate.admit_block(NEW, RESOURCES, index, value)
        after = gate.set_block(NEW, RESOURCES, index, value)
    except edits.EditError as refusal:
        assert "\n" not in str(refusal)
        return
    assert (
        after.text
        == NEW.text[:start] + edits.to_card_text(NEW, written, block.indent) + NEW.text[end:]
    )
    assert edits.block_value(after, RESOURCES, index) == written
    assert [(f.path, f.value) for _, f in after.fields()] == [
        (f.path, f.value) for _, f in NEW.fields()
    ]
    whole = parse_card(after.text)
    assert [b.text for b in whole.section(RESOURCES).blocks] == [
        b.text for b in after.section(RESOURCES).blocks
    ]
