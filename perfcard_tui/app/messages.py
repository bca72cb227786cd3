"""Messages the editor's widgets send up: every change to the card is an edit of the core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message

from ..core.model import Card


@dataclass
class CardEdit(Message):
    """Apply ``apply`` (a core edit) to the buffer's card.

    ``focus`` names the field (by section key and field index) that should have focus after a
    structural edit rebuilds the form, e.g. the checklist item just added.
    """

    apply: Callable[[Card], Card]
    description: str = ""
    focus: tuple[str, int] | None = None
