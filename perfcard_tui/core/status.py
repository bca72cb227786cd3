"""Per-section standing, for the badges in the section tree (and the review summary)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .model import Card, Field, FieldKind
from .template import real_text
from .validate import Finding, Severity


class Badge(StrEnum):
    COMPLETE = "complete"
    FILLED = "filled"
    WARNING = "warning"
    ERROR = "error"
    EMPTY = "empty"  # nothing to fill in: free-form or unknown section


@dataclass(frozen=True, slots=True)
class SectionStatus:
    filled: int
    total: int
    errors: int
    warnings: int

    def __add__(self, other: SectionStatus) -> SectionStatus:
        """Two standings as one (a folded section's, with the sections under it)."""
        return SectionStatus(
            self.filled + other.filled,
            self.total + other.total,
            self.errors + other.errors,
            self.warnings + other.warnings,
        )

    @property
    def badge(self) -> Badge:
        if self.errors:
            return Badge.ERROR
        if self.warnings:
            return Badge.WARNING
        if not self.total:
            return Badge.EMPTY
        return Badge.COMPLETE if self.filled == self.total else Badge.FILLED


def is_filled(field: Field) -> bool:
    """A checklist item counts as filled when ticked; any other field when it holds real text."""
    if field.kind is FieldKind.CHECK:
        return bool(field.checked)
    if field.kind is FieldKind.TABLE:
        return False
    return bool(real_text(field.value))


def section_statuses(card: Card, findings: Iterable[Finding]) -> dict[str, SectionStatus]:
    """Section key → its standing. Table rows count through their cells, not the table."""
    errors: dict[str, int] = {}
    warnings: dict[str, int] = {}
    for finding in findings:
        if finding.severity is Severity.ERROR:
            errors[finding.section_key] = errors.get(finding.section_key, 0) + 1
        elif finding.severity is Severity.WARNING:
            warnings[finding.section_key] = warnings.get(finding.section_key, 0) + 1
    result: dict[str, SectionStatus] = {}
    for section in card.sections:
        counted = [f for f in section.fields if f.kind is not FieldKind.TABLE]
        result[section.key] = SectionStatus(
            filled=sum(1 for f in counted if is_filled(f)),
            total=len(counted),
            errors=errors.get(section.key, 0),
            warnings=warnings.get(section.key, 0),
        )
    return result


_NONE = SectionStatus(0, 0, 0, 0)


def standing_below(
    parents: dict[str, str], statuses: Mapping[str, SectionStatus]
) -> dict[str, SectionStatus]:
    """Each section that has sections under it in the outline (``Card.parents``): its standing
    with theirs added in, all the way down (the badge a folded section shows in the tree: an
    error anywhere under it is its error).

    One pass from the last section up, in the rules' worker: done in the tree, at each check
    that changed every badge (the first), it held the UI thread 250 ms on a card with 20,000
    headings."""
    below: dict[str, SectionStatus] = {}  # what the sections under each one add up to
    totals: dict[str, SectionStatus] = {}
    for key in reversed(parents):  # a section's children come after it
        total = statuses.get(key, _NONE)
        if (sub := below.pop(key, None)) is not None:
            total = totals[key] = total + sub
        if parent := parents[key]:
            up = below.get(parent)
            below[parent] = total if up is None else up + total
    return totals
