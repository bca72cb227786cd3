"""A fenced block in the form: the fence's language, and the code in a code editor.

In the code, Enter starts the new line at the indent of the line it splits, one level deeper
after a line that opens a block (ends in ``:``, ``{``, ``(`` or ``[``); the level is the
language's usual one (:data:`INDENT_UNITS`, four spaces for any other). Tab indents there, so
escape or F6 leave the code for the next field, as Tab does from an input.
"""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, TextArea

from ...core.display import safe_text
from ...core.form_edits import EditKind
from ...core.model import Field
from .field_input import FieldInput
from .fields import FieldWidget, replaces_placeholder

DEFAULT_INDENT = "    "
INDENT_UNITS = {
    **dict.fromkeys(("go", "golang", "make", "makefile"), "\t"),
    **dict.fromkeys(
        (
            "javascript",
            "js",
            "jsx",
            "typescript",
            "ts",
            "tsx",
            "json",
            "yaml",
            "yml",
            "html",
            "xml",
            "css",
            "scss",
            "ruby",
            "rb",
            "lua",
            "hcl",
            "terraform",
        ),
        "  ",
    ),
}
"""One indent level where a language's usual one is not four spaces (gofmt's tabs, the two
spaces of most web and config languages), by the fence's language as people write it."""
OPENERS = (":", "{", "(", "[")
"""A line ending in one of these opens a block: the line after it is one level deeper."""


def indent_unit(language: str) -> str:
    """One indent level for a fence's info string (its first word names the language)."""
    words = language.split()
    return INDENT_UNITS.get(words[0].casefold(), DEFAULT_INDENT) if words else DEFAULT_INDENT


def new_line_indent(before: str, unit: str) -> str:
    """The whitespace a new line starts with when Enter splits a line after ``before``: the
    indent ``before`` starts with, and ``unit`` more when ``before`` ends opening a block."""
    indent = before[: len(before) - len(before.lstrip(" \t"))]
    return indent + unit if before.rstrip().endswith(OPENERS) else indent


class CodeArea(TextArea):
    """The code of a fenced block, as Textual's code editor edits it, with Enter keeping the
    indent."""

    BINDINGS = [
        # F6 selects the line in Textual's text areas; in code, where Tab indents, it leaves
        # instead (F6 is the usual "next pane" key), beside escape, which a terminal may hold
        # back a moment to tell it from the start of an escape sequence
        Binding(
            "escape,f6",
            "leave",
            "Next field",
            tooltip="Leave the code for the next field (tab indents in code)",
            key_display="esc/f6",  # the footer shows one key of a binding, and both matter
        ),
    ]

    unit = DEFAULT_INDENT
    """One indent level in this code's language."""

    def use_language(self, info: str) -> None:
        """Highlight and indent the code as the fence's info string says."""
        self.language = info if info in self.available_languages else None
        self.unit = indent_unit(info)
        tabs = self.unit == "\t"
        self.indent_type = "tabs" if tabs else "spaces"
        # Tab indents by one level too; a tab shows four columns wide, as by default
        self.indent_width = 4 if tabs else len(self.unit)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            # TextArea's handler would move the focus itself: leaving is the binding's alone
            event.prevent_default()
            return
        if event.key != "enter" or self.read_only:
            return  # TextArea's own handler, next in line, takes it
        event.stop()
        event.prevent_default()  # TextArea's handler would insert a bare newline
        self._restart_blink()
        start, end = self.selection
        row, column = min(start, end)
        indent = new_line_indent(self.document[row][:column], self.unit)
        self.replace("\n" + indent, start, end, maintain_selection_offset=False)

    def action_leave(self) -> None:
        self.screen.focus_next()


class CodeFieldWidget(FieldWidget):
    """A fenced block: the fence's language, and the code."""

    DEFAULT_CSS = """
    CodeFieldWidget .code-language { width: 24; }
    CodeFieldWidget TextArea { height: auto; max-height: 20; }
    """

    def compose_editor(self) -> ComposeResult:
        yield FieldInput(
            safe_text(self.field.info or ""),
            placeholder="language",
            compact=True,
            select_on_focus=replaces_placeholder(self.field.info or ""),
            classes="code-language",
        )
        area = cast(CodeArea, CodeArea.code_editor(self.shown, compact=True))
        area.use_language(self.field.info or "")
        yield area

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # the code still the template's `[Current slow code]`: typing replaces it
        area = self.query_one(CodeArea)
        if event.widget is area and replaces_placeholder(area.text):
            area.select_all()

    @on(Input.Changed)
    def _language(self, event: Input.Changed) -> None:
        event.stop()
        event.input.select_on_focus = replaces_placeholder(event.value)
        value = event.value
        if value != safe_text(self.field.info or ""):
            self.field = replace(self.field, info=value)
            self.edit(EditKind.SET_LANGUAGE, value=value)
            self.query_one(CodeArea).use_language(value)

    @on(TextArea.Changed)
    def _code(self, event: TextArea.Changed) -> None:
        event.stop()
        value = event.text_area.text
        if value.rstrip("\n") != self.shown.rstrip("\n"):
            self.field = replace(self.field, value=value)
            self.edit(EditKind.SET_CODE, value=value)

    def sync(self, field: Field) -> None:
        super().sync(field)
        lang, area = self.query_one(Input), self.query_one(CodeArea)
        language = safe_text(field.info or "")
        if lang.value != language:
            with lang.prevent(Input.Changed):
                lang.value = language
            area.use_language(field.info or "")
        if area.text.rstrip("\n") != self.shown.rstrip("\n"):
            with area.prevent(TextArea.Changed):
                area.load_text(self.shown)
