"""``check``: findings over many cards, from the cache where it still answers (``core.board``),
on every core (worker processes past a threshold); text, JSON or GitHub workflow annotations."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from ..core.display import UNSAFE, safe_text
from .common import PROG, CliError, json_text, say, why

if TYPE_CHECKING:
    from ..core.board.results import CardResult
    from ..core.store import TempFile


def collect_files(paths: Sequence[str]) -> list[str]:
    """Files named and cards found, each once, sorted by path. A folder is searched as the
    board reads it (``core.board.scan``): its ``.gitban/cards`` when it has one, hidden folders
    skipped, and files that are not cards (a sprint's SUMMARY.md, a README) left out."""
    from ..core.board.scan import scan

    seen: dict[str, str] = {}
    for given in paths:
        found = [c.path for c in scan(given).cards] if os.path.isdir(given) else [given]
        for path in found:
            seen.setdefault(os.path.normpath(path), path)
    return sorted(seen.values())


def _only_cards(files: list[str]) -> list[str]:
    """``--only-cards`` (the pre-commit hook): the files that look like cards."""
    from ..core.board.shape import looks_like_card

    return [path for path in files if looks_like_card(path)]


def temp_file_warnings(paths: Sequence[str]) -> list[str]:
    """One line per save temp file beside the cards checked: a card's own for a file named, every
    one in the folders searched. They never change the exit status: they are no card's finding."""
    from ..core.board.scan import board_folder
    from ..core.store import temp_files

    found: dict[str, TempFile] = {}
    named: dict[str, set[str]] = {}  # folder: the names of the cards given in it
    for given in paths:
        if os.path.isdir(given):
            for root, dirs, _ in os.walk(board_folder(given)):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.update((t.path, t) for t in temp_files(root))
        else:  # a save writes beside the card, or beside a symlink's target
            folder, name = os.path.split(
                os.path.realpath(given) if os.path.islink(given) else given
            )
            named.setdefault(folder, set()).add(name)
    for folder, names in named.items():  # each folder listed once, however many cards it holds
        found.update((t.path, t) for t in temp_files(folder) if t.card in names)
    return [_temp_warning(found[key]) for key in sorted(found)]


def _temp_warning(temp: TempFile) -> str:
    from ..core.store import TEMP_GRACE, TEMP_MAX_AGE

    size = f"{temp.size / 1e6:.1f} MB" if temp.size >= 100_000 else f"{temp.size} bytes"
    if temp.stale:
        hours = temp.age // 3600
        why = (
            f"{hours:.0f} hours old" if temp.age >= TEMP_MAX_AGE else f"pid {temp.pid} not running"
        )
        what = (
            f"leftover temp file of an interrupted save of {temp.card} ({size}, {why}); "
            "the next open or save of the card removes it, or delete it"
        )
    elif temp.age < TEMP_GRACE or temp.pid is not None:
        why = "just written" if temp.age < TEMP_GRACE else f"pid {temp.pid} is running"
        what = f"temp file of a save of {temp.card} ({size}, {why}): a save may be in progress"
    else:
        what = (
            f"temp file of a save of {temp.card} by an older version ({size}); "
            "removed when it is a day old, or delete it"
        )
    return safe_text(f"{temp.path}: warning: {what}")


def _check_override(template: str | None) -> None:
    """A ``--template`` that cannot be read fails before any card is checked."""
    if not template:
        return
    from ..core.store import CardReadError
    from ..core.template import template_from

    try:
        template_from(template)
    except OSError as e:
        raise CliError(f"{template}: cannot read the template ({why(e)})") from None
    except CardReadError as e:
        raise CliError(f"cannot read the template: {e}") from None


def run_checks(args: argparse.Namespace, files: list[str]) -> tuple[list[CardResult], str | None]:
    """Every file's result, in the order of ``files``, and the cache's warning if it had one."""
    from ..core.board.cache import Cache
    from ..core.board.results import Judge

    cache = None if args.no_cache else Cache()
    judge = Judge(override=args.template, cache=cache, today=date.today())
    by_path = {r.path: r for r in judge.results(files)}
    results = [by_path[path] for path in files]
    cached = sum(r.cached for r in results)
    say(args, f"{cached} of {len(results)} cards answered from the cache")
    return results, cache.warning if cache is not None else None


# -- the JSON report ---------------------------------------------------------------------------
# json.dumps(indent=2) runs the pure-Python encoder (the C one only serves indent=None): on a
# warm run over 10,000 cards it took longer than reading every answer from the cache. The
# report's shape is fixed and its dicts are flat, so it is written here with the C string
# encoder, byte for byte as json_text(json.dumps(report, ensure_ascii=False, indent=2)) would
# (a test holds the two together).
_KEYS: dict[str, str] = {}
# json.dumps escapes every C0 control; of the characters that could drive a terminal, these are
# the ones it leaves raw (DEL, C1, bidi controls), which json_text writes as \uXXXX
_RAW_UNSAFE = re.compile("[" + "".join(sorted(re.escape(c) for c in UNSAFE if c >= " ")) + "]")


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    return json.dumps(value)


def _flat(data: dict[str, Any], pad: str) -> str:
    inner = pad + "  "
    parts = []
    for key, value in data.items():
        name = _KEYS.get(key) or _KEYS.setdefault(key, encode_basestring(key) + ": ")
        parts.append(inner + name + _scalar(value))
    return "{\n" + ",\n".join(parts) + "\n" + pad + "}" if parts else "{}"


def _file_json(path: str, findings: Sequence[dict[str, Any]]) -> str:
    pad = " " * 8
    body = ",\n".join(pad + _flat(f, pad) for f in findings)
    listed = f"[\n{body}\n      ]" if findings else "[]"
    text = f'    {{\n      "path": {encode_basestring(path)},\n      "findings": {listed}\n    }}'
    return json_text(text) if _RAW_UNSAFE.search(text) else text


def json_report(checked: Sequence[CardResult], summary: dict[str, int]) -> Iterator[str]:
    """``check --format json``, a card at a time."""
    yield '{\n  "files": ['
    for i, result in enumerate(checked):
        yield ("\n" if i == 0 else ",\n") + _file_json(result.path, result.findings)
    yield ("\n  ]" if checked else "]") + ',\n  "summary": ' + _flat(summary, "  ") + "\n}\n"


def format_finding(path: str, f: dict[str, Any]) -> str:
    """One compiler-style line; safe to print, as messages quote card text (and a folder may
    hold a file whose name is an escape sequence)."""
    where = " › ".join(p for p in (f["section"], f["field"]) if p)
    line = f"{path}:{f['line']}: {f['severity']}[{f['code']}] {where + ': ' if where else ''}"
    return safe_text(line + " ".join(str(f["message"]).split()))


# -- GitHub workflow commands -------------------------------------------------------------------
# `::error file=F,line=L,title=T::MESSAGE`, escaped as GitHub's own toolkit does (actions/toolkit,
# core/src/command.ts): in the message %, CR and LF; in a property also `:` and `,`, which end
# the command's name and separate properties. Card text is made safe first (no control
# character reaches the log) and findings are one line anyway.
_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github_path(path: str) -> str:
    """The path as the pull request's diff names it: relative to the workspace when the card
    lies in it (a path given as absolute would not be matched to the diff)."""
    workspace = os.environ.get("GITHUB_WORKSPACE", "")
    if workspace and os.path.isabs(path):
        relative = os.path.relpath(path, workspace)
        if not relative.startswith(os.pardir):
            return relative
    return path


def _command(level: str, properties: dict[str, str], message: str) -> str:
    props = ",".join(
        f"{key}={_escape_property(safe_text(value))}" for key, value in properties.items()
    )
    return f"::{level} {props}::{_escape_data(safe_text(message))}"


def annotation(path: str, f: dict[str, Any]) -> str:
    """One finding as a workflow command: it shows on the pull request's diff at its line."""
    where = " › ".join(p for p in (f["section"], f["field"]) if p)
    title = f"{f['code']}: {where}" if where else f["code"]
    return _command(
        _GITHUB_LEVELS.get(f["severity"], "warning"),
        {"file": _github_path(path), "line": str(f["line"]), "title": " ".join(title.split())},
        " ".join(str(f["message"]).split()),  # one line, as in the text format
    )


def unreadable_annotation(path: str, error: str) -> str:
    """A card that could not be read, as an error on the file."""
    return _command("error", {"file": _github_path(path), "title": "unreadable card"}, error)


def cmd_check(args: argparse.Namespace) -> int:
    _check_override(args.template)
    files = collect_files(args.paths)
    if args.only_cards:
        files = _only_cards(files)
    results, cache_warning = run_checks(args, files)
    checked = [r for r in results if not r.error]
    unreadable = [r for r in results if r.error]
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in checked:
        for f in r.findings:
            counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    summary = {
        "files": len(checked),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
    }
    out = sys.stdout
    if args.format == "json":
        out.writelines(json_report(checked, summary))
    else:
        if args.format == "github":
            out.writelines(annotation(r.path, f) + "\n" for r in checked for f in r.findings)
            out.writelines(unreadable_annotation(r.path, r.error) + "\n" for r in unreadable)
        else:
            out.writelines(format_finding(r.path, f) + "\n" for r in checked for f in r.findings)
        out.write(
            f"{summary['files']} files, {summary['errors']} errors, "
            f"{summary['warnings']} warnings, {summary['infos']} infos\n"
        )
    out.flush()
    if cache_warning:
        sys.stderr.write(f"{PROG}: warning: {safe_text(cache_warning)}\n")
    sys.stderr.writelines(line + "\n" for line in temp_file_warnings(args.paths))
    for r in unreadable:
        sys.stderr.write(f"{safe_text(r.error)}\n")
    if unreadable:
        return 2
    failing = summary["errors"] + (summary["warnings"] if args.strict else 0)
    return 1 if failing else 0
