"""The board's rows: finding the cards in a folder tree, a row per card from its name and from
reading it, duplicated IDs, filtering and sorting (``perfcard_tui.core.board``)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfcard_tui.core.board import (
    QueryError,
    Row,
    filter_rows,
    make_rows,
    parse_query,
    read_board,
    row_for,
    scan,
    sort_rows,
)
from perfcard_tui.core.board.query import SORT_COLUMNS
from perfcard_tui.core.board.row import ROW_FIELDS, CardFacts, remake_rows
from perfcard_tui.core.board.scan import CardFile, not_a_card, scan_steps

TESTS = Path(__file__).resolve().parent
GITBAN_REPO = TESTS / "gitban_repo"
SAMPLES = TESTS.parent / "sample_cards"
CARDS = ".gitban/cards"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return Path(shutil.copytree(GITBAN_REPO, tmp_path / "repo"))


def names(paths: object) -> list[str]:
    return [os.path.basename(str(p)) for p in paths]  # type: ignore[attr-defined]


# -- finding the cards ------------------------------------------------------------------------


def test_a_repository_stands_for_its_gitban_cards(repo: Path) -> None:
    found = scan(str(repo))
    assert found.folder == str(repo / CARDS)
    assert len(found.cards) == 16  # 13 on the board, 3 archived
    assert names(o.path for o in found.others) == ["README.md", "SUMMARY.md"]
    listed = [c.path for c in found.cards] + [o.path for o in found.others]
    assert not any("/.lock/" in p or p.endswith(".json") for p in listed)
    assert [c.path for c in found.cards] == sorted(c.path for c in found.cards)
    archived = {os.path.basename(c.path) for c in found.cards if c.archived}
    assert archived == {
        "done-P2-chore-remove-stale-screenshots-h6j5k4.md",
        "done-P0-bug-lost-keys-on-startup-b3v7qp.md",
        "EDITORV1-done-P1-feature-session-log-form-w9e2rt-BOB.md",
    }
    assert all(c.stamp is not None and c.name is not None for c in found.cards)


def test_an_archive_given_alone_is_archived(repo: Path) -> None:
    found = scan(str(repo / CARDS / "archive" / "sprints"))
    assert len(found.cards) == 2 and all(c.archived for c in found.cards)
    assert names(o.path for o in found.others) == ["SUMMARY.md"]


def test_a_plain_folder_of_cards(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(SAMPLES, tmp_path / "cards"))
    (folder / "README.md").write_text("# About these cards\n", "utf-8")
    (folder / "archive").mkdir()
    shutil.copy(SAMPLES / "PERF-7.md", folder / "archive" / "PERF-7.md")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "PERF-1.md").write_text("# PERF-1\n", "utf-8")
    found = scan(str(folder))
    # by path: "cards/PERF-3.md" < "cards/archive/…" (upper case first)
    assert names(c.path for c in found.cards) == [
        "PERF-3.md",
        "PERF-7.md",
        "PERF-9.md",
        "PERF-7.md",
    ]
    assert [c.archived for c in found.cards] == [False, False, False, True]
    assert [(os.path.basename(o.path), o.why) for o in found.others] == [
        ("README.md", "a repository document")
    ]
    rows = make_rows(found.cards)
    assert [r.id for r in rows] == ["PERF-3", "PERF-7", "PERF-9", "PERF-7"]
    assert [r.duplicate for r in rows] == [False, True, False, True]


def test_what_is_not_a_card() -> None:
    assert not_a_card("SUMMARY.md", gitban=True) == "not named like a gitban card"
    assert not_a_card("todo-P1-bug-crash-x7y7z7.md", gitban=True) is None
    assert not_a_card("PERF-7.md", gitban=False) is None
    assert not_a_card("CHANGELOG.md", gitban=False) == "a repository document"
    assert not_a_card("readme.MD", gitban=False) == "a repository document"


@pytest.mark.parametrize("bad", ["missing", "file"])
def test_scanning_what_is_not_a_folder_raises(tmp_path: Path, bad: str) -> None:
    target = tmp_path / bad
    if bad == "file":
        target.write_text("# x\n", "utf-8")
    with pytest.raises(OSError):
        scan(str(target))


# -- rows from names alone, then from reading -------------------------------------------------


def test_rows_from_names_alone_need_no_read(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    card = (
        repo / CARDS / "SPRINT7-in_progress-P0-bug-login-fails-after-session-expiry-k3m9qa-ALICE.md"
    )

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a card was opened")

    with monkeypatch.context() as patched:  # scanning and the rows open no file
        patched.setattr("builtins.open", no_reading)
        patched.setattr("os.open", no_reading)
        (row,) = make_rows([c for c in scan(str(repo)).cards if c.path == str(card)])
    assert (row.id, row.type, row.status, row.priority, row.sprint, row.owner) == (
        "k3m9qa",
        "bug",
        "in_progress",
        0,
        "SPRINT7",
        "ALICE",
    )
    assert row.title == "login fails after session expiry" and not row.read
    assert row.done is None and row.errors is None and row.sessions is None


def test_read_board_rows_of_a_gitban_repository(repo: Path) -> None:
    board = read_board(str(repo))
    rows = {os.path.basename(r.path): r for r in board.rows}
    login = rows["SPRINT7-in_progress-P0-bug-login-fails-after-session-expiry-k3m9qa-ALICE.md"]
    assert login.read and login.title == "Login fails after the session expires"
    assert (login.errors, login.warnings) == (0, 0)
    chore = rows["done-P2-chore-drop-python-3-10-support-c5x1mw.md"]
    assert chore.errors == 1 and chore.done is not None and chore.done < (chore.total or 0)
    twins = [r for r in board.rows if r.id == "x7y7z7"]
    assert len(twins) == 2 and all(r.duplicate for r in twins)
    assert sum(r.duplicate for r in board.rows) == 2
    assert names(o.path for o in board.others) == ["README.md", "SUMMARY.md"]
    assert sum(r.archived for r in board.rows) == 3
    perf = rows["backlog-P1-perf-board-first-frame-for-10k-cards-p4f8m1.md"]
    assert perf.type == "perf" and perf.warnings


def test_a_scan_in_steps_shows_some_cards_first_then_ends_as_the_whole_scan(repo: Path) -> None:
    whole = scan(str(repo))
    first, last = scan_steps(str(repo), first=3)
    assert not first.whole and last.whole
    assert len(first.cards) + len(first.others) == 3
    assert list(first.cards) == sorted(first.cards, key=lambda c: c.path)
    assert set(first.cards) <= set(whole.cards)
    assert last == whole
    assert list(scan_steps(str(repo), first=None)) == [whole]


def test_rows_remade_batch_by_batch_end_as_rows_made_at_once(tmp_path: Path) -> None:
    """The board remakes only the rows of each batch of cards read: after every batch the rows
    are those made from scratch, duplicated IDs included (an ID a card's front matter gives
    may make, or end, a duplicate)."""
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "PERF-1.md").write_text("# PERF-1: one\n", encoding="utf-8")
    (folder / "PERF-2.md").write_text("# PERF-2: two\n", encoding="utf-8")
    (folder / "notes.md").write_text("# Notes\n", encoding="utf-8")
    cards = scan(str(folder)).cards
    by_path = {card.path: card for card in cards}
    paths = sorted(by_path)
    later = {
        paths[0]: CardFacts(title="one", id="PERF-1"),
        paths[1]: CardFacts(title="two", id="PERF-2"),
        paths[2]: CardFacts(title="notes, now PERF-1 too", id="PERF-1"),
    }
    rows = make_rows(cards)
    known: dict[str, CardFacts] = {}
    for path in reversed(paths):  # the notes first: its ID makes a duplicate at once
        known[path] = later[path]
        rows = remake_rows(rows, by_path, known, {path})
        assert rows == make_rows(cards, known)
    assert sum(row.duplicate for row in rows) == 2
    known[paths[2]] = CardFacts(title="Notes")  # edited: no ID any more, no duplicate
    rows = remake_rows(rows, by_path, known, {paths[2]})
    assert rows == make_rows(cards, known) and not any(row.duplicate for row in rows)


def test_owner_from_lock_and_front_matter_when_the_name_has_none(repo: Path) -> None:
    cards = repo / CARDS
    # the lock of d3p5zz names no owner: give it one; front matter beats the lock file
    (cards / ".lock" / "d3p5zz.json").write_text(
        json.dumps({"card_id": "d3p5zz", "template_name": "chore", "owner": "DANA"}), "utf-8"
    )
    fm = cards / "todo-P2-docs-record-the-board-key-map-m4k8ds.md"
    text = fm.read_text("utf-8").replace("---\n", "---\nowner: ERIN\nsprint: S9\n", 1)
    fm.write_text(text, "utf-8")
    rows = {r.id: r for r in read_board(str(repo)).rows}
    assert rows["d3p5zz"].owner == "DANA"
    assert (rows["m4k8ds"].owner, rows["m4k8ds"].sprint) == ("ERIN", "S9")
    assert rows["k3m9qa"].owner == "ALICE"  # the name says it


def test_a_plain_card_takes_id_and_more_from_its_front_matter(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    text = (SAMPLES / "PERF-7.md").read_text("utf-8")
    front = (
        "---\nid: ORD-12\nowner: Priya\npriority: P1\nsprint: autumn\nstatus: In Progress\n---\n"
    )
    (folder / "orders.md").write_text(front + text, "utf-8")
    (row,) = read_board(str(folder)).rows
    assert (row.id, row.owner, row.priority, row.sprint, row.status) == (
        "ORD-12",
        "Priya",
        1,
        "autumn",
        "in_progress",
    )


def test_perf_rows_show_the_metric_and_the_goal(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(SAMPLES, tmp_path / "cards"))
    rows = {r.id: r for r in read_board(str(folder)).rows}
    seven = rows["PERF-7"]
    assert seven.metric_text == "420ms (p95) → 180ms (p95)"
    assert (seven.measured, seven.goal_met) == ("240ms", False)
    assert seven.sessions and seven.last_session.startswith("2026-")
    assert seven.status == "in_progress"  # no gitban name: where the card stands
    assert rows["PERF-3"].goal_met is True
    fresh = rows["PERF-9"]
    assert fresh.metric_text == "" and fresh.goal_met is None and fresh.errors


def test_an_unreadable_card_is_a_row_with_its_problem(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "PERF-1.md").write_bytes(b"# Caf\xe9\n")
    (row,) = read_board(str(folder)).rows
    assert "not UTF-8" in row.problem and not row.read and row.errors is None


def test_row_json_has_every_field_and_is_json() -> None:
    card = CardFile("x/todo-P1-bug-a-b-x7y7z7.md", None, False, None)
    row = row_for(card, CardFacts(title="T", errors=2, goal_met=True))
    data = row.to_json()
    assert tuple(data) == ROW_FIELDS
    assert json.loads(json.dumps(data)) == data
    assert CardFacts.from_json(CardFacts(title="T", priority=1).to_json()) == CardFacts(
        title="T", priority=1
    )
    assert CardFacts.from_json({**CardFacts().to_json(), "errors": "2"}) is None
    assert CardFacts.from_json({**CardFacts().to_json(), "errors": True}) is None


# -- filtering and sorting --------------------------------------------------------------------


def _row(path: str, **kw: object) -> Row:
    base: dict[str, object] = {name: "" for name in ROW_FIELDS}
    base.update(
        path=path,
        priority=None,
        done=None,
        total=None,
        sessions=None,
        errors=None,
        warnings=None,
        goal_met=None,
        archived=False,
        duplicate=False,
        read=True,
    )
    base.update(kw)
    return Row(**base)  # type: ignore[arg-type]


ROWS = [
    _row("c.md", id="c1", title="Slow export", status="todo", type="perf", priority=0, errors=2),
    _row("a.md", id="a1", title="Crash", status="in_progress", type="bug", priority=1, errors=0),
    _row("b.md", id="b1", title="Docs", status="done", type="docs", priority=1, owner="ALICE"),
    _row("d.md", id="d1", title="Old", status="backlog", type="perf", archived=True, errors=2),
]


def paths(rows: list[Row]) -> list[str]:
    return [r.path for r in rows]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["c.md", "a.md", "b.md", "d.md"]),
        ("status:todo", ["c.md"]),
        ("status:in", ["a.md"]),  # a prefix, as typed
        ("status:in-progress", ["a.md"]),
        ("status:todo status:done", ["c.md", "b.md"]),  # one key: alternatives
        ("type:perf p:0", ["c.md"]),  # keys: all hold
        ("priority:P1", ["a.md", "b.md"]),
        ("-status:done -status:todo", ["a.md", "d.md"]),
        ("owner:ali", ["b.md"]),
        ("has:errors", ["c.md", "d.md"]),
        ("is:archived", ["d.md"]),
        ("EXPORT", ["c.md"]),  # free text: ID, title, owner, sprint, path
        ("slow type:perf", ["c.md"]),
    ],
)
def test_filter_tokens(text: str, expected: list[str]) -> None:
    assert paths(filter_rows(ROWS, parse_query(text))) == expected


_WORDS = st.sampled_from(
    [
        "slow",
        "c1",
        "ALICE",
        "status:todo",
        "status:d",
        "-status:done",
        "type:perf",
        "type:bug",
        "p:1",
        "p:0",
        "has:errors",
        "-has:errors",
        "is:archived",
        "-is:archived",
        "o",
        ".md",
    ]
)


@given(words=st.lists(_WORDS, max_size=4), order=st.permutations(ROWS))
def test_filtering_keeps_exactly_the_rows_the_query_matches(words: list[str], order) -> None:  # type: ignore[no-untyped-def]
    """The filter's passes (one per word and key) keep what matching row by row keeps."""
    query = parse_query(" ".join(words))
    assert filter_rows(order, query) == [row for row in order if query.matches(row)]


@pytest.mark.parametrize(
    "text", ["foo:bar", "p:high", "has:everything", "is:", "status:", "priority:Px"]
)
def test_a_bad_filter_token_is_an_error(text: str) -> None:
    with pytest.raises(QueryError):
        parse_query(text)


def test_sorting_is_stable_with_empties_last_both_ways() -> None:
    assert paths(sort_rows(ROWS, "priority")) == ["c.md", "a.md", "b.md", "d.md"]
    assert paths(sort_rows(ROWS, "-priority")) == ["a.md", "b.md", "c.md", "d.md"]
    assert paths(sort_rows(ROWS, "status")) == ["d.md", "c.md", "a.md", "b.md"]
    assert paths(sort_rows(ROWS, "-errors")) == ["c.md", "d.md", "a.md", "b.md"]
    assert paths(sort_rows(ROWS, "errors")) == ["a.md", "c.md", "d.md", "b.md"]
    assert paths(sort_rows(ROWS, "owner")) == ["b.md", "a.md", "c.md", "d.md"]
    assert paths(sort_rows(list(reversed(ROWS)), "type")) == paths(sort_rows(ROWS, "type"))


@pytest.mark.parametrize("column", SORT_COLUMNS)
def test_every_column_sorts_the_same_rows_whatever_their_order(column: str) -> None:
    for spec in (column, "-" + column):
        first = sort_rows(ROWS, spec)
        assert sorted(paths(first)) == sorted(paths(ROWS))
        assert sort_rows(list(reversed(ROWS)), spec) == first


def test_an_unknown_sort_column_is_an_error() -> None:
    with pytest.raises(QueryError, match="cannot sort by 'size'"):
        sort_rows(ROWS, "size")
    assert paths(sort_rows(ROWS, "p")) == paths(sort_rows(ROWS, "priority"))
