"""One widget per field kind. Each turns what the user does into a :class:`FieldEdited` message
carrying a :class:`FormEdit` (data: which field, what value), and knows how to show a new value
without echoing it back as an edit.

Card text is shown through :func:`safe_text`: control characters become visible symbols and never
reach the terminal. A widget compares what it shows with the *shown* form of its field, so a
field holding such characters is only rewritten when the person edits that very field (and then
with what they see: see docs/DECISIONS.md).

A widget is bound to its field by position (section key, index in the section's fields), not
by path: a checklist item's path is the slug of its text, and changes as the user types it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from ...core.display import safe_text
from ...core.edits import ItemPlaces
from ...core.form_edits import EditKind, FormEdit
from ...core.model import Field, FieldKind
from ...core.template import FieldSpec, is_placeholder
from ...core.validate import Finding, Severity
from ..messages import FieldEdited
from .field_input import FieldInput
from .long_value import LongValue
from .row_edit_keys import ItemAfterEdit, RowEditKeys
from .row_keys import RowKeys, RowKeysField

SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def findings_text(findings: Iterable[Finding]) -> Text:
    text = Text()
    for finding in findings:
        if text:
            text.append("\n")
        style = SEVERITY_STYLE[finding.severity]
        text.append(f"{finding.severity.value} ", style=f"bold {style}")
        text.append(f"[{finding.code}] ", style=style)
        text.append(safe_text(finding.message))
    return text


def _said(findings: Iterable[Finding]) -> list[tuple[Severity, str, str]]:
    """What a findings box says of each finding (its line is not shown)."""
    return [(f.severity, f.code, f.message) for f in findings]


def replaces_placeholder(value: str) -> bool:
    """Typing into a field that still holds the template's placeholder replaces it: focusing
    it selects the placeholder (real text is never selected on focus, so typing appends)."""
    return is_placeholder(value.strip())


class FormRow(Vertical):
    """One row of a section's form: a label, an editor, and its own findings below it."""

    DEFAULT_CSS = """
    FormRow { height: auto; margin: 0 0 1 0; }
    FormRow > .field-label { color: $text-muted; }
    FormRow > .field-findings { height: auto; display: none; }
    FormRow > .field-findings.-shown { display: block; }
    """

    def __init__(self, *, classes: str) -> None:
        super().__init__(classes=classes)
        self.findings: list[Finding] = []
        self._shown: list[tuple[Severity, str, str]] = []
        """What its findings box says: each finding but its line (nothing, until composed)."""

    def on_mount(self) -> None:
        self.show_findings(self.findings)  # findings may arrive before the children exist

    @property
    def label_text(self) -> Text:  # pragma: no cover - abstract
        return Text()

    def compose(self) -> ComposeResult:
        yield Label(self.label_text, classes="field-label")
        yield from self.compose_editor()
        yield self._findings_box()

    def compose_editor(self) -> ComposeResult:  # pragma: no cover - abstract
        yield from ()

    def _findings_box(self) -> Static:
        """The box under the row, with the findings known when it is composed: filled after
        mount, each box asked for one more layout of the screen as a section opened."""
        self._shown = _said(self.findings)
        classes = "field-findings -shown" if self.findings else "field-findings"
        return Static(findings_text(self.findings), classes=classes)

    def show_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        # compared by what the box says, not by the findings: their lines move with every line
        # typed above, and each update of a box lays the whole form out again (its height may
        # change); the rules run at every pause in typing. Filling a whole card, the boxes'
        # updates asked for most of its 220 layouts of the screen
        shown = _said(findings)
        if shown == self._shown:
            return
        for box in self.query(".field-findings").results(Static):
            box.update(findings_text(findings))
            box.set_class(bool(findings), "-shown")
            self._shown = shown

    def focus_editor(self) -> None:
        """Focus the row's editor now (``Widget.focus`` waits for the app's next turn, and a
        frame drawn meanwhile shows the old focus, and its keys in the footer, for nothing)."""
        for widget in self.query("Input, TextArea, Select, Checkbox"):
            if widget.focusable:
                self.screen.set_focus(widget)
                return


class FieldWidget(FormRow):
    """A field's label, editor, and the field's own findings under it."""

    def __init__(self, section_key: str, index: int, field: Field, spec: FieldSpec | None) -> None:
        super().__init__(classes=f"field field-{field.kind.value}")
        self.section_key = section_key
        self.index = index
        self.field = field
        self.spec = spec

    @property
    def label_text(self) -> Text:
        parent = f"{self.field.parent} › " if self.field.parent else ""
        return Text(safe_text(f"{parent}{self.field.label}"))

    @property
    def shown(self) -> str:
        """The field's value as the widget shows it."""
        return safe_text(self.field.value)

    def edit(
        self,
        kind: EditKind,
        *,
        value: str = "",
        checked: bool = False,
        row: int | None = None,
        column: int = 0,
        focus: int | None = None,
    ) -> None:
        """Ask for an edit of this field; ``focus``: the field position to focus after it."""
        edit = FormEdit(kind, self.section_key, self.index, value, checked, row, column)
        self.post_message(FieldEdited(edit, focus))

    def sync(self, field: Field) -> None:
        """Show a field value that came from elsewhere (disk, undo) without posting an edit."""
        self.field = field


class TextFieldWidget(FieldWidget):
    """``**Label**: value``: an input, with the template's suggestions where it has some; while
    it has the focus, a value wider than the input is shown whole, wrapped, under it
    (:class:`LongValue`)."""

    def on_descendant_focus(self) -> None:
        self.query_one(LongValue).set_editing(True)

    def on_descendant_blur(self) -> None:
        self.query_one(LongValue).set_editing(False)

    def compose_editor(self) -> ComposeResult:
        options = self.spec.options if self.spec else ()
        yield FieldInput(
            self.shown,
            placeholder=self.spec.placeholder if self.spec else "",
            suggester=SuggestFromList(options, case_sensitive=False) if options else None,
            compact=True,
            select_on_focus=replaces_placeholder(self.field.value),
        )
        yield LongValue(self.shown)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        event.input.select_on_focus = replaces_placeholder(event.value)
        self.query_one(LongValue).show(event.value)
        if event.value != self.shown:
            self.field = replace(self.field, value=event.value)
            self.edit(EditKind.SET_VALUE, value=event.value)

    def sync(self, field: Field) -> None:
        super().sync(field)
        box = self.query_one(Input)
        if box.value != self.shown:
            with box.prevent(Input.Changed):
                box.value = self.shown
        self.query_one(LongValue).show(self.shown)


# what may stand between a choice and its explanation: `High - p95 breaches the SLO`,
# `High — ...`, `High : ...`, `High (...)` (the rules' `choice_ok` takes the same; it wants
# the space before a colon too)
_EXPLANATION = r"(\s+[-–—:]\s*|\s+(?=\())(.+)"
DEFAULT_SEPARATOR = " - "


def split_choice(value: str, options: Iterable[str]) -> tuple[str, str, str] | None:
    """A choice value as (the option as written, separator, explanation): ``High - breaches
    SLO`` is ``("High", " - ", "breaches SLO")``, ``High`` is ``("High", "", "")``; None when
    it does not start with one of ``options`` (free text, or still the placeholder)."""
    for option in sorted(options, key=len, reverse=True):
        if value.casefold() == option.casefold():
            return value, "", ""
        found = re.match(re.escape(option) + _EXPLANATION, value, re.IGNORECASE | re.DOTALL)
        if found:
            return value[: len(option)], found[1], found[2]
    return None


class ChoiceFieldWidget(FieldWidget):
    """``[A / B / C]``: one of the template's options, and beside it the explanation a value
    may carry (``High - p95 breaches the SLO``), which the rules accept. The explanation's box
    shows once an option is chosen; a value outside the options is kept as one more."""

    DEFAULT_CSS = """
    ChoiceFieldWidget Horizontal { height: auto; }
    ChoiceFieldWidget Select { width: 1fr; }
    ChoiceFieldWidget .choice-explanation { width: 1fr; min-width: 16; margin: 0 0 0 1; }
    """

    @property
    def _options_of_spec(self) -> tuple[str, ...]:
        return self.spec.options if self.spec else ()

    def _parts(self) -> tuple[str, str, str] | None:
        return split_choice(self.field.value, self._options_of_spec)

    def _chosen(self) -> str | None:
        """The option the value names (as the template spells it), if it names one."""
        parts = self._parts()
        if parts is None:
            return None
        return next((o for o in self._options_of_spec if o.casefold() == parts[0].casefold()), None)

    _laid_out: bool | None = None
    """Whether the layout is the one for a chosen option (None: not laid out yet)."""

    def on_mount(self) -> None:
        super().on_mount()
        self._lay_out()

    def _lay_out(self) -> None:
        """Once an option is chosen, the select is as wide as its options and the explanation
        takes the rest of the line; until then the select shows the placeholder whole."""
        chosen = self._parts() is not None
        if chosen == self._laid_out:
            return  # a sync on every keystroke elsewhere: no layout for nothing
        self._laid_out = chosen
        select = self.query_one(Select)
        widest = max((len(safe_text(o)) for o in self._options_of_spec), default=0)
        select.styles.width = widest + 4 if chosen else "1fr"  # its arrow and padding
        self.query_one(".choice-explanation", Input).display = chosen

    def _options(self) -> list[tuple[str, str]]:
        options = list(self._options_of_spec)
        value = self.field.value
        extra = [] if self._chosen() is not None or not value else [value]
        return [(safe_text(o), o) for o in extra + options]

    def compose_editor(self) -> ComposeResult:
        parts = self._parts()
        with Horizontal():
            yield Select(
                self._options(),
                value=self._chosen() or self.field.value or Select.NULL,
                allow_blank=not self.field.value,
                compact=True,
            )
            yield FieldInput(
                safe_text(parts[2]) if parts else "",
                placeholder="explanation (optional)",
                compact=True,
                select_on_focus=False,  # real text is never selected on focus
                classes="choice-explanation",
            )

    def _value_with(self, option: str, explanation: str) -> str:
        """The value for an option and an explanation, keeping the separator the card has
        (the separator takes the spaces before an explanation: typed ones are dropped), unless
        it no longer separates them: a bare space does only before a bracket, and a value that
        names no option would take no more typing."""
        explanation = explanation.lstrip()
        if not explanation:
            return option
        parts = self._parts()
        separator = parts[1] if parts and parts[1] else DEFAULT_SEPARATOR
        value = option + separator + explanation
        if split_choice(value, self._options_of_spec) != (option, separator, explanation):
            value = option + DEFAULT_SEPARATOR + explanation
        return value

    def _set(self, value: str) -> None:
        if value != self.field.value:
            self.field = replace(self.field, value=value)
            self.edit(EditKind.SET_VALUE, value=value)

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        if not isinstance(event.value, str) or event.value == self._chosen():
            return
        if event.value not in self._options_of_spec:
            return  # the value shown as one more option: nothing to change
        parts = self._parts()
        self._set(self._value_with(event.value, parts[2] if parts else ""))
        self._lay_out()

    @on(Input.Changed, ".choice-explanation")
    def _explained(self, event: Input.Changed) -> None:
        event.stop()
        parts = self._parts()
        if parts is not None and event.value.lstrip() != safe_text(parts[2]):
            self._set(self._value_with(parts[0], event.value))

    def sync(self, field: Field) -> None:
        super().sync(field)
        select = self.query_one(Select)
        chosen = self._chosen() or field.value
        if select.value != chosen:
            with select.prevent(Select.Changed):
                select.set_options(self._options())
                select.value = chosen or Select.NULL
        self._lay_out()
        parts = self._parts()
        box = self.query_one(".choice-explanation", Input)
        explanation = safe_text(parts[2]) if parts else ""
        if box.value != explanation:
            with box.prevent(Input.Changed):
                box.value = explanation


class ProseFieldWidget(FieldWidget):
    """A paragraph of markdown."""

    def compose_editor(self) -> ComposeResult:
        yield TextArea(
            self.shown, language="markdown", soft_wrap=True, compact=True, classes="prose"
        )

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        value = event.text_area.text
        if value != self.shown:
            self.field = replace(self.field, value=value)
            self.edit(EditKind.SET_VALUE, value=value)

    def on_descendant_focus(self) -> None:
        area = self.query_one(TextArea)
        if replaces_placeholder(area.text):
            area.select_all()

    def sync(self, field: Field) -> None:
        super().sync(field)
        area = self.query_one(TextArea)
        if area.text != self.shown:
            with area.prevent(TextArea.Changed):
                area.load_text(self.shown)


BLOCK_INPUT_MAX = 60
"""A block of one line up to this long is edited in a one-line input; a longer one, or one of
several lines, in an area that wraps (its kind is chosen when the form is built)."""


# a list item's own keys, on its text (a block) or its row (a checklist item): the table's
# words and keys for its rows (ctrl+d and ctrl+backspace are the text's own: delete right, and
# a word)
ITEM_BINDINGS: list[BindingType] = [
    Binding("ctrl+n", "add_item", "New item", tooltip="Add an empty list item below this one"),
    Binding("ctrl+g", "remove_item", "Remove item", tooltip="Remove this item and its sub-items"),
    Binding("alt+up", "move_item(-1)", "Item up", tooltip="Move this item (and its sub-items) up"),
    Binding(
        "alt+down", "move_item(1)", "Item down", tooltip="Move this item (and its sub-items) down"
    ),
]
_ITEM_ACTIONS = {"add_item", "remove_item", "move_item"}


class ItemRow(RowKeys):
    """A form row that heads a list item (a block or a checklist item): ``ctrl+n`` adds an item
    below it, ``ctrl+g`` removes it, ``alt+up``/``alt+down`` move it, sub-items and all. Each is
    one edit (one undo step); the form is rebuilt, and the keys typed meanwhile are held and
    land where the edit puts the focus (:class:`ItemAfterEdit`)."""

    places: ItemPlaces | None = None
    """Where the focus goes after each edit of its item (None: it heads no item)."""
    section_key: str
    index: int
    ADD: EditKind
    REMOVE: EditKind
    MOVE: EditKind

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a paragraph, or an item the form cannot place, shows no item keys
        return self.places is not None or action not in _ITEM_ACTIONS

    def _item_edit(self, kind: EditKind, focus: int | None, step: int = 0) -> None:
        me: Any = self
        on_text = isinstance(me.screen.focused, Input | TextArea)
        target = ItemAfterEdit(
            self.section_key, self.ADD is EditKind.ADD_BLOCK_ITEM, focus, self.index, on_text
        )
        RowEditKeys.hold(me.screen, target)
        edit = FormEdit(kind, self.section_key, self.index, step=step)
        me.post_message(FieldEdited(edit, focus if focus is not None else self.index))

    def action_add_item(self) -> None:
        if self.places is not None:
            self._item_edit(self.ADD, self.places.added)

    def action_remove_item(self) -> None:
        if self.places is not None:
            self._item_edit(self.REMOVE, self.places.removed)

    def action_move_item(self, step: int) -> None:
        to = None if self.places is None else (self.places.up, self.places.down)[step > 0]
        if to is not None:  # the first of its list goes no higher
            self._item_edit(self.MOVE, to, step)


class ItemInput(RowKeysField, FieldInput):
    """The one-line text of a list item: its row's keys act in its turn (``row_keys``)."""


class ItemArea(RowKeysField, TextArea):
    """The wrapping text of a long list item: its row's keys act in its turn."""


class BlockWidget(ItemRow, FormRow):
    """A paragraph or list item that is no field (``- [What could be better]``, a second
    paragraph): its text, edited in place. Bound to its position among the section's blocks,
    it asks for ``SET_BLOCK`` edits; it is no field, so nothing counts it as one. A list item
    is added, removed and moved as :class:`ItemRow` says."""

    BINDINGS = ITEM_BINDINGS
    ADD, REMOVE, MOVE = (
        EditKind.ADD_BLOCK_ITEM,
        EditKind.REMOVE_BLOCK_ITEM,
        EditKind.MOVE_BLOCK_ITEM,
    )
    DEFAULT_CSS = """
    BlockWidget TextArea { height: auto; min-height: 2; max-height: 14; }
    """

    def __init__(
        self, section_key: str, index: int, text: str, *, item: bool, places: ItemPlaces | None
    ) -> None:
        super().__init__(classes=f"block block-{'item' if item else 'paragraph'}")
        self.section_key = section_key
        self.index = index
        """The block's position among its section's blocks."""
        self.item = item
        self.block_text = text
        """Its text as the core edits it (``edits.block_value``)."""
        self.places = places

    @property
    def label_text(self) -> Text:
        return Text("Item" if self.item else "Paragraph", style="dim italic")

    @property
    def shown(self) -> str:
        return safe_text(self.block_text)

    def compose_editor(self) -> ComposeResult:
        if "\n" in self.block_text or len(self.block_text) > BLOCK_INPUT_MAX:
            yield ItemArea(self.shown, language="markdown", soft_wrap=True, compact=True)
        else:
            yield ItemInput(
                self.shown, compact=True, select_on_focus=replaces_placeholder(self.block_text)
            )

    def _typed(self, text: str) -> None:
        if text != self.shown:
            self.block_text = text
            edit = FormEdit(EditKind.SET_BLOCK, self.section_key, self.index, text)
            self.post_message(FieldEdited(edit))

    def send_typed(self, box: Widget) -> None:
        if isinstance(box, Input):
            self._typed(box.value)
        elif isinstance(box, TextArea):
            self._typed(box.text)

    @on(Input.Changed)
    def _line_changed(self, event: Input.Changed) -> None:
        event.stop()
        event.input.select_on_focus = replaces_placeholder(event.value)
        self._typed(event.value)

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._typed(event.text_area.text)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # a placeholder in a wrapping area: typing replaces it, as in an input
        if isinstance(event.widget, TextArea) and replaces_placeholder(event.widget.text):
            event.widget.select_all()

    def sync(self, text: str) -> None:
        """Show a text that came from elsewhere (disk, undo) without posting an edit."""
        self.block_text = text
        shown = self.shown
        for box in self.query(Input):
            if box.value != shown:
                with box.prevent(Input.Changed):
                    box.value = shown
        for area in self.query(TextArea):
            if area.text != shown:
                with area.prevent(TextArea.Changed):
                    area.load_text(shown)


class LabelWidget(FormRow):
    """The name of a field or group that is still the template's placeholder
    (``**[Optimization 1]**``): typed over like any placeholder. Bound to the label's position
    among its section's labels, it asks for ``SET_LABEL`` edits; the rename renames what the
    label names and heads (their paths follow), which the gate checks is all it does."""

    def __init__(self, section_key: str, index: int, text: str, *, group: bool) -> None:
        super().__init__(classes=f"label-name label-{'group' if group else 'field'}")
        self.section_key = section_key
        self.index = index
        """The label's position among its section's labels (``edits.labels``)."""
        self.group = group
        self.label = text
        """Its text as the core edits it (between the ``**``)."""

    @property
    def label_text(self) -> Text:
        return Text("Group name" if self.group else "Name", style="dim italic")

    def compose_editor(self) -> ComposeResult:
        yield FieldInput(
            safe_text(self.label), compact=True, select_on_focus=replaces_placeholder(self.label)
        )

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        event.input.select_on_focus = replaces_placeholder(event.value)
        if event.value != safe_text(self.label):
            self.label = event.value
            edit = FormEdit(EditKind.SET_LABEL, self.section_key, self.index, event.value)
            self.post_message(FieldEdited(edit))

    def sync(self, text: str) -> None:
        """Show a name that came from elsewhere (disk, undo) without posting an edit."""
        self.label = text
        box = self.query_one(Input)
        if box.value != safe_text(text):
            with box.prevent(Input.Changed):
                box.value = safe_text(text)


class TickBox(Checkbox):
    """A checkbox that shows ✓ when ticked and nothing when not: the two differ by more than
    a colour (a terminal without colour, or a reader who does not see it, tells them apart)."""

    @property
    def _button(self) -> Content:
        # Textual's private drawing of the box (ToggleButton._button, Textual pinned at 8.2.8
        # in pyproject.toml): it draws BUTTON_INNER, a class constant, whatever the value
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button

    def render(self) -> Content:
        # the item's text is the Input beside it: no label, and no padding around none (the
        # padding of an empty label cut the box to "▐✓…")
        return Content.assemble(self._button, " ")


class CheckFieldWidget(ItemRow, FieldWidget):
    """``- [ ] item``: space ticks; the text is editable; enter (or ``ctrl+n``) adds an item,
    backspace on an empty item removes it (its line), and the keys of :class:`ItemRow`."""

    BINDINGS = [
        *ITEM_BINDINGS,
        Binding(
            "enter", "add_item", "New item", show=False, tooltip="Add an item below (in its text)"
        ),
    ]
    ADD, REMOVE, MOVE = EditKind.ADD_ITEM, EditKind.REMOVE_ITEM_WHOLE, EditKind.MOVE_ITEM

    DEFAULT_CSS = """
    CheckFieldWidget { margin: 0; }
    CheckFieldWidget Horizontal { height: auto; }
    CheckFieldWidget TickBox { width: 4; }
    CheckFieldWidget Input { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield TickBox(value=bool(self.field.checked), compact=True)
            yield ItemInput(
                self.shown, compact=True, select_on_focus=replaces_placeholder(self.field.value)
            )
        yield self._findings_box()

    def send_typed(self, box: Widget) -> None:
        if isinstance(box, Input) and box.value != self.shown:
            self.field = replace(self.field, value=box.value)
            self.edit(EditKind.SET_VALUE, value=box.value)

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        event.stop()
        done = event.value
        if done != self.field.checked:
            self.field = replace(self.field, checked=done)
            self.edit(EditKind.SET_CHECK, checked=done)

    @on(Input.Changed)
    def _renamed(self, event: Input.Changed) -> None:
        event.stop()
        event.input.select_on_focus = replaces_placeholder(event.value)
        if event.value != self.shown:
            self.field = replace(self.field, value=event.value)
            self.edit(EditKind.SET_VALUE, value=event.value)

    def on_key(self, event: events.Key) -> None:
        box = self.query_one(Input)
        if event.key == "backspace" and box.has_focus and not box.value:
            event.stop()
            self.edit(EditKind.REMOVE_ITEM, focus=max(self.index - 1, 0))

    def focus_editor(self) -> None:
        """A new (empty) item takes its text; an existing one its box, where space ticks it."""
        editor = self.query_one(Checkbox) if self.field.value.strip() else self.query_one(Input)
        self.screen.set_focus(editor)

    def sync(self, field: Field) -> None:
        super().sync(field)
        box, tick = self.query_one(Input), self.query_one(Checkbox)
        if box.value != self.shown:
            with box.prevent(Input.Changed):
                box.value = self.shown
        if tick.value != bool(field.checked):
            with tick.prevent(Checkbox.Changed):
                tick.value = bool(field.checked)


def widget_for(
    section_key: str, index: int, field: Field, spec: FieldSpec | None, cells: list[Field]
) -> FieldWidget | None:
    """The widget for a field; None for table cells (their table shows them)."""
    if field.kind is FieldKind.TEXT:
        if (
            spec is not None
            and spec.choice
            and (
                not field.value
                or is_placeholder(field.value)
                or split_choice(field.value, spec.options) is not None
            )
        ):
            return ChoiceFieldWidget(section_key, index, field, spec)
        return TextFieldWidget(section_key, index, field, spec)
    if field.kind is FieldKind.PROSE:
        return ProseFieldWidget(section_key, index, field, spec)
    if field.kind is FieldKind.CHECK:
        return CheckFieldWidget(section_key, index, field, spec)
    if field.kind is FieldKind.CODE:
        return CodeFieldWidget(section_key, index, field, spec)
    if field.kind is FieldKind.TABLE:
        return TableFieldWidget(section_key, index, field, spec, cells)
    return None


# the table's grid and the code are modules of their own; they build on FieldWidget above
from .code_field import CodeFieldWidget as CodeFieldWidget  # noqa: E402
from .table_field import TableFieldWidget as TableFieldWidget  # noqa: E402
