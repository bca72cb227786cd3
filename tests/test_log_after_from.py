"""``log --after-from FILE``: a session's After read from a benchmark file, as ``bench import``
reads it (same detection, same choice of result and statistic, same text), and its Improvement
computed as for ``--after``. Bad input is one line, exit 2, and the card byte for byte as it was.

The command runs in-process through ``perfcard_tui.cli.main`` (the console script's entry).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfcard_tui.cli import main
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.sessions import parse_sessions
from perfcard_tui.core.store import read_card

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "bench_fixtures"
SAMPLES = TESTS.parent / "sample_cards"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


@pytest.fixture
def card(tmp_path: Path) -> Path:
    """PERF-7: primary metric "p95 response time", last session's After "240ms (p95)"."""
    path = tmp_path / "PERF-7.md"
    shutil.copyfile(SAMPLES / "PERF-7.md", path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def log(capsys: pytest.CaptureFixture[str], card: Path, *args: object) -> tuple[int, str, str]:
    return run(capsys, "log", card, "--date", "2026-11-25", "--name", "Dana", *args)


def last_metrics(path: Path) -> dict[str, str]:
    text = read_card(path).text
    return dict(parse_sessions(parse_card(text))[-1].metrics)


def one_line_error(code: int, err: str) -> str:
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("perfcard-tui: ")
    return lines[0]


# -- what it writes ------------------------------------------------------------------------------


def test_after_is_what_bench_import_writes_for_the_primary_metric(
    capsys: pytest.CaptureFixture[str], card: Path, tmp_path: Path
) -> None:
    """k6's p95 (the primary metric names p95), and the Improvement from the Before given."""
    twin = tmp_path / "twin.md"
    shutil.copyfile(card, twin)
    code, out, err = log(
        capsys, card, "--before", "420ms", "--after-from", fixture("k6_handle_summary.json")
    )
    assert code == 0, err
    assert "- Before: 420ms\n- After: 240.1ms\n- Improvement: 42.8% less time, 1.7x faster" in out
    assert last_metrics(card) == {
        "Before": "420ms",
        "After": "240.1ms",
        "Improvement": "42.8% less time, 1.7x faster",
    }
    # the same file imported into the primary metric's comparison row writes the same After
    code, out, err = run(
        capsys, "bench", "import", twin, fixture("k6_handle_summary.json"),
        "--metric", "p95 response time",
    )  # fmt: skip
    assert code == 0, err
    assert "p95 response time › After: '240ms' → '240.1ms'" in out


def test_before_defaults_to_the_last_sessions_after(
    capsys: pytest.CaptureFixture[str], card: Path
) -> None:
    code, out, err = log(
        capsys, card, "--after-from", fixture("hyperfine.json"), "--select", "page-size 50"
    )
    assert code == 0, err
    # hyperfine's run times give the p95 the primary metric names; Before is "240ms (p95)"
    assert "- Before: 240ms (p95)\n- After: 433.2ms\n- Improvement: 80.5% more time" in out


def test_the_benchmark_named_like_the_primary_metric_is_chosen(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Two benchmarks, one named like the primary metric: that one; its mean (the metric names
    no statistic, so the tool's centre), against Current Value."""
    path = tmp_path / "PERF-9.md"
    shutil.copyfile(SAMPLES / "PERF-9.md", path)
    for field, value in (("primary-metric/metric", "EncodePage/size=50 time"),
                         ("primary-metric/current-value", "121µs")):  # fmt: skip
        assert run(capsys, "set", path, field, value)[0] == 0
    code, out, err = log(capsys, path, "--after-from", fixture("go_bench_after.txt"))
    assert code == 0, err
    assert "- Before: 121µs\n- After: 62.31µs\n- Improvement: 48.5% less time, 1.9x faster" in out


def test_stat_and_format_are_taken(capsys: pytest.CaptureFixture[str], card: Path) -> None:
    code, out, err = log(
        capsys, card, "--after-from", fixture("k6_handle_summary.json"),
        "--format", "k6", "--stat", "p99", "--before", "912ms (p99)",
    )  # fmt: skip
    assert code == 0, err
    # the primary metric names p95: another statistic is named beside the number
    assert "- After: 505.2ms (p99)\n" in out
    assert "- Improvement: 44.6% less time" in out


# -- bad input: one line, exit 2, the card untouched ---------------------------------------------


def bad(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--after-from", "NOTES"], "unknown format"),
        (["--after-from", "EMPTY"], "the file is empty"),
        (["--after-from", "CUT"], "truncated JSON"),
        (["--after-from", "k6_handle_summary.json", "--format", "nosuch"], "invalid choice"),
        (["--after-from", "hyperfine.json", "--format", "k6"], "not k6 summary output"),
        # a rate cannot be set against the p95 time the card measures
        (
            ["--after-from", "k6_handle_summary.json", "--select", "http_reqs", "--stat", "rate"],
            "is a rate and Before '240ms (p95)' a time; they cannot be compared",
        ),
        (
            ["--after-from", "wrk.txt", "--select", "requests/sec", "--before", "1.2s"],
            "is a p95, but requests/sec has only rate",
        ),
        (["--after-from", "go_bench.txt"], "2 benchmarks could fill it"),
        (["--after-from", "go_bench.txt", "--select", "Nope*"], "--select 'Nope*' matches none"),
        (["--after-from", "go_bench.txt", "--select", "Encode"], "is a p95, but EncodePage"),
        (["--after-from", "go_bench.txt", "--stat", "fastest"], "not a statistic"),
        (["--after-from", "missing.json"], "cannot read it"),
        (["--after-from", "hyperfine.json", "--after", "200ms"], "give one"),
        (["--stat", "p95", "--after", "200ms"], "--stat: only with --after-from FILE"),
    ],
)
def test_bad_input_writes_nothing(
    capsys: pytest.CaptureFixture[str], card: Path, tmp_path: Path, args: list[str], says: str
) -> None:
    made = {
        "NOTES": bad(tmp_path, "notes.txt", b"just some notes\nnothing measured\n"),
        "EMPTY": bad(tmp_path, "empty.json", b""),
        "CUT": bad(tmp_path, "cut.json", FIXTURES.joinpath("hyperfine.json").read_bytes()[:700]),
    }
    files = [made.get(a) or (fixture(a) if a.endswith((".json", ".txt")) else a) for a in args]
    before = card.read_bytes()
    line = one_line_error(*log(capsys, card, *files)[::2])
    assert says in line, line
    assert card.read_bytes() == before
