"""The Textual app. Imported only by the commands that open it, so the CLI starts fast."""

from __future__ import annotations


def run_editor(
    path: str, *, template: str | None = None, goto: str | None = None, review: bool = False
) -> int:
    from .app import run_editor as _run

    return _run(path, template=template, goto=goto, review=review)
