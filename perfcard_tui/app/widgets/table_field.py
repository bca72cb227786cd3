"""A pipe table as an editable grid: one input per cell, its columns sized to their text.

Every change is asked for as data (a :class:`FieldEdited` carrying a :class:`FormEdit`): a
cell's value (``SET_CELL``, through the gate), a row added, removed or moved (``ADD_ROW``,
``REMOVE_ROW``, ``MOVE_ROW``, the core's table splices). A row edit changes the section's
fields, so the editor rebuilds the form and asks this table (a new widget) to take the focus:
the cell the edit meant (the new row's first cell, the moved row's cell) and the keys typed
meanwhile wait in a :class:`~.row_edit_keys.RowEditKeys` until then.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from ...core import metrics
from ...core.display import safe_text
from ...core.form_edits import EditKind, FormEdit
from ...core.model import Field
from ...core.template import FieldSpec
from ..messages import FieldEdited
from .field_input import FieldInput
from .fields import FieldWidget, replaces_placeholder
from .row_edit_keys import FocusAfterEdit, RowEditKeys
from .row_keys import RowKeys, RowKeysField

MAX_COLUMN = 30
"""The widest a column grows to fit its text; a longer cell is shown whole under the grid."""
MIN_COLUMN = 6
EMPTY_CELL = "·"


def natural_widths(header: tuple[str, ...], rows: list[list[str]]) -> list[int]:
    """Each column's width to show its header and cells whole (and the cursor after them), up
    to :data:`MAX_COLUMN`."""
    widths = []
    for n, title in enumerate(header):
        longest = max([len(safe_text(title))] + [len(safe_text(r[n])) for r in rows if n < len(r)])
        widths.append(max(MIN_COLUMN, min(longest + 1, MAX_COLUMN)))
    return widths


def fit_widths(widths: list[int], minimums: list[int], available: int) -> list[int]:
    """``widths`` narrowed, widest first, until they fit in ``available`` columns (never under
    their minimums)."""
    fitted = list(widths)
    while sum(fitted) > available:
        wide = [n for n, w in enumerate(fitted) if w > minimums[n]]
        if not wide:
            break
        widest = max(wide, key=lambda n: fitted[n])
        fitted[widest] -= 1
    return fitted


def cell_position(widget: object) -> tuple[int, int] | None:
    """(row, column) from a table cell input's id, ``cell-<row>-<column>``."""
    cell_id = widget.id if isinstance(widget, Input) else None
    if not cell_id or not cell_id.startswith("cell-"):
        return None
    _, row, col = cell_id.split("-")
    return int(row), int(col)


def _rows(cells: list[Field]) -> list[list[Field]]:
    rows: dict[int, list[Field]] = {}
    for cell in cells:
        rows.setdefault(cell.row or 0, []).append(cell)
    return [rows[r] for r in sorted(rows)]


class CellInput(RowKeysField, FieldInput):
    """A cell's input. The table's keys act as soon as the cell takes them, before the keys
    typed after them (a burst comes queued to the cell at once); a key that reaches the cell
    after the focus left it (a row edit, ``down``) goes on to where the focus is now."""


class TableFieldWidget(RowKeys, FieldWidget):
    """An editable grid. ``ctrl+n`` adds a row under the cursor, ``ctrl+g`` removes it,
    ``alt+up``/``alt+down`` move it; ``up``/``down`` go to the row above or below; ``ctrl+o``
    fills an Improvement cell with the value computed from Before and After."""

    BINDINGS = [
        Binding("ctrl+n", "add_row", "Add row", tooltip="Add a table row below this one"),
        Binding("ctrl+g", "remove_row", "Remove row", tooltip="Remove this table row"),
        Binding("alt+up", "move_row(-1)", "Row up", tooltip="Move this table row up"),
        Binding("alt+down", "move_row(1)", "Row down", tooltip="Move this table row down"),
        Binding("up", "cursor_row(-1)", "Cell above", show=False, tooltip="Go to the cell above"),
        Binding("down", "cursor_row(1)", "Cell below", show=False, tooltip="Go to the cell below"),
        Binding(
            "ctrl+o", "fill_improvement", "Fill improvement", tooltip="Use the computed improvement"
        ),
    ]
    DEFAULT_CSS = """
    TableFieldWidget .table-grid { height: auto; overflow-x: auto; overflow-y: hidden; }
    TableFieldWidget .table-row { height: 1; width: auto; }
    TableFieldWidget .table-row > * { margin: 0 1 0 0; }
    TableFieldWidget .table-row > Input { background: $boost; }
    TableFieldWidget .table-row > Input:focus { background: $primary 30%; }
    TableFieldWidget .table-header { text-style: bold; }
    TableFieldWidget .table-cell-text { height: auto; color: $text-muted; display: none; }
    TableFieldWidget .table-cell-text.-shown { display: block; }
    TableFieldWidget .table-add { min-width: 0; width: auto; height: 1; }
    """

    def __init__(
        self, section_key: str, index: int, field: Field, spec: FieldSpec | None, cells: list[Field]
    ) -> None:
        super().__init__(section_key, index, field, spec)
        self.cells = cells

    # -- building the grid ---------------------------------------------------------------------

    @property
    def header(self) -> tuple[str, ...]:
        return self.field.cells[0] if self.field.cells else ()

    @property
    def row_count(self) -> int:
        return len(_rows(self.cells))

    def compose_editor(self) -> ComposeResult:
        with Vertical(classes="table-grid"):
            with Horizontal(classes="table-row table-header"):
                for col, title in enumerate(self.header):
                    yield Label(Text(safe_text(title)), classes=f"col-{col}")
            for cells in _rows(self.cells):
                row = cells[0].row or 0
                with Horizontal(classes="table-row"):
                    for col, cell in enumerate(cells):
                        box = CellInput(
                            safe_text(cell.value),
                            compact=True,
                            select_on_focus=replaces_placeholder(cell.value),
                            id=f"cell-{row}-{col}",
                            classes=f"col-{col}",
                        )
                        box.placeholder = self._placeholder(row, col)
                        yield box
        if not self.cells:
            yield Button("Add a row (ctrl+n)", compact=True, classes="table-add")
        yield Static(classes="table-cell-text")

    def on_mount(self) -> None:
        super().on_mount()
        self._size_columns()

    def on_resize(self, event: events.Resize) -> None:
        self._size_columns()

    def _size_columns(self) -> None:
        """Columns as wide as their text (up to a limit), narrowed to fit the pane."""
        rows = [[c.value for c in cells] for cells in _rows(self.cells)]
        natural = natural_widths(self.header, rows)
        minimums = [
            max(MIN_COLUMN, min(len(safe_text(title)) + 1, width))
            for title, width in zip(self.header, natural, strict=True)
        ]
        available = self.content_region.width - len(natural)  # a space between columns
        widths = fit_widths(natural, minimums, available) if available > 0 else natural
        for col, width in enumerate(widths):
            for widget in self.query(f".col-{col}"):
                widget.styles.width = width
        self._show_cell_text()

    def _placeholder(self, row: int, col: int) -> str:
        """An empty cell shows a dot (an empty Improvement, the value computed from Before and
        After): a new row is there to see before anything is typed in it."""
        title = self.header[col] if col < len(self.header) else ""
        computed = self._computed(row) if title.lower() == "improvement" else ""
        return computed or EMPTY_CELL

    def _row_cells(self, row: int) -> list[Field]:
        return [c for c in self.cells if c.row == row]

    def _row_values(self, row: int) -> dict[str, str]:
        return {c.label.lower(): c.value for c in self._row_cells(row)}

    def _computed(self, row: int) -> str:
        values = self._row_values(row)
        return metrics.describe_change(
            values.get("before", ""), values.get("after", ""), values.get("metric", "")
        )

    def _cursor(self) -> tuple[int, int] | None:
        """(row, column) of the focused cell, if a cell has focus."""
        return cell_position(self.screen.focused)

    def cell_box(self, row: int, col: int) -> Input | None:
        """The input of the grid's cell at ``row``, ``col`` (None when it is not built)."""
        found = self.query(f"#cell-{row}-{col}")
        return found.first(Input) if found else None

    # -- the focused cell, whole ---------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_cell_text()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.call_after_refresh(self._show_cell_text)

    def _show_cell_text(self) -> None:
        """Under the grid, the focused cell's whole text when its column is too narrow for it."""
        shown = self.query(".table-cell-text")
        if not shown:
            return
        line = shown.first(Static)
        focused = self.screen.focused if self.is_attached else None
        cursor = cell_position(focused)
        text = Text()
        if cursor is not None and isinstance(focused, Input) and self in focused.ancestors:
            width = focused.size.width
            if width and len(focused.value) >= width:  # the cursor takes a column after it
                row, col = cursor
                title = self.header[col] if col < len(self.header) else ""
                text.append(f"{safe_text(title)}, row {row}: ", style="bold")
                text.append(focused.value)
        line.update(text)
        line.set_class(bool(text), "-shown")

    # -- editing -------------------------------------------------------------------------------

    @on(Input.Changed)
    def _cell(self, event: Input.Changed) -> None:
        event.stop()
        event.input.select_on_focus = replaces_placeholder(event.value)
        self.send_cell(event.input)

    def send_typed(self, box: Widget) -> None:
        if isinstance(box, Input):
            self.send_cell(box)

    def send_cell(self, box: Input) -> None:
        """Ask for the cell's value as the box holds it now, if the card does not have it yet.
        Now, not the value a change event carries: a row key handled before the change events
        queued behind it sends the value first, and those events must not send it again once
        the rows are renumbered."""
        position = cell_position(box)
        if position is None:
            return
        row, col = position
        row_cells = self._row_cells(row)
        value = box.value
        if col >= len(row_cells) or safe_text(row_cells[col].value) == value:
            return
        self.cells = [replace(c, value=value) if c is row_cells[col] else c for c in self.cells]
        self.edit(EditKind.SET_CELL, value=value, row=row, column=col)
        for n, cell in enumerate(self._row_cells(row)):
            if cell.label.lower() == "improvement" and (other := self.cell_box(row, n)):
                other.placeholder = self._placeholder(row, n)
        self._show_cell_text()

    def _row_edit(
        self,
        kind: EditKind,
        *,
        row: int | None,
        rows: int,
        focus: tuple[int, int] | None,
        to_row: int | None = None,
    ) -> None:
        """Ask for a row edit; once the form is rebuilt (the table has ``rows`` rows then),
        ``focus`` (row, column) takes the focus, and what was typed meanwhile."""
        if focus is not None:
            target = FocusAfterEdit(self.section_key, self.index, rows, *focus, self._cursor())
            RowEditKeys.hold(self.screen, target)
        edit = FormEdit(kind, self.section_key, self.index, row=row, to_row=to_row)
        self.post_message(FieldEdited(edit, self.index))

    def action_add_row(self) -> None:
        cursor = self._cursor()
        count = self.row_count
        row = cursor[0] if cursor else count
        self._row_edit(EditKind.ADD_ROW, row=row, rows=count + 1, focus=(row + 1, 0))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_add_row()

    def action_remove_row(self) -> None:
        cursor = self._cursor()
        if cursor is None:
            return
        row, col = cursor
        left = self.row_count - 1
        focus = (min(row, left), col) if left else None
        self._row_edit(EditKind.REMOVE_ROW, row=row, rows=left, focus=focus)

    def action_move_row(self, step: int) -> None:
        cursor = self._cursor()
        if cursor is None:
            return
        row, col = cursor
        to_row = row + step
        if not 1 <= to_row <= self.row_count:
            return
        self._row_edit(
            EditKind.MOVE_ROW, row=row, to_row=to_row, rows=self.row_count, focus=(to_row, col)
        )

    def action_cursor_row(self, step: int) -> None:
        cursor = self._cursor()
        if cursor is None:
            return
        box = self.cell_box(cursor[0] + step, cursor[1])
        if box is not None:
            self.screen.set_focus(box)  # at once: a key typed right after goes there

    def action_fill_improvement(self) -> None:
        cursor = self._cursor()
        if cursor is None:
            return
        computed = self._computed(cursor[0])
        for col, cell in enumerate(self._row_cells(cursor[0])):
            if cell.label.lower() == "improvement" and computed:
                box = self.cell_box(cursor[0], col)
                if box is not None:
                    box.value = computed
                    return
        self.notify("No Before and After to compute an improvement from", severity="warning")

    # -- showing the card ----------------------------------------------------------------------

    def focus_editor(self) -> None:
        """The cell a row edit asked for (the new row's first cell...) with what was typed
        since, else the first cell."""
        first = next(iter(self.query(Input)), None) or next(iter(self.query(Button)), None)
        keys = RowEditKeys.waiting(self.screen)
        if (
            keys is None
            or not isinstance(keys.target, FocusAfterEdit)
            or (keys.target.section_key, keys.target.index) != (self.section_key, self.index)
        ):
            if first is not None:
                self.screen.set_focus(first)
            return
        cell = keys.target.cell(self.row_count)
        keys.land((self.cell_box(*cell) if cell else None) or first)

    def focus_cell(self, path: str) -> None:
        """Focus the cell at ``path`` (``--goto``, a finding), else as :meth:`focus_editor`."""
        for cells in _rows(self.cells):
            for col, cell in enumerate(cells):
                if cell.path == path and (box := self.cell_box(cell.row or 0, col)):
                    self.screen.set_focus(box)
                    return
        self.focus_editor()

    def sync(self, field: Field, cells: list[Field] | None = None) -> None:
        super().sync(field)
        if cells is None:
            return
        self.cells = cells
        for row_cells in _rows(cells):
            for col, cell in enumerate(row_cells):
                box = self.cell_box(cell.row or 0, col)
                if box is None:
                    continue
                shown = safe_text(cell.value)
                if box.value != shown:
                    with box.prevent(Input.Changed):
                        box.value = shown
                box.placeholder = self._placeholder(cell.row or 0, col)
        self._size_columns()
