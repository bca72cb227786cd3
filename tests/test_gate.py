"""core/gate.py: one gate for every write path (CLI `set`, `log`, `new --title`, the editor's
form edits). A value that would change the card's structure where one field was asked for, a
control character, or a metric that cannot be real is refused with one line; anything else is
written and reads back as written.

The bug reproductions first, through the real CLI entry (``perfcard_tui.cli.main``) on a tmp
copy; then the rules one by one; then hypothesis over every field of PERF-7.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcard_tui.cli import main
from perfcard_tui.core import gate
from perfcard_tui.core.edits import EditError
from perfcard_tui.core.form_edits import EditKind, FormEdit, apply
from perfcard_tui.core.metrics import describe_change, parse_quantity
from perfcard_tui.core.model import Card, FieldKind
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.sessions import SessionEntry, parse_sessions
from perfcard_tui.core.template import builtin_template
from perfcard_tui.core.validate import validate

SAMPLES = Path(__file__).resolve().parents[1] / "sample_cards"
PERF7_TEXT = (SAMPLES / "PERF-7.md").read_text("utf-8")
PERF7 = parse_card(PERF7_TEXT)
TEMPLATE = builtin_template()


@pytest.fixture
def card(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLES / "PERF-7.md", tmp_path / "PERF-7.md"))


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], *args: object) -> str:
    """The command failed the way every CLI error must: exit 2, one line, no traceback."""
    code, _, err = cli(capsys, *args)
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("perfcard-tui: "), err
    return lines[0]


def shape(card: Card) -> tuple[list[str], list[str]]:
    """Section keys and field paths, in order."""
    return [s.key for s in card.sections], [f.path for _, f in card.fields()]


# -- the bugs, as they were reported -----------------------------------------------------------


def test_set_cannot_add_a_second_target_value(capsys, card: Path) -> None:
    before = card.read_bytes()
    line = refused(capsys, "set", card, "current-value", "400ms\n- **Target Value**: 1ms")
    assert "Current Value: line 2" in line and "list item" in line
    assert card.read_bytes() == before
    assert cli(capsys, "get", card, "target-value")[1] == "180ms (p95)\n"


def test_set_cannot_add_a_section(capsys, card: Path) -> None:
    before = card.read_bytes()
    line = refused(capsys, "set", card, "performance-issue/summary", "Short.\n\n## Evil")
    assert "line 2 is blank" in line
    line = refused(capsys, "set", card, "performance-issue/summary", "Short.\n## Evil")
    assert "heading" in line
    assert card.read_bytes() == before


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("current-value", "420ms \x1b[2J", "U+001B (ESC)"),
        ("performance-issue/summary", "a\x07b", "U+0007 (BEL)"),
        ("estimated-effort", "3 days\x7f", "U+007F (DEL)"),
        ("estimated-effort", "3 days\x9b31m", "U+009B"),
        ("estimated-effort", "3 \u202edays", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("root-cause/profiling-data/code", "$ ls\n\x1b]0;pwned\x07\n", "U+001B (ESC)"),
    ],
)
def test_set_refuses_control_characters(
    capsys, card: Path, field: str, value: str, shown: str
) -> None:
    before = card.read_bytes()
    line = refused(capsys, "set", card, field, value)
    assert shown in line and "\x1b" not in line and "\u202e" not in line
    assert card.read_bytes() == before


@pytest.mark.parametrize(
    "option",
    ["--notes", "--completed", "--in-progress", "--issue", "--next", "--name", "--improvement"],
)
def test_log_refuses_control_characters(capsys, card: Path, option: str) -> None:
    before = card.read_bytes()
    args = ["log", card, "--name", "Dana", "--after", "200ms", option, "x \x1b[31m y"]
    assert "U+001B (ESC)" in refused(capsys, *args)
    assert card.read_bytes() == before


def test_check_reports_control_characters_already_in_a_card(capsys, card: Path) -> None:
    text = PERF7_TEXT.replace("**Estimated Effort**: 3-4 days", "**Estimated Effort**: 3\x1b[2J")
    card.write_text(text, "utf-8")
    code, out, _ = cli(capsys, "check", card)
    found = [ln for ln in out.splitlines() if "[control-character]" in ln]
    assert len(found) == 1 and found[0].startswith(f"{card}:9: warning[control-character] ")
    assert "U+001B (ESC)" in found[0] and "\x1b" not in out
    assert code == 0  # a warning: --strict fails on it
    assert cli(capsys, "check", "--strict", card)[0] == 1


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (("--after=-5ms",), "cannot be negative"),
        (("--before", "-3 GB", "--after", "2 GB"), "cannot be negative"),
        (("--after", "200ms", "--improvement", "bogus%"), "no improvement"),
        (("--after", "200ms", "--improvement", "fast"), "no improvement"),
        (("--after", "25000000000000000000000000ms"), "beyond"),
        (("--after", "200ms", "--improvement", "99999999999%"), "beyond"),
    ],
)
def test_log_refuses_impossible_metrics(
    capsys, card: Path, args: tuple[str, ...], why: str
) -> None:
    before = card.read_bytes()
    assert why in refused(capsys, "log", card, "--name", "Dana", *args)
    assert card.read_bytes() == before


def test_improvement_descriptions_stay_readable() -> None:
    assert describe_change("240ms", "999999999999 h") == (
        "over 1,000,000% more time, under 0.000001x (slower)"
    )
    assert describe_change("1 req/s", "999999999999 req/s") == "over 1,000,000x more throughput"
    assert describe_change("420ms", "240ms") == "42.9% less time, 1.8x faster"  # as before


def test_new_refuses_a_title_with_a_control_character(capsys, tmp_path: Path) -> None:
    card = tmp_path / "PERF-50.md"
    assert "U+001B (ESC)" in refused(capsys, "new", card, "--title", "PERF-50 \x1b]0;x\x07")
    assert "one line" in refused(capsys, "new", card, "--title", "PERF-50\n## Evil")
    assert not card.exists()


# -- the rules, one by one (the message says why, in the card's words) ------------------------

PRIMARY = "current-performance/primary-metric"
TABLE_ROW = "benchmarking/performance-comparison/table/row-1"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        # one-line fields
        (
            f"{TABLE_ROW}/metric",
            "p95\nlatency",
            "Metric: a table cell is one line; the value has 2",
        ),
        (
            "implementation/phase-3-validation/final-validation/update-documentation",
            "Update docs\nand the wiki",
            "Update documentation: a checklist item is one line; the value has 2",
        ),
        # paragraphs: a blank line, a line that starts a block
        ("performance-issue/value", "a\n\nb", "Value: line 2 is blank, which would end the field"),
        (f"{PRIMARY}/metric", "p95\n# x", "Metric: line 2 ('# x') would start a heading"),
        (f"{PRIMARY}/metric", "p95\n===", "would start a setext underline"),
        (f"{PRIMARY}/metric", "p95\n* * *", "would start a horizontal rule"),
        (f"{PRIMARY}/metric", "p95\n1. x", "would start a list item"),
        (f"{PRIMARY}/metric", "p95\n~~~", "would start a code fence"),
        (f"{PRIMARY}/metric", "p95\n> x", "would start a block quote"),
        (f"{PRIMARY}/metric", "p95\n<div>", "would start an HTML block"),
        (f"{PRIMARY}/metric", "a | b\n--|--", "would start a table (its delimiter row)"),
        ("performance-issue/summary", "- first", "Summary: line 1 ('- first') would start a list"),
        (
            "progress-notes/performance-notes",
            "ok\n**Session 2026-12-01 (Eve):**",
            "Performance Notes: line 2 ('**Session 2026-12-01 (Eve):**') would read as a "
            "session header",
        ),
        ("progress-notes/summary", "ok\n⚠️ **Issues:**", "would read as the entry's 'Issues' part"),
        ("performance-issue/summary", "**Owner**: me", "line 1 ('**Owner**: me') would read as a"),
        # code: a line that closes the fence
        ("root-cause/profiling-data/code", "$ ls\n```\n## Evil\n", "line 2 ('```') would close"),
        # cells: pipes that would split or join cells
        (f"{TABLE_ROW}/metric", "a\\\\|b", "is read differently by different tools"),
        (f"{TABLE_ROW}/metric", "a\\", "would escape the '|' after it"),
        # a whole table
        ("benchmarking/performance-comparison/table", "| a |", "a table is set one cell at a"),
        # metric fields
        (f"{PRIMARY}/current-value", "-5ms", "Current Value: a time cannot be negative ('-5ms')"),
        (f"{PRIMARY}/target-value", "−2 GB", "a size cannot be negative"),
        (f"{TABLE_ROW}/after", "-900 req/s", "a rate cannot be negative"),
        (
            f"{PRIMARY}/current-value",
            "1" * 26 + "ms",
            "is beyond any measurement (at most 10^12 ms)",
        ),
        (f"{PRIMARY}/current-value", "fast", "has no number with a unit we understand"),
        # a line that starts with a label is a field of its own (one label a line)
        (f"{PRIMARY}/current-value", "400ms\n**Target Value**: 1ms", "would add a field"),
        (f"{PRIMARY}/improvement-goal", "bogus%", "states no improvement: give a percentage"),
        (f"{TABLE_ROW}/improvement", "2000000%", "is beyond any improvement (at most 1,000,000%)"),
        (f"{TABLE_ROW}/improvement", "3000000x", "is beyond any improvement (at most 1,000,000x)"),
    ],
)
def test_each_rule_refuses_with_its_reason(path: str, value: str, message: str) -> None:
    with pytest.raises(gate.Refused, match=re.escape(message)):
        gate.set_value(PERF7, path, value)


@pytest.mark.parametrize(
    ("path", "value", "written"),
    [
        # a paragraph may run over several lines; what the parser would drop is dropped
        ("performance-issue/value", "one\ntwo\r\nthree\r", "one\ntwo\nthree"),
        (
            "performance-issue/summary",
            "\n  Short.\n   Still the summary.\n\n",
            "Short.\nStill the summary.",
        ),
        (f"{PRIMARY}/metric", "p95 ", "p95 "),  # trailing spaces belong to a value (decision 3)
        (f"{PRIMARY}/metric", "## not a heading: after the label", None),
        (f"{TABLE_ROW}/metric", "  a | b \\| c  ", "a \\| b \\| c"),
        (
            "root-cause/profiling-data/code",
            "$ ls\n## fine in code\n````x",
            "$ ls\n## fine in code\n````x\n",
        ),
        ("root-cause/profiling-data/code", "x", "x\n"),
        (f"{PRIMARY}/current-value", "[Measurement]", "[Measurement]"),  # the placeholder
        (f"{PRIMARY}/current-value", "999999999999 ns (p95)", None),
        (f"{PRIMARY}/improvement-goal", "-60% (2.5x)", None),
        ("performance-issue/estimated-effort", "3 days\t(ish)", None),  # a tab is text
    ],
)
def test_values_that_are_the_fields_alone_are_written(
    path: str, value: str, written: str | None
) -> None:
    expected = value if written is None else written
    assert gate.admit(PERF7, path, value) == expected
    after = gate.set_value(PERF7, path, value)
    assert after.field(path).value == expected
    assert shape(after) == shape(PERF7)


def test_the_backstop_refuses_what_the_rules_let_through() -> None:
    """A `**Label:**` whose text is on the next line: emptied, it would head what follows."""
    path = "progress-notes/performance-notes"
    with pytest.raises(gate.Refused, match="Performance Notes: an empty value would leave no"):
        gate.set_value(PERF7, path, "")
    with pytest.raises(gate.Refused, match="Summary: an empty value would leave no field here"):
        gate.set_value(PERF7, "performance-issue/summary", " \n")
    assert gate.set_value(PERF7, f"{PRIMARY}/metric", "").field(f"{PRIMARY}/metric").value == ""
    # and the check itself, on a splice made without the gate
    from perfcard_tui.core.edits import set_field

    summary = "performance-issue/summary"
    evil = set_field(PERF7, summary, "Short.\n\n## Evil")
    with pytest.raises(gate.Refused, match="would start a new section 'Evil'"):
        gate.keeps_structure(PERF7, evil, summary, "Short.\n\n## Evil")
    second = set_field(PERF7, f"{PRIMARY}/current-value", "400ms\n- **Target Value**: 1ms")
    with pytest.raises(gate.Refused, match="would add a field 'Target Value'"):
        gate.keeps_structure(PERF7, second, f"{PRIMARY}/current-value", "400ms")


# -- the editor's path: form edits ---------------------------------------------------------------


def _position(path: str) -> tuple[str, int]:
    section = PERF7.section_of(path)
    return section.key, [f.path for f in section.fields].index(path)


def test_form_edits_go_through_the_gate() -> None:
    key, index = _position(f"{PRIMARY}/current-value")
    typed = PERF7
    # typing a value a keystroke at a time: unfinished metrics are let through
    for value in ("4", "41", "410", "410m", "410ms"):
        typed = apply(typed, FormEdit(EditKind.SET_VALUE, key, index, value))
    assert typed.field(f"{PRIMARY}/current-value").value == "410ms"
    for value in ("-5ms", "410ms\x1b[2J", "1" * 13):
        with pytest.raises(EditError):
            apply(PERF7, FormEdit(EditKind.SET_VALUE, key, index, value))
    # an Improvement cell on its way to "42.9% less time"
    cell_key, table = _position("benchmarking/performance-comparison/table")
    for value in ("4", "42.", "42.9% less time"):
        apply(PERF7, FormEdit(EditKind.SET_CELL, cell_key, table, value, row=1, column=3))
    with pytest.raises(EditError, match="a table cell is one line"):
        apply(PERF7, FormEdit(EditKind.SET_CELL, cell_key, table, "a\nb", row=1, column=3))
    code_key, code = _position("root-cause/profiling-data/code")
    with pytest.raises(EditError, match="would close the code block"):
        apply(PERF7, FormEdit(EditKind.SET_CODE, code_key, code, "x\n```\n"))
    with pytest.raises(EditError, match="a backtick after ```"):
        apply(PERF7, FormEdit(EditKind.SET_LANGUAGE, code_key, code, "py`x"))
    item_key, item = _position("benchmarking/success-criteria/no-regression-in-other-metrics")
    with pytest.raises(EditError, match="U\\+0007"):
        apply(PERF7, FormEdit(EditKind.ADD_ITEM, item_key, item, "\x07"))
    with pytest.raises(EditError, match="U\\+202E"):
        apply(PERF7, FormEdit(EditKind.SET_BODY, "notes/resources", value="\u202eevil\n"))
    # raw mode (the section's markdown) is the person's to shape: only controls are refused
    raw = apply(
        PERF7, FormEdit(EditKind.SET_BODY, "notes/resources", value="\n- **New**: field\n\n")
    )
    assert raw.field("notes/resources/new").value == "field"


# -- log: a session entry ----------------------------------------------------------------------


def test_log_writes_a_multi_line_note_and_reads_it_back(capsys, card: Path) -> None:
    args = ["log", card, "--date", "2026-11-24", "--name", "Dana", "--after", "200ms (p95)"]
    code, _, err = cli(capsys, *args, "--notes", "  First line.\n  Second line.  \n\n")
    assert code == 0, err
    entry = parse_sessions(parse_card(card.read_text("utf-8")))[-1]
    assert entry.notes == "First line.\nSecond line."
    assert entry.metric("Improvement") == "16.7% less time, 1.2x faster"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--notes", "a\n\nb"), "Performance Notes: line 2 is blank"),
        (("--notes", "a\n## Evil"), "Performance Notes: line 2 ('## Evil') would start a heading"),
        (("--notes", "a\n---"), "would start a setext underline"),
        (("--notes", "✅ **Completed:** more"), "would read as the entry's 'Completed' part"),
        (("--completed", "[ ] sneaky"), "Completed: '[ ] sneaky' would become a checklist item"),
        (("--issue", "**Next Session:** x"), "would read as the entry's 'Next Session' part"),
        (("--next", "```"), "Session: the entry would change the card's fields"),
    ],
)
def test_log_refuses_values_that_would_change_the_entry(
    capsys, card: Path, args: tuple[str, ...], message: str
) -> None:
    before = card.read_bytes()
    line = refused(capsys, "log", card, "--name", "Dana", "--after", "200ms", *args)
    assert message in line
    assert card.read_bytes() == before


def test_admit_entry_keeps_what_the_card_gave() -> None:
    payload = "240ms \x1b[31m"
    entry = SessionEntry(date="2026-11-24", name="Dana", metrics=(("Before", payload),))
    with pytest.raises(gate.Refused, match="Before: holds U\\+001B"):
        gate.admit_entry(entry)
    assert gate.admit_entry(entry, from_card=("Before",)).metrics == (("Before", payload),)


# -- hypothesis: random text through `set`, for every field of PERF-7 ---------------------------

PIECES = st.sampled_from(
    [
        "x",
        "420ms",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "# ",
        "## ",
        "- ",
        "* ",
        "1. ",
        "2) ",
        "```",
        "~~~~",
        "> ",
        "<div>",
        "<!--",
        "---",
        "===",
        "***",
        "| a | b |",
        "|---|---|",
        "**Target Value**: ",
        "**Label:**",
        "**Session 2026-01-01 (X):**",
        "✅ **Completed:**",
        "[ ] ",
        "\\",
        "|",
        "\\|",
        "\x1b[2J",
        "\x00",
        "\x07",
        "\x0b",
        "\x7f",
        "\x9b",
        "\u202e",
        "\u2066",
        "-5ms",
        "99999999999999 ms",
        "57%",
        "2.3x",
        "bogus%",
        "é📊",
        "    ",
        "[Placeholder]",
    ]
)
VALUES = st.one_of(st.lists(PIECES, max_size=8).map("".join), st.text(max_size=16))
EVERY_FIELD = [f.path for _, f in PERF7.fields()]
PERF7_SHAPE = shape(PERF7)
# one of each kind, and the two fields of the reports, for the runs through the real CLI
CLI_FIELDS = [
    "performance-issue/summary",
    "performance-issue/value",
    f"{PRIMARY}/current-value",
    f"{TABLE_ROW}/improvement",
    "root-cause/profiling-data/code",
    "progress-notes/performance-notes",
]


def _squeeze(text: str) -> str:
    """A value's words: what the gate may not change (it drops spaces, breaks and escapes)."""
    return "".join(text.replace("\\|", "|").replace("\r", "").split())


def set_is_refused_or_local(card: Card, path: str, value: str, *, full: bool = False) -> None:
    """The property: refused with an EditError, or only this field changed, to what was
    admitted, which holds the value's words and no control character. ``full``: and a whole
    parse of the new text agrees (the gate judges the incremental one; test_edits proves the two
    equal, this re-checks it on hostile values)."""
    i, j = card.field_index[path]
    try:
        written = gate.admit(card, path, value)
        after = gate.set_value(card, path, value)
    except EditError as refusal:
        assert "\n" not in str(refusal)
        return
    sections, paths = PERF7_SHAPE if card is PERF7 else shape(card)
    assert [s.key for s in after.sections] == sections
    moved = after.sections[i].fields[j]
    after_paths = [f.path for _, f in after.fields()]
    assert len(after_paths) == len(paths)
    assert [p for p in after_paths if p != moved.path] == [p for p in paths if p != path]
    assert moved.value == written  # `get` of the field
    assert _squeeze(written) == _squeeze(value)
    assert "\x1b" not in written and "\u202e" not in written
    if full:
        whole = parse_card(after.text)
        assert shape(whole) == shape(after) and whole.field(moved.path).value == written


HOSTILE = [
    "400ms\n- **Target Value**: 1ms",
    "Short.\n\n## Evil",
    "a\n## Evil",
    "a\n---",
    "a\n```",
    "```\n## Evil",
    "a | b\n|---|---|",
    "x \x1b[2J",
    "x\u202ey",
    "-5ms",
    "1" * 26 + "ms",
    "**Session 2026-01-01 (X):**",
    "",
]


def test_every_field_of_perf7_takes_a_value_or_refuses_it() -> None:
    for path in EVERY_FIELD:
        for value in HOSTILE:
            set_is_refused_or_local(PERF7, path, value)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.sampled_from(EVERY_FIELD), VALUES)
def test_random_values_are_refused_or_set_alone(path: str, value: str) -> None:
    set_is_refused_or_local(PERF7, path, value, full=True)


@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(CLI_FIELDS), VALUES)
def test_random_values_through_the_real_cli(
    capsys, tmp_path_factory: pytest.TempPathFactory, path: str, value: str
) -> None:
    card = tmp_path_factory.mktemp("cli") / "PERF-7.md"
    card.write_text(PERF7_TEXT, "utf-8", newline="")
    code, _, err = cli(capsys, "set", card, path, value)
    if code != 0:
        assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err, err
        assert card.read_text("utf-8") == PERF7_TEXT
        return
    after = parse_card(card.read_text("utf-8"))
    assert shape(after) == shape(PERF7)
    written = gate.admit(PERF7, path, value)
    got = cli(capsys, "get", card, path)[1]
    assert got == (written if written.endswith("\n") else written + "\n")
    findings = validate(after, TEMPLATE, stems=frozenset())
    assert not [f for f in findings if f.code == "control-character"]


def test_the_sample_has_every_kind_of_field() -> None:
    kinds = {PERF7.field(p).kind for p in EVERY_FIELD}
    assert kinds == set(FieldKind)
    assert parse_quantity("-5ms") is not None and parse_quantity("-5ms").value == -0.005
