"""ctrl+f: find text anywhere in the card and in its findings, and go to it.

Typing searches (in a thread: a 50 MB card takes its time, and the keys must not wait); the
list shows where each match is with the words around it; ↑ and ↓ choose while typing goes on,
enter or a click opens that section with the focus on the field or paragraph that holds it and
the cursor at the match. ctrl+f again offers the last search with the match after the one last
gone to highlighted: ctrl+f enter is "find next".

What is typed right after enter goes to the match, not into the query nor to a field of the
section left: enter is chosen in its own turn, and the keys wait (``TypedMeanwhile``) until the
match's section is built and its box has the focus.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ...core.display import safe_text
from ...core.model import Card, FieldKind
from ...core.search import Hit, find, match_span, next_index
from ..widgets.field_input import FieldInput
from ..widgets.fields import SEVERITY_STYLE, BlockWidget, FieldWidget, TableFieldWidget
from ..widgets.key_holder import KeyHolder
from ..widgets.raw_section import RawSectionWidget
from ..widgets.section_form import SectionForm
from .quiet_focus import QuietFocus

if TYPE_CHECKING:
    from ...core.validate import Finding
    from .editor import EditorScreen

LIMIT = 200
GIVE_BACK_AFTER = 2.0
"""Seconds the keys typed after a choice wait for its box before going where the focus is."""


class SearchScreen(QuietFocus, ModalScreen[Hit | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", tooltip="Close without moving"),
        # the input binds neither: the highlight moves while the focus stays in the typing
        Binding("down", "step(1)", "Next match", show=False),
        Binding("up", "step(-1)", "Previous match", show=False),
        # priority: chosen as the key arrives, so the keys typed behind it are the card's
        Binding("enter", "choose", "Go", show=False, priority=True),
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

    def __init__(
        self,
        card: Card,
        query: str = "",
        findings: Sequence[Finding] = (),
        last: Hit | None = None,
    ) -> None:
        """``last``: the match last gone to with ``query``; the one after it is offered."""
        super().__init__()
        self.card = card
        self.first_query = query
        self.findings = tuple(findings)
        self.last = last
        self.hits: list[Hit] = []
        self.hits_query = ""
        """What the matches shown were found for (typing may have gone on since)."""
        self.chosen_query: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield FieldInput(self.first_query, placeholder="Find in the card", id="query")
            yield Static("", id="count", markup=False)
            yield OptionList(id="hits")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.first_query:
            self._search(self.first_query)

    ONLY_UNFOCUSED_KEYS = True
    """``on_key`` below sees only letters nothing focused took (``key_order``)."""

    def on_key(self, event: events.Key) -> None:
        """A letter that reaches the dialog itself, not its box, was sent to it before the box
        had the focus (typed right behind ctrl+f, in the same burst): it is the query's. (A
        letter typed in the box is the box's, and never comes here.)"""
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.query_one("#query", Input).insert_text_at_cursor(event.character)

    @property
    def typed(self) -> str:
        """What was looked for: the query of the match chosen, else what the box holds."""
        return self.query_one(Input).value if self.chosen_query is None else self.chosen_query

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str) -> None:
        self.post_message(self.Found(query, find(self.card, query, LIMIT, self.findings)))

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.query != self.query_one(Input).value:
            return  # typing went on: a newer search is on its way
        self.hits, self.hits_query = message.hits, message.query
        # another search starts at its first match
        last = self.last if message.query == self.first_query else None
        shown = self.query_one(OptionList)
        shown.clear_options()
        shown.add_options(
            Option(_prompt(hit, message.query, last=hit == last)) for hit in self.hits
        )
        if self.hits:
            shown.highlighted = next_index(self.hits, last)
        count = len(self.hits)
        said = "no match" if not count else f"{count}{'+' if count >= LIMIT else ''} matches"
        if count > 1 and last is not None:
            said += " · highlighted: the one after the match you went to last"
        self.query_one("#count", Static).update("" if not message.query.strip() else said)

    def action_choose(self) -> None:
        if self.hits:
            self._go(self.hits[self.query_one(OptionList).highlighted or 0])

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self._go(self.hits[event.option_index])

    def _go(self, hit: Hit) -> None:
        if self.chosen_query is not None:
            return  # chosen already: this dialog is on its way out
        self.chosen_query = self.hits_query
        stack = self.app.screen_stack
        if len(stack) > 1 and stack[-1] is self:
            TypedMeanwhile.hold(stack[-2])  # the screen the keys go to once this one is gone
        self.dismiss(hit)

    def action_step(self, step: int) -> None:
        shown = self.query_one(OptionList)
        if self.hits:
            shown.highlighted = min(max((shown.highlighted or 0) + step, 0), len(self.hits) - 1)


def _prompt(hit: Hit, query: str, *, last: bool) -> Content:
    """Where the match is (a finding's severity and code first), the words around it with the
    match itself marked, and a note on the one last gone to."""
    head: list[tuple[str, str] | str] = []
    if hit.finding is not None:
        style = SEVERITY_STYLE[hit.finding.severity]
        head.append((f"{hit.finding.severity.value} [{hit.finding.code}] ", f"bold {style}"))
    head.append((safe_text(hit.where), "bold"))
    if last:
        head.append(("  ◂ last gone to", "dim italic"))
    snippet = safe_text(hit.snippet)
    span = match_span(snippet, query)
    if span is None:
        return Content.assemble(*head, "\n  ", snippet)
    at, end = span
    match = (snippet[at:end], "bold underline")
    return Content.assemble(*head, "\n  ", snippet[:at], match, snippet[end:])


# -- going to a match -------------------------------------------------------------------------


def go_to(editor: EditorScreen, hit: Hit, query: str) -> None:
    """Open the hit's section with the focus on what holds the match (a field, a table's
    cell, a paragraph or list item, the raw markdown), the cursor at the match. A title, or a
    finding of the section as a whole, focuses the section's first field."""
    meanwhile = TypedMeanwhile.hold(editor)
    if hit.section_key not in editor.card.section_index:
        meanwhile.land(None)  # a finding about the whole card: nowhere to go
        return
    editor.gone_to = hit
    editor.open_section(hit.section_key, focus=False)
    form = editor.query_one(SectionForm)

    async def focus_when_built() -> None:
        box: Input | TextArea | None = None
        try:
            await form.built()
            if editor.section_key == hit.section_key and form.is_attached:
                box = _focus_match(form, editor.card, hit, query)
        finally:
            meanwhile.land(box)

    # the editor's own focus group: opening another section cancels a focus still pending
    editor.run_worker(focus_when_built(), group="focus", exclusive=True)


def _focus_match(form: SectionForm, card: Card, hit: Hit, query: str) -> Input | TextArea | None:
    """The box that holds the match, its cursor put there; else None, and the focus asked of
    the row that shows the hit (or of the form's first field) instead."""
    row, boxes = _holders(form, card, hit)
    if row is None:  # a title, a paragraph the form does not edit (a session entry's)
        form.focus_field()
        return None
    form.scroll_to_widget(row, animate=False)
    from_row = _row_in_raw(card, hit) if isinstance(row, RawSectionWidget) else 0
    for box in boxes:
        if _put_cursor(box, query, from_row):
            return box
    if isinstance(row, RawSectionWidget):
        return boxes[0]
    row.focus_editor()
    return None


class TypedMeanwhile(KeyHolder):
    """Holds the focus, and what is typed, from a match chosen until what holds it has the
    focus. The form is rebuilt in between: keys typed then would land in a field of the
    section left (still focused while it is being removed) or nowhere."""

    def __init__(self, before: Widget | None) -> None:
        super().__init__()
        self.before = before
        """What had the focus: it takes the keys back if nothing else takes the focus."""
        self.landed = False

    @classmethod
    def hold(cls, screen: Screen[Any]) -> TypedMeanwhile:
        """Take the screen's focus at once (the keys already on their way come here), or
        keep holding if the screen holds already."""
        held = [w for w in screen.query(TypedMeanwhile) if not w.landed]
        if held:
            return held[0]
        meanwhile = cls(screen.focused)
        screen.mount(meanwhile)
        screen.set_focus(meanwhile, scroll_visible=False)
        return meanwhile

    def on_mount(self) -> None:
        self.set_timer(GIVE_BACK_AFTER, lambda: self.land(None))

    def land(self, box: Widget | None) -> None:
        """Focus ``box`` and send it what was held, in the order typed; then go. None: the
        focus was asked for elsewhere (it lands before the keys are sent)."""
        if box is not None and box.is_attached:
            box.screen.set_focus(box)
        if not self.landed and self.is_attached:
            self.landed = True
            self.app.call_later(self._give_back)

    def _give_back(self) -> None:
        if not self.is_attached:
            return
        screen = self.screen
        if screen.focused is self:  # no one took the focus: back where it was, if still there
            before = self.before if self.before is not None and self.before.is_attached else None
            screen.set_focus(before)
        self.send_again(self.typed)
        self.typed = []
        self.let_go()


def _holders(
    form: SectionForm, card: Card, hit: Hit
) -> tuple[BlockWidget | FieldWidget | RawSectionWidget | None, list[Input | TextArea]]:
    """The form's row that shows the hit, and the boxes in it that may hold the match."""
    raw = next(iter(form.query(RawSectionWidget)), None)
    if raw is not None:
        return raw, list(raw.query(TextArea))
    if hit.block is not None:
        block = next((b for b in form.query(BlockWidget) if b.index == hit.block), None)
        return block, _boxes(block)
    section = card.section(hit.section_key)
    index = next((n for n, f in enumerate(section.fields) if f.path == hit.field_path), None)
    if index is None:
        return None, []
    field = section.fields[index]
    if field.kind is FieldKind.CELL:
        for table in form.query(TableFieldWidget):
            row_cells = [c for c in table.cells if c.row == field.row]
            if field in row_cells:
                box = table.cell_box(field.row or 0, row_cells.index(field))
                return table, [box] if box is not None else []
        return None, []
    widget = next((w for w in form.query(FieldWidget) if w.index == index), None)
    return widget, _boxes(widget)


def _boxes(row: Widget | None) -> list[Input | TextArea]:
    if row is None:
        return []
    return [box for box in row.query("Input, TextArea") if isinstance(box, (Input, TextArea))]


def _row_in_raw(card: Card, hit: Hit) -> int:
    """The hit's line counted from the first line below its section's heading (raw mode's
    text starts there)."""
    i = card.section_index[hit.section_key]
    body = card.body_span(hit.section_key).start
    heading_lines = card.pieces[i].count("\n", 0, body - card.offsets[i])
    return max(hit.line - card.line_offsets[i] - heading_lines, 0)


def _put_cursor(box: Input | TextArea, query: str, from_row: int = 0) -> bool:
    """Put the box's cursor at the first match of ``query`` at or below line ``from_row`` of
    its text (else at its first); False when its text does not hold it."""
    text = box.value if isinstance(box, Input) else box.text
    start = 0
    for _ in range(from_row):
        start = text.find("\n", start) + 1
        if not start:
            break
    if (span := match_span(text[start:], query)) is not None:
        at = start + span[0]
    elif (span := match_span(text, query)) is not None:
        at = span[0]
    else:
        return False
    if isinstance(box, Input):
        box.cursor_position = at
    else:
        row = text.count("\n", 0, at)
        box.move_cursor((row, at - (text.rfind("\n", 0, at) + 1)))
        box.call_after_refresh(box.scroll_cursor_visible)  # once the area has its size
    return True
