"""What a form asks of the card, as data: which field (by section key and position) and what.

The editor's widgets are bound to a field's position, not its path: a checklist item's path is
the slug of its text and changes as it is typed. A :class:`FormEdit` names the field the way the
widget knows it, and :func:`apply` turns it into one of :mod:`edits`' splices against the card as
it is when the edit is applied (typing may have moved every offset since the widget was built).
Every value typed goes through :mod:`gate` first: one refused is an :class:`edits.EditError`,
which the editor shows as a notice, and the card is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from . import edits, gate
from .model import Card, Field, FieldKind


class EditKind(StrEnum):
    SET_VALUE = "set-value"  # a text, choice or prose field, or a checklist item's text
    SET_CHECK = "set-check"  # tick or untick a checklist item
    ADD_ITEM = "add-item"  # a new, empty checklist item below this one
    REMOVE_ITEM = "remove-item"
    SET_LANGUAGE = "set-language"  # a code block's fence language
    SET_CODE = "set-code"
    SET_CELL = "set-cell"  # a table cell, by (row, column)
    ADD_ROW = "add-row"  # below ``row`` (None: at the end)
    REMOVE_ROW = "remove-row"
    MOVE_ROW = "move-row"  # ``row`` to position ``to_row``
    SET_BODY = "set-body"  # the section's markdown below its heading (raw mode)
    SET_BLOCK = "set-block"  # a paragraph or list item that is no field, by its block position
    SET_LABEL = "set-label"  # the name of a field or group (`**[Optimization 1]**`), by position
    MOVE_ITEM = "move-item"  # a checklist item and its sub-bullets, ``step`` places
    REMOVE_ITEM_WHOLE = "remove-item-whole"  # a checklist item with its sub-bullets
    # a list item that is no field, by its block position (its sub-bullets go with it)
    ADD_BLOCK_ITEM = "add-block-item"  # an empty item below it (and below its sub-bullets)
    REMOVE_BLOCK_ITEM = "remove-block-item"
    MOVE_BLOCK_ITEM = "move-block-item"  # ``step`` places: -1 up, 1 down


@dataclass(frozen=True)
class FormEdit:
    """One change asked for by a form widget."""

    kind: EditKind
    section_key: str
    index: int = 0
    """The field's position among its section's fields (``SET_BLOCK``: the block's among its
    blocks; ``SET_LABEL``: the label's among its labels; unused for ``SET_BODY``)."""
    value: str = ""
    checked: bool = False
    row: int | None = None
    column: int = 0
    to_row: int | None = None
    """``MOVE_ROW``: the position the row moves to."""
    step: int = 0
    """``MOVE_ITEM``, ``MOVE_BLOCK_ITEM``: -1 one place up, 1 one place down."""

    @property
    def description(self) -> str:
        """For messages: 'Could not apply the set-cell edit: ...'."""
        return self.kind.value

    @property
    def typing_in(self) -> str:
        """The field this edit types in ("" for a tick or a structural edit): a run of typing
        in one field is one undo step."""
        if self.kind not in _TYPED:
            return ""
        return f"{self.kind}:{self.section_key}:{self.index}:{self.row}:{self.column}"

    @property
    def said(self) -> str:
        """What the edit was, in words, for "Undid typing in Root Cause"."""
        return "typing" if self.kind in _TYPED else _SAID[self.kind]


_TYPED = {
    EditKind.SET_VALUE,
    EditKind.SET_LANGUAGE,
    EditKind.SET_CODE,
    EditKind.SET_CELL,
    EditKind.SET_BODY,
    EditKind.SET_BLOCK,
    EditKind.SET_LABEL,
}
_SAID = {
    EditKind.SET_CHECK: "a tick",
    EditKind.ADD_ITEM: "a new item",
    EditKind.REMOVE_ITEM: "a removed item",
    EditKind.ADD_ROW: "a new row",
    EditKind.REMOVE_ROW: "a removed row",
    EditKind.MOVE_ROW: "a row move",
    EditKind.MOVE_ITEM: "an item move",
    EditKind.REMOVE_ITEM_WHOLE: "a removed item",
    EditKind.ADD_BLOCK_ITEM: "a new item",
    EditKind.REMOVE_BLOCK_ITEM: "a removed item",
    EditKind.MOVE_BLOCK_ITEM: "an item move",
}
_BLOCK_ITEM_EDITS = {
    EditKind.ADD_BLOCK_ITEM: lambda card, key, line, _: gate.add_list_item(card, key, line),
    EditKind.REMOVE_BLOCK_ITEM: lambda card, key, line, _: gate.remove_list_item(card, key, line),
    EditKind.MOVE_BLOCK_ITEM: gate.move_list_item,
}


def _field(card: Card, edit: FormEdit) -> Field:
    section = card.section(edit.section_key)
    if not 0 <= edit.index < len(section.fields):
        raise edits.EditError(f"{edit.section_key}: no field at position {edit.index}")
    return section.fields[edit.index]


def _cell_path(card: Card, edit: FormEdit) -> str:
    section = card.section(edit.section_key)
    row = [c for c in section.cells_of(_field(card, edit)) if c.row == edit.row]
    if not 0 <= edit.column < len(row):
        raise edits.EditError(f"no cell at row {edit.row}, column {edit.column}")
    return row[edit.column].path


def _block_item_line(card: Card, edit: FormEdit) -> int:
    """The line of the list item whose text is block ``edit.index`` (not a paragraph's)."""
    blocks = card.section(edit.section_key).blocks
    if not 0 <= edit.index < len(blocks):
        raise edits.EditError(f"{edit.section_key}: no item at position {edit.index}")
    if not edits.block_is_item(card, edit.section_key, edit.index):
        raise edits.EditError(f"{edit.section_key}: block {edit.index} is no list item")
    return blocks[edit.index].line


def apply(card: Card, edit: FormEdit) -> Card:
    """The card with ``edit`` spliced in. Raises :class:`edits.EditError` (or ``KeyError`` for
    a section that is gone) when the field it names no longer exists."""
    kind = edit.kind
    if kind is EditKind.SET_BODY:
        return gate.set_body(card, edit.section_key, edit.value)
    if kind is EditKind.SET_BLOCK:
        return gate.set_block(card, edit.section_key, edit.index, edit.value)
    if kind is EditKind.SET_LABEL:
        return gate.set_label(card, edit.section_key, edit.index, edit.value)
    if kind in _BLOCK_ITEM_EDITS:
        line = _block_item_line(card, edit)
        return _BLOCK_ITEM_EDITS[kind](card, edit.section_key, line, edit.step)
    # a value in a form is typed a keystroke at a time: not finished until the person stops
    if kind is EditKind.SET_CELL:
        return gate.set_value(card, _cell_path(card, edit), edit.value, finished=False)
    path = _field(card, edit).path
    if kind in (EditKind.SET_VALUE, EditKind.SET_CODE):
        if kind is EditKind.SET_CODE and card.field(path).kind is not FieldKind.CODE:
            raise edits.EditError(f"{path!r} is not a code block")
        return gate.set_value(card, path, edit.value, finished=False)
    if kind is EditKind.SET_CHECK:
        return edits.set_check(card, path, edit.checked)
    if kind is EditKind.ADD_ITEM:
        return gate.add_item(card, path, edit.value)
    if kind is EditKind.REMOVE_ITEM:
        return edits.remove_item(card, path)
    if kind in (EditKind.MOVE_ITEM, EditKind.REMOVE_ITEM_WHOLE):
        field = _field(card, edit)
        if field.kind is not FieldKind.CHECK:
            raise edits.EditError(f"{path!r} is not a checklist item")
        if kind is EditKind.MOVE_ITEM:
            return gate.move_list_item(card, edit.section_key, field.line, edit.step)
        return gate.remove_list_item(card, edit.section_key, field.line)
    if kind is EditKind.SET_LANGUAGE:
        return gate.set_language(card, path, edit.value)
    if kind is EditKind.ADD_ROW:
        return edits.add_table_row(card, path, edit.row)
    if edit.row is None:
        raise edits.EditError(f"which row to {'move' if kind is EditKind.MOVE_ROW else 'remove'}?")
    if kind is EditKind.MOVE_ROW:
        if edit.to_row is None:
            raise edits.EditError("where to move the row?")
        return edits.move_table_row(card, path, edit.row, edit.to_row)
    return edits.remove_table_row(card, path, edit.row)
