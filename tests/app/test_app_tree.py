"""The section tree: a folded section shows the problems of the sections under it, and a wide
terminal gives the tree the width its titles need."""

from __future__ import annotations

from pathlib import Path

from perfcard_tui.app.widgets.section_tree import SectionTree

PRIMARY = "current-performance/primary-metric"
CURRENT = "current-performance/primary-metric/current-value"


def _label(tree: SectionTree, key: str) -> str:
    return str(tree.node_for(key).label)


async def test_a_folded_section_shows_the_problems_under_it(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        tree = app.screen.query_one(SectionTree)
        assert _label(tree, "current-performance") == "Current Performance ✔"
        assert ui.set_field(app, CURRENT, "fast")  # no number: the metric rules object
        await ui.settle(pilot)
        problems = [f for f in app.card.findings if f.section_key == PRIMARY]
        assert problems, "the test needs a finding in Primary Metric"
        own = _label(tree, PRIMARY)
        assert own != "Primary Metric ✔"
        badge = own.removeprefix("Primary Metric")
        # open, the parent shows its own standing; folded, its children's problems too
        assert _label(tree, "current-performance") == "Current Performance ✔"
        tree.node_for("current-performance").collapse()
        await ui.settle(pilot)
        assert _label(tree, "current-performance") == "Current Performance" + badge
        tree.node_for("current-performance").expand()
        await ui.settle(pilot)
        assert _label(tree, "current-performance") == "Current Performance ✔"


async def test_a_wide_terminal_shows_every_title_whole(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=(200, 50)) as pilot:
        await ui.settle(pilot)
        tree = app.screen.query_one(SectionTree)
        assert tree.size.width > 34
        for key in tree.section_keys:
            label = str(tree.node_for(key).label)
            # the line: guides (2 per level), the label, and room to spare for the badge
            depth = key.count("/")
            assert 2 * depth + 2 + len(label) <= tree.scrollable_content_region.width, label
    async with ui.make_app(perf7).run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        assert pilot.app.screen.query_one(SectionTree).outer_size.width == 34
