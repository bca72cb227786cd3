"""``show --json`` writes a card section by section: the same text as dumping it whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcard_tui.cli_json import card_json, write_card_json
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.template import template_for
from perfcard_tui.core.validate import validate

REPO = Path(__file__).resolve().parents[1]
CARDS = sorted((REPO / "sample_cards").glob("*.md")) + [
    REPO / "tests" / "cards" / name for name in ("empty.md", "only-h1.md", "crlf.md")
]


@pytest.mark.parametrize("path", CARDS, ids=lambda p: p.name)
def test_written_a_section_at_a_time_is_the_whole_dump(path: Path) -> None:
    card = parse_card(path.read_bytes().decode("utf-8").removeprefix("\ufeff"))
    template = template_for(path, None)
    findings = validate(card, template, path=str(path))
    whole = card_json(str(path), card, template, findings).model_dump_json(indent=2)
    parts: list[str] = []
    fresh = parse_card(path.read_bytes().decode("utf-8").removeprefix("\ufeff"))
    write_card_json(parts.append, str(path), fresh, template)  # its sections' fields not kept
    assert "".join(parts) == whole
