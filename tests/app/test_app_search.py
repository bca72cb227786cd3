"""ctrl+f finds text anywhere in the card and goes to the field that holds it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from perfcard_tui.app.screens.search import SearchScreen

FREQUENCY = "current-performance/performance-impact/user-impact/frequency"


async def test_find_goes_to_the_field_and_remembers_what_was_found(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("ctrl+f")
        await ui.wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), what="the dialog")
        dialog = app.screen
        await ui.type_text(pilot, "pgbouncer")
        await ui.wait_for(pilot, lambda: len(dialog.hits) == 5, what="five matches")
        assert dialog.hits[0].field_path == FREQUENCY
        shown = dialog.query_one(OptionList)
        assert shown.option_count == 5
        await pilot.press("enter")  # the first match
        await ui.wait_for(pilot, lambda: app.screen.id == "editor", what="the editor")
        await ui.wait_for(
            pilot,
            lambda: (
                getattr(ui.field_widget(app.focused), "field", None) is not None
                and ui.field_widget(app.focused).field.path == FREQUENCY
            ),
            what="the focus on the field found",
        )
        assert app.editor.section_key == "current-performance/performance-impact"
        await pilot.press("ctrl+f")  # the search is offered again, already run
        await ui.wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), what="the dialog")
        await ui.wait_for(pilot, lambda: len(app.screen.hits) == 5, what="the same matches")
        await pilot.press("down", "down", "enter")  # the second match, from the list
        await ui.wait_for(pilot, lambda: app.screen.id == "editor", what="the editor")
        assert app.editor.section_key == "current-performance/performance-impact"
        await ui.settle(pilot)
        field = ui.field_widget(app.focused)
        assert field is not None
        assert field.field.path.endswith("system-impact/resource-usage")
