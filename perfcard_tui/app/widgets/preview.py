"""The live preview: one block per card section, each rendered on its own in a thread.

Textual's ``Markdown.update()`` remounts every block of the document (seconds for a card); here
a keystroke re-renders only the section it changed, off the UI thread, and results are cached
by (text, width) so that scrolling back and forth or undoing costs nothing.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict

from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from textual import work
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from ...core.model import Card

_CACHE_SIZE = 4096


class SectionPreview(Widget):
    """A section's rendered lines (the Line API: no re-layout of its neighbours' content)."""

    DEFAULT_CSS = """
    SectionPreview { height: auto; width: 1fr; }
    """

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.text = ""
        self.lines: list[Strip] = []

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines)

    def render_line(self, y: int) -> Strip:
        return self.lines[y] if y < len(self.lines) else Strip.blank(self.size.width)

    def show(self, lines: list[Strip]) -> None:
        resized = len(lines) != len(self.lines)
        self.lines = lines
        self.refresh(layout=resized)


class CardPreview(VerticalScroll):
    """All sections of the card, rendered section by section."""

    DEFAULT_CSS = """
    CardPreview { padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._blocks: dict[str, SectionPreview] = {}
        self._cache: OrderedDict[tuple[str, int], list[Strip]] = OrderedDict()
        self._pending: dict[str, str] = {}
        self._lock = threading.Lock()
        self._rendering = False
        self._width = 0
        self.renders = 0
        """How many sections were rendered (not served from cache): for tests and benchmarks."""

    @property
    def render_width(self) -> int:
        return max((self.scrollable_content_region.width or self.size.width) - 1, 20)

    def show_card(self, card: Card) -> None:
        """Bring the blocks in line with the card's sections; render only what changed."""
        keys = [s.key for s in card.sections]
        if list(self._blocks) != keys:
            self._rebuild(keys)
        for key in keys:
            start, end = card.section_span(key)
            block = self._blocks[key]
            text = card.text[start:end]
            if text != block.text:
                block.text = text
                self._request(key, text)
        self._kick()

    def _rebuild(self, keys: list[str]) -> None:
        # only when sections come or go (rare); renders are reused from the cache
        self._blocks = {key: SectionPreview(key) for key in keys}
        self.remove_children()
        self.mount_all(self._blocks.values())

    def _request(self, key: str, text: str) -> None:
        cached = self._cache.get((text, self.render_width))
        if cached is not None:
            self._blocks[key].show(cached)
            return
        with self._lock:
            self._pending[key] = text

    def _kick(self) -> None:
        with self._lock:
            if self._rendering or not self._pending:
                return
            self._rendering = True
        self._render_pending()

    @work(thread=True, group="preview")
    def _render_pending(self) -> None:
        console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
        while True:
            with self._lock:
                if not self._pending:
                    self._rendering = False
                    return
                key, text = self._pending.popitem()
            width = self.render_width
            options = console.options.update_width(width)
            rendered = console.render_lines(Markdown(text), options, pad=False)
            lines = [Strip(Segment.adjust_line_length(line, width)) for line in rendered]
            self.renders += 1
            self.app.call_from_thread(self._deliver, key, text, width, lines)

    def _deliver(self, key: str, text: str, width: int, lines: list[Strip]) -> None:
        self._cache[(text, width)] = lines
        while len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        block = self._blocks.get(key)
        if block is not None and block.text == text and width == self.render_width:
            block.show(lines)

    def on_resize(self) -> None:
        if self.render_width != self._width:
            self._width = self.render_width
            for key, block in self._blocks.items():
                if block.text:
                    self._request(key, block.text)
            self._kick()

    def scroll_to_section(self, key: str, animate: bool = False) -> None:
        block = self._blocks.get(key)
        if block is not None:
            self.scroll_to_widget(block, top=True, animate=animate)

    def has_rendered(self, key: str, needle: str) -> bool:
        """Whether a section's shown lines contain ``needle`` (tests and benchmarks)."""
        block = self._blocks.get(key)
        return block is not None and any(needle in line.text for line in block.lines)
