"""Which comparison numbers came from an imported file, known from the card's text alone
(``core.bench.provenance.row_sources``): the Benchmark Results block names the file and what it
wrote for each row; a number typed over it is the person's again."""

from __future__ import annotations

from pathlib import Path

from perfcard_tui.core import gate
from perfcard_tui.core.bench import ImportOptions, import_results, read_file
from perfcard_tui.core.bench.provenance import RowSource, row_sources
from perfcard_tui.core.model import Card
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.store import read_card

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "bench_fixtures"
PERF_7 = TESTS.parent / "sample_cards" / "PERF-7.md"


def perf7(newline: str = "\n") -> Card:
    text = read_card(PERF_7).text.replace("\n", newline)
    return parse_card(text, newline=newline)


def imported(card: Card, name: str, side: str, **options: str) -> Card:
    sets = [read_file(str(FIXTURES / name))]
    return import_results(card, sets, ImportOptions(side, **options)).card


def by_metric(card: Card) -> dict[str, RowSource]:
    return {row.metric: row for row in row_sources(card)}


def test_numbers_typed_by_hand_are_not_imports() -> None:
    """PERF-7's blocks hold k6 output pasted by hand, with no `# bench import:` line."""
    rows = row_sources(perf7())
    assert [row.metric for row in rows] == [
        "p95 response time",
        "p99 response time",
        "p95 response time, page_size=100",
    ]
    assert not any(row.imported for row in rows)
    assert rows[0].before == "420ms" and rows[0].improvement == "42.9% less time"


def test_a_row_filled_through_metric_is_known_by_the_name_the_block_gives_it() -> None:
    card = imported(perf7(), "k6_summary_export.json", "before", metric="p95 response time")
    block = card.text.split("**Before Optimization**")[1].split("**After")[0]
    assert "http_req_duration  p95 420.3ms" in block and "→ p95 response time" in block
    row = by_metric(card)["p95 response time"]
    assert (row.before, row.before_from, row.after_from) == (
        "420.3ms",
        "k6_summary_export.json",
        "",
    )
    card = imported(card, "k6_handle_summary.json", "after", metric="p95 response time")
    rows = by_metric(card)
    assert rows["p95 response time"].after_from == "k6_handle_summary.json"
    assert rows["p95 response time"].before_from == "k6_summary_export.json"
    assert not rows["p99 response time"].imported


def test_rows_named_like_the_benchmarks_and_qualified_values() -> None:
    """New rows take the benchmark's name; a statistic the row does not name is written beside
    the number ("433.2ms (p95)") and still read as the import's."""
    card = imported(perf7(), "hyperfine.json", "after")
    rows = by_metric(card)
    row = rows["python scripts/export_orders.py --page-size 50"]
    assert row.after == "433.2ms (p95)" and row.after_from == "hyperfine.json"
    assert not row.before_from
    card = imported(card, "go_bench.txt", "before")
    assert by_metric(card)["EncodePage/size=50"].before_from == "go_bench.txt"


def test_a_number_typed_over_an_import_is_the_persons_again() -> None:
    card = imported(perf7(), "k6_handle_summary.json", "after", metric="p95 response time")
    card = imported(card, "k6_summary_export.json", "before", metric="p95 response time")
    after_cell = next(path for _, f in card.fields() if (path := f.path).endswith("row-1/after"))
    card = gate.set_value(card, after_cell, "238ms")
    row = by_metric(card)["p95 response time"]
    assert (row.after, row.after_from) == ("238ms", "")
    assert row.before_from == "k6_summary_export.json"  # the other side is still the import's


def test_a_typed_row_named_like_a_benchmark_with_another_number_is_not_an_import() -> None:
    card = imported(perf7(), "go_bench.txt", "before", select="Decode")
    before_cell = next(path for _, f in card.fields() if (path := f.path).endswith("row-4/before"))
    assert by_metric(card)["DecodePage"].before_from == "go_bench.txt"
    card = gate.set_value(card, before_cell, "57.71µs")  # close, but typed
    assert not by_metric(card)["DecodePage"].imported


def test_crlf_cards_and_cards_without_the_table() -> None:
    card = imported(perf7("\r\n"), "go_bench.txt", "after", select="Encode")
    assert by_metric(card)["EncodePage/size=50"].after_from == "go_bench.txt"
    bare = parse_card("# PERF-1: Bare\n\n## Notes\n\nNothing measured yet.\n")
    assert row_sources(bare) == []
