"""core/summary.py: where a card stands, over the sample cards and small hand-made cards."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, asdict, replace
from datetime import date
from pathlib import Path

import pytest

from perfcard_tui.core.names import to_mojibake
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.store import read_card
from perfcard_tui.core.summary import CardSummary, PhaseProgress, Progress, Status, summarize
from perfcard_tui.core.template import builtin_template
from perfcard_tui.core.validate import Finding, Severity, validate

SAMPLES = Path(__file__).resolve().parent.parent / "sample_cards"
TODAY = date(2026, 11, 26)
TEMPLATE = builtin_template()
PHASE_TITLES = ("Phase 1: Baseline & Setup", "Phase 2: Optimization", "Phase 3: Validation")


def sample(name: str) -> tuple[CardSummary, list[Finding]]:
    path = SAMPLES / f"{name}.md"
    text = read_card(path)
    card = parse_card(text.text, newline=text.newline, bom=text.bom)
    findings = validate(card, TEMPLATE, path=path, today=TODAY)
    return summarize(card, TEMPLATE, findings), findings


def phases(*counts: tuple[int, int]) -> tuple[PhaseProgress, ...]:
    return tuple(
        PhaseProgress(title=title, done=done, total=total)
        for title, (done, total) in zip(PHASE_TITLES, counts, strict=True)
    )


# -- the sample cards ---------------------------------------------------------------------------


def test_perf7_in_progress_with_two_sessions() -> None:
    s, findings = sample("PERF-7")
    assert findings == []
    assert s.title == "PERF-7: p95 latency regression on GET /api/v2/orders"
    assert s.status is Status.IN_PROGRESS
    assert s.prerequisites == Progress(done=4, total=4)
    assert s.implementation == Progress(done=6, total=16)
    assert s.phases == phases((4, 4), (2, 8), (0, 4))
    assert s.success_criteria == Progress(done=1, total=4)
    assert s.target_ticked is False
    metric = s.metric
    assert metric.name == "p95 response time"
    assert metric.current == "420ms (p95)"
    assert metric.target == "180ms (p95)"
    assert metric.goal == "57% faster (2.3x)"
    assert metric.goal_computed == "57.1% less time, 2.3x faster"
    # the comparison table's row wins over the sessions (both say 240ms here)
    assert metric.measured == "240ms"
    assert metric.measured_from == "the Performance Comparison row 'p95 response time'"
    assert metric.achieved == "42.9% less time, 1.8x faster"
    assert metric.target_met is False
    assert s.sessions == 2
    assert (s.last_session_date, s.last_session_name) == ("2026-11-21", "Dana Whitfield")
    assert (s.findings.errors, s.findings.warnings, s.findings.infos) == (0, 0, 0)
    assert "implementation 6/16" in s.status_reason
    assert "misses the target" in s.status_reason


def test_perf9_fresh_is_draft() -> None:
    s, findings = sample("PERF-9")
    assert s.status is Status.DRAFT
    assert s.title == "PERF-9: Stream CSV export of large order histories"
    assert s.prerequisites == Progress(done=0, total=4)
    assert s.implementation == Progress(done=0, total=16)
    assert s.phases == phases((0, 4), (0, 8), (0, 4))
    assert s.success_criteria == Progress(done=0, total=4)
    # every primary-metric field is still the template's placeholder
    assert asdict(s.metric) == {
        "name": "",
        "current": "",
        "target": "",
        "goal": "",
        "goal_computed": "",
        "measured": "",
        "measured_from": "",
        "achieved": "",
        "target_met": None,
    }
    # the template's example session is not a session
    assert (s.sessions, s.last_session_date, s.last_session_name) == (0, "", "")
    # the REQUIRED Performance Issue description is the one error; the rest are warnings
    assert s.findings.errors == 1
    assert s.findings.warnings == sum(1 for f in findings if f.severity is Severity.WARNING)
    assert s.findings.warnings > 100
    assert s.findings.total == len(findings)


def test_perf3_finished_is_done() -> None:
    s, findings = sample("PERF-3")
    assert findings == []
    assert s.title == "PERF-3: Cut cold-start memory of the report worker"
    assert s.status is Status.DONE
    assert s.prerequisites == Progress(done=4, total=4)
    assert s.implementation == Progress(done=16, total=16)
    assert s.phases == phases((4, 4), (8, 8), (4, 4))
    assert s.success_criteria == Progress(done=4, total=4)
    assert s.target_ticked is True
    metric = s.metric
    assert (metric.name, metric.current, metric.target) == ("peak RSS", "2.4 GB", "1.2 GB")
    assert metric.goal == "50% less memory"
    assert metric.goal_computed == "50.0% less memory, 2.0x smaller"
    assert metric.measured == "1.05 GB"
    assert metric.measured_from == "the Performance Comparison row 'peak RSS'"
    assert metric.achieved == "56.2% less memory, 2.3x smaller"
    assert metric.target_met is True
    assert s.sessions == 3
    assert (s.last_session_date, s.last_session_name) == ("2026-11-12", "Priya Raman")


@pytest.mark.parametrize("variant", ["mojibake", "crlf"])
def test_spelling_and_line_endings_do_not_change_the_summary(variant: str) -> None:
    text = (SAMPLES / "PERF-7.md").read_text("utf-8")
    text = to_mojibake(text) if variant == "mojibake" else text.replace("\n", "\r\n")
    card = parse_card(text)
    expected, _ = sample("PERF-7")
    got = summarize(card, TEMPLATE, [])
    assert replace(got, title="", phases=()) == replace(expected, title="", phases=())
    assert [(p.done, p.total) for p in got.phases] == [(4, 4), (2, 8), (0, 4)]


def test_summary_is_frozen() -> None:
    s, _ = sample("PERF-7")
    with pytest.raises(FrozenInstanceError):
        s.status = Status.DONE  # type: ignore[misc]


def test_findings_default_to_validate() -> None:
    text = (SAMPLES / "PERF-9.md").read_text("utf-8")
    card = parse_card(text)
    s = summarize(card, TEMPLATE)
    assert s.findings.errors == 1
    assert s.findings.total == len(validate(card, TEMPLATE))


# -- hand-made cards, one per status ------------------------------------------------------------


def make_card(
    *,
    prereqs: tuple[bool, ...] = (False, False),
    phase1: tuple[bool, ...] = (False, False),
    phase2: tuple[bool, ...] = (False,),
    target_ticked: bool = False,
    table_after: str = "",
    sessions: tuple[tuple[str, str], ...] = (),
    target: str = "200ms",
    placeholder_session: bool = False,
) -> str:
    def box(ticked: bool) -> str:
        return "x" if ticked else " "

    p1_items = ("Capture current performance metrics", "Document test scenarios")
    lines = [
        "# PERF-1: Small card",
        "",
        "## Current Performance",
        "",
        "### Primary Metric",
        "",
        "- **Metric**: p95 latency",
        "- **Current Value**: 400ms",
        f"- **Target Value**: {target}",
        "- **Improvement Goal**: 50% faster",
        "",
        "## Implementation",
        "",
        "### Phase 1: Baseline & Setup",
        "",
        "1. **Establish Baseline**:",
        *(f"   - [{box(t)}] {item}" for t, item in zip(phase1, p1_items, strict=False)),
        "",
        "### Phase 2: Optimization",
        "",
        "2. **Add a cache**:",
        *(f"   - [{box(t)}] Step {n}" for n, t in enumerate(phase2, start=1)),
        "",
        "## Benchmarking",
        "",
    ]
    if table_after:
        lines += [
            "### Performance Comparison",
            "",
            "| Metric | Before | After | Improvement |",
            "|--------|--------|-------|-------------|",
            f"| p95 latency | 400ms | {table_after} | |",
            "",
        ]
    lines += [
        "### Success Criteria",
        "",
        f"- [{box(target_ticked)}] Target performance achieved: {target}",
        "- [ ] No regression in other metrics",
        "",
        "## Prerequisites",
        "",
        "**⚠️ DO NOT START THIS CARD UNLESS:**",
        "",
        *(f"- [{box(t)}] Prerequisite {n}" for n, t in enumerate(prereqs, start=1)),
        "",
        "## Progress Notes",
        "",
    ]
    if placeholder_session:
        lines += [
            "**Session [YYYY-MM-DD] ([Your Name]):**",
            "",
            "📊 **Metrics:**",
            "- Before: [Measurement]",
            "- After: [Measurement]",
            "",
        ]
    for day, after in sessions:
        lines += [
            f"**Session {day} (Ann Lee):**",
            "",
            "📊 **Metrics:**",
            "- Before: 400ms",
            f"- After: {after}",
            "",
        ]
    return "\n".join(lines)


def summary_of(**kwargs: object) -> CardSummary:
    return summarize(parse_card(make_card(**kwargs)), TEMPLATE, [])  # type: ignore[arg-type]


def test_draft_when_a_prerequisite_is_open_and_nothing_started() -> None:
    s = summary_of(prereqs=(True, False))
    assert s.status is Status.DRAFT
    assert s.prerequisites == Progress(done=1, total=2)
    assert s.status_reason == "prerequisites 1/2 met; nothing ticked or logged yet"
    assert s.metric.target_met is None


def test_ready_to_start_when_all_prerequisites_ticked() -> None:
    s = summary_of(prereqs=(True, True), placeholder_session=True)
    assert s.status is Status.READY
    assert s.sessions == 0
    assert s.implementation == Progress(done=0, total=3)


def test_in_progress_from_a_ticked_implementation_item() -> None:
    s = summary_of(prereqs=(True, True), phase1=(True, False))
    assert s.status is Status.IN_PROGRESS
    assert s.implementation == Progress(done=1, total=3)
    assert [(p.title, p.done, p.total) for p in s.phases] == [
        ("Phase 1: Baseline & Setup", 1, 2),
        ("Phase 2: Optimization", 0, 1),
    ]


def test_in_progress_from_a_session_alone_even_with_open_prerequisites() -> None:
    s = summary_of(prereqs=(False, False), sessions=(("2026-01-05", "300ms"),))
    assert s.status is Status.IN_PROGRESS
    assert s.sessions == 1
    assert (s.last_session_date, s.last_session_name) == ("2026-01-05", "Ann Lee")
    assert s.metric.measured == "300ms"
    assert s.metric.measured_from == "the session of 2026-01-05"
    assert s.metric.achieved == "25.0% less time, 1.3x faster"
    assert s.metric.target_met is False


def test_done_when_everything_ticked_and_the_target_is_met() -> None:
    s = summary_of(
        prereqs=(True, True),
        phase1=(True, True),
        phase2=(True,),
        target_ticked=True,
        sessions=(("2026-01-05", "300ms"), ("2026-01-09", "190ms")),
    )
    assert s.status is Status.DONE
    assert s.metric.measured == "190ms"
    assert s.metric.measured_from == "the session of 2026-01-09"
    assert s.metric.target_met is True
    assert s.metric.goal == "50% faster"
    assert s.metric.goal_computed == "50.0% less time, 2.0x faster"
    assert s.success_criteria == Progress(done=1, total=2)
    assert (s.last_session_date, s.sessions) == ("2026-01-09", 2)


def test_meeting_the_target_exactly_counts() -> None:
    s = summary_of(
        prereqs=(True, True),
        phase1=(True, True),
        phase2=(True,),
        target_ticked=True,
        table_after="0.2 s",
    )
    assert s.metric.target_met is True
    assert s.status is Status.DONE


def test_not_done_when_the_measured_after_misses_the_target() -> None:
    s = summary_of(
        prereqs=(True, True),
        phase1=(True, True),
        phase2=(True,),
        target_ticked=True,
        table_after="250ms",
        sessions=(("2026-01-09", "150ms"),),
    )
    # the table row of the primary metric wins over the last session
    assert s.metric.measured == "250ms"
    assert s.metric.target_met is False
    assert s.status is Status.IN_PROGRESS
    assert s.status_reason == "not done: the measured After misses the target"


def test_not_done_when_nothing_is_measured() -> None:
    s = summary_of(prereqs=(True, True), phase1=(True, True), phase2=(True,), target_ticked=True)
    assert s.metric.target_met is None
    assert s.status is Status.IN_PROGRESS
    assert s.status_reason == "not done: no measured After to compare with the target"


def test_not_done_until_the_target_criterion_is_ticked() -> None:
    s = summary_of(phase1=(True, True), phase2=(True,), table_after="150ms")
    assert s.metric.target_met is True
    assert s.target_ticked is False
    assert s.status is Status.IN_PROGRESS
    assert s.status_reason == "not done: 'Target performance achieved' not ticked"


def test_target_met_is_unknown_when_units_cannot_be_compared() -> None:
    s = summary_of(sessions=(("2026-01-05", "1.2 GB"),))
    assert s.metric.measured == "1.2 GB"
    assert s.metric.target_met is None
    assert s.metric.achieved == ""


def test_a_card_without_implementation_or_prerequisites() -> None:
    card = parse_card("# PERF-2: Bare\n\n## Performance Issue\n\nSlow.\n")
    s = summarize(card, TEMPLATE, [])
    assert s.implementation == Progress(done=0, total=0)
    assert s.phases == ()
    # nothing to wait for, nothing started
    assert s.status is Status.READY
    assert s.prerequisites == Progress(done=0, total=0)
    assert s.success_criteria == Progress(done=0, total=0)


def test_deeper_headings_count_towards_their_phase_and_other_checklists_are_listed() -> None:
    text = "\n".join(
        [
            "# PERF-4: Odd layout",
            "",
            "## Implementation",
            "",
            "- [x] Kick-off",
            "",
            "### Phase 1: Setup",
            "",
            "- [x] One",
            "",
            "#### Details",
            "",
            "- [ ] Two",
            "",
            "### Phase 2: Empty",
            "",
            "### Rollout",
            "",
            "- [x] Ship",
            "",
            "### Notes",
            "",
            "Nothing to tick here.",
            "",
            "## Benchmarking",
            "",
            "- [ ] Not an implementation item",
            "",
        ]
    )
    s = summarize(parse_card(text), TEMPLATE, [])
    assert [(p.title, p.done, p.total) for p in s.phases] == [
        ("Implementation", 1, 1),
        ("Phase 1: Setup", 1, 2),
        ("Phase 2: Empty", 0, 0),
        ("Rollout", 1, 1),
    ]
    assert s.implementation == Progress(done=3, total=4)
    assert s.status is Status.IN_PROGRESS


def test_findings_are_counted_by_severity() -> None:
    def finding(severity: Severity) -> Finding:
        return Finding(severity=severity, code="x", section="S", field=None, line=1, message="m")

    given = [finding(Severity.ERROR)] * 2 + [finding(Severity.WARNING)] + [finding(Severity.INFO)]
    s = summarize(parse_card(make_card()), TEMPLATE, given)
    assert (s.findings.errors, s.findings.warnings, s.findings.infos) == (2, 1, 1)
    assert s.findings.total == 4


def test_progress_text() -> None:
    assert str(Progress(done=3, total=4)) == "3/4"
    assert Progress(done=0, total=0).complete is False
    assert Progress(done=2, total=2).complete is True
