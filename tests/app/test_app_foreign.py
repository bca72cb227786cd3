"""A card written elsewhere: a section the template does not know gets a form for its fields."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

FOREIGN = """# BUG-12: slow export

## Description

**Type**: Bug
**Severity**: High

## Reproduction

Open the export page and wait.

## Links

- the ticket
- the trace
"""


async def test_an_unknown_section_with_fields_gets_a_form(tmp_path: Path, ui) -> None:
    card = tmp_path / "BUG-12.md"
    card.write_text(FOREIGN, encoding="utf-8")
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.editor.open_section("description")
        await ui.settle(pilot)
        values = [box.value for box in app.editor.query_one("#form").query(Input)]
        assert values == ["Bug", "High"]
        assert ui.set_field(app, "description/severity", "Low")
        await ui.save(pilot)
        assert card.read_text(encoding="utf-8") == FOREIGN.replace("High", "Low")
        # its opening paragraph is a field too; a section with no field is its markdown
        app.editor.open_section("reproduction")
        await ui.settle(pilot)
        assert "(form" in str(app.editor.query_one("#form .form-title").render())
        app.editor.open_section("links")
        await ui.settle(pilot)
        assert "raw markdown" in str(app.editor.query_one("#form .form-title").render())
