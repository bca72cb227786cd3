"""``bench import``: benchmark output read per format, written into a card through the gate.

Fixtures are in ``tests/bench_fixtures/``: ``pytest_benchmark*.json`` were written by a real
pytest-benchmark 5.3 run; the others follow each tool's documented output (checked against real
files). The command runs in-process through ``perfcard_tui.cli.main`` (the console script's own
entry point); one test runs the real process to see that no traceback reaches the user.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from perfcard_tui.cli import main
from perfcard_tui.core import metrics as m
from perfcard_tui.core.bench import (
    BenchError,
    ImportOptions,
    import_results,
    read_bytes,
    read_file,
)
from perfcard_tui.core.bench.formats.base import percentile, tail_percentiles
from perfcard_tui.core.bench.model import display_quantity, stat_key
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template
from perfcard_tui.core.validate import comparison_rows, make_context, validate

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "bench_fixtures"
PERF_7 = TESTS.parent / "sample_cards" / "PERF-7.md"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def headline(path: str, name: str, column: str = "") -> dict[str, float]:
    results = read_file(path).results
    found = [r for r in results if r.name == name and not r.measure and r.column == column]
    assert len(found) == 1, [(r.name, r.measure, r.column) for r in results]
    return dict(found[0].stats)


@pytest.fixture
def card(tmp_path: Path) -> Path:
    path = tmp_path / "PERF-7.md"
    shutil.copyfile(PERF_7, path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["bench", "import", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, err: str) -> str:
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("perfcard-tui: ")
    return lines[0]


def findings_that_disagree(path: Path) -> list[str]:
    card = parse_card(read_card(path).text)
    return [
        f"{f.code}: {f.message}"
        for f in validate(card, builtin_template())
        if "mismatch" in f.code or "unparsable" in f.code
    ]


def row(path: Path, metric: str) -> tuple[str, str, str]:
    card = parse_card(read_card(path).text)
    ctx = make_context(card, builtin_template())
    rows = comparison_rows(card, ctx.section_for("performance comparison"))
    found = [r for r in rows if r.metric == metric]
    assert len(found) == 1, [r.metric for r in rows]
    return found[0].before, found[0].after, found[0].improvement


# -- each format, parsed -------------------------------------------------------------------------


def test_pytest_benchmark_real_file() -> None:
    results = read_file(fixture("pytest_benchmark.json"))
    assert results.format == "pytest-benchmark"
    names = [r.name for r in results.results]
    assert names == ["test_parse_orders_page", "test_encode_orders_page"]
    first = results.results[0]
    assert first.unit == "s" and first.runs and first.runs > 10
    assert {"mean", "median", "min", "max", "stddev", "p95", "p99"} <= set(first.stats)
    assert first.stats["min"] <= first.stats["median"] <= first.stats["p95"] <= first.stats["max"]


def test_hyperfine() -> None:
    stats = headline(fixture("hyperfine.json"), "python scripts/export_orders.py --page-size 50")
    assert stats["mean"] == pytest.approx(0.4220, abs=1e-3)
    assert {"stddev", "median", "min", "max", "p95"} <= set(stats)
    assert read_file(fixture("hyperfine.json")).results[0].runs == 10


def test_go_bench_text_with_benchmem_and_custom_units() -> None:
    results = read_file(fixture("go_bench.txt")).results
    encode = [r for r in results if r.name == "EncodePage/size=50"]
    assert [(r.unit, r.measure) for r in encode] == [
        ("ns", ""),
        ("MB/s", "MB/s"),
        ("B/op", "B/op"),
        ("allocs/op", "allocs/op"),
    ]
    assert encode[0].runs == 3  # -count=3: one result, three samples
    assert encode[0].stats["mean"] == pytest.approx((121408 + 119870 + 120502) / 3)
    assert encode[0].stats["median"] == 120502
    assert "p95" not in encode[0].stats  # a percentile of -count averages is no latency tail
    decode = {r.unit: r for r in results if r.name == "DecodePage"}
    assert decode["queries/op"].stats["mean"] == 3.0  # b.ReportMetric
    assert m.parse_quantity(display_quantity(48712, "B/op")).dimension is m.Dimension.SIZE  # type: ignore[union-attr]


def test_go_lines_that_do_not_line_up_are_read_one_by_one() -> None:
    """-v prints a benchmark's name alone; a ReportMetric on some runs only; a line that is
    not value-unit pairs is not a result."""
    text = (
        "BenchmarkParse\n"
        "BenchmarkParse-8  \t 1000\t 1200 ns/op\t 64 B/op\n"
        "BenchmarkParse-8  \t 1000\t 1300 ns/op\t 64 B/op\t 2.000 hits/op\n"
        "BenchmarkParse-8  \t 1000\t 1100 ns/op\t 64 B/op\n"
        "BenchmarkParse-8  \t 1000\t fast\n"
    )
    results = {r.unit: r for r in read_bytes(text.encode(), "v.txt").results}
    assert set(results) == {"ns", "B/op", "hits/op"}
    assert results["ns"].runs == 3 and results["ns"].stats["mean"] == pytest.approx(1200)
    assert results["hits/op"].runs == 1 and results["hits/op"].measure == "hits/op"
    with pytest.raises(BenchError, match=r"'1\.2\.3' is not a number"):
        read_bytes(b"BenchmarkParse-8  1000  1.2.3 ns/op\n", "bad.txt")


def test_select_spares_reading_the_other_benchmarks() -> None:
    """--select is applied while the file is read: the others are named, not parsed."""
    read = read_file(fixture("go_bench.txt"), select="Encode*")
    assert {r.name for r in read.results} == {"EncodePage/size=50"}
    assert read.unselected == ("DecodePage",)
    nothing = read_file(fixture("go_bench.txt"), select="Nope*")
    assert nothing.results == () and nothing.unselected == ("EncodePage/size=50", "DecodePage")
    card = parse_card(read_card(PERF_7).text)
    with pytest.raises(BenchError, match=r"matches none of the benchmarks \(EncodePage/size=50, D"):
        import_results(card, [nothing], ImportOptions("after", select="Nope*"))
    pytest_read = read_file(fixture("pytest_benchmark.json"), select="test_encode*")
    assert [r.name for r in pytest_read.results] == ["test_encode_orders_page"]
    assert pytest_read.unselected == ("test_parse_orders_page",)


def test_tail_percentiles_are_those_of_a_full_sort() -> None:
    """Only the top of big sample lists is sorted: the same p90, p95, p99 as sorting it all,
    ties, integers and sizes either side of where the partial sort starts."""
    rng = random.Random(20261201)
    for n in (2, 3, 999, 1000, 1001, 4096, 20_000):
        for shape in range(4):
            if shape == 0:
                samples: list[float] = [rng.lognormvariate(0, 0.3) for _ in range(n)]
            elif shape == 1:
                samples = [float(rng.randint(0, 4)) for _ in range(n)]  # many ties
            elif shape == 2:
                samples = sorted((rng.random() for _ in range(n)), reverse=True)
            else:
                samples = [rng.randint(0, 3) if rng.random() < 0.5 else rng.random() * 3
                           for _ in range(n)]  # fmt: skip
            ordered = sorted(samples)
            expected = {f"p{p}": percentile(ordered, p) for p in (90, 95, 99)}
            assert tail_percentiles(samples) == expected, (n, shape)


@pytest.mark.parametrize("name", ["benchstat.txt", "benchstat.csv"])
def test_benchstat_text_and_csv(name: str) -> None:
    read = read_file(fixture(name))
    assert read.format == "benchstat" and read.columns == ("old.txt", "new.txt")
    old = headline(fixture(name), "EncodePage/size=50", "old.txt")
    new = headline(fixture(name), "EncodePage/size=50", "new.txt")
    assert old["median"] == pytest.approx(120.5e-6)
    assert new["median"] == pytest.approx(62.31e-6)
    sizes = [r for r in read.results if r.measure == "B/op" and r.column == "old.txt"]
    assert sizes[0].stats["median"] == pytest.approx(48712, rel=1e-3)  # 47.57Ki
    assert read.results[0].runs == 6 and read.results[0].spread == "± 1%"


def test_benchstat_before_v2() -> None:
    """The old text tables: the mean of each side, its "±" (or none, for a zero), the runs of
    each side from "n=6+5", every table's unit read back to the card's."""
    read = read_file(fixture("benchstat_v1.txt"))
    assert read.format == "benchstat" and read.columns == ("old", "new")
    results = {(r.name, r.unit, r.column): r for r in read.results}
    old = results["EncodePage/size=50", "s", "old"]
    assert old.stats == {"mean": pytest.approx(121e-6)} and old.spread == "± 1%"
    assert old.runs == 6 and old.measure == ""
    assert results["ParseHeader", "s", "new"].runs == 5  # n=6+5: the new side's
    assert results["DecodePage", "s", "old"].spread == ""  # ± 0% says nothing
    speed = results["EncodePage/size=50", "MB/s", "new"]
    assert speed.stats["mean"] == pytest.approx(74.4) and speed.measure == "MB/s"
    assert results["EncodePage/size=50", "B/op", "old"].stats["mean"] == 48_700  # 48.7kB
    # a zero has no "±": it is still the new side's, not the old's
    assert results["ParseHeader", "B/op", "new"].stats["mean"] == 0
    assert results["ParseHeader", "allocs/op", "old"].stats["mean"] == 1
    assert results["ParseHeader", "allocs/op", "new"].stats["mean"] == 0
    assert results["DecodePage", "B/op", "new"].runs is None  # "(all equal)" gives no n
    assert len(read.results) == 20


def test_benchstat_before_v2_one_file_and_big_counts(tmp_path: Path) -> None:
    text = (
        "name            time/op\n"
        "Gzip-12         80.4ms ±12%\n"
        "[Geo mean]      80.4ms\n"
        "\n"
        "name            allocs/op\n"
        "Gzip-12          19.8k ± 0%\n"
    )
    read = read_bytes(text.encode(), "one.txt")
    assert read.format == "benchstat" and read.columns == ()
    time, allocs = read.results
    assert (time.name, time.spread) == ("Gzip", "± 12%")
    assert time.stats["mean"] == pytest.approx(0.0804)
    assert allocs.unit == "allocs/op" and allocs.stats["mean"] == pytest.approx(19_800)


def test_google_benchmark_aggregates_and_time_units() -> None:
    results = read_file(fixture("google_benchmark.json")).results
    encode = headline(fixture("google_benchmark.json"), "BM_EncodePage/50")
    assert encode["median"] == pytest.approx(120502.1)  # the aggregate, not a repetition
    assert set(encode) == {"mean", "median", "stddev"}  # cv is a ratio, not a time
    decode = next(r for r in results if r.name == "BM_DecodePage" and not r.measure)
    assert decode.unit == "µs" and decode.stats["mean"] == pytest.approx(57.702)
    rates = {r.unit for r in results if r.measure}
    assert rates == {"MB/s", "items/s"}


def test_k6_both_shapes() -> None:
    export = headline(fixture("k6_summary_export.json"), "http_req_duration")
    assert export["p95"] == 420.3 and export["mean"] == 236.4 and export["median"] == 198.7
    summary = headline(fixture("k6_handle_summary.json"), "http_req_duration")
    assert summary["p95"] == 240.1 and summary["p99"] == 505.2
    reqs = headline(fixture("k6_handle_summary.json"), "http_reqs")
    assert reqs == {"rate": 149.9}
    results = {r.name: r for r in read_file(fixture("k6_summary_export.json")).results}
    assert results["http_req_duration"].unit == "ms" and results["http_req_duration"].runs == 90000
    assert results["http_req_failed"].stats["rate"] == pytest.approx(0.02)  # percent


@pytest.mark.parametrize(
    ("name", "expected_name", "mean"),
    [
        ("criterion/encode_page/new/estimates.json", "encode_page", 120901.4),
        ("criterion_old_estimates.json", "criterion_old_estimates", 62310.5),  # PascalCase
    ],
)
def test_criterion_lower_and_pascal_case(name: str, expected_name: str, mean: float) -> None:
    read = read_file(fixture(name))
    assert read.format == "criterion"
    (result,) = read.results
    assert result.name == expected_name and result.unit == "ns"
    assert result.stats["mean"] == mean and "stddev" in result.stats


def test_jmh_units_and_percentiles() -> None:
    results = read_file(fixture("jmh.json")).results
    avgt = [r for r in results if r.name == "EncodeBench.encodePage(pageSize=50)" and not r.measure]
    assert avgt[0].unit == "µs" and avgt[0].runs == 10
    assert avgt[0].stats["median"] == pytest.approx(118.7) and "p99.9" in avgt[0].stats
    assert avgt[0].spread.startswith("± 1.214")
    thrpt = next(r for r in results if r.name == "EncodeBench.decodePage(pageSize=50)")
    assert thrpt.unit == "ops/s" and thrpt.stats["mean"] == pytest.approx(16996)  # ops/ms x 1000
    gc = next(r for r in results if r.measure == "gc.alloc.rate.norm")
    assert gc.unit == "B/op" and gc.stats["mean"] == 48712


@pytest.mark.parametrize(("name", "label"), [("wrk.txt", "wrk"), ("wrk2.txt", "wrk2")])
def test_wrk_and_wrk2(name: str, label: str) -> None:
    read = read_file(fixture(name))
    assert read.format == "wrk" and read.label == label
    latency = headline(fixture(name), "latency")
    rps = headline(fixture(name), "requests/sec")
    if label == "wrk":
        assert latency["mean"] == pytest.approx(236.41) and latency["max"] == 2000
        assert latency["p99"] == pytest.approx(911.8) and rps["rate"] == 271.59
    else:
        assert latency["p99.9"] == pytest.approx(901.12) and latency["median"] == 128.32
        assert rps["rate"] == 149.98  # the Detailed Percentile spectrum is not read as percentiles


def test_statistic_names() -> None:
    assert [stat_key(s) for s in ("avg", "med", "p(95)", "95", "p99.9", "50.0", "100.0", "x")] == [
        "mean",
        "median",
        "p95",
        "p95",
        "p99.9",
        "median",
        "max",
        "",
    ]
    assert display_quantity(0.0002401, "s") == "240.1µs"
    assert display_quantity(1380, "ms") == "1.38s"
    assert display_quantity(90000, "req/s") == "90,000 req/s"


# -- before, then after, and the rules agree -----------------------------------------------------


ROUND_TRIPS = [
    # (before file, after file, extra options, the row written)
    ("pytest_benchmark.json", "pytest_benchmark_after.json", [], "test_parse_orders_page"),
    ("hyperfine.json", "hyperfine.json", [], "python scripts/export_orders.py --page-size 50"),
    ("go_bench.txt", "go_bench_after.txt", [], "EncodePage/size=50"),
    ("benchstat.txt", "benchstat.txt", [], "DecodePage"),
    ("benchstat.csv", "benchstat.csv", [], "EncodePage/size=50"),
    ("benchstat_v1.txt", "benchstat_v1.txt", [], "ParseHeader"),
    ("google_benchmark.json", "google_benchmark.json", ["--stat", "median"], "BM_EncodePage/50"),
    ("k6_summary_export.json", "k6_handle_summary.json", [], "http_req_duration"),
    ("criterion/encode_page/new/estimates.json", "criterion_old_estimates.json", [], ""),
    ("jmh.json", "jmh.json", [], "EncodeBench.decodePage(pageSize=50)"),
    ("wrk.txt", "wrk2.txt", ["--select", "latency"], "latency"),
]


@pytest.mark.parametrize(("before", "after", "extra", "metric"), ROUND_TRIPS)
def test_round_trip_before_then_after(
    capsys: pytest.CaptureFixture[str],
    card: Path,
    before: str,
    after: str,
    extra: list[str],
    metric: str,
) -> None:
    code, out, err = run(capsys, card, fixture(before), "--as", "before", *extra)
    assert code == 0, err
    assert "Before Optimization" in out
    row_name = metric or "encode_page"  # Criterion names the row from its folder
    after_options = [*extra] if metric else ["--metric", row_name]
    code, out, err = run(capsys, card, fixture(after), "--as", "after", *after_options)
    assert code == 0, err
    b, a, improvement = row(card, row_name)
    assert m.parse_quantity(b) and m.parse_quantity(a), (b, a)
    assert improvement, (b, a)
    assert findings_that_disagree(card) == []
    text = card.read_text(encoding="utf-8")
    assert f"# bench import: {Path(before).name}" in text
    assert f"# bench import: {Path(after).name}" in text


def test_perf7_k6_fills_the_named_row_and_keeps_what_agrees(
    capsys: pytest.CaptureFixture[str], card: Path
) -> None:
    code, out, _ = run(
        capsys, card, fixture("k6_summary_export.json"), "--as", "before",
        "--metric", "p95 response time",
    )  # fmt: skip
    assert code == 0
    # the row names p95: the p95 is written, without a qualifier the row already states
    assert row(card, "p95 response time") == ("420.3ms", "240ms", "42.9% less time")
    code, out, _ = run(
        capsys, card, fixture("k6_handle_summary.json"), "--as", "after",
        "--metric", "p95 response time",
    )  # fmt: skip
    assert code == 0
    assert row(card, "p95 response time") == ("420.3ms", "240.1ms", "42.9% less time")
    assert "p95 response time › After: '240ms' → '240.1ms'" in out
    assert findings_that_disagree(card) == []
    # the rest of the card is byte for byte what it was, outside the block and the cells
    old, new = PERF_7.read_text(encoding="utf-8"), card.read_text(encoding="utf-8")
    assert old.split("### Benchmark Results")[0] == new.split("### Benchmark Results")[0]
    assert old.split("### Success Criteria")[1] == new.split("### Success Criteria")[1]


def test_improvement_is_computed_when_it_disagrees(
    capsys: pytest.CaptureFixture[str], card: Path
) -> None:
    code, _, err = run(
        capsys, card, fixture("k6_handle_summary.json"), "--as", "after",
        "--metric", "p99 response time",
    )  # fmt: skip
    assert code == 0, err
    assert row(card, "p99 response time") == ("912ms", "505.2ms", "44.6% less time")
    code, _, err = run(
        capsys, card, fixture("k6_handle_summary.json"), "--as", "before",
        "--metric", "p99 response time", "--stat", "p95",
    )  # fmt: skip
    assert code == 0, err
    before, _after, improvement = row(card, "p99 response time")
    assert before == "240.1ms (p95)"  # the row says p99: the other statistic is named
    assert improvement == "110.4% more time, 0.5x (slower)"  # recomputed: it disagreed
    assert findings_that_disagree(card) == []


def test_current_value_filled_only_while_a_placeholder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "PERF-1.md"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    code, _, err = run(
        capsys, path, fixture("k6_summary_export.json"), "--as", "before",
        "--select", "http_req_duration",
    )  # fmt: skip
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    assert "**Current Value**: 236.4ms" in text  # no metric named yet: the mean
    assert "| http_req_duration | 236.4ms |" in text  # the template's placeholder row, reused
    code, _, err = run(
        capsys, path, fixture("k6_handle_summary.json"), "--as", "after",
        "--select", "http_req_duration",
    )  # fmt: skip
    assert code == 0, err
    assert "**Current Value**: 236.4ms" in path.read_text(encoding="utf-8")


def test_crlf_card_stays_crlf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(PERF_7.read_bytes().replace(b"\n", b"\r\n"))
    code, _, err = run(capsys, path, fixture("go_bench.txt"), "--as", "before")
    assert code == 0, err
    data = path.read_bytes()
    assert b"# bench import: go_bench.txt" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def test_dry_run_prints_the_diff_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], card: Path
) -> None:
    before = card.read_bytes()
    code, out, err = run(capsys, card, fixture("hyperfine.json"), "--as", "before", "--dry-run")
    assert code == 0, err
    assert card.read_bytes() == before
    assert out.startswith(f"--- {card}\n+++ {card}\n")
    # PERF-7's primary metric is a p95: hyperfine's run times give one
    assert "+# bench import: hyperfine.json (hyperfine, p95)" in out
    assert "+| python scripts/export_orders.py --page-size 50 | 433.2ms (p95) | | |" in out


def test_the_core_api_is_pure() -> None:
    text = read_card(PERF_7)
    card = parse_card(text.text, newline=text.newline, bom=text.bom)
    sets = [read_file(fixture("k6_handle_summary.json"))]
    outcome = import_results(card, sets, ImportOptions("after", metric="p95 response time"))
    assert card.text == text.text  # the card given is untouched
    assert [c.where for c in outcome.changes] == [
        "Performance Comparison › p95 response time › After",
        "Benchmark Results › After Optimization",
    ]
    assert outcome.card.field(outcome.changes[0].path).value == "240.1ms"


def test_other_files_parts_of_a_block_are_kept(
    capsys: pytest.CaptureFixture[str], card: Path
) -> None:
    assert run(capsys, card, fixture("go_bench.txt"), "--as", "before")[0] == 0
    assert run(capsys, card, fixture("go_bench_after.txt"), "--as", "before",
               "--select", "Decode")[0] == 0  # fmt: skip
    assert run(capsys, card, fixture("go_bench.txt"), "--as", "before")[0] == 0
    text = card.read_text(encoding="utf-8")
    assert text.count("# bench import: go_bench.txt") == 1  # replaced, not added twice
    assert "# bench import: go_bench_after.txt" in text  # another file's part, kept
    assert "steady_browse" not in text.split("**Before Optimization**:")[1].split("**After")[0]


# -- bad input: one line, exit 2, the card untouched ---------------------------------------------


def bad(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("notes.txt", b"just some notes\nnothing measured\n", "unknown format"),
        ("empty.json", b"", "the file is empty"),
        ("latin1.txt", "Benchmark caf\u00e9".encode("latin-1"), "not UTF-8"),
        ("cut.json", FIXTURES.joinpath("hyperfine.json").read_bytes()[:700], "truncated JSON"),
        ("bad.json", b'{"results": [1, 2,, 3]}', "not valid JSON at line 1"),
        (
            "none.json",
            b'{"machine_info": {"node": "ci"}, "benchmarks": [], "version": "5.3.1"}',
            "no benchmark results",
        ),
        (
            "both.txt",
            FIXTURES.joinpath("go_bench.txt").read_bytes()
            + FIXTURES.joinpath("benchstat.txt").read_bytes(),
            "fits both go and benchstat",
        ),
    ],
)
def test_bad_files(
    capsys: pytest.CaptureFixture[str],
    card: Path,
    tmp_path: Path,
    name: str,
    data: bytes,
    says: str,
) -> None:
    before = card.read_bytes()
    path = bad(tmp_path, name, data)
    line = one_line_error(*run(capsys, card, path, "--as", "before")[::2])
    assert says in line and name in line, line
    assert card.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["go_bench.txt", "hyperfine.json"], "mixed formats"),
        (["go_bench.txt", "--metric", "cold start"], "matches no Performance Comparison row"),
        (["go_bench.txt", "--select", "Nope*"], "--select 'Nope*' matches none"),
        (["go_bench.txt", "--stat", "p95"], "--stat p95: no benchmark has it"),
        (
            [
                "k6_handle_summary.json",
                "--select",
                "http_reqs",
                "--metric",
                "p95 response time",
                "--stat",
                "rate",
            ],
            "cannot be compared",
        ),
        (["k6_handle_summary.json", "--metric", "p95 response time", "--stat", "p(97)"], "no p97"),
        (["go_bench.txt", "--metric", "p95 response time"], "2 benchmarks could fill it"),
        (
            ["go_bench.txt", "--metric", "p95 response time", "--select", "Encode"],
            "is a p95",
        ),
        (["go_bench.txt", "--stat", "fastest"], "not a statistic"),
        (["missing.json"], "cannot read it"),
    ],
)
def test_bad_requests(
    capsys: pytest.CaptureFixture[str], card: Path, args: list[str], says: str
) -> None:
    before = card.read_bytes()
    files = [fixture(a) if "." in a and not a.startswith("p") else a for a in args]
    code, _, err = run(capsys, card, *files)
    assert says in one_line_error(code, err), err
    assert card.read_bytes() == before


def test_format_is_taken_when_given(
    capsys: pytest.CaptureFixture[str], card: Path, tmp_path: Path
) -> None:
    both = bad(
        tmp_path,
        "both.txt",
        FIXTURES.joinpath("go_bench.txt").read_bytes()
        + FIXTURES.joinpath("benchstat.txt").read_bytes(),
    )
    code, _, err = run(capsys, card, both, "--format", "go", "--as", "before")
    assert code == 0, err
    with pytest.raises(BenchError, match=r"w\.txt: "):
        read_bytes(b"Running 1s test @ http://x\n", "w.txt", "pytest-benchmark")


def test_a_real_process_prints_one_line(card: Path, tmp_path: Path) -> None:
    """No traceback ever reaches the user: the console entry point, a truncated file."""
    path = bad(tmp_path, "cut.json", FIXTURES.joinpath("k6_handle_summary.json").read_bytes()[:300])
    proc = subprocess.run(
        [sys.executable, "-m", "perfcard_tui", "bench", "import", str(card), path],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "truncated JSON" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_command_offers_every_format() -> None:
    from perfcard_tui.cli.bench import FORMAT_NAMES
    from perfcard_tui.core.bench import format_names

    assert list(FORMAT_NAMES) == ["auto", *format_names()]
