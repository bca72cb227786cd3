"""Import benchmark results… (the palette): a file, before or after, and a preview of every
block and cell the import will change, before anything changes.

The file is read and the import worked out in a thread (a 10 MB JSON file must not hold the
keyboard); the worker reports through :class:`BenchImportScreen.Previewed`, and a preview is
only shown while it still answers what the dialog holds. Enter imports what the preview shows:
the screen is dismissed with the files read and the options, and the editor applies the import
to the card as it is then, as one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ...core.bench import BenchError, ImportOptions, ImportOutcome, ResultSet, import_results
from ...core.bench.describe import describe_change
from ...core.bench.detect import read_file
from ...core.display import safe_text
from ...core.model import Card
from ..widgets.field_input import FieldInput
from ..widgets.path_suggester import PathSuggester
from .quiet_focus import QuietFocus

# a path is read once typing pauses this long, not at every character
PREVIEW_AFTER = 0.2


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What the dialog holds: the file, which side, the comparison row (may be empty)."""

    path: str
    side: str
    metric: str

    @property
    def options(self) -> ImportOptions:
        return ImportOptions(side=self.side, metric=self.metric or None)


@dataclass(frozen=True, slots=True)
class ImportChoice:
    """What the person chose to import: the editor applies it to the card as it is then."""

    sets: tuple[ResultSet, ...]
    options: ImportOptions


def preview(card: Card, request: ImportRequest, base: Path) -> tuple[ResultSet, ImportOutcome]:
    """Read the file and work out the import, without changing anything; BenchError when it
    cannot be imported."""
    path = Path(request.path).expanduser()
    if not path.is_absolute():
        path = base / path
    if path.is_dir():
        raise BenchError(f"{request.path}: a folder; name a file in it")
    results = read_file(str(path))
    return results, import_results(card, [results], request.options)


class BenchImportScreen(QuietFocus, ModalScreen[ImportChoice | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without importing")]
    DEFAULT_CSS = """
    BenchImportScreen { align: center middle; }
    BenchImportScreen > Vertical {
        width: 100;
        max-width: 98%;
        height: auto;
        max-height: 95%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    BenchImportScreen Label { margin: 1 0 0 0; }
    BenchImportScreen RadioSet { layout: horizontal; width: auto; }
    BenchImportScreen #preview { height: auto; max-height: 16; margin: 1 0 0 0; }
    BenchImportScreen .refused { color: $error; }
    BenchImportScreen Horizontal { height: auto; margin: 1 0 0 0; }
    BenchImportScreen Button { margin: 0 1 0 0; }
    """

    class Previewed(Message):
        """The worker's answer for one request: what the import would do, or why it cannot."""

        def __init__(
            self,
            request: ImportRequest,
            outcome: tuple[ResultSet, ImportOutcome] | None,
            refusal: str = "",
        ) -> None:
            super().__init__()
            self.request = request
            self.outcome = outcome
            self.refusal = refusal

    def __init__(self, card: Card, base: Path, metrics: list[str], side: str) -> None:
        """``base``: where a relative path starts; ``metrics``: the comparison rows' names,
        offered as completions; ``side``: the side chosen at first."""
        super().__init__()
        self.card = card
        self.base = base
        self.metrics = metrics
        self.first_side = side
        self.shown: BenchImportScreen.Previewed | None = None
        self.read_timer: Timer | None = None
        self.import_when_ready = False
        """Enter came before the preview of what was typed: import as soon as it is ready."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Import benchmark results[/b]")
            yield Label("File written by a benchmark tool (→ completes the name)")
            yield FieldInput(
                placeholder="e.g. bench.json, go-bench.txt",
                id="file",
                suggester=PathSuggester(self.base),
            )
            yield Label("These numbers are")
            with RadioSet(id="side"):
                yield RadioButton("Before (the baseline)", id="before")
                yield RadioButton("After (with the change)", id="after")
            yield Label("Performance Comparison row (empty: matched by name)")
            yield FieldInput(
                placeholder=", ".join(self.metrics[:3]) or "metric name",
                id="metric",
                suggester=SuggestFromList(self.metrics, case_sensitive=False),
            )
            yield Static("Name a file to see what it changes.", id="preview", markup=False)
            with Horizontal():
                yield Button("Import (enter)", id="import", variant="primary", disabled=True)
                yield Button("Cancel (escape)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(f"#{self.first_side}", RadioButton).value = True
        self.query_one("#file", Input).focus()

    # -- what the dialog holds, and its preview ------------------------------------------------

    def request(self) -> ImportRequest:
        pressed = self.query_one(RadioSet).pressed_button
        return ImportRequest(
            path=self.query_one("#file", Input).value.strip(),
            side=pressed.id if pressed and pressed.id else self.first_side,
            metric=self.query_one("#metric", Input).value.strip(),
        )

    @on(Input.Changed)
    @on(RadioSet.Changed)
    def _asked_again(self) -> None:
        self.shown = None
        self.query_one("#import", Button).disabled = True
        if not self.request().path:
            self._show("Name a file to see what it changes.")
            return
        self._show("reading…")
        if self.read_timer is not None:
            self.read_timer.stop()
        request = self.request()
        self.read_timer = self.set_timer(PREVIEW_AFTER, lambda: self._read(request))

    @work(thread=True, exclusive=True, group="bench-read", exit_on_error=False)
    def _read(self, request: ImportRequest) -> None:
        try:
            outcome = preview(self.card, request, self.base)
        except BenchError as error:
            self.post_message(self.Previewed(request, None, str(error)))
            return
        self.post_message(self.Previewed(request, outcome))

    @on(Previewed)
    def _previewed(self, message: Previewed) -> None:
        if message.request != self.request():
            return  # typing went on: a newer read is on its way
        self.shown = message
        if message.outcome is None:
            self._show(message.refusal, refused=True)
            self.import_when_ready = False
            return
        results, outcome = message.outcome
        lines = [f"{len(outcome.imported)} results from {results.label}:"]
        lines += [f"  {describe_change(change)}" for change in outcome.changes]
        lines += [f"  note: {note}" for note in (results.note, *outcome.notes) if note]
        if not outcome.changes:
            lines.append("  nothing would change")
        self._show("\n".join(lines))
        self.query_one("#import", Button).disabled = not outcome.changes
        if self.import_when_ready:
            self._import()

    def _show(self, text: str, *, refused: bool = False) -> None:
        shown = self.query_one("#preview", Static)
        shown.set_class(refused, "refused")
        shown.update(safe_text(text))

    # -- importing ------------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#import")
    def _import(self) -> None:
        shown = self.shown
        if shown is None:
            # the preview of what was typed is still being read: import once it is
            self.import_when_ready = bool(self.request().path)
            return
        if shown.outcome is None or not shown.outcome[1].changes:
            self.app.bell()
            return
        self.dismiss(ImportChoice((shown.outcome[0],), shown.request.options))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
