"""core/section_edits.py: a section's markdown typed whole never changes more than what was typed,
a text that would change the sections is refused until asked for, and deleting a section takes
exactly its subtree (and undoes back to the same bytes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcard_tui.core import gate
from perfcard_tui.core.buffer import UndoStep
from perfcard_tui.core.edits import EditError
from perfcard_tui.core.model import Card
from perfcard_tui.core.parse import PREAMBLE_KEY, TITLE_KEY, parse_card
from perfcard_tui.core.section_edits import (
    ChangesSections,
    SectionsChange,
    body_edit,
    delete_section,
    has_content,
    set_body,
)
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template, new_card_text

REPO = Path(__file__).resolve().parents[1]
CARDS = Path(__file__).resolve().parent / "cards"
RESOURCES = "notes/resources"


def load(path: Path) -> Card:
    text = read_card(path)
    return parse_card(text.text, newline=text.newline, bom=text.bom)


def new_card() -> Card:
    """What `perfcard-tui new x.md` writes."""
    return parse_card(new_card_text(builtin_template(), "x"))


def outline(card: Card) -> list[tuple[int, str, int]]:
    return [(s.level, s.title, o) for s, o in zip(card.sections, card.offsets, strict=True)]


def assert_parsed_whole(card: Card) -> None:
    """The card's sections are what reading its whole text gives (no stale incremental parse)."""
    assert outline(card) == outline(parse_card(card.text, newline=card.newline, bom=card.bom))


# -- the raw editor's protocol, against a plain string edit -------------------------------------


def type_raw(card: Card, key: str, texts: list[str]) -> tuple[Card, str | None]:
    """What the editor does with each whole text typed: apply it, or hold it when it would
    change the sections. Returns the card and the text held at the end (None: all applied)."""
    held = None
    for text in texts:
        after, change = body_edit(card, key, text)
        if change is None:
            card, held = after, None
        else:
            held = text
    return card, held


def with_body(card: Card, key: str, body: str) -> str:
    """The plain string edit: the card's text with section ``key``'s body replaced."""
    start, end = card.body_span(key)
    return card.text[:start] + body + card.text[end:]


def keeps_sections(card: Card, key: str, text: str) -> bool:
    """The oracle, from a whole parse of the plain string edit: the same headings, each where it
    was (shifted by the body's change in length below it)."""
    full = parse_card(with_body(card, key, text), newline=card.newline, bom=card.bom)
    i, delta = card.section_index[key], len(text) - len(card.body(key))
    want = [(lv, t, o if j <= i else o + delta) for j, (lv, t, o) in enumerate(outline(card))]
    return outline(full) == want


def expected(card: Card, key: str, texts: list[str]) -> tuple[str, str | None]:
    """The card's text after ``texts`` typed, by the oracle, and the text held at the end."""
    for text in texts:
        if keeps_sections(card, key, text):
            card = parse_card(with_body(card, key, text), newline=card.newline, bom=card.bom)
    held = None if keeps_sections(card, key, texts[-1]) else texts[-1]
    return card.text, held


def check_typing(card: Card, key: str, texts: list[str]) -> None:
    """Typed through the editor's protocol, the card is exactly the plain string edits the
    oracle lets through, and the held text, once confirmed, is the body as typed: once."""
    after, held = type_raw(card, key, texts)
    text, want_held = expected(card, key, texts)
    assert after.text == text
    assert held == want_held
    assert [s.key for s in after.sections] == [s.key for s in card.sections]
    assert_parsed_whole(after)
    if held is not None:
        confirmed = set_body(after, key, held, restructure=True)
        assert confirmed.text == with_body(card, key, held)
        assert_parsed_whole(confirmed)


RULE = "\n\n---\n"  # Resources ends with a thematic break, after an empty line

# (name, the texts typed one after another, starting from Resources' body)
SEQUENCES = [
    (
        "the reported bug: text above --- is a setext heading",
        lambda b: [
            b.replace(RULE, "\nL\n---\n"),
            b.replace(RULE, "\nLinks below.\n---\n"),
            b.replace(RULE, "\nLinks below.\n\n---\n"),
            b.replace(RULE, "\nLinks below.\n\n\n---\n"),
            b.replace(RULE, "\nLinks below.\n\nMore text\n---\n"),
        ],
    ),
    ("an ATX heading typed", lambda b: [b + "#", b + "# ", b + "# New", b + "# New\n"]),
    ("an ATX heading typed then removed", lambda b: [b + "## A\n", b + "# A\n", b + "A\n"]),
    ("a fence left open", lambda b: [b + "`", b + "``", b + "```", b + "```\n", b + "```\nx\n"]),
    ("a fence opened then closed", lambda b: [b + "~~~\n", b + "~~~\n# not a heading\n~~~\n"]),
    ("the last line break removed", lambda b: [b.rstrip("\n"), b.rstrip("\n") + " "]),
    ("the next heading made a setext underline", lambda b: [b.rstrip("\n") + "\nText\n"]),
    ("an = underline", lambda b: [b + "Title\n", b + "Title\n=\n", b + "Title\n==\n"]),
    ("everything deleted", lambda b: ["", "\n"]),
]


@pytest.mark.parametrize("texts", [s[1] for s in SEQUENCES], ids=[s[0] for s in SEQUENCES])
def test_raw_typing_changes_exactly_what_was_typed(texts) -> None:
    card = new_card()
    check_typing(card, RESOURCES, texts(card.body(RESOURCES)))


def test_the_reported_bug_adds_one_section_once_confirmed() -> None:
    card = new_card()
    body = card.body(RESOURCES)
    text = body.replace(RULE, "\nLinks below.\n\nMore text\n---\n")
    with pytest.raises(ChangesSections) as refused:
        set_body(card, RESOURCES, text)
    assert refused.value.change == SectionsChange(added=("More text",))
    assert "would add the section 'More text'" in str(refused.value)
    after = set_body(card, RESOURCES, text, restructure=True)
    assert after.text.count("Links below.") == 1 and after.text.count("More text") == 1
    assert [s.title for s in after.sections][-4:] == [
        "Resources",
        "More text",
        "Progress Notes",
        "Additional Notes (optional)",
    ]


SNIPPETS = st.sampled_from(
    ["Links below.", "text", "\n", "\n\n", "---", "===", "## H", "# T", "```", "~~~", "- item", " "]
)


@st.composite
def typing(draw: st.DrawFn, start: str) -> list[str]:
    """Texts as a person makes them: each one the last with a snippet typed or a span deleted."""
    texts, text = [], start
    for _ in range(draw(st.integers(1, 12))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()) and text:
            end = draw(st.integers(at, min(len(text), at + 6)))
            text = text[:at] + text[end:]
        else:
            text = text[:at] + draw(SNIPPETS) + text[at:]
        texts.append(text)
    return texts


SECTIONS = [RESOURCES, "notes", "performance-issue", "additional-notes-optional"]


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data(), key=st.sampled_from(SECTIONS))
def test_any_raw_typing_is_a_plain_string_edit(data: st.DataObject, key: str) -> None:
    card = new_card()
    check_typing(card, key, data.draw(typing(card.body(key))))


@pytest.mark.parametrize("name", ["crlf.md", "setext.md", "cr-only.md", "unknown-sections.md"])
def test_a_body_typed_back_gives_the_same_bytes(name: str) -> None:
    card = load(CARDS / name)
    for section in card.sections:
        body = card.body(section.key)
        assert set_body(card, section.key, body).text == card.text
        nl = card.newline
        assert (
            set_body(card, section.key, body + "\nx\n\n")
            .body(section.key)
            .endswith(nl + "x" + nl * 2)
        )


def test_control_characters_are_refused_as_everywhere() -> None:
    with pytest.raises(gate.Refused):
        body_edit(new_card(), RESOURCES, "\u202eevil\n")
    with pytest.raises(EditError):
        body_edit(new_card(), "no-such-section", "x\n")


def test_describe_names_what_changes() -> None:
    many = SectionsChange(removed=("A", "B", "C", "D", "E"))
    assert many.describe() == "would remove the sections 'A', 'B', 'C' and 2 more"
    both = SectionsChange(added=("N",), removed=("A",))
    assert both.describe(done=True) == "added the section 'N' and removed the section 'A'"
    assert "move" in SectionsChange().describe()


# -- deleting a section -------------------------------------------------------------------------


def test_delete_takes_the_section_and_its_subsections() -> None:
    card = new_card()
    start, end = card.subtree_span("notes")
    after = delete_section(card, "notes")
    assert after.text == card.text[:start] + card.text[end:]
    assert not any(s.key.startswith("notes") for s in after.sections)
    assert_parsed_whole(after)
    # the undo step the buffer keeps brings back the very bytes
    assert UndoStep.between(card, after).undo(after).text == card.text


@pytest.mark.parametrize("name", ["crlf.md", "setext.md", "no-final-newline.md", "tabs.md"])
def test_delete_any_section_of_any_card(name: str) -> None:
    card = load(CARDS / name)
    for section in card.sections:
        if section.key in (PREAMBLE_KEY, TITLE_KEY):
            continue
        start, end = card.subtree_span(section.key)
        after = delete_section(card, section.key)
        assert after.text == card.text[:start] + card.text[end:]
        assert_parsed_whole(after)
        assert UndoStep.between(card, after).undo(after).text == card.text


def test_delete_the_last_section_and_a_sample_card() -> None:
    card = load(REPO / "sample_cards" / "PERF-7.md")
    last = card.sections[-1].key
    after = delete_section(card, last)
    assert after.text == card.text[: card.offsets[-1]]
    assert_parsed_whole(after)


def test_the_title_and_the_preamble_are_not_sections_to_delete() -> None:
    card = parse_card("intro\n\n# Title\n\n## A\n\ntext\n")
    for key in (PREAMBLE_KEY, TITLE_KEY):
        with pytest.raises(EditError, match="under the card's title"):
            delete_section(card, key)
    with pytest.raises(EditError):
        delete_section(card, "no-such-section")


def test_has_content_looks_below_every_heading_of_the_subtree() -> None:
    card = parse_card("# T\n\n## A\n\n### B\n\n## C\n\n### D\n\ntext\n\n## E\n")
    assert not has_content(card, "a")  # headings only
    assert not has_content(card, "a/b")
    assert has_content(card, "c")  # text in a subsection
    assert has_content(card, "c/d")
    assert not has_content(card, "e")
    assert has_content(new_card(), RESOURCES)
