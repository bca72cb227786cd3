"""The preview draws its pane again only when a line in sight may have changed: a section below
the pane that grows (rendered for the first time as the card opens, or edited elsewhere) moves
nothing in sight, and repainting the whole pane for it cost 30-60 ms of the UI thread each time
(DECISIONS 86)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from perfcard_tui.app.widgets.preview import CardPreview
from perfcard_tui.core.form_edits import EditKind, FormEdit

CURRENT = "current-performance/primary-metric/current-value"
BELOW = "benchmarking/success-criteria/no-regression-in-other-metrics"


async def test_a_section_below_the_pane_that_grows_leaves_the_pane_as_it_is(
    perf7: Path, ui: SimpleNamespace, monkeypatch
) -> None:
    app = ui.make_app(perf7, goto=CURRENT)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        preview = app.screen.query_one(CardPreview)
        key, index = ui.field_index(app, BELOW)
        before = preview.section_lines(key)
        bottom = round(preview.scroll_offset.y) + preview.size.height
        assert before.start >= bottom, "the section is expected below the pane"

        painted = ui.refreshes(
            monkeypatch, lambda widget, regions, _: widget is preview and not regions
        )
        assert app.card.apply(FormEdit(EditKind.ADD_ITEM, key, index))
        await ui.wait_for(
            pilot,
            lambda: len(preview.section_lines(key)) > len(before) and not preview.rendering,
            what="the section rendered again, one item longer",
        )
        await ui.settle(pilot)
        assert painted == []

        # and it shows the new item once it is in sight (nothing stale)
        preview.scroll_to_section(key)
        await ui.settle(pilot)
        shown = [preview.render_line(y).text for y in range(preview.size.height)]
        assert sum("No regression in other metrics" in line for line in shown) == 1
        assert len([line for line in shown if "☐" in line or "[ ]" in line]) >= 1


CODE = "optimization-approach/code-changes"


async def test_a_section_far_below_the_pane_waits_until_it_is_scrolled_to(
    perf7: Path, ui: SimpleNamespace
) -> None:
    """As the card opens at Primary Metric, the preview renders what fills a couple of panes
    from there, not Code Changes a hundred lines on (its Python blocks cost the lexer's first
    use while the first keys come); scrolled to, it renders at once."""
    app = ui.make_app(perf7, goto=CURRENT)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        preview = app.screen.query_one(CardPreview)
        assert preview.has_rendered("current-performance/primary-metric", "Current Value")
        code = preview.section_lines(CODE)
        assert code.start > round(preview.scroll_offset.y) + 2 * preview.size.height
        assert not preview.has_rendered(CODE, "orders/views.py")

        preview.scroll_to_section(CODE)
        await ui.wait_for(
            pilot,
            lambda: preview.has_rendered(CODE, "orders/views.py"),
            what="Code Changes rendered once in sight",
        )
