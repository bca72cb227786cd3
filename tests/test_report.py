"""core/report.py: the summary and findings as markdown for pull-request comments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.report import finding_line, findings_markdown, render_report
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template
from perfcard_tui.core.validate import Finding, Severity, validate

SAMPLES = Path(__file__).resolve().parent.parent / "sample_cards"
TODAY = date(2026, 11, 26)
TEMPLATE = builtin_template()


def report_of(name: str) -> tuple[str, list[Finding]]:
    path = SAMPLES / f"{name}.md"
    text = read_card(path)
    card = parse_card(text.text, newline=text.newline, bom=text.bom)
    findings = validate(card, TEMPLATE, path=path, today=TODAY)
    return render_report(card, TEMPLATE, findings, f"sample_cards/{name}.md"), findings


def finding(
    severity: Severity, code: str, section: str, field: str | None, line: int, message: str
) -> Finding:
    return Finding(
        severity=severity, code=code, section=section, field=field, line=line, message=message
    )


def test_perf7_report() -> None:
    report, _ = report_of("PERF-7")
    lines = report.splitlines()
    assert lines[0] == "## PERF-7: p95 latency regression on GET /api/v2/orders"
    assert lines[2:5] == ["| | |", "|---|---|", "| File | `sample_cards/PERF-7.md` |"]
    for row in [
        "| Status | **in progress** (not done: implementation 6/16; 'Target performance achieved'"
        " not ticked; the measured After misses the target) |",
        "| Prerequisites | 4/4 met |",
        "| Implementation | 6/16 |",
        "| Implementation › Phase 1: Baseline & Setup | 4/4 |",
        "| Implementation › Phase 2: Optimization | 2/8 |",
        "| Implementation › Phase 3: Validation | 0/4 |",
        "| Primary metric | p95 response time: 420ms (p95) → 180ms (p95) |",
        "| Measured | 240ms (from the Performance Comparison row 'p95 response time') |",
        "| Achieved vs goal | 42.9% less time, 1.8x faster (goal: 57% faster (2.3x); "
        "Current → Target is 57.1% less time, 2.3x faster) |",
        "| Target met | ❌ |",
        "| Success criteria | 1/4 |",
        "| Sessions | 2 |",
        "| Last session | 2026-11-21 (Dana Whitfield) |",
        "| Findings | 0 errors, 0 warnings, 0 info |",
    ]:
        assert row in lines
    assert report.endswith("### Findings\n\nNo findings.\n")


def test_perf3_report_says_done_and_target_met() -> None:
    report, _ = report_of("PERF-3")
    lines = report.splitlines()
    assert lines[0] == "## PERF-3: Cut cold-start memory of the report worker"
    for row in [
        "| Status | **done** (all implementation items and the target criterion ticked;"
        " target met) |",
        "| Implementation | 16/16 |",
        "| Primary metric | peak RSS: 2.4 GB → 1.2 GB |",
        "| Measured | 1.05 GB (from the Performance Comparison row 'peak RSS') |",
        "| Achieved vs goal | 56.2% less memory, 2.3x smaller (goal: 50% less memory; "
        "Current → Target is 50.0% less memory, 2.0x smaller) |",
        "| Target met | ✅ |",
        "| Success criteria | 4/4 |",
        "| Sessions | 3 |",
        "| Last session | 2026-11-12 (Priya Raman) |",
    ]:
        assert row in lines


def test_perf9_report_lists_its_findings() -> None:
    report, findings = report_of("PERF-9")
    lines = report.splitlines()
    for row in [
        "| Status | **draft** (prerequisites 0/4 met; nothing ticked or logged yet; "
        "1 error (placeholder 1)) |",
        "| Prerequisites | 0/4 met |",
        "| Primary metric | — |",
        "| Measured | — |",
        "| Achieved vs goal | — (goal: none stated) |",
        "| Target met | — |",
        "| Sessions | 0 |",
        "| Last session | — |",
    ]:
        assert row in lines
    assert (
        "- **error** `placeholder` Performance Issue › Summary (line 5): still the template's "
        "placeholder '[Description of performance problem and its impact on users…' "
        "(the template marks it REQUIRED)"
    ) in lines
    assert (
        "- **warning** `placeholder` Current Performance › Primary Metric › Current Value "
        "(line 20): still the template's placeholder '[Current measurement - e.g., 500ms, 2GB RAM]'"
    ) in lines
    body = report.split("### Findings\n\n", 1)[1]
    assert body.count("\n- **") + 1 == len(findings)
    assert body.rstrip("\n") == findings_markdown(findings)


def test_heading_falls_back_to_the_file_name() -> None:
    card = parse_card("## Performance Issue\n\nSlow.\n")
    report = render_report(card, TEMPLATE, [], "cards/PERF-12.md")
    assert report.startswith("## PERF-12.md\n")
    assert "| File | `cards/PERF-12.md` |" in report


def test_table_cells_escape_pipes_and_flatten_lines() -> None:
    card = parse_card(
        "# PERF-5: a | b\n\n## Current Performance\n\n### Primary Metric\n\n"
        "- **Metric**: p95 | p99\n- **Current Value**: 400ms\n- **Target Value**: 200ms\n"
    )
    report = render_report(card, TEMPLATE, [], "x.md")
    assert report.startswith("## PERF-5: a | b\n")  # a heading needs no escaping
    assert "| Primary metric | p95 \\| p99: 400ms → 200ms |" in report


def test_finding_lines() -> None:
    assert (
        finding_line(
            finding(
                Severity.ERROR,
                "criteria-unmet",
                "Benchmarking › Success Criteria",
                "Target performance achieved: 180ms",
                187,
                "ticked, but no measured After backs it",
            )
        )
        == "- **error** `criteria-unmet` Benchmarking › Success Criteria › Target performance "
        "achieved: 180ms (line 187): ticked, but no measured After backs it"
    )
    # a section-level finding has no field; a card-level one has no section either
    assert (
        finding_line(finding(Severity.WARNING, "missing-section", "Notes", None, 1, "missing"))
        == "- **warning** `missing-section` Notes (line 1): missing"
    )
    assert (
        finding_line(finding(Severity.INFO, "mojibake", "", None, 1, "emoji\nas mojibake"))
        == "- **info** `mojibake` line 1: emoji as mojibake"
    )


def test_findings_markdown() -> None:
    assert findings_markdown([]) == "No findings."
    given = [
        finding(Severity.WARNING, "placeholder", "Notes", "Value", 7, "still a placeholder"),
        finding(Severity.ERROR, "session-date", "Progress Notes", None, 3, "'2026-13-01' bad"),
    ]
    # one line each, in the order given (the caller's order: validate() sorts by line)
    assert findings_markdown(given) == (
        "- **warning** `placeholder` Notes › Value (line 7): still a placeholder\n"
        "- **error** `session-date` Progress Notes (line 3): '2026-13-01' bad"
    )
    card = parse_card("# PERF-6: x\n")
    report = render_report(card, TEMPLATE, given, "PERF-6.md")
    assert report.endswith("### Findings\n\n" + findings_markdown(given) + "\n")
    assert "| Findings | 1 error, 1 warning, 0 info |" in report


def test_a_card_with_errors_is_not_ready_to_start() -> None:
    """Nothing started and no prerequisite open, but 11 errors: the card is not "ready to
    start"; the status says how many errors there are and of which kinds."""
    from perfcard_tui.core.summary import Status, summarize

    card = parse_card("# PERF-2: Bare\n")
    findings = validate(card, TEMPLATE, today=TODAY)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert len(errors) == 11 and {f.code for f in errors} == {"missing-section"}
    summary = summarize(card, TEMPLATE, findings)
    assert summary.status is not Status.READY
    assert summary.status is Status.DRAFT
    assert summary.status_reason == "not ready: 11 errors (missing-section 11)"
    report = render_report(card, TEMPLATE, findings, "cards/PERF-2.md")
    assert "| Status | **draft** (not ready: 11 errors (missing-section 11)) |" in report
    # the same card without findings has nothing to wait for
    assert summarize(card, TEMPLATE, []).status is Status.READY
    # and asked without findings, the summary validates the card itself
    assert summarize(card, TEMPLATE).status is Status.DRAFT


def test_errors_of_several_kinds_are_named_most_first() -> None:
    from perfcard_tui.core.summary import Status, summarize

    card = parse_card("# PERF-2: Bare\n")
    findings = [
        finding(Severity.ERROR, "missing-section", "Notes", None, 1, "no Notes"),
        finding(Severity.ERROR, "bad-metric", "Current Performance", "Current Value", 9, "x"),
        finding(Severity.ERROR, "missing-section", "Trade-offs", None, 1, "no Trade-offs"),
        finding(Severity.WARNING, "stale", "Notes", None, 1, "old"),
    ]
    summary = summarize(card, TEMPLATE, findings)
    assert summary.status is Status.DRAFT
    assert summary.status_reason == "not ready: 3 errors (missing-section 2, bad-metric 1)"
    # a warning alone does not keep a card from starting
    assert summarize(card, TEMPLATE, findings[3:]).status is Status.READY
