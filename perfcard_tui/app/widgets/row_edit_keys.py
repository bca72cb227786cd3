"""The keys typed while a table row edit (or a list item's: added, removed, moved) rebuilds the
form: held, then typed into the cell (or item) the edit focuses.

A row added, removed or moved changes the section's fields, so the editor rebuilds its form:
the cell being typed in is removed, and the new table's cells are focused a few frames later.
A person who presses ``ctrl+n`` and goes on typing would see their keys land in the old row's
cell (still focused while it is being removed) or nowhere (nothing focused between the two).
So the table hands the focus to a :class:`RowEditKeys` on the screen, outside the form, which
keeps every key and paste that reaches it; the new table takes them back when the editor asks
it to focus (:meth:`RowEditKeys.land`), in the order typed, before any key typed after. If no
table asks (the edit was refused: nothing was rebuilt) the keys go back after a moment.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from .key_holder import KeyHolder

if TYPE_CHECKING:
    from .table_field import TableFieldWidget

GIVE_BACK_AFTER = 30.0
"""A last resort: the editor gives the keys back at once when it refuses the edit
(:meth:`RowEditKeys.refused`) and lands them when the rebuilt table takes the focus. At two
seconds this timer decided instead, and on a loaded machine the rebuild took longer: the keys
went back to the old table's cell, then the new table took the focus."""


@dataclass(frozen=True)
class FocusAfterEdit:
    """The cell to focus once the form is rebuilt after a row edit of table ``index``."""

    section_key: str
    index: int
    rows: int
    """How many body rows the table has after the edit (else it was refused)."""
    row: int
    column: int
    before: tuple[int, int] | None = None
    """The cell focused when the edit was asked for: the focus if it was refused."""

    def cell(self, rows: int) -> tuple[int, int] | None:
        """The cell to focus in the table as it is now, with ``rows`` body rows."""
        return (self.row, self.column) if rows == self.rows else self.before


@dataclass(frozen=True)
class ItemAfterEdit:
    """The form row to focus once the form is rebuilt after a list item was added, removed or
    moved (``SectionForm.focus_field`` lands the keys there)."""

    section_key: str
    block: bool
    """A list item that is no field (a ``BlockWidget``), else a checklist item."""
    index: int | None
    """Its position among the section's blocks (or fields) after the edit; None: none is left."""
    before: int
    """The row focused when the edit was asked for: the focus if it was refused."""
    text: bool = True
    """Its text had the focus (else a checklist item's box): the same part of it takes it."""


Target = FocusAfterEdit | ItemAfterEdit

_WAITING: weakref.WeakKeyDictionary[Screen[object], RowEditKeys] = weakref.WeakKeyDictionary()


class RowEditKeys(KeyHolder):
    """Holds the focus, and what is typed, from a row edit until the rebuilt table lands."""

    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target

    @classmethod
    def hold(cls, screen: Screen[object], target: Target) -> None:
        """Take the focus (at once: keys already on their way come here) until :meth:`land`."""
        old = _WAITING.pop(screen, None)
        keys = cls(target)
        if old is not None:  # a second row edit before the first landed: one queue of keys
            keys.typed = old.typed
            old.remove()
        _WAITING[screen] = keys
        screen.mount(keys)
        screen.set_focus(keys, scroll_visible=False)

    @staticmethod
    def waiting(screen: Screen[object]) -> RowEditKeys | None:
        return _WAITING.get(screen)

    @staticmethod
    def refused(screen: Screen[Any]) -> None:
        """The edit was refused, so nothing is rebuilt: the keys held for it go back now."""
        keys = _WAITING.get(screen)
        if keys is not None:
            keys._give_back()

    def on_mount(self) -> None:
        self.set_timer(GIVE_BACK_AFTER, self._give_back)

    def land(self, box: Widget | None) -> None:
        """Focus ``box`` and type into it what was held, then go."""
        if _WAITING.get(self.screen) is self:
            del _WAITING[self.screen]
        if box is not None:
            self.screen.set_focus(box)
        typed, self.typed = self.typed, []
        for n, event in enumerate(typed):
            if not isinstance(box, Input):
                self.send_again(typed[n:])
                break
            if isinstance(event, events.Paste):
                box.insert_text_at_cursor(" ".join(event.text.splitlines()))
            elif event.is_printable and event.character:
                box.insert_text_at_cursor(event.character)
            elif event.key == "backspace":
                box.action_delete_left()
            else:  # a key that does more than type: as if typed now, in order
                self.send_again(typed[n:])
                break
        self.let_go()

    def _give_back(self) -> None:
        """No table took the keys (the edit was refused): the table, or the form, takes them."""
        if not self.is_attached or _WAITING.get(self.screen) is not self:
            return
        if isinstance(self.target, ItemAfterEdit):
            from .section_form import SectionForm

            for form in self.screen.query(SectionForm):
                form.land_keys(self, self.target.before)
            if self.is_attached:
                self.land(None)
            return
        from .table_field import TableFieldWidget

        tables: list[TableFieldWidget] = [
            t
            for t in self.screen.query(TableFieldWidget)
            if (t.section_key, t.index) == (self.target.section_key, self.target.index)
        ]
        if tables:
            tables[0].focus_editor()
        else:
            self.land(None)
