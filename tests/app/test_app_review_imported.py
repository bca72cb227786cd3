"""Review marks the Performance Comparison rows whose numbers came from an imported benchmark
file, and names the file; a row typed by hand has no mark."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

from rich.console import Console
from textual.widgets import Static

from perfcard_tui.app.app import PerfCardApp
from perfcard_tui.app.screens.review import IMPORTED, ReviewScreen
from perfcard_tui.cli import main
from perfcard_tui.core.buffer import CardBuffer

FIXTURES = Path(__file__).resolve().parents[1] / "bench_fixtures"


def comparison_text(screen: ReviewScreen) -> str:
    """The comparison panel as the terminal shows it."""
    shown = io.StringIO()
    Console(width=160, file=shown, color_system=None).print(
        screen.query_one("#comparison", Static).content
    )
    return shown.getvalue()


def comparison_lines(screen: ReviewScreen) -> dict[str, str]:
    """Each row's line, by its metric."""
    lines = comparison_text(screen).splitlines()
    return {
        metric: next(line for line in lines if f" {metric}  " in line)
        for metric in ("p95 response time", "p99 response time")
    }


async def test_an_imported_row_is_marked_and_a_typed_one_is_not(
    ui: SimpleNamespace, perf7: Path
) -> None:
    code = main(
        ["bench", "import", str(perf7), str(FIXTURES / "k6_handle_summary.json"),
         "--as", "after", "--metric", "p95 response time"]
    )  # fmt: skip
    assert code == 0
    app = PerfCardApp(CardBuffer.open(perf7), watch=False, review=True)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="review")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await ui.settle(pilot)
        lines = comparison_lines(screen)
        imported, typed = lines["p95 response time"], lines["p99 response time"]
        assert imported.lstrip().startswith(IMPORTED), imported
        assert "420ms → 240.1ms" in imported
        assert "after from k6_handle_summary.json" in imported
        assert IMPORTED not in typed and "from" not in typed, typed
        assert "912ms → 505ms" in typed
        assert f"{IMPORTED} imported from a benchmark file" in comparison_text(screen)


async def test_without_an_imported_row_there_is_no_legend(ui: SimpleNamespace, perf7: Path) -> None:
    app = PerfCardApp(CardBuffer.open(perf7), watch=False, review=True)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="review")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await ui.settle(pilot)
        text = comparison_text(screen)
        assert "p95 response time" in text and IMPORTED not in text, text
