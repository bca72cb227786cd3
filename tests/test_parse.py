"""core/parse.py: any card parses, round-trips byte for byte, and its sections and fields sit
where the source says they do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from perfcard_tui.core.model import Card, FieldKind
from perfcard_tui.core.parse import PREAMBLE_KEY, TITLE_KEY, parse_card
from perfcard_tui.core.store import read_card, split_lines
from perfcard_tui.core.template import match_sections

CARDS = Path(__file__).resolve().parent / "cards"


def load(path: Path) -> Card:
    text = read_card(path)
    return parse_card(text.text, newline=text.newline, bom=text.bom)


# The hand-made fixtures each exercise one thing the issue lists; all of them must exist.
FIXTURES = {
    "bom.md",
    "bom-crlf-no-final-newline.md",
    "crlf.md",
    "cr-only.md",
    "lf.md",
    "mixed-newlines.md",
    "no-final-newline.md",
    "tabs.md",
    "trailing-spaces.md",
    "star-plus-bullets.md",
    "setext.md",
    "front-matter.md",
    "front-matter-crlf.md",
    "front-matter-cr.md",
    "headings-in-code-and-comments.md",
    "unknown-sections.md",
    "out-of-order.md",
    "only-h1.md",
    "empty.md",
}


def fixture(name: str) -> Path:
    return CARDS / name


# -- round trip -----------------------------------------------------------------------------------


def test_every_fixture_is_present(cards_dir: Path) -> None:
    assert {p.name for p in cards_dir.glob("*.md")} >= FIXTURES


def test_sample_cards_are_present(samples_dir: Path) -> None:
    names = {p.name for p in samples_dir.glob("*.md")}
    assert {"PERF-7.md", "PERF-9.md"} <= names


def test_shared_inputs_are_present(corpus_dir: Path) -> None:
    assert len(list(corpus_dir.glob("*.md"))) >= 4
    assert len(list((corpus_dir.parents[1] / "seed").glob("perf-template.*.md"))) == 2


def test_round_trip_is_byte_identical(card_path: Path) -> None:
    data = card_path.read_bytes()
    card = load(card_path)
    assert card.to_bytes() == data
    # the model's pieces cover the text exactly, with no gap and no overlap
    ends = [o + s.length for o, s in zip(card.offsets, card.sections, strict=True)]
    assert card.offsets[0] == 0
    assert list(card.offsets[1:]) == ends[:-1]
    assert ends[-1] == len(card.text)
    assert "".join(card.text[o:e] for o, e in zip(card.offsets, ends, strict=True)) == card.text


def test_field_spans_hold_their_values(card_path: Path) -> None:
    """Each field's span is where its value is written, and its line is the span's line."""
    card = load(card_path)
    lines = split_lines(card.text)
    for section, field in card.fields():
        start, end = card.span_of(field.path)
        raw = card.text[start:end]
        if field.kind in (FieldKind.TEXT, FieldKind.PROSE, FieldKind.CHECK, FieldKind.CELL):
            flat = re.sub(r"\r\n|\r", "\n", raw)
            if "\n" not in flat:
                assert raw == field.value, field.path
            else:
                assert [ln.strip() for ln in flat.split("\n")] == [
                    ln.strip() for ln in field.value.split("\n")
                ], field.path
            value_line = card.line_at(start)
            assert field.value.split("\n")[0].strip() in lines[value_line - 1], field.path
            # a field's line is its label's: the value's own line or, for a `**Label:**` whose
            # text starts on the next line, the one above it
            assert card.line_of(field.path) in (value_line, value_line - 1), field.path
        assert card.section_of(field.path) is section


def test_field_paths_are_unique(card_path: Path) -> None:
    card = load(card_path)
    paths = [f.path for _, f in card.fields()]
    assert len(paths) == len(set(paths))
    assert set(card.field_index) == set(paths)


def test_duplicate_column_headers_get_distinct_paths() -> None:
    card = parse_card(
        "## Results\n\n| Metric | p95 | p95 |\n|---|---|---|\n| api | 420ms | 240ms |\n"
    )
    paths = [f.path for _, f in card.fields()]
    assert len(paths) == len(set(paths))


def test_corpus_files_are_crlf_only(corpus_path: Path) -> None:
    """Guard against a checkout that normalised the corpus: it must stay CRLF, byte for byte."""
    data = corpus_path.read_bytes()
    assert data.count(b"\r\n") > 10
    assert data.count(b"\n") == data.count(b"\r\n")
    assert data.count(b"\r") == data.count(b"\r\n")


# -- newline styles, BOM, final newline -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "newline", "bom"),
    [
        ("lf.md", "\n", False),
        ("crlf.md", "\r\n", False),
        ("cr-only.md", "\r", False),
        ("bom.md", "\n", True),
        ("bom-crlf-no-final-newline.md", "\r\n", True),
        ("mixed-newlines.md", "\r\n", False),
    ],
)
def test_newline_style_and_bom(name: str, newline: str, bom: bool) -> None:
    card = load(fixture(name))
    assert card.newline == newline
    assert card.bom is bom
    assert not card.text.startswith("\ufeff")
    assert card.to_bytes() == fixture(name).read_bytes()


@pytest.mark.parametrize(
    "name", ["lf.md", "crlf.md", "cr-only.md", "bom.md", "bom-crlf-no-final-newline.md"]
)
def test_same_card_in_every_newline_style_parses_the_same(name: str) -> None:
    """Only the line endings differ, so keys, values and line numbers must not."""
    reference = load(fixture("lf.md"))
    card = load(fixture(name))
    assert [s.key for s in card.sections] == [s.key for s in reference.sections]
    assert card.title == "PERF-21: Slow search suggestions"
    assert card.line_offsets == reference.line_offsets
    assert [(f.path, f.value, card.line_of(f.path)) for _, f in card.fields()] == [
        (f.path, f.value, reference.line_of(f.path)) for _, f in reference.fields()
    ]
    assert card.field("current-performance/primary-metric/current-value").value == "900ms (p95)"
    assert card.line_of("current-performance/primary-metric/current-value") == 16
    assert card.field("implementation/capture-current-performance-metrics").checked is True
    assert card.field("implementation/implement-optimization").checked is False
    assert card.field("implementation/code").info == "python"
    assert card.field("implementation/table/row-1/after").value == "140ms"


def test_no_final_newline_keeps_the_last_value_whole() -> None:
    card = load(fixture("no-final-newline.md"))
    assert not card.text.endswith(("\n", "\r"))
    assert card.field("implementation/table/row-1/improvement").value == "84.4%"
    start, end = card.span_of("implementation/table/row-1/improvement")
    assert card.text[start:end] == "84.4%"
    assert card.text[end:] == " |"


def test_mixed_newlines_join_lines_as_markdown_does() -> None:
    """``\\r``, ``\\n`` and ``\\r\\n`` are all line breaks; a single break continues a paragraph."""
    card = load(fixture("mixed-newlines.md"))
    assert [s.title for s in card.sections if s.level] == [
        "PERF-22: Mixed endings",
        "Performance Issue",
    ]
    assert card.field("performance-issue/summary").value == "The export is slow."
    # "**Value**" and "**Estimated Effort**" are one paragraph (a single break), one label a line
    assert card.field("performance-issue/value").value == "faster exports"
    assert card.line_of("performance-issue/value") == 7
    assert card.field("performance-issue/estimated-effort").value == "1 day"
    assert card.line_of("performance-issue/estimated-effort") == 8


# -- one label a line ------------------------------------------------------------------------------

LABEL_LINES = (
    "# PERF-40: Label lines\n\n## Description\n\nThe dashboard is slow.\n\n"
    "**Type**: Bug (Performance)\n**Severity**: Medium\n**Impact**: Power users\n"
    "  with large datasets\n**Reported By:** 3 users\n\n## Details\n\n"
    "- **Owner**: Dana\n  **Due**: Friday\n  next week\n- **Risk**: low\n"
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_consecutive_label_lines_are_one_field_each(newline: str) -> None:
    """``**Type**:`` / ``**Severity**:`` lines with no blank line between them are one
    paragraph to markdown, but one field each; a following line that is no label line goes on
    with the field above it (lazy continuation), in prose and in list items alike."""
    card = parse_card(LABEL_LINES.replace("\n", newline))
    assert card.to_bytes().decode() == LABEL_LINES.replace("\n", newline)
    got = {
        f.path: (f.label, f.value, card.line_of(f.path), f.parent)
        for _, f in card.fields()
        if f.kind is FieldKind.TEXT
    }
    assert got == {
        "description/type": ("Type", "Bug (Performance)", 7, ""),
        "description/severity": ("Severity", "Medium", 8, ""),
        "description/impact": ("Impact", "Power users\nwith large datasets", 9, ""),
        "description/reported-by": ("Reported By", "3 users", 11, ""),
        "details/owner": ("Owner", "Dana", 15, ""),
        "details/due": ("Due", "Friday\nnext week", 16, ""),
        "details/risk": ("Risk", "low", 18, ""),
    }
    assert card.field("description/summary").value == "The dashboard is slow."
    for path in got:  # each span holds its own value and nothing of the next line
        start, end = card.span_of(path)
        flat = card.text[start:end].replace("\r\n", "\n")
        assert [ln.strip() for ln in flat.split("\n")] == card.field(path).value.split("\n")
    assert card.field("details/due").indent == "  "


def test_an_empty_label_line_before_another_is_its_own_empty_field() -> None:
    """``**Type**:`` with nothing after it does not take the next label line as its value."""
    card = parse_card("## Description\n\n**Type**:\n**Severity**: Low\n")
    assert card.field("description/type").value == ""
    assert card.field("description/severity").value == "Low"
    # a label line that introduces a block after the label lines still names it
    card = parse_card("## Notes\n\n**Type**: Bug\n**Query**:\n```sql\nSELECT 1;\n```\n")
    assert card.field("notes/type").value == "Bug"
    assert card.field("notes/query").kind is FieldKind.CODE


def test_set_one_of_consecutive_label_lines_changes_only_its_value() -> None:
    """``perfcard-tui set CARD severity Low``: the gate finds the field and writes its value."""
    from perfcard_tui.core.gate import set_value
    from perfcard_tui.core.paths import resolve_field

    text = LABEL_LINES.replace("\n", "\r\n")
    card = parse_card(text)
    path = resolve_field(card, "severity")
    assert path == "description/severity"
    after = set_value(card, path, "Low")
    assert after.text == text.replace("**Severity**: Medium", "**Severity**: Low")
    assert after.field("description/type").value == "Bug (Performance)"
    assert after.field("description/impact").value == "Power users\nwith large datasets"


# -- whitespace and list markers ------------------------------------------------------------------


def test_tabs_are_kept_in_values() -> None:
    card = load(fixture("tabs.md"))
    assert card.title == "PERF-23:\tTabs"
    metric = "current-performance/primary-metric"
    assert card.field(f"{metric}/metric").value == "p95 response time"
    assert card.field(f"{metric}/current-value").value == "420ms\t(p95)"
    # a tab-indented bullet under a tab-marked item is nested in it, as in CommonMark
    nested = card.field(f"{metric}/current-value/target-value")
    assert (nested.value, nested.parent) == ("180ms", "Current Value")
    # trailing whitespace is part of the value (it is in the file, and typing goes after it)
    assert card.field(f"{metric}/improvement-goal").value == "57% faster\t"
    assert card.field("implementation/measure-impact").checked is False
    assert card.field("implementation/verify-correctness").checked is True
    assert card.field("implementation/code").value == "\tindented\twith tabs\n"


def test_trailing_spaces_belong_to_values() -> None:
    # the span runs to the end of the line, so a value typed through a space never leaves a
    # stray one behind, and setting a value back restores its bytes
    card = load(fixture("trailing-spaces.md"))
    value = card.field("performance-issue/value")
    assert value.value == "lower cloud bill   "
    _, end = card.span_of("performance-issue/value")
    assert card.text[end : end + 1] == "\n"
    effort = card.field("performance-issue/estimated-effort")
    assert effort.value.endswith(" \t ")
    effort_end = card.span_of("performance-issue/estimated-effort").end
    assert card.text[effort_end : effort_end + 1] == "\n"
    # a hard line break (two spaces) inside a paragraph is part of the value
    summary = card.field("performance-issue/summary").value
    assert summary == "The cache misses on every request.  \nSecond line after a hard break.   "
    assert card.section("implementation").title == "Implementation"
    item = card.field("implementation/implement-optimization")
    assert (item.label, item.value) == ("Implement optimization", "Implement optimization   ")


def test_star_and_plus_bullets_hold_fields_and_checklists() -> None:
    card = load(fixture("star-plus-bullets.md"))
    metric = "current-performance/primary-metric"
    assert card.field(f"{metric}/metric").value == "throughput"
    assert card.field(f"{metric}/current-value").value == "800 req/s"
    assert card.field(f"{metric}/target-value").value == "1,200 req/s"
    assert card.field(f"{metric}/improvement-goal").value == "1.5x"
    checks = [(f.label, f.checked) for _, f in card.fields() if f.kind is FieldKind.CHECK]
    assert checks == [
        ("Implement optimization", False),
        ("Measure impact", True),
        ("Verify correctness", True),  # `[X]` counts as done
        ("Document changes", False),
    ]


# -- headings -------------------------------------------------------------------------------------


def test_setext_headings_are_sections() -> None:
    card = load(fixture("setext.md"))
    heads = [(s.key, s.title, s.level, s.setext) for s in card.sections if s.level]
    assert heads == [
        (TITLE_KEY, "PERF-26: Setext headings", 1, True),
        ("performance-issue", "Performance Issue", 2, True),
        ("current-performance", "Current Performance", 2, True),
    ]
    assert card.section_line("performance-issue") == 4
    assert card.field("performance-issue/summary").value == "The nightly job takes 3h."
    assert card.field("current-performance/current-value").value == "3h"


@pytest.mark.parametrize(
    "name",
    [
        "front-matter.md",
        "front-matter-crlf.md",
        "front-matter-cr.md",
    ],
)
def test_front_matter_lines_are_not_headings(name: str) -> None:
    card = load(fixture(name))
    preamble = card.sections[0]
    assert preamble.key == PREAMBLE_KEY
    assert card.text[: preamble.length].startswith("---")
    assert card.text[: preamble.length].rstrip("\r\n").endswith("---")
    assert card.sections[1].key == TITLE_KEY
    assert card.title.startswith(("PERF-27", "PERF-28", "PERF-33"))
    assert card.section_line(TITLE_KEY) == 5
    # the YAML keys are neither sections (a setext heading) nor fields
    assert [s.key for s in card.sections] == [PREAMBLE_KEY, TITLE_KEY, "performance-issue"]
    assert [f.path for _, f in card.fields() if f.path.startswith(PREAMBLE_KEY)] == []
    assert card.field("performance-issue/value").value in ("fewer abandoned logins", "x")


@pytest.mark.parametrize(
    "text",
    ["---\nstatus: done\n---\n", "---\nstatus: done\n---", "---\r\nstatus: done\r\n---\r\n"],
)
def test_a_card_that_is_only_front_matter_is_only_its_preamble(text: str) -> None:
    """Its last line is its front matter's: markdown-it must see blank lines there too, not the
    YAML (read as markdown, ``status: done`` over ``---`` was a setext heading)."""
    card = parse_card(text)
    assert [s.key for s in card.sections] == [PREAMBLE_KEY]
    assert list(card.pieces) == [text]


def test_headings_in_fences_and_comments_are_not_sections() -> None:
    card = load(fixture("headings-in-code-and-comments.md"))
    assert [s.title for s in card.sections if s.level] == [
        "PERF-29: Headings that are not sections",
        "Root Cause",
        "Progress Notes",
    ]
    codes = [f for _, f in card.fields() if f.kind is FieldKind.CODE]
    assert [(c.info, c.value) for c in codes] == [
        ("bash", "# not a section: a shell comment\n## nor this\n"),
        ("markdown", "## Fake Section In Tilde Fence\n"),
    ]
    # the commented-out `**Severity**: Urgent` is not a field either
    assert all(f.label != "Severity" for _, f in card.fields())
    assert card.field("root-cause/location").value == "`search/views.py:42`"
    assert card.line_of("root-cause/location") == 21


def test_template_extension_points_comment_holds_no_sections(seed_crlf) -> None:
    names = [s.title for s in seed_crlf.sections]
    for hidden in ("Scalability Analysis", "Cost Analysis", "Resource Profiling"):
        assert hidden not in names
    assert names[-1] == "Additional Notes (optional)"


def test_unknown_sections_are_kept_but_not_matched(template) -> None:
    card = load(fixture("unknown-sections.md"))
    assert [s.key for s in card.sections if s.level > 1] == [
        "performance-issue",
        "rollout-plan",
        "rollout-plan/canary",
        "notes",
        "notes/war-stories",
    ]
    assert card.field("rollout-plan/flag").value == "`GC_TUNING`"
    assert card.field("rollout-plan/canary/5-of-pods").checked is False
    matched = match_sections(card, template)
    assert set(matched) == {"performance-issue", "notes"}
    assert matched["notes"].key == "notes"


def test_sections_out_of_order_still_match(template) -> None:
    card = load(fixture("out-of-order.md"))
    assert [s.key for s in card.sections if s.level > 1] == [
        "progress-notes",
        "root-cause",
        "root-cause/investigation-findings",
        "performance-issue",
    ]
    matched = match_sections(card, template)
    assert {k: t.key for k, t in matched.items()} == {
        "progress-notes": "progress-notes",
        "root-cause": "root-cause",
        "root-cause/investigation-findings": "root-cause/investigation-findings",
        "performance-issue": "performance-issue",
    }
    assert card.field("root-cause/investigation-findings/hot-spot-1").value == "JSON parsing"
    assert card.line_of("performance-issue/value") == 20


def test_card_with_only_a_title() -> None:
    card = load(fixture("only-h1.md"))
    assert [(s.key, s.title) for s in card.sections] == [
        (PREAMBLE_KEY, ""),
        (TITLE_KEY, "PERF-32: Just a title"),
    ]
    assert card.title == "PERF-32: Just a title"
    assert list(card.fields()) == []


def test_empty_file() -> None:
    card = load(fixture("empty.md"))
    assert card.text == ""
    assert [s.key for s in card.sections] == [PREAMBLE_KEY]
    assert card.title == ""
    assert card.to_bytes() == b""
    assert card.newline == "\n"


def test_only_the_first_h1_is_the_title() -> None:
    card = parse_card("# PERF-1: Title\n\n## Performance Issue\n\ntext\n\n# Appendix\n\nmore\n")
    assert card.title == "PERF-1: Title"
    assert [(s.key, s.is_title) for s in card.sections if s.level] == [
        (TITLE_KEY, True),
        ("performance-issue", False),
        ("appendix", False),
    ]


def test_duplicate_section_titles_get_unique_keys() -> None:
    card = parse_card("## Notes\n\na\n\n## Notes\n\nb\n")
    assert [s.key for s in card.sections if s.level] == ["notes", "notes-2"]
    assert card.field("notes-2/summary").value == "b"


# -- the real cards -------------------------------------------------------------------------------


def test_perf7_fields(perf7) -> None:
    assert perf7.title == "PERF-7: p95 latency regression on GET /api/v2/orders"
    primary = "current-performance/primary-metric"
    assert perf7.field(f"{primary}/metric").value == "p95 response time"
    assert perf7.field(f"{primary}/current-value").value == "420ms (p95)"
    assert perf7.field(f"{primary}/target-value").value == "180ms (p95)"
    lines = split_lines(perf7.text)
    assert lines[perf7.line_of(f"{primary}/current-value") - 1].startswith(
        "- **Current Value**: 420ms"
    )
    impact = "current-performance/performance-impact"
    assert perf7.field(f"{impact}/user-impact/severity").value.startswith("High - ")
    assert perf7.field(f"{impact}/user-impact/severity").parent == "User Impact"
    assert perf7.field(f"{impact}/system-impact/scalability").value.startswith("Costs money")
    assert perf7.field("root-cause/profiling-data/code").value.startswith("$ python -m cProfile")
    before = perf7.field("optimization-approach/code-changes/before-slow")
    assert (before.kind, before.info) == (FieldKind.CODE, "python")
    table = perf7.field("benchmarking/performance-comparison/table")
    assert table.cells[0] == ("Metric", "Before", "After", "Improvement")
    assert table.cells[1] == ("p95 response time", "420ms", "240ms", "42.9% less time")


def test_template_card_spellings_parse_alike(seed_crlf, seed_mojibake) -> None:
    """Both seed spellings give the same sections and fields; only the emoji bytes differ."""
    assert seed_crlf.newline == "\r\n" and seed_mojibake.newline == "\n"
    assert not seed_crlf.mojibake and seed_mojibake.mojibake
    assert [s.key for s in seed_crlf.sections] == [s.key for s in seed_mojibake.sections]
    assert [(f.path, f.kind) for _, f in seed_crlf.fields()] == [
        (f.path, f.kind) for _, f in seed_mojibake.fields()
    ]
    prereq = [f.parent for _, f in seed_mojibake.fields() if "Root cause" in f.label]
    assert prereq and "\u201a\u00f6\u2020" in prereq[0]  # ‚ö† : the mojibake of ⚠


def test_corpus_cards_show_their_own_sections(corpus_dir: Path) -> None:
    card = load(corpus_dir / "perf-optimize-queries.md")
    assert card.title == "Optimize Database Queries for User Dashboard"
    tops = [s.title for s in card.sections if s.level == 2]
    assert tops[:3] == ["Description", "Performance Issues", "Optimization Plan"]
    assert tops[-1] == "Success Criteria"
    sub = [s.key for s in card.sections if s.level == 3]
    assert "performance-issues/current-metrics" in sub
    languages = {f.info for _, f in card.fields() if f.kind is FieldKind.CODE}
    assert {"sql", "typescript"} <= languages


def test_corpus_label_lines_are_one_field_each(corpus_dir: Path) -> None:
    """The real cards write ``**Type**:`` / ``**Severity**:`` one a line with no blank line
    between: each is its own field, with its own line."""
    card = load(corpus_dir / "bug-medium-performance.md")
    got = [(f.label, f.value, card.line_of(f.path)) for f in card.section("description").fields]
    assert got[1:] == [
        ("Type", "Bug (Performance)", 7),
        ("Severity", "Medium", 8),
        ("Impact", "Power users with large datasets", 9),
        ("Reported By", "3 users via support tickets", 10),
        ("Discovered", "2025-10-20", 11),
    ]
    card = load(corpus_dir / "perf-optimize-queries.md")
    assert [(f.label, f.value) for f in card.section("description").fields[1:]] == [
        ("Type", "Performance"),
        ("Impact", "High (affects all users)"),
        ("Estimated Time", "3 days"),
    ]


def test_corpus_fenced_python_comments_are_not_headings(corpus_dir: Path) -> None:
    path = next(corpus_dir.glob("SCALING-done-P0-*.md"))
    card = load(path)
    titles_ = [s.title for s in card.sections if s.level]
    assert "Build KD-tree from circle centers" not in titles_
    assert titles_[0] == "Implement Spatial Indexing for O(n log n) Deduplication"
    assert "Technical Approach" in titles_
    code = [f for _, f in card.fields() if f.kind is FieldKind.CODE and f.info == "python"]
    assert any("# Build KD-tree from circle centers" in f.value for f in code)


def test_read_card_matches_parse_of_decoded_text() -> None:
    path = fixture("bom-crlf-no-final-newline.md")
    text = read_card(path)
    card = parse_card(text.text, newline=text.newline, bom=text.bom)
    assert card.text == text.text
    assert text.to_bytes() == card.to_bytes() == path.read_bytes()
