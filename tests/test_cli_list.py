"""``perfcard-tui list DIR``: bad input is one line and exit 2; the JSON rows are the board's
rows (one function); the table fits the terminal, lists non-cards after it, and shows card text
safe."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from perfcard_tui.cli import main
from perfcard_tui.cli.list import cell_width, table_lines
from perfcard_tui.core.board import Cache, read_board

TESTS = Path(__file__).resolve().parent
GITBAN_REPO = TESTS / "gitban_repo"
SAMPLES = TESTS.parent / "sample_cards"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return Path(shutil.copytree(GITBAN_REPO, tmp_path / "repo"))


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- bad input first ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["{tmp}/missing"], "missing: no such folder"),
        (["{tmp}/card.md"], "card.md: not a folder (list takes a folder of cards)"),
        (["{repo}", "--sort", "size"], "cannot sort by 'size'"),
        (["{repo}", "--filter", "state:todo"], "unknown filter key 'state'"),
        (["{repo}", "--filter", "p:high"], "priority 'high'"),
        (["{repo}", "--template", "{tmp}/nope.md"], "nope.md: cannot read the template"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, repo: Path, args: list[str], says: str
) -> None:
    (tmp_path / "card.md").write_text("# A card\n", "utf-8")
    argv = [a.format(tmp=tmp_path, repo=repo) for a in args]
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    code, out, err = run(capsys, "list", *argv)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("perfcard-tui: ") and says in err, err
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == before
    assert not (tmp_path / "xdg-cache").exists()  # nothing was read, so nothing cached


# -- JSON for scripts --------------------------------------------------------------------------


def test_json_rows_are_the_boards_rows(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, out, err = run(capsys, "list", repo, "--json", "--archived")
    assert code == 0 and err == ""
    data = json.loads(out)
    board = read_board(str(repo), cache=Cache())
    assert data["rows"] == [row.to_json() for row in board.rows]  # one function, one shape
    assert data["folder"] == str(repo / ".gitban" / "cards")
    assert [os.path.basename(o["path"]) for o in data["others"]] == ["README.md", "SUMMARY.md"]
    assert {o["why"] for o in data["others"]} == {"not named like a gitban card"}


def test_archived_hidden_unless_asked(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    shown = json.loads(run(capsys, "list", repo, "--json")[1])["rows"]
    every = json.loads(run(capsys, "list", repo, "--json", "--archived")[1])["rows"]
    assert len(every) == 16 and len(shown) == 13
    assert not any(row["archived"] for row in shown)


def test_filter_and_sort(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, out, _ = run(capsys, "list", repo, "--json", "--filter", "type:bug", "--sort=-status")
    rows = json.loads(out)["rows"]
    assert code == 0 and {r["type"] for r in rows} == {"bug"}
    assert [r["status"] for r in rows] == ["in_progress", "in_progress", "todo", "todo"]
    out = run(capsys, "list", repo, "--json", "--filter", "is:duplicate", "--sort", "status")[1]
    assert [(r["id"], r["status"]) for r in json.loads(out)["rows"]] == [
        ("x7y7z7", "todo"),
        ("x7y7z7", "in_progress"),
    ]


def test_no_cache_leaves_no_cache(
    capsys: pytest.CaptureFixture[str], repo: Path, tmp_path: Path
) -> None:
    assert run(capsys, "list", repo, "--no-cache")[0] == 0
    assert not (tmp_path / "xdg-cache").exists()
    assert run(capsys, "list", repo)[0] == 0
    assert (tmp_path / "xdg-cache" / "perfcard-tui" / "cards").is_dir()


# -- the table for people ---------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_the_table_fits_the_terminal(
    capsys: pytest.CaptureFixture[str],
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    width: int,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, _ = run(capsys, "list", repo, "--archived")
    table, _, rest = out.partition("\n\n")
    lines = table.splitlines()
    assert code == 0 and lines[0].startswith("ID") and "TITLE" in lines[0]
    assert all(cell_width(line) <= width for line in lines[:-1]), "\n".join(lines)
    assert lines[-1].startswith("16 cards in ") and "the same ID in another file" in lines[-1]
    assert rest.splitlines()[0] == "Not cards (2):"
    assert rest.rstrip().endswith("SUMMARY.md  (not named like a gitban card)")
    if width >= 120:
        assert "OWNER" in lines[0] and "ALICE" in table


def test_card_text_never_drives_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    text = (SAMPLES / "PERF-7.md").read_text("utf-8")
    title = "# PERF-7: \x1b]0;pwned\x07 p95 \u202eregression"
    (folder / "PERF-7.md").write_text(title + text[text.index("\n") :], "utf-8")
    (folder / "README\x1b[2J.md").write_text("# x\n", "utf-8")
    out = run(capsys, "list", folder)[1]
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "␛]0;pwned␇" in out
    raw = run(capsys, "list", folder, "--json")[1]
    assert "\x1b" not in raw and "\u202e" not in raw and "\\u202e" in raw
    assert json.loads(raw)["rows"][0]["title"] == title[2:]  # the real text, escaped


def test_wide_titles_are_cut_by_columns() -> None:
    board = read_board(str(SAMPLES))
    row = board.rows[0]
    wide = type(row)(**{**row.to_json(), "title": "性能" * 40})
    lines = table_lines([wide], 70)
    assert all(cell_width(line) <= 70 for line in lines) and "…" in lines[1]
