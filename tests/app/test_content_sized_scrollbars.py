"""The scrolling widgets that size their own content (the preview, the section tree, the board's
rows) redraw their scrollbars when what they show changed size, not at every layout of the
screen: a scrollbar is as tall as its pane, and redrawing it made the frame repaint the whole
height of the screen."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.scroll_view import ScrollView

from perfcard_tui.app.widgets.content_size import ContentSizedScrollbars
from perfcard_tui.app.widgets.preview import CardPreview


async def test_a_layout_of_the_editor_leaves_the_previews_scrollbar_alone(
    perf7: Path, ui: SimpleNamespace, monkeypatch
) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        preview = app.screen.query_one(CardPreview)
        assert preview.virtual_size.height > preview.size.height, "the preview has to scroll"
        bar = preview.vertical_scrollbar
        redrawn = ui.refreshes(monkeypatch, lambda widget, _, options: widget is bar)
        app.screen.refresh(layout=True)
        await ui.settle(pilot)
        assert redrawn == []
        # and a new size is drawn again
        await pilot.resize_terminal(ui.SIZE[0] + 20, ui.SIZE[1])
        await ui.settle(pilot)
        assert redrawn != []
        assert bar.window_size == preview.scrollable_content_region.height


class Lines(ContentSizedScrollbars, ScrollView):
    """Content of a given height, set the way Textual's own line widgets set it."""


class LinesApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Lines()


async def test_the_scrollbar_follows_a_content_size_set_through_the_reactive() -> None:
    app = LinesApp()
    async with app.run_test(size=(40, 10)) as pilot:
        lines = app.query_one(Lines)
        lines.virtual_size = Size(20, 200)
        await pilot.pause()
        bar = lines.vertical_scrollbar
        assert lines.show_vertical_scrollbar
        assert bar.window_virtual_size == 200
        lines.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert lines.scroll_y == 190

        lines.virtual_size = Size(20, 30)
        await pilot.pause()
        assert bar.window_virtual_size == 30
        assert lines.scroll_y == 20, "the scroll offset is kept within the shorter content"

        lines.virtual_size = Size(20, 5)
        await pilot.pause()
        assert not lines.show_vertical_scrollbar
        assert lines.scroll_y == 0
