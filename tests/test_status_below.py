"""A folded section's badge: its standing with every section under it added in, worked out in
the rules' worker (``status.standing_below``) as the tree places sections under each other."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from perfcard_tui.core.model import Card
from perfcard_tui.core.parse import PREAMBLE_KEY, TITLE_KEY, parse_card
from perfcard_tui.core.status import SectionStatus, section_statuses, standing_below
from perfcard_tui.core.template import Template
from perfcard_tui.core.validate import validate


def _by_walking(
    keys: tuple[str, ...], statuses: dict[str, SectionStatus]
) -> dict[str, SectionStatus]:
    """The oracle: for each section, every later section whose chain of parents (the tree's:
    the key it extends, when that came before it) reaches it, added up one by one."""
    parent_of: dict[str, str] = {}
    for key in keys:
        if key not in (PREAMBLE_KEY, TITLE_KEY):
            parent = key.rpartition("/")[0]
            parent_of[key] = parent if parent in parent_of else ""
    found = {}
    for key in parent_of:
        under = []
        for other in parent_of:
            up = parent_of[other]
            while up and up != key:
                up = parent_of[up]
            if up == key:
                under.append(other)
        if under:
            parts = [statuses[k] for k in (key, *under)]
            found[key] = SectionStatus(
                sum(p.filled for p in parts),
                sum(p.total for p in parts),
                sum(p.errors for p in parts),
                sum(p.warnings for p in parts),
            )
    return found


def test_the_sample_cards_sections_add_up_as_the_tree_holds_them(
    perf7: Card, template: Template
) -> None:
    statuses = section_statuses(perf7, validate(perf7, template))
    below = standing_below(perf7.parents, statuses)
    assert below == _by_walking(perf7.keys, statuses)
    assert "implementation" in below and "implementation/phase-1-baseline-setup" not in below


HEADINGS = st.sampled_from(["# A", "## B", "### C", "#### D", "## B", "### E"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(HEADINGS, st.integers(0, 3), st.integers(0, 2)), max_size=30))
def test_any_outline_adds_up_as_walking_it_does(heads: list[tuple[str, int, int]]) -> None:
    card = parse_card("".join(f"{h}\n\n" for h, _, _ in heads))
    statuses = {
        key: SectionStatus(n % 2, n, errors, n // 3)
        for key, (_, n, errors) in zip(card.keys[1:], heads, strict=True)
    }
    statuses[PREAMBLE_KEY] = SectionStatus(0, 0, 0, 0)
    assert standing_below(card.parents, statuses) == _by_walking(card.keys, statuses)
