"""The checklist items a card must tick: gitban's ``checkbox_completion`` rule holds a done card
to them, and the summary counts its progress over the same items, so the two never disagree.

Left out, as gitban leaves them out: an item marked ``(optional)``, everything under a heading
marked ``(optional)`` (in the card or in its template), and the free-form part from ``Additional
Notes`` on.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Card, Field, FieldKind
from ..parse import PREAMBLE_KEY, TITLE_KEY
from ..template import TemplateSection, is_optional, starts_freeform


def required_boxes(card: Card, matched: Mapping[str, TemplateSection]) -> list[Field]:
    """Every checklist item of the card that counts, in card order. ``matched`` is the card's
    section key → template section (``template.match_sections``)."""
    boxes: list[Field] = []
    skip_below: int | None = None  # the level of an optional heading whose subtree is skipped
    for section in card.sections:
        if skip_below is not None and section.level > skip_below:
            continue
        skip_below = None
        if section.key not in (PREAMBLE_KEY, TITLE_KEY):
            known = matched.get(section.key)
            if starts_freeform(section.title, section.level) or (known and not known.validated):
                break
            if is_optional(section.title) or (known is not None and known.optional):
                skip_below = section.level
                continue
        boxes.extend(
            f for f in section.fields if f.kind is FieldKind.CHECK and not is_optional(f.label)
        )
    return boxes
