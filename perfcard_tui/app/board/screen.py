"""The board: every card in a folder tree at a glance.

The rows come first, from the files' names and places alone (``core.board.scan``: one stat per
file), so 10,000 cards show at once; what reading and checking each card gives (title, progress,
findings, metric) streams in behind, from the cache or from worker processes, and a line under
the table counts it in. The folder is watched: a card added, removed, renamed (a gitban status
change) or edited elsewhere shows within the watcher's debounce.

Every change of what is shown (a filter typed, a sort, a batch of results) goes through
:meth:`BoardScreen.show_rows`: filter and sort the one list of rows, hand it to the view.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

if TYPE_CHECKING:
    from ...core.board.results import CardResult
    from ...core.board.stamp import Stamp

# the board's first frame needs only these (names and stats); the cache and the readers bring
# the parser and the rules, and are loaded by the worker that reads the cards
from ...core.board.query import QueryError, filter_rows, parse_query, same_place, sort_rows
from ...core.board.row import CardFacts, Row, make_rows, remake_rows
from ...core.board.scan import CardFile, Scan, scan_steps
from ...core.display import safe_text
from .. import collector
from ..crash_log import record
from ..screens.quiet_focus import QuietFocus
from ..watch_stop import WorkerCancelled
from ..widgets.card_header import CardHeader
from ..widgets.field_input import FieldInput
from ..widgets.key_footer import KeyFooter
from .columns import COLUMNS
from .kanban import KanbanView
from .row_list import RowList
from .table import BoardTable, TableHeader

# results are shown in batches: a redraw per card would cost 10,000 redraws
BATCH_SECONDS = 0.25
# rows enough for a tall terminal: what the first scan shows before it has every card
SCREENFUL = 200
FIRST_ROWS_WAIT = 1.0
# the watcher's quiet time before it rescans (a git checkout renames hundreds of files)
WATCH_DEBOUNCE_MS = 200
# how soon the watcher says it is watching, when nothing changes
WATCH_STARTED_MS = 300
SORTS = tuple(c.key for c in COLUMNS)


@dataclass(frozen=True, slots=True)
class BoardState:
    """What the person made of the board: kept across a visit to the editor."""

    folder: str
    filter: str = ""
    sort: str = "status"
    kanban: bool = False
    archived: bool = False
    cursor: str | None = None
    use_cache: bool = True


class BoardScreen(QuietFocus, Screen[None]):
    # the rows take the keys from the start (the filter is one / away); the screen's default
    # would focus the filter, the first focusable widget
    AUTO_FOCUS = "BoardTable"
    BINDINGS = [
        # priority: acted on when the key arrives, so the letters right behind it (already on
        # their way to the rows, which ignore them) go to the filter; in the filter, / is typed
        Binding(
            "slash",
            "filter",
            "Filter",
            priority=True,
            tooltip="Filter: words, status:todo type:perf p:0",
        ),
        Binding("s", "sort(1)", "Sort", tooltip="Sort by the next column"),
        Binding("S", "sort(-1)", "Reverse", show=False, tooltip="Reverse the sort"),
        Binding("k", "kanban", "Kanban", tooltip="Columns by status, or the table"),
        Binding("a", "archived", "Archive", tooltip="Show or hide archived cards"),
        Binding("escape", "leave_filter", "Rows", show=False),
    ]
    DEFAULT_CSS = """
    BoardScreen #filter { margin: 0 0; }
    BoardScreen #views { height: 1fr; }
    BoardScreen #status { height: 1; padding: 0 1; color: $text-muted; }
    BoardScreen #status.-refused { color: $error; }
    BoardScreen #table-view { height: 1fr; }
    BoardScreen BoardTable { height: 1fr; }
    BoardScreen #others { height: auto; max-height: 6; padding: 0 1; color: $text-muted; }
    """

    class Scanned(Message):
        """The cards found (``found.whole``: False while the first scan is under way)."""

        def __init__(self, found: Scan) -> None:
            super().__init__()
            self.found = found

    class Judged(Message):
        """A batch of cards read and checked (``done`` of ``total`` so far)."""

        def __init__(self, results: list[CardResult], done: int, total: int) -> None:
            super().__init__()
            self.results = results
            self.done = done
            self.total = total

    class FolderChanged(Message):
        pass

    def __init__(self, state: BoardState, first: Scan | None = None) -> None:
        """``first``: the first cards of the folder, found before the app started (the rows
        of the first frame); the whole scan follows in a worker."""
        super().__init__(id="board")
        self.state = state
        self.found = first or Scan(state.folder, (), ())
        self.facts: dict[str, CardFacts] = {}
        self.cards: dict[str, CardFile] = {}
        self.scanned = False
        """A whole scan has come in (the first one streams a screenful ahead)."""
        self.first_rows_drawn = threading.Event()
        """The first rows are on screen: the rest of the first scan, and the watcher, start."""
        self._watch_asked = False
        self._scan_after_first_rows = False
        """The rows of ``first`` are shown: the whole scan waits until they are drawn."""
        self.rows: list[Row] = []
        self.in_order: list[Row] = []
        """The rows sorted, archived ones left out unless asked for: sorted again only when
        the rows, the sort or the archive switch change, not at every letter of a filter."""
        self.shown: list[Row] = []
        self.reading = (0, 0)
        self.refusal = ""

    def compose(self) -> ComposeResult:
        yield CardHeader()
        yield FieldInput(
            self.state.filter,
            placeholder="/ filter: words, status:todo type:perf p:0 owner:x has:errors",
            id="filter",
        )
        with ContentSwitcher(initial="table-view", id="views"):
            with Vertical(id="table-view"):
                yield TableHeader(id="header")
                yield BoardTable(id="table")
            yield KanbanView(id="kanban")
        yield Static(id="status", markup=False)
        yield Static(id="others", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = f"Board: {safe_text(self.state.folder)}"
        self.query_one(TableHeader).show_sort(self.state.sort)
        self.watch(self.query_one("#filter", FieldInput), "value", self._filtered, init=False)
        if self.state.kanban:
            self.query_one(ContentSwitcher).current = "kanban"
        if self.found.cards or self.found.others:
            # the whole scan starts once these rows are drawn (``_first_rows_drawn``): started
            # here, its thread (10,000 stats and names) took the interpreter lock from the
            # first frame's compose, layout and render
            self._scan_after_first_rows = True
            self._rebuild()
            self._show_others()
            self._after_first_rows()
        else:
            self._scan()

    # -- finding and reading the cards ------------------------------------------------------

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def _scan(self) -> None:
        # the first scan shows a screenful of rows before the last file's stat; a rescan
        # (the watcher's) is shown whole, or the rows would shrink and grow back
        streamed = not self.scanned and not self.found.cards  # rows already shown: none
        for found in scan_steps(self.state.folder, first=SCREENFUL if streamed else None):
            self.post_message(self.Scanned(found))
            if not found.whole:
                # the rest of the scan waits for the first rows to be drawn: both at once, on
                # two cores, made the first frame wait for the whole scan's share of them
                self.first_rows_drawn.wait(timeout=FIRST_ROWS_WAIT)

    @on(Scanned)
    def _scanned(self, message: Scanned) -> None:
        self._after_first_rows()
        if not message.found.whole:
            self.found = message.found
            self._rebuild()
            return
        if self.scanned and message.found == self.found:
            return  # a rescan that found what was shown: 10,000 rows are not made again
        self.scanned = True
        before = {card.path: card.stamp for card in self.found.cards}
        self.found = message.found
        paths = {card.path for card in self.found.cards}
        # a card whose stamp moved was edited elsewhere: what was read of it no longer holds
        stale = [c.path for c in self.found.cards if before.get(c.path, c.stamp) != c.stamp]
        for path in [*stale, *(p for p in self.facts if p not in paths)]:
            self.facts.pop(path, None)
        self._rebuild()
        self._show_others()
        unread = [c for c in self.found.cards if c.path not in self.facts]
        if unread:
            self._judge([c.path for c in unread], {c.path: c.stamp for c in unread})

    @work(thread=True, exclusive=True, group="judge", exit_on_error=False)
    def _judge(self, paths: list[str], stamps: dict[str, Stamp | None]) -> None:
        from ...core.board.cache import Cache
        from ...core.board.results import Judge
        from .readers import start_card_readers

        start_card_readers()

        # worker processes are started by a server process, not forked from this one: a fork
        # of a process running threads (this app) may inherit a lock held mid-operation
        judge = Judge(
            want_facts=True,
            cache=Cache() if self.state.use_cache else None,
            start_method="forkserver",
        )
        worker = get_current_worker()
        batch: list[CardResult] = []
        done, last = 0, time.monotonic()
        # closed when the board goes (or a rescan starts another read): the cards not yet
        # read are not waited for; quitting while 10,000 were read waited for all of them
        reading = judge.results(paths, stamps, stop=lambda: worker.is_cancelled)
        with contextlib.closing(reading) as results:
            for result in results:
                if worker.is_cancelled:
                    return
                batch.append(result)
                done += 1
                if time.monotonic() - last >= BATCH_SECONDS:
                    self.post_message(self.Judged(batch, done, len(paths)))
                    batch, last = [], time.monotonic()
        self.post_message(self.Judged(batch, done, len(paths)))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A scan or read that failed is said on the status line (and in the error log); the
        board goes on with what it has."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        where = record(error)
        self.refusal = f"could not read the cards ({type(error).__name__}: {error}; see {where})"
        self._show_status()

    @on(Judged)
    def _judged(self, message: Judged) -> None:
        for result in message.results:
            if result.facts is not None:
                self.facts[result.path] = result.facts
            elif result.error:
                self.facts[result.path] = CardFacts(problem=result.error)
        self.reading = (message.done, message.total)
        read = {result.path for result in message.results}
        before = self.rows
        self.rows = remake_rows(before, self.cards, self.facts, read)
        changed = {
            new.path: (old, new)
            for old, new in zip(before, self.rows, strict=True)
            if old is not new
        }
        sort = self.state.sort
        if all(
            old.archived == new.archived and same_place(old, new, sort)
            for old, new in changed.values()
        ):
            # every row read stays where it was (the default sort, by status, is the file
            # name's): its new row takes its place, without sorting 10,000 rows again at
            # every batch while the UI thread has keys to answer
            self.in_order = [
                changed[row.path][1] if row.path in changed else row for row in self.in_order
            ]
            self.show_rows()
        else:
            self._order()
        # what is kept so far (rows, facts, the cards found) lives on: frozen, the collector
        # leaves it alone. A full pass over it while 10,000 cards were read took 15-210 ms,
        # and stalled the key it landed in; frozen at every batch, each pass sees only what
        # the last quarter of a second made. Frozen once every card was read, as before, too
        gc.freeze()

    def _after_first_rows(self) -> None:
        """Once the first rows are drawn: the rest of the scan, and the watcher. Its thread
        (importing watchfiles, setting up its watch) slowed the first frame; it rescans once
        it watches, for what changed before."""
        if not self._watch_asked:
            self._watch_asked = True
            self.call_after_refresh(self._first_rows_drawn)

    def _first_rows_drawn(self) -> None:
        # no collection came before the first rows (the launch held the collector): from here
        # on it runs, and leaves what the start built alone
        collector.settle()
        self.first_rows_drawn.set()
        if self._scan_after_first_rows:
            self._scan_after_first_rows = False
            self._scan()
        self._watch()

    @work(thread=True, group="watch", exclusive=True, exit_on_error=False)
    def _watch(self) -> None:
        # in a thread: importing watchfiles (and anyio with it) on the UI thread took a
        # quarter of the board's first frame
        from watchfiles import watch

        stop = WorkerCancelled(get_current_worker())
        watching = False
        for changes in watch(
            self.state.folder,
            debounce=WATCH_DEBOUNCE_MS,
            recursive=True,
            stop_event=stop,
            rust_timeout=WATCH_STARTED_MS,
            yield_on_timeout=True,
        ):
            # its first answer, a change or a quiet while, says the watch is up: one rescan
            # sees what changed before it was (the first scan ran ahead of it)
            if changes or not watching:
                self.post_message(self.FolderChanged())
            watching = True

    @on(FolderChanged)
    def _folder_changed(self) -> None:
        self._scan()

    # -- what is shown ------------------------------------------------------------------------

    def _rebuild(self) -> None:
        self.cards = {card.path: card for card in self.found.cards}
        self.rows = make_rows(self.found.cards, self.facts)
        self._order()

    def _order(self) -> None:
        """Sort the rows (and leave the archive out unless asked for), then show them."""
        rows = self.rows
        if not self.state.archived and "is:archived" not in self.state.filter:
            rows = [row for row in rows if not row.archived]
        self.in_order = sort_rows(rows, self.state.sort)
        self.show_rows()

    def show_rows(self) -> None:
        """Filter the sorted rows, and hand them to the view shown."""
        try:
            query = parse_query(self.state.filter)
            self.refusal = ""
        except QueryError as refused:
            self.refusal = str(refused)
            query = parse_query("")
        self.shown = filter_rows(self.in_order, query)
        keep = self.state.cursor or self.current
        if self.state.kanban:
            self.query_one(KanbanView).show_rows(self.shown, keep)
        else:
            self.query_one(BoardTable).show_rows(self.shown, keep)
        self._show_status()

    @property
    def current(self) -> str | None:
        """The card under the cursor of the view shown."""
        if self.state.kanban:
            return self.query_one(KanbanView).current or self.state.cursor
        return self.query_one(BoardTable).current

    def _show_status(self) -> None:
        status = self.query_one("#status", Static)
        status.set_class(bool(self.refusal), "-refused")
        if self.refusal:
            status.update(self.refusal, layout=False)
            return
        total = len(self.rows)
        archived = sum(1 for row in self.rows if row.archived)
        parts = [f"{len(self.shown)} of {total} cards" if self.state.filter else f"{total} cards"]
        if archived:
            parts.append(
                f"{archived} archived shown (a hides)"
                if self.state.archived
                else f"{archived} archived hidden (a shows)"
            )
        parts.append(f"sorted by {self.state.sort.removeprefix('-')}")
        duplicates = sum(1 for row in self.rows if row.duplicate)
        if duplicates:
            parts.append(f"⚠ {duplicates} files share a card ID")
        done, of = self.reading
        if not self.scanned:
            parts.append("finding cards…")
        elif done < of:
            parts.append(f"reading cards {done:,}/{of:,}…")
        # one line whatever it says: no layout of the screen at every key of a filter
        status.update(" · ".join(parts), layout=False)

    def _show_others(self) -> None:
        others = self.found.others
        shown = self.query_one("#others", Static)
        shown.display = bool(others)
        if others:
            listed = "; ".join(f"{Path(o.path).name} ({o.why})" for o in others[:20])
            more = f"; and {len(others) - 20} more" if len(others) > 20 else ""
            shown.update(Content(f"Not cards ({len(others)}): {safe_text(listed)}{more}"))

    # -- what the person does -----------------------------------------------------------------

    def _filtered(self, value: str) -> None:
        """The filter's text changed: watched, not told by ``Input.Changed``. The message came
        to the screen after the filter had asked for its repaint, so a key showed in two
        frames, the rows a frame (17-30 ms) behind the letter typed; watched, the rows are
        filtered in the filter's own turn, and repainted in the same frame as it."""
        asks_archive = "is:archived" in value
        order_changes = asks_archive != ("is:archived" in self.state.filter)
        self.state = replace(self.state, filter=value)
        if order_changes:
            self._order()
        else:
            self.show_rows()
        self.call_later(self._rows_repaint_with_the_filter)

    async def _rows_repaint_with_the_filter(self) -> None:
        """Queued on the screen in the filter's turn, ahead of the filter's own repaint: the
        screen's turn passes once, so the rows and the status line (each asks for its repaint
        in its own turn) have asked before the screen draws the filter's. A key the filter
        binds (backspace) is run after the key has reached the screen, which drew the filter
        alone otherwise, and the rows a frame later."""
        await asyncio.sleep(0)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.action_leave_filter()

    @on(TableHeader.SortBy)
    def _sort_by(self, event: TableHeader.SortBy) -> None:
        same = self.state.sort.removeprefix("-") == event.column
        flipped = ("" if self.state.sort.startswith("-") else "-") + event.column
        self._sorted(flipped if same else event.column)

    @on(RowList.Moved)
    def _moved(self, event: RowList.Moved) -> None:
        if event.path is not None and event.row_list.has_focus:
            self.state = replace(self.state, cursor=event.path)

    @on(RowList.Opened)
    def _open(self, event: RowList.Opened) -> None:
        self.state = replace(self.state, cursor=event.path)
        self.app.exit(event.path)

    def _sorted(self, sort: str) -> None:
        self.state = replace(self.state, sort=sort)
        self.query_one(TableHeader).show_sort(sort)
        self._order()

    def action_sort(self, step: int) -> None:
        name = self.state.sort.removeprefix("-")
        if step < 0:
            self._sorted(name if self.state.sort.startswith("-") else "-" + name)
            return
        at = SORTS.index(name) if name in SORTS else -1
        self._sorted(SORTS[(at + 1) % len(SORTS)])

    def action_kanban(self) -> None:
        keep = self.current
        self.state = replace(self.state, kanban=not self.state.kanban, cursor=keep)
        self.query_one(ContentSwitcher).current = "kanban" if self.state.kanban else "table-view"
        self.show_rows()
        if self.state.kanban:
            self.call_after_refresh(self.query_one(KanbanView).focus_card, keep)
        else:
            self.query_one(BoardTable).focus()

    def action_archived(self) -> None:
        self.state = replace(self.state, archived=not self.state.archived)
        self._order()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            return not isinstance(self.focused, Input)
        return True

    def action_filter(self) -> None:
        # at once, not after the frame (``focus()``): the letters typed right behind the / are
        # already queued, and must reach the filter
        self.set_focus(self.query_one("#filter", Input))

    def action_leave_filter(self) -> None:
        if self.state.kanban:
            self.query_one(KanbanView).focus_card(self.state.cursor)
        else:
            self.set_focus(self.query_one(BoardTable))
