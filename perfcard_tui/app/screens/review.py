"""Review mode: read the card, see where it stands, and never change it by accident.

There is no edit or save action on this screen; the app opened with ``--review`` has none at all.
It still follows the file on disk.
"""

from __future__ import annotations

from rich.console import Group
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...core.bench.provenance import RowSource, row_sources
from ...core.display import safe_text
from ...core.report import findings_markdown, summary_rows
from ...core.summary import CardSummary, summarize
from ...core.validate import Finding
from ..messages import CardChanged, CopyText, FindingsChanged, ScreenReady
from ..open_card import OpenCard
from ..widgets.fields import SEVERITY_STYLE
from ..widgets.preview import CardPreview
from ..widgets.section_tree import SectionTree, TreeEntry


def summary_table(rows: list[tuple[str, str]]) -> Table:
    """The summary rows in two column pairs, to keep the panel short."""
    table = Table.grid(padding=(0, 2))
    for _ in range(2):
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
    half = (len(rows) + 1) // 2
    for left, right in zip(rows[:half], [*rows[half:], ("", "")], strict=False):
        value = safe_text(left[1])
        table.add_row(
            Text(safe_text(left[0])),
            Markdown(value) if "**" in value else Text(value),
            Text(safe_text(right[0])),
            Text(safe_text(right[1])),
        )
    return table


IMPORTED = "⇣"
"""Beside a comparison row whose numbers came from an imported benchmark file."""


def comparison_table(rows: list[RowSource]) -> Table:
    """The Performance Comparison rows, each marked when an import wrote its numbers, with the
    file (the one the Benchmark Results block names)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(width=1, no_wrap=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(style="dim", no_wrap=True)
    for row in rows:
        if row.before_from and row.before_from == row.after_from:
            source = f"from {row.before_from}"
        else:
            sides = (("before", row.before_from), ("after", row.after_from))
            source = "; ".join(f"{side} from {file}" for side, file in sides if file)
        table.add_row(
            Text(IMPORTED if row.imported else "", style="bold cyan"),
            Text(safe_text(row.metric)),
            Text(safe_text(f"{row.before or '—'} → {row.after or '—'}")),
            Text(safe_text(row.improvement)),
            Text(safe_text(source)),
        )
    return table


def finding_prompt(finding: Finding) -> Text:
    style = SEVERITY_STYLE[finding.severity]
    where = " › ".join(p for p in (finding.section, finding.field or "") if p)
    text = Text()
    text.append(f"{finding.severity.value:<7}", style=f"bold {style}")
    text.append(f" {finding.code}", style=style)
    text.append(f"  {safe_text(where)} (line {finding.line})\n", style="dim")
    text.append(f"  {safe_text(finding.message)}")
    return text


class ReviewScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "next_finding", "Next finding", tooltip="Jump to the next finding"),
        Binding("N", "previous_finding", "Prev finding", tooltip="Jump to the previous finding"),
        Binding("c", "copy_section", "Copy section", tooltip="Copy the selected section"),
        Binding("C", "copy_card", "Copy card", tooltip="Copy the whole card as markdown"),
        Binding("f", "copy_findings", "Copy findings", tooltip="Copy the findings as a list"),
        Binding("ctrl+t", "leave", "Editor", tooltip="Back to the editor (when opened from it)"),
    ]
    DEFAULT_CSS = """
    ReviewScreen #summary {
        height: auto;
        max-height: 12;
        padding: 0 1;
        border-bottom: hkey $panel;
    }
    ReviewScreen #comparison {
        height: auto;
        max-height: 12;
        padding: 0 1;
        border-bottom: hkey $panel;
    }
    ReviewScreen #review-panes { height: 1fr; }
    ReviewScreen #review-tree { width: 32; border-right: vkey $panel; }
    ReviewScreen #review-preview { width: 2fr; }
    ReviewScreen #findings-panel { width: 1fr; min-width: 30; border-left: vkey $panel; }
    ReviewScreen #findings { height: 1fr; }
    """

    def __init__(self, card: OpenCard, *, from_editor: bool = False) -> None:
        super().__init__(id="review")
        self.open_card = card
        self.from_editor = from_editor
        self.section_key: str | None = None
        self.findings: list[Finding] = []
        self.summary: CardSummary | None = None
        self.checked = False
        """The rules have reported on the card: until then an empty list of findings means
        "not known yet", and the summary must not call the card ready to start."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield Static(id="comparison")
        with Horizontal(id="review-panes"):
            yield SectionTree(id="review-tree", read_only=True)
            yield CardPreview(id="review-preview")
            with Vertical(id="findings-panel"):
                yield Static("[b]Findings[/]  [dim]enter jumps · n / N[/]")
                yield OptionList(id="findings")
        yield Footer()

    def on_mount(self) -> None:
        # findings the editor already has come from a run of the rules; none may mean none yet
        self.checked = bool(self.open_card.findings)
        self.show_card()
        self.show_findings(self.open_card.findings)
        if not self.from_editor:
            self.post_message(ScreenReady())  # the app runs the rules once the screen is up
        elif not self.checked:
            self.open_card.schedule_validation(immediately=True)

    @on(CardChanged)
    def show_card(self) -> None:
        card = self.open_card.card
        self.query_one(SectionTree).show_card(card, self.open_card.template)
        self.query_one(CardPreview).show_card(card)
        self.show_comparison()

    def show_comparison(self) -> None:
        """The comparison rows, a marker on those whose numbers came from an imported file."""
        rows = row_sources(self.open_card.card)
        panel = self.query_one("#comparison", Static)
        panel.display = bool(rows)
        if rows:
            title = Text.assemble(
                ("Performance Comparison", "bold"),
                ("  ", ""),
                (f"{IMPORTED} imported from a benchmark file", "dim"),
            )
            panel.update(Group(title, comparison_table(rows)))

    @on(FindingsChanged)
    def _findings_changed(self, message: FindingsChanged) -> None:
        if message.card is self.open_card.card:
            self.checked = True
            self.show_findings(message.findings)

    def show_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        card = self.open_card.card
        summary = summarize(card, self.open_card.template, findings)
        self.summary = summary
        rows = summary_rows(summary)
        if not self.checked:  # "ready to start" needs the errors counted: not before the rules
            unknown = "checking the card…"
            rows = [(label, unknown if label in ("Status", "Findings") else v) for label, v in rows]
        self.query_one("#summary", Static).update(summary_table(rows))
        self.query_one(SectionTree).show_statuses(self.open_card.statuses)
        options = self.query_one("#findings", OptionList)
        options.clear_options()
        options.add_options([Option(finding_prompt(f)) for f in findings])
        if not findings:
            said = "No findings: the card passes every rule." if self.checked else "Checking…"
            options.add_option(Option(Text(said), disabled=True))

    # -- moving around ---------------------------------------------------------------------

    def goto(self, key: str) -> None:
        if key not in self.open_card.card.section_index:
            return
        self.section_key = key
        self.query_one(CardPreview).scroll_to_section(key)
        self.query_one(SectionTree).select_key(key)

    @on(SectionTree.NodeHighlighted)
    def _highlighted(self, event: SectionTree.NodeHighlighted[TreeEntry]) -> None:
        entry = event.node.data
        if entry is not None and not entry.missing:
            self.section_key = entry.key
            self.query_one(CardPreview).scroll_to_section(entry.key)

    def goto_finding(self, finding: Finding) -> None:
        """The finding's section, scrolled to about its line."""
        self.goto(finding.section_key)
        card = self.open_card.card
        if finding.section_key in card.section_index:
            section = card.section(finding.section_key)
            first = card.section_line(finding.section_key)
            fraction = (finding.line - first) / max(section.line_count, 1)
            self.query_one(CardPreview).scroll_to_line(finding.section_key, fraction)

    @on(OptionList.OptionSelected, "#findings")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if event.option_index < len(self.findings):
            self.goto_finding(self.findings[event.option_index])

    def _step(self, step: int) -> None:
        if not self.findings:
            self.notify("No findings")
            return
        options = self.query_one("#findings", OptionList)
        current = options.highlighted if options.highlighted is not None else -step
        index = (current + step) % len(self.findings)
        options.highlighted = index
        self.goto_finding(self.findings[index])

    def action_next_finding(self) -> None:
        self._step(1)

    def action_previous_finding(self) -> None:
        self._step(-1)

    # -- copying ---------------------------------------------------------------------------

    def action_copy_section(self) -> None:
        card = self.open_card.card
        if self.section_key is None or self.section_key not in card.section_index:
            self.notify("Select a section in the tree first", severity="warning")
            return
        start, end = card.subtree_span(self.section_key)
        self.post_message(CopyText(card.text[start:end], "section"))

    def action_copy_card(self) -> None:
        self.post_message(CopyText(self.open_card.card.text, "card"))

    def action_copy_findings(self) -> None:
        self.post_message(CopyText(findings_markdown(self.findings) + "\n", "findings"))

    def action_leave(self) -> None:
        if self.from_editor:
            self.dismiss()
        else:
            self.notify("Opened with --review: the card is read-only here", severity="warning")
