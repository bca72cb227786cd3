"""The centre pane: the form of one section, a widget per field the card holds there."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Static
from textual.widgets import Label as LabelRow

from ...core import block_paths, edits, label_paths
from ...core.display import safe_text
from ...core.edits import ItemPlaces
from ...core.model import Card, FieldKind, Section
from ...core.parse import PREAMBLE_KEY, TITLE_KEY, list_items
from ...core.section_edits import SectionsChange
from ...core.template import Template, TemplateSection, is_placeholder, match_sections
from ...core.validate import Finding
from .fields import (
    BlockWidget,
    CheckFieldWidget,
    FieldWidget,
    FormRow,
    LabelWidget,
    TableFieldWidget,
    findings_text,
    widget_for,
)
from .raw_section import RawSectionWidget
from .row_edit_keys import ItemAfterEdit, RowEditKeys

FirstSection = tuple[Card, Template, str, bool]
"""What the form shows from the start: the card, its template, the section's key, raw or not."""
Shape = tuple[tuple[tuple[FieldKind, int], ...], tuple[bool, ...]]
Row = Static | FieldWidget | BlockWidget | LabelWidget | RawSectionWidget
_NAME, _BLOCK, _FIELD = range(3)
"""What a form row edits, in the order rows of one line are shown."""


def _shape(section: Section) -> Shape:
    """What decides the widgets a section gets: a change here rebuilds the form. Its fields'
    kinds and where their groups start (not the groups' names: a group renamed while its name
    is typed keeps its widgets, and the focus), and which of its blocks can be edited (so a
    block more or less, or one that can no longer be, rebuilds it too)."""
    groups, parent = 0, ""
    kinds = []
    for field in section.fields:
        if field.parent != parent:
            groups, parent = groups + 1, field.parent
        kinds.append((field.kind, groups if parent else 0))
    return tuple(kinds), tuple(b.span is not None for b in section.blocks)


def _editable_blocks(card: Card, section: Section) -> list[int]:
    """The positions of the blocks the form edits: those the parser placed, outside the
    session entries of Progress Notes (an entry is the session form's: ctrl+l)."""
    outside = block_paths.outside_entries(card, section.key)
    return [n for n in outside if section.blocks[n].span is not None]


def _item_places(
    card: Card, section: Section
) -> tuple[dict[int, ItemPlaces], dict[int, ItemPlaces]]:
    """Where the focus goes after each list item edit, for the section's blocks and for its
    fields (by position); the section is read again only when it has a list."""
    if not section.blocks and not any(f.kind is FieldKind.CHECK for f in section.fields):
        return {}, {}
    items = list_items(card, section.key)
    if not items:
        return {}, {}
    blocks = edits.item_places(items, [b.line for b in section.blocks])
    return blocks, edits.item_places(items, [f.line for f in section.fields])


def _group_label(parent: str) -> Text:
    text = safe_text(parent)
    if is_placeholder(text):
        return Text(text, style="italic dim")
    return Text(text, style="bold")


class SectionForm(VerticalScroll):
    """Shows one section: its fields as a form, or its markdown when ``raw`` is on."""

    DEFAULT_CSS = """
    SectionForm { padding: 0 1; }
    SectionForm > .form-title { text-style: bold; margin: 0 0 1 0; }
    SectionForm > .form-findings { margin: 0 0 1 0; height: auto; }
    SectionForm > .form-hint { color: $text-muted; margin: 1 0 0 0; }
    SectionForm > .form-group { margin: 1 0 0 0; }
    """

    def __init__(self, *, id: str | None = None, first: FirstSection | None = None) -> None:
        """``first``: the section shown from the start, composed with the form itself (the
        editor's first frame then has its fields, and the keys typed while it opened can land
        before anything is drawn)."""
        super().__init__(id=id)
        self._first = first
        self.section_key: str | None = None
        self.raw = False
        self._shape: Shape = ((), ())
        self._labelled: dict[int, tuple[str, str]] = {}
        """Field position → the (label, parent) its row shows, to name it anew after a rename."""
        self._template_section: TemplateSection | None = None
        self._loose: list[Finding] = []
        """The section's findings that belong to no field or block, as its header shows them."""
        self._findings_box: Static | None = None
        """The box above the form that shows them (the one of the section being built: the
        last one's may still be there, being removed)."""
        self._builds = 0
        """Rebuilds under way: old widgets leaving, new ones not composed yet."""
        self._idle = asyncio.Event()
        self._idle.set()

    def compose(self) -> ComposeResult:
        if self._first is None:
            yield Static("Select a section in the tree.", classes="form-hint")
            return
        first, self._first = self._first, None
        yield from self._rows(*first, held=None)

    def show_section(
        self,
        card: Card,
        template: Template,
        key: str,
        raw: bool,
        held: tuple[str, SectionsChange] | None = None,
    ) -> AwaitComplete:
        """Build the form of a section (always rebuilds: call when the section or mode changes).
        ``held``: raw text typed and not applied (it changes the sections), and what it does.

        Returns what to await before the new widgets can take focus: the old ones are still
        being removed, the new ones still being composed, when this returns."""
        # Hidden first, so the screen's next update lays them out of its map: Textual prunes
        # the old rows one by one and asks for a layout only once all are gone, and a repaint
        # in between drew a row already pruned (a code or prose area then raised KeyError for
        # its component styles: seen once in a full Pilot run, after a goto and a focus). A
        # field or block row is hidden only here: hidden, it is leaving (show_findings)
        for row in self.children:
            row.display = False
        removed = self.remove_children()
        mounted = self.mount_all(self._rows(card, template, key, raw, held))
        self.scroll_home(animate=False)
        self._builds += 1
        self._idle.clear()

        async def built() -> None:
            try:
                await removed()
                await mounted()
            finally:
                self._builds -= 1
                if not self._builds:
                    self._idle.set()

        return AwaitComplete(built())

    def _rows(
        self,
        card: Card,
        template: Template,
        key: str,
        raw: bool,
        held: tuple[str, SectionsChange] | None,
    ) -> list[Row]:
        """Take on section ``key`` and make its rows."""
        self.section_key = key
        self._loose = []  # the new header shows none yet
        section = card.section(key)
        self._template_section = match_sections(card, template).get(key)
        # a section the template does not describe (a foreign card's) gets a form for whatever
        # fields it holds, and its markdown when it holds none; the title and what comes before
        # it are always markdown
        unknown = self._template_section is None and not section.fields
        self.raw = raw or unknown or key in (PREAMBLE_KEY, TITLE_KEY)
        self._shape = _shape(section)
        return self._compose_section(card, template, section, held)

    async def built(self) -> None:
        """Wait until every build under way has its widgets mounted (at once if none is)."""
        await self._idle.wait()

    def _compose_section(
        self,
        card: Card,
        template: Template,
        section: Section,
        held: tuple[str, SectionsChange] | None,
    ) -> list[Row]:
        where = "raw markdown" if self.raw else "form"
        title = section.title or ("Card title" if section.is_title else "Before the first heading")
        heading = Text.assemble(safe_text(title), (f"  ({where} · ctrl+r toggles)", "dim"))
        self._findings_box = Static(classes="form-findings")
        self._findings_box.display = False
        widgets: list[Row] = [Static(heading, classes="form-title"), self._findings_box]
        self._labelled = {n: (f.label, f.parent) for n, f in enumerate(section.fields)}
        if self.raw:
            widgets.append(RawSectionWidget(section.key, card.body(section.key), held))
            return widgets
        tsec = self._template_section
        group = ""
        # blocks and names stand among the fields in line order: `- [What could be better]`
        # after the prose above it, a name before the field it names (on the same line) or the
        # items it heads
        order = [(section.blocks[n].line, _BLOCK, n) for n in _editable_blocks(card, section)]
        # the names the form renames: those still the template's placeholder, outside the
        # session entries (a name the card has given is shown as the template's own are)
        first_line = card.line_offsets[card.section_index[section.key]]
        names = {
            ref.index: ref
            for ref in label_paths.section_names(card, section.key, placeholders=True)
        }
        order += [(ref.line - 1 - first_line, _NAME, n) for n, ref in names.items()]
        order += [(field.line, _FIELD, n) for n, field in enumerate(section.fields)]
        block_places, field_places = _item_places(card, section)
        for _, what, n in sorted(order):
            if what == _BLOCK:
                widgets.append(self._block_widget(card, section, n, block_places.get(n)))
                group = ""
                continue
            if what == _NAME:
                name = names[n]
                widgets.append(LabelWidget(section.key, n, name.text, group=not name.names_field))
                group = name.text.strip()  # the items below are under the name just shown
                continue
            field = section.fields[n]
            if field.kind is FieldKind.CHECK and field.parent and field.parent != group:
                # two runs of the same four items ("Implement", "Measure"...) tell apart only
                # by the item they are under
                widgets.append(Static(_group_label(field.parent), classes="form-group"))
            group = field.parent if field.kind is FieldKind.CHECK else ""
            spec = template.spec(tsec, field.label, field.parent) if tsec else None
            cells = section.cells_of(field) if field.kind is FieldKind.TABLE else []
            widget = widget_for(section.key, n, field, spec, cells)
            if isinstance(widget, CheckFieldWidget):
                widget.places = field_places.get(n)
            if widget is not None:
                widgets.append(widget)
        if len(widgets) == 2:
            widgets.append(
                Static("No fields here: ctrl+r edits the section's markdown.", classes="form-hint")
            )
        return widgets

    @staticmethod
    def _block_widget(
        card: Card, section: Section, index: int, places: ItemPlaces | None
    ) -> BlockWidget:
        key = section.key
        item = edits.block_is_item(card, key, index)
        text = edits.block_value(card, key, index)
        return BlockWidget(key, index, text, item=item, places=places if item else None)

    def needs_rebuild(self, card: Card) -> bool:
        """The section's fields changed (path, kind or number, where groups start, which blocks
        can be edited: ``_shape``) or it vanished: widgets must be rebuilt."""
        if self.section_key is None:
            return False
        if self.section_key not in card.section_index:
            return True
        return not self.raw and _shape(card.section(self.section_key)) != self._shape

    def sync(self, card: Card, *, skip_focused: bool = False) -> None:
        """Show values that changed elsewhere (disk, undo, another widget) in place.

        ``skip_focused``: leave the widget being typed in alone; its text is the newest, and the
        card may spell it differently (a trailing space is outside a value's span)."""
        focused = self.screen.focused if skip_focused else None
        if self.section_key is None or self.section_key not in card.section_index:
            return
        if self._builds:
            return  # widgets are being rebuilt from a card at least this new
        section = card.section(self.section_key)
        for raw in self.query(RawSectionWidget):
            if focused is None or focused not in raw.walk_children():
                raw.sync(card.body(self.section_key))
        for widget in self.query(FieldWidget):
            if widget.index >= len(section.fields):
                continue
            if focused is not None and focused in widget.walk_children():
                continue
            field = section.fields[widget.index]
            if isinstance(widget, TableFieldWidget):
                cells = section.cells_of(field)
                widget.sync(field, cells)
            else:
                widget.sync(field)
            if self._labelled.get(widget.index) != (field.label, field.parent):
                # a name typed above renames what it names and heads: their rows say so
                self._labelled[widget.index] = (field.label, field.parent)
                for row in widget.query(".field-label").results(LabelRow):
                    row.update(widget.label_text)
        if not skip_focused:  # an undo or a reload may have moved items: where their keys go
            self._replace_places(card, section)
        for block in self.query(BlockWidget):
            if focused is not None and focused in block.walk_children():
                continue
            if block.index < len(section.blocks) and section.blocks[block.index].span:
                block.sync(edits.block_value(card, self.section_key, block.index))
        names = [
            w
            for w in self.query(LabelWidget)
            if focused is None or focused not in w.walk_children()
        ]
        if names:
            labels = edits.labels(card, self.section_key)
            for name in names:
                if name.index < len(labels):
                    name.sync(labels[name.index].text)

    def show_findings(self, card: Card, findings: list[Finding]) -> None:
        if self.section_key is None or self.section_key not in card.section_index:
            return
        section = card.section(self.section_key)
        mine = [f for f in findings if f.section_key == self.section_key]
        # a block's finding (its placeholder) has its line but no field: shown under it
        first_line = card.line_offsets[card.section_index[self.section_key]] + 1
        # the rows of the section shown before are still there, hidden, while they are removed:
        # told the new section's findings by position, each box updated asked for a layout
        block_lines = {
            first_line + section.blocks[w.index].line: w
            for w in self.query(BlockWidget)
            if w.index < len(section.blocks) and w.display
        }
        by_path: dict[str, list[Finding]] = {}
        by_block: dict[BlockWidget, list[Finding]] = {}
        loose: list[Finding] = []
        for finding in mine:
            if finding.field_path and not self.raw:
                by_path.setdefault(finding.field_path, []).append(finding)
            elif not finding.field_path and finding.line in block_lines:
                by_block.setdefault(block_lines[finding.line], []).append(finding)
            else:
                loose.append(finding)
        for widget in self.query(FieldWidget):
            if widget.index < len(section.fields) and widget.display:
                widget.show_findings(by_path.get(section.fields[widget.index].path, []))
        for block in block_lines.values():
            block.show_findings(by_block.get(block, []))
        box = self._findings_box
        if box is not None and loose != self._loose:  # an update lays the form out again
            self._loose = loose
            box.update(findings_text(loose))
            box.display = bool(loose)

    def _replace_places(self, card: Card, section: Section) -> None:
        rows = [*self.query(BlockWidget), *self.query(CheckFieldWidget)]
        if not rows:
            return
        block_places, field_places = _item_places(card, section)
        for row in rows:
            places = block_places if isinstance(row, BlockWidget) else field_places
            if not isinstance(row, BlockWidget) or row.item:
                row.places = places.get(row.index)

    def land_keys(self, keys: RowEditKeys, index: int | None) -> bool:
        """Focus the list item row at ``index`` that a held item edit is for (its block, or
        checklist item, position), and type into it the keys held meanwhile; False when the
        keys are not for this form."""
        target = keys.target
        if not isinstance(target, ItemAfterEdit) or target.section_key != self.section_key:
            return False
        kind: type[BlockWidget | CheckFieldWidget] = (
            BlockWidget if target.block else CheckFieldWidget
        )
        rows = {row.index: row for row in self.query(kind).results(kind)}
        row = rows.get(index) if index is not None else None
        if row is None:  # gone (no item is left): the nearest above it
            row = next((rows[n] for n in sorted(rows, reverse=True) if n < (index or 0)), None)
        if row is None:
            return False
        editor = row.query("Input, TextArea") if target.text else row.query(Checkbox)
        keys.land(editor.first() if editor else None)
        self.scroll_to_widget(row, animate=False)
        return True

    def focus_field(self, index: int | None = None) -> None:
        keys = RowEditKeys.waiting(self.screen)
        # a list item was added, removed or moved: its row takes the focus, and the keys
        if (
            keys
            and isinstance(keys.target, ItemAfterEdit)
            and self.land_keys(keys, keys.target.index)
        ):
            return
        # a name stands before the field it names: the first of them is where a section starts
        widgets: list[FieldWidget | BlockWidget | LabelWidget | RawSectionWidget] = [
            w for w in self.query(FormRow) if isinstance(w, (FieldWidget, LabelWidget))
        ]
        widgets = widgets or list(self.query(BlockWidget)) or list(self.query(RawSectionWidget))
        if not widgets:
            return
        target = widgets[0]
        if index is not None:
            target = next(
                (w for w in widgets if isinstance(w, FieldWidget) and w.index >= index), widgets[-1]
            )
        target.focus_editor()
        self.scroll_to_widget(target, animate=False)

    def focus_path(self, card: Card, path: str) -> bool:
        if self.section_key is None:
            return False
        section = card.section(self.section_key)
        index = next((i for i, f in enumerate(section.fields) if f.path == path), None)
        if index is None:
            return False
        for widget in self.query(FieldWidget):
            if isinstance(widget, TableFieldWidget) and any(c.path == path for c in widget.cells):
                widget.focus_cell(path)  # the cell asked for, not the table's first
            elif widget.index == index:
                widget.focus_editor()
            else:
                continue
            self.scroll_to_widget(widget, animate=False)
            return True
        return False
