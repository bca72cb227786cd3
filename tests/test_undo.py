"""Undo keeps only what each edit changed, and going back through every step gives back every
earlier card, byte for byte."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from perfcard_tui.core import edits
from perfcard_tui.core.buffer import TYPING_PAUSE, CardBuffer, UndoStep, located
from perfcard_tui.core.parse import TITLE_KEY, parse_card

REPO = Path(__file__).resolve().parents[1]
PERF7 = REPO / "sample_cards" / "PERF-7.md"


def _buffer(tmp_path: Path, text: str) -> CardBuffer:
    path = tmp_path / "PERF-7.md"
    path.write_text(text, encoding="utf-8")
    return CardBuffer.open(path)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), st.text("ab\n#- `", max_size=6)), max_size=12))
def test_undoing_every_edit_gives_back_every_card(edits_made: list[tuple[int, str]]) -> None:
    card = parse_card(PERF7.read_text(encoding="utf-8"))
    buffer = CardBuffer(PERF7, None, card, card, "x")  # type: ignore[arg-type]
    seen = [card.text]
    for at, text in edits_made:
        start = at % (len(buffer.card.text) + 1)
        buffer.replace(edits.splice(buffer.card, start, start, text))
        if buffer.card.text != seen[-1]:
            seen.append(buffer.card.text)
    while buffer.undo():
        seen.pop()
        assert buffer.card.text == seen[-1]
    assert buffer.card.text == card.text


def test_a_step_keeps_only_the_sections_an_edit_touched(tmp_path: Path) -> None:
    text = PERF7.read_text(encoding="utf-8")
    big = text + "".join(f"\n## Extra {i}\n\nNote {i}.\n" for i in range(2000))
    buffer = _buffer(tmp_path, big)
    path = "current-performance/primary-metric/current-value"
    for typed in "abc":
        value = buffer.card.field(path).value + typed
        buffer.replace(edits.set_field(buffer.card, path, value))
    assert all(len(step.old) < 1000 for step in buffer.history)  # not the 60 kB card
    assert buffer.undo() and buffer.card.field(path).value.endswith("ab")


def test_a_step_over_a_whole_new_card_is_the_whole_text() -> None:
    before, after = parse_card("# A\n\ntext\n"), parse_card("# B\n\nother\n")
    step = UndoStep.between(before, after)
    assert step.undo(after).text == before.text


VALUE = "current-performance/primary-metric/current-value"
EFFORT = "performance-issue/estimated-effort"


def _typed(buffer: CardBuffer, path: str, text: str, at: float) -> None:
    card = edits.set_field(buffer.card, path, buffer.card.field(path).value + text)
    buffer.replace(card, "typing", typing=path, at=at)


def test_a_run_of_typing_is_one_step_and_a_pause_or_another_field_starts_the_next(
    tmp_path: Path,
) -> None:
    buffer = _buffer(tmp_path, PERF7.read_text(encoding="utf-8"))
    original = buffer.card.text
    for i, letter in enumerate("abc"):
        _typed(buffer, VALUE, letter, at=10.0 + i * 0.3)
    _typed(buffer, VALUE, "d", at=10.6 + TYPING_PAUSE + 0.1)  # after a pause
    _typed(buffer, EFFORT, "e", at=12.5)  # another field, at once
    assert len(buffer.history) == 3
    buffer.undo()
    assert buffer.card.field(EFFORT).value == "3-4 days"
    buffer.undo()
    assert buffer.card.field(VALUE).value == "420ms (p95)abc"
    buffer.undo()
    assert buffer.card.text == original
    # a tick or any edit without a field typed in is a step of its own
    buffer.replace(edits.set_field(buffer.card, VALUE, "1ms"))
    buffer.replace(edits.set_field(buffer.card, VALUE, "2ms"))
    assert len(buffer.history) == 2


def test_redo_goes_forward_again_until_a_new_edit(tmp_path: Path) -> None:
    buffer = _buffer(tmp_path, PERF7.read_text(encoding="utf-8"))
    original = buffer.card.text
    _typed(buffer, VALUE, "x", at=1.0)
    _typed(buffer, EFFORT, "y", at=1.1)
    typed = buffer.card.text
    assert buffer.undo() and buffer.undo()
    assert buffer.card.text == original
    assert buffer.redo() and buffer.redo()
    assert buffer.card.text == typed
    assert buffer.redo() is None
    assert buffer.undo() and buffer.card.field(EFFORT).value == "3-4 days"
    _typed(buffer, VALUE, "z", at=5.0)  # a new edit: what was undone cannot come back
    assert buffer.redo() is None
    assert buffer.card.field(VALUE).value == "420ms (p95)xz"


def test_an_undone_step_says_where_it_was(tmp_path: Path) -> None:
    buffer = _buffer(tmp_path, PERF7.read_text(encoding="utf-8"))
    _typed(buffer, VALUE, "x", at=1.0)
    moved = buffer.undo()
    assert moved is not None and moved.what == "typing"
    assert located(buffer.card, moved.at) == ("current-performance/primary-metric", VALUE)
    moved = buffer.redo()
    assert moved is not None and located(buffer.card, moved.at)[1] == VALUE
    assert located(buffer.card, 0) == (TITLE_KEY, "")  # the empty preamble holds nothing


FIELDS = [VALUE, EFFORT, "current-performance/primary-metric/target-value"]


@settings(max_examples=40, derandomize=True, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(FIELDS), st.text("ab ", min_size=1, max_size=3), st.booleans()),
        min_size=1,
        max_size=10,
    )
)
def test_steps_known_from_the_section_re_parsed_are_those_found_by_comparing(
    keys: list[tuple[str, str, bool]],
) -> None:
    """A card re-parsed from the last one says which section it replaced, and a run of typing
    remembers it: the steps are the very ones comparing every section gives."""
    card = parse_card(PERF7.read_text(encoding="utf-8"))
    told = CardBuffer(PERF7, None, card, card, "x")  # type: ignore[arg-type]
    compared = CardBuffer(PERF7, None, card, card, "x")  # type: ignore[arg-type]
    at = 10.0
    for path, text, pause in keys:
        at += TYPING_PAUSE + 0.1 if pause else 0.2
        after = edits.set_field(told.card, path, told.card.field(path).value + text)
        assert after.replaced_in(told.card) is not None  # one section re-parsed
        told.replace(after, "typing", typing=path, at=at)
        # the same card, with nothing to say where it came from: found by comparing
        compared.replace(replace(after), "typing", typing=path, at=at)
        assert told.history == compared.history
    while told.undo():
        assert compared.undo() and told.card.text == compared.card.text
