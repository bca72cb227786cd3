"""gitban's own rules: a done card may not leave a box unticked, a card in progress may not leave
a prerequisite open; each as strict (error), advisory (warning) or none (off) as the nearest
``.gitban/validation_config.json`` says, and the rules' default modes without one.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from perfcard_tui.core.gitban.card_state import CardState, card_state
from perfcard_tui.core.gitban.validation_config import (
    CHECKBOX_COMPLETION,
    DEFAULT_MODE,
    PREREQUISITES,
    Mode,
    ValidationConfig,
    config_for,
    parse_config,
)
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template, template_for
from perfcard_tui.core.validate import Finding, Severity, prerequisites, validate

REPO = Path(__file__).parent / "gitban_repo"
CARDS = REPO / ".gitban" / "cards"
SAMPLES = Path(__file__).parents[1] / "sample_cards"
TODAY = date(2026, 12, 1)

DONE_CHORE = "done-P2-chore-drop-python-3-10-support-c5x1mw.md"
DONE_FEATURE = "done-P1-feature-keyboard-shortcut-help-h2n8vb.md"
FEATURE = "in_progress-P1-feature-stream-csv-export-f7t2pw-BOB.md"
SPIKE = "in_progress-P2-spike-tree-sitter-for-markdown-s9k2lx-CAROL.md"


def gitban(
    path: Path, config: ValidationConfig | None = None
) -> list[tuple[Severity, str, str | None]]:
    """The findings of gitban's two rules for the card at ``path``."""
    card = parse_card(read_card(path).text)
    found: list[Finding] = validate(card, template_for(path), path=path, today=TODAY, config=config)
    rules = ("done-unticked-box", "prerequisite-unticked")
    return [(f.severity, f.code, f.field) for f in found if f.code in rules]


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    """A writable copy of the fixture repository's cards folder."""
    shutil.copytree(REPO, tmp_path / "repo")
    return tmp_path / "repo" / ".gitban" / "cards"


def write_config(cards: Path, data: object) -> None:
    path = cards.parent / "validation_config.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, "utf-8")
    stat = path.stat()  # a new mtime even within the file system's timestamp granularity
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def rename(path: Path, status_from: str, status_to: str) -> Path:
    """A status change, as gitban makes it: a rename."""
    return path.rename(path.with_name(path.name.replace(status_from, status_to, 1)))


# -- the config --------------------------------------------------------------------------------


def test_the_fixture_config_is_read_in_gitbans_shape() -> None:
    config = config_for(CARDS / DONE_CHORE)
    assert config.source == str((REPO / ".gitban" / "validation_config.json").resolve())
    assert config.mode(CHECKBOX_COMPLETION, "chore") is Mode.STRICT
    assert config.mode(CHECKBOX_COMPLETION, "spike") is Mode.ADVISORY  # per_type
    assert config.mode(PREREQUISITES, "feature") is Mode.ADVISORY


def test_config_keys_fall_back_one_by_one() -> None:
    config = parse_config(
        {
            "default_mode": "none",
            "rules": {
                "checkbox_completion": {
                    "enabled": False,
                    "mode": "strict",
                    "per_type": {"x": "strict"},
                },
                "prerequisites": {"mode": "STRICT ", "per_type": {"Bug": "advisory", "y": "loud"}},
                "someday": "strict",
            },
        }
    )
    assert config.mode(CHECKBOX_COMPLETION, "x") is Mode.NONE  # disabled: off for every type
    assert config.mode(PREREQUISITES, "bug") is Mode.ADVISORY
    assert config.mode(PREREQUISITES, "y") is Mode.STRICT  # an unknown mode is ignored
    assert config.mode("unknown-rule") is Mode.NONE  # the file's default mode
    assert parse_config({"rules": {"prerequisites": {}}}).mode(PREREQUISITES) is DEFAULT_MODE


@pytest.mark.parametrize(
    "content",
    ["{not json", "[1, 2]", '"strict"', b"\xff\xfe\x00".decode("latin-1"), ""],
    ids=["broken", "a list", "a string", "not utf-8", "empty"],
)
def test_an_unreadable_config_gives_the_default_modes(cards: Path, content: str) -> None:
    path = cards.parent / "validation_config.json"
    path.write_bytes(content.encode("latin-1"))
    config = config_for(cards / DONE_CHORE)
    assert (config.mode(CHECKBOX_COMPLETION), config.mode(PREREQUISITES)) == (
        DEFAULT_MODE,
        DEFAULT_MODE,
    )
    # and the card is checked as without a config: the done chore's open box is a warning
    assert gitban(cards / DONE_CHORE) == [
        (Severity.WARNING, "done-unticked-box", "Delete the StrEnum shim")
    ]


def test_no_config_gives_the_default_modes(tmp_path: Path) -> None:
    card = tmp_path / DONE_CHORE
    shutil.copy(CARDS / DONE_CHORE, card)
    assert config_for(card) == ValidationConfig()
    assert DEFAULT_MODE is Mode.ADVISORY
    assert [s for s, *_ in gitban(card)] == [Severity.WARNING]


def test_a_changed_config_is_read_again(cards: Path) -> None:
    card = cards / DONE_CHORE
    assert gitban(card)[0][0] is Severity.ERROR
    before = config_for(card).digest
    write_config(cards, {"rules": {"checkbox_completion": {"mode": "advisory"}}})
    assert gitban(card)[0][0] is Severity.WARNING
    assert config_for(card).digest != before
    write_config(cards, {"rules": {"checkbox_completion": {"mode": "none"}}})
    assert gitban(card) == []


def test_the_config_given_is_used_instead_of_the_file() -> None:
    strict = ValidationConfig(modes={PREREQUISITES: Mode.STRICT})
    assert gitban(CARDS / FEATURE, config=strict) == [
        (Severity.ERROR, "prerequisite-unticked", "The board row function is merged (q1w2e3)")
    ]


# -- a done card ------------------------------------------------------------------------------


def test_a_done_card_may_not_leave_a_required_box_open() -> None:
    assert gitban(CARDS / DONE_CHORE) == [
        (Severity.ERROR, "done-unticked-box", "Delete the StrEnum shim")
    ]


def test_optional_items_sections_and_free_form_boxes_may_stay_open() -> None:
    text = (CARDS / DONE_FEATURE).read_text("utf-8")
    assert "- [ ] User documentation updated (optional)" in text  # an optional item
    assert "- [ ] A test per screen" in text  # in Testing Strategy (optional)
    assert "- [ ] Maybe: a search box" in text  # in Additional Notes: free-form
    assert gitban(CARDS / DONE_FEATURE) == []


def test_the_mode_can_differ_by_type(cards: Path) -> None:
    spike = rename(cards / SPIKE, "in_progress", "done")
    assert gitban(spike) == [
        (Severity.WARNING, "done-unticked-box", "Compare heading lists over every sample card")
    ]


def test_only_a_done_card_is_held_to_its_boxes(cards: Path) -> None:
    todo = rename(cards / DONE_CHORE, "done", "todo")
    assert gitban(todo) == []


def test_a_done_card_without_a_template_is_held_to_every_box(cards: Path) -> None:
    refactor = rename(cards / "todo-P2-refactor-split-the-gate-module-q1w2e3.md", "todo", "done")
    assert [code for _, code, _ in gitban(refactor)] == ["done-unticked-box"] * 2


# -- a card in progress -----------------------------------------------------------------------


def test_a_card_in_progress_may_not_leave_a_prerequisite_open() -> None:
    assert gitban(CARDS / FEATURE) == [
        (Severity.WARNING, "prerequisite-unticked", "The board row function is merged (q1w2e3)")
    ]


def test_a_plain_prerequisites_section_counts_too(cards: Path) -> None:
    spike = cards / SPIKE
    text = spike.read_text("utf-8")
    spike.write_text(text.replace("- [x] The question agreed", "- [ ] The question agreed"))
    assert gitban(spike) == [
        (Severity.WARNING, "prerequisite-unticked", "The question agreed with ALICE")
    ]
    assert gitban(rename(spike, "in_progress", "todo")) == []


def test_prerequisites_of_the_perf_template_are_as_before() -> None:
    """The DO NOT START items only: the Required Tools and Knowledge below are not conditions."""
    card = parse_card((SAMPLES / "PERF-9.md").read_text("utf-8"))
    assert len(prerequisites(card)) == 4
    assert all("DO NOT START THIS CARD UNLESS" in f.parent for f in prerequisites(card))


def test_an_optional_prerequisites_section_is_not_a_condition() -> None:
    card = parse_card("# C\n\n## Dependencies & Prerequisites (optional)\n\n- [ ] Card X done\n")
    assert prerequisites(card) == []
    card = parse_card(
        "# C\n\n## Prerequisites\n\n- [ ] Card X done\n- [ ] Nice to have (optional)\n"
    )
    assert [f.label for f in prerequisites(card)] == ["Card X done"]


# -- where the status comes from ---------------------------------------------------------------


def test_the_status_is_the_file_names_else_the_front_matters() -> None:
    assert card_state("---\nstatus: todo\n---\n", "done-P1-bug-x-abc123.md") == CardState(
        "bug", "done", "its file name"
    )
    assert card_state("---\nstatus: In Progress\ntype: Spike\n---\n", "notes.md") == CardState(
        "spike", "in_progress", "its front matter"
    )
    assert card_state("# no front matter\n", "notes.md") == CardState()
    assert card_state("---\nstatus: done\n---\n") == CardState("", "done", "its front matter")


def test_front_matter_status_works_without_a_path(cards: Path) -> None:
    """The editor validates without a path: front matter can still say the card is done."""
    text = "---\nstatus: done\n---\n" + (cards / DONE_CHORE).read_text("utf-8")
    card = parse_card(text)
    found = validate(card, template_for(cards / DONE_CHORE), today=TODAY, stems=frozenset())
    assert [(f.severity, f.code) for f in found] == [(Severity.WARNING, "done-unticked-box")]
    # a card's own name is not read without its path, so nothing else can say it is done
    plain = parse_card((cards / DONE_CHORE).read_text("utf-8"))
    assert validate(plain, template_for(cards / DONE_CHORE), today=TODAY, stems=frozenset()) == []


def test_a_perf_card_in_progress_gets_both_rules(tmp_path: Path) -> None:
    """A perf card named as gitban names it: the prerequisite rule reads the DO NOT START items,
    next to the perf rule that warns when sessions were logged before them."""
    card_path = tmp_path / "in_progress-P1-perf-slow-export-abc123.md"
    shutil.copy(SAMPLES / "PERF-9.md", card_path)
    card = parse_card(card_path.read_text("utf-8"))
    found = validate(card, builtin_template(), path=card_path, today=TODAY)
    assert sum(f.code == "prerequisite-unticked" for f in found) == 4
    assert {f.severity for f in found if f.code == "prerequisite-unticked"} == {Severity.WARNING}
