"""The Textual app. Imported only by the commands that open it, so the CLI starts fast."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.store import CardText


def run_editor(
    path: str,
    *,
    text: CardText | None = None,
    head: str | None = None,
    template: str | None = None,
    goto: str | None = None,
    review: bool = False,
) -> int:
    from .app import run_editor as _run

    return _run(path, text=text, head=head, template=template, goto=goto, review=review)
