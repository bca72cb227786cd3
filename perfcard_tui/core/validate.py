"""Rules over a card: ``validate(card, template) -> list[Finding]``.

The badges, ``check`` and the review panel all show these same findings. Codes are a public
contract (scripts filter on them): add new ones, never rename.

The perf rules (primary metric, comparison table, success criteria, sessions) read only sections
the card's template has, so a bug card checked against a bug template never hears of them.
gitban's own rules (``_gitban_rules``) hold a done card to its boxes and a card in progress to
its prerequisites, as strictly as the repository's ``validation_config.json`` says.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

from . import metrics as m
from .control_chars import controls_in, describe
from .gitban.card_state import card_state
from .gitban.checklists import required_boxes
from .gitban.validation_config import (
    CHECKBOX_COMPLETION,
    PREREQUISITES,
    Mode,
    ValidationConfig,
    config_for,
)
from .label_paths import name_refs
from .model import Block, Card, Field, FieldKind, Section
from .names import normalise
from .parse import PREAMBLE_KEY, TITLE_KEY
from .sessions import PROGRESS_NOTES, SessionEntry, parse_sessions
from .template import (
    Template,
    TemplateSection,
    is_optional,
    is_placeholder,
    match_sections,
    real_text,
)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, kw_only=True)
class Finding:
    severity: Severity
    code: str
    section: str
    """Path of section titles, ``Current Performance › Primary Metric``."""
    field: str | None
    """The field's label, or None for the section as a whole."""
    line: int
    message: str
    section_key: str = ""
    field_path: str = ""


Reading = Callable[[Section, tuple[Field, ...]], None]
"""What :func:`validate` tells of each section it reads: the section and its fields."""


@dataclass
class Context:
    """What the rules share: the card, its template match, and lookups computed once."""

    card: Card
    template: Template
    today: date
    folder_stems: frozenset[str] | None
    matched: dict[str, TemplateSection] = field(default_factory=dict)
    validated: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    keep_fields: bool = True
    """Whether the sections read by the rules keep their fields worked out (the editor reads
    them again at once); False for a caller that reads the card no further (:func:`validate`)."""
    reading: Reading | None = None
    """Told of every section and its fields as the rules read them (:func:`validate`)."""
    _titles: dict[str, str] = field(default_factory=dict)

    def read(self, section: Section) -> tuple[tuple[Field, ...], tuple[Block, ...]]:
        """A section's fields and blocks, kept with it or not as :attr:`keep_fields` says."""
        if self.keep_fields:
            return section.fields, section.blocks
        fields, blocks, _ = section.details_once()
        return fields, blocks

    def line_in(self, section: Section, line: int) -> int:
        """The card line of ``line`` (0-based) of ``section``: a field's or a block's
        (``Card.line_of`` would find the section by the field's path, and read it again if it
        did not keep its fields)."""
        return self.card.line_offsets[self.card.section_index[section.key]] + line + 1

    def title_path(self, key: str) -> str:
        if key not in self._titles:
            section = self.card.section(key)
            parent = section.parent_key
            own = section.title
            self._titles[key] = f"{self.title_path(parent)} › {own}" if parent else own
        return self._titles[key]

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        *,
        section: Section | None = None,
        fld: Field | None = None,
        line: int | None = None,
        section_title: str | None = None,
    ) -> None:
        key = section.key if section else ""
        if line is None:
            line = (
                self.card.line_of(fld.path) if fld else (self.card.section_line(key) if key else 1)
            )
        self.findings.append(
            Finding(
                severity=severity,
                code=code,
                section=section_title
                if section_title is not None
                else (self.title_path(key) if key else ""),
                field=fld.label if fld else None,
                line=line,
                message=message,
                section_key=key,
                field_path=fld.path if fld else "",
            )
        )

    def section_for(self, norm_title: str) -> Section | None:
        for key, tsec in self.matched.items():
            if tsec.norm == norm_title:
                return self.card.section(key)
        return None

    def field_in(self, section: Section | None, label: str) -> Field | None:
        if section is None:
            return None
        want = normalise(label)
        return next((f for f in section.fields if normalise(f.label) == want), None)


def _filled(value: str) -> bool:
    return bool(real_text(value))


# -- rules ------------------------------------------------------------------------------------


def _missing_sections(ctx: Context) -> None:
    present = {t.key for t in ctx.matched.values()}
    for tsec in ctx.template.sections:
        if tsec.key in present or not tsec.validated or tsec.optional:
            continue
        parent = ctx.template.by_key(tsec.parent_key) if tsec.parent_key else None
        if parent is not None and parent.key not in present:
            continue  # the parent is reported; one finding per missing subtree
        where = f"{parent.title} › {tsec.title}" if parent else tsec.title
        ctx.add(
            Severity.ERROR,
            "missing-section",
            f"the card has no '{tsec.title}' section"
            + (f" (the template has it under '{parent.title}')" if parent else ""),
            section_title=where,
        )


def _says_required(text: str) -> bool:
    return "REQUIRED" in text and is_placeholder(text.strip())


def _placeholders(
    ctx: Context, section: Section, fields: Sequence[Field], blocks: Sequence[Block]
) -> None:
    """Template text left in a section the rules check. One the template marks REQUIRED is an
    error (code ``placeholder`` where the template's field says so, as it always was;
    ``required-placeholder`` for any other REQUIRED text left, such as a second paragraph). A
    section the template marks optional may stay as the template wrote it: nothing there but
    REQUIRED text is reported."""
    tsec = ctx.matched[section.key]
    for fld in fields:
        if fld.kind in (FieldKind.TABLE, FieldKind.CODE) and not is_placeholder(fld.value.strip()):
            continue
        spec = ctx.template.spec(tsec, fld.label, fld.parent)
        value = fld.value.strip()
        required = spec is not None and spec.required
        line = ctx.line_in(section, fld.line)
        if not required and _says_required(value):
            _required_left(ctx, section, value, fld=fld, line=line)
        elif tsec.optional and not required:
            continue
        elif is_placeholder(value):
            ctx.add(
                Severity.ERROR if required else Severity.WARNING,
                "placeholder",
                f"still the template's placeholder {_quote(value)}"
                + (" (the template marks it REQUIRED)" if required else ""),
                section=section,
                fld=fld,
                line=line,
            )
        elif not value and fld.kind in (FieldKind.TEXT, FieldKind.PROSE):
            ctx.add(
                Severity.WARNING, "empty-field", "no value", section=section, fld=fld, line=line
            )
    for block in blocks:
        line = ctx.line_in(section, block.line)
        if _says_required(block.text):
            _required_left(ctx, section, block.text, line=line)
        elif is_placeholder(block.text) and not tsec.optional:
            ctx.add(
                Severity.WARNING,
                "placeholder",
                f"still the template's placeholder {_quote(block.text)}",
                section=section,
                line=line,
            )


def _placeholder_names(ctx: Context) -> None:
    """A name still the template's placeholder (``**[Optimization 1]**``): a warning, code
    ``placeholder-name``, on the name's line, in a section the template does not mark optional.
    A session entry's names are the entry's (``log`` and the session form write them)."""
    keys = {key for key in ctx.validated if not ctx.matched[key].optional}
    for ref in name_refs(ctx.card, placeholders=True, within=keys):
        ctx.add(
            Severity.WARNING,
            "placeholder-name",
            f"a name is still the template's placeholder {_quote(ref.text)}",
            section=ctx.card.section(ref.key),
            line=ref.line,
        )


def _required_left(
    ctx: Context, section: Section, text: str, *, fld: Field | None = None, line: int | None = None
) -> None:
    ctx.add(
        Severity.ERROR,
        "required-placeholder",
        f"still the template's placeholder {_quote(text)}, which says it is REQUIRED",
        section=section,
        fld=fld,
        line=line,
    )


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text[: limit - 1]}…'" if len(text) > limit else f"'{text}'"


def choice_ok(value: str, options: Iterable[str]) -> bool:
    """A choice value names one option (or several joined by / , and), optionally followed by an
    explanation: ``High - p95 breaches the SLO``."""
    wanted = [normalise(o) for o in options]
    parts = re.split(r"\s*(?:/|,|\band\b|\+)\s*", value.strip())
    if all(normalise(p) in wanted for p in parts if p.strip()):
        return True
    head = normalise(value)
    return any(head == w or head.startswith(w + " ") for w in wanted) and bool(
        re.match(r"^\W*[\w ]+?(\s+[-–—(:]|$)", value.strip())
    )


def _choices(ctx: Context, section: Section, fields: Sequence[Field]) -> None:
    tsec = ctx.matched[section.key]
    for fld in fields:
        if fld.kind is not FieldKind.TEXT or not _filled(fld.value):
            continue
        spec = ctx.template.spec(tsec, fld.label, fld.parent)
        if spec is not None and spec.choice and not choice_ok(fld.value, spec.options):
            ctx.add(
                Severity.WARNING,
                "invalid-choice",
                f"{_quote(fld.value)} is not one of: {' / '.join(spec.options)}",
                section=section,
                fld=fld,
                line=ctx.line_in(section, fld.line),
            )


def _every_section(ctx: Context) -> list[Field]:
    """The rules that look at every section, in one reading of each (a check does not keep a
    50 MB card's fields, so a second pass would read the card again): placeholders, then
    choices. Returns the card's prerequisites, for the rules that compare them with progress.

    The choices' findings follow every placeholder's and placeholder name's, as when each rule
    was a pass of its own (a line's findings are listed in the order the rules run)."""
    choices = replace(ctx, findings=[])  # the same card and lookups, its own findings
    prereqs: list[Field] = []
    for section in ctx.card.sections:
        fields, blocks = ctx.read(section)
        if ctx.reading is not None:
            ctx.reading(section, fields)
        if section.key in ctx.validated:
            _placeholders(ctx, section, fields, blocks)
            _choices(choices, section, fields)
        prereqs.extend(_prerequisites_in(section, fields))
    _placeholder_names(ctx)
    ctx.findings.extend(choices.findings)
    return prereqs


@dataclass
class PrimaryMetric:
    """The Primary Metric fields, parsed once for the rules that compare against them."""

    section: Section | None
    name: str = ""
    current: m.Quantity | None = None
    target: m.Quantity | None = None
    direction: m.Direction = m.Direction.LOWER
    reason: str = ""
    goal: Field | None = None
    comparable: bool = False


def primary_metric(ctx: Context) -> PrimaryMetric:
    section = ctx.section_for("primary metric")
    pm = PrimaryMetric(section=section)
    if section is None:
        return pm
    metric = ctx.field_in(section, "Metric")
    pm.name = metric.value if metric and _filled(metric.value) else ""
    pm.goal = ctx.field_in(section, "Improvement Goal")
    for attr, label in (("current", "Current Value"), ("target", "Target Value")):
        fld = ctx.field_in(section, label)
        if fld is None or not _filled(fld.value):
            continue
        quantity = m.parse_quantity(fld.value)
        if quantity is None:
            ctx.add(
                Severity.ERROR,
                "metric-unparsable",
                f"{_quote(fld.value)} has no number with a unit we understand "
                "(e.g. 420ms, 2.1 GB, 900 req/s, 35%)",
                section=section,
                fld=fld,
            )
        setattr(pm, attr, quantity)
    if pm.current and pm.target:
        pm.direction, pm.reason = m.infer_direction(pm.current, pm.name)
        pm.comparable = m.improvement(pm.current, pm.target, pm.direction) is not None
    return pm


def _metric_rules(ctx: Context, pm: PrimaryMetric) -> None:
    if not (pm.section and pm.current and pm.target):
        return
    target_field = ctx.field_in(pm.section, "Target Value")
    if not pm.comparable:
        ctx.add(
            Severity.ERROR,
            "unit-mismatch",
            f"Current Value is {pm.current.dimension} ({pm.current.unit or 'a count'}) but "
            f"Target Value is {pm.target.dimension} ({pm.target.unit or 'a count'})",
            section=pm.section,
            fld=target_field,
        )
        return
    if not m.is_better(pm.current, pm.target, pm.direction):
        ctx.add(
            Severity.ERROR,
            "target-not-better",
            f"target {pm.target.text.strip()} is not better than current {pm.current.text.strip()} "
            f"({pm.reason})",
            section=pm.section,
            fld=target_field,
        )
        return
    computed = m.improvement(pm.current, pm.target, pm.direction)
    if pm.goal and computed and _filled(pm.goal.value) and _disagrees(pm.goal.value, computed):
        ctx.add(
            Severity.WARNING,
            "improvement-mismatch",
            f"the goal says {_quote(pm.goal.value)} but Current → Target gives "
            f"{computed.describe()}",
            section=pm.section,
            fld=pm.goal,
        )


def _disagrees(stated: str, computed: m.Improvement) -> bool:
    """More than 5 points (percent) or 5 % (factor) away from the computed improvement."""
    percent, factor = m.parse_stated_improvement(stated)
    if percent is None and factor is None:
        return False
    ok_percent = percent is not None and abs(abs(percent) - abs(computed.percent)) <= 5.0
    ok_factor = factor is not None and abs(factor - computed.factor) <= 0.05 * computed.factor
    return not (ok_percent or ok_factor)


@dataclass
class ComparisonRow:
    metric: str
    before: str
    after: str
    improvement: str
    line: int
    improvement_field: Field | None


def comparison_rows(card: Card, section: Section | None) -> list[ComparisonRow]:
    """The Performance Comparison rows, by column header (Metric, Before, After, Improvement)."""
    if section is None:
        return []
    table = next((f for f in section.fields if f.kind is FieldKind.TABLE), None)
    if table is None or not table.cells:
        return []
    header = [normalise(h) for h in table.cells[0]]

    def col(row: tuple[str, ...], name: str) -> str:
        return row[header.index(name)] if name in header and header.index(name) < len(row) else ""

    cells = {(f.row, normalise(f.label)): f for f in section.cells_of(table)}
    rows = []
    for n, row in enumerate(table.cells[1:], start=1):
        imp_field = cells.get((n, "improvement"))
        rows.append(
            ComparisonRow(
                metric=col(row, "metric"),
                before=col(row, "before"),
                after=col(row, "after"),
                improvement=col(row, "improvement"),
                line=card.line_of(table.path) + n + 1,
                improvement_field=imp_field,
            )
        )
    return rows


def _table_rules(ctx: Context) -> None:
    section = ctx.section_for("performance comparison")
    for row in comparison_rows(ctx.card, section):
        before, after = m.parse_quantity(row.before), m.parse_quantity(row.after)
        if before is None or after is None:
            continue
        direction, _ = m.infer_direction(before, row.metric)
        computed = m.improvement(before, after, direction)
        if computed is None:
            continue
        fld = row.improvement_field
        if not _filled(row.improvement):
            ctx.add(
                Severity.INFO,
                "table-improvement-mismatch",
                f"{row.metric or 'row'}: {row.before} → {row.after} is {computed.describe()}",
                section=section,
                fld=fld,
                line=row.line,
            )
        elif _disagrees(row.improvement, computed):
            ctx.add(
                Severity.WARNING,
                "table-improvement-mismatch",
                f"{row.metric or 'row'}: the table says {_quote(row.improvement)} but "
                f"{row.before} → {row.after} is {computed.describe()}",
                section=section,
                fld=fld,
                line=row.line,
            )


def measured_after(
    ctx: Context, pm: PrimaryMetric, sessions: list[SessionEntry]
) -> tuple[m.Quantity | None, str]:
    """The latest measurement of the primary metric, and where it came from."""
    rows = comparison_rows(ctx.card, ctx.section_for("performance comparison"))
    name = normalise(pm.name)
    for row in rows:
        row_name = normalise(row.metric)
        if name and row_name and (row_name in name or name in row_name):
            quantity = m.parse_quantity(row.after)
            if quantity:
                return quantity, f"the Performance Comparison row '{row.metric}'"
    for entry in reversed(sessions):
        quantity = m.parse_quantity(entry.metric("After")) if not entry.is_placeholder else None
        if quantity:
            return quantity, f"the session of {entry.date}"
    return None, ""


def _criteria(ctx: Context, pm: PrimaryMetric, sessions: list[SessionEntry]) -> None:
    section = ctx.section_for("success criteria")
    if section is None:
        return
    for fld in section.fields:
        if fld.kind is not FieldKind.CHECK or not fld.checked:
            continue
        if not normalise(fld.value).startswith("target performance achieved"):
            continue
        if pm.target is None:
            return
        measured, source = measured_after(ctx, pm, sessions)
        if measured is None:
            ctx.add(
                Severity.ERROR,
                "criteria-unmet",
                f"ticked, but no measured After backs it (target {pm.target.text.strip()})",
                section=section,
                fld=fld,
            )
        elif not m.meets(measured, pm.target, pm.direction):
            ctx.add(
                Severity.ERROR,
                "criteria-unmet",
                f"ticked, but {source} measured {measured.text.strip()}, which misses the target "
                f"{pm.target.text.strip()} ({pm.reason or pm.direction.value + ' is better'})",
                section=section,
                fld=fld,
            )


def prerequisites(card: Card) -> list[Field]:
    """A card's prerequisites: the checklist items under a "DO NOT START THIS CARD UNLESS" label
    wherever it is (the perf template's form), and those in the body of a section whose title
    says prerequisites (gitban's other templates). Not its subsections (the perf template's
    Required Tools are things to have, not conditions to start), nor anything marked optional."""
    return [f for section in card.sections for f in _prerequisites_in(section, section.fields)]


def _prerequisites_in(section: Section, fields: Sequence[Field]) -> list[Field]:
    if is_optional(section.title):
        return []
    whole_section = "prerequisite" in normalise(section.title)
    return [
        f
        for f in fields
        if f.kind is FieldKind.CHECK
        and (whole_section or "do not start" in normalise(f.parent))
        and not is_optional(f.label)
    ]


def _started_early(ctx: Context, sessions: list[SessionEntry], prereqs: list[Field]) -> None:
    if not prereqs or all(f.checked for f in prereqs):
        return
    real_sessions = [s for s in sessions if not s.is_placeholder]
    impl = ctx.section_for("implementation")
    ticked = [
        f
        for s in ctx.card.sections
        if impl is not None and (s.key == impl.key or s.key.startswith(impl.key + "/"))
        for f in ctx.read(s)[0]
        if f.kind is FieldKind.CHECK and f.checked
    ]
    if not real_sessions and not ticked:
        return
    open_items = [f for f in prereqs if not f.checked]
    evidence = (
        f"{len(real_sessions)} session(s) logged"
        if real_sessions
        else f"{len(ticked)} implementation item(s) ticked"
    )
    ctx.add(
        Severity.WARNING,
        "started-before-prerequisites",
        f"{evidence} while {len(open_items)} of {len(prereqs)} prerequisites are not ticked "
        f"(first: {_quote(open_items[0].value)})",
        section=ctx.card.section_of(open_items[0].path),
        fld=open_items[0],
    )


def _session_dates(ctx: Context, sessions: list[SessionEntry]) -> None:
    key = next((k for k, t in ctx.matched.items() if t.norm == PROGRESS_NOTES), None)
    section = ctx.card.section(key) if key else None
    previous: date | None = None
    for entry in sessions:
        if entry.is_placeholder:
            continue
        day = entry.real_date()
        if day is None:
            ctx.add(
                Severity.ERROR,
                "session-date",
                f"'{entry.date}' is not a real date (YYYY-MM-DD)",
                section=section,
                line=entry.line,
            )
            continue
        if day > ctx.today:
            ctx.add(
                Severity.WARNING,
                "session-date",
                f"{entry.date} is after today ({ctx.today})",
                section=section,
                line=entry.line,
            )
        if previous and day < previous:
            ctx.add(
                Severity.WARNING,
                "session-date",
                f"{entry.date} comes after a session of {previous}: sessions are out of order",
                section=section,
                line=entry.line,
            )
        previous = day


_CARD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_NOT_AN_ID = {"none", "n/a", "na", "tbd", "-", "todo"}


def card_ids(value: str) -> list[str]:
    """Card IDs a Related Cards value names: ``PERF-9 - Streaming export``, ``PERF-3, PERF-4``."""
    head = re.split(r"\s+[-–—:]\s+|\s*:\s+", value.strip(), maxsplit=1)[0]
    head = re.sub(r"\([^)]*\)", " ", head)  # "PERF-3 (done)": the remark is not a card
    words = head.split()
    if not words or words[0].lower().strip("`*[]") in _NOT_AN_ID:
        return []  # "none yet", "TBD - after PERF-7 lands"
    ids = []
    for token in re.split(r"[,;]\s*|\s+and\s+|\s+", head):
        token = token.strip("`*[]()")
        if token and token.lower() not in _NOT_AN_ID and _CARD_ID.match(token):
            ids.append(token)
    return ids


def id_resolves(card_id: str, stems: frozenset[str]) -> bool:
    """An ID matches ``ID.md`` or a ``-``-separated run of a name (gitban's ``…-<id>-…``)."""
    want = card_id.lower()
    if want in stems:
        return True
    # only names holding each of the ID's parts can hold the run: looking through every name
    # for every link made checking a folder of n cards take n² steps
    by_part = _stems_by_part(stems)
    candidates = min((by_part.get(part, ()) for part in want.split("-")), key=len)
    return any(f"-{want}-" in f"-{stem}-" for stem in candidates)


@functools.lru_cache(maxsize=4)  # one folder's names serve every card checked in it
def _stems_by_part(stems: frozenset[str]) -> dict[str, list[str]]:
    by_part: dict[str, list[str]] = {}
    for stem in stems:
        for part in set(stem.split("-")):
            by_part.setdefault(part, []).append(stem)
    return by_part


def folder_stems(folder: Path) -> frozenset[str]:
    try:
        return frozenset(p.stem.lower() for p in folder.iterdir() if p.suffix.lower() == ".md")
    except OSError:
        return frozenset()


def _links(ctx: Context) -> None:
    if ctx.folder_stems is None:
        return
    related = [
        k
        for k, t in ctx.matched.items()
        if t.norm == "related cards" or t.parent_key == "related-cards"
    ]
    for key in related:
        section = ctx.card.section(key)
        for fld in section.fields:
            if fld.kind is not FieldKind.TEXT or not _filled(fld.value):
                continue
            for card_id in card_ids(fld.value):
                if not id_resolves(card_id, ctx.folder_stems):
                    ctx.add(
                        Severity.WARNING,
                        "broken-link",
                        f"no card '{card_id}' in this folder "
                        f"(looked for {card_id}.md or a file named …-{card_id}-…)",
                        section=section,
                        fld=fld,
                    )


def _mojibake(ctx: Context) -> None:
    if ctx.card.mojibake:
        ctx.add(
            Severity.INFO,
            "mojibake",
            "emoji are spelled as mojibake (UTF-8 read as Mac Roman); "
            "`perfcard-tui fix-encoding PATH` repairs them exactly",
        )


_MOST_CONTROL_LINES = 10  # a pasted terminal capture would give a finding per line: a sample


def _control_characters(ctx: Context) -> None:
    """Control characters already in the card (``control_chars``): the gate refuses them on the
    way in, this finds the ones that came another way (another editor, a paste, a merge). One
    finding per line, naming each character once."""
    card = ctx.card
    per_line: dict[int, tuple[int, list[str]]] = {}  # line -> (first offset, characters)
    for piece, start, first_line in zip(card.pieces, card.offsets, card.line_offsets, strict=True):
        line, counted = first_line + 1, 0
        for found in controls_in(piece):
            segment = piece[counted : found.start()]
            line += segment.count("\n") + segment.count("\r") - segment.count("\r\n")
            counted = found.start()
            chars = per_line.setdefault(line, (start + counted, []))[1]
            if found[0] not in chars:
                chars.append(found[0])
    for n, (number, (at, chars)) in enumerate(per_line.items()):
        if n == _MOST_CONTROL_LINES:
            ctx.add(
                Severity.WARNING,
                "control-character",
                f"{len(per_line) - n} more lines hold control characters",
                line=number,
            )
            break
        i = card.piece_at(at)
        section, rel = card.sections[i], at - card.offsets[i]
        holders = [f for f in section.fields if f.span.start <= rel <= f.span.end]
        fld = min(holders, key=lambda f: f.span.end - f.span.start) if holders else None
        column = at - card.line_start(at) + 1
        names = ", ".join(describe(c) for c in chars)
        ctx.add(
            Severity.WARNING,
            "control-character",
            f"{names} at column {column}: "
            + ("control characters act" if len(chars) > 1 else "a control character acts")
            + " on a terminal that shows the file raw",
            section=section,
            fld=fld,
            line=number,
        )


def _template_missing(ctx: Context) -> None:
    if ctx.template.missing:
        ctx.add(
            Severity.INFO,
            "template-not-found",
            f"no template for this card's type (looked for {ctx.template.missing}): "
            + (
                "checked against the built-in perf template instead"
                if ctx.template.sections
                else "its sections are not checked, only the rules every card has"
            ),
        )


_SEVERITY = {Mode.STRICT: Severity.ERROR, Mode.ADVISORY: Severity.WARNING}


def _gitban_rules(
    ctx: Context, path: str | Path | None, config: ValidationConfig | None, prereqs: list[Field]
) -> None:
    """gitban's rules, at the severity its config gives each (strict: error, advisory: warning,
    none: off). The status is the file name's, else the front matter's; without a path only
    front matter can say, and the config is then the default one."""
    state = card_state(ctx.card.pieces[0], path)  # front matter is the first section's
    if not (state.done or state.in_progress):
        return
    if config is None:
        config = config_for(path) if path is not None else ValidationConfig()
    if state.done:
        mode = config.mode(CHECKBOX_COMPLETION, state.type)
        unticked = [f for f in required_boxes(ctx.card, ctx.matched) if not f.checked]
        code, rule = "done-unticked-box", CHECKBOX_COMPLETION
        why = f"the card is done ({state.status_from} says so) but this box is not ticked"
    else:
        mode = config.mode(PREREQUISITES, state.type)
        unticked = [f for f in prereqs if not f.checked]
        code, rule = "prerequisite-unticked", PREREQUISITES
        why = f"the card is in progress ({state.status_from} says so) but this prerequisite is open"
    severity = _SEVERITY.get(mode)
    if severity is None:
        return
    for fld in unticked:
        ctx.add(
            severity,
            code,
            f"{why} (gitban's {rule} rule is {mode.value})",
            section=ctx.card.section_of(fld.path),
            fld=fld,
        )


def make_context(
    card: Card,
    template: Template,
    *,
    today: date | None = None,
    stems: frozenset[str] | None = None,
) -> Context:
    """What the rules (and the summary, and ``log``) read a card through."""
    ctx = Context(card=card, template=template, today=today or date.today(), folder_stems=stems)
    ctx.matched = match_sections(card, template)
    ctx.validated = _validated_keys(card, ctx.matched)
    return ctx


def validate(
    card: Card,
    template: Template,
    *,
    path: str | Path | None = None,
    today: date | None = None,
    stems: frozenset[str] | None = None,
    config: ValidationConfig | None = None,
    keep_fields: bool = True,
    reading: Reading | None = None,
) -> list[Finding]:
    """All findings for a card, in line order. ``path`` (or ``stems``) enables link checks;
    ``path`` also gives gitban's rules the status in the card's file name and the nearest
    ``validation_config.json`` (``config``, when given, is used instead). ``keep_fields=False``
    lets each section's fields go once the rules have read them, for a caller that reads the
    card no further: of a 50 MB card they are some 170 MB, more than the rest of a check.
    ``reading`` is called with each section and its fields, in card order, as the rules read
    them: a caller that wants them too (``show --json``) need not read the card again."""
    if stems is None and path is not None:
        stems = folder_stems(Path(path).resolve().parent)
    ctx = make_context(card, template, today=today, stems=stems)
    ctx.keep_fields, ctx.reading = keep_fields, reading
    sessions = logged_sessions(card, template)
    pm = primary_metric(ctx)
    _missing_sections(ctx)
    prereqs = _every_section(ctx)
    _metric_rules(ctx, pm)
    _table_rules(ctx)
    _criteria(ctx, pm, sessions)
    _started_early(ctx, sessions, prereqs)
    _session_dates(ctx, sessions)
    _links(ctx)
    _gitban_rules(ctx, path, config, prereqs)
    _template_missing(ctx)
    _mojibake(ctx)
    _control_characters(ctx)
    return sorted(ctx.findings, key=lambda f: f.line)


def logged_sessions(card: Card, template: Template) -> list[SessionEntry]:
    """The card's session entries, when its template has a Progress Notes section to log them
    in (a template without one has no sessions, whatever a card's section of that name says)."""
    if not any(s.norm == PROGRESS_NOTES for s in template.sections):
        return []
    return parse_sessions(card)


def _validated_keys(card: Card, matched: dict[str, TemplateSection]) -> set[str]:
    """Matched sections before the free-form part of the card ("Additional Notes" on)."""
    keys: set[str] = set()
    for section in card.sections:
        if section.key in (PREAMBLE_KEY, TITLE_KEY):
            continue
        tsec = matched.get(section.key)
        if tsec is not None and not tsec.validated:
            break
        if tsec is not None:
            keys.add(section.key)
    return keys
