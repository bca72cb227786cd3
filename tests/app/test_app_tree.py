"""The section tree: a folded section shows the problems of the sections under it, and a wide
terminal gives the tree the width its titles need."""

from __future__ import annotations

from pathlib import Path

from perfcard_tui.app.widgets.section_tree import SectionTree
from perfcard_tui.core.form_edits import EditKind, FormEdit

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


IMPLEMENTATION = "implementation"


def _keys_under(tree: SectionTree, parent: str) -> list[str]:
    return [k for k in tree.section_keys if k.startswith(parent + "/")]


async def test_f8_through_a_folded_section_visits_its_children_in_order(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        tree = app.screen.query_one(SectionTree)
        keys = tree.section_keys
        children = _keys_under(tree, IMPLEMENTATION)
        assert len(children) >= 2, children
        start = keys[keys.index(IMPLEMENTATION) - 1]  # Code Changes, the section above it
        app.editor.open_section(start)
        await ui.settle(pilot)
        tree.node_for(IMPLEMENTATION).collapse()
        await ui.settle(pilot)
        assert not tree.node_for(IMPLEMENTATION).is_expanded
        after = keys[keys.index(children[-1]) + 1]  # Benchmarking
        visited = []
        for _ in range(len(children) + 2):
            await pilot.press("f8")
            await ui.settle(pilot)
            visited.append(app.editor.section_key)
            # the tree's cursor is on the open section, and so the section stays open
            assert tree.cursor_node is not None and tree.cursor_node.data.key == visited[-1]
        assert visited == [IMPLEMENTATION, *children, after]
        # and back: shift+f8 from the section after a folded one goes to its last child
        tree.node_for(IMPLEMENTATION).collapse()
        await ui.settle(pilot)
        back = []
        for _ in range(len(children) + 1):
            await pilot.press("shift+f8")
            await ui.settle(pilot)
            back.append(app.editor.section_key)
            assert tree.cursor_node is not None and tree.cursor_node.data.key == back[-1]
        assert back == [*reversed(children), IMPLEMENTATION]


async def test_a_folded_section_shows_its_worst_childs_badge(perf7: Path, ui) -> None:
    """Folded, Implementation is not ✔ while a phase under it has boxes to tick: its badge is
    the worst under it, with the fields filled of all of them."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        tree = app.screen.query_one(SectionTree)
        children = _keys_under(tree, IMPLEMENTATION)
        own = _label(tree, IMPLEMENTATION)
        assert own == "Implementation ✔", own  # open: its own standing
        badges = [_label(tree, key).rsplit(" ", 1)[-1] for key in children]
        assert any("/" in badge for badge in badges), f"a phase with fields to fill: {badges}"
        statuses = app.card.statuses
        filled = sum(statuses[key].filled for key in [IMPLEMENTATION, *children])
        total = sum(statuses[key].total for key in [IMPLEMENTATION, *children])
        assert filled < total
        tree.node_for(IMPLEMENTATION).collapse()
        await ui.settle(pilot)
        assert _label(tree, IMPLEMENTATION) == f"Implementation {filled}/{total}"
        # every box under it ticked (as the form asks for it): folded, it is complete
        for key in children:
            fields = app.card.card.section(key).fields
            for index in [i for i, f in enumerate(fields) if f.checked is False]:
                assert app.card.apply(FormEdit(EditKind.SET_CHECK, key, index, checked=True))
        await ui.settle(pilot)
        assert not tree.node_for(IMPLEMENTATION).is_expanded
        assert _label(tree, IMPLEMENTATION) == "Implementation ✔"
