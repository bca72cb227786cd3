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

from collections.abc import Iterable
from dataclasses import replace

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from ...core.display import safe_text
from ...core.form_edits import EditKind, FormEdit
from ...core.model import Field, FieldKind
from ...core.template import FieldSpec, is_placeholder
from ...core.validate import Finding, Severity
from ..messages import FieldEdited

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


def _replaces(value: str) -> bool:
    """Typing into a field that still holds the template's placeholder replaces it: focusing
    it selects the placeholder (real text is never selected on focus, so typing appends)."""
    return is_placeholder(value.strip())


class FieldWidget(Vertical):
    """Label, editor, and the field's own findings beside it."""

    DEFAULT_CSS = """
    FieldWidget { height: auto; margin: 0 0 1 0; }
    FieldWidget > .field-label { color: $text-muted; }
    FieldWidget > .field-findings { height: auto; display: none; }
    FieldWidget > .field-findings.-shown { display: block; }
    """

    def __init__(self, section_key: str, index: int, field: Field, spec: FieldSpec | None) -> None:
        super().__init__(classes=f"field field-{field.kind.value}")
        self.section_key = section_key
        self.index = index
        self.field = field
        self.spec = spec
        self.findings: list[Finding] = []

    def on_mount(self) -> None:
        self.show_findings(self.findings)  # findings may arrive before the children exist

    @property
    def label_text(self) -> Text:
        parent = f"{self.field.parent} › " if self.field.parent else ""
        return Text(safe_text(f"{parent}{self.field.label}"))

    @property
    def shown(self) -> str:
        """The field's value as the widget shows it."""
        return safe_text(self.field.value)

    def compose(self) -> ComposeResult:
        yield Label(self.label_text, classes="field-label")
        yield from self.compose_editor()
        yield Static(classes="field-findings")

    def compose_editor(self) -> ComposeResult:  # pragma: no cover - abstract
        yield from ()

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

    def show_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        for box in self.query(".field-findings").results(Static):
            box.update(findings_text(findings))
            box.set_class(bool(findings), "-shown")

    def focus_editor(self) -> None:
        for widget in self.query("Input, TextArea, Select, Checkbox"):
            if widget.focusable:
                widget.focus()
                return


class TextFieldWidget(FieldWidget):
    """``**Label**: value``: an input, with the template's suggestions where it has some."""

    def compose_editor(self) -> ComposeResult:
        options = self.spec.options if self.spec else ()
        yield Input(
            self.shown,
            placeholder=self.spec.placeholder if self.spec else "",
            suggester=SuggestFromList(options, case_sensitive=False) if options else None,
            compact=True,
            select_on_focus=_replaces(self.field.value),
        )

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        event.input.select_on_focus = _replaces(event.value)
        if event.value != self.shown:
            self.field = replace(self.field, value=event.value)
            self.edit(EditKind.SET_VALUE, value=event.value)

    def sync(self, field: Field) -> None:
        super().sync(field)
        box = self.query_one(Input)
        if box.value != self.shown:
            with box.prevent(Input.Changed):
                box.value = self.shown


class ChoiceFieldWidget(FieldWidget):
    """``[A / B / C]``: one of the template's options (a value outside them is kept as one more)."""

    def _options(self) -> list[tuple[str, str]]:
        options = list(self.spec.options if self.spec else ())
        value = self.field.value
        extra = [] if value in options or not value else [value]
        return [(safe_text(o), o) for o in extra + options]

    def compose_editor(self) -> ComposeResult:
        yield Select(
            self._options(),
            value=self.field.value or Select.NULL,
            allow_blank=not self.field.value,
            compact=True,
        )

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self.field.value:
            self.field = replace(self.field, value=event.value)
            self.edit(EditKind.SET_VALUE, value=event.value)

    def sync(self, field: Field) -> None:
        super().sync(field)
        select = self.query_one(Select)
        if select.value != field.value:
            with select.prevent(Select.Changed):
                select.set_options(self._options())
                select.value = field.value


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
        if _replaces(area.text):
            area.select_all()

    def sync(self, field: Field) -> None:
        super().sync(field)
        area = self.query_one(TextArea)
        if area.text != self.shown:
            with area.prevent(TextArea.Changed):
                area.load_text(self.shown)


class TickBox(Checkbox):
    """A checkbox that shows ✓ when ticked and nothing when not: the two differ by more than
    a colour (a terminal without colour, or a reader who does not see it, tells them apart)."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button

    def render(self) -> Content:
        # the item's text is the Input beside it: no label, and no padding around none (the
        # padding of an empty label cut the box to "▐✓…")
        return Content.assemble(self._button, " ")


class CheckFieldWidget(FieldWidget):
    """``- [ ] item``: space ticks; the text is editable; enter adds an item, backspace on an
    empty item removes it."""

    DEFAULT_CSS = """
    CheckFieldWidget { margin: 0; }
    CheckFieldWidget Horizontal { height: auto; }
    CheckFieldWidget TickBox { width: 4; }
    CheckFieldWidget Input { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield TickBox(value=bool(self.field.checked), compact=True)
            yield Input(self.shown, compact=True, select_on_focus=_replaces(self.field.value))
        yield Static(classes="field-findings")

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
        event.input.select_on_focus = _replaces(event.value)
        if event.value != self.shown:
            self.field = replace(self.field, value=event.value)
            self.edit(EditKind.SET_VALUE, value=event.value)

    @on(Input.Submitted)
    def _add_below(self, event: Input.Submitted) -> None:
        event.stop()
        self.edit(EditKind.ADD_ITEM, focus=self.index + 1)

    def on_key(self, event: events.Key) -> None:
        box = self.query_one(Input)
        if event.key == "backspace" and box.has_focus and not box.value:
            event.stop()
            self.edit(EditKind.REMOVE_ITEM, focus=max(self.index - 1, 0))

    def focus_editor(self) -> None:
        """A new (empty) item takes its text; an existing one its box, where space ticks it."""
        if self.field.value.strip():
            self.query_one(Checkbox).focus()
        else:
            self.query_one(Input).focus()

    def sync(self, field: Field) -> None:
        super().sync(field)
        box, tick = self.query_one(Input), self.query_one(Checkbox)
        if box.value != self.shown:
            with box.prevent(Input.Changed):
                box.value = self.shown
        if tick.value != bool(field.checked):
            with tick.prevent(Checkbox.Changed):
                tick.value = bool(field.checked)


class CodeFieldWidget(FieldWidget):
    """A fenced block: the fence's language, and the code."""

    DEFAULT_CSS = """
    CodeFieldWidget .code-language { width: 24; }
    CodeFieldWidget TextArea { height: auto; max-height: 20; }
    """

    def compose_editor(self) -> ComposeResult:
        yield Input(
            safe_text(self.field.info or ""),
            placeholder="language",
            compact=True,
            select_on_focus=_replaces(self.field.info or ""),
            classes="code-language",
        )
        area = TextArea.code_editor(self.shown, compact=True)
        if self.field.info and self.field.info in area.available_languages:
            area.language = self.field.info
        yield area

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # the code still the template's `[Current slow code]`: typing replaces it
        area = self.query_one(TextArea)
        if event.widget is area and _replaces(area.text):
            area.select_all()

    @on(Input.Changed)
    def _language(self, event: Input.Changed) -> None:
        event.stop()
        event.input.select_on_focus = _replaces(event.value)
        value = event.value
        if value != safe_text(self.field.info or ""):
            self.field = replace(self.field, info=value)
            self.edit(EditKind.SET_LANGUAGE, value=value)
            area = self.query_one(TextArea)
            area.language = value if value in area.available_languages else None

    @on(TextArea.Changed)
    def _code(self, event: TextArea.Changed) -> None:
        event.stop()
        value = event.text_area.text
        if value.rstrip("\n") != self.shown.rstrip("\n"):
            self.field = replace(self.field, value=value)
            self.edit(EditKind.SET_CODE, value=value)

    def sync(self, field: Field) -> None:
        super().sync(field)
        lang, area = self.query_one(Input), self.query_one(TextArea)
        language = safe_text(field.info or "")
        if lang.value != language:
            with lang.prevent(Input.Changed):
                lang.value = language
        if area.text.rstrip("\n") != self.shown.rstrip("\n"):
            with area.prevent(TextArea.Changed):
                area.load_text(self.shown)


def widget_for(
    section_key: str, index: int, field: Field, spec: FieldSpec | None, cells: list[Field]
) -> FieldWidget | None:
    """The widget for a field; None for table cells (their table shows them)."""
    if field.kind is FieldKind.TEXT:
        if (
            spec is not None
            and spec.choice
            and (not field.value or field.value in spec.options or is_placeholder(field.value))
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


# the table's grid is a module of its own; it builds on FieldWidget above
from .table_field import TableFieldWidget as TableFieldWidget  # noqa: E402
