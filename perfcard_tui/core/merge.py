"""Three-way merge of a card by sections: what I changed, what changed on disk, since the load.

Sections are matched by key. When mine and theirs touched different sections, both changes
apply; a section both changed is a conflict for the person to settle, one section at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Card
from .parse import parse_card


def _section_texts(card: Card) -> dict[str, str]:
    return dict(zip(card.keys, card.pieces, strict=True))


@dataclass
class MergePlan:
    """What a merge of ``mine`` into ``theirs`` (both from ``base``) would do."""

    base: Card
    mine: Card
    theirs: Card
    mine_only: list[str] = field(default_factory=list)
    """Section keys only I changed (my text wins)."""
    conflicts: list[str] = field(default_factory=list)
    """Section keys both changed, differently."""
    structural: bool = False
    """Sections were added or removed on either side: no per-section merge is possible."""

    @property
    def clean(self) -> bool:
        return not self.conflicts and not self.structural

    def apply(self, choices: dict[str, str] | None = None) -> Card:
        """The merged card. ``choices`` maps each conflicting key to ``"mine"`` or ``"theirs"``
        (unlisted conflicts keep theirs). Starts from their text, so disk changes are never lost."""
        choices = choices or {}
        take_mine = set(self.mine_only) | {k for k in self.conflicts if choices.get(k) == "mine"}
        mine_texts = _section_texts(self.mine)
        pieces: list[str] = []
        for key, theirs in zip(self.theirs.keys, self.theirs.pieces, strict=True):
            pieces.append(mine_texts[key] if key in take_mine else theirs)
        return parse_card("".join(pieces), newline=self.theirs.newline, bom=self.theirs.bom)


def plan_merge(base: Card, mine: Card, theirs: Card) -> MergePlan:
    plan = MergePlan(base=base, mine=mine, theirs=theirs)
    base_t, mine_t, theirs_t = _section_texts(base), _section_texts(mine), _section_texts(theirs)
    if list(base_t) != list(mine_t) or list(base_t) != list(theirs_t):
        plan.structural = True
        return plan
    for key, original in base_t.items():
        mine_changed = mine_t[key] != original
        theirs_changed = theirs_t[key] != original
        if mine_changed and not theirs_changed:
            plan.mine_only.append(key)
        elif mine_changed and theirs_changed and mine_t[key] != theirs_t[key]:
            plan.conflicts.append(key)
    return plan
