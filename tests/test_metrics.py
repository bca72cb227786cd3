"""Tests for perfcard_tui.core.metrics: units, number formats, direction, improvement maths."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfcard_tui.core.metrics import (
    Dimension,
    Direction,
    Improvement,
    Quantity,
    improvement,
    infer_direction,
    is_better,
    meets,
    parse_quantity,
    parse_stated_improvement,
)

T, S, R, P, C = Dimension.TIME, Dimension.SIZE, Dimension.RATE, Dimension.PERCENT, Dimension.COUNT
LOWER, HIGHER = Direction.LOWER, Direction.HIGHER


def q(text: str) -> Quantity:
    parsed = parse_quantity(text)
    assert parsed is not None, text
    return parsed


@pytest.mark.parametrize(
    ("text", "value", "unit", "dimension"),
    [
        # time
        ("250ns", 250e-9, "ns", T),
        ("3 us", 3e-6, "µs", T),
        ("3µs", 3e-6, "µs", T),  # MICRO SIGN
        ("3μs", 3e-6, "µs", T),  # GREEK SMALL LETTER MU
        ("420ms", 0.42, "ms", T),
        ("420 MS", 0.42, "ms", T),
        ("1.5s", 1.5, "s", T),
        ("2 sec", 2.0, "s", T),
        ("2 secs", 2.0, "s", T),
        ("1 second", 1.0, "s", T),
        ("10 seconds", 10.0, "s", T),
        ("3 min", 180.0, "min", T),
        ("3 mins", 180.0, "min", T),
        ("1 minute", 60.0, "min", T),
        ("4 minutes", 240.0, "min", T),
        ("2h", 7200.0, "h", T),
        ("2 hr", 7200.0, "h", T),
        ("5 hrs", 18000.0, "h", T),
        ("1 hour", 3600.0, "h", T),
        ("1.5 hours", 5400.0, "h", T),
        # size: decimal and binary prefixes
        ("512B", 512.0, "B", S),
        ("512 bytes", 512.0, "B", S),
        ("4 KB", 4e3, "KB", S),
        ("500MB", 5e8, "MB", S),
        ("500 mb", 5e8, "MB", S),
        ("2GB RAM", 2e9, "GB", S),
        ("2.1 GB RSS", 2.1e9, "GB", S),
        ("1 TB", 1e12, "TB", S),
        ("7 KiB", 7 * 1024.0, "KiB", S),
        ("3MiB", 3 * 1024.0**2, "MiB", S),
        ("1.5 GiB", 1.5 * 1024.0**3, "GiB", S),
        ("2 TiB", 2 * 1024.0**4, "TiB", S),
        # rates
        ("900 req/s", 900.0, "req/s", R),
        ("900 requests/s", 900.0, "req/s", R),
        ("1,000 requests per second", 1000.0, "req/s", R),
        ("300 ops/s", 300.0, "ops/s", R),
        ("300 ops / sec", 300.0, "ops/s", R),
        ("200 rps", 200.0, "rps", R),
        ("50 qps", 50.0, "qps", R),
        ("80 tps", 80.0, "tps", R),
        ("200/s", 200.0, "/s", R),
        ("200 per second", 200.0, "/s", R),
        ("12 k req/s", 12000.0, "req/s", R),
        ("12k req/s", 12000.0, "req/s", R),
        ("3M req/s", 3e6, "req/s", R),
        ("50 msg/s", 50.0, "msg/s", R),
        ("120 MB/s", 1.2e8, "MB/s", R),
        # percent
        ("40% CPU", 40.0, "%", P),
        ("99.9%", 99.9, "%", P),
        ("12 percent", 12.0, "%", P),
        # counts
        ("127 queries", 127.0, "", C),
        ("1,200", 1200.0, "", C),
        ("1,234,567.5", 1234567.5, "", C),
        ("50 items", 50.0, "", C),
        ("1.2k", 1200.0, "", C),
        ("3M", 3e6, "", C),
        ("2M users", 2e6, "", C),
        ("3m", 3.0, "", C),  # "m" is neither minutes nor million
        ("1.2k ms", 1200.0, "", C),  # multipliers only go with rate units or none
        ("5 steps", 5.0, "", C),  # "s" must stand alone to be seconds
        (".5s", 0.5, "s", T),
    ],
)
def test_parse_units_and_numbers(text: str, value: float, unit: str, dimension: Dimension) -> None:
    parsed = q(text)
    assert parsed.value == pytest.approx(value, rel=1e-12)
    assert (parsed.unit, parsed.dimension, parsed.text) == (unit, dimension, text)


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("8.3s (p95)", 8.3, "s", "p95"),
        ("p95 420 ms", 0.42, "ms", "p95"),
        ("P99: 1.2s", 1.2, "s", "p99"),
        ("500ms p95 under 200 rps", 0.5, "ms", "p95"),
        ("120ms at p999", 0.12, "ms", "p999"),
        ("p50 80ms", 0.08, "ms", "p50"),
        ("< 1.5s", 1.5, "s", "<"),
        ("<= 200ms", 0.2, "ms", "<="),
        ("> 5000 req/s", 5000.0, "req/s", ">"),
        ("~200ms", 0.2, "ms", "~"),
        ("< 200ms (p90)", 0.2, "ms", "< p90"),
        ("420ms", 0.42, "ms", ""),
    ],
)
def test_qualifiers(text: str, value: float, unit: str, qualifier: str) -> None:
    parsed = q(text)
    assert parsed.value == pytest.approx(value)
    assert (parsed.unit, parsed.qualifier) == (unit, qualifier)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("PERF-7 took 500ms", 0.5, "ms"),  # digits glued to a word are not the number
        ("v2 api: 10 secs", 10.0, "s"),
        ("was 420ms, now 180ms", 0.42, "ms"),  # the first quantity wins
        ("2 GB then 1 GB", 2e9, "GB"),
    ],
)
def test_first_quantity_wins(text: str, value: float, unit: str) -> None:
    parsed = q(text)
    assert parsed.value == pytest.approx(value)
    assert parsed.unit == unit


@pytest.mark.parametrize("text", ["", "n/a", "unknown", "TBD ms", "p95", "[Value]", "[e.g. 500ms]"])
def test_no_number_or_placeholder_is_none(text: str) -> None:
    assert parse_quantity(text) is None


# Units and their factor to the base unit, written out independently of the module's table.
UNIT_FACTORS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "sec": 1.0,
    "min": 60.0,
    "h": 3600.0,
    "hours": 3600.0,
    "B": 1.0,
    "KB": 1e3,
    "MB": 1e6,
    "GB": 1e9,
    "TB": 1e12,
    "KiB": 1024.0,
    "MiB": 1024.0**2,
    "GiB": 1024.0**3,
    "TiB": 1024.0**4,
    "req/s": 1.0,
    " req/s": 1.0,
    "ops/s": 1.0,
    " rps": 1.0,
    "qps": 1.0,
    "/s": 1.0,
    " per second": 1.0,
    "k req/s": 1e3,
    " k req/s": 1e3,
    "MB/s": 1e6,
    "%": 1.0,
    "": 1.0,
    " items": 1.0,
}


@given(
    value=st.floats(min_value=1e-3, max_value=1e12, allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(sorted(UNIT_FACTORS)),
)
def test_format_then_parse_round_trips(value: float, unit: str) -> None:
    parsed = q(f"{value}{unit}")
    assert math.isclose(parsed.value, value * UNIT_FACTORS[unit], rel_tol=1e-9)


@pytest.mark.parametrize(
    ("text", "metric", "direction", "reason"),
    [
        ("420ms", "", LOWER, "lower is better: time (ms)"),
        ("2GB RAM", "Memory", LOWER, "lower is better: size (GB)"),
        ("900 req/s", "", HIGHER, "higher is better: throughput (req/s)"),
        ("200 rps", "Load", HIGHER, "higher is better: throughput (rps)"),
        ("40% CPU", "CPU usage", LOWER, "lower is better: percentage (%)"),
        ("2%", "Error rate", LOWER, "lower is better: 'error' in the metric name"),
        ("127 queries", "Queries per page", LOWER, "lower is better: count"),
        ("95%", "Cache hit rate", HIGHER, "higher is better: 'cache hit' in the metric name"),
        ("95%", "Hit rate", HIGHER, "higher is better: 'hit rate' in the metric name"),
        ("99.5%", "Success rate", HIGHER, "higher is better: 'success' in the metric name"),
        ("99.9%", "Availability", HIGHER, "higher is better: 'availability' in the metric name"),
        ("99.99%", "Uptime", HIGHER, "higher is better: 'uptime' in the metric name"),
        ("87", "Lighthouse score", HIGHER, "higher is better: 'score' in the metric name"),
        ("5000", "Throughput", HIGHER, "higher is better: 'throughput' in the metric name"),
        (
            "5000",
            "Requests per minute",
            HIGHER,
            "higher is better: 'requests per' in the metric name",
        ),
        ("5000", "Batch ops", HIGHER, "higher is better: 'ops' in the metric name"),
        ("5000", "Loops", LOWER, "lower is better: count"),  # "ops" only as a word
        ("5 errors/s", "", LOWER, "lower is better: 'errors' in the unit"),
        ("30 req/s", "Failed requests", LOWER, "lower is better: 'failed' in the metric name"),
        ("12%", "Cache miss rate", LOWER, "lower is better: 'miss' in the metric name"),
        ("40 MB/s", "Transmission", HIGHER, "higher is better: throughput (MB/s)"),
    ],
)
def test_infer_direction(text: str, metric: str, direction: Direction, reason: str) -> None:
    assert infer_direction(q(text), metric) == (direction, reason)


@pytest.mark.parametrize(
    ("before", "after", "direction", "percent", "factor", "described"),
    [
        ("420ms", "180ms", LOWER, 57.142857, 2.333333, "57.1% less time, 2.3x faster"),
        ("1s", "232ms", LOWER, 76.8, 4.310345, "76.8% less time, 4.3x faster"),
        ("8.3s (p95)", "p95 1.2 s", LOWER, 85.542169, 6.916667, "85.5% less time, 6.9x faster"),
        ("100ms", "112ms", LOWER, -12.0, 0.892857, "12.0% more time, 0.9x (slower)"),
        ("900 req/s", "2250 req/s", HIGHER, 150.0, 2.5, "2.5x more throughput (+150.0%)"),
        ("1.2k rps", "3k rps", HIGHER, 150.0, 2.5, "2.5x more throughput (+150.0%)"),
        ("1000 req/s", "800 req/s", HIGHER, -20.0, 0.8, "20.0% less throughput, 0.8x (worse)"),
        ("2.1 GB", "1.26 GB", LOWER, 40.0, 1.666667, "40.0% less memory, 1.7x smaller"),
        ("1 GB", "1500 MB", LOWER, -50.0, 0.666667, "50.0% more memory, 0.7x (larger)"),
        ("127 queries", "3 queries", LOWER, 97.637795, 42.333333, "97.6% fewer, 42.3x better"),
        ("80%", "95%", HIGHER, 18.75, 1.1875, "1.2x higher (+18.8%)"),
        ("80% CPU", "20% CPU", LOWER, 75.0, 4.0, "75.0% lower, 4.0x better"),
        ("1s", "1000ms", LOWER, 0.0, 1.0, "no change (1.0x)"),
        ("5 s", "0 s", LOWER, 100.0, math.inf, "100.0% less time, down to zero"),
        ("2s", "100s", LOWER, -4900.0, 0.02, "4900.0% more time, 0.02x (slower)"),
    ],
)
def test_improvement_maths_and_description(
    before: str, after: str, direction: Direction, percent: float, factor: float, described: str
) -> None:
    result = improvement(q(before), q(after), direction)
    assert result is not None
    assert result.percent == pytest.approx(percent, abs=1e-6)
    assert result.factor == pytest.approx(factor, rel=1e-6)
    assert result.direction is direction
    assert result.describe() == described


def test_describe_without_dimension_uses_neutral_words() -> None:
    assert Improvement(50.0, 2.0, LOWER).describe() == "50.0% lower, 2.0x better"
    assert Improvement(100.0, 2.0, HIGHER).describe() == "2.0x higher (+100.0%)"


@pytest.mark.parametrize(
    ("before", "after", "direction"),
    [
        ("1s", "1MB", LOWER),  # different dimensions
        ("40%", "40 queries", LOWER),
        ("10 MB/s", "10 req/s", HIGHER),  # byte rate vs request rate
        ("0 req/s", "5 req/s", HIGHER),  # no percentage of zero
        ("0 ms", "5 ms", LOWER),
    ],
)
def test_improvement_none_when_not_comparable(
    before: str, after: str, direction: Direction
) -> None:
    assert improvement(q(before), q(after), direction) is None


@pytest.mark.parametrize(
    ("before", "after", "direction", "better"),
    [
        ("420ms", "180ms", LOWER, True),
        ("180ms", "420ms", LOWER, False),
        ("1.5s", "1500ms", LOWER, False),  # equal is not strictly better
        ("900 req/s", "2250 req/s", HIGHER, True),
        ("2250 req/s", "900 req/s", HIGHER, False),
        ("1s", "1 KB", LOWER, False),  # incomparable
    ],
)
def test_is_better(before: str, after: str, direction: Direction, better: bool) -> None:
    assert is_better(q(before), q(after), direction) is better


@pytest.mark.parametrize(
    ("measured", "target", "direction", "met"),
    [
        ("180ms", "< 200ms", LOWER, True),
        ("0.2s", "200ms", LOWER, True),  # equal meets, across units
        ("0.3s", "200ms", LOWER, False),
        ("900 MB", "1 GB RAM", LOWER, True),
        ("2250 req/s", "> 2k req/s", HIGHER, True),
        ("1500 req/s", "2k req/s", HIGHER, False),
        ("96%", "95%", HIGHER, True),
        ("180ms", "200 MB", LOWER, False),  # incomparable never meets
    ],
)
def test_meets(measured: str, target: str, direction: Direction, met: bool) -> None:
    assert meets(q(measured), q(target), direction) is met


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("60% faster", (60.0, None)),
        ("-60%", (60.0, None)),
        ("+150%", (150.0, None)),
        ("reduce by 60%", (60.0, None)),
        ("60% less memory", (60.0, None)),
        ("4x faster", (None, 4.0)),
        ("4.3×", (None, 4.3)),
        ("4X", (None, 4.0)),
        ("2.5x throughput", (None, 2.5)),
        ("3 times faster", (None, 3.0)),
        ("57.1% less time, 2.3x faster", (57.1, 2.3)),
        ("2.5x more throughput (+150.0%)", (150.0, 2.5)),
        ("1,200% more", (1200.0, None)),
        ("[X%]", (None, None)),
        ("[X% faster / Y% less memory / etc.]", (None, None)),
        ("much faster", (None, None)),
        ("", (None, None)),
        ("x86 box", (None, None)),
    ],
)
def test_parse_stated_improvement(text: str, expected: tuple[float | None, float | None]) -> None:
    assert parse_stated_improvement(text) == expected


def test_describe_round_trips_through_stated_improvement() -> None:
    result = improvement(q("420ms"), q("180ms"), LOWER)
    assert result is not None
    percent, factor = parse_stated_improvement(result.describe())
    assert percent == pytest.approx(round(result.percent, 1))
    assert factor == pytest.approx(round(result.factor, 1))


def test_quantity_is_frozen() -> None:
    parsed = q("420ms")
    with pytest.raises(AttributeError):
        parsed.value = 1.0  # type: ignore[misc]
