"""Undo keeps only what each edit changed, and going back through every step gives back every
earlier card, byte for byte."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from perfcard_tui.core import edits
from perfcard_tui.core.buffer import CardBuffer, UndoStep
from perfcard_tui.core.parse import parse_card

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
