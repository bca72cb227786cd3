"""Every gitban template is a schema: which template a card is checked against, and that forms,
placeholders, missing sections and checklists come from that template, whatever it is.

The cards and templates are the fixture repository in ``tests/gitban_repo`` (its README says
what each file is there to prove); a test that writes works on a copy in ``tmp_path``.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from perfcard_tui.cli.main import main
from perfcard_tui.core.gitban.template_choice import choose
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.store import read_card
from perfcard_tui.core.summary import summarize
from perfcard_tui.core.template import (
    Template,
    build_template,
    builtin_template,
    template_for,
)
from perfcard_tui.core.validate import Finding, Severity, validate

REPO = Path(__file__).parent / "gitban_repo"
TEMPLATES = REPO / ".gitban" / "templates"
CARDS = REPO / ".gitban" / "cards"
TODAY = date(2026, 12, 1)

BUG = CARDS / "SPRINT7-in_progress-P0-bug-login-fails-after-session-expiry-k3m9qa-ALICE.md"
REGRESSION = CARDS / "SPRINT7-todo-P1-bug-theme-resets-after-upgrade-r8v4nc.md"
CHORE_DEPS = CARDS / "SPRINT7-backlog-P2-chore-bump-markdown-it-d3p5zz.md"
ADR = CARDS / "todo-P1-docs-adr-cache-summaries-on-disk-a7d1r0.md"
ADR_BY_FRONT_MATTER = CARDS / "todo-P2-docs-record-the-board-key-map-m4k8ds.md"
REFACTOR = CARDS / "todo-P2-refactor-split-the-gate-module-q1w2e3.md"
PERF = CARDS / "backlog-P1-perf-board-first-frame-for-10k-cards-p4f8m1.md"
EMPTY_CARD_BUG = CARDS / "todo-P1-bug-crash-on-empty-card-x7y7z7.md"


def check(path: Path, template: Template | None = None) -> list[Finding]:
    card = parse_card(read_card(path).text)
    return validate(card, template or template_for(path), path=path, today=TODAY)


def codes(findings: list[Finding]) -> Counter[tuple[str, str]]:
    return Counter((f.severity.value, f.code) for f in findings)


def copy_repo(tmp_path: Path) -> Path:
    """A writable copy of the fixture repository; its cards folder."""
    shutil.copytree(REPO, tmp_path / "repo")
    return tmp_path / "repo" / ".gitban" / "cards"


# -- which template ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("card", "template", "asked_by"),
    [
        (BUG, "bug.md", "its lock file"),
        # the lock names a variant that has a file
        (REGRESSION, "bug-regression.md", "its lock file"),
        # the lock names a variant that has none: its type's template
        (CHORE_DEPS, "chore.md", "its lock file"),
        # no lock: front matter `template:` wins over the name's type (docs, which has none)
        (ADR_BY_FRONT_MATTER, "docs-adr.md", "its front matter"),
        (ADR, "docs-adr.md", "its file name"),
        (EMPTY_CARD_BUG, "bug.md", "its file name"),
        (PERF, "perf.md", "its file name"),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else v,
)
def test_the_template_is_chosen_by_lock_front_matter_then_name(
    card: Path, template: str, asked_by: str
) -> None:
    choice = choose(card)
    assert choice.asked_by == asked_by
    assert choice.path == (TEMPLATES / template).resolve()
    assert template_for(card).source == str((TEMPLATES / template).resolve())


def test_lock_file_wins_over_front_matter_and_name(tmp_path: Path) -> None:
    cards = copy_repo(tmp_path)
    card = cards / REGRESSION.name
    card.write_text("---\ntemplate: spike\ntype: chore\n---\n" + card.read_text("utf-8"), "utf-8")
    assert Path(template_for(card).source).name == "bug-regression.md"
    (cards / ".lock" / "r8v4nc.json").unlink()
    assert Path(template_for(card).source).name == "spike.md"


def test_front_matter_type_is_read_when_there_is_no_template_key(tmp_path: Path) -> None:
    cards = copy_repo(tmp_path)
    card = cards / "notes-on-the-board.md"  # not a gitban name: no type in it
    card.write_text("---\ntitle: Notes\ntype: 'spike'  # a quoted value and a comment\n---\n# N\n")
    choice = choose(card)
    assert (choice.name, choice.asked_by) == ("spike", "its front matter")
    # the caller's text is used instead of reading the card again
    assert choose(card, text="# N\n").name == ""


def test_a_lock_or_front_matter_names_a_template_never_a_path(tmp_path: Path) -> None:
    cards = copy_repo(tmp_path)
    (tmp_path / "repo" / "secret.md").write_text("## Secret\n")
    (cards / ".lock" / "r8v4nc.json").write_text('{"template_name": "../../secret"}')
    card = cards / REGRESSION.name
    card.write_text("---\ntemplate: /etc/passwd\n---\n" + card.read_text("utf-8"))
    # both are ignored; the name's type decides
    assert (choose(card).name, choose(card).asked_by) == ("bug", "its file name")


def test_override_wins_over_everything() -> None:
    chosen = template_for(REGRESSION, TEMPLATES / "spike.md")
    assert Path(chosen.source).name == "spike.md"


def test_a_card_with_no_type_gets_the_perf_template(tmp_path: Path) -> None:
    cards = copy_repo(tmp_path)
    card = cards / "PERF-12.md"  # today's perf cards: no gitban name, no front matter
    assert template_for(card).source == str((cards.parent / "templates" / "perf.md").resolve())
    (cards.parent / "templates" / "perf.md").unlink()
    outside = tmp_path / "elsewhere" / "PERF-12.md"
    outside.parent.mkdir()
    assert template_for(outside) is builtin_template()


def test_a_type_without_a_template_gets_none_and_says_so() -> None:
    template = template_for(REFACTOR)
    assert template.sections == ()
    assert template.missing == str((TEMPLATES / "refactor.md").resolve())
    findings = check(REFACTOR)
    assert [(f.severity, f.code) for f in findings] == [(Severity.INFO, "template-not-found")]
    assert "refactor.md" in findings[0].message and "not checked" in findings[0].message


def test_outside_a_gitban_repository_a_typed_card_keeps_the_perf_template(tmp_path: Path) -> None:
    """No .gitban/templates above the card: nothing to choose from, so the perf template, as
    before gitban's names were read, with an info naming the template the name asked for."""
    card = tmp_path / BUG.name
    shutil.copy(BUG, card)
    template = template_for(card)
    assert [s.key for s in template.sections] == [s.key for s in builtin_template().sections]
    assert template.missing.startswith(".gitban/templates/bug.md")
    found = [f for f in check(card) if f.code == "template-not-found"]
    assert len(found) == 1 and "built-in perf template" in found[0].message


def test_nearest_templates_folder_wins_and_a_variant_falls_back_within_it(tmp_path: Path) -> None:
    cards = copy_repo(tmp_path)
    inner = cards / "team-b"
    (inner / ".gitban" / "templates").mkdir(parents=True)
    (inner / ".gitban" / "templates" / "bug.md").write_text("## Only This\n\n**X**: [Y]\n")
    card = inner / "todo-P1-bug-something-abc123.md"
    # the outer folder has bug-regression.md, but the nearer folder's bug.md comes first
    card.write_text("---\ntemplate: bug-regression\n---\n# x\n")
    assert choose(card).path == (inner / ".gitban" / "templates" / "bug.md").resolve()


def test_a_template_that_cannot_be_read_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cards = copy_repo(tmp_path)
    (cards.parent / "templates" / "bug.md").write_bytes(b"\x00\xffnot text")
    card = cards / BUG.name
    before = card.read_bytes()
    assert main(["show", str(card)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bug.md: binary file" in err and "Traceback" not in err
    assert card.read_bytes() == before


# -- any template is a schema -----------------------------------------------------------------


# What each fixture card gives (its README's table, held to it): (severity, code) -> count.
EXPECTED = {
    "SPRINT7-in_progress-P0-bug-login-fails-after-session-expiry-k3m9qa-ALICE.md": {},
    "SPRINT7-todo-P1-bug-theme-resets-after-upgrade-r8v4nc.md": {("warning", "placeholder"): 1},
    "SPRINT7-backlog-P2-chore-bump-markdown-it-d3p5zz.md": {},
    "in_progress-P1-feature-stream-csv-export-f7t2pw-BOB.md": {
        ("warning", "prerequisite-unticked"): 1
    },
    "done-P1-feature-keyboard-shortcut-help-h2n8vb.md": {},
    "done-P2-chore-drop-python-3-10-support-c5x1mw.md": {("error", "done-unticked-box"): 1},
    "todo-P1-docs-adr-cache-summaries-on-disk-a7d1r0.md": {
        ("error", "required-placeholder"): 1,
        ("error", "placeholder"): 1,
        ("warning", "placeholder"): 2,
    },
    "todo-P2-docs-record-the-board-key-map-m4k8ds.md": {},
    "in_progress-P2-spike-tree-sitter-for-markdown-s9k2lx-CAROL.md": {},
    # the template as written: 105 placeholders (Resources' link definitions count since they
    # became blocks the form can reach), and its four `**[Optimization N]**` names
    "backlog-P1-perf-board-first-frame-for-10k-cards-p4f8m1.md": {
        ("warning", "placeholder"): 105,
        ("warning", "placeholder-name"): 4,
    },
    "todo-P2-refactor-split-the-gate-module-q1w2e3.md": {("info", "template-not-found"): 1},
    "todo-P1-bug-crash-on-empty-card-x7y7z7.md": {("error", "placeholder"): 1},
    "in_progress-P1-bug-crash-on-empty-card-x7y7z7.md": {},
    "done-P2-chore-remove-stale-screenshots-h6j5k4.md": {},
    "done-P0-bug-lost-keys-on-startup-b3v7qp.md": {},
    "EDITORV1-done-P1-feature-session-log-form-w9e2rt-BOB.md": {},
}


def test_every_fixture_card_is_listed() -> None:
    names = {p.name for p in CARDS.rglob("*.md")} - {"README.md", "SUMMARY.md"}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_cards_give_what_their_readme_says(name: str) -> None:
    path = next(CARDS.rglob(name))
    assert dict(codes(check(path))) == EXPECTED[name]


def test_a_bug_card_hears_nothing_of_perf_rules(tmp_path: Path) -> None:
    """Perf sections in a bug card are sections its template does not know: no metric, table,
    criteria or session rule reads them."""
    cards = copy_repo(tmp_path)
    card = cards / BUG.name
    card.write_text(
        card.read_text("utf-8")
        + "\n## Primary Metric\n\n- **Current Value**: 2s\n- **Target Value**: 3s\n"
        + "\n## Progress Notes\n\n**Session 2031-13-45 (ALICE):**\n\n- did things\n",
        "utf-8",
    )
    assert check(card) == []
    # against the perf template the same card has a bad target and a bad session date
    perf = codes(check(card, builtin_template()))
    assert perf[("error", "target-not-better")] == 1 and perf[("error", "session-date")] == 1


def test_choices_and_placeholders_come_from_the_template(tmp_path: Path) -> None:
    cards = copy_repo(tmp_path)
    card = cards / BUG.name
    text = card.read_text("utf-8").replace("**Severity**: Critical", "**Severity**: Urgent")
    card.write_text(text.replace("- **Version**: 3.4.0 (commit 9f2c1e7)", "- **Version**: [x]"))
    found = {f.code: f for f in check(card)}
    assert found["invalid-choice"].field == "Severity"
    assert "Critical / High / Medium / Low" in found["invalid-choice"].message
    assert (found["placeholder"].field, found["placeholder"].severity) == (
        "Version",
        Severity.WARNING,
    )


def test_a_required_placeholder_anywhere_is_an_error() -> None:
    """The template's own REQUIRED field keeps its code (`placeholder`); REQUIRED text left in
    a paragraph the template has no field for is the new `required-placeholder`."""
    found = [f for f in check(ADR) if f.severity is Severity.ERROR]
    assert [(f.code, f.section, f.line) for f in found] == [
        ("required-placeholder", "Context", 15),
        ("placeholder", "Decision", 31),
    ]
    assert "REQUIRED" in found[0].message


def test_optional_sections_may_stay_as_the_template_wrote_them() -> None:
    template = build_template(
        "## Must\n\n**A**: [a]\n\n## Extra (optional)\n\n**B**: [b]\n\n### Deeper\n\n"
        "**C**: [c]\n\n**D**: [Still needed - REQUIRED]\n",
        "test",
    )
    assert [s.optional for s in template.sections] == [False, True, True]
    card = parse_card(
        "# T\n\n## Must\n\n**A**: done\n\n## Extra\n\n**B**: [b]\n\n### Deeper\n\n**C**: [c]\n\n"
        "**D**: [Still needed - REQUIRED]\n"
    )
    found = validate(card, template, today=TODAY, stems=frozenset())
    # only the REQUIRED text is reported; without the optional section nothing is missing
    assert [(f.severity, f.code, f.field) for f in found] == [(Severity.ERROR, "placeholder", "D")]
    assert validate(parse_card("# T\n\n## Must\n\n**A**: x\n"), template, today=TODAY) == []


def test_headings_with_a_placeholder_match_any_heading_of_that_shape() -> None:
    template = template_for(ADR)
    option = template.match("Option 1: SQLite", "options-considered")
    assert option is not None and option.key == "options-considered/option-1-name"
    assert template.match("Option 2: One JSON file per card", "options-considered") is not None
    assert template.match("Option one", "options-considered") is None
    # a heading that is nothing but a placeholder would match anything: it matches itself only
    bare = build_template("## [Whatever]\n\ntext\n", "test")
    assert bare.match("Anything") is None and bare.match("[Whatever]") is not None


def test_checklist_progress_counts_what_the_template_requires() -> None:
    def progress(path: Path) -> tuple[int, int]:
        card = parse_card(read_card(path).text)
        s = summarize(card, template_for(path), path=path)
        return s.checklist.done, s.checklist.total

    # the done feature: optional items and sections and the free-form part are not counted
    assert progress(CARDS / "done-P1-feature-keyboard-shortcut-help-h2n8vb.md") == (8, 8)
    assert progress(CARDS / "done-P2-chore-drop-python-3-10-support-c5x1mw.md") == (2, 3)
    assert progress(BUG) == (2, 4)
    assert progress(REFACTOR) == (0, 2)  # no template: every box counts


def test_cli_reads_and_writes_a_card_through_its_own_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cards = copy_repo(tmp_path)
    card = cards / REGRESSION.name
    before = card.read_text("utf-8")
    assert main(["get", str(card), "regression-window/first-bad"]) == 0
    assert capsys.readouterr().out == "[Version or commit where it broke]\n"
    assert main(["set", str(card), "regression-window/first-bad", "3.3.0"]) == 0
    after = card.read_text("utf-8")
    assert after == before.replace(
        "**First Bad**: [Version or commit where it broke]", "**First Bad**: 3.3.0"
    )
    capsys.readouterr()
    assert main(["show", str(card), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert Path(shown["template"]).name == "bug-regression.md"
    # only the template's optional sections are missing from this card
    assert [s["title"] for s in shown["missing_sections"]] == [
        "Root Cause (optional)",
        "Additional Notes (optional)",
    ]
    assert all(s["optional"] for s in shown["missing_sections"])
