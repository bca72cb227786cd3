"""The footer: rebuilt when the keys it shows change, kept as it is when they do not."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from textual.widgets import TextArea
from textual.widgets._footer import FooterKey

CURRENT = "current-performance/primary-metric/current-value"
TARGET = "current-performance/primary-metric/target-value"
CODE = "optimization-approach/code-changes/before-slow"


def footer_keys(app: object) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))  # type: ignore[attr-defined]


def shown(keys: list[FooterKey]) -> list[str]:
    return [key.key_display for key in keys]


async def test_the_footer_follows_the_focus_and_keeps_its_keys_when_they_are_the_same(
    perf7: Path, ui: SimpleNamespace
) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.focus_field(pilot, CURRENT)
        await ui.settle(pilot)
        in_input = footer_keys(app)
        assert "esc/f6" not in shown(in_input)

        # another input shows the very same keys: the footer's widgets stay
        await ui.focus_field(pilot, TARGET)
        await ui.settle(pilot)
        assert footer_keys(app) == in_input

        # a code area binds its own leave key: the footer shows it
        owner = ui.field_widget(await ui.focus_field(pilot, CODE))
        owner.query_one(TextArea).focus()
        await ui.wait_for(
            pilot, lambda: "esc/f6" in shown(footer_keys(app)), what="the code's leave key"
        )

        # and back in an input, it goes again
        await ui.focus_field(pilot, CURRENT)
        await ui.wait_for(
            pilot, lambda: "esc/f6" not in shown(footer_keys(app)), what="the input's keys"
        )
