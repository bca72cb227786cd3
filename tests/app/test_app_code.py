"""A code field that still holds the template's placeholders: typing replaces them."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

BEFORE = "optimization-approach/code-changes/before-slow"


async def test_typing_into_placeholder_code_and_language_replaces_them(tmp_path: Path, ui) -> None:
    card = tmp_path / "PERF-20.md"  # does not exist yet: a new card from the template
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        focused = await ui.focus_field(pilot, BEFORE)
        owner = ui.field_widget(focused)
        language, area = owner.query_one(Input), owner.query_one(TextArea)
        language.focus()
        await ui.settle(pilot)
        await ui.type_text(pilot, "python")
        area.focus()
        await ui.settle(pilot)
        await ui.type_text(pilot, "x = 1")
        await ui.settle(pilot)
        field = app.card.card.field(BEFORE)
        assert field.info == "python"
        assert field.value.strip() == "x = 1"
        # real code is never selected on focus: typing after leaving and coming back appends
        language.focus()
        await ui.settle(pilot)
        area.focus()
        await ui.settle(pilot)
        await ui.type_text(pilot, "2")
        await ui.settle(pilot)
        assert "[" not in app.card.card.field(BEFORE).value
        assert app.card.card.field(BEFORE).value.strip() in ("x = 12", "2x = 1")
