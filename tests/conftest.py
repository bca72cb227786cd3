"""Shared fixtures for the core tests: where the cards live, and the cards themselves.

Nothing here is imported by the test modules (``tests/app/conftest.py`` is also a top-level
``conftest`` module, so ``from conftest import ...`` would pick whichever was loaded last).
Everything reaches the tests as fixtures, and the card files as parameters:

- ``card_path``: every real card the suite checks (samples, corpus, both seeds, ``tests/cards``);
- ``corpus_path``, ``seed_path``, ``sample_path``: one of those groups.

The shared folder sits beside the repository (``/work/shared`` here and in CI). Without it the
corpus and seed parameters are empty and the tests that need it skip, never fail.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import textual._wait as _wait
from cli_server import Cli, serve

from perfcard_tui.core.model import Card
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import Template, builtin_template

# Pilot's ``press`` and ``pause`` wait until the app is idle: Textual's ``wait_for_idle`` sleeps
# in 20 ms steps until one passes with under 1 ms of the process's CPU. Every key a test presses
# thus sleeps at least 40 ms, most of the Pilot tests' time (a file of them: 59 s, of which 30 s
# CPU). The same test of idleness (under 5% CPU in a step) in 5 ms steps: 38.5 s. Textual is
# pinned, and this module attribute is read at each step.
_wait.SLEEP_GRANULARITY = 0.005
_wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 20

TESTS = Path(__file__).resolve().parent
SAMPLES = TESTS.parent / "sample_cards"
FIXTURE_CARDS = TESTS / "cards"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "foreign"
SEEDS = (
    SHARED / "seed" / "perf-template.gitban-crlf.md",
    SHARED / "seed" / "perf-template.seed.md",
)


def _groups() -> dict[str, list[Path]]:
    samples = sorted(SAMPLES.glob("*.md"))
    corpus = sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []
    seeds = [p for p in SEEDS if p.is_file()]
    fixtures = sorted(FIXTURE_CARDS.glob("*.md"))
    return {
        "card_path": [*samples, *corpus, *seeds, *fixtures],
        "corpus_path": corpus,
        "seed_path": seeds,
        "sample_path": samples,
    }


def _card_id(path: Path) -> str:
    """A short, stable test id: the folder and the first 40 characters of the file name."""
    return f"{path.parent.name}/{path.name[:40]}"


def pytest_configure(config: pytest.Config) -> None:
    # CPython collects its youngest objects every 700 allocations (net), a rate for long-running
    # programs with small heaps. Tests make and drop millions of objects (a Pilot test's frames,
    # a property test's cards): at 700 the collector took 8% of the CPU of the pilot and core
    # tiers (4.9 s of 60 s over five of their files), at 10,000 half as much, for 4% more
    # memory. No test relies on when garbage goes; tests/app/conftest.py still collects after
    # each app test.
    gc.set_threshold(10_000, 50, 10)
    # the cache, recovery copies and remembered settings of this run stay out of the person's
    # own folders (a test's recovery copy greeted the next manual run with a recovery offer);
    # tests that look at these folders give each test its own with monkeypatch
    own = Path(tempfile.mkdtemp(prefix="perfcard-tui-tests-"))
    config.add_cleanup(lambda: shutil.rmtree(own, ignore_errors=True))
    for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(own / name.lower())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for name, paths in _groups().items():
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, paths, ids=_card_id)


def _load(path: Path) -> Card:
    text = read_card(path)
    return parse_card(text.text, newline=text.newline, bom=text.bom)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def cards_dir() -> Path:
    """The hand-made fixture cards (byte-exact: ``.gitattributes`` there says ``-text``)."""
    return FIXTURE_CARDS


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus beside the repository is absent")
    return CORPUS


@pytest.fixture(scope="session")
def template() -> Template:
    return builtin_template()


@pytest.fixture(scope="session")
def perf7() -> Card:
    return _load(SAMPLES / "PERF-7.md")


@pytest.fixture(scope="session")
def perf9() -> Card:
    path = SAMPLES / "PERF-9.md"
    if not path.is_file():
        pytest.skip("sample_cards/PERF-9.md not written yet")
    return _load(path)


@pytest.fixture(scope="session")
def seed_crlf() -> Card:
    if not SEEDS[0].is_file():
        pytest.skip("shared seed template absent")
    return _load(SEEDS[0])


@pytest.fixture(scope="session")
def seed_mojibake() -> Card:
    if not SEEDS[1].is_file():
        pytest.skip("shared seed template absent")
    return _load(SEEDS[1])


@pytest.fixture(scope="session")
def cli() -> Iterator[Cli]:
    """The command line, in one long-lived process per worker (``cli_server``)."""
    yield from serve()
