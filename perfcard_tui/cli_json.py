"""The JSON shape of ``perfcard-tui show --json``, as pydantic models, and the code that fills it.

Imported only by the commands that need it, so ``perfcard-tui --help`` stays fast. Every figure
comes from the core (the same parse, metric rules and findings as the editor and ``check``);
this module only arranges them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import date
from typing import NamedTuple

from pydantic import BaseModel

from .cli.common import finding_json
from .core import metrics as m
from .core.edits import missing_sections
from .core.model import Card, Field, FieldKind, Section
from .core.parse import PREAMBLE_KEY
from .core.sessions import parse_sessions
from .core.template import Template, TemplateSection, match_sections
from .core.validate import Context, Finding, primary_metric, validate

_NEWLINE_NAMES = {"\n": "lf", "\r\n": "crlf", "\r": "cr"}


class FieldJSON(BaseModel):
    path: str
    label: str
    kind: str
    value: str
    line: int
    """1-based line in the card."""
    checked: bool | None = None
    info: str | None = None


class SectionJSON(BaseModel):
    key: str
    title: str
    level: int
    line: int
    template: str | None
    """The template section this one stands for, None for a section the template does not know."""
    fields: list[FieldJSON]


class QuantityJSON(BaseModel):
    text: str
    value: float
    """In the base unit of the dimension: seconds, bytes, per second, percent, count."""
    unit: str
    dimension: str
    qualifier: str


class ImprovementJSON(BaseModel):
    percent: float
    factor: float | None
    """How many times better; None when a cost went down to zero."""
    description: str


class MetricJSON(BaseModel):
    name: str
    current: QuantityJSON | None
    target: QuantityJSON | None
    direction: str | None
    reason: str
    improvement: ImprovementJSON | None
    """Current → Target."""


class ProgressJSON(BaseModel):
    section: str
    title: str
    done: int
    total: int


class SessionJSON(BaseModel):
    date: str
    name: str
    completed: list[str]
    metrics: list[tuple[str, str]]
    in_progress: list[str]
    issues: list[str]
    next_steps: list[str]
    notes: str
    line: int
    placeholder: bool


class MissingSectionJSON(BaseModel):
    key: str
    title: str
    optional: bool


class FindingJSON(BaseModel):
    """The same keys, in the same order, as a finding in ``check --format json``."""

    severity: str
    code: str
    section: str
    section_key: str
    field: str | None
    field_path: str
    line: int
    message: str


class CardJSON(BaseModel):
    title: str
    path: str
    newline: str
    bom: bool
    template: str
    sections: list[SectionJSON]
    primary_metric: MetricJSON | None
    checklists: list[ProgressJSON]
    sessions: list[SessionJSON]
    missing_sections: list[MissingSectionJSON]
    findings: list[FindingJSON]


def _quantity(q: m.Quantity | None) -> QuantityJSON | None:
    if q is None:
        return None
    return QuantityJSON(
        text=q.text.strip(),
        value=q.value,
        unit=q.unit,
        dimension=q.dimension.value,
        qualifier=q.qualifier,
    )


def metric_json(card: Card, template: Template) -> MetricJSON | None:
    """The Primary Metric parsed, with the direction and Current → Target improvement."""
    ctx = Context(card=card, template=template, today=date.today(), folder_stems=None)
    ctx.matched = match_sections(card, template)
    pm = primary_metric(ctx)
    if pm.section is None:
        return None
    direction: m.Direction | None = None
    reason = ""
    gain = None
    anchor = pm.current or pm.target
    if anchor is not None:
        direction, reason = m.infer_direction(anchor, pm.name)
    if pm.current and pm.target and direction is not None:
        computed = m.improvement(pm.current, pm.target, direction)
        if computed is not None:
            gain = ImprovementJSON(
                percent=round(computed.percent, 3),
                factor=None if math.isinf(computed.factor) else round(computed.factor, 3),
                description=computed.describe(),
            )
    return MetricJSON(
        name=pm.name,
        current=_quantity(pm.current),
        target=_quantity(pm.target),
        direction=direction.value if direction else None,
        reason=reason,
        improvement=gain,
    )


def section_json(
    card: Card, section: Section, fields: Sequence[Field], tsec: TemplateSection | None
) -> SectionJSON:
    first_line = card.line_offsets[card.section_index[section.key]] + 1
    return SectionJSON(
        key=section.key,
        title=section.title,
        level=section.level,
        line=first_line,
        template=tsec.key if tsec else None,
        fields=[
            FieldJSON(
                path=f.path,
                label=f.label,
                kind=f.kind.value,
                value=f.value,
                line=first_line + f.line,
                checked=f.checked,
                info=f.info,
            )
            for f in fields
        ],
    )


def _shown(section: Section) -> bool:
    """Every section is in the JSON but an empty preamble (a card that starts with its title)."""
    return section.key != PREAMBLE_KEY or bool(section.length)


def section_jsons(card: Card, template: Template) -> Iterator[SectionJSON]:
    """Each section as JSON, one at a time."""
    matched = match_sections(card, template)
    for section in card.sections:
        if _shown(section):
            yield section_json(card, section, section.fields, matched.get(section.key))


def checklist_json(section: Section, fields: Sequence[Field]) -> ProgressJSON | None:
    """How far a section's checklist items are ticked; None for a section with none."""
    counted = _ticked(section, fields)
    return None if counted is None else counted.json()


class _Ticked(NamedTuple):
    """A section's checklist progress, kept light until it is written (a 5 MB card has 4,700
    checklists: as models, 0.6 MB held while the rules read the rest)."""

    section: str
    title: str
    done: int
    total: int

    def json(self) -> ProgressJSON:
        return ProgressJSON(**self._asdict())


def _ticked(section: Section, fields: Sequence[Field]) -> _Ticked | None:
    checks = [f for f in fields if f.kind is FieldKind.CHECK]
    if not checks:
        return None
    return _Ticked(section.key, section.title, sum(1 for f in checks if f.checked), len(checks))


def card_json(
    path: str,
    card: Card,
    template: Template,
    findings: list[Finding],
    *,
    with_sections: bool = True,
    checklists: list[ProgressJSON] | None = None,
) -> CardJSON:
    """The card as JSON; ``with_sections=False`` leaves ``sections`` empty, for a caller that
    writes them on its own (:func:`write_card_json`), which may also have counted the
    ``checklists`` as it went."""
    sections = list(section_jsons(card, template)) if with_sections else []
    if checklists is None:
        found = (checklist_json(section, section.fields) for section in card.sections)
        checklists = [progress for progress in found if progress is not None]
    sessions = [
        SessionJSON(
            **{name: value for name, value in asdict(s).items() if name != "span"},
            placeholder=s.is_placeholder,
        )
        for s in parse_sessions(card)
    ]
    missing = []
    for key in missing_sections(card, template):
        tsec = template.by_key(key)
        if tsec is not None:
            missing.append(MissingSectionJSON(key=key, title=tsec.title, optional=tsec.optional))
    return CardJSON(
        title=card.title,
        path=path,
        newline=_NEWLINE_NAMES.get(card.newline, "lf"),
        bom=card.bom,
        template=template.source,
        sections=sections,
        primary_metric=metric_json(card, template),
        checklists=checklists,
        sessions=sessions,
        missing_sections=missing,
        findings=_findings_json(findings),
    )


def _findings_json(findings: list[Finding]) -> list[FindingJSON]:
    return [_finding_json(f) for f in findings]


def _finding_json(finding: Finding) -> FindingJSON:
    return FindingJSON(**finding_json(finding))


def write_card_json(
    write: Callable[[str], object], path: str, card: Card, template: Template
) -> None:
    """``show --json``: the text ``card_json(...).model_dump_json(indent=2)`` would be, written
    a section at a time as the rules read the card (:func:`validate`'s ``reading``), so a
    50 MB card is read once and no section's fields are kept (a whole dump held half a million
    fields, and then their JSON). The lists that grow with the card (its sections, checklists
    and findings) are written an item at a time; the rest does not depend on the findings,
    and is written from a card JSON with those lists empty."""
    shell = card_json(path, card, template, [], with_sections=False, checklists=[])
    head, rest = _cut(shell.model_dump_json(indent=2), "sections")
    write(head)
    sections = _SectionsOut(card, template, write)
    findings = validate(card, template, path=path, keep_fields=False, reading=sections)
    sections.out.close()
    later: tuple[tuple[str, Iterable[BaseModel]], ...] = (
        ("checklists", (ticked.json() for ticked in sections.checklists)),
        ("findings", (_finding_json(f) for f in findings)),
    )
    for key, items in later:
        head, rest = _cut(rest, key)
        write(head)
        out = _ListOut(write)
        for item in items:
            out.add(item)
        out.close()
    write(rest)


def _cut(text: str, key: str) -> tuple[str, str]:
    """The JSON ``text`` up to the items of its empty list ``key`` (the list opened), and what
    follows them. Quotes inside a string value are escaped: only the key itself matches."""
    head, empty, tail = text.partition(f'"{key}": []')
    assert empty, f"the card's JSON has its {key} list"
    return head + f'"{key}": [', tail


class _ListOut:
    """One of the card's lists written an item at a time, laid out as
    ``model_dump_json(indent=2)`` lays out the card's own lists."""

    def __init__(self, write: Callable[[str], object]) -> None:
        self.write = write
        self.written = 0

    def add(self, item: BaseModel) -> None:
        lines = item.model_dump_json(indent=2).split("\n")
        separator = ",\n" if self.written else "\n"
        self.write(separator + "\n".join("    " + line for line in lines))
        self.written += 1

    def close(self) -> None:
        self.write("\n  ]" if self.written else "]")


class _SectionsOut:
    """Writes each section's JSON as the rules read it, and counts its checklist items."""

    def __init__(self, card: Card, template: Template, write: Callable[[str], object]) -> None:
        self.card = card
        self.matched = match_sections(card, template)
        self.out = _ListOut(write)
        self.checklists: list[_Ticked] = []

    def __call__(self, section: Section, fields: tuple[Field, ...]) -> None:
        if _shown(section):
            self.out.add(section_json(self.card, section, fields, self.matched.get(section.key)))
        if (ticked := _ticked(section, fields)) is not None:
            self.checklists.append(ticked)
