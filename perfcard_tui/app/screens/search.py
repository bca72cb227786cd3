"""ctrl+f: find text anywhere in the card, and go to it.

Typing searches (in a thread: a 50 MB card takes its time, and the keys must not wait); the
list shows where each match is with the words around it; enter or a click opens that section
with the focus on the field. The last search is offered again next time.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.display import safe_text
from ...core.model import Card
from ...core.search import Hit, find

LIMIT = 200


class SearchScreen(ModalScreen[Hit | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", tooltip="Close without moving"),
        Binding("down", "to_list", "Matches", show=False),
    ]
    DEFAULT_CSS = """
    SearchScreen { align: center top; }
    SearchScreen > Vertical {
        width: 110;
        max-width: 98%;
        height: auto;
        max-height: 80%;
        margin: 2 0 0 0;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    SearchScreen OptionList { height: auto; max-height: 24; }
    SearchScreen #count { color: $text-muted; }
    """

    class Found(Message):
        def __init__(self, query: str, hits: list[Hit]) -> None:
            super().__init__()
            self.query = query
            self.hits = hits

    def __init__(self, card: Card, query: str = "") -> None:
        super().__init__()
        self.card = card
        self.first_query = query
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(self.first_query, placeholder="Find in the card", id="query")
            yield Static("", id="count", markup=False)
            yield OptionList(id="hits")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.first_query:
            self._search(self.first_query)

    @property
    def typed(self) -> str:
        return self.query_one(Input).value

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str) -> None:
        self.post_message(self.Found(query, find(self.card, query, LIMIT)))

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.query != self.typed:
            return  # typing went on: a newer search is on its way
        self.hits = message.hits
        shown = self.query_one(OptionList)
        shown.clear_options()
        shown.add_options(
            Option(Content.assemble((safe_text(hit.where), "bold"), "\n  ", safe_text(hit.snippet)))
            for hit in self.hits
        )
        if self.hits:
            shown.highlighted = 0
        count = len(self.hits)
        said = "no match" if not count else f"{count}{'+' if count >= LIMIT else ''} matches"
        self.query_one("#count", Static).update("" if not message.query.strip() else said)

    @on(Input.Submitted)
    def _first(self) -> None:
        shown = self.query_one(OptionList)
        if self.hits:
            self.dismiss(self.hits[shown.highlighted or 0])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])

    def action_to_list(self) -> None:
        if self.hits:
            self.query_one(OptionList).focus()
