"""Shared fixtures: where the cards live, and loading a card exactly as the app does.

The shared folder sits beside the repository (``/work/shared`` here and in CI). Tests that need
it skip, not fail, when it is absent, so the suite still runs from a bare checkout.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from perfcard_tui.core.model import Card
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import Template, builtin_template

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "foreign"
SEED_CRLF = SHARED / "seed" / "perf-template.gitban-crlf.md"
SEED_MOJIBAKE = SHARED / "seed" / "perf-template.seed.md"
SAMPLES = REPO / "sample_cards"
FIXTURE_CARDS = TESTS / "cards"

# Fixed "now" and folder contents so date and link rules do not depend on the machine.
TODAY = date(2026, 11, 26)
STEMS = frozenset({"perf-3", "perf-7", "perf-9"})

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="shared folder beside the repo absent")


def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.md"))


def corpus_paths() -> list[Path]:
    return sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []


def seed_paths() -> list[Path]:
    return [p for p in (SEED_CRLF, SEED_MOJIBAKE) if p.is_file()]


def fixture_paths() -> list[Path]:
    return sorted(FIXTURE_CARDS.glob("*.md"))


def all_card_paths() -> list[Path]:
    """Every real card file the suite checks: samples, corpus, both seeds, hand-made fixtures."""
    return [*sample_paths(), *corpus_paths(), *seed_paths(), *fixture_paths()]


def card_id(path: Path) -> str:
    """A short, stable test id: the folder and the first 40 characters of the file name."""
    return f"{path.parent.name}/{path.name[:40]}"


def load(path: Path) -> Card:
    """Read and parse a card the way the app does (strict decode, BOM and newline kept)."""
    text = read_card(path)
    return parse_card(text.text, newline=text.newline, bom=text.bom)


def same_parse(incremental: Card, full: Card) -> None:
    """Assert that an incrementally re-parsed card equals a full parse of the same text."""
    assert incremental.text == full.text
    assert [s.key for s in incremental.sections] == [s.key for s in full.sections]
    assert [s.title for s in incremental.sections] == [s.title for s in full.sections]
    assert incremental.offsets == full.offsets
    assert incremental.line_offsets == full.line_offsets
    for mine, theirs in zip(incremental.sections, full.sections, strict=True):
        assert [(f.path, f.value, f.span) for f in mine.fields] == [
            (f.path, f.value, f.span) for f in theirs.fields
        ], mine.key
        assert mine == theirs, mine.key  # every other attribute too (lines, blocks, lengths)
    assert (incremental.newline, incremental.bom) == (full.newline, full.bom)


@pytest.fixture(scope="session")
def template() -> Template:
    return builtin_template()


@pytest.fixture(scope="session")
def perf7() -> Card:
    return load(SAMPLES / "PERF-7.md")


@pytest.fixture(scope="session")
def perf9() -> Card:
    path = SAMPLES / "PERF-9.md"
    if not path.is_file():
        pytest.skip("sample_cards/PERF-9.md not written yet")
    return load(path)


@pytest.fixture(scope="session")
def seed_crlf() -> Card:
    if not SEED_CRLF.is_file():
        pytest.skip("shared seed template absent")
    return load(SEED_CRLF)


@pytest.fixture(scope="session")
def seed_mojibake() -> Card:
    if not SEED_MOJIBAKE.is_file():
        pytest.skip("shared seed template absent")
    return load(SEED_MOJIBAKE)
