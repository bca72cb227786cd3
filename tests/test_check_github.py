"""``check --format github`` (workflow annotations, escaped as GitHub's toolkit escapes them),
``check``'s cache and ``--no-cache``, its JSON report written without json.dumps, ``--only-cards``
and the pre-commit hook definition."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from perfcard_tui.cli import main
from perfcard_tui.cli.check import annotation, json_report, unreadable_annotation
from perfcard_tui.cli.common import json_text
from perfcard_tui.core.board.results import CardResult

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SAMPLES = ROOT / "sample_cards"
# ::level key=value,key=value::message, as the runner reads it
COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLES, tmp_path / "cards"))


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def unescape_property(text: str) -> str:
    """What the runner does to a property (actions/runner's ActionCommand unescaping)."""
    for escaped, raw in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def unescape_data(text: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = dict(p.split("=", 1) for p in match["props"].split(","))
    return (
        match["level"],
        {k: unescape_property(v) for k, v in props.items()},
        unescape_data(match["message"]),
    )


def finding(**kw: Any) -> dict[str, Any]:
    base = {
        "severity": "error",
        "code": "placeholder",
        "section": "Performance Issue",
        "section_key": "performance-issue",
        "field": "Summary",
        "field_path": "performance-issue/summary",
        "line": 7,
        "message": "still the template's placeholder",
    }
    return {**base, **kw}


# -- the escaping ------------------------------------------------------------------------------


def test_properties_escape_percent_cr_lf_colon_and_comma() -> None:
    path = "cards/a,b:c%d.md"
    line = annotation(path, finding(section="Costs: 50%, then 20%", message="50% at 9:30, ok"))
    assert line == (
        "::error file=cards/a%2Cb%3Ac%25d.md,line=7,"
        "title=placeholder%3A Costs%3A 50%25%2C then 20%25 › Summary"
        "::50%25 at 9:30, ok"
    )
    level, props, message = parse(line)
    assert (level, props["file"], props["line"]) == ("error", path, "7")
    assert props["title"] == "placeholder: Costs: 50%, then 20% › Summary"
    assert message == "50% at 9:30, ok"  # the message keeps its colons and commas


def test_line_breaks_and_control_characters_never_start_a_command() -> None:
    evil = "ok\r\n::error file=x::injected\n\x1b]0;title\x07"
    line = annotation("a\nb.md", finding(field=evil, message=evil))
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    # one line, so the text after the command's own `::` is its message and nothing else: a
    # command starts only at the beginning of a line
    _, props, message = parse(line)
    assert props["file"] == "a\nb.md"  # a path is kept exact: escaped, never changed
    assert props["title"].endswith("› ok ::error file=x::injected ␛]0;title␇")
    assert message.startswith("ok ::error file=x::injected")  # one line, as findings are
    assert "␛]0;title␇" in message  # made visible, as everywhere else


def test_levels_and_unreadable_cards() -> None:
    assert annotation("a.md", finding(severity="warning")).startswith("::warning ")
    assert annotation("a.md", finding(severity="info")).startswith("::notice ")
    level, props, message = parse(unreadable_annotation("a,b.md", "a,b.md: not UTF-8 text"))
    assert (level, props["file"], props["title"]) == ("error", "a,b.md", "unreadable card")
    assert message == "a,b.md: not UTF-8 text"


def test_paths_are_made_relative_to_the_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", "/home/runner/work/repo")
    inside = parse(annotation("/home/runner/work/repo/cards/PERF-7.md", finding()))
    outside = parse(annotation("/elsewhere/PERF-7.md", finding()))
    assert inside[1]["file"] == "cards/PERF-7.md" and outside[1]["file"] == "/elsewhere/PERF-7.md"


# -- check --format github ---------------------------------------------------------------------


def test_check_format_github_annotates_what_text_reports(
    capsys: pytest.CaptureFixture[str], cards: Path
) -> None:
    (cards / "broken.md").write_bytes(b"# Caf\xe9\n")
    code, text, _ = run(capsys, "check", cards)
    github_code, github, err = run(capsys, "check", cards, "--format", "github")
    assert code == github_code == 2
    *text_lines, summary = text.splitlines()
    *annotations, github_summary = github.splitlines()
    assert summary == github_summary
    parsed = [parse(line) for line in annotations]
    findings = [p for p in parsed if p[1].get("title") != "unreadable card"]
    assert len(findings) == len(text_lines)
    for (_, props, _), text_line in zip(findings, text_lines, strict=True):
        assert text_line.startswith(f"{props['file']}:{props['line']}: ")
    assert [p[1]["file"] for p in parsed if p[1].get("title") == "unreadable card"] == [
        str(cards / "broken.md")
    ]
    assert "not UTF-8" in err


# -- the cache, from the command line ---------------------------------------------------------


def test_check_uses_the_cache_and_no_cache_skips_it(
    capsys: pytest.CaptureFixture[str], cards: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "xdg-cache" / "perfcard-tui"
    code, plain, _ = run(capsys, "check", cards, "--no-cache", "--format", "json")
    assert not cache.exists()
    first = run(capsys, "-v", "check", cards, "--format", "json")
    second = run(capsys, "-v", "check", cards, "--format", "json")
    assert "0 of 3 cards answered from the cache" in first[1]
    assert "3 of 3 cards answered from the cache" in second[1]
    assert cache.is_dir()

    def report(out: str) -> str:
        return out[out.index("{") :]

    assert report(first[1]) == report(second[1]) == plain and first[0] == second[0] == code


# -- the JSON report ---------------------------------------------------------------------------


def test_the_json_report_is_what_json_dumps_would_write() -> None:
    tricky = [
        finding(message='quote " backslash \\ tab \t nul \x00 del \x7f csi \x9b rlo \u202e'),
        finding(field=None, line=1, section="", message="emoji 🚀 and ünïcödé, 性能"),
    ]
    results = [
        CardResult("cards/a\u2066b.md", tuple(tricky)),
        CardResult("cards/empty.md", ()),
    ]
    summary = {"files": 2, "errors": 2, "warnings": 0, "infos": 0}
    expected = {
        "files": [{"path": r.path, "findings": list(r.findings)} for r in results],
        "summary": summary,
    }
    written = "".join(json_report(results, summary))
    assert written == json_text(json.dumps(expected, ensure_ascii=False, indent=2)) + "\n"
    assert "".join(json_report([], summary)) == (
        json.dumps({"files": [], "summary": summary}, indent=2) + "\n"
    )


# -- --only-cards and the pre-commit hook -----------------------------------------------------


def test_only_cards_skips_what_is_not_a_card(
    capsys: pytest.CaptureFixture[str], cards: Path, tmp_path: Path
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# A project\n\n## Install\n\nRun it.\n", "utf-8")
    doc = tmp_path / "ARCHITECTURE.md"
    doc.write_text("# How it is built\n\n## Layers\n\nMany.\n", "utf-8")
    staged = [readme, doc, cards / "PERF-7.md", cards / "PERF-9.md"]
    code, out, _ = run(capsys, "check", "--only-cards", *staged)
    assert out.splitlines()[-1].startswith("2 files, ") and code == 1
    assert str(readme) not in out and str(doc) not in out
    # without the flag, a file named is checked whatever it holds
    assert run(capsys, "check", doc)[0] == 1


def test_the_pre_commit_hook_runs_the_check_on_staged_markdown() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8")
    hooks = _yaml_list_of_maps(text)
    (hook,) = hooks
    assert hook["id"] == "perfcard-tui-check"
    assert hook["entry"] == "perfcard-tui check --only-cards"
    assert hook["language"] == "python" and hook["pass_filenames"] == "true"
    assert re.search(hook["files"].strip("'"), "docs/PERF-7.md")
    assert not re.search(hook["files"].strip("'"), "notes.txt")


def _yaml_list_of_maps(text: str) -> list[dict[str, str]]:
    """The hooks file's flat shape (a list of maps of scalars), without a YAML library."""
    hooks: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("- "):
            hooks.append({})
            line = line[2:]
        key, _, value = line.strip().partition(":")
        hooks[-1][key] = value.strip()
    return hooks
