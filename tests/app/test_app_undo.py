"""ctrl+z and ctrl+y are the card's: a run of typing is one step, a text area's own history
never hides the card's, and an undo elsewhere in the card opens where it was and says so."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

SUMMARY = "performance-issue/summary"
VALUE = "current-performance/primary-metric/current-value"


async def test_undo_in_a_text_area_is_the_cards_and_the_area_shows_it(perf7: Path, ui) -> None:
    original = perf7.read_text()
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        area = await ui.focus_field(pilot, SUMMARY)
        assert isinstance(area, TextArea)
        await pilot.press("ctrl+home")
        await ui.type_text(pilot, "Typed ")
        await ui.settle(pilot)
        assert app.card.card.field(SUMMARY).value.startswith("Typed Since")
        await pilot.press("ctrl+z")
        await ui.settle(pilot)
        assert app.card.card.text == original
        shown = [a.text for a in app.screen.query(TextArea) if "Since release" in a.text]
        assert shown and all(text.startswith("Since release") for text in shown)
        await pilot.press("ctrl+z")  # nothing before it: said, and nothing else changes
        await ui.settle(pilot)
        assert app.card.card.text == original
        assert ui.notices(app)[-1].text == "Nothing to undo"


async def test_an_undo_in_another_section_opens_it_and_says_what_it_undid(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, VALUE)
        await pilot.press("end")
        await ui.type_text(pilot, " now")
        await ui.settle(pilot)
        await ui.focus_field(pilot, SUMMARY)  # another section, off the screen's form
        assert app.editor.section_key == "performance-issue"
        await pilot.press("ctrl+z")
        await ui.settle(pilot)
        assert app.card.card.field(VALUE).value == "420ms (p95)"
        assert app.editor.section_key == "current-performance/primary-metric"
        await ui.wait_for(
            pilot,
            lambda: (
                getattr(ui.field_widget(app.focused), "field", None) is not None
                and ui.field_widget(app.focused).field.path == VALUE
            ),
            what="the focus on the field undone",
        )
        said = ui.notices(app)[-1].text
        assert said == "Undone: typing, in Primary Metric (ctrl+y redoes)"
        await pilot.press("ctrl+y")
        await ui.settle(pilot)
        assert app.card.card.field(VALUE).value == "420ms (p95) now"


async def test_ctrl_shift_z_redoes_as_ctrl_y_does(perf7: Path, ui) -> None:
    """Where the terminal tells ctrl+shift+z from ctrl+z (the kitty keyboard protocol), it is
    redo, as in most editors."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, VALUE)
        await pilot.press("end")
        await ui.type_text(pilot, " now")
        await ui.settle(pilot)
        await pilot.press("ctrl+z")
        await ui.settle(pilot)
        assert app.card.card.field(VALUE).value == "420ms (p95)"
        await pilot.press("ctrl+shift+z")
        await ui.settle(pilot)
        assert app.card.card.field(VALUE).value == "420ms (p95) now"
