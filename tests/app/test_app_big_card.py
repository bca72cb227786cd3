"""A card too big to show all at once: its tree starts folded and grows where it is opened, and
its sections are read when they are asked for."""

from __future__ import annotations

from pathlib import Path

from perfcard_tui.app.widgets.section_tree import GROW_FROM, SectionTree

EARLIER = "Earlier heading"


def many_sections(perf7: Path, count: int) -> Path:
    """PERF-7 with ``count`` extra sections under Performance Issue (as ### children)."""
    text = perf7.read_text(encoding="utf-8")
    second = text.index("\n## ", text.index("\n## ") + 1) + 1
    extra = "".join(f"### {EARLIER} {i}\n\nNote {i}.\n\n" for i in range(count))
    perf7.write_text(text[:second] + extra + text[second:], encoding="utf-8")
    return perf7


async def test_a_big_cards_tree_grows_where_it_is_opened(perf7: Path, ui) -> None:
    card = many_sections(perf7, GROW_FROM + 100)
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        tree = app.editor.query_one(SectionTree)
        sections = [s.key for s in app.card.card.sections if not s.key.startswith("(")]
        assert tree.section_keys == sections  # every section is in the tree, made or not
        top = [n.data.key for n in tree.root.children if n.data is not None]
        assert "performance-issue" in top and "current-performance" in top
        issue = tree.node_for("performance-issue")
        assert issue is not None
        # folded: the 2,100 headings under Performance Issue are not made until it opens
        assert not issue.is_expanded and not issue.children
        deep = f"performance-issue/{EARLIER.lower().replace(' ', '-')}-2099"
        node = tree.node_for(deep)  # asked for: made, with the nodes above it opened
        assert node is not None and node.parent is issue and issue.is_expanded
        assert len(issue.children) == GROW_FROM + 100
        # a badge found for a section before its node was made is on the node when it is
        assert "✔" in str(tree.node_for("current-performance/primary-metric").label)
        # selecting a deep section opens its form
        app.editor.open_section(deep)
        await ui.settle(pilot)
        assert app.editor.section_key == deep


async def test_a_big_cards_sections_are_read_when_asked_for(perf7: Path, ui) -> None:
    card = many_sections(perf7, GROW_FROM + 100)
    app = ui.make_app(card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        # the whole-card check has read every section by now; a fresh parse has not
        from perfcard_tui.core.parse import parse_card

        fresh = parse_card(card.read_text(encoding="utf-8"))
        unread = [s for s in fresh.sections if not s.read]
        assert len(unread) > GROW_FROM
        assert all(s.read for s in app.card.card.sections)
