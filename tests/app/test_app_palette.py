"""The palette shows card text as written: headings with brackets are titles, not markup."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import OptionList

CARD = """# PERF-31: brackets

## Option 1: [Name]

Text.

## Notes [/] and [b]more[/b]

More text.
"""


def _shown(palette: CommandPalette) -> list[str]:
    options = palette.query_one(OptionList)
    return [str(getattr(option.prompt, "plain", option.prompt)) for option in options.options]


async def test_go_to_titles_show_their_brackets_and_a_closing_tag_does_not_crash(
    tmp_path: Path, ui
) -> None:
    card = tmp_path / "PERF-31.md"
    card.write_text(CARD, encoding="utf-8")
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("ctrl+p")
        await ui.wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await ui.type_text(pilot, "go to")
        palette = app.screen
        assert isinstance(palette, CommandPalette)

        def both_listed() -> bool:
            shown = " | ".join(_shown(palette))
            return "Option 1: [Name]" in shown and "Notes [/] and [b]more[/b]" in shown

        await ui.wait_for(pilot, both_listed, timeout=10, what="both titles, brackets and all")
        assert app.is_running
