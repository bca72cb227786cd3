"""The editor's commands in the palette (ctrl+p), beside the app's and Textual's own."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand

from ..core import edits, sessions
from ..core.display import safe_text
from .open_card import OpenCard
from .screens.editor import EditorScreen
from .screens.session_log import edit_logged_session


def editor_commands(screen: EditorScreen, card: OpenCard) -> Iterable[SystemCommand]:
    yield SystemCommand(
        "Toggle preview", "Show or hide the live preview", screen.action_toggle_preview
    )
    yield SystemCommand(
        "Toggle raw markdown",
        "Edit this section as markdown, or as a form",
        screen.action_toggle_raw,
    )
    yield SystemCommand("Next finding", "Jump to the next finding", screen.action_next_finding)
    yield SystemCommand("Copy section", "Copy this section as markdown", screen.action_copy_section)
    yield SystemCommand(
        "Edit in $EDITOR",
        "The focused field, else this section's markdown, in $VISUAL / $EDITOR (ctrl+e)",
        screen.action_edit_elsewhere,
    )
    yield SystemCommand(
        "Delete section",
        "Delete this section with its subsections (ctrl+z brings it back)",
        screen.delete_section,
    )
    yield SystemCommand(
        "Import benchmark results…",
        "Put a benchmark tool's numbers into Benchmark Results and Performance Comparison",
        screen.import_bench,
    )
    if sessions.real_sessions(card.card):
        yield SystemCommand(
            "Edit logged session…",
            "Open a session logged in Progress Notes in the session form",
            lambda: edit_logged_session(screen.app, card),
        )
    yield SystemCommand("Review", "Switch to the read-only review", screen.action_review)
    for section in card.card.sections:
        if section.title and not section.is_title:
            yield SystemCommand(
                f"Go to: {_plain(section.title)}",
                f"Open the section {section.key}",
                lambda key=section.key: screen.open_section(key),
            )
    for tkey in edits.missing_sections(card.card, card.template):
        tsec = card.template.by_key(tkey)
        if tsec is not None:
            yield SystemCommand(
                f"Add section: {_plain(tsec.title)}",
                "Insert this missing template section at its place",
                lambda key=tkey: screen.add_section(key),
            )


def _plain(text: str) -> str:
    """Card text as a palette title: the palette reads titles as markup, so a template's
    ``[Name]`` vanished and a ``[/]`` in a heading crashed it; an escaped bracket is a bracket."""
    return safe_text(text).replace("[", "\\[")
