"""core/validate.py: per rule, a small card that makes it fire (code, severity, field, line) and
one that does not; then the sample cards and the corpus as a whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfcard_tui.core.model import Card
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template
from perfcard_tui.core.validate import Finding, Severity, id_resolves, validate

TEMPLATE = builtin_template()
# Fixed "now" and folder contents so date and link rules do not depend on the machine.
TODAY = date(2026, 11, 26)
STEMS = frozenset({"perf-3", "perf-7", "perf-9"})
SAMPLES = Path(__file__).resolve().parents[1] / "sample_cards"
TOP_SECTIONS = [
    "Performance Issue",
    "Current Performance",
    "Root Cause",
    "Optimization Approach",
    "Implementation",
    "Benchmarking",
    "Trade-offs",
    "Prerequisites",
    "Related Cards",
    "Notes",
    "Progress Notes",
]


def load(path: Path) -> Card:
    text = read_card(path)
    return parse_card(text.text, newline=text.newline, bom=text.bom)


def run(card: Card | str, stems: frozenset[str] | None = STEMS) -> list[Finding]:
    if isinstance(card, str):
        card = parse_card(card)
    return validate(card, TEMPLATE, today=TODAY, stems=stems)


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line holding ``needle``."""
    for n, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in the card")


def one(text: str, code: str, stems: frozenset[str] | None = STEMS) -> Finding:
    found = only(run(text, stems), code)
    assert len(found) == 1, found
    return found[0]


def primary(
    metric: str = "p95 response time",
    current: str = "420ms",
    target: str = "180ms",
    goal: str = "57% faster",
    severity: str = "High",
) -> str:
    return f"""# PERF-1: Primary metric

## Current Performance

### Primary Metric

- **Metric**: {metric}
- **Current Value**: {current}
- **Target Value**: {target}
- **Improvement Goal**: {goal}

### Performance Impact

**User Impact**:
- **Severity**: {severity}
- **Frequency**: Under load
"""


# -- missing-section ------------------------------------------------------------------------------


def test_missing_section_fires_once_per_missing_subtree() -> None:
    text = "# PERF-1\n\n## Performance Issue\n\nSlow.\n\n## Notes\n\n### Resources\n\n- x\n"
    found = only(run(text), "missing-section")
    assert {f.severity for f in found} == {Severity.ERROR}
    assert {f.line for f in found} == {1}
    assert {f.field for f in found} == {None}
    assert [f.section for f in found] == [
        *[t for t in TOP_SECTIONS if t not in ("Performance Issue", "Notes", "Progress Notes")],
        "Notes › Profiling Methodology",
        "Notes › Optimization Insights",
        "Notes › Future Optimizations",
        "Progress Notes",
    ]
    assert "'Root Cause'" in next(f.message for f in found if f.section == "Root Cause")
    # the optional free-form section is never missing
    assert not [f for f in found if "Additional Notes" in f.section]


def test_no_missing_section_on_complete_cards(perf7, seed_crlf, seed_mojibake) -> None:
    for card in (perf7, seed_crlf, seed_mojibake):
        assert only(run(card), "missing-section") == []


def test_additional_notes_may_be_absent(perf7) -> None:
    start, _ = perf7.section_span("additional-notes-optional")
    card = parse_card(perf7.text[:start])
    assert "Additional Notes (optional)" not in [s.title for s in card.sections]
    assert only(run(card), "missing-section") == []


def test_missing_section_on_foreign_cards(corpus_path: Path) -> None:
    card = load(corpus_path)
    found = only(run(card), "missing-section")
    names = {f.section.split(" › ")[0] for f in found}
    # none of them is written in the perf template's shape
    assert {"Current Performance", "Optimization Approach", "Trade-offs"} <= names
    assert {"Benchmarking", "Prerequisites", "Progress Notes"} <= names
    assert not [f for f in found if "Additional Notes" in f.section]
    assert all(f.severity is Severity.ERROR for f in found)


# -- placeholder / empty-field --------------------------------------------------------------------

PLACEHOLDERS = """# PERF-2: Placeholders

## Performance Issue

[Description of performance problem and its impact on users or system - REQUIRED]

**Value**: [Why optimizing this matters - user experience, cost savings, scalability]

**Estimated Effort**:

## Related Cards

### Related

**Related**: [Card ID] - [Related performance work]
"""


def test_required_placeholder_is_an_error_others_warnings() -> None:
    found = only(run(PLACEHOLDERS), "placeholder")
    got = [(f.severity, f.section, f.field, f.line) for f in found]
    assert got == [
        (Severity.ERROR, "Performance Issue", "Summary", 5),
        (Severity.WARNING, "Performance Issue", "Value", 7),
        (Severity.WARNING, "Related Cards › Related", "Related", 15),
    ]
    assert "REQUIRED" in found[0].message
    assert "[Why optimizing this matters" in found[1].message


def test_empty_field_is_a_warning() -> None:
    found = one(PLACEHOLDERS, "empty-field")
    assert (found.severity, found.field, found.line) == (Severity.WARNING, "Estimated Effort", 9)


def test_filled_fields_are_no_placeholders() -> None:
    text = (
        PLACEHOLDERS.replace("[Description of performance problem", "Checkout is slow [p95")
        .replace("[Why optimizing this matters - user experience, cost savings, scalability]", "$")
        .replace("**Estimated Effort**:", "**Estimated Effort**: 2 days")
        .replace("[Card ID] - [Related performance work]", "[PERF-7](PERF-7.md) - orders")
    )
    findings = run(text)
    assert only(findings, "placeholder") == []
    assert only(findings, "empty-field") == []


def test_fresh_card_has_exactly_one_error(perf9) -> None:
    """PERF-9 is straight from the template: only the REQUIRED description is an error."""
    findings = run(perf9)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert [(f.code, f.section, f.field) for f in errors] == [
        ("placeholder", "Performance Issue", "Summary")
    ]
    line = perf9.text.splitlines()[errors[0].line - 1]
    assert line.startswith("[Description of performance problem")
    warnings = only(findings, "placeholder")[1:]
    assert len(warnings) > 50
    assert {f.severity for f in warnings} == {Severity.WARNING}
    # Additional Notes and below is free-form: nothing reported there
    free = perf9.section_line("additional-notes-optional")
    assert max(f.line for f in findings) < free


# -- invalid-choice -------------------------------------------------------------------------------


def test_invalid_choice_fires() -> None:
    text = primary(severity="Urgent")
    found = one(text, "invalid-choice")
    assert (found.severity, found.field) == (Severity.WARNING, "Severity")
    assert found.section == "Current Performance › Performance Impact"
    assert found.line == line_of(text, "**Severity**")
    assert "'Urgent'" in found.message
    assert "Critical / High / Medium / Low" in found.message


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
@pytest.mark.parametrize("bom", [False, True])
def test_lines_do_not_depend_on_newline_style(newline: str, bom: bool) -> None:
    text = primary(severity="Urgent", goal="10% faster")
    expected = [(f.code, f.line) for f in run(text)]
    assert ("invalid-choice", line_of(text, "**Severity**")) in expected
    card = parse_card(text.replace("\n", newline), bom=bom)
    assert [(f.code, f.line) for f in run(card)] == expected


@pytest.mark.parametrize(
    "value", ["High - breaches SLO", "High", "critical", "Medium (p95 only)", "High / Critical"]
)
def test_valid_choice_does_not_fire(value: str) -> None:
    assert only(run(primary(severity=value)), "invalid-choice") == []


def test_suggestion_fields_accept_anything() -> None:
    """Metric lists suggestions (`/ etc.`): any value is fine; Frequency is a real choice."""
    assert only(run(primary(metric="Time to first byte")), "invalid-choice") == []
    text = primary().replace("Under load", "Every Monday at 9am")
    assert [f.field for f in only(run(text), "invalid-choice")] == ["Frequency"]


# -- metric rules ---------------------------------------------------------------------------------


def test_metric_unparsable() -> None:
    text = primary(current="fast")
    found = one(text, "metric-unparsable")
    assert (found.severity, found.field) == (Severity.ERROR, "Current Value")
    assert found.line == line_of(text, "**Current Value**")
    assert "'fast'" in found.message
    assert only(run(primary()), "metric-unparsable") == []


def test_unit_mismatch() -> None:
    text = primary(current="420ms", target="1.2 GB")
    found = one(text, "unit-mismatch")
    assert (found.severity, found.field) == (Severity.ERROR, "Target Value")
    assert found.line == line_of(text, "**Target Value**")
    assert "time (ms)" in found.message and "size (GB)" in found.message
    assert only(run(primary(current="420ms", target="0.18 s")), "unit-mismatch") == []


def test_target_not_better_for_a_time() -> None:
    text = primary(current="420ms", target="600ms")
    found = one(text, "target-not-better")
    assert (found.severity, found.field) == (Severity.ERROR, "Target Value")
    assert found.line == line_of(text, "**Target Value**")
    assert "lower is better" in found.message
    assert "600ms" in found.message and "420ms" in found.message


def test_target_equal_to_current_is_not_better() -> None:
    assert len(only(run(primary(current="1.5s", target="1500ms")), "target-not-better")) == 1


def test_throughput_is_higher_is_better() -> None:
    better = primary(
        metric="Orders endpoint", current="800 req/s", target="1,200 req/s", goal="1.5x"
    )
    assert only(run(better), "target-not-better") == []
    assert only(run(better), "improvement-mismatch") == []
    worse = primary(metric="Orders endpoint", current="800 req/s", target="500 req/s", goal="")
    found = one(worse, "target-not-better")
    assert "higher is better" in found.message
    assert "req/s" in found.message  # the direction came from the unit


def test_direction_from_the_metric_name() -> None:
    text = primary(metric="cache hit rate", current="62%", target="45%", goal="")
    found = one(text, "target-not-better")
    assert "higher is better" in found.message and "in the metric name" in found.message
    ok = primary(metric="cache hit rate", current="62%", target="90%", goal="")
    assert only(run(ok), "target-not-better") == []
    errors = primary(metric="error rate", current="2%", target="0.5%", goal="")
    assert only(run(errors), "target-not-better") == []


def test_improvement_mismatch() -> None:
    text = primary(current="420ms", target="180ms", goal="10% faster")
    found = one(text, "improvement-mismatch")
    assert (found.severity, found.field) == (Severity.WARNING, "Improvement Goal")
    assert found.line == line_of(text, "**Improvement Goal**")
    assert "57.1%" in found.message
    assert "2.3x" in found.message


@pytest.mark.parametrize("goal", ["57% faster", "2.3x faster", "55% less time", "[X% faster]"])
def test_improvement_goal_that_agrees(goal: str) -> None:
    assert only(run(primary(goal=goal)), "improvement-mismatch") == []


# -- table-improvement-mismatch -------------------------------------------------------------------


def comparison(rows: str, criteria: str = "- [ ] Target performance achieved: 180ms") -> str:
    return (
        primary()
        + """
## Benchmarking

### Performance Comparison

| Metric | Before | After | Improvement |
|--------|--------|-------|-------------|
"""
        + rows
        + f"""
### Success Criteria

{criteria}
- [x] No regression in other metrics
"""
    )


def test_table_row_mismatch_and_empty_improvement() -> None:
    text = comparison(
        "| p95 response time | 420ms | 240ms | 10% less time |\n"
        "| p99 response time | 912ms | 505ms |  |\n"
        "| queries per page | 152 | 3 | 98% fewer |\n"
    )
    found = only(run(text), "table-improvement-mismatch")
    assert [(f.severity, f.line) for f in found] == [
        (Severity.WARNING, line_of(text, "| p95 response time")),
        (Severity.INFO, line_of(text, "| p99 response time")),
    ]
    assert found[0].field == "Improvement"
    assert found[0].section == "Benchmarking › Performance Comparison"
    assert "42.9%" in found[0].message and "'10% less time'" in found[0].message
    assert "44.6%" in found[1].message


def test_table_rows_that_agree() -> None:
    text = comparison(
        "| p95 response time | 420ms | 240ms | 42.9% less time |\n"
        "| throughput | 800 req/s | 1,200 req/s | 1.5x |\n"
        "| [Metric 3] | [Value] | [Value] | [Z%] |\n"
    )
    assert only(run(text), "table-improvement-mismatch") == []


# -- criteria-unmet -------------------------------------------------------------------------------


def test_criteria_unmet_from_the_comparison_row() -> None:
    text = comparison(
        "| p95 response time | 420ms | 240ms | 42.9% less time |\n",
        criteria="- [x] Target performance achieved: 180ms",
    )
    found = one(text, "criteria-unmet")
    assert found.severity is Severity.ERROR
    assert found.field == "Target performance achieved: 180ms"
    assert found.line == line_of(text, "Target performance achieved")
    assert "240ms" in found.message and "180ms" in found.message


def test_criteria_met_or_not_ticked() -> None:
    met = comparison(
        "| p95 response time | 420ms | 170ms | 59.5% less time |\n",
        criteria="- [x] Target performance achieved: 180ms",
    )
    assert only(run(met), "criteria-unmet") == []
    unticked = comparison("| p95 response time | 420ms | 240ms | 42.9% less time |\n")
    assert only(run(unticked), "criteria-unmet") == []


def test_criteria_unmet_from_the_latest_session() -> None:
    text = comparison("", criteria="- [x] Target performance achieved") + SESSIONS.format(
        first="2026-11-18", second="2026-11-21", after="240ms"
    )
    found = one(text, "criteria-unmet")
    assert "session of 2026-11-21" in found.message
    ok = comparison("", criteria="- [x] Target performance achieved") + SESSIONS.format(
        first="2026-11-18", second="2026-11-21", after="175ms"
    )
    assert only(run(ok), "criteria-unmet") == []


def test_criteria_ticked_without_any_measurement() -> None:
    text = comparison("", criteria="- [x] Target performance achieved")
    found = one(text, "criteria-unmet")
    assert "no measured After" in found.message


# -- sessions -------------------------------------------------------------------------------------

SESSIONS = """
## Progress Notes

Work log.

**Session {first} (Dana Whitfield):**

✅ **Completed:**
- Baseline

📊 **Metrics:**
- Before: 420ms (p95)
- After: 310ms (p95)

**Session {second} (Dana Whitfield):**

📊 **Metrics:**
- Before: 310ms (p95)
- After: {after}

---
"""


def session_card(first: str, second: str) -> str:
    return "# PERF-1\n" + SESSIONS.format(first=first, second=second, after="240ms")


def test_session_date_not_a_date() -> None:
    text = session_card("2026-13-01", "2026-11-21")
    found = one(text, "session-date")
    assert found.severity is Severity.ERROR
    assert found.line == line_of(text, "**Session 2026-13-01")
    assert found.section == "Progress Notes"
    assert "2026-13-01" in found.message


def test_session_date_out_of_order() -> None:
    text = session_card("2026-11-21", "2026-11-18")
    found = one(text, "session-date")
    assert found.severity is Severity.WARNING
    assert found.line == line_of(text, "**Session 2026-11-18")
    assert "out of order" in found.message


def test_session_date_in_the_future() -> None:
    text = session_card("2026-11-18", "2026-12-01")
    found = one(text, "session-date")
    assert found.severity is Severity.WARNING
    assert found.line == line_of(text, "**Session 2026-12-01")
    assert str(TODAY) in found.message


def test_session_dates_in_order() -> None:
    assert only(run(session_card("2026-11-18", "2026-11-26")), "session-date") == []


# -- started-before-prerequisites -----------------------------------------------------------------

PREREQS = """# PERF-1

## Implementation

### Phase 1: Baseline & Setup

1. **Establish Baseline**:
   - [{impl}] Capture current performance metrics

## Prerequisites

**⚠️ DO NOT START THIS CARD UNLESS:**

- [x] Performance issue is measurable and reproducible
- [{second}] Root cause is understood

### Required Tools

- [ ] Profiling tools
"""


def test_started_before_prerequisites_with_a_session() -> None:
    text = PREREQS.format(impl=" ", second=" ") + SESSIONS.format(
        first="2026-11-18", second="2026-11-21", after="240ms"
    )
    found = one(text, "started-before-prerequisites")
    assert found.severity is Severity.WARNING
    assert found.field == "Root cause is understood"
    assert found.line == line_of(text, "Root cause is understood")
    assert "2 session(s)" in found.message and "1 of 2" in found.message


def test_started_before_prerequisites_with_a_ticked_step() -> None:
    text = PREREQS.format(impl="x", second=" ")
    found = one(text, "started-before-prerequisites")
    assert "1 implementation item(s) ticked" in found.message


def test_not_started_or_prerequisites_met() -> None:
    assert only(run(PREREQS.format(impl=" ", second=" ")), "started-before-prerequisites") == []
    done = PREREQS.format(impl="x", second="x") + SESSIONS.format(
        first="2026-11-18", second="2026-11-21", after="240ms"
    )
    # the Required Tools checklist is not part of the DO NOT START block
    assert only(run(done), "started-before-prerequisites") == []


def test_template_example_session_is_not_a_start(perf9) -> None:
    assert only(run(perf9), "started-before-prerequisites") == []
    assert only(run(perf9), "session-date") == []


# -- broken-link ----------------------------------------------------------------------------------

LINKS = """# PERF-1

## Related Cards

### Enables

**Enables**: {enables}

### Related

**Related**: {related}
"""


def test_broken_link() -> None:
    text = LINKS.format(enables="PERF-9 - streaming export", related="PERF-99 - old work")
    found = one(text, "broken-link")
    assert (found.severity, found.field) == (Severity.WARNING, "Related")
    assert found.section == "Related Cards › Related"
    assert found.line == line_of(text, "**Related**:")
    assert "PERF-99" in found.message


def test_links_that_resolve() -> None:
    text = LINKS.format(enables="PERF-9 - streaming export", related="PERF-3, PERF-7")
    assert only(run(text), "broken-link") == []
    gitban = frozenset({"scaling-done-p0-feature-implement-spatial-indexing-doxhmu-cameron"})
    text = LINKS.format(enables="doxhmu - spatial index", related="None")
    assert only(run(text, stems=gitban), "broken-link") == []


def test_words_around_an_id_are_not_ids() -> None:
    text = LINKS.format(enables="PERF-9 (streaming export)", related="PERF-3 (done)")
    assert only(run(text), "broken-link") == []


def test_links_unchecked_without_a_folder() -> None:
    text = LINKS.format(enables="PERF-404 - x", related="PERF-405 - y")
    assert only(run(text, stems=None), "broken-link") == []
    assert len(only(run(text), "broken-link")) == 2


def test_links_resolve_against_the_card_folder(tmp_path: Path) -> None:
    (tmp_path / "PERF-7.md").write_text("# PERF-7\n")
    card_path = tmp_path / "PERF-1.md"
    text = LINKS.format(enables="PERF-7 - orders", related="PERF-8 - nothing")
    card_path.write_text(text)
    found = only(validate(parse_card(text), TEMPLATE, path=card_path, today=TODAY), "broken-link")
    assert [f.message.split("'")[1] for f in found] == ["PERF-8"]


# -- mojibake -------------------------------------------------------------------------------------


def test_mojibake_info_on_the_seed(seed_mojibake, seed_crlf) -> None:
    found = only(run(seed_mojibake), "mojibake")
    assert [(f.severity, f.line, f.field) for f in found] == [(Severity.INFO, 1, None)]
    assert "fix-encoding" in found[0].message
    assert only(run(seed_crlf), "mojibake") == []


# -- control-character ---------------------------------------------------------------------------


def test_control_character_names_the_character_line_and_field() -> None:
    text = primary(severity="High \x1b[2J\x1b[H") + "\n```\n$ ls\x07\n\u202eevil\n```\n"
    found = only(run(text), "control-character")
    assert [(f.severity, f.line, f.field) for f in found] == [
        (Severity.WARNING, line_of(text, "Severity"), "Severity"),
        (Severity.WARNING, line_of(text, "$ ls"), "Code"),
        (Severity.WARNING, line_of(text, "evil"), "Code"),
    ]
    assert found[0].message.startswith("U+001B (ESC) at column 22: a control character acts")
    assert found[0].section == "Current Performance › Performance Impact"
    assert found[1].message.startswith("U+0007 (BEL) at column 5")
    assert found[2].message.startswith("U+202E (RIGHT-TO-LEFT OVERRIDE) at column 1")
    assert "\x1b" not in found[0].message


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_control_character_lines_in_every_newline_style(newline: str) -> None:
    text = "# PERF-1\n\n## Performance Issue\n\nSlow\x7f.\n\nTab\tand CR are fine.\n"
    found = only(run(text.replace("\n", newline)), "control-character")
    assert [(f.line, f.message.split(" at")[0]) for f in found] == [(5, "U+007F (DEL)")]


def test_control_characters_of_a_pasted_capture_are_sampled() -> None:
    capture = "\n".join(f"\x1b[3{n % 8}mline {n}\x1b[0m" for n in range(40))
    found = only(run(f"# PERF-1\n\n## Notes\n\n```\n{capture}\n```\n"), "control-character")
    assert len(found) == 11 and found[-1].message == "30 more lines hold control characters"


def test_no_control_character_in_the_samples(perf7, perf9) -> None:
    assert only(run(perf7), "control-character") == only(run(perf9), "control-character") == []


# -- the free-form tail ---------------------------------------------------------------------------


def test_nothing_from_additional_notes_on_is_validated() -> None:
    tail = """
## Additional Notes (optional)

**Severity**: Urgent

[Card ID] - [Related performance work]

**Value**:

## Notes

[Additional context or performance considerations]

### Resources

- [Performance guide]: [Link]
"""
    text = primary(severity="Urgent") + tail
    findings = run(text)
    free = line_of(text, "## Additional Notes")
    assert [f.code for f in findings if f.line >= free] == []
    # the same mistakes above it are reported
    assert [f.line for f in only(findings, "invalid-choice")] == [line_of(text, "**Severity**")]


# -- the cards as a whole -------------------------------------------------------------------------


def sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{name} not written yet")
    return path


@pytest.mark.parametrize("name", ["PERF-7.md", "PERF-3.md"])
def test_sample_cards_have_no_errors(name: str) -> None:
    card = load(sample(name))
    errors = [
        f"{f.line}: {f.code} {f.section} › {f.field}: {f.message}"
        for f in run(card)
        if f.severity is Severity.ERROR
    ]
    assert errors == []


def test_findings_are_in_line_order_and_within_the_card(card_path: Path) -> None:
    card = load(card_path)
    findings = run(card)
    lines = [f.line for f in findings]
    assert lines == sorted(lines)
    last = len(card.text.splitlines()) or 1
    assert all(1 <= n <= last for n in lines)
    assert all(f.severity in Severity for f in findings)


_PART = st.sampled_from(["perf", "7", "12", "a", "todo", "p1", "x7y9z0", ""])
_NAME = st.lists(_PART, min_size=1, max_size=6).map("-".join)


@given(card_id=_NAME, stems=st.frozensets(_NAME, max_size=12))
def test_an_id_resolves_where_a_name_holds_it_as_a_whole_run(card_id: str, stems) -> None:  # type: ignore[no-untyped-def]
    """The index by part answers what looking through every name answers."""
    want = card_id.lower()
    every = any(stem == want or f"-{want}-" in f"-{stem}-" for stem in stems)
    assert id_resolves(card_id, stems) == every
