"""Copy field (the palette's): the value of the field the focus is in, whatever part of its row
has the focus: a checklist item's box, a choice's list, a text box."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

CRITERION = "benchmarking/success-criteria/no-regression-in-other-metrics"
CURRENT = "current-performance/primary-metric/current-value"


async def test_copy_field_copies_the_value_of_the_field_in_focus(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        for path in (CRITERION, CURRENT):
            await ui.focus_field(pilot, path)
            app.copy_field()
            await ui.settle(pilot)
            assert app.clipboard == app.card.card.field(path).value
        assert not any("Focus a field first" in n.text for n in ui.notices(app))


async def test_copy_field_with_no_field_in_focus_says_so(perf7: Path, ui: SimpleNamespace) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.screen.set_focus(None)
        app.copy_field()
        await ui.settle(pilot)
        assert any("Focus a field first" in n.text for n in ui.notices(app))
