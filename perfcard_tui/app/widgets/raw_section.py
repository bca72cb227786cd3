"""A section's own markdown in a text area: raw mode (ctrl+r), and what the template does not know.

Each change posts :class:`RawSectionWidget.Edited` with the whole text, which becomes the
section's body. The editor applies it, or, when the text would add, remove or move a heading,
*holds* it: the text stays here as typed, a line under it says what applying would do, and
ctrl+o asks for it to be applied (docs/DECISIONS.md, 27).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, Static, TextArea

from ...core.display import safe_text
from ...core.section_edits import SectionsChange

APPLY_KEY = "ctrl+o"  # ctrl+enter is plain Enter in most terminals; ctrl+o reaches every one


class RawSectionWidget(Vertical):
    """The section's markdown below its heading, and the notice of a held structural change."""

    DEFAULT_CSS = """
    RawSectionWidget { height: auto; }
    RawSectionWidget TextArea { height: auto; min-height: 6; }
    RawSectionWidget > .raw-held { color: $text-warning; background: $warning 15%; height: auto; }
    """

    BINDINGS = [
        Binding(
            f"{APPLY_KEY},ctrl+enter",
            "apply_held",
            "Apply sections",
            tooltip="Apply the typed markdown that adds or removes sections",
        ),
    ]

    @dataclass
    class Edited(Message):
        """The person changed the text (whole: it becomes the section's body).

        ``generation``: how many times the widget's text had been replaced from the card when
        this was sent; one sent before such a replacement is stale and must be dropped (its
        text is of a section that has changed under it). ``confirmed``: they asked for a
        change to the sections to be applied."""

        raw: RawSectionWidget
        section_key: str
        text: str
        generation: int
        confirmed: bool = False

        @property
        def control(self) -> RawSectionWidget:
            return self.raw

    def __init__(
        self, section_key: str, body: str, held: tuple[str, SectionsChange] | None = None
    ) -> None:
        """``held``: text typed earlier and not applied, and what it would do to the sections;
        shown instead of the card's ``body``."""
        super().__init__(classes="raw-section")
        self.section_key = section_key
        self._initial = safe_text(body) if held is None else held[0]
        self.held: SectionsChange | None = None if held is None else held[1]
        """What the shown text would do to the sections (None: it is the card's text)."""
        self.generation = 0
        """Times the text was replaced from the card (see :class:`Edited`)."""

    def compose(self) -> ComposeResult:
        yield Label("Markdown of this section (below its heading)", classes="field-label")
        yield TextArea(self._initial, language="markdown", soft_wrap=True, compact=True)
        notice = Static(_notice(self.held), classes="raw-held")
        notice.display = self.held is not None
        yield notice

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        self.post_message(self.Edited(self, self.section_key, text, self.generation))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "apply_held":
            return True if self.held is not None else None  # None: in the footer, dimmed
        return True

    def action_apply_held(self) -> None:
        if self.held is not None:
            self.post_message(
                self.Edited(self, self.section_key, self.text, self.generation, confirmed=True)
            )

    # -- what the editor tells it ----------------------------------------------------------------

    def hold(self, change: SectionsChange | None) -> None:
        """Say what the text would do to the sections (None: it is applied, nothing held)."""
        if change == self.held:
            return
        self.held = change
        notice = self.query_one(".raw-held", Static)
        notice.update(_notice(change))
        notice.display = change is not None
        self.refresh_bindings()

    def sync(self, body: str) -> None:
        """Show the card's text for this section (it changed elsewhere: undo, the disk, the
        sections applied). Text held here stays as typed: it is the person's, not the card's."""
        if self.held is not None:
            return
        shown = safe_text(body)
        area = self.query_one(TextArea)
        if area.text == shown:
            return
        self.generation += 1
        row, column = area.cursor_location
        with area.prevent(TextArea.Changed):
            area.load_text(shown)
        # keep the cursor where it was (as near as the new text allows)
        row = min(row, area.document.line_count - 1)
        area.move_cursor((row, min(column, len(area.document.get_line(row)))))

    def focus_editor(self) -> None:
        self.screen.set_focus(self.query_one(TextArea))


def _notice(change: SectionsChange | None) -> Text:
    if change is None:
        return Text("")
    return Text.assemble(
        ("Not applied: ", "bold"),
        f"this text {safe_text(change.describe())} (",
        (APPLY_KEY, "bold"),
        " applies it; or edit it so that the sections stay as they are)",
    )
