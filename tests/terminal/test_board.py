"""The board in the real terminal: rows from the files' names first, a status change made by
another program shows on its own, and quitting does not wait for the cards still being read.

How fast is the benchmark's business (``benchmarks/bench_board_app.py``); the waits here are
generous bounds for a loaded machine, not budgets.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from harness import Term

pytestmark = pytest.mark.terminal

FIXTURE = Path(__file__).resolve().parents[1] / "gitban_repo"
SIZE = (160, 40)
MANY = 1500


def gitban_repo(root: Path, copies: int = 1) -> Path:
    """The fixture repository; ``copies`` > 1: its live cards again under fresh IDs, until
    there are about that many (enough that reading them all takes seconds)."""
    shutil.copytree(FIXTURE, root)
    cards = root / ".gitban" / "cards"
    live = sorted(p for p in cards.glob("*-P[012]-*.md"))
    for i in range(copies - len(live)):
        source = live[i % len(live)]
        stem, _, _ = source.stem.rpartition("-")  # drop the ID (or the owner: both are fine)
        (cards / f"{stem}-{i:06x}.md").write_bytes(source.read_bytes())
    return root


def typed_filter(term: Term) -> str | None:
    """What the filter holds (None while it shows its placeholder): the line under the title
    inside the filter's box."""
    line = term.lines()[2]
    text = line.strip(" ▊▎▌▐│┃▏▕")
    return None if text.startswith("/ filter:") else text


def row_with(term: Term, text: str) -> str | None:
    return next((line for line in term.lines() if text in line), None)


def test_quitting_while_cards_are_read_does_not_wait_for_them(term: Term, tmp_path: Path) -> None:
    repo = gitban_repo(tmp_path / "repo", copies=MANY)
    term.start(repo, size=SIZE)
    # rows from the names alone: six-character IDs at the start of lines, before any is read
    term.wait_until(
        lambda: any(re.match(r"^[0-9a-z]{6} ", line) for line in term.lines()),
        timeout=30,
        what="the first rows",
    )
    term.press("ctrl+q")
    assert term.wait_exit(timeout=30) == 0
    assert not (left := term.leftovers()), f"quitting left these running: {left}"
    # the cards read were cached one by one: fewer entries than cards means the board left
    # without reading the rest (before, it quit only once every card had been read)
    cached = list((term.home / ".cache" / "perfcard-tui" / "cards").rglob("*"))
    entries = [p for p in cached if p.is_file()]
    assert len(entries) < MANY, f"{len(entries)} of {MANY} cards were read before it quit"


def test_a_status_changed_elsewhere_moves_the_row(term: Term, tmp_path: Path) -> None:
    repo = gitban_repo(tmp_path / "repo")
    cards = repo / ".gitban" / "cards"
    term.start(repo, size=SIZE)
    term.wait_until(
        lambda: (row := row_with(term, "d3p5zz")) is not None and "backlog" in row,
        timeout=30,
        what="the chore's row, in the backlog",
    )
    # gitban changes a status by renaming the card
    old = cards / "SPRINT7-backlog-P2-chore-bump-markdown-it-d3p5zz.md"
    old.rename(cards / "SPRINT7-done-P2-chore-bump-markdown-it-d3p5zz.md")
    term.wait_until(
        lambda: (row := row_with(term, "d3p5zz")) is not None and "done" in row,
        timeout=15,
        what=lambda: f"the row to say done; it reads {row_with(term, 'd3p5zz')!r}",
    )
    term.press("ctrl+q")
    assert term.wait_exit(timeout=30) == 0
    assert not (left := term.leftovers()), f"quitting left these running: {left}"


def test_a_filter_typed_in_one_burst_with_its_slash_is_all_kept(term: Term, tmp_path: Path) -> None:
    """`/` and the letters right behind it, while the cards are being read: the slash's
    binding acted only once the key had climbed to the app, after the letters had gone to the
    rows (which ignore them)."""
    repo = gitban_repo(tmp_path / "repo", copies=MANY)
    term.start(repo, size=SIZE)
    term.wait_until(
        lambda: any(re.match(r"^[0-9a-z]{6} ", line) for line in term.lines()),
        timeout=30,
        what="the first rows",
    )
    term.type("/p:0")  # one write, as a fast typist's keys come
    # the whole query typed into the filter (its placeholder, "/ filter: ... p:0 ...", is not
    # it), and applied: the status counts the first letter's rows already, so it alone said
    # nothing of the rest (a run asserted on a frame that had only the "p")
    term.wait_until(
        lambda: (
            typed_filter(term) == "p:0"
            and re.search(r"\b\d+ of \d+ cards\b", term.text()) is not None
        ),
        timeout=15,
        what=lambda: (
            f"the filter p:0 typed and applied; it reads {typed_filter(term)!r}, "
            f"the status {row_with(term, ' cards')!r}"
        ),
    )
    term.press("ctrl+q")
    assert term.wait_exit(timeout=30) == 0
    assert not (left := term.leftovers()), f"quitting left these running: {left}"
