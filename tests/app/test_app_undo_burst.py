"""ctrl+z in the middle of a burst of typing: the undo acts, and the keys typed after it land
in the field (an undo in the section open used to rebuild the form, and the keys behind it went
into the inputs it had just removed)."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

CURRENT = "current-performance/primary-metric/current-value"


async def test_keys_typed_right_after_an_undo_are_kept(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        field = await ui.focus_field(pilot, CURRENT)
        assert isinstance(field, Input)
        field.cursor_position = len(field.value)
        await ui.type_text(pilot, "Q")
        await ui.settle(pilot)
        assert app.card.card.field(CURRENT).value == "420ms (p95)Q"
        # at once, as a terminal hands over a fast typist's keys
        for key, char in (("T", "T"), ("ctrl+z", None), ("W", "W")):
            app.post_message(events.Key(key, char))
        await ui.wait_for(
            pilot,
            lambda: app.card.card.field(CURRENT).value.endswith("W"),
            timeout=5,
            what="the W typed after the undo, in the card",
        )
        await ui.settle(pilot)
        focused = app.focused
        assert isinstance(focused, Input) and focused.is_attached
        assert focused.value == app.card.card.field(CURRENT).value
