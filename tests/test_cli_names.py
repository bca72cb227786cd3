"""`fields`, `get` and `set` on names (the ``**Label**`` of a field or of a group, such as
``**[Optimization 1]**``), addressed as ``SECTION#name-N`` (DECISIONS 74), and the rule that
reports a name still the template's placeholder (``placeholder-name``).

A name is renamed through the gate the form's ``SET_LABEL`` uses (``gate.relabel``): only the
name's own bytes change, the paths of what it names and heads follow it, and anything else is
refused in one line with exit status 2 and nothing written. Run as tests/test_cli_blocks.py runs
the command line: one long-lived process calling ``perfcard_tui.cli:main(argv)`` per request."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_server import Cli, one_line_error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcard_tui.core import block_paths, edits, gate, label_paths
from perfcard_tui.core.edits import EditError
from perfcard_tui.core.model import Card
from perfcard_tui.core.parse import parse_card, section_labels
from perfcard_tui.core.sessions import parse_sessions
from perfcard_tui.core.status import Badge, section_statuses
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import build_template, builtin_template, new_card_text
from perfcard_tui.core.validate import validate

SAMPLES = Path(__file__).resolve().parents[1] / "sample_cards"
SPECIFIC = "optimization-approach/specific-optimizations"
PHASE_2 = "implementation/phase-2-optimization"
# the four names a new card leaves as the template's placeholders, and their lines
PLACEHOLDER_NAMES = {
    f"{SPECIFIC}#name-1": ("[Optimization 1]", 97),
    f"{SPECIFIC}#name-5": ("[Optimization 2]", 102),
    f"{PHASE_2}#name-1": ("[Optimization 1]", 137),
    f"{PHASE_2}#name-2": ("[Optimization 2]", 143),
}


def parsed(path: Path) -> Card:
    text = read_card(path)
    return parse_card(text.text, newline=text.newline, bom=text.bom)


def name_span(card: Card, address: str) -> tuple[int, int]:
    """Where a name's text is in the card's text."""
    ref = label_paths.resolve_name(card, address)
    span = edits.label_span(card, ref.key, ref.index)[1]
    return span.start, span.end


def only_span_changed(before: str, after: str, span: tuple[int, int]) -> bool:
    start, end = span
    return (
        after.startswith(before[:start])
        and after.endswith(before[end:])
        and len(after) >= start + len(before) - end
    )


def name_findings(cli: Cli, card: Path) -> list[tuple[int, str]]:
    report = json.loads(cli("check", card, "--format", "json", "--no-cache").stdout)
    return [
        (f["line"], f["severity"])
        for f in report["files"][0]["findings"]
        if f["code"] == "placeholder-name"
    ]


def new_card(cli: Cli, tmp_path: Path, name: str = "x.md") -> Path:
    card = tmp_path / name
    assert cli("new", card).returncode == 0
    return card


# -- fields and get ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["PERF-7.md", "new"])
def test_fields_lists_every_name_after_the_blocks_and_get_reads_it(
    cli: Cli, tmp_path: Path, name: str
) -> None:
    card = tmp_path / "card.md"
    if name == "new":
        card.write_text(new_card_text(builtin_template(), "New"), "utf-8")
    else:
        shutil.copy(SAMPLES / name, card)
    parsed_card = parsed(card)
    refs = list(label_paths.name_refs(parsed_card))
    entries = [entry.span for entry in parse_sessions(parsed_card)]
    # every label of the card outside the session entries, in order, numbered per section
    expected = []
    for i, section in enumerate(parsed_card.sections):
        start = parsed_card.offsets[i]
        kept = [
            label
            for label in section_labels(parsed_card, section.key)
            if not any(s.start <= start + label.span.start < s.end for s in entries)
        ]
        expected += [(f"{section.key}#name-{n}", a.text) for n, a in enumerate(kept, start=1)]
    assert [(r.address, r.text) for r in refs] == expected and refs

    lines = cli("fields", card).stdout.splitlines()
    blocks = list(block_paths.block_refs(parsed_card))
    names = lines[len(lines) - len(refs) :]
    assert [ln.split("\t", 1) for ln in names] == [[r.address, r.text] for r in refs]
    assert lines[len(lines) - len(refs) - len(blocks) - 1].split("\t")[0].count("#") == 0
    assert [ln.split("\t")[0] for ln in lines[-len(refs) - len(blocks) : -len(refs)]] == [
        b.address for b in blocks
    ]

    rows = json.loads(cli("fields", card, "--json").stdout)
    for row, ref in zip(rows[len(rows) - len(refs) :], refs, strict=True):
        assert row == {
            "path": ref.address,
            "label": "Name",
            "kind": "name",
            "value": ref.text,
            "line": ref.line,
            "checked": None,
            "section": ref.key,
            "editable": True,
        }
        label = section_labels(parsed_card, ref.key)[ref.index]
        i = parsed_card.section_index[ref.key]
        assert ref.line == parsed_card.line_offsets[i] + label.line + 1
        assert cli("get", card, row["path"]).stdout == ref.text + "\n"
    if name == "new":
        assert {
            r.address: (r.text, r.line) for r in refs if label_paths.is_placeholder_name(r.text)
        } == PLACEHOLDER_NAMES


def test_a_names_address_is_written_as_a_blocks_is(cli: Cli, tmp_path: Path) -> None:
    card = new_card(cli, tmp_path)
    for query in (
        f"{SPECIFIC}#name-1",
        "specific-optimizations#name-1",
        "Specific Optimizations#name-1",
        f"{SPECIFIC}#NAME-1",
        f" {SPECIFIC} #name-1 ",
    ):
        assert cli("get", card, query).stdout == "[Optimization 1]\n", query


# -- set ---------------------------------------------------------------------------------------


def test_a_name_is_renamed_alone_and_what_it_names_follows(cli: Cli, tmp_path: Path) -> None:
    card = tmp_path / "x.md"
    new = new_card_text(builtin_template(), "X").replace("\n", "\r\n")
    card.write_bytes(b"\xef\xbb\xbf" + new.encode("utf-8"))
    original = card.read_bytes()
    before = parsed(card)
    address = f"{SPECIFIC}#name-1"
    span = name_span(before, address)

    proc = cli("set", card, "-v", address, "Cache thumbnails")
    assert proc.returncode == 0, proc.stderr
    old, new_path = f"{SPECIFIC}/optimization-1", f"{SPECIFIC}/cache-thumbnails"
    assert proc.stdout.splitlines() == [
        f"{card}: {address} set",
        *(
            f"  {old}{tail} → {new_path}{tail}"
            for tail in ("", "/technique", "/expected-impact", "/risk")
        ),
    ]
    after = card.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    assert only_span_changed(before.text, parsed(card).text, span)
    assert parsed(card).text.replace("Cache thumbnails", "[Optimization 1]", 1) == before.text
    assert cli("get", card, address).stdout == "Cache thumbnails\n"
    assert cli("get", card, new_path).stdout == "[Description]\n"
    # every other name keeps its address and its text
    others = [(r.address, r.text) for r in label_paths.name_refs(before) if r.address != address]
    assert [
        (r.address, r.text) for r in label_paths.name_refs(parsed(card)) if r.address != address
    ] == others

    assert cli("set", card, address, "[Optimization 1]").returncode == 0
    assert card.read_bytes() == original
    mtime = card.stat().st_mtime_ns
    again = cli("set", card, "-v", address, "[Optimization 1]")
    assert again.stdout == f"{card}: {address} unchanged\n" and card.stat().st_mtime_ns == mtime


def test_a_group_name_renames_the_items_it_heads(cli: Cli, tmp_path: Path) -> None:
    card = new_card(cli, tmp_path)
    before = parsed(card)
    span = name_span(before, f"{PHASE_2}#name-2")
    assert cli("set", card, "phase-2-optimization#name-2", "Batch the queries").returncode == 0
    assert only_span_changed(before.text, parsed(card).text, span)
    paths = [f.path for f in parsed(card).section(PHASE_2).fields]
    items = ["implement-optimization", "measure-impact", "verify-correctness", "document-changes"]
    assert paths[4:] == [f"{PHASE_2}/batch-the-queries/{item}" for item in items]
    assert paths[:4] == [f.path for f in before.section(PHASE_2).fields][:4]


def test_refusals_are_one_line_and_write_nothing(cli: Cli, tmp_path: Path) -> None:
    card = new_card(cli, tmp_path)
    original = card.read_bytes()
    name = f"{SPECIFIC}#name-1"
    refused = {
        (name, "a**b"): "a '*' in a name would end its bold there",
        (name, "**"): "a '*' in a name",
        (name, "one\ntwo"): "a name is one line",
        (name, "one\r\ntwo"): "a name is one line",
        (name, "bell\x07"): "U+0007",
        (name, "escape \x1b[31m"): "U+001B (ESC)",
        (name, "\u202eevil"): "U+202E",
        (name, ""): "a name is never empty",
        (name, "   "): "a name is never empty",
        (name, "ends in \\"): "would escape the '*' after it",
        # Technique renamed Risk would rename the Risk below it to risk-2
        (f"{SPECIFIC}#name-2", "Risk"): "another field here has that name",
        ("nowhere#name-1", "x"): "no section 'nowhere'",
        ("#name-1", "x"): "names no section",
        # the example session entry's names are the entry's: `log` replaces it
        ("progress-notes#name-1", "x"): "has 0 name(s) outside its session entries",
    }
    for (address, value), why in refused.items():
        line = one_line_error(cli("set", card, address, "--", value))
        assert why in line, (address, value, line)
        assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
        assert card.read_bytes() == original, (address, value)
    # a number past the section's names: its names follow, one a line, as a block's do
    proc = cli("set", card, f"{SPECIFIC}#name-99", "x")
    first, *near = proc.stderr.splitlines()
    assert proc.returncode == 2 and f"section '{SPECIFIC}' has 8 name(s)" in first
    assert [n.strip() for n in near] == [f"{SPECIFIC}#name-{n}" for n in range(1, 9)]
    assert "--text renames items" in one_line_error(cli("set", card, name, "x", "--text", "y"))
    assert "give a VALUE" in one_line_error(cli("set", card, name))
    assert "no name" in cli("get", card, f"{SPECIFIC}#name-9").stderr
    assert card.read_bytes() == original


def test_a_query_naming_several_sections_lists_them(cli: Cli, tmp_path: Path) -> None:
    card = tmp_path / "c.md"
    card.write_text(
        "# T\n\n## A\n\n### Notes\n\n**X**: 1\n\n## B\n\n### Notes\n\n**Y**: 2\n", "utf-8"
    )
    proc = cli("get", card, "notes#name-1")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    first, *candidates = proc.stderr.splitlines()
    assert first == (
        f"perfcard-tui: {card}: name 'notes#name-1' is ambiguous: 2 sections match 'notes'; "
        "give more of the path"
    )
    assert [c.strip() for c in candidates] == ["a/notes#name-1", "b/notes#name-1"]
    assert cli("get", card, "b/notes#name-1").stdout == "Y\n"
    assert cli("set", card, "b/notes#name-1", "Z").returncode == 0
    assert card.read_text("utf-8").endswith("### Notes\n\n**Z**: 2\n")
    assert cli("get", card, "b/notes/z").stdout == "2\n"


# -- the rule ----------------------------------------------------------------------------------


def test_a_placeholder_name_is_a_warning_on_its_line_until_it_is_renamed(
    cli: Cli, tmp_path: Path
) -> None:
    card = new_card(cli, tmp_path)
    assert name_findings(cli, card) == sorted(
        (line, "warning") for _, line in PLACEHOLDER_NAMES.values()
    )
    report = json.loads(cli("check", card, "--format", "json", "--no-cache").stdout)
    findings = report["files"][0]["findings"]
    first = next(f for f in findings if f["code"] == "placeholder-name")
    assert first == {
        "severity": "warning",
        "code": "placeholder-name",
        "section": "Optimization Approach › Specific Optimizations",
        "section_key": SPECIFIC,
        "field": None,
        "field_path": "",
        "line": 97,
        "message": "a name is still the template's placeholder '[Optimization 1]'",
    }
    for n, address in enumerate(PLACEHOLDER_NAMES, start=1):
        assert cli("set", card, address, f"Step {n}").returncode == 0
        left = [line for _, line in PLACEHOLDER_NAMES.values()][n:]
        assert name_findings(cli, card) == [(line, "warning") for line in left]


def test_a_section_whose_names_are_placeholders_is_not_complete(tmp_path: Path) -> None:
    """The symptom of issue 9: Specific Optimizations showed ✔ while its names were still
    the template's."""
    template = builtin_template()
    card = parse_card(new_card_text(template, "X"))
    for field in card.section(SPECIFIC).fields:
        card = gate.set_value(card, field.path, "Something real")
    status = section_statuses(card, validate(card, template))[SPECIFIC]
    assert status.filled == status.total and status.badge is Badge.WARNING
    for ref in list(label_paths.section_names(card, SPECIFIC)):
        if label_paths.is_placeholder_name(ref.text):
            card = gate.set_label(card, SPECIFIC, ref.index, f"Optimization {ref.number}")
    status = section_statuses(card, validate(card, template))[SPECIFIC]
    assert status.badge is Badge.COMPLETE


def test_a_session_entrys_names_are_not_the_rules(cli: Cli, tmp_path: Path) -> None:
    """A name in a session entry is the entry's (the form leaves it to the session form): no
    address, no finding. The same name elsewhere is both."""
    card = new_card(cli, tmp_path)
    text = card.read_text("utf-8")
    text = text.replace("- [Optimization implemented]", "- **[Step 1]**: done", 1)
    text = text.replace("- [What could be better]", "- **[Step 2]**: better", 1)
    card.write_text(text, "utf-8")
    lines = text.splitlines()
    in_entry = lines.index("- **[Step 1]**: done") + 1
    outside = lines.index("- **[Step 2]**: better") + 1
    found = dict(name_findings(cli, card))
    assert outside in found and in_entry not in found
    rows = json.loads(cli("fields", card, "--json").stdout)
    names = {r["line"]: r["path"] for r in rows if r["kind"] == "name"}
    assert names[outside].startswith("root-cause/why-this-is-slow#name-")
    assert in_entry not in names


def test_an_optional_section_may_keep_the_templates_names() -> None:
    """As its placeholder values may: nothing but REQUIRED text is reported there."""
    text = (
        "# [Title]\n\n## Plan\n\n1. **[Step 1]**: [What]\n\n"
        "## Extras (optional)\n\n1. **[Extra 1]**: [What]\n"
    )
    template = build_template(text, "test")
    card = parse_card(text)
    refs = {r.text: r.line for r in label_paths.name_refs(card)}
    assert refs == {"[Step 1]": 5, "[Extra 1]": 9}
    found = [
        (f.line, f.section_key) for f in validate(card, template) if f.code == "placeholder-name"
    ]
    assert found == [(5, "plan")]


# -- property: a name takes any text, or refuses it in one line ---------------------------------


def _cases() -> list[tuple[str, bytes, str]]:
    new = new_card_text(builtin_template(), "Slow thumbnails")
    sources = {
        "new": new.encode("utf-8"),
        "new-crlf": new.replace("\n", "\r\n").encode("utf-8"),
        "PERF-7": (SAMPLES / "PERF-7.md").read_bytes(),
    }
    cases = []
    for name, data in sources.items():
        card = parse_card(data.decode("utf-8"))
        cases += [(name, data, r.address) for r in label_paths.name_refs(card)]
    return cases


CASES = _cases()
PIECES = st.sampled_from(
    ["a", "Z", " ", "\t", "\n", "\r\n", "-", "*", "**", "_", "__", "#", "[", "]", "[x]", "(", ")",
     ":", "**:", "`", "\\", "|", "<b>", "é", "✅", "\x1b", "\x7f", "\u202e", "Risk", "Technique",
     "[Optimization 2]", "1. ", "> "]
)  # fmt: skip


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("names") / "card.md"


def fields_unnamed(card: Card) -> list[tuple[object, ...]]:
    return [(f.kind, f.value, f.checked, f.row) for _, f in card.fields()]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(CASES), value=st.lists(PIECES, max_size=10).map("".join))
def test_set_on_a_name_changes_only_its_span_or_is_refused(
    cli: Cli, scratch: Path, case: tuple[str, bytes, str], value: str
) -> None:
    _, data, address = case
    scratch.write_bytes(data)
    card = parsed(scratch)
    ref = label_paths.resolve_name(card, address)
    proc = cli("set", scratch, address, "--", value)
    if proc.returncode != 0:
        one_line_error(proc)
        assert scratch.read_bytes() == data
        return
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    after = parsed(scratch)
    assert only_span_changed(card.text, after.text, name_span(card, address))
    try:
        admitted = gate.admit_label(card, ref.key, ref.index, value)
    except EditError:  # the backstop may refuse what the rules let through; `set` did not
        pytest.fail(f"set wrote {value!r}, which the gate refuses")
    assert cli("get", scratch, address).stdout == admitted + "\n"
    assert fields_unnamed(after) == fields_unnamed(card)
    assert [(r.address, r.text) for r in label_paths.name_refs(after) if r.address != address] == [
        (r.address, r.text) for r in label_paths.name_refs(card) if r.address != address
    ]
    assert [
        (r.address, block_paths.block_text(after, r)) for r in block_paths.block_refs(after)
    ] == [(r.address, block_paths.block_text(card, r)) for r in block_paths.block_refs(card)]
