"""The review summary and findings as markdown, for pull-request comments (``review --report``)
and the review mode's "copy findings".

GitHub-flavoured markdown: a two-column table, then the findings as a list. Text from the card
goes into table cells, so ``|`` is escaped and line breaks are flattened there.
"""

from __future__ import annotations

from pathlib import PurePath

from .model import Card
from .summary import CardSummary, summarize
from .template import Template
from .validate import Finding

NO_FINDINGS = "No findings."
_TARGET_MET = {True: "✅", False: "❌", None: "—"}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or "—"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def _primary_metric(s: CardSummary) -> str:
    metric = s.metric
    if not (metric.current or metric.target):
        return f"{metric.name}: not filled in" if metric.name else "—"
    arrow = f"{metric.current or '?'} → {metric.target or '?'}"
    return f"{metric.name}: {arrow}" if metric.name else arrow


def _measured(s: CardSummary) -> str:
    metric = s.metric
    if not metric.measured:
        return "—"
    if metric.measured_from:
        return f"{metric.measured} (from {metric.measured_from})"
    return metric.measured


def _achieved(s: CardSummary) -> str:
    metric = s.metric
    goal = metric.goal or "none stated"
    if metric.goal_computed:
        goal += f"; Current → Target is {metric.goal_computed}"
    return f"{metric.achieved or '—'} (goal: {goal})"


def _last_session(s: CardSummary) -> str:
    if not s.last_session_date:
        return "—"
    if s.last_session_name:
        return f"{s.last_session_date} ({s.last_session_name})"
    return s.last_session_date


def summary_rows(s: CardSummary) -> list[tuple[str, str]]:
    """The summary as (label, value) rows: the report's table, usable by any other view."""
    return [
        ("Status", f"**{s.status.value}** ({s.status_reason})"),
        ("Prerequisites", f"{s.prerequisites} met"),
        ("Implementation", str(s.implementation)),
        *((f"Implementation › {phase.title}", str(phase)) for phase in s.phases),
        ("Primary metric", _primary_metric(s)),
        ("Measured", _measured(s)),
        ("Achieved vs goal", _achieved(s)),
        ("Target met", _TARGET_MET[s.metric.target_met]),
        ("Success criteria", str(s.success_criteria)),
        ("Sessions", str(s.sessions)),
        ("Last session", _last_session(s)),
        (
            "Findings",
            ", ".join(
                (
                    _plural(s.findings.errors, "error"),
                    _plural(s.findings.warnings, "warning"),
                    _plural(s.findings.infos, "info"),
                )
            ),
        ),
    ]


def finding_line(finding: Finding) -> str:
    """``- **error** `code` Section › Field (line N): message``."""
    where = " › ".join(part for part in (finding.section, finding.field or "") if part)
    at = f"{where} (line {finding.line})" if where else f"line {finding.line}"
    message = " ".join(finding.message.split())
    return f"- **{finding.severity.value}** `{finding.code}` {at}: {message}"


def findings_markdown(findings: list[Finding]) -> str:
    """The findings as a markdown list, one line each, in the order given; ``No findings.``
    for an empty list (what the editor's "copy findings" puts on the clipboard)."""
    if not findings:
        return NO_FINDINGS
    return "\n".join(finding_line(f) for f in findings)


def render_report(card: Card, template: Template, findings: list[Finding], path: str) -> str:
    """The card's summary table and findings as markdown for a pull-request comment.

    The heading is the card's ``# Title``, or the file name when the card has none.
    """
    summary = summarize(card, template, findings)
    title = summary.title or PurePath(path).name
    lines = [
        f"## {title}",
        "",
        "| | |",
        "|---|---|",
        f"| File | `{_cell(path)}` |",
        *(f"| {_cell(label)} | {_cell(value)} |" for label, value in summary_rows(summary)),
        "",
        "### Findings",
        "",
        findings_markdown(findings),
    ]
    return "\n".join(lines) + "\n"
