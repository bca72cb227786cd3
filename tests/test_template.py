"""core/template.py: the template markdown is the schema, and the team's own template wins."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfcard_tui.core.model import FieldKind
from perfcard_tui.core.names import fix_mojibake, has_mojibake, normalise, slug, to_mojibake
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import (
    FieldSpec,
    Template,
    build_template,
    builtin_template,
    find_team_template,
    is_placeholder,
    match_sections,
    template_for,
)
from perfcard_tui.core.validate import validate

TODAY = date(2026, 11, 26)
TOP = [
    "performance-issue",
    "current-performance",
    "root-cause",
    "optimization-approach",
    "implementation",
    "benchmarking",
    "trade-offs",
    "prerequisites",
    "related-cards",
    "notes",
    "progress-notes",
    "additional-notes-optional",
]


def spec(template: Template, key: str, label: str, parent: str = "") -> FieldSpec:
    section = template.by_key(key)
    assert section is not None, key
    found = template.spec(section, label, parent)
    assert found is not None, (key, label)
    return found


# -- the section tree -----------------------------------------------------------------------------


def test_builtin_section_tree(template) -> None:
    assert template.source == "built-in"
    assert [s.key for s in template.sections if s.level == 2] == TOP
    assert len(template.sections) == 41
    primary = template.by_key("current-performance/primary-metric")
    assert primary is not None
    assert (primary.title, primary.level, primary.parent_key) == (
        "Primary Metric",
        3,
        "current-performance",
    )
    orders = [s.order for s in template.sections]
    assert orders == sorted(orders)
    assert template.by_key("no-such-section") is None


def test_extension_points_comment_holds_no_sections(template) -> None:
    titles = {s.title for s in template.sections}
    assert not titles & {"Scalability Analysis", "Cost Analysis", "Resource Profiling"}
    assert "Distributed Systems Performance" not in titles


def test_only_additional_notes_on_is_free_form(template) -> None:
    free = [s.key for s in template.sections if not s.validated]
    assert free == ["additional-notes-optional"]
    optional = [s.key for s in template.sections if s.optional]
    assert optional == ["additional-notes-optional"]


# -- field specs ----------------------------------------------------------------------------------


def test_severity_is_a_choice(template) -> None:
    severity = spec(template, "current-performance/performance-impact", "Severity", "User Impact")
    assert severity.choice is True
    assert severity.options == ("Critical", "High", "Medium", "Low")
    assert severity.kind is FieldKind.TEXT
    assert severity.placeholder == "[Critical / High / Medium / Low]"


def test_metric_is_a_suggestion(template) -> None:
    metric = spec(template, "current-performance/primary-metric", "Metric")
    assert metric.choice is False
    assert metric.options == ("Response time", "throughput", "memory usage")
    tool = spec(template, "benchmarking/benchmark-setup", "Tool")
    assert (tool.choice, tool.options) == (False, ("pytest-benchmark", "criterion", "JMH", "k6"))


def test_time_spent_is_plain_text(template) -> None:
    """`[X% of total / Y seconds]` is a format hint, not options."""
    time_spent = spec(template, "root-cause/investigation-findings", "Time Spent", "Hot Spot 1")
    assert (time_spent.choice, time_spent.options) == (False, ())
    assert time_spent.parent == "Hot Spot 1"
    goal = spec(template, "current-performance/primary-metric", "Improvement Goal")
    assert (goal.choice, goal.options) == (False, ())
    value = spec(template, "current-performance/primary-metric", "Current Value")
    assert (value.choice, value.options) == (False, ())


def test_other_choices(template) -> None:
    strategy = "optimization-approach/high-level-strategy"
    assert spec(template, strategy, "Complexity").options == ("Simple", "Medium", "Complex")
    assert spec(template, strategy, "Risk").choice is True
    assert spec(template, strategy, "Approach").choice is False  # ends in `/ etc.`
    assert spec(template, "root-cause/performance-bottleneck", "Type").choice is False


def test_only_the_issue_description_is_required(template) -> None:
    required = [(s.key, f.label) for s in template.sections for f in s.fields if f.required]
    assert required == [("performance-issue", "Summary")]
    summary = spec(template, "performance-issue", "Summary")
    assert summary.kind is FieldKind.PROSE
    assert "REQUIRED" in summary.placeholder


def test_other_field_kinds(template) -> None:
    code = spec(template, "optimization-approach/code-changes", "Before (slow)")
    assert code.kind is FieldKind.CODE
    assert spec(template, "benchmarking/performance-comparison", "Table").kind is FieldKind.TABLE
    criteria = template.by_key("benchmarking/success-criteria")
    assert criteria is not None
    assert [f.kind for f in criteria.fields] == [FieldKind.CHECK] * 4
    prereqs = template.by_key("prerequisites")
    assert prereqs is not None
    gate = [f for f in prereqs.fields if f.kind is FieldKind.CHECK]
    assert len(gate) == 4
    assert {normalise(f.parent) for f in gate} == {"do not start this card unless"}


def test_same_label_in_two_sections(template) -> None:
    complexity = spec(template, "trade-offs/code-complexity", "Mitigation")
    readability = spec(template, "trade-offs/readability", "Mitigation")
    assert complexity.placeholder == "[Documentation, comments, tests]"
    assert readability.placeholder == "[Comments explaining optimization]"


def test_both_seed_spellings_build_the_same_schema(seed_path: Path, template) -> None:
    seeded = build_template(read_card(seed_path).text, str(seed_path))
    assert seeded.source == str(seed_path)
    assert [s.key for s in seeded.sections] == [s.key for s in template.sections]

    def shape(t: Template) -> list[tuple[object, ...]]:
        return [
            (
                s.key,
                s.norm,
                s.validated,
                s.optional,
                *(
                    (
                        normalise(f.label),
                        normalise(f.parent),
                        f.kind,
                        f.options,
                        f.choice,
                        f.required,
                    )
                    for f in s.fields
                ),
            )
            for s in t.sections
        ]

    assert shape(seeded) == shape(template)


# -- matching -------------------------------------------------------------------------------------


def test_mojibake_card_matches_every_section(seed_mojibake, template) -> None:
    matched = match_sections(seed_mojibake, template)
    assert {t.key for t in matched.values()} == {s.key for s in template.sections}


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("additional notes", "additional-notes-optional"),
        ("ADDITIONAL NOTES (Optional)", "additional-notes-optional"),
        ("⚠️ Prerequisites", "prerequisites"),
        ("\u201a\u00f6\u2020\u00d4\u220f\u00e8 Prerequisites", "prerequisites"),  # mojibake ⚠️
        ("Trade-offs 🚀", "trade-offs"),
        ("  Root   Cause ", "root-cause"),
    ],
)
def test_titles_match_whatever_their_spelling(title: str, key: str, template) -> None:
    card = parse_card(f"# PERF-1\n\n## {title}\n\ntext\n")
    assert [t.key for t in match_sections(card, template).values()] == [key]


def test_subsection_prefers_its_own_parent(template) -> None:
    card = parse_card("## Related Cards\n\n### Related\n\n## Notes\n\n### Resources\n")
    assert {k: t.key for k, t in match_sections(card, template).items()} == {
        "related-cards": "related-cards",
        "related-cards/related": "related-cards/related",
        "notes": "notes",
        "notes/resources": "notes/resources",
    }


def test_unknown_titles_do_not_match(template) -> None:
    card = parse_card("## Rollout Plan\n\n## Performance Issues\n")
    assert match_sections(card, template) == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("[Card ID] - [Related performance work]", True),
        ("`[file:line]`: [Description]", True),
        ("[Critical / High / Medium / Low]", True),
        ("[Performance guide]: [Link]", True),
        ("[PERF-7](PERF-7.md) - orders", False),
        ("High - [see SLO doc]", False),
        ("420ms", False),
        ("", False),
    ],
)
def test_is_placeholder(value: str, expected: bool) -> None:
    assert is_placeholder(value) is expected


# -- names: how titles are compared, addressed and spelled ---------------------------------------


def test_mojibake_repair_is_exact(seed_crlf, seed_mojibake) -> None:
    """The seed is the gitban template with every emoji spelled as mojibake; repairing it gives
    the clean template back exactly, and spoiling the clean one gives the seed."""
    clean = seed_crlf.text.replace("\r\n", "\n")
    assert fix_mojibake(seed_mojibake.text) == clean
    assert to_mojibake(clean) == seed_mojibake.text
    assert has_mojibake(seed_mojibake.text) and not has_mojibake(clean)


@pytest.mark.parametrize("text", ["café µs → 420ms", "±5% at 20°C", "naïve “quotes” — dash"])
def test_real_text_is_not_mojibake(text: str) -> None:
    assert not has_mojibake(text)
    assert fix_mojibake(text) == text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Phase 1: Baseline & Setup", "phase-1-baseline--setup"),
        ("⚠️ Prerequisites", "prerequisites"),
        ("\u201a\u00f6\u2020\u00d4\u220f\u00e8 Prerequisites", "prerequisites"),
        ("Additional Notes (optional)", "additional-notes-optional"),
        ("High-Level Strategy", "high-level-strategy"),
        ("Eliminate N+1 queries", "eliminate-n1-queries"),
    ],
)
def test_slug(title: str, expected: str) -> None:
    assert slug(title) == expected


def test_normalise_ignores_case_emoji_punctuation_and_optional() -> None:
    assert normalise("⚠️ Issues:") == normalise("ISSUES") == "issues"
    assert normalise("Additional Notes (optional)") == "additional notes"
    assert normalise("\u201a\u00fa\u00d6 **Completed:**") == "completed"
    assert normalise("Root Cause") != normalise("Root Causes")


# -- which template a card uses -------------------------------------------------------------------

TEAM_TEMPLATE = """## Performance Issue

[Description - REQUIRED]

**Severity**: [P0 / P1 / P2]

## Rollout

**Flag**: [Feature flag name]
"""


def write_team_template(root: Path, text: str = TEAM_TEMPLATE) -> Path:
    path = root / ".gitban" / "templates" / "perf.md"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_find_team_template_walks_up(tmp_path: Path) -> None:
    team = write_team_template(tmp_path)
    card = tmp_path / "a" / "b" / "c" / "PERF-1.md"
    card.parent.mkdir(parents=True)
    card.write_text("# PERF-1\n")
    assert find_team_template(card) == team.resolve()
    # the card need not exist yet (`new`)
    assert find_team_template(tmp_path / "a" / "PERF-2.md") == team.resolve()


def test_nearest_team_template_wins(tmp_path: Path) -> None:
    write_team_template(tmp_path)
    inner = write_team_template(tmp_path / "project")
    card = tmp_path / "project" / "cards" / "PERF-1.md"
    card.parent.mkdir(parents=True)
    assert find_team_template(card) == inner.resolve()


def test_no_team_template(tmp_path: Path) -> None:
    card = tmp_path / "cards" / "PERF-1.md"
    card.parent.mkdir()
    # a stray folder of the same name that holds no perf.md does not count
    (tmp_path / ".gitban" / "templates").mkdir(parents=True)
    if any((p / ".gitban" / "templates" / "perf.md").is_file() for p in tmp_path.parents):
        pytest.skip("a .gitban template above the temp folder")
    assert find_team_template(card) is None
    assert template_for(card) is builtin_template()
    assert template_for(None) is builtin_template()


def test_template_for_prefers_override_then_team(tmp_path: Path) -> None:
    team = write_team_template(tmp_path)
    card = tmp_path / "PERF-1.md"
    used = template_for(card)
    assert used.source == str(team.resolve())
    assert [s.key for s in used.sections] == ["performance-issue", "rollout"]
    override = tmp_path / "other.md"
    override.write_text("## Only Section\n\n**Owner**: [Name]\n")
    chosen = template_for(card, override)
    assert chosen.source == str(override)
    assert [s.key for s in chosen.sections] == ["only-section"]


def test_template_is_reloaded_when_the_file_changes(tmp_path: Path) -> None:
    team = write_team_template(tmp_path)
    card = tmp_path / "PERF-1.md"
    assert [s.key for s in template_for(card).sections] == ["performance-issue", "rollout"]
    team.write_text(TEAM_TEMPLATE + "\n## Sign-off\n\n- [ ] Approved\n")
    stat = team.stat()
    os.utime(team, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert [s.key for s in template_for(card).sections] == [
        "performance-issue",
        "rollout",
        "sign-off",
    ]


def test_team_template_is_the_schema_for_validation(tmp_path: Path) -> None:
    write_team_template(tmp_path)
    card_path = tmp_path / "PERF-1.md"
    text = "# PERF-1\n\n## Performance Issue\n\nCheckout is slow.\n\n**Severity**: P1\n"
    card_path.write_text(text)
    card = parse_card(text)
    team = template_for(card_path)
    findings = validate(card, team, today=TODAY, stems=frozenset())
    assert [(f.code, f.section) for f in findings] == [("missing-section", "Rollout")]
    team_says_urgent = validate(
        parse_card(text.replace("P1", "Urgent")), team, today=TODAY, stems=frozenset()
    )
    assert [f.field for f in team_says_urgent if f.code == "invalid-choice"] == ["Severity"]
    assert "P0 / P1 / P2" in next(f.message for f in team_says_urgent if f.code == "invalid-choice")


@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                " ",
                "\n",
                "é",
                "😀",
                "📊",
                "—",
                "“",
                "…",
                "√",
                "‚",
                "‚úÖ",
                "üìä",
                "\uf8ffüìä",
                "‚ö†Ô∏è",
            ]
        ),
        max_size=30,
    ).map("".join)
    | st.text().map(to_mojibake)  # every lead byte's spelling, 0xC2's "¬" included
)
def test_property_has_mojibake_is_a_repaired_run_anywhere(text: str) -> None:
    """The quick look for a Mac Roman lead character never hides a run that is mojibake."""
    runs = set(re.findall(r"[^\x00-\x7f]+", text))
    assert has_mojibake(text) == any(fix_mojibake(run) != run for run in runs)


@given(st.text())
def test_property_normalise_keeps_letters_digits_and_spaces(text: str) -> None:
    """Its one-pass blanking is the definition: all but str.isalnum() and " " become spaces."""
    text = re.sub(r"\(\s*optional\s*\)", " ", fix_mojibake(text), flags=re.IGNORECASE)
    kept = "".join(ch if ch.isalnum() or ch == " " else " " for ch in text)
    assert normalise(text) == " ".join(kept.split()).lower()
