"""The command palette's commands (ctrl+p), beside Textual's own (theme, keys, quit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from .app import PerfCardApp


def palette(app: PerfCardApp) -> Iterable[SystemCommand]:
    """What the card allows: review mode offers copying only; the editor everything else."""
    from ..core import edits  # not at import: the app's first frame must not wait for the core

    if app.review:
        yield SystemCommand("Copy card", "Copy the whole card as markdown", app.copy_card)
        return
    editor = app.editor
    yield SystemCommand("Save", "Save the card", app.action_save)
    yield SystemCommand(
        "Log session", "Log a work session in Progress Notes", app.action_log_session
    )
    yield SystemCommand(
        "Toggle preview", "Show or hide the live preview", editor.action_toggle_preview
    )
    yield SystemCommand(
        "Toggle raw markdown",
        "Edit this section as markdown, or as a form",
        editor.action_toggle_raw,
    )
    yield SystemCommand("Next finding", "Jump to the next finding", editor.action_next_finding)
    yield SystemCommand("Copy section", "Copy this section as markdown", editor.action_copy_section)
    yield SystemCommand("Copy card", "Copy the whole card as markdown", app.copy_card)
    yield SystemCommand("Review", "Switch to the read-only review", editor.action_review)
    yield SystemCommand("Copy field", "Copy the focused field's value", app.copy_field)
    for section in app.buffer.card.sections:
        if section.title and not section.is_title:
            yield SystemCommand(
                f"Go to: {section.title}",
                f"Open the section {section.key}",
                lambda key=section.key: editor.open_section(key),
            )
    for tkey in edits.missing_sections(app.buffer.card, app.buffer.template):
        tsec = app.buffer.template.by_key(tkey)
        if tsec is not None:
            yield SystemCommand(
                f"Add section: {tsec.title}",
                "Insert this missing template section at its place",
                lambda key=tkey: app.add_section(key),
            )
