"""Fixtures for the real-terminal tier: the app spawned in a pty (``harness.Term``).

Every test gets its own folder: the cards are copies in it, and each process runs with its own
``HOME``, ``XDG_STATE_HOME`` (recovery copies) and ``XDG_CONFIG_HOME`` (remembered settings)
under it, so no run sees another's swap file or settings. Processes are always killed at
teardown, whatever the test did.

The tier runs with every ``pytest``; ``pytest -m terminal`` runs it alone, ``-m "not terminal"``
leaves it out. Only POSIX has ptys: elsewhere the test modules skip themselves.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from harness import Term

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_cards"
BIG_CARD_LINES = 6800
HUGE_CARD_LINES = 101_000  # about 5 MB


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "terminal: the real-terminal tier (tests/terminal): the real perfcard-tui process in a "
        "pseudo-terminal, its screen read through pyte",
    )


# The order the files start in: xdist hands the tier's files out in collection order as workers
# free up (the Makefile turns off its reordering, which put files with the most tests first and
# so the fill-card test, one test of about 30 s, last: it ran alone at the end). Longest first,
# all of them, so the last to start are the shortest and the two workers end together: with
# only the two longest named, the alphabetical rest ended on test_undo_find_import (6.5 s) and
# test_size (6 s), one worker 7 s after the other (68.3 s and 75.2 s). Seconds each file took
# in a run of the tier (-n 2); a file not named here starts after them.
LONGEST_FIRST = (
    "test_real_terminal.py",  # 31.1
    "test_fill_card.py",  # 19.9
    "test_faults.py",  # 8.0
    "test_undo_find_import.py",  # 5.3
    "test_size.py",  # 4.0
    "test_folds_and_long_values.py",  # 3.4
    "test_board.py",  # 3.1
    "test_find.py",  # 3.0
    "test_key_order.py",  # 2.5
    "test_raw_mode.py",  # 2.4
    "test_session_edit.py",  # 2.2
    "test_harness_emulation.py",  # 2.2
    "test_tables.py",  # 2.1
    "test_list_item_typing.py",  # 1.8
    "test_review_layout.py",  # 1.7
    "test_code_field.py",  # 1.6
    "test_editor_handoff.py",  # 1.5
    "test_footer.py",  # 1.4
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the other files keep their order


@pytest.fixture
def new_term(tmp_path: Path) -> Iterator[Callable[[], Term]]:
    """Make a :class:`harness.Term` (each in its own folder); all are killed at teardown."""
    from harness import Term

    made: list[Term] = []

    def make() -> Term:
        folder = tmp_path / f"term-{len(made)}"
        folder.mkdir()
        term = Term(folder)
        made.append(term)
        return term

    yield make
    for term in made:
        term.close()


@pytest.fixture
def term(new_term: Callable[[], Term]) -> Term:
    """One terminal, not started yet."""
    return new_term()


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    """A folder holding copies of the sample cards (links between them resolve)."""
    folder = tmp_path / "cards"
    folder.mkdir()
    for source in SAMPLES.glob("*.md"):
        (folder / source.name).write_bytes(source.read_bytes())
    return folder


@pytest.fixture
def perf7_copy(cards: Path) -> Path:
    return cards / "PERF-7.md"


def _bench_cards() -> ModuleType:
    """``benchmarks/cards.py`` (stdlib only), loaded by path: benchmarks is not a package."""
    name = "_perfcard_bench_cards"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / "cards.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it executes
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def headings_card(tmp_path: Path) -> Path:
    """PERF-7 with 20,000 extra headings, 10,000 of them above Current Performance."""
    text = (SAMPLES / "PERF-7.md").read_text(encoding="utf-8")
    folder = tmp_path / "headings"
    folder.mkdir()
    path = folder / "PERF-7.md"
    path.write_bytes(_bench_cards().many_headings(text, 20_000).encode("utf-8"))
    return path


@pytest.fixture
def big_card(tmp_path: Path) -> Path:
    """PERF-7's sections repeated to a 6,800-line card, as the editor benchmark builds it."""
    text = (SAMPLES / "PERF-7.md").read_text(encoding="utf-8")
    big = _bench_cards().repeat_sections(text, BIG_CARD_LINES)
    folder = tmp_path / "big"
    folder.mkdir()
    path = folder / "PERF-7.md"
    path.write_bytes(big.encode("utf-8"))
    return path


@pytest.fixture
def huge_card(tmp_path: Path) -> Path:
    """PERF-7's sections repeated to about 5 MB (101,000 lines, 9,000 sections)."""
    text = (SAMPLES / "PERF-7.md").read_text(encoding="utf-8")
    folder = tmp_path / "huge"
    folder.mkdir()
    path = folder / "PERF-7.md"
    path.write_bytes(_bench_cards().repeat_sections(text, HUGE_CARD_LINES).encode("utf-8"))
    return path
