"""The live preview: the card rendered section by section, each section in a thread.

Textual's ``Markdown.update()`` remounts every block of the document (seconds for a card). Here
a keystroke re-renders only the section it changed, off the UI thread, and results are cached
by (text, width). The whole preview is one Line API widget: a 16x card has a thousand sections,
and a thousand child widgets would make every re-layout cost a quarter of a second.

Order matters on a big card: the section in focus and the screenful after it render first, then
the rest from the top. A card with 20,000 headings takes many seconds to render whole; the
section being edited never waits behind them. The text is shown through ``safe_text``: a card's
escape sequences never reach the terminal.
"""

from __future__ import annotations

import io
import threading
import time
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate

from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from textual import work
from textual.app import App
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from ...core.display import safe_text
from ...core.model import Card, Section

_CACHE_SIZE = 4096
# rendered sections go to the UI thread at least this often (an edited one at once)
_BATCH_SECONDS = 0.04
# sections after the one in focus that render before the rest: enough to fill a tall pane
_AHEAD = 24


@dataclass(frozen=True)
class Rendered:
    """One section's text rendered at one width."""

    key: str
    text: str
    width: int
    lines: list[Strip]


class CardPreview(ScrollView):
    """All sections of the card, rendered section by section."""

    # the scrollbar always takes its place: the render width must not change when the content
    # first grows taller than the pane (every section would be rendered twice)
    DEFAULT_CSS = """
    CardPreview { padding: 0 1; overflow-y: scroll; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[str] = []
        self._texts: dict[str, str] = {}
        self._lines: dict[str, list[Strip]] = {}
        self._starts: list[int] = [0]
        """First preview line of each section, and the total line count at the end."""
        self._seen: dict[str, Section] = {}
        self._cache: OrderedDict[tuple[str, int], list[Strip]] = OrderedDict()
        self._pending: dict[str, str] = {}
        """Sections waiting to be rendered, in card order; ``_urgent`` ones are taken first."""
        self._urgent: list[str] = []
        self._edited: set[str] = set()
        self._lock = threading.Lock()
        self._rendering = False
        self._width = 0
        self._wanted_width = 80
        self._anchor: str | None = None
        self.renders = 0
        """How many sections were rendered (not served from the cache): tests, benchmarks."""

    @property
    def render_width(self) -> int:
        return max(self.scrollable_content_region.width - 1, 20)

    # -- what to show ------------------------------------------------------------------------

    def show_card(self, card: Card) -> None:
        """Render what changed. An edit re-parses one section and reuses every other Section
        object, so an unchanged object means unchanged text: a keystroke costs one identity
        check per section, not a copy of the card."""
        keys = [s.key for s in card.sections]
        if keys != self._keys:
            self._keys = keys
            self._seen = {}
            self._lines = {key: self._lines.get(key, []) for key in keys}
            self._texts = {key: self._texts.get(key, "") for key in keys}
        edited: list[str] = []
        for index, section in enumerate(card.sections):
            if self._seen.get(section.key) is section:
                continue
            self._seen[section.key] = section
            start = card.offsets[index]
            text = card.text[start : start + section.length]
            if text != self._texts[section.key]:
                self._texts[section.key] = text
                self._request(section.key, text)
                edited.append(section.key)
        self._relayout()
        self._kick(edited)

    def _request(self, key: str, text: str) -> None:
        cached = self._cache.get((text, self.render_width))
        with self._lock:
            if cached is not None:
                self._lines[key] = cached
                self._pending.pop(key, None)  # an older text of it may still be queued
            else:
                self._pending[key] = text

    def _relayout(self) -> None:
        counts = [len(self._lines.get(key, ())) for key in self._keys]
        self._starts = [0, *accumulate(counts)]
        self.virtual_size = Size(self.render_width, self._starts[-1])
        if self._anchor in self._keys:
            # sections above the one in focus may still be arriving: keep it at the top
            self.scroll_to(y=self._starts[self._keys.index(self._anchor)], animate=False)
        self.refresh()

    # -- rendering, in a thread ------------------------------------------------------------

    def _kick(self, edited: list[str] | None = None) -> None:
        """Make sure a worker renders what is pending: what was just edited first, then the
        section in focus and the ones after it."""
        self._wanted_width = self.render_width
        ahead: list[str] = []
        if self._anchor in self._keys:
            at = self._keys.index(self._anchor)
            ahead = self._keys[at : at + _AHEAD]
        with self._lock:
            self._urgent = [*(edited or ()), *ahead]
            self._edited = set(edited or ())
            if self._rendering or not self._pending:
                return
            self._rendering = True
        self._render_pending(self.app)

    def _next_pending(self) -> tuple[str, str, bool] | None:
        """The next section to render, and whether it was just edited (called with the lock
        held)."""
        while self._urgent:
            key = self._urgent.pop(0)  # a few dozen at most
            if key in self._pending:
                return key, self._pending.pop(key), key in self._edited
        if not self._pending:
            return None
        key = next(iter(self._pending))
        return key, self._pending.pop(key), False

    @work(thread=True, group="preview", exit_on_error=False)
    def _render_pending(self, app: App[object]) -> None:
        """Render queued sections until none is left, each at the width wanted when it is
        taken from the queue, and hand them to the UI thread in batches: one a section would
        flood it on a card with thousands. An edited section goes at once. ``app`` comes from
        the UI thread: the app may be shutting down while this thread finishes."""
        console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
        worker = get_current_worker()
        batch: list[Rendered] = []
        started = time.monotonic()
        while not worker.is_cancelled:
            with self._lock:
                taken = self._next_pending()
                if taken is None and not batch:
                    self._rendering = False
                    return
                width = self._wanted_width
            if taken is not None:
                key, text, edited = taken
                options = console.options.update_width(width)
                rendered = console.render_lines(Markdown(safe_text(text)), options, pad=False)
                lines = [Strip(Segment.adjust_line_length(line, width)) for line in rendered]
                self.renders += 1
                batch.append(Rendered(key, text, width, lines))
            if taken is None or edited or time.monotonic() - started > _BATCH_SECONDS:
                try:
                    app.call_from_thread(self._deliver, batch)
                except RuntimeError:  # the app has exited
                    return
                batch, started = [], time.monotonic()
        with self._lock:
            self._rendering = False  # cancelled: the next show_card starts a new worker

    def _deliver(self, batch: list[Rendered]) -> None:
        resized = False
        for done in batch:
            self._cache[(done.text, done.width)] = done.lines
            if self._texts.get(done.key) != done.text or done.width != self.render_width:
                continue  # typed on, or resized, since it was taken: a newer one is queued
            resized |= len(done.lines) != len(self._lines.get(done.key, ()))
            self._lines[done.key] = done.lines
            if not resized:
                # ScrollView.refresh_lines takes content lines: it subtracts the scroll itself
                start = self._starts[self._keys.index(done.key)]
                self.refresh_lines(start, len(done.lines))
        while len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        if resized:
            self._relayout()

    def on_resize(self) -> None:
        if self.render_width != self._width:
            self._width = self.render_width
            for key, text in self._texts.items():
                if text:
                    self._request(key, text)
            self._relayout()
            self._kick()

    # -- the Line API ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        line = round(self.scroll_offset.y) + y
        index = bisect_right(self._starts, line) - 1
        if 0 <= index < len(self._keys):
            lines = self._lines.get(self._keys[index], [])
            offset = line - self._starts[index]
            if offset < len(lines):
                return lines[offset].crop_extend(0, self.size.width, None)
        return Strip.blank(self.size.width)

    def scroll_to_section(self, key: str, animate: bool = False) -> None:
        """Show ``key`` at the top, and keep it there as other sections render."""
        self._anchor = key
        if key in self._keys:
            self.scroll_to(y=self._starts[self._keys.index(key)], animate=animate)
            self._kick()

    def scroll_to_line(self, key: str, fraction: float) -> None:
        """Show the part of a section that holds a given source line, ``fraction`` of the way
        down it (markdown lines and rendered lines do not map one to one; this lands close)."""
        if key not in self._keys:
            return
        self._anchor = None
        index = self._keys.index(key)
        rendered = len(self._lines.get(key, ()))
        line = self._starts[index] + int(max(0.0, min(fraction, 1.0)) * rendered)
        self.scroll_to(y=max(line - 2, self._starts[index]), animate=False)

    def on_mouse_scroll_down(self) -> None:
        self._anchor = None  # the reader scrolls: stop following the focused section

    def on_mouse_scroll_up(self) -> None:
        self._anchor = None

    def has_rendered(self, key: str, needle: str) -> bool:
        """Whether a section's shown lines contain ``needle`` (tests and benchmarks)."""
        return any(needle in line.text for line in self._lines.get(key, ()))

    @property
    def rendering(self) -> bool:
        """Sections are still waiting to be rendered."""
        with self._lock:
            return bool(self._pending) or self._rendering

    def section_lines(self, key: str) -> range:
        """The preview lines a section takes (empty until it is rendered)."""
        if key not in self._keys:
            return range(0)
        index = self._keys.index(key)
        return range(self._starts[index], self._starts[index + 1])
