"""The live preview: the card rendered section by section, only where someone can see it.

Textual's ``Markdown.update()`` remounts every block of the document (seconds for a card). Here
the preview is one Line API widget over per-section renders made with Rich in a thread, cached
by (text, width). Only what is wanted is rendered: the sections just edited (first), the section
in focus and the ones after it, and whatever lines the pane is asked to draw. A section not yet
rendered takes as many lines as its source and shows its source, dimmed, until its render
arrives; so a card with 20,000 headings costs what its visible part costs, and the section being
edited never waits behind the rest.

Card text goes through ``safe_text``: its escape sequences never reach the terminal.
"""

from __future__ import annotations

import io
import threading
import time
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import is_not

from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.app import App
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from ...core.display import safe_text
from ...core.model import Card, Section
from .content_size import ContentSizedScrollbars, set_content_size

_CACHE_SIZE = 4096
# sections after the one in focus are rendered with it until this many panes' worth of lines
# (more only as the pane scrolls to them: a code block further down costs its lexer's first
# use, 60-200 ms of a thread sharing the interpreter with the first keys typed)
_AHEAD_PANES = 2
# rendered sections go to the UI thread at least this often (an edited one at once)
_BATCH_SECONDS = 0.04
_SOURCE_STYLE = Style(dim=True)


@dataclass(frozen=True)
class Rendered:
    """One section's text rendered at one width."""

    key: str
    text: str
    width: int
    lines: list[Strip]


class CardPreview(ContentSizedScrollbars, ScrollView):
    """All sections of the card, each rendered when it is wanted."""

    # the scrollbar always takes its place: the render width must not change when the content
    # first grows taller than the pane (every section would be rendered twice)
    DEFAULT_CSS = """
    CardPreview { padding: 0 1; overflow-y: scroll; }
    """

    def __init__(self, *, id: str | None = None, held: bool = False) -> None:
        super().__init__(id=id)
        self._held = held
        """Nothing is rendered until :meth:`release`: the editor holds its preview while it
        opens (a thread rendering markdown shares the GIL with the UI thread building the
        form, and keys typed meanwhile wait for that form)."""
        self._keys: tuple[str, ...] = ()
        self._index: dict[str, int] = {}
        self._card: Card | None = None
        """The card shown: each section's text is read from it when needed, never copied
        (a copy of every section was a second copy of a 50 MB card)."""
        self._hashes: dict[str, int] = {}
        """Each section's text, as the card has it now, by its hash."""
        self._counts: dict[str, int] = {}
        """How many source lines each section has (its height until it is rendered)."""
        self._source: tuple[str, int, list[str]] = ("", 0, [])
        """(key, hash, lines) of the last section drawn from its source."""
        self._lines: dict[str, list[Strip]] = {}
        """What each section shows: its latest render (maybe of an older text or width)."""
        self._fresh: set[str] = set()
        """Sections whose lines render their current text at the current width."""
        self._heights: list[int] = []
        """Each section's height (:meth:`_height`), in the order of ``_keys``."""
        self._starts: list[int] = [0]
        """First preview line of each section, and the total line count at the end."""
        self._shown: tuple[Section, ...] = ()
        """The sections of the card last shown, in order."""
        self._cache: OrderedDict[tuple[str, int], list[Strip]] = OrderedDict()
        self._queue: list[tuple[str, str, bool]] = []
        """(key, text, edited) waiting for the worker, in the order they are to be rendered."""
        self._taken: dict[str, int] = {}
        """Sections the worker took and has not delivered yet, with their text's hash."""
        self._lock = threading.Lock()
        self._rendering = False
        self._wanted_width = 80
        self._anchor: str | None = None
        self._asked: set[str] = set()
        """Sections the pane drew from their source this frame: rendered next."""
        self.renders = 0
        """How many sections were rendered (not served from the cache): tests, benchmarks."""

    @property
    def render_width(self) -> int:
        return max(self.scrollable_content_region.width - 1, 20)

    def _height(self, key: str) -> int:
        lines = self._lines.get(key)
        if lines is not None:
            return len(lines)
        return self._counts.get(key, 1)  # its source, until it is rendered

    def _text(self, key: str) -> str:
        """A section's text, as the card shown has it."""
        card, index = self._card, self._index.get(key)
        if card is None or index is None:
            return ""
        return card.pieces[index]

    # -- what to show ------------------------------------------------------------------------

    def show_card(self, card: Card) -> None:
        """Take the card's new text. An edit re-parses one section and reuses every other
        Section object, so an unchanged object means unchanged text: a keystroke costs one
        identity check per section, not a copy of the card."""
        sections = card.sections
        keys = card.keys  # the very tuple as long as the headings stay: an identity check
        headings_moved = keys is not self._keys and keys != self._keys
        if headings_moved:  # headings came or went: look at every section's text
            self._keys = keys
            self._index = {key: i for i, key in enumerate(keys)}
            changed: Iterable[int] = range(len(sections))
        else:  # the same sections: only the objects an edit replaced can hold new text
            changed = compress(range(len(sections)), map(is_not, self._shown, sections))
        self._shown = sections
        self._card = card
        edited: list[str] = []
        from_cache: list[str] = []
        grown: list[str] = []  # its height changed: what is below it moves
        width = self.render_width
        for index in changed:
            section = sections[index]
            key = section.key
            text = card.pieces[index]
            before = self._hashes.get(key)
            if hash(text) == before:
                continue
            height = self._height(key)
            self._hashes[key] = hash(text)
            self._counts[key] = text.count("\n") + 1
            self._fresh.discard(key)
            cached = self._cache.get((text, width))
            if cached is not None:  # a text shown before (typed, then taken back): no render
                self._lines[key] = cached
                self._fresh.add(key)
                from_cache.append(key)
            elif before is not None:
                edited.append(key)  # shown, and changed: render it before anything else
            if self._height_changed(key, height):
                grown.append(key)
        if headings_moved:
            self._relayout(recount=True)  # repaints the whole pane
        elif grown:  # repaints the pane if one of these starts in sight
            self._relayout(changed=grown + from_cache)
        else:  # its lines changed, not its height: repaint them (nothing else would)
            for key in from_cache:
                self._repaint(key)
        self._want(edited, edited=True)

    def _repaint(self, key: str) -> None:
        """Draw a section's lines again (its height unchanged)."""
        # ScrollView.refresh_lines takes content lines: it subtracts the scroll itself
        self.refresh_lines(self._starts[self._index[key]], self._height(key))

    def _want(self, keys: list[str], *, edited: bool = False) -> None:
        """Queue these sections (if their lines are not fresh) and those around the one in
        focus; ``edited`` ones go first."""
        around = self._ahead()
        self._wanted_width = self.render_width
        with self._lock:
            # edited sections first (those just edited, then those still waiting), then the
            # ones asked for now, then the rest; each once, with its current text
            hot = [k for k in keys if edited] + [k for k, _, was_hot in self._queue if was_hot]
            cold = [k for k in keys if not edited] + around
            cold += [k for k, _, was_hot in self._queue if not was_hot]
            order = dict.fromkeys(hot + cold)
            hot_keys = set(hot)
            self._queue = [
                (key, self._text(key), key in hot_keys)
                for key in order
                if key in self._hashes
                and key not in self._fresh
                and self._taken.get(key) != self._hashes[key]  # already being rendered
            ]
            if not self._queue or self._rendering or self._held:
                return
            self._rendering = True
        self._render_queue(self.app)

    def _ahead(self) -> list[str]:
        """The section in focus and those after it, until they fill a couple of panes."""
        if self._anchor not in self._index:
            return []
        room = _AHEAD_PANES * (self.size.height or self.app.size.height)
        start = self._index[self._anchor]
        end = start + 1  # the section in focus, whatever the room
        room -= self._height(self._keys[start])
        while end < len(self._keys) and room > 0:
            room -= self._height(self._keys[end])
            end += 1
        return list(self._keys[start:end])

    def release(self) -> None:
        """Start rendering what is wanted (a preview made ``held``)."""
        if self._held:
            self._held = False
            self._want([])

    def _height_changed(self, key: str, before: int) -> bool:
        """Note a section's height after its lines or its source changed; whether it moved."""
        height = self._height(key)
        index = self._index.get(key)
        if index is not None and index < len(self._heights):
            self._heights[index] = height
        return height != before

    def _relayout(self, *, recount: bool = False, changed: Iterable[str] | None = None) -> None:
        """Lay the sections out again; ``recount``: the headings changed, and every height is
        looked up again (else the heights kept by :meth:`_height_changed` are summed, at C
        speed: a delivery on a card of 20,000 sections did it key by key).

        ``changed``: the only sections whose lines changed. When each starts below the pane's
        last line, every line in sight is as it was, and the pane is not drawn again (as the
        card opens, the sections after the one in focus arrive in batches, and repainting the
        pane for each took 30-60 ms of the UI thread while the first keys came)."""
        if recount or len(self._heights) != len(self._keys):
            self._heights = [self._height(key) for key in self._keys]
        self._starts = list(accumulate(self._heights, initial=0))
        top = round(self.scroll_offset.y)
        # its size is its container's and its vertical scrollbar always shows
        set_content_size(self, Size(self.render_width, self._starts[-1]))
        if self._anchor in self._index:
            # sections above the one in focus may change height: keep it at the top
            self.scroll_to(y=self._starts[self._index[self._anchor]], animate=False)
        bottom = top + self.size.height
        if (
            changed is None
            or round(self.scroll_offset.y) != top
            or any(self._starts[self._index[key]] < bottom for key in changed)
        ):
            self.refresh()

    # -- rendering, in a thread ------------------------------------------------------------

    @work(thread=True, group="preview", exit_on_error=False)
    def _render_queue(self, app: App[object]) -> None:
        """Render queued sections until none is left, each at the width wanted when it is
        taken, and hand them to the UI thread in batches (one call a section would flood it
        while a long card scrolls by); an edited one goes at once. ``app`` comes from the UI
        thread: the app may be shutting down while this thread finishes."""
        console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
        worker = get_current_worker()
        batch: list[Rendered] = []
        started = time.monotonic()
        while not worker.is_cancelled:
            with self._lock:
                taken = self._queue.pop(0) if self._queue else None
                if taken is None and not batch:
                    self._rendering = False
                    return
                if taken is not None:
                    self._taken[taken[0]] = hash(taken[1])
                width = self._wanted_width
            edited = False
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
            self._rendering = False  # cancelled: the next request starts a new worker

    def _deliver(self, batch: list[Rendered]) -> None:
        moved = False
        width = self.render_width
        with self._lock:
            for done in batch:
                if self._taken.get(done.key) == hash(done.text):
                    del self._taken[done.key]
        delivered: list[str] = []
        for done in batch:
            self._cache[(done.text, done.width)] = done.lines
            if self._hashes.get(done.key) != hash(done.text) or done.width != width:
                continue  # typed on, or resized, since it was taken: a newer one is queued
            height = self._height(done.key)
            self._lines[done.key] = done.lines
            moved |= self._height_changed(done.key, height)
            self._fresh.add(done.key)
            delivered.append(done.key)
            if not moved:
                self._repaint(done.key)
        while len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        if moved:
            self._relayout(changed=delivered)

    def on_resize(self) -> None:
        if self.render_width != self._wanted_width:
            self._fresh.clear()  # every section shows its old render until it is redrawn
            # nothing more to draw: the layout that resized the pane drew all of it
            self._relayout(changed=())
            self._want([])

    # -- the Line API ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        line = round(self.scroll_offset.y) + y
        index = bisect_right(self._starts, line) - 1
        if not 0 <= index < len(self._keys):
            return Strip.blank(self.size.width)
        key = self._keys[index]
        offset = line - self._starts[index]
        if key not in self._fresh:
            self._ask(key)
        lines = self._lines.get(key)
        if lines is None:  # not rendered yet: its source, dimmed, line for line
            source = self._source_lines(key)
            text = safe_text(source[offset]) if offset < len(source) else ""
            return Strip([Segment(text, _SOURCE_STYLE)]).crop_extend(0, self.size.width, None)
        if offset < len(lines):
            return lines[offset].crop_extend(0, self.size.width, None)
        return Strip.blank(self.size.width)

    def _source_lines(self, key: str) -> list[str]:
        """A section's source lines (the last section asked is kept: a frame asks for each of
        its lines in turn)."""
        shown, at, lines = self._source
        if shown != key or at != self._hashes.get(key):
            lines = self._text(key).splitlines()
            self._source = (key, self._hashes.get(key, 0), lines)
        return lines

    def _ask(self, key: str) -> None:
        """The pane drew a section that is not rendered: render it after this frame."""
        if not self._asked:
            self.call_after_refresh(self._render_asked)
        self._asked.add(key)

    def _render_asked(self) -> None:
        asked = [key for key in self._keys if key in self._asked]  # top to bottom
        self._asked.clear()
        self._want(asked)

    # -- where it looks ------------------------------------------------------------------------

    def scroll_to_section(self, key: str, animate: bool = False) -> None:
        """Show ``key`` at the top, and keep it there as other sections render."""
        self._anchor = key
        if key in self._index:
            self.scroll_to(y=self._starts[self._index[key]], animate=animate)
            self._want([])

    def scroll_to_line(self, key: str, fraction: float) -> None:
        """Show the part of a section that holds a given source line, ``fraction`` of the way
        down it (markdown lines and rendered lines do not map one to one; this lands close)."""
        if key not in self._index:
            return
        self._anchor = None
        start = self._starts[self._index[key]]
        line = start + int(max(0.0, min(fraction, 1.0)) * self._height(key))
        self.scroll_to(y=max(line - 2, start), animate=False)

    def on_mouse_scroll_down(self) -> None:
        self._anchor = None  # the reader scrolls: stop following the focused section

    def on_mouse_scroll_up(self) -> None:
        self._anchor = None

    # -- for tests and benchmarks ----------------------------------------------------------------

    def has_rendered(self, key: str, needle: str) -> bool:
        """Whether a section's rendered lines contain ``needle``."""
        return any(needle in line.text for line in self._lines.get(key, ()))

    @property
    def rendering(self) -> bool:
        """Sections are waiting to be rendered, or being rendered."""
        with self._lock:
            return bool(self._queue) or self._rendering or bool(self._asked)

    def section_lines(self, key: str) -> range:
        """The preview lines a section takes."""
        if key not in self._index:
            return range(0)
        index = self._index[key]
        return range(self._starts[index], self._starts[index + 1])
