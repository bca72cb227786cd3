"""A one-line field's long value is read whole: wrapped under its input while it is wider than
the input, and typing into it still changes exactly that value."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widgets import Input

from perfcard_tui.app.widgets.fields import FieldWidget
from perfcard_tui.app.widgets.long_value import LongValue
from perfcard_tui.core.parse import parse_card

VALUE = "performance-issue/value"  # 258 characters in PERF-7
# more than a row of the form: the wrapped value grows by a row as it is typed
TYPED = " Then QA signs it off, and the on-call rota hears of it first."
EFFORT = "performance-issue/estimated-effort"


def wrapped(form_row: FieldWidget) -> tuple[LongValue, str]:
    """A field's wrapped view and the text it draws (its rows joined, spaces normalized)."""
    view = form_row.query_one(LongValue)
    width, height = view.size
    rows = [strip.text for strip in view.render_lines(Region(0, 0, width, height))]
    return view, " ".join(" ".join(rows).split())


async def test_a_long_value_is_shown_whole_and_typing_saves_exactly(perf7: Path, ui) -> None:
    original = perf7.read_bytes()
    card = parse_card(original.decode())
    value = card.field(VALUE).value
    assert len(value) > 200
    span = card.span_of(VALUE)
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        box = await ui.focus_field(pilot, VALUE)
        assert isinstance(box, Input)
        row = ui.field_widget(box)
        assert box.content_region.width < len(value)  # the input alone shows a part of it
        # its rows come with the layout after the focus (a frame or two after it lands)
        await ui.wait_for(
            pilot, lambda: wrapped(row)[0].size.height >= 3, what="the long value's rows"
        )
        view, text = wrapped(row)
        assert text == " ".join(value.split())
        # on screen, under the input, inside the form
        form = app.editor.query_one("#form")
        assert form.region.contains_region(view.region)
        assert view.region.y > box.region.y
        # a short value takes no row of its own
        short = next(w for w in form.query(FieldWidget) if w.field.path == EFFORT)
        assert short.query_one(LongValue).size.height == 0
        rows = view.size.height
        await pilot.press("end")
        await ui.type_text(pilot, TYPED)
        await ui.settle(pilot)
        assert app.card.card.field(VALUE).value == value + TYPED
        await ui.wait_for(pilot, lambda: view.size.height > rows, what="a row more")
        assert wrapped(row)[1] == " ".join((value + TYPED).split())
        await pilot.press("enter")  # a one-line field: enter adds no line, as before
        await ui.settle(pilot)
        assert app.focused is box and app.card.card.field(VALUE).value == value + TYPED
        await pilot.press("tab")  # tab still leaves the field for the next one
        await ui.settle(pilot)
        assert ui.field_widget(app.focused) is short
        # left, the field is one line again, like every other: the form keeps its shape
        await ui.wait_for(pilot, lambda: view.size.height == 0, what="the rows gone")
        assert box.value == value + TYPED
        await ui.save(pilot)
    text = original.decode()
    assert perf7.read_bytes() == (text[: span[0]] + value + TYPED + text[span[1] :]).encode()
