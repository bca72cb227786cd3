"""F1: the keys, built from the bindings in force (never a hand-typed table)."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..widgets.fields import BlockWidget, CheckFieldWidget, TableFieldWidget
from ..widgets.raw_section import RawSectionWidget
from .quiet_focus import QuietFocus

EXTRA_KEYS = (
    ("space / enter", "Checklist", "Tick or untick an item"),
    ("backspace", "Empty checklist item", "Remove it"),
    ("tab / shift+tab", "Form", "Next / previous field"),
)


_WHERE = {
    "EditorScreen": "Editor",
    "ReviewScreen": "Review",
    "SectionTree": "Section tree",
    "TableFieldWidget": "Table",
    "CheckFieldWidget": "Checklist",
    "BlockWidget": "List item",
    "CodeArea": "Code",
    "RawSectionWidget": "Raw markdown",
}


def key_table(screen: Screen[object]) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("Key", style="bold cyan", no_wrap=True)
    table.add_column("Where")
    table.add_column("What it does")
    seen: set[tuple[str, str]] = set()
    # there even when not shown
    ours: dict[type, object] = {
        RawSectionWidget: RawSectionWidget,
        BlockWidget: BlockWidget,
        CheckFieldWidget: CheckFieldWidget,
        TableFieldWidget: TableFieldWidget,
    }
    ours.update(
        {type(w): w for w in screen.query("*") if type(w).__module__.startswith("perfcard_tui")}
    )
    for node in [screen.app, screen, *ours.values()]:
        # a class's own bindings only: inherited scrolling keys would bury ours
        kind = node if isinstance(node, type) else type(node)
        for binding in kind.__dict__.get("BINDINGS", []):
            if not isinstance(binding, Binding) or binding.system:
                continue
            where = "Everywhere" if node is screen.app else _WHERE.get(kind.__name__, kind.__name__)
            if (binding.key, where) in seen:
                continue
            seen.add((binding.key, where))
            keys = " / ".join(
                screen.app.get_key_display(Binding(k, "")) for k in binding.key.split(",")
            )
            table.add_row(keys, where, binding.tooltip or binding.description)
    for key, where, what in EXTRA_KEYS:
        table.add_row(key, where, what)
    table.add_row(
        "ctrl+p", "Everywhere", "Command palette: go to section, add section, copy, theme…"
    )
    return table


class HelpScreen(QuietFocus, ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90;
        max-width: 95%;
        height: 80%;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    """

    def __init__(self, over: Screen[object]) -> None:
        super().__init__()
        self.over = over

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("[b]perfcard-tui keys[/]  (escape closes)\n")
            yield Static(key_table(self.over))
