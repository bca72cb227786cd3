"""Import benchmark results… from the palette: a path that completes, a preview of what changes
before anything does, enter to import as one undo step, and bad files refused in the dialog."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Static

from perfcard_tui.app.screens.bench_import import BenchImportScreen
from perfcard_tui.app.widgets.path_suggester import complete_path

FIXTURES = Path(__file__).resolve().parents[1] / "bench_fixtures"
SUMMARY = "performance-issue/summary"


@pytest.fixture
def bench_dir(card_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The card's folder is also where the editor was started: relative paths start there."""
    shutil.copy(FIXTURES / "pytest_benchmark.json", card_dir / "pytest_benchmark.json")
    (card_dir / "broken.json").write_text('{"benchmarks": [{"name": "x", "stats": {', "utf-8")
    monkeypatch.chdir(card_dir)
    return card_dir


async def _open_dialog(pilot, ui) -> BenchImportScreen:
    """Through the palette, as a person does: ctrl+p, the command's name, enter."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await ui.wait_for(pilot, lambda: app.screen.id != "editor", what="the palette")
    await ui.type_text(pilot, "Import benchmark")
    await ui.settle(pilot)
    await pilot.press("enter")
    await ui.wait_for(
        pilot, lambda: isinstance(app.screen, BenchImportScreen), what="the import dialog"
    )
    return app.screen


def _preview(dialog: BenchImportScreen) -> str:
    return str(dialog.query_one("#preview", Static).render())


async def test_a_file_is_previewed_then_imported_as_one_undo_step(perf7, bench_dir, ui) -> None:
    original = perf7.read_text()
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        # a text area has the focus when the dialog closes: ctrl+z is still the card's
        await ui.focus_field(pilot, SUMMARY)
        dialog = await _open_dialog(pilot, ui)
        # the sample already has Before numbers: these are taken as After
        assert dialog.request().side == "after"
        await ui.type_text(pilot, "pytest_b")
        await ui.wait_for(
            pilot,
            lambda: dialog.query_one("#file", Input)._suggestion == "pytest_benchmark.json",
            what="the file name completion",
        )
        await pilot.press("right")  # takes the completion
        assert dialog.query_one("#file", Input).value == "pytest_benchmark.json"
        await ui.wait_for(
            pilot, lambda: "2 results from pytest-benchmark" in _preview(dialog), what="preview"
        )
        preview = _preview(dialog)
        assert "test_parse_orders_page › After: (empty) → '100.1µs (p95)'" in preview
        assert "Benchmark Results › After Optimization: 3 lines (was 6)" in preview
        assert app.card.card.text == original  # a preview changes nothing
        await pilot.press("enter")
        await ui.wait_for(pilot, lambda: app.screen.id == "editor", what="the editor back")
        await ui.settle(pilot)
        text = app.card.card.text
        assert "| test_parse_orders_page | | 100.1µs (p95) | |" in text
        assert "# bench import: pytest_benchmark.json (pytest-benchmark, p95)" in text
        said = [n.text for n in ui.notices(app)]
        assert any(s.startswith("Imported 2 results from pytest_benchmark.json") for s in said)
        await pilot.press("ctrl+z")  # the whole import, in one step
        await ui.settle(pilot)
        assert app.card.card.text == original


async def test_a_broken_file_is_refused_in_the_dialog_and_nothing_changes(
    perf7, bench_dir, ui
) -> None:
    original = perf7.read_text()
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        dialog = await _open_dialog(pilot, ui)
        await ui.type_text(pilot, "broken.json")
        await ui.wait_for(pilot, lambda: "broken.json" in _preview(dialog), what="the refusal")
        refusal = _preview(dialog)
        assert "\n" not in refusal.strip()  # one line that says what and where
        assert dialog.query_one("#import", Button).disabled
        await pilot.press("enter")  # refused: the dialog stays
        await ui.settle(pilot)
        assert app.screen is dialog
        await pilot.press("escape")
        await ui.wait_for(pilot, lambda: app.screen.id == "editor", what="the editor back")
        assert app.card.card.text == original


async def test_enter_typed_before_the_preview_imports_once_it_is_ready(
    perf7, bench_dir, ui
) -> None:
    """Enter right behind the last letter of the path is not lost: the import waits for the
    file to be read, then happens."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await _open_dialog(pilot, ui)
        await ui.type_text(pilot, "pytest_benchmark.json")
        await pilot.press("enter")
        await ui.wait_for(pilot, lambda: app.screen.id == "editor", what="the import")
        await ui.settle(pilot)
        assert "| test_encode_orders_page | | 141.1µs (p95) | |" in app.card.card.text


def test_paths_complete_from_the_folder_typed(tmp_path: Path) -> None:
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "go-bench.txt").write_text("x")
    (tmp_path / "results" / ".hidden.json").write_text("x")
    (tmp_path / "readme.md").write_text("x")
    assert complete_path("res", tmp_path) == "results/"
    assert complete_path("results/g", tmp_path) == "results/go-bench.txt"
    assert complete_path("results/", tmp_path) == "results/go-bench.txt"  # hidden files wait
    assert complete_path("results/.h", tmp_path) == "results/.hidden.json"
    assert complete_path(str(tmp_path / "rea"), Path("/nowhere")) == str(tmp_path / "readme.md")
    assert complete_path("nothing", tmp_path) is None
    assert complete_path("missing/x", tmp_path) is None
