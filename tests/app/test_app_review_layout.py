"""Issue 9: the review is readable at 80x24. Narrow (or short) it stacks its parts on one page
that scrolls, the tables at full width first; its tables never squeeze a cell below what can be
read; a resize restacks it."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

from rich.console import Console
from textual.pilot import Pilot

from perfcard_tui.app.app import PerfCardApp
from perfcard_tui.app.screens.review import ReviewBody, ReviewScreen
from perfcard_tui.app.widgets.review_tables import SummaryTable
from perfcard_tui.cli import main
from perfcard_tui.core.buffer import CardBuffer
from perfcard_tui.core.report import summary_rows

FIXTURES = Path(__file__).resolve().parents[1] / "bench_fixtures"


def review_app(card: Path) -> PerfCardApp:
    return PerfCardApp(CardBuffer.open(card), watch=False, review=True)


async def open_review(pilot: Pilot[int], ui: SimpleNamespace) -> ReviewScreen:
    """The review, once the rules have reported (the summary says "checking" until then)."""
    app = pilot.app
    await ui.wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), 10, "the review")
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    await ui.wait_for(pilot, lambda: screen.checked, 10, "the rules to report")
    await ui.settle(pilot)
    return screen


def screen_lines(screen: ReviewScreen) -> list[str]:
    """What the terminal shows, row by row (the compositor's own picture of the screen)."""
    return [strip.text for strip in screen._compositor.render_strips()]


def shown(screen: ReviewScreen, selector: str) -> list[str]:
    """The rows of the screen a widget's content takes, cut to its columns (no padding, no
    border); the widget must be wholly on screen."""
    widget = screen.query_one(selector)
    body = screen.query_one(ReviewBody).region
    assert body.contains_region(widget.region), f"{selector} at {widget.region} not all in {body}"
    region = widget.content_region
    rows = screen_lines(screen)[region.y : region.bottom]
    return [row[region.x : region.right] for row in rows]


def words(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def summary_as_read(screen: ReviewScreen) -> str:
    """The summary as it reads when each label and value is whole: label, value, label..."""
    assert screen.summary is not None
    said = []
    for label, value in summary_rows(screen.summary):
        said += [label.rpartition(" › ")[2], value.replace("**", "")]
    return words(said)


async def test_at_80x24_the_review_stacks_and_its_summary_reads_whole(
    ui: SimpleNamespace, perf7: Path
) -> None:
    app = review_app(perf7)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot, ui)
        assert screen.stacked
        body = screen.query_one(ReviewBody)
        # the page shows its top, the status, and takes the keys that scroll it
        assert screen.focused is body and body.scroll_y == 0
        summary = shown(screen, "#summary")
        assert summary[0].split()[:3] == ["Status", "in", "progress"], summary
        # one label and one value a row, each whole: read in order, nothing cut or folded
        assert words(summary) == summary_as_read(screen)
        assert screen.query_one("#summary").region.width == 79  # all but the page's scrollbar
        await pilot.press("pagedown")
        await ui.wait_for(pilot, lambda: body.scroll_y > 0, what="the page to scroll")


async def test_n_brings_the_card_into_view_when_stacked(
    ui: SimpleNamespace, card_dir: Path
) -> None:
    app = review_app(card_dir / "PERF-9.md")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot, ui)
        assert screen.stacked and screen.findings
        await pilot.press("n")
        panes = screen.query_one("#review-panes")
        await ui.wait_for(
            pilot,
            lambda: screen.query_one(ReviewBody).region.contains_region(panes.region),
            what="the card scrolled into view",
        )
        assert screen.section_key == screen.findings[0].section_key
        # the finding it jumped to shows at the top of the card, whole
        assert "placeholder" in words(shown(screen, "#findings-panel"))


async def test_a_resize_restacks_the_review(ui: SimpleNamespace, perf7: Path) -> None:
    app = review_app(perf7)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_review(pilot, ui)
        assert not screen.stacked
        # side by side the summary is two column pairs: Status and Measured share a row
        first = shown(screen, "#summary")[0].split()
        assert first[0] == "Status" and "Measured" in first
        await pilot.resize_terminal(80, 24)
        await ui.wait_for(pilot, lambda: screen.stacked, what="the review to stack")
        await ui.settle(pilot)
        assert words(shown(screen, "#summary")) == summary_as_read(screen)
        await pilot.press("tab")  # somewhere in the page below the tables
        await pilot.resize_terminal(160, 48)
        await ui.wait_for(pilot, lambda: not screen.stacked, what="the review side by side")
        await ui.settle(pilot)
        body = screen.query_one(ReviewBody)
        assert body.scroll_y == 0 and screen.focused is not body
        assert shown(screen, "#summary")[0].split()[0] == "Status"


async def test_a_wide_but_short_terminal_stacks_rather_than_cut_the_tables(
    ui: SimpleNamespace, perf7: Path
) -> None:
    app = review_app(perf7)
    async with app.run_test(size=(160, 24)) as pilot:
        screen = await open_review(pilot, ui)
        assert screen.stacked
        assert shown(screen, "#summary")[-1].split()[:2] == ["Primary", "metric"]


async def test_an_imported_rows_file_goes_under_it_at_80_columns(
    ui: SimpleNamespace, perf7: Path
) -> None:
    code = main(
        ["bench", "import", str(perf7), str(FIXTURES / "k6_handle_summary.json"),
         "--as", "after", "--metric", "p95 response time"]
    )  # fmt: skip
    assert code == 0
    app = review_app(perf7)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot, ui)
        body = screen.query_one(ReviewBody)
        comparison = screen.query_one("#comparison")
        body.scroll_to_widget(comparison, animate=False, top=True)
        await ui.wait_for(
            pilot, lambda: body.region.contains_region(comparison.region), what="the comparison"
        )
        lines = [line.strip() for line in shown(screen, "#comparison")]
        row = next(i for i, line in enumerate(lines) if line.startswith("⇣"))
        assert " ".join(lines[row].split()) == "⇣ p95 response time 420ms → 240.1ms 42.9% less time"
        assert lines[row + 1] == "after from k6_handle_summary.json"


def test_a_summary_too_narrow_for_two_columns_puts_each_value_under_its_label() -> None:
    rows = [("Status", "**draft** (prerequisites 0/4 met)"), ("Implementation", "0/16")]
    rows.append(("Implementation › Phase 1: Baseline & Setup", "0/4"))
    out = io.StringIO()
    Console(width=40, file=out, color_system=None).print(SummaryTable(rows))
    assert [line.rstrip() for line in out.getvalue().splitlines()] == [
        "Status",
        "  draft (prerequisites 0/4 met)",
        "Implementation",
        "  0/16",
        "  Phase 1: Baseline & Setup",
        "    0/4",
    ]
