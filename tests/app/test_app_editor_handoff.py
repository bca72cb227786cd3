"""ctrl+e hands the focused field (else the open section's markdown) to $VISUAL / $EDITOR.

``run_test`` cannot suspend the app, so the part that runs the editor on the terminal
(``editor_handoff.run_in_terminal``) is replaced by :class:`FakeEditor`, which edits the temp
file the way an editor would; everything around it (the temp file, the command line, the way
back into the card) is the app's own.
"""

from __future__ import annotations

import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from perfcard_tui.app import editor_handoff
from perfcard_tui.app.app import PerfCardApp
from perfcard_tui.app.widgets.raw_section import RawSectionWidget
from perfcard_tui.app.widgets.section_tree import SectionTree
from perfcard_tui.core.buffer import CardBuffer

EFFORT = "performance-issue/estimated-effort"
ITEM = "benchmarking/success-criteria/no-regression-in-other-metrics"
CODE = "optimization-approach/code-changes/before-slow"
CELL = "benchmarking/performance-comparison/table/row-1/after"
ISSUE = "performance-issue"


@dataclass(frozen=True)
class Run:
    command: list[str]
    path: Path
    handed: str
    """The file's text as the editor found it."""
    mode: int
    folder_mode: int


@dataclass
class FakeEditor:
    """Stands in for ``run_in_terminal``: reads the temp file, writes ``rewrite(text)`` back
    (None: leaves it), exits with ``status``."""

    rewrite: Callable[[str], str | None]
    status: int = 0
    runs: list[Run] = field(default_factory=list)

    def __call__(self, app: Any, command: list[str]) -> int:
        path = Path(command[-1])
        handed = path.read_text(encoding="utf-8")
        self.runs.append(
            Run(
                command,
                path,
                handed,
                stat.S_IMODE(path.stat().st_mode),
                stat.S_IMODE(path.parent.stat().st_mode),
            )
        )
        new = self.rewrite(handed)
        if new is not None:
            path.write_text(new, encoding="utf-8")
        return self.status


@pytest.fixture(autouse=True)
def _editor_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """``$EDITOR`` with an argument, no ``$VISUAL``, temp files in this test's own folder."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "code --wait")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


def fake(monkeypatch: pytest.MonkeyPatch, editor: FakeEditor) -> FakeEditor:
    monkeypatch.setattr(editor_handoff, "run_in_terminal", editor)
    return editor


def value(app: PerfCardApp, path: str) -> str:
    return app.card.card.field(path).value


async def test_a_field_comes_back_as_one_undo_step(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = fake(monkeypatch, FakeEditor(lambda text: text.replace("3-4 days + QA", "5 days")))
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        box = await ui.focus_field(pilot, EFFORT)
        await pilot.press("end")
        await ui.type_text(pilot, " + QA")
        await pilot.press("ctrl+e")
        await ui.settle(pilot)
        [run] = editor.runs
        assert run.command[:2] == ["code", "--wait"]  # $EDITOR's own argument kept
        assert run.handed == "3-4 days + QA\n"  # what was typed just before, in the file
        assert run.path.name == "PERF-7.estimated-effort.txt"
        assert (run.mode, run.folder_mode) == (0o600, 0o700)
        assert not run.path.parent.exists()  # removed afterwards
        assert value(app, EFFORT) == "5 days"
        await ui.wait_for(pilot, lambda: box.value == "5 days", what="the field to show it")
        assert any("took the text from code" in n.text for n in ui.notices(app))
        await pilot.press("ctrl+z")  # the editor's text: one step of its own
        await ui.settle(pilot)
        assert value(app, EFFORT) == "3-4 days + QA"
        await pilot.press("ctrl+z")  # the typing before it
        await ui.settle(pilot)
        assert value(app, EFFORT) == "3-4 days"
        assert not app.card.dirty


async def test_visual_wins_over_editor(perf7: Path, ui, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "'my editor' -nw")
    editor = fake(monkeypatch, FakeEditor(lambda text: None))
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, EFFORT)
        await pilot.press("ctrl+e")
        await ui.settle(pilot)
        assert editor.runs[0].command[:2] == ["my editor", "-nw"]
        assert not app.card.dirty
        assert any("no change" in n.text for n in ui.notices(app))


async def test_refused_text_is_kept_set_aside_and_offered_again(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    replies = iter(["two\nlines\n", None, "One line again\n"])
    editor = fake(monkeypatch, FakeEditor(lambda text: next(replies)))
    original = perf7.read_bytes()
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, ITEM)
        await pilot.press("ctrl+e")
        await ui.settle(pilot)
        refusal = [n for n in ui.notices(app) if "not applied" in n.text]
        assert len(refusal) == 1 and refusal[0].severity == "error"
        assert "\n" not in refusal[0].text and "one line" in refusal[0].text
        assert "ctrl+e opens your text again" in refusal[0].text
        assert value(app, ITEM) == "No regression in other metrics" and not app.card.dirty
        folder = tmp_path / "state" / "perfcard-tui" / "set-aside"
        await ui.wait_for(pilot, lambda: any(folder.glob("PERF-7.*.md")), what="the copy")
        [kept] = folder.glob("PERF-7.*.md")
        assert kept.read_text(encoding="utf-8") == "two\nlines"
        assert any(str(kept) in n.text for n in ui.notices(app))  # where it is, said

        await pilot.press("ctrl+e")  # opens the refused text; left as it is, refused again
        await ui.settle(pilot)
        assert editor.runs[1].handed == "two\nlines\n"
        assert len(list(folder.iterdir())) == 1  # the same text is not set aside twice

        await pilot.press("ctrl+e")  # still offered; this time mended
        await ui.settle(pilot)
        assert editor.runs[2].handed == "two\nlines\n"
        assert value(app, "benchmarking/success-criteria/one-line-again") == "One line again"
        await ui.save(pilot)
    assert perf7.read_bytes() == original.replace(
        b"- [x] No regression in other metrics", b"- [x] One line again"
    )


async def test_a_non_zero_exit_changes_nothing(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = fake(monkeypatch, FakeEditor(lambda text: "5 days\n", status=1))
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, EFFORT)
        await pilot.press("ctrl+e")
        await ui.settle(pilot)
        assert len(editor.runs) == 1
        assert value(app, EFFORT) == "3-4 days" and not app.card.dirty
        assert any("ended with status 1: nothing changed" in n.text for n in ui.notices(app))
        assert not editor.runs[0].path.parent.exists()


async def test_an_editor_that_cannot_start_changes_nothing(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch, _editor_env: Path
) -> None:
    def missing(app: Any, command: list[str]) -> int:
        raise FileNotFoundError(2, "No such file or directory", command[0])

    monkeypatch.setattr(editor_handoff, "run_in_terminal", missing)
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, EFFORT)
        await pilot.press("ctrl+e")
        await ui.settle(pilot)
        said = [n.text for n in ui.notices(app) if "Nothing changed" in n.text]
        assert said == ["Nothing changed: could not start code: No such file or directory"]
        assert not app.card.dirty
    assert list(_editor_env.iterdir()) == []


async def test_headless_cannot_suspend_and_says_so(perf7: Path, ui, _editor_env: Path) -> None:
    """No fake here: Textual's headless driver cannot suspend."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, EFFORT)
        await pilot.press("ctrl+e")
        await ui.settle(pilot)
        said = [n for n in ui.notices(app) if "Nothing changed" in n.text]
        assert len(said) == 1 and "cannot be handed to an editor" in said[0].text
        assert not app.card.dirty
    assert list(_editor_env.iterdir()) == []  # the temp folder went too


async def test_code_cells_and_the_section_get_their_own_files(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = fake(monkeypatch, FakeEditor(lambda text: None))
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, CODE)
        await pilot.press("ctrl+e")
        await ui.settle(pilot)
        await ui.focus_field(pilot, CELL)  # the table: its first cell
        cell = app.editor.query_one("#cell-1-2", Input)
        cell.focus()
        await pilot.pause()
        await pilot.press("ctrl+e")
        await ui.settle(pilot)
        code, after = editor.runs
        assert code.path.suffix == ".py" and code.handed == value(app, CODE)
        assert code.handed.startswith("# orders/views.py (release 2026.11.3)\n")
        assert after.path.name == "PERF-7.table-row-1-after.txt" and after.handed == "240ms\n"
        assert not app.card.dirty


async def test_no_field_focused_hands_the_section_markdown(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = fake(monkeypatch, FakeEditor(lambda text: text.replace("3-4 days", "2 days")))
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.editor.open_section(ISSUE)
        await ui.settle(pilot)
        app.editor.query_one(SectionTree).focus()
        await pilot.pause()
        await pilot.press("ctrl+e")
        await ui.settle(pilot)
        [run] = editor.runs
        assert run.path.name == "PERF-7.performance-issue.md"
        assert run.handed == app.card.card.body(ISSUE).replace("2 days", "3-4 days")
        assert value(app, EFFORT) == "2 days"
        await pilot.press("ctrl+z")
        await ui.settle(pilot)
        assert value(app, EFFORT) == "3-4 days" and not app.card.dirty


async def test_markdown_that_adds_a_section_waits_for_ctrl_o(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake(monkeypatch, FakeEditor(lambda text: text + "## Follow-up\n\nLater.\n"))
    original = perf7.read_text(encoding="utf-8")
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.editor.open_section(ISSUE)
        await ui.settle(pilot)
        app.editor.query_one(SectionTree).focus()
        await pilot.pause()
        await pilot.press("ctrl+e")
        await ui.settle(pilot)
        assert app.card.card.text == original  # held, not applied (DECISIONS 27)
        assert ISSUE in app.editor.raw_held
        raw = app.editor.query_one(RawSectionWidget)
        assert raw.held is not None and raw.text.endswith("## Follow-up\n\nLater.\n")
        assert any("ctrl+o applies it" in n.text for n in ui.notices(app))
        await ui.wait_for(pilot, lambda: app.focused is not None and raw in app.focused.ancestors)
        await pilot.press("ctrl+o")
        await ui.settle(pilot)
        assert "## Follow-up\n\nLater.\n" in app.card.card.text
        assert ISSUE not in app.editor.raw_held


async def test_the_palette_entry_runs_it(perf7: Path, ui, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = fake(monkeypatch, FakeEditor(lambda text: "1 day\n"))
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, EFFORT)
        await pilot.press("ctrl+p")
        await ui.wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await ui.type_text(pilot, "Edit in")

        def listed() -> bool:
            options = app.screen.query_one(OptionList).options
            return any("Edit in $EDITOR" in str(o.prompt) for o in options)

        await ui.wait_for(pilot, listed, what="the palette entry")
        await pilot.press("enter")
        await ui.wait_for(pilot, lambda: len(editor.runs) == 1, what="the editor's run")
        await ui.settle(pilot)
        assert value(app, EFFORT) == "1 day"  # the field focused before the palette opened


async def test_review_has_no_hand_off(perf7: Path, ui, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = fake(monkeypatch, FakeEditor(lambda text: "changed\n"))
    app = PerfCardApp(CardBuffer.open(perf7), watch=False, review=True)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("ctrl+e")
        await ui.settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Edit in $EDITOR" not in titles
    assert editor.runs == []
    editor_app = ui.make_app(perf7)
    async with editor_app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        titles = [command.title for command in editor_app.get_system_commands(editor_app.screen)]
        assert "Edit in $EDITOR" in titles
        await pilot.press("ctrl+t")  # the review of the editor's buffer
        await ui.settle(pilot)
        await pilot.press("ctrl+e")
        await ui.settle(pilot)
        titles = [command.title for command in editor_app.get_system_commands(editor_app.screen)]
        assert "Edit in $EDITOR" not in titles
    assert editor.runs == []


@pytest.mark.parametrize(
    ("environ", "command"),
    [
        ({}, ["vi"]),
        ({"EDITOR": "emacs -nw"}, ["emacs", "-nw"]),
        ({"VISUAL": "", "EDITOR": "nano"}, ["nano"]),
        ({"VISUAL": "code --wait", "EDITOR": "nano"}, ["code", "--wait"]),
        ({"EDITOR": "'/opt/my editor/bin/ed' -s"}, ["/opt/my editor/bin/ed", "-s"]),
    ],
)
def test_the_editor_command(environ: dict[str, str], command: list[str]) -> None:
    assert editor_handoff.editor_command(environ) == command


def test_an_editor_command_shlex_cannot_split_is_an_error() -> None:
    with pytest.raises(ValueError):
        editor_handoff.editor_command({"EDITOR": "vim '"})


@pytest.mark.parametrize(
    ("info", "suffix"),
    [("python", ".py"), ("Go", ".go"), ("yaml title=x", ".yaml"), ("", ".txt"), ("zzz", ".txt")],
)
def test_a_code_blocks_extension_is_its_languages(info: str, suffix: str) -> None:
    assert editor_handoff.code_suffix(info) == suffix
