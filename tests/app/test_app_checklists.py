"""Checklists in the form: each run of items under its group's name, and a tick that shows as a
mark, not only as a colour."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from perfcard_tui.app.widgets.fields import TickBox

PHASE_2 = "implementation/phase-2-optimization"
THIRD = f"{PHASE_2}/eliminate-n1-queries-in-orderserializer/verify-correctness"


async def test_checklist_groups_are_named_and_ticks_show_a_mark(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.editor.open_section(PHASE_2)
        await ui.settle(pilot)
        groups = [str(s.render()) for s in app.screen.query(".form-group").results(Static)]
        assert groups == ["Eliminate N+1 queries in OrderSerializer", "Compact orjson renderer"]
        boxes = list(app.screen.query(TickBox))
        assert len(boxes) == 8
        marks = [str(box.render()) for box in boxes]
        assert marks[:4] == ["▐✓▌ ", "▐✓▌ ", "▐ ▌ ", "▐ ▌ "]
        boxes[2].focus()
        await pilot.press("space")
        await ui.settle(pilot)
        assert app.card.card.field(THIRD).checked
        assert str(list(app.screen.query(TickBox))[2].render()) == "▐✓▌ "
