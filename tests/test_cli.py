"""The `perfcard-tui` command line, run outside the test process as a user or a hook runs it.

Every error path must be one line on stderr and exit 2, never a traceback; every write must change
only the bytes of what was edited. Cards are copied to tmp_path first, never edited in place.

Process-level behaviour (``python -m perfcard_tui``, the console script, ``--help``, tracebacks,
the lazy imports) is tested with one subprocess per call. The many command calls go to one
long-lived subprocess that calls ``perfcard_tui.cli:main(argv)`` (the console script's own
entry point) per request, with stdout and stderr captured per call: the same code path without
paying Python's start-up and imports 100 times, which keeps this file at a few seconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest
from cli_server import Cli, Result, one_line_error

from perfcard_tui import __version__
from perfcard_tui.cli import CliError, save
from perfcard_tui.core.names import to_mojibake
from perfcard_tui.core.parse import parse_card
from perfcard_tui.core.store import read_card
from perfcard_tui.core.template import builtin_template

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_cards"
CASES = Path(__file__).resolve().parent / "cli_cases"
SHARED = ROOT.parent / "shared"  # in CI, shared/ sits next to the repository
CORPUS = sorted((SHARED / "corpus" / "foreign").glob("*.md"))
needs_corpus = pytest.mark.skipif(not CORPUS, reason=f"no corpus at {SHARED / 'corpus'}")

COMMANDS = [
    "edit",
    "review",
    "new",
    "check",
    "fields",
    "get",
    "set",
    "show",
    "fix-encoding",
    "log",
    "bench",
]
FINDING_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): (?P<sev>error|warning|info)\[(?P<code>[\w-]+)\] "
)
SUMMARY_LINE = re.compile(r"^(\d+) files, (\d+) errors, (\d+) warnings, (\d+) infos$")
NO_EDITOR = """
import sys
sys.modules["perfcard_tui.app"] = None  # as if the editor were not installed
from perfcard_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""
# a finding's JSON keys, in order: one shape in `check --format json` and `show --json`
FINDING_KEYS = [
    "severity",
    "code",
    "section",
    "section_key",
    "field",
    "field_path",
    "line",
    "message",
]


def run(*args: object, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """One real `python -m perfcard_tui` process."""
    proc = subprocess.run(
        [sys.executable, "-m", "perfcard_tui", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def run_script(script: str, *args: object) -> Result:
    proc = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    """A folder with copies of the sample cards."""
    folder = tmp_path / "cards"
    folder.mkdir()
    for card in SAMPLES.glob("*.md"):
        shutil.copy(card, folder / card.name)
    return folder


def crlf_copy(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    return dst


def only_crlf(data: bytes) -> bool:
    return b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def insertion(old: bytes, new: bytes) -> bytes:
    """What was inserted into ``old`` to give ``new``; fails if anything else changed."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    assert prefix + suffix == len(old), "bytes outside the inserted entry changed"
    return new[prefix : len(new) - suffix]


# -- program basics ---------------------------------------------------------------------------


def test_version_and_help_on_every_command(cli: Cli) -> None:
    # the program itself once; each command through the same main() in the tests' CLI process
    # (a process each took 9 s of the suite)
    assert run("--version").stdout.strip() == f"perfcard-tui {__version__}"
    top = run("--help")
    assert top.returncode == 0 and "usage: perfcard-tui" in top.stdout
    for command in COMMANDS:
        helped = cli(command, "--help")
        assert helped.returncode == 0, helped.stderr
        assert f"usage: perfcard-tui {command}" in helped.stdout
        assert cli(command, "--version").stdout.strip() == f"perfcard-tui {__version__}"


def test_usage_errors_are_one_line() -> None:
    one_line_error(run())
    one_line_error(run("check"))
    one_line_error(run("check", "x.md", "--format", "xml"))
    one_line_error(run("get", "x.md"))


def test_console_script_and_no_textual_at_startup(cards: Path) -> None:
    script = Path(sys.executable).parent / "perfcard-tui"
    if script.exists():
        assert subprocess.run([script, "--version"], capture_output=True).returncode == 0
    probe = run_script(
        "import sys\n"
        "from perfcard_tui.cli import main\n"
        "main(sys.argv[1:])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'pyperclip'}))",
        "check",
        cards / "PERF-7.md",
    )
    assert probe.stdout.splitlines()[-1] == "[]", probe.stdout + probe.stderr


# -- errors: missing, directory, not UTF-8, binary ----------------------------------------------


@pytest.fixture
def bad_paths(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "folder.md").mkdir()
    (tmp_path / "latin1.md").write_bytes("# Caf\xe9\n\n**Metric**: 3 ms\n".encode("latin-1"))
    (tmp_path / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return {
        "missing": tmp_path / "missing.md",
        "directory": tmp_path / "folder.md",
        "not UTF-8": tmp_path / "latin1.md",
        "binary": tmp_path / "binary.md",
    }


EXPECTED_WHY = {
    "missing": "no such file",
    "directory": "is a directory",
    "not UTF-8": "not UTF-8",
    "binary": "binary file",
}


@pytest.mark.parametrize("kind", list(EXPECTED_WHY))
def test_unreadable_card_is_one_line_error(cli: Cli, kind: str, bad_paths: dict[str, Path]) -> None:
    path = bad_paths[kind]
    before = path.read_bytes() if path.is_file() else None
    for args in (
        ("fields", path),
        ("set", path, "metric", "5 ms"),
        ("log", path, "--after", "3ms"),
        ("show", path, "--json"),
    ):
        line = one_line_error(cli(*args))
        assert str(path) in line and EXPECTED_WHY[kind] in line, line
    if before is not None:
        assert path.read_bytes() == before
    # a missing path is a new card for the editor, a folder opens its board (test_cli_board)
    if kind not in ("missing", "directory"):
        one_line_error(cli(path, editor=True))
    one_line_error(cli("--review", path, editor=True))
    # and once as a real process: nothing on the way out of Python adds a traceback
    line = one_line_error(run("fields", path))
    assert EXPECTED_WHY[kind] in line


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    proc = run("--debug", "get", tmp_path / "missing.md", "x")
    assert proc.returncode == 2 and "Traceback" in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("perfcard-tui: ")


# -- edit / review ------------------------------------------------------------------------------


def test_editor_launch_forms(cli: Cli, cards: Path) -> None:
    card = cards / "PERF-7.md"

    def launched(*args: object) -> dict[str, object]:
        proc = cli(*args, editor=True)
        assert proc.returncode == 0, proc.stderr
        launch: dict[str, object] = json.loads(proc.stdout)
        return launch

    read = hashlib.sha256(card.read_bytes()).hexdigest()
    plain = {"path": str(card), "template": None, "goto": None, "review": False, "read": read}
    assert launched(card) == plain
    assert launched("edit", card) == plain
    assert launched("--review", card) == {**plain, "review": True}
    assert launched("review", card) == {**plain, "review": True}
    # resolved by the editor once it has parsed the card (the CLI does not parse it)
    assert launched("edit", card, "--goto", "current-value")["goto"] == "current-value"
    new = cards / "PERF-40.md"
    assert launched("edit", new) == {**plain, "path": str(new), "read": None}  # a new card
    assert not new.exists()
    one_line_error(cli("edit", card, "--template", cards / "nope.md", editor=True))
    one_line_error(cli("edit", cards / "no-folder" / "x.md", editor=True))


def test_editor_not_installed_is_one_line(cards: Path) -> None:
    assert "editor is not available" in one_line_error(run_script(NO_EDITOR, cards / "PERF-7.md"))


@pytest.mark.skipif(
    find_spec("perfcard_tui.core.report") is None,
    reason="perfcard_tui/core/report.py (render_report) is not written yet",
)
def test_review_report_prints_markdown(cli: Cli, cards: Path) -> None:
    card = cards / "PERF-7.md"
    before = card.read_bytes()
    mtime = card.stat().st_mtime_ns
    proc = cli("review", card, "--report")
    assert proc.returncode == 0, proc.stderr
    assert "PERF-7" in proc.stdout and proc.stdout.lstrip().startswith("#")
    assert cli("--review", "--report", card).stdout == proc.stdout
    assert card.read_bytes() == before and card.stat().st_mtime_ns == mtime


# -- new ---------------------------------------------------------------------------------------


def test_new_card_from_the_builtin_template(cli: Cli, cards: Path) -> None:
    card = cards / "PERF-12.md"
    assert cli("new", card).returncode == 0
    assert card.read_text("utf-8") == "# PERF-12\n" + builtin_template().text
    assert card.read_text("utf-8").startswith("# PERF-12\n\n## Performance Issue\n")

    card.write_text("mine\n")
    line = one_line_error(cli("new", card))
    assert "already exists" in line and "--force" in line
    assert card.read_text() == "mine\n"

    assert cli("new", card, "--force", "--title", "PERF-12: Slow search").returncode == 0
    assert card.read_text("utf-8").startswith("# PERF-12: Slow search\n\n## Performance Issue")
    # a fresh card: the REQUIRED description is still a placeholder, so check fails
    assert cli("check", card).returncode == 1

    assert "does not exist" in one_line_error(cli("new", cards / "nowhere" / "PERF-13.md"))
    one_line_error(cli("new", cards, "--force"))  # a folder stays a folder
    one_line_error(cli("new", cards / "PERF-14.md", "--template", cards / "missing.md"))
    assert not (cards / "PERF-14.md").exists()


def test_team_template_drives_new_and_check(cli: Cli, tmp_path: Path) -> None:
    team = tmp_path / ".gitban" / "templates"
    team.mkdir(parents=True)
    shutil.copy(CASES / "team-template.md", team / "perf.md")
    cards = tmp_path / "cards"
    cards.mkdir()
    card = cards / "PERF-20.md"
    assert cli("new", card).returncode == 0
    text = card.read_text("utf-8")
    assert text.startswith("# PERF-20\n\n## Performance Issue\n")  # its own H1 replaced
    assert text.count("# PERF-20") == 1 and "[Card Title]" not in text

    assert cli("set", card, "performance-issue/summary", "Search p95 is 2.1s").returncode == 0
    assert cli("set", card, "owner", "Search team").returncode == 0
    assert cli("set", card, "severity", "High").returncode == 0
    # judged by the team's template: no built-in sections are missing; the template
    # itself (under a hidden folder) is not checked as a card
    proc = cli("check", tmp_path, "--format", "json")
    report = json.loads(proc.stdout)
    assert [f["path"] for f in report["files"]] == [str(card)]
    codes = {f["code"] for f in report["files"][0]["findings"]}
    assert "missing-section" not in codes and proc.returncode == 0, proc.stdout


# -- check -------------------------------------------------------------------------------------


def test_check_exit_codes_and_text_format(cli: Cli, cards: Path) -> None:
    good = cli("check", cards / "PERF-7.md")
    assert good.returncode == 0, good.stdout
    assert good.stdout.splitlines() == ["1 files, 0 errors, 0 warnings, 0 infos"]

    fresh = cli("check", cards / "PERF-9.md")
    assert fresh.returncode == 1
    *lines, summary = fresh.stdout.splitlines()
    counts = SUMMARY_LINE.match(summary)
    assert counts and counts.group(1) == "1" and int(counts.group(2)) >= 1
    for line in lines:
        m = FINDING_LINE.match(line)
        assert m and m.group("path") == str(cards / "PERF-9.md"), line
    assert any(
        "error[placeholder] Performance Issue › Summary: still the template's placeholder" in ln
        for ln in lines
    )
    assert len(lines) == sum(int(counts.group(i)) for i in (2, 3, 4))

    # a warning alone passes, unless --strict
    card = cards / "PERF-7.md"
    assert cli("set", card, "severity", "Urgent").returncode == 0
    warned = cli("check", card)
    assert warned.returncode == 0 and "warning[invalid-choice]" in warned.stdout
    assert cli("check", "--strict", card).returncode == 1


def test_check_json_shape(cli: Cli, cards: Path) -> None:
    proc = cli("check", cards, "--format", "json")
    assert proc.returncode == 1  # PERF-9 is a fresh card
    report = json.loads(proc.stdout)
    assert set(report) == {"files", "summary"}
    assert set(report["summary"]) == {"files", "errors", "warnings", "infos"}
    paths = [f["path"] for f in report["files"]]
    assert paths == sorted(paths) and len(paths) == len(list(cards.glob("*.md")))
    total = {"error": 0, "warning": 0, "info": 0}
    for entry in report["files"]:
        assert set(entry) == {"path", "findings"}
        for finding in entry["findings"]:
            assert list(finding) == FINDING_KEYS
            assert isinstance(finding["line"], int) and finding["line"] >= 1
            total[finding["severity"]] += 1
    assert report["summary"] == {
        "files": len(paths),
        "errors": total["error"],
        "warnings": total["warning"],
        "infos": total["info"],
    }


def test_check_keeps_going_past_unreadable_files(cli: Cli, cards: Path) -> None:
    (cards / "broken.md").write_bytes(b"# Caf\xe9\n")
    (cards / "sub").mkdir()
    shutil.copy(cards / "PERF-7.md", cards / "sub" / "PERF-7.md")
    proc = cli("check", cards, cards / "gone.md")
    assert proc.returncode == 2
    errors = proc.stderr.splitlines()
    assert len(errors) == 2 and "Traceback" not in proc.stderr
    assert errors[0].startswith(f"{cards / 'broken.md'}: not UTF-8")
    assert errors[1].startswith(f"{cards / 'gone.md'}: no such file")
    matches = [FINDING_LINE.match(ln) for ln in proc.stdout.splitlines()[:-1]]
    checked = {m.group("path") for m in matches if m}
    assert str(cards / "PERF-9.md") in checked  # the others were still checked
    assert proc.stdout.splitlines()[-1].startswith("4 files, ")  # 3 cards + sub/PERF-7.md


def test_check_broken_links_use_the_cards_folder(cli: Cli, cards: Path, tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(cards / "PERF-7.md", alone / "PERF-7.md")
    proc = cli("check", alone / "PERF-7.md", cards / "PERF-7.md")
    broken = [ln for ln in proc.stdout.splitlines() if "warning[broken-link]" in ln]
    assert broken and all(ln.startswith(str(alone)) for ln in broken)
    assert proc.returncode == 0  # warnings only


def test_check_many_files_in_parallel_matches_serial(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(60):  # over the parallel threshold
        source = SAMPLES / ("PERF-7.md" if n % 2 else "PERF-9.md")
        shutil.copy(source, folder / f"PERF-{100 + n}.md")
    (folder / "PERF-200.md").write_bytes(b"\x00binary")
    many = cli("check", folder, "--format", "json")
    assert many.returncode == 2
    assert many.stderr.count("\n") == 1 and "PERF-200.md: binary file" in many.stderr
    report = json.loads(many.stdout)
    paths = [f["path"] for f in report["files"]]
    assert paths == sorted(paths) and len(paths) == 60
    few = json.loads(cli("check", *paths[:2], "--format", "json").stdout)
    assert few["files"] == report["files"][:2]


@needs_corpus
def test_check_and_show_foreign_cards(cli: Cli, tmp_path: Path) -> None:
    copies = [Path(shutil.copy(card, tmp_path / card.name)) for card in CORPUS]
    proc = cli("check", tmp_path, "--format", "json")
    assert proc.returncode == 1 and not proc.stderr
    report = json.loads(proc.stdout)
    assert len(report["files"]) == len(copies)
    for entry in report["files"]:
        assert "missing-section" in {f["code"] for f in entry["findings"]}
    for card in copies:
        shown = cli("show", card, "--json")
        assert shown.returncode == 0, shown.stderr
        data = json.loads(shown.stdout)
        assert data["newline"] == "crlf" and data["missing_sections"]
        listed = cli("fields", card)
        assert listed.returncode == 0
        assert all("\t" in ln for ln in listed.stdout.splitlines())


# -- fields / get / set -----------------------------------------------------------------------


def test_fields_lists_every_path_once(cli: Cli, cards: Path) -> None:
    card = cards / "PERF-7.md"
    proc = cli("fields", card)
    assert proc.returncode == 0
    rows = [ln.split("\t", 1) for ln in proc.stdout.splitlines()]
    values = dict(rows)
    assert len(values) == len(rows)  # paths are unique
    assert values["current-performance/primary-metric/current-value"] == "420ms (p95)"
    assert values["benchmarking/performance-comparison/table/row-1/before"] == "420ms"
    assert "benchmarking/performance-comparison/table" not in values  # tables: cells only
    checks = [v for p, v in rows if p.startswith("prerequisites/do-not-start")]
    assert checks and all(v.startswith("[x] ") for v in checks)
    assert any(v.startswith("[ ] ") for v in values.values())
    code = values["root-cause/profiling-data/code"]
    assert "\\n" in code and "\n" not in code
    listed = json.loads(cli("fields", card, "--json").stdout)
    assert [f["path"] for f in listed] == [p for p, _ in rows]
    assert {"path", "label", "kind", "value", "line", "checked"} <= set(listed[0])


def test_get_resolves_paths_and_suffixes(cli: Cli, cards: Path) -> None:
    card = cards / "PERF-7.md"
    full = "current-performance/primary-metric/current-value"
    for query in (full, "current-value", "primary-metric/current-value", "Current Value"):
        proc = cli("get", card, query)
        assert (proc.returncode, proc.stdout) == (0, "420ms (p95)\n"), query
    assert cli("get", card, "capture-current-performance-metrics").stdout == "done\n"
    assert cli("get", card, "update-documentation").stdout == "todo\n"

    proc = cli("get", card, "implement-optimization")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    first, *candidates = proc.stderr.splitlines()
    assert first.startswith("perfcard-tui: ") and "ambiguous" in first
    assert [c.strip() for c in candidates] == [
        "implementation/phase-2-optimization/eliminate-n1-queries-in-orderserializer/implement-optimization",
        "implementation/phase-2-optimization/compact-orjson-renderer/implement-optimization",
    ]

    proc = cli("get", card, "curent-value")
    assert proc.returncode == 2
    first, *candidates = proc.stderr.splitlines()
    assert "no field 'curent-value'" in first
    assert candidates and candidates[0].strip() == full and len(candidates) <= 10
    # no near match: still one line, pointing at `fields`
    assert "fields" in one_line_error(cli("get", card, "zzzzqqq"))


def test_set_changes_only_the_value_bytes_and_set_back_restores(cli: Cli, cards: Path) -> None:
    card = cards / "PERF-7.md"
    original = card.read_bytes()
    path = "current-performance/primary-metric/current-value"
    parsed = parse_card(original.decode("utf-8"))
    start, end = parsed.span_of(path)
    text = original.decode("utf-8")

    proc = cli("set", card, "current-value", "450ms (p95)")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    assert card.read_bytes() == (text[:start] + "450ms (p95)" + text[end:]).encode("utf-8")

    assert cli("set", card, path, "420ms (p95)").returncode == 0
    assert card.read_bytes() == original

    # a checklist item: one character between the brackets, and back
    item = "implementation/phase-3-validation/final-validation/update-documentation"
    assert cli("set", card, item, "done").returncode == 0
    changed = [
        i for i, (a, b) in enumerate(zip(original, card.read_bytes(), strict=True)) if a != b
    ]
    assert len(changed) == 1 and card.read_bytes()[changed[0] : changed[0] + 1] == b"x"
    assert cli("get", card, item).stdout == "done\n"
    assert cli("set", card, item, "todo").returncode == 0
    assert card.read_bytes() == original

    # an unchanged value is not written at all
    mtime = card.stat().st_mtime_ns
    verbose = cli("set", card, "-v", path, "420ms (p95)")
    assert "unchanged" in verbose.stdout and card.stat().st_mtime_ns == mtime

    line = one_line_error(cli("set", card, item, "maybe"))
    assert "done or todo" in line
    assert card.read_bytes() == original
    assert "no field" in one_line_error(cli("set", card, "nope-nope", "1"))
    assert card.read_bytes() == original


def test_set_text_renames_a_checklist_item_and_may_tick_it(cli: Cli, cards: Path) -> None:
    card = cards / "PERF-7.md"
    original = card.read_bytes()
    item = "implementation/phase-3-validation/final-validation/update-documentation"
    proc = cli("set", card, "-v", item, "done", "--text", "Update the runbook")
    renamed = "implementation/phase-3-validation/final-validation/update-the-runbook"
    assert proc.returncode == 0 and renamed in proc.stdout
    assert b"- [x] Update the runbook" in card.read_bytes()
    assert cli("get", card, renamed).stdout == "done\n"
    # only that line changed
    before, after = original.decode().splitlines(), card.read_bytes().decode().splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [
        next(i for i, line in enumerate(before) if "Update documentation" in line)
    ]
    assert cli("set", card, renamed, "todo", "--text", "Update documentation").returncode == 0
    assert card.read_bytes() == original
    # refused, one line each, nothing written
    assert "one line" in one_line_error(cli("set", card, item, "--text", "two\nlines"))
    assert "--text renames" in one_line_error(cli("set", card, "current-value", "--text", "x"))
    assert "give a VALUE" in one_line_error(cli("set", card, item))
    assert card.read_bytes() == original


def test_set_keeps_crlf_and_bom(cli: Cli, tmp_path: Path) -> None:
    card = crlf_copy(SAMPLES / "PERF-7.md", tmp_path / "PERF-7.md")
    original = card.read_bytes()
    multi = "Brings the endpoint back inside its SLO\nand ends the mobile timeouts"
    assert cli("set", card, "performance-issue/value", multi).returncode == 0
    data = card.read_bytes()
    assert only_crlf(data)
    assert b"SLO\r\nand ends" in data
    assert cli("get", card, "performance-issue/value").stdout == multi + "\n"
    old = parse_card(original.decode()).field("performance-issue/value").value
    assert cli("set", card, "performance-issue/value", old).returncode == 0
    assert card.read_bytes() == original

    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf" + original)
    assert cli("set", bom, "estimated-effort", "5 days").returncode == 0
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf# PERF-7")
    assert cli("set", bom, "estimated-effort", "3-4 days").returncode == 0
    assert bom.read_bytes() == b"\xef\xbb\xbf" + original


@needs_corpus
def test_set_and_back_on_foreign_cards(cli: Cli, tmp_path: Path) -> None:
    for source in CORPUS:
        card = Path(shutil.copy(source, tmp_path / source.name))
        original = card.read_bytes()
        parsed = parse_card(original.decode("utf-8"))
        field = next(f for _, f in parsed.fields() if f.kind.value in ("text", "prose", "cell"))
        assert cli("set", card, field.path, "changed value").returncode == 0
        assert only_crlf(card.read_bytes()) and card.read_bytes() != original
        assert cli("set", card, field.path, field.value).returncode == 0
        assert card.read_bytes() == original, source.name


def test_save_refuses_when_the_file_changed_on_disk(tmp_path: Path) -> None:
    card = Path(shutil.copy(SAMPLES / "PERF-7.md", tmp_path / "PERF-7.md"))
    read = read_card(card)
    parsed = parse_card(read.text, newline=read.newline, bom=read.bom)
    from perfcard_tui.core.edits import set_field

    edited = set_field(parsed, "current-performance/primary-metric/current-value", "1s")
    card.write_bytes(card.read_bytes() + b"\nsomeone else's line\n")
    theirs = card.read_bytes()
    with pytest.raises(CliError, match="changed on disk"):
        save(str(card), read, edited)
    assert card.read_bytes() == theirs


# -- show --------------------------------------------------------------------------------------


def test_show_json(cli: Cli, cards: Path) -> None:
    card = cards / "PERF-7.md"
    proc = cli("show", card, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["title"].startswith("PERF-7: ")
    assert (data["path"], data["newline"], data["bom"]) == (str(card), "lf", False)
    assert data["template"] == "built-in" and data["missing_sections"] == []
    metric = data["primary_metric"]
    assert metric["direction"] == "lower" and "time" in metric["reason"]
    assert metric["current"]["unit"] == "ms" and metric["current"]["value"] == pytest.approx(0.42)
    assert metric["improvement"]["description"] == "57.1% less time, 2.3x faster"
    sessions = [s for s in data["sessions"] if not s["placeholder"]]
    assert [s["date"] for s in sessions] == ["2026-11-18", "2026-11-21"]
    assert "span" not in sessions[0] and sessions[0]["metrics"][0] == ["Before", "420ms (p95)"]
    prereq = next(c for c in data["checklists"] if c["section"] == "prerequisites")
    assert prereq["done"] == prereq["total"] >= 4
    section = next(s for s in data["sections"] if s["key"] == "current-performance/primary-metric")
    assert section["template"] == "current-performance/primary-metric"
    field = section["fields"][1]
    assert (field["label"], field["value"], field["kind"]) == (
        "Current Value",
        "420ms (p95)",
        "text",
    )
    assert data["findings"] == []

    crlf = crlf_copy(card, cards / "PERF-7-crlf.md")
    assert json.loads(cli("show", crlf, "--json").stdout)["newline"] == "crlf"
    human = cli("show", card)
    assert human.returncode == 0 and human.stdout.startswith("PERF-7: ")
    assert "420ms (p95) → 180ms (p95)" in human.stdout


# -- fix-encoding ------------------------------------------------------------------------------


def test_fix_encoding(cli: Cli, tmp_path: Path) -> None:
    clean = (SAMPLES / "PERF-7.md").read_bytes()
    card = tmp_path / "PERF-7.md"
    card.write_bytes(to_mojibake(clean.decode("utf-8")).encode("utf-8"))
    spoiled = card.read_bytes()
    assert spoiled != clean

    proc = cli("fix-encoding", "--check", card)
    assert proc.returncode == 1 and card.read_bytes() == spoiled
    assert "mojibake" in cli("check", card).stdout  # the info finding points here
    assert cli("fix-encoding", card).returncode == 0
    assert card.read_bytes() == clean
    assert cli("fix-encoding", "--check", card).returncode == 0


# -- log ---------------------------------------------------------------------------------------


def test_log_appends_after_the_last_session(cli: Cli, cards: Path) -> None:
    card = cards / "PERF-7.md"
    original = card.read_bytes()
    proc = cli(
        "log",
        card,
        "--date",
        "2026-11-24",
        "--name",
        "Dana Whitfield",
        "--completed",
        "Swapped PrettyJSONRenderer for the orjson renderer",
        "--completed",
        "Re-ran the spike scenario",
        "--after",
        "185ms (p95)",
        "--issue",
        "Two clients parsed pretty JSON: told them",
        "--next",
        "Tick the success criteria",
        "--notes",
        "Renderer cost fell from 71ms to 9ms.",
    )
    assert proc.returncode == 0, proc.stderr
    entry = proc.stdout
    assert entry.startswith("**Session 2026-11-24 (Dana Whitfield):**\n")
    # Before defaults to the last session's After; the improvement is computed
    assert "- Before: 240ms (p95)\n- After: 185ms (p95)\n" in entry
    assert "- Improvement: 22.9% less time, 1.3x faster" in entry
    assert "1. Tick the success criteria" in entry
    inserted = insertion(original, card.read_bytes()).decode("utf-8")
    assert entry.rstrip("\n") in inserted
    text = card.read_text("utf-8")
    assert (
        text.index("Session 2026-11-21")
        < text.index("Session 2026-11-24")
        < text.index("EXTENSION POINTS")
    )
    shown = json.loads(cli("show", card, "--json").stdout)
    assert [s["date"] for s in shown["sessions"]][-1] == "2026-11-24"


def test_log_replaces_the_placeholder_entry(cli: Cli, cards: Path) -> None:
    card = cards / "PERF-9.md"
    proc = cli("log", card, "--date", "2026-12-01", "--name", "Sam", "--after", "2.1s")
    assert proc.returncode == 0, proc.stderr
    assert "Before" not in proc.stdout  # Current Value is still a placeholder
    text = card.read_text("utf-8")
    assert "**Session [YYYY-MM-DD] ([Your Name]):**" not in text
    assert "**Session 2026-12-01 (Sam):**" in text
    proc = cli("log", card, "--date", "2026-12-02", "--name", "Sam", "--before", "2.1s",
               "--after", "900ms")  # fmt: skip
    assert "57.1% less time, 2.3x faster" in proc.stdout


def test_log_bad_input_writes_nothing(cli: Cli, cards: Path) -> None:
    card = cards / "PERF-7.md"
    original = card.read_bytes()
    for args in (
        ("--date", "2026-02-30"),
        ("--date", "2026-1-5"),
        ("--date", "tomorrow"),
        ("--after", "fast"),
        ("--before", "[Measurement]", "--after", "200ms"),
        ("--before", "2 GB", "--after", "200ms"),  # not comparable
        ("--name", "Dana (again)"),
    ):
        one_line_error(cli("log", card, "--name", "Dana", *args))
        assert card.read_bytes() == original, args


@needs_corpus
def test_log_without_progress_notes_is_an_error(cli: Cli, tmp_path: Path) -> None:
    card = Path(shutil.copy(CORPUS[0], tmp_path / CORPUS[0].name))
    original = card.read_bytes()
    assert "Progress Notes" in one_line_error(cli("log", card, "--name", "X"))
    assert card.read_bytes() == original


def test_log_keeps_crlf_and_mojibake_and_defaults_the_name(cli: Cli, tmp_path: Path) -> None:
    text = (SAMPLES / "PERF-7.md").read_text("utf-8")
    card = tmp_path / "PERF-7.md"
    card.write_bytes(to_mojibake(text).replace("\n", "\r\n").encode("utf-8"))
    original = card.read_bytes()
    env = dict(os.environ)
    if shutil.which("git"):
        gitconfig = tmp_path / "gitconfig"
        gitconfig.write_text("[user]\n\tname = Pat Example\n")
        env.update(GIT_CONFIG_GLOBAL=str(gitconfig), GIT_CONFIG_NOSYSTEM="1")
    proc = cli("log", card, "--completed", "one", "--after", "200ms", env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = card.read_bytes()
    assert only_crlf(data)
    inserted = insertion(original, data).decode("utf-8")
    assert to_mojibake("📊 **Metrics:**") in inserted and "📊" not in inserted
    if shutil.which("git"):
        assert "(Pat Example):**" in inserted


# -- card text never drives the terminal ---------------------------------------------------------

# terminal output pasted into a card: OSC 0 window title, CSI clear screen, OSC 52 clipboard
# write, a C1 CSI, a right-to-left override
PAYLOAD = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZWNobyBwd25lZA==\x07\x9b31m\u202e"
SHOWN = "␛]0;pwned␇␛[2J␛]52;c;ZWNobyBwd25lZA==␇⟨U+009B⟩31m⟨U+202E⟩"
# written out here rather than taken from core.display, so the tests do not trust the code
DRIVES_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# where the payload goes in PERF-7: the title, prose, a choice field (its finding quotes it), a
# code block, and the last session's After (`log` copies it into Before)
PLANTED = {
    "# PERF-7: p95 latency regression on GET /api/v2/orders\n": (
        f"# PERF-7: p95 latency regression on GET /api/v2/orders {PAYLOAD}\n"
    ),
    "Since release 2026.11.3 (deployed": f"Since release 2026.11.3 {PAYLOAD}(deployed",
    "- **Severity**: High - SLO breached on the busiest read endpoint; mobile users see load "
    "failures at peak\n": f"- **Severity**: Urgent {PAYLOAD}\n",
    "$ python -m cProfile -s cumtime": f"$ {PAYLOAD}python -m cProfile -s cumtime",
    "- After: 240ms (p95)\n": f"- After: 240ms (p95) {PAYLOAD}\n",
}


def inert(text: str) -> bool:
    return DRIVES_TERMINAL.search(text) is None


@pytest.fixture
def escaped(tmp_path: Path) -> Path:
    """PERF-7 with escape sequences planted in its text."""
    text = (SAMPLES / "PERF-7.md").read_text("utf-8")
    for old, new in PLANTED.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    card = tmp_path / "PERF-7.md"
    card.write_text(text, "utf-8", newline="")
    return card


def test_read_commands_never_print_card_escapes(cli: Cli, escaped: Path) -> None:
    before = escaped.read_bytes()
    mtime = escaped.stat().st_mtime_ns
    for args in (
        ("fields", escaped),
        ("check", escaped),
        ("check", escaped.parent),
        ("review", escaped, "--report"),
        ("show", escaped),
        ("get", escaped, "nonsense-field"),  # the error lists no card text, but still
    ):
        proc = cli(*args)
        assert proc.returncode in (0, 1, 2), (args, proc.stderr)
        assert inert(proc.stdout) and inert(proc.stderr), (args, proc.stdout, proc.stderr)
        assert escaped.read_bytes() == before and escaped.stat().st_mtime_ns == mtime, args

    # the payload is shown, as visible symbols, wherever the card's text is shown
    values = dict(ln.split("\t", 1) for ln in cli("fields", escaped).stdout.splitlines())
    assert values["performance-issue/summary"].startswith(f"Since release 2026.11.3 {SHOWN}(")
    assert values["root-cause/profiling-data/code"].startswith(f"$ {SHOWN}python -m cProfile")
    checked = cli("check", escaped)
    where = "Current Performance › Performance Impact › Severity"
    assert f"warning[invalid-choice] {where}: 'Urgent {SHOWN}' is not one of" in checked.stdout
    title = f"PERF-7: p95 latency regression on GET /api/v2/orders {SHOWN}\n"
    report = cli("review", escaped, "--report").stdout
    assert report.startswith(f"## {title}") and f"'Urgent {SHOWN}'" in report
    assert cli("show", escaped).stdout.startswith(title)


def test_get_prints_the_exact_value_when_piped(cli: Cli, escaped: Path) -> None:
    before = escaped.read_bytes()
    severity = cli("get", escaped, "severity")
    assert severity.stdout == f"Urgent {PAYLOAD}\n"
    code = cli("get", escaped, "profiling-data/code").stdout
    assert code.startswith(f"$ {PAYLOAD}python -m cProfile") and "\n   Ordered by" in code
    assert run("get", escaped, "severity").stdout == f"Urgent {PAYLOAD}\n"  # a real pipe
    assert escaped.read_bytes() == before


def test_get_shows_symbols_on_a_terminal(escaped: Path) -> None:
    """A real terminal on stdout: the value comes out with its escapes made visible."""
    pty = pytest.importorskip("pty")
    parent, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "perfcard_tui", "get", escaped, "severity"],
        stdout=child,
        stderr=subprocess.PIPE,
    )
    os.close(child)
    out = b""
    while True:
        try:
            chunk = os.read(parent, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(parent)
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    assert out.decode("utf-8").rstrip("\r\n") == f"Urgent {SHOWN}"


def test_stdout_is_a_terminal_decides_for_get(monkeypatch: pytest.MonkeyPatch) -> None:
    from perfcard_tui.cli.common import for_stdout

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert for_stdout(f"Urgent {PAYLOAD}") == f"Urgent {SHOWN}"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert for_stdout(f"Urgent {PAYLOAD}") == f"Urgent {PAYLOAD}"


def test_log_echo_is_inert_and_the_file_gets_the_exact_text(cli: Cli, escaped: Path) -> None:
    original = escaped.read_bytes()
    log = ("log", escaped, "--date", "2026-11-24", "--name", "Dana", "--after", "185ms (p95)")
    # a script's escape sequences are refused (the gate), with an inert one-line error
    for option in ("--completed", "--notes"):
        line = one_line_error(cli(*log, option, f"pasted {PAYLOAD}"))
        assert inert(line) and "U+001B (ESC)" in line
        assert escaped.read_bytes() == original
    proc = cli(*log, "--completed", "pasted", "--notes", "notes")
    assert proc.returncode == 0, proc.stderr
    assert inert(proc.stdout) and inert(proc.stderr), proc.stdout
    assert f"- Before: 240ms (p95) {SHOWN}\n" in proc.stdout  # from the card
    written = insertion(original, escaped.read_bytes()).decode("utf-8")
    assert f"- Before: 240ms (p95) {PAYLOAD}\n" in written  # the card's own bytes stay exact


def test_errors_quoting_card_text_are_inert(cli: Cli, escaped: Path) -> None:
    original = escaped.read_bytes()
    # Before comes from the card's last session; 2 GB cannot be compared with it
    line = one_line_error(cli("log", escaped, "--name", "Dana", "--after", "2 GB"))
    assert inert(line) and f"Before '240ms (p95) {SHOWN}'" in line
    line = one_line_error(cli("set", escaped, "update-documentation", f"maybe{PAYLOAD}"))
    assert inert(line) and f"maybe{SHOWN}" in line
    assert escaped.read_bytes() == original


def test_json_escapes_every_control_and_round_trips(cli: Cli, escaped: Path) -> None:
    """JSON keeps emoji readable but writes every terminal-driving character as \\uXXXX."""
    outputs = {
        "fields": cli("fields", escaped, "--json").stdout,
        "show": cli("show", escaped, "--json").stdout,
        "check": cli("check", escaped, "--format", "json").stdout,
    }
    for name, out in outputs.items():
        assert inert(out), name
        assert "\\u001b]0;pwned\\u0007" in out and "\\u009b31m\\u202e" in out, name
    values = {f["path"]: f["value"] for f in json.loads(outputs["fields"])}
    assert values["current-performance/performance-impact/user-impact/severity"] == (
        f"Urgent {PAYLOAD}"
    )
    assert "📝 FREEFORM" in outputs["fields"] and "›" in outputs["check"]  # emoji stay readable
    assert json.loads(outputs["show"])["title"].endswith(PAYLOAD)
    messages = [f["message"] for f in json.loads(outputs["check"])["files"][0]["findings"]]
    assert f"'Urgent {PAYLOAD}' is not one of: Critical / High / Medium / Low" in messages


def test_check_and_show_give_a_finding_the_same_shape(cli: Cli, cards: Path, escaped: Path) -> None:
    for card in (cards / "PERF-9.md", escaped):
        checked = json.loads(cli("check", card, "--format", "json").stdout)["files"][0]
        shown = json.loads(cli("show", card, "--json").stdout)["findings"]
        assert checked["findings"] == shown and shown, card
        for finding in shown:
            assert list(finding) == FINDING_KEYS
    invalid = next(f for f in shown if f["code"] == "invalid-choice")
    assert invalid["section_key"] == "current-performance/performance-impact"
    assert invalid["field_path"] == "current-performance/performance-impact/user-impact/severity"


def test_check_shows_a_hostile_file_name_safely(cli: Cli, tmp_path: Path) -> None:
    """A folder may hold a file whose name is an escape sequence: `check DIR` names it."""
    folder = tmp_path / "cards"
    folder.mkdir()
    shutil.copy(SAMPLES / "PERF-9.md", folder / "PERF-9\x1b]0;pwned\x07.md")
    (folder / "\x1b[2J.md").write_bytes(b"\xff")  # unreadable: its error names it on stderr
    proc = cli("check", folder)
    assert proc.returncode == 2
    assert inert(proc.stdout) and inert(proc.stderr), (proc.stdout, proc.stderr)
    assert "PERF-9␛]0;pwned␇.md:5: error[placeholder]" in proc.stdout
