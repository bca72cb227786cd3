"""Finding one's way: --goto, help, the palette, narrow terminals, missing and foreign sections."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from rich.console import Console
from textual.command import CommandPalette
from textual.widgets import Input, Static, TextArea

from perfcard_tui.app.screens.help import HelpScreen
from perfcard_tui.app.widgets.fields import FieldWidget
from perfcard_tui.app.widgets.key_footer import KeyFooter
from perfcard_tui.app.widgets.raw_section import RawSectionWidget
from perfcard_tui.app.widgets.section_tree import SectionTree
from perfcard_tui.core import edits
from perfcard_tui.core.parse import PREAMBLE_KEY, TITLE_KEY, parse_card

WHY_SLOW = "root-cause/why-this-is-slow"


def as_text(content: object, width: int = 200) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(content)
    return console.file.getvalue()  # type: ignore[attr-defined]


@pytest.fixture
def without_why_slow(perf7: Path) -> tuple[Path, str, int]:
    """PERF-7 with its "Why This Is Slow" section cut out: (path, text, where it was)."""
    card = parse_card(perf7.read_text())
    start, end = card.section_span(WHY_SLOW)
    text = card.text[:start] + card.text[end:]
    perf7.write_text(text)
    return perf7, text, start


async def test_goto_option_focuses_that_field(perf7: Path, ui) -> None:
    app = ui.make_app(perf7, goto="current-value")
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.wait_for(pilot, lambda: isinstance(app.focused, Input), what="a focused input")
        assert app.editor.section_key == "current-performance/primary-metric"
        focused = app.focused
        assert isinstance(focused, Input) and focused.value == "420ms (p95)"
        owner = next(a for a in focused.ancestors if isinstance(a, FieldWidget))
        assert owner.field.path == "current-performance/primary-metric/current-value"


async def test_goto_a_table_cell_focuses_that_cell(perf7: Path, ui) -> None:
    # a cell path names one cell, not the table: typing goes there, not into the first cell
    app = ui.make_app(perf7, goto="benchmarking/performance-comparison/table/row-1/after")
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.wait_for(pilot, lambda: isinstance(app.focused, Input), what="a focused input")
        focused = app.focused
        assert isinstance(focused, Input) and focused.value == "240ms"


async def test_next_section_key_focuses_the_sections_first_field(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        assert isinstance(app.focused, TextArea)  # the first section's first field
        target = "current-performance"
        await pilot.press("f8")  # goto(), F4 and enter in the tree go the same way
        await ui.settle(pilot)
        await ui.wait_for(  # the focus follows the form's widgets, built a frame or two later
            pilot,
            lambda: getattr(ui.field_widget(app.focused), "section_key", None) == target,
            what=f"the focus on a field of {target}",
        )
        assert app.editor.section_key == target
        owner = next((a for a in app.focused.ancestors if isinstance(a, FieldWidget)), None)
        assert owner is not None, f"focus is on {app.focused!r}, not on a field"
        assert owner.section_key == target


# f7 is TextArea's "select all": the previous-section key is shift+f8 (and ctrl+up), which a
# text area leaves alone
async def test_previous_section_key_works_in_a_text_area(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.editor.open_section("current-performance")
        await ui.settle(pilot)
        area = app.editor.query_one("#form").query_one(TextArea)  # the section's summary
        area.focus()
        await pilot.pause()
        await pilot.press("shift+f8")
        await ui.settle(pilot)
        assert area.selected_text == ""
        assert app.editor.section_key == "performance-issue"


async def test_f1_help_lists_keys_and_palette_has_go_to_and_add_section(
    without_why_slow, ui
) -> None:
    path, _, _ = without_why_slow
    app = ui.make_app(path)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("f1")
        await ui.settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(as_text(static.content) for static in app.screen.query(Static))
        rows = {line.split()[0]: line for line in text.splitlines() if line.strip()}
        for key, what in [
            ("^s", "Save the card"),
            ("^q", "Quit"),
            ("f1", "Show the keys"),
            ("^z", "Undo"),
            ("^r", "raw markdown"),
            ("f2", "live preview"),
            ("^b", "section tree"),
            ("f8", "next section"),
            ("f4", "next finding"),
            ("a", "missing template section"),
            ("^n", "Add a table row"),
            ("^o", "computed improvement"),
            ("ctrl+p", "Command palette"),
        ]:
            assert what.lower() in rows.get(key, "").lower(), f"help has no line for {key}: {what}"
        await pilot.press("escape")
        await ui.settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Add section: Why This Is Slow" in titles
        assert "Go to: Root Cause" in titles
        assert "Go to: Performance Comparison" in titles
        for title in ("Save", "Toggle preview", "Toggle raw markdown", "Next finding", "Copy card"):
            assert title in titles
        await pilot.press("ctrl+p")
        await ui.settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await ui.settle(pilot)
        # the palette's command does what it says
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Go to: Root Cause"
        )
        command.callback()
        await ui.settle(pilot)
        assert app.editor.section_key == "root-cause"


async def test_missing_section_is_dimmed_and_a_adds_it_in_template_position(
    without_why_slow, ui
) -> None:
    path, text, at = without_why_slow
    app = ui.make_app(path)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        tree = app.editor.query_one(SectionTree)
        node = tree.node_for(WHY_SLOW, missing=True)
        assert node is not None and node.data is not None and node.data.missing
        assert "(missing)" in str(node.label)
        assert all("dim" in str(span.style) for span in node.label.spans)  # type: ignore[union-attr]
        # it hangs under its parent, after the sections the card has there
        assert node.parent is tree.node_for("root-cause")
        tree.select_key(WHY_SLOW, missing=True)
        tree.focus()
        await pilot.pause()
        await pilot.press("a")
        await ui.settle(pilot)
        assert WHY_SLOW in app.card.card.section_index
        assert tree.node_for(WHY_SLOW, missing=True) is None
        assert tree.node_for(WHY_SLOW) is not None and WHY_SLOW in tree.section_keys
        await ui.save(pilot)
    saved = path.read_text()
    assert saved.startswith(text[:at]) and saved.endswith(text[at:])  # nothing else moved
    inserted = saved[at : len(saved) - (len(text) - at)]
    assert inserted.startswith("### Why This Is Slow\n")
    sections = [s.key for s in parse_card(saved).sections]
    assert sections.index(WHY_SLOW) == sections.index("root-cause/profiling-data") + 1
    assert sections[sections.index(WHY_SLOW) + 1] == "optimization-approach"


async def test_added_section_is_opened_and_selected(without_why_slow, ui) -> None:
    path, _, _ = without_why_slow
    app = ui.make_app(path)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        tree = app.editor.query_one(SectionTree)
        tree.select_key(WHY_SLOW, missing=True)
        tree.focus()
        await pilot.pause()
        await pilot.press("a")
        await ui.settle(pilot)
        assert tree.cursor_node is not None and tree.cursor_node.data.key == WHY_SLOW
        assert app.editor.section_key == WHY_SLOW


async def test_narrow_terminals_fold_preview_then_tree(perf7: Path, ui) -> None:
    """Under 120 columns the preview folds away, under 80 the tree too; nothing overlaps."""
    app = ui.make_app(perf7)
    async with app.run_test(size=(100, 30)) as pilot:
        editor = app.editor
        tree, form, preview = (editor.query_one(f"#{name}") for name in ("tree", "form", "preview"))
        for size, tree_shown, preview_shown in [
            ((100, 30), True, False),
            ((80, 24), True, False),
            ((70, 24), False, False),
            ((160, 50), True, True),
        ]:
            await pilot.resize_terminal(*size)
            await ui.settle(pilot)
            assert (tree.display, preview.display) == (tree_shown, preview_shown), size
            shown = [w for w in (tree, form, preview) if w.display]
            # side by side, within the screen, and the form wide enough to type in
            for left, right in itertools.pairwise(shown):
                assert left.region.right <= right.region.x, size
            assert all(w.region.right <= size[0] for w in shown), size
            assert form.region.width >= 40, size
        # the toggles still work when narrow
        await pilot.resize_terminal(80, 24)
        await ui.settle(pilot)
        await pilot.press("f2", "ctrl+b")
        await ui.settle(pilot)
        assert preview.display and not tree.display


def _foreign_cards() -> list[Path]:
    corpus = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "foreign"
    return sorted(corpus.glob("*.md")) if corpus.is_dir() else []


@pytest.mark.skipif(not _foreign_cards(), reason="shared foreign corpus absent")
async def test_foreign_card_opens_and_raw_edit_saves_only_that_section(copy, ui) -> None:
    source = next(p for p in _foreign_cards() if p.name.startswith("perf-optimize-queries"))
    path = copy(source)
    original = path.read_bytes()
    assert b"\r\n" in original
    card = parse_card(original.decode())
    app = ui.make_app(path)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        # every heading of the card is in the tree, in order
        tree = app.editor.query_one(SectionTree)
        keys = [s.key for s in card.sections if s.key not in (PREAMBLE_KEY, TITLE_KEY)]
        assert tree.section_keys == keys
        # a section the template does not know is edited as its markdown
        key = "performance-issues/current-metrics"
        assert key in keys
        app.editor.open_section(key)
        await ui.settle(pilot)
        raw = app.editor.query_one(RawSectionWidget)
        area = raw.query_one(TextArea)
        area.focus()
        lines = area.text.split("\r\n")
        row = next(i for i, line in enumerate(lines) if line.strip())
        area.move_cursor((row, len(lines[row])))
        await pilot.pause()
        await ui.type_text(pilot, "Z")
        await ui.settle(pilot)
        await ui.save(pilot)
    after = path.read_bytes()
    start, end = card.body_span(key)
    head, tail = original.decode()[:start], original.decode()[end:]
    text = after.decode()
    assert text.startswith(head) and text.endswith(tail)
    body = text[len(head) : len(text) - len(tail)]
    assert body == card.body(key).replace(lines[row], lines[row] + "Z", 1)
    assert after.count(b"\n") == after.count(b"\r\n") == original.count(b"\r\n")  # CRLF kept


@pytest.mark.skipif(not _foreign_cards(), reason="shared foreign corpus absent")
@pytest.mark.parametrize(
    "source",
    [p for p in _foreign_cards() if not p.name.startswith("perf-optimize-queries")],
    ids=lambda p: p.name[:24],
)
async def test_every_foreign_card_opens_and_saves_unchanged(copy, ui, source: Path) -> None:
    path = copy(source)
    original = path.read_bytes()
    app = ui.make_app(path)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        tree = app.editor.query_one(SectionTree)
        keys = [s.key for s in app.card.card.sections if s.key not in (PREAMBLE_KEY, TITLE_KEY)]
        assert tree.section_keys == keys
        assert app.editor.section_key == keys[0]
        assert not app.card.dirty  # looking is not editing
        await ui.save(pilot)
    assert path.read_bytes() == original


async def test_template_section_toggled_raw_saves_only_its_bytes(perf7: Path, ui) -> None:
    original = perf7.read_text()
    card = parse_card(original)
    key = "related-cards/enables"
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.editor.open_section(key)
        await ui.settle(pilot)
        assert app.editor.query(FieldWidget)
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        assert not app.editor.query(FieldWidget)
        area = app.editor.query_one(RawSectionWidget).query_one(TextArea)
        area.focus()
        row = area.text.split("\n").index(
            "**Enables**: PERF-9 - Stream CSV export of large order histories"
        )
        area.move_cursor((row, len(area.document.get_line(row))))
        await pilot.pause()
        await ui.type_text(pilot, "!")
        await ui.settle(pilot)
        await ui.save(pilot)
        await pilot.press("ctrl+r")  # and back to the form, which shows the new text
        await ui.settle(pilot)
        assert not app.editor.query(RawSectionWidget)
        assert any(w.field.value.endswith("histories!") for w in app.editor.query(FieldWidget))
    expected = edits.set_field(card, f"{key}/enables", card.field(f"{key}/enables").value + "!")
    assert perf7.read_text() == expected.text


async def test_footer_shows_save_and_help_at_80x24(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.settle(pilot)
        keys = {key.key: key for key in app.screen.query_one(KeyFooter).keys}
        palette = keys.pop("ctrl+p")  # at the right end of the row
        for key in ("ctrl+q", "ctrl+s", "f1"):
            assert key in keys, f"{key} is not in the footer"
            assert keys[key].end <= palette.start, f"{key} is cut off the footer"
