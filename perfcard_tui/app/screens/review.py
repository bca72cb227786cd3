"""Review mode: read the card, see where it stands, and never change it by accident.

There is no edit or save action on this screen; the app opened with ``--review`` has none at all.
It still follows the file on disk.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.bench.provenance import row_sources
from ...core.display import safe_text
from ...core.report import findings_markdown, summary_rows
from ...core.summary import CardSummary, summarize
from ...core.validate import Finding
from ..messages import CardChanged, CopyText, FindingsChanged, ScreenReady, ShowsCard
from ..open_card import OpenCard
from ..widgets.card_header import CardHeader
from ..widgets.fields import SEVERITY_STYLE
from ..widgets.key_footer import KeyFooter
from ..widgets.preview import CardPreview
from ..widgets.review_tables import IMPORTED, ComparisonTable, SummaryTable, rendered_height
from ..widgets.section_tree import SectionTree, TreeEntry
from .quiet_focus import QuietFocus


def finding_prompt(finding: Finding) -> Text:
    style = SEVERITY_STYLE[finding.severity]
    where = " › ".join(p for p in (finding.section, finding.field or "") if p)
    text = Text()
    text.append(f"{finding.severity.value:<7}", style=f"bold {style}")
    text.append(f" {finding.code}", style=style)
    text.append(f"  {safe_text(where)} (line {finding.line})\n", style="dim")
    text.append(f"  {safe_text(finding.message)}")
    return text


STACK_BELOW = 120
"""Narrower than this, tree | preview | findings beside the tables leave each too thin: the
review becomes one page, its parts one under the other."""
PANES_MIN = 12
"""Side by side, the tables are shown whole: when that leaves the card fewer rows than this,
the review is stacked too."""
CHROME = 2
"""The header's row and the footer's."""


class ReviewBody(VerticalScroll):
    """Everything between the header and the footer; it scrolls only when stacked."""

    can_focus = False


class ReviewScreen(QuietFocus, Screen[None], ShowsCard):
    AUTO_FOCUS = None  # on_mount chooses, once it knows whether the review is stacked
    BINDINGS = [
        Binding("n", "next_finding", "Next finding", tooltip="Jump to the next finding"),
        Binding("N", "previous_finding", "Prev finding", tooltip="Jump to the previous finding"),
        Binding("c", "copy_section", "Copy section", tooltip="Copy the selected section"),
        Binding("C", "copy_card", "Copy card", tooltip="Copy the whole card as markdown"),
        Binding("f", "copy_findings", "Copy findings", tooltip="Copy the findings as a list"),
        Binding("ctrl+t", "leave", "Editor", tooltip="Back to the editor (when opened from it)"),
    ]
    # Side by side: the tables on top, whole, then tree | preview | findings filling the rest.
    # Stacked (a narrow or short terminal): one page that scrolls, the tables at full width
    # first, then the findings, then tree | preview as tall as the page.
    DEFAULT_CSS = """
    ReviewScreen #review-body { height: 1fr; overflow-y: hidden; }
    ReviewScreen #summary {
        height: auto;
        padding: 0 1;
        border-bottom: hkey $panel;
    }
    ReviewScreen #comparison {
        height: auto;
        padding: 0 1;
        border-bottom: hkey $panel;
    }
    ReviewScreen #review-panes { height: 1fr; }
    ReviewScreen #review-tree { width: 32; border-right: vkey $panel; }
    ReviewScreen #review-preview { width: 2fr; }
    ReviewScreen #findings-panel { width: 1fr; min-width: 30; border-left: vkey $panel; }
    ReviewScreen #findings { height: 1fr; }

    ReviewScreen.-stacked #review-body { overflow-y: auto; scrollbar-size-vertical: 1; }
    ReviewScreen.-stacked #review-panes { height: 100%; }
    ReviewScreen.-stacked #review-tree {
        width: 28;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    ReviewScreen.-stacked #findings-panel {
        dock: top;
        width: 1fr;
        height: auto;
        border-left: none;
        border-bottom: hkey $panel;
    }
    ReviewScreen.-stacked #findings { height: auto; max-height: 8; }
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
        self.summary_view: SummaryTable | None = None
        self.comparison_view: Group | None = None

    def compose(self) -> ComposeResult:
        yield CardHeader()
        with ReviewBody(id="review-body"):
            yield Static(id="summary")
            yield Static(id="comparison")
            with Horizontal(id="review-panes"):
                yield SectionTree(id="review-tree", read_only=True)
                yield CardPreview(id="review-preview")
                with Vertical(id="findings-panel"):
                    yield Static("[b]Findings[/]  [dim]enter jumps · n / N[/]")
                    yield OptionList(id="findings")
        yield KeyFooter()

    def on_mount(self) -> None:
        # findings the editor already has come from a run of the rules; none may mean none yet
        self.checked = bool(self.open_card.findings)
        self.show_card()
        self.show_findings(self.open_card.findings)
        # stacked, the page takes the first keys and shows its top (the status) first (the
        # focused widget is scrolled to: the tree would hide the status)
        self.set_focus(self.query_one(ReviewBody if self.stacked else SectionTree))
        if not self.from_editor:
            self.post_message(ScreenReady())  # the app runs the rules once the screen is up
        elif not self.checked:
            self.open_card.schedule_validation(immediately=True)

    def on_resize(self, event: events.Resize) -> None:
        self.restack(event.size)
        self.refresh()  # every cell drawn again, as the editor does (its on_resize says why)

    @property
    def stacked(self) -> bool:
        return self.has_class("-stacked")

    def restack(self, size: Size | None = None) -> None:
        """Side by side when the terminal is wide enough and the panes keep ``PANES_MIN`` rows
        under the tables; stacked otherwise. Again on every resize and new table."""
        width, height = size or self.app.size
        # each panel: its lines at the width it gets (less its padding), and its border
        tables = [self.summary_view, self.comparison_view]
        used = sum(rendered_height(t, width - 2) + 1 for t in tables if t is not None)
        stacked = width < STACK_BELOW or height - CHROME - used < PANES_MIN
        if stacked == self.stacked:
            return
        self.set_class(stacked, "-stacked")
        body = self.query_one(ReviewBody)
        body.can_focus = stacked
        if not stacked:
            body.scroll_home(animate=False)  # it cannot be scrolled back by hand side by side
            if self.focused is body:
                self.set_focus(self.query_one(SectionTree))

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
        self.comparison_view = None
        if rows:
            title = Text("Performance Comparison", style="bold")
            if any(row.imported for row in rows):  # the legend only where a marker shows
                title.append(f"  {IMPORTED} imported from a benchmark file", style="dim")
            self.comparison_view = Group(title, ComparisonTable(rows))
            panel.update(self.comparison_view)
        self.restack()

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
        self.summary_view = SummaryTable(rows)
        self.query_one("#summary", Static).update(self.summary_view)
        self.restack()
        self.query_one(SectionTree).show_statuses(self.open_card.statuses, self.open_card.below)
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
        if self.stacked:  # the page may be scrolled up to the tables, the card out of sight
            panes = self.query_one("#review-panes")
            self.query_one(ReviewBody).scroll_to_widget(panes, animate=False, top=True)
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
        self.post_message(CopyText(card.source(start, end), "section"))

    def action_copy_card(self) -> None:
        self.post_message(CopyText(self.open_card.card.text, "card"))

    def action_copy_findings(self) -> None:
        self.post_message(CopyText(findings_markdown(self.findings) + "\n", "findings"))

    def action_leave(self) -> None:
        if self.from_editor:
            self.dismiss()
        else:
            self.notify("Opened with --review: the card is read-only here", severity="warning")
