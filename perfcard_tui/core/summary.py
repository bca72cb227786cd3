"""Where a card stands: ``summarize(card, template) -> CardSummary``, for the review mode's
summary bar and ``review --report``.

Everything here is read from the card through validate.py's own helpers (``primary_metric``,
``measured_after``, ``prerequisites``), so the summary can never disagree with the findings: a card
is "done" exactly when the ``criteria-unmet`` rule has nothing to say about its ticked target.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

from . import metrics as m
from .gitban.checklists import required_boxes
from .model import Card, Field, FieldKind, Section
from .names import normalise
from .sessions import SessionEntry
from .template import Template, real_text
from .validate import (
    Context,
    Finding,
    Severity,
    logged_sessions,
    make_context,
    measured_after,
    prerequisites,
    primary_metric,
    validate,
)

TARGET_CRITERION = "target performance achieved"


class Status(StrEnum):
    DRAFT = "draft"
    READY = "ready to start"
    IN_PROGRESS = "in progress"
    DONE = "done"


@dataclass(frozen=True, kw_only=True)
class Progress:
    """``done`` of ``total`` checklist items ticked."""

    done: int = 0
    total: int = 0

    @property
    def complete(self) -> bool:
        """All ticked; an empty checklist is not complete (there is nothing to show for it)."""
        return self.total > 0 and self.done == self.total

    def __str__(self) -> str:
        return f"{self.done}/{self.total}"


@dataclass(frozen=True, kw_only=True)
class PhaseProgress(Progress):
    """One ``### Phase …`` subsection of Implementation."""

    title: str


@dataclass(frozen=True, kw_only=True)
class MetricSummary:
    """The primary metric. Texts are as written in the card; "" when missing or a placeholder."""

    name: str = ""
    current: str = ""
    target: str = ""
    goal: str = ""
    """The Improvement Goal as written."""
    goal_computed: str = ""
    """What Current → Target amounts to (``Improvement.describe()``), "" when not comparable."""
    measured: str = ""
    """The latest measured After, as written where it was found."""
    measured_from: str = ""
    """Where ``measured`` came from: a Performance Comparison row or a session's date."""
    achieved: str = ""
    """What Current → measured After amounts to, "" when nothing comparable was measured."""
    target_met: bool | None = None
    """None when nothing is measured, or the measurement and target cannot be compared."""


@dataclass(frozen=True, kw_only=True)
class FindingCounts:
    errors: int = 0
    warnings: int = 0
    infos: int = 0

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.infos


@dataclass(frozen=True, kw_only=True)
class CardSummary:
    title: str
    status: Status
    status_reason: str
    """One line saying why the card has its status (what is still missing for the next one)."""
    prerequisites: Progress
    checklist: Progress = Progress()
    """Every checklist item the card must tick, whatever its template: what gitban's
    ``checkbox_completion`` rule holds a done card to (``(optional)`` items and sections and the
    free-form part left out)."""
    implementation: Progress
    """All Implementation checklist items, whichever subsection they sit in."""
    phases: tuple[PhaseProgress, ...] = ()
    success_criteria: Progress
    target_ticked: bool = False
    """The "Target performance achieved" success criterion is ticked."""
    metric: MetricSummary
    sessions: int = 0
    """Real sessions logged (the template's placeholder entry does not count)."""
    last_session_date: str = ""
    last_session_name: str = ""
    findings: FindingCounts


def _checks(fields: tuple[Field, ...]) -> list[Field]:
    return [f for f in fields if f.kind is FieldKind.CHECK]


def _progress(items: list[Field]) -> Progress:
    return Progress(done=sum(1 for f in items if f.checked), total=len(items))


def _implementation(ctx: Context) -> tuple[Progress, tuple[PhaseProgress, ...]]:
    """Overall and per-phase progress of the Implementation checklists.

    Each direct subsection of Implementation (``### Phase 1: …``) is a phase, and deeper headings
    count towards the phase they sit in. Subsections not titled "Phase …" are listed only when
    they hold checklist items, as are items in Implementation's own body (under its title).
    """
    impl = ctx.section_for("implementation")
    if impl is None:
        return Progress(), ()
    sections = ctx.card.sections
    start = ctx.card.section_index[impl.key]
    groups: list[tuple[Section, list[Field]]] = [(impl, _checks(impl.fields))]
    for section in sections[start + 1 :]:
        if section.level <= impl.level:
            break
        # a new group at the first heading below Implementation and at each of its siblings
        if len(groups) == 1 or section.level <= groups[-1][0].level:
            groups.append((section, []))
        groups[-1][1].extend(_checks(section.fields))
    phases = tuple(
        PhaseProgress(title=section.title, **asdict(_progress(items)))
        for section, items in groups
        if items or (section is not impl and normalise(section.title).startswith("phase"))
    )
    return _progress([f for _, items in groups for f in items]), phases


def _success_criteria(ctx: Context) -> tuple[Progress, bool]:
    section = ctx.section_for("success criteria")
    items = _checks(section.fields) if section else []
    target_ticked = any(
        f.checked and normalise(f.value).startswith(TARGET_CRITERION) for f in items
    )
    return _progress(items), target_ticked


def _metric(ctx: Context, sessions: list[SessionEntry]) -> MetricSummary:
    pm = primary_metric(ctx)  # may add findings to ctx; this throwaway ctx ignores them

    def written(label: str) -> str:
        fld = ctx.field_in(pm.section, label)
        return real_text(fld.value) if fld else ""

    goal_computed = ""
    if pm.current and pm.target:
        computed = m.improvement(pm.current, pm.target, pm.direction)
        goal_computed = computed.describe() if computed else ""
    measured, source = measured_after(ctx, pm, sessions)
    achieved, target_met = "", None
    if measured is not None:
        if pm.current is not None:
            gained = m.improvement(pm.current, measured, pm.direction)
            achieved = gained.describe() if gained else ""
        # For comparable quantities one of them always meets the other; neither does only when
        # they cannot be compared (a size measured against a time target): then we cannot say.
        if pm.target is not None and (
            m.meets(measured, pm.target, pm.direction) or m.meets(pm.target, measured, pm.direction)
        ):
            target_met = m.meets(measured, pm.target, pm.direction)
    return MetricSummary(
        name=pm.name,
        current=written("Current Value"),
        target=written("Target Value"),
        goal=written("Improvement Goal"),
        goal_computed=goal_computed,
        measured=measured.text.strip() if measured else "",
        measured_from=source,
        achieved=achieved,
        target_met=target_met,
    )


def _count(findings: list[Finding]) -> FindingCounts:
    by = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    return FindingCounts(
        errors=by[Severity.ERROR], warnings=by[Severity.WARNING], infos=by[Severity.INFO]
    )


def _errors_said(findings: list[Finding]) -> str:
    """``11 errors (missing-section 11)``: how many errors, and of which kinds (their codes,
    the most frequent first); "" when there is none."""
    kinds: dict[str, int] = {}
    for finding in findings:
        if finding.severity is Severity.ERROR:
            kinds[finding.code] = kinds.get(finding.code, 0) + 1
    if not kinds:
        return ""
    total = sum(kinds.values())
    ranked = sorted(kinds.items(), key=lambda kind: -kind[1])  # stable: first seen first
    named = ", ".join(f"{code} {n}" for code, n in ranked)
    return f"{total} error{'' if total == 1 else 's'} ({named})"


def _status(
    prereqs: Progress,
    implementation: Progress,
    sessions: int,
    target_ticked: bool,
    target_met: bool | None,
    errors: str = "",
) -> tuple[Status, str]:
    if implementation.complete and target_ticked and target_met:
        return Status.DONE, "all implementation items and the target criterion ticked; target met"
    if implementation.done or sessions:
        missing = []
        if not implementation.complete:
            missing.append(f"implementation {implementation}")
        if not target_ticked:
            missing.append("'Target performance achieved' not ticked")
        if target_met is None:
            missing.append("no measured After to compare with the target")
        elif not target_met:
            missing.append("the measured After misses the target")
        return Status.IN_PROGRESS, "not done: " + "; ".join(missing)
    if prereqs.done == prereqs.total:
        if errors:
            return Status.DRAFT, f"not ready: {errors}"
        return Status.READY, f"prerequisites {prereqs} met; nothing ticked or logged yet"
    also = f"; {errors}" if errors else ""
    return Status.DRAFT, f"prerequisites {prereqs} met; nothing ticked or logged yet{also}"


def summarize(
    card: Card,
    template: Template,
    findings: list[Finding] | None = None,
    *,
    path: str | Path | None = None,
) -> CardSummary:
    """Where the card stands. ``findings`` defaults to ``validate(card, template, path=path)``.

    The status is derived from the card and its error findings, first match wins:

    - **done**: every Implementation checklist item is ticked (and there is at least one), the
      "Target performance achieved" success criterion is ticked, and the latest measured After
      (``measured_after``: the Performance Comparison row of the primary metric, else the last
      session's After) meets the Target Value. A ticked target that no measurement backs is
      "in progress", and ``validate`` reports it as ``criteria-unmet``.
    - **in progress**: some Implementation item is ticked or a real session is logged (the
      template's placeholder entry does not count), whatever the prerequisites say
      (``validate`` warns ``started-before-prerequisites`` when some are open).
    - **ready to start**: nothing started, every "DO NOT START THIS CARD UNLESS" item is
      ticked (a card without that checklist has nothing to wait for) and no finding is an
      error (warnings and infos do not hold a card back).
    - **draft**: nothing started, and some prerequisite is still open or some finding is an
      error (the reason says how many errors, and their codes: ``not ready: 11 errors
      (missing-section 11)``).
    """
    ctx = make_context(card, template)
    sessions = logged_sessions(card, template)
    real = [s for s in sessions if not s.is_placeholder]
    prereqs = _progress(prerequisites(card))
    checklist = _progress(required_boxes(card, ctx.matched))
    implementation, phases = _implementation(ctx)
    criteria, target_ticked = _success_criteria(ctx)
    metric = _metric(ctx, sessions)
    if findings is None:
        findings = validate(card, template, path=path)
    status, reason = _status(
        prereqs,
        implementation,
        len(real),
        target_ticked,
        metric.target_met,
        _errors_said(findings),
    )
    return CardSummary(
        title=card.title,
        status=status,
        status_reason=reason,
        prerequisites=prereqs,
        checklist=checklist,
        implementation=implementation,
        phases=phases,
        success_criteria=criteria,
        target_ticked=target_ticked,
        metric=metric,
        sessions=len(real),
        last_session_date=real[-1].date if real else "",
        last_session_name=real[-1].name if real else "",
        findings=_count(findings),
    )
