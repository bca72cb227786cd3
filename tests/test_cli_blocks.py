"""`fields`, `get` and `set` on blocks (a paragraph or list item that is no field), addressed as
``SECTION#item-N`` / ``SECTION#paragraph-N`` (DECISIONS 66), run as tests/test_cli.py runs the
command line: one long-lived process calling ``perfcard_tui.cli:main(argv)`` per request.

A block is written through the gate: only its own span changes, and a refusal is one line on
stderr with exit status 2 and nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_server import Cli, one_line_error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcard_tui.cli.common import check_box, escape
from perfcard_tui.core import block_paths, gate
from perfcard_tui.core.display import safe_text
from perfcard_tui.core.edits import EditError
from perfcard_tui.core.model import Card, FieldKind
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.sessions import parse_sessions
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template, is_placeholder, new_card_text

SAMPLES = Path(__file__).resolve().parents[1] / "sample_cards"


def parsed(path: Path) -> Card:
    text = read_card(path)
    return parse_card(text.text, newline=text.newline, bom=text.bom)


def block_span(card: Card, address: str) -> tuple[int, int]:
    """Where a block's text is in the card's text."""
    ref = block_paths.resolve_block(card, address)
    i = card.section_index[ref.key]
    span = card.sections[i].blocks[ref.index].span
    assert span is not None
    return span.start + card.offsets[i], span.end + card.offsets[i]


def only_span_changed(before: str, after: str, span: tuple[int, int]) -> bool:
    start, end = span
    return (
        after.startswith(before[:start])
        and after.endswith(before[end:])
        and len(after) >= start + len(before) - end
    )


def blocks_outside(card: Card, address: str) -> list[tuple[str, str]]:
    return [
        (ref.address, block_paths.block_text(card, ref))
        for ref in block_paths.block_refs(card)
        if ref.address != address
    ]


def fields_of(card: Card) -> list[tuple[str, str]]:
    return [(f.path, f.value) for _, f in card.fields()]


def block_placeholders(cli: Cli, card: Path) -> list[int]:
    """The lines `check` says still hold a placeholder in something that is no field."""
    report = json.loads(cli("check", card, "--format", "json").stdout)
    return [
        f["line"]
        for f in report["files"][0]["findings"]
        if f["code"] in ("placeholder", "required-placeholder") and not f["field_path"]
    ]


# -- set alone fills a new card's blocks ------------------------------------------------------


def test_set_alone_fills_every_placeholder_block_of_a_new_card(cli: Cli, tmp_path: Path) -> None:
    card = tmp_path / "x.md"
    assert cli("new", card).returncode == 0
    rows = json.loads(cli("fields", card, "--json").stdout)
    blocks = [r for r in rows if r["kind"] in ("item", "paragraph")]
    todo = [r for r in blocks if is_placeholder(r["value"])]
    assert len(todo) == 17 and all(r["editable"] for r in todo)
    assert {r["line"] for r in todo} <= set(block_placeholders(cli, card))

    for n, row in enumerate(todo, start=1):
        before = card.read_bytes().decode("utf-8")
        span = block_span(parsed(card), row["path"])
        value = f"Filled in {n}" if n % 2 else f"Filled in {n},\nover two lines"
        proc = cli("set", card, row["path"], value)
        assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", ""), row["path"]
        after = card.read_bytes().decode("utf-8")
        assert only_span_changed(before, after, span), row["path"]
        assert cli("get", card, row["path"]).stdout == value + "\n"

    # what is left is the template's example session entry: `log`'s, and the gate keeps `set`
    # off it; the first logged session replaces it
    entry = parse_sessions(parsed(card))[0]
    assert entry.is_placeholder
    entry_lines = range(entry.line, parsed(card).line_at(entry.span.end) + 1)
    left = block_placeholders(cli, card)
    assert left and all(line in entry_lines for line in left)
    logged = cli("log", card, "--date", "2026-01-02", "--name", "Dana", "--completed", "Cached")
    assert logged.returncode == 0, logged.stderr
    assert block_placeholders(cli, card) == []


# -- fields ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["PERF-7.md", "new"])
def test_fields_keeps_its_field_lines_and_lists_blocks_after_them(
    cli: Cli, tmp_path: Path, name: str
) -> None:
    card = tmp_path / "card.md"
    if name == "new":
        card.write_text(new_card_text(builtin_template(), "New"), "utf-8")
    else:
        shutil.copy(SAMPLES / name, card)
    parsed_card = parsed(card)
    # the lines `fields` printed before blocks had addresses, made the way it made them
    field_lines = [
        safe_text(f"{f.path}\t{escape(check_box(f) if f.kind is FieldKind.CHECK else f.value)}")
        for _, f in parsed_card.fields()
        if f.kind is not FieldKind.TABLE
    ]
    refs = list(block_paths.block_refs(parsed_card))
    assert refs
    lines = cli("fields", card).stdout.splitlines()
    assert lines[: len(field_lines)] == field_lines
    # the names (SECTION#name-N, tests/test_cli_names.py) come after the blocks
    blocks = lines[len(field_lines) : len(field_lines) + len(refs)]
    assert all("#name-" in ln.split("\t", 1)[0] for ln in lines[len(field_lines) + len(refs) :])
    assert [ln.split("\t", 1)[0] for ln in blocks] == [r.address for r in refs]
    assert all("#" in ln.split("\t", 1)[0] for ln in blocks)
    assert not any("#" in ln.split("\t", 1)[0] for ln in lines[: len(field_lines)])

    rows = json.loads(cli("fields", card, "--json").stdout)
    assert [r["path"] for r in rows] == [ln.split("\t", 1)[0] for ln in lines]
    old_keys = ["path", "label", "kind", "value", "line", "checked"]
    assert all(list(r) == old_keys for r in rows[: len(field_lines)])
    block_rows = rows[len(field_lines) : len(field_lines) + len(refs)]
    for row, ref in zip(block_rows, refs, strict=True):
        assert list(row) == [*old_keys, "section", "editable"]
        assert row["kind"] == ref.kind and row["label"] == ref.label
        assert (row["section"], row["checked"], row["editable"]) == (ref.key, None, True)
        assert row["value"] == block_paths.block_text(parsed_card, ref)
        assert row["line"] == block_paths.block_line(parsed_card, ref)
        assert cli("get", card, row["path"]).stdout == row["value"] + "\n"


# -- get and set -------------------------------------------------------------------------------


def test_a_block_is_set_by_its_address_and_set_back_gives_the_bytes(
    cli: Cli, tmp_path: Path
) -> None:
    card = tmp_path / "PERF-7.md"
    card.write_bytes(b"\xef\xbb\xbf" + (SAMPLES / "PERF-7.md").read_bytes().replace(b"\n", b"\r\n"))
    original = card.read_bytes()
    address = next(r.address for r in block_paths.block_refs(parsed(card)) if r.kind == "item")
    key, _, tail = address.partition("#")
    old = cli("get", card, address).stdout
    for query in (address, f"{key.rsplit('/', 1)[-1]}#{tail}", f"{key}#{tail.upper()}"):
        assert cli("get", card, query).stdout == old, query

    text = original.decode("utf-8-sig")
    span = block_span(parsed(card), address)
    proc = cli("set", card, "-v", address, "Two lines\nof new text")
    assert (proc.returncode, proc.stdout) == (0, f"{card}: {address} set\n"), proc.stderr
    after = card.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    assert only_span_changed(text, after.decode("utf-8-sig"), span)
    assert cli("get", card, address).stdout == "Two lines\nof new text\n"

    assert cli("set", card, address, old.removesuffix("\n")).returncode == 0
    assert card.read_bytes() == original
    mtime = card.stat().st_mtime_ns
    again = cli("set", card, "-v", address, old.removesuffix("\n"))
    assert again.stdout == f"{card}: {address} unchanged\n" and card.stat().st_mtime_ns == mtime


def test_a_field_query_is_answered_as_before(cli: Cli, tmp_path: Path) -> None:
    card = tmp_path / "c.md"
    card.write_text("# T\n\n## Hot Spots\n\n**Hot Spot #1**: the renderer\n\n- a block\n", "utf-8")
    assert cli("get", card, "Hot Spot #1").stdout == "the renderer\n"
    assert cli("get", card, "hot-spots#item-1").stdout == "a block\n"
    assert cli("set", card, "Hot Spot #1", "the encoder").returncode == 0
    assert cli("set", card, "hot-spots#item-1", "another block").returncode == 0
    assert card.read_text("utf-8") == (
        "# T\n\n## Hot Spots\n\n**Hot Spot #1**: the encoder\n\n- another block\n"
    )
    proc = cli("get", card, "Hot Spot #2")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    first, *near = proc.stderr.splitlines()
    assert "no field 'Hot Spot #2'" in first and "SECTION#item-N" in first
    assert [n.strip() for n in near] == ["hot-spots/hot-spot-1"]


def test_refusals_are_one_line_and_write_nothing(cli: Cli, tmp_path: Path) -> None:
    card = tmp_path / "x.md"
    assert cli("new", card).returncode == 0
    with card.open("a", encoding="utf-8") as f:
        f.write("\n## Quoted\n\n> a quote\n> on two lines\n")
    original = card.read_bytes()
    item = "root-cause/why-this-is-slow#item-2"
    paragraph = "related-cards/related#paragraph-1"
    refused = {
        (item, "## A heading"): "would start a heading",
        (paragraph, ""): "an empty value would leave no paragraph here",
        (paragraph, "   \n  "): "an empty value",
        (item, "[ ] a box"): "would make it a checklist item",
        (item, "one\n\ntwo"): "line 2 is blank",
        (item, "one\n- two"): "would start a list item",
        (item, "bell\x07"): "U+0007",
        (item, "escape \x1b[31m"): "U+001B (ESC)",
        (paragraph, "- a list"): "would start a list item",
        (paragraph, "```"): "would start",
        (paragraph, "**Label**: x"): "would read as a labelled field",
        ("quoted#paragraph-1", "x"): "cannot be set",
        ("progress-notes#item-1", "x"): "no block 'progress-notes#item-1'",
        ("nowhere#item-1", "x"): "no section 'nowhere'",
        ("#item-1", "x"): "names no section",
    }
    for (address, value), why in refused.items():
        line = one_line_error(cli("set", card, address, "--", value))
        assert why in line, (address, value, line)
        assert "\x1b" not in line and "\x07" not in line
        assert card.read_bytes() == original, (address, value)
    assert "--text renames items" in one_line_error(cli("set", card, item, "x", "--text", "y"))
    assert "give a VALUE" in one_line_error(cli("set", card, item))
    assert card.read_bytes() == original


def test_a_query_naming_several_blocks_lists_them(cli: Cli, tmp_path: Path) -> None:
    card = tmp_path / "c.md"
    card.write_text("# T\n\n## A\n\n### Notes\n\n- x\n\n## B\n\n### Notes\n\n- y\n", "utf-8")
    proc = cli("get", card, "notes#item-1")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    first, *candidates = proc.stderr.splitlines()
    assert first == (
        f"perfcard-tui: {card}: block 'notes#item-1' is ambiguous: 2 sections match 'notes'; "
        "give more of the path"
    )
    assert [c.strip() for c in candidates] == ["a/notes#item-1", "b/notes#item-1"]
    first, *candidates = cli("get", card, "b/notes#item-2").stderr.splitlines()
    assert "no block 'b/notes#item-2': section 'b/notes' has 1 item(s)" in first
    assert [c.strip() for c in candidates] == ["b/notes#item-1"]


# -- property: a block takes any text, or refuses it in one line --------------------------------


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
        cases += [(name, data, r.address) for r in block_paths.block_refs(card)]
    return cases


CASES = _cases()
PIECES = st.sampled_from(
    ["a", "Z", " ", "\t", "\n", "\r\n", "\r", "-", "- ", "* ", "1. ", "#", "# ", "```", "~~~",
     "> ", "[ ] ", "[x]", "**B**: ", "|", "<div>", "<!--", "\\", "é", "✅", "\x1b", "\x7f",
     "\u202e", "===", "---", "    ", "[TBD]", "`"]
)  # fmt: skip


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("blocks") / "card.md"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(CASES), value=st.lists(PIECES, max_size=14).map("".join))
def test_set_on_a_block_changes_only_its_span_or_is_refused(
    cli: Cli, scratch: Path, case: tuple[str, bytes, str], value: str
) -> None:
    _, data, address = case
    scratch.write_bytes(data)
    card = parsed(scratch)
    ref = block_paths.resolve_block(card, address)
    before = card.text
    proc = cli("set", scratch, address, "--", value)
    if proc.returncode != 0:
        one_line_error(proc)
        assert scratch.read_bytes() == data
        return
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    after = parsed(scratch)
    assert only_span_changed(before, after.text, block_span(card, address))
    try:
        admitted = gate.admit_block(card, ref.key, ref.index, value)
    except EditError:  # the backstop may refuse what the rules let through; `set` did not
        pytest.fail(f"set wrote {value!r}, which the gate refuses")
    assert cli("get", scratch, address).stdout == admitted + "\n"
    assert fields_of(after) == fields_of(card)
    assert blocks_outside(after, address) == blocks_outside(card, address)
    assert [r.address for r in block_paths.block_refs(after)] == [
        r.address for r in block_paths.block_refs(card)
    ]
