"""``check``: findings over many cards, on every core (worker processes past a threshold)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.display import safe_text
from .common import PARALLEL_THRESHOLD, CliError, finding_json, json_text, load, why

if TYPE_CHECKING:
    from ..core.store import TempFile
    from ..core.template import Template


def _walk(folder: str) -> Iterator[str]:
    """``*.md`` below a folder; hidden folders (.git, .gitban, .venv) are skipped and symlinked
    folders not followed (no loops)."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.lower().endswith(".md") and not name.startswith("."):
                yield os.path.join(root, name)


def collect_files(paths: Sequence[str]) -> list[str]:
    """Files named and found, each once, sorted by path."""
    seen: dict[str, str] = {}
    for given in paths:
        found = sorted(_walk(given)) if os.path.isdir(given) else [given]
        for path in found:
            seen.setdefault(os.path.normpath(path), path)
    return sorted(seen.values())


def temp_file_warnings(paths: Sequence[str]) -> list[str]:
    """One line per save temp file beside the cards checked: a card's own for a file named, every
    one in the folders searched. They never change the exit status: they are no card's finding."""
    from ..core.store import temp_files

    found: dict[str, TempFile] = {}
    named: dict[str, set[str]] = {}  # folder: the names of the cards given in it
    for given in paths:
        if os.path.isdir(given):
            for root, dirs, _ in os.walk(given):
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


def _template_at(source: str | None) -> Template:
    """The template a card is checked against (None: the built-in one); the core caches both,
    a file while its mtime and size stay the same."""
    from ..core.template import builtin_template, template_from

    return builtin_template() if source is None else template_from(source)


CheckTask = tuple[str, str | None, str]  # card path, template source, folder key


def check_chunk(
    tasks: Sequence[CheckTask], stems: dict[str, frozenset[str]], today: date
) -> list[dict[str, Any]]:
    """Check some cards; plain dicts come back so a worker process returns them cheaply."""
    from ..core.store import CardReadError
    from ..core.validate import validate

    results: list[dict[str, Any]] = []
    for path, source, folder in tasks:
        try:
            _, card = load(path)
            findings = validate(card, _template_at(source), stems=stems[folder], today=today)
        except CardReadError as e:
            results.append({"path": path, "error": str(e)})
            continue
        except Exception as e:  # a bug on one card must not hide the findings of a thousand
            why = f"internal error: {type(e).__name__}: {e}".splitlines()[0]
            results.append({"path": path, "error": f"{path}: {why} (please report it)"})
            continue
        results.append({"path": path, "findings": [finding_json(f) for f in findings]})
    return results


def _plan(files: Sequence[str], override: str | None) -> tuple[list[CheckTask], dict[str, Any]]:
    """Per file: its template and folder; the folder listings and templates are read once."""
    from ..core.template import find_team_template
    from ..core.validate import folder_stems

    stems: dict[str, frozenset[str]] = {}
    team: dict[str, str | None] = {}
    tasks: list[CheckTask] = []
    for path in files:
        folder = os.path.dirname(os.path.abspath(path))
        if folder not in stems:
            stems[folder] = folder_stems(Path(folder))
            found = None if override else find_team_template(path)
            team[folder] = override or (str(found) if found else None)
        tasks.append((path, team[folder], folder))
    for source in dict.fromkeys(team.values()):  # load each template once, here: a bad one fails
        try:
            _template_at(source)
        except OSError as e:
            raise CliError(f"{source}: cannot read the template ({why(e)})") from None
    return tasks, stems


def _run_checks(
    tasks: list[CheckTask], stems: dict[str, frozenset[str]], today: date
) -> list[dict[str, Any]]:
    workers = min(os.cpu_count() or 1, 8)
    if len(tasks) <= PARALLEL_THRESHOLD or workers < 2:
        return check_chunk(tasks, stems, today)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork (Linux) hands the workers the imported core and the loaded templates for free
    method = "fork" if sys.platform.startswith("linux") else None
    size = -(-len(tasks) // (workers * 4))  # a few chunks per worker evens out slow cards
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    results: list[dict[str, Any]] = []
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        futures = [
            pool.submit(check_chunk, chunk, {t[2]: stems[t[2]] for t in chunk}, today)
            for chunk in chunks
        ]
        for future in futures:  # in submission order: output stays sorted by path
            results.extend(future.result())
    return results


def format_finding(path: str, f: dict[str, Any]) -> str:
    """One compiler-style line; safe to print, as messages quote card text (and a folder may
    hold a file whose name is an escape sequence)."""
    where = " › ".join(p for p in (f["section"], f["field"]) if p)
    line = f"{path}:{f['line']}: {f['severity']}[{f['code']}] {where + ': ' if where else ''}"
    return safe_text(line + " ".join(str(f["message"]).split()))


def cmd_check(args: argparse.Namespace) -> int:
    files = collect_files(args.paths)
    tasks, stems = _plan(files, args.template)
    results = _run_checks(tasks, stems, date.today())
    checked = [r for r in results if "error" not in r]
    unreadable = [r for r in results if "error" in r]
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in checked:
        for f in r["findings"]:
            counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    summary = {
        "files": len(checked),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
    }
    out = sys.stdout
    if args.format == "json":
        report = {"files": checked, "summary": summary}
        out.write(json_text(json.dumps(report, ensure_ascii=False, indent=2)) + "\n")
    else:
        out.writelines(format_finding(r["path"], f) + "\n" for r in checked for f in r["findings"])
        out.write(
            f"{summary['files']} files, {summary['errors']} errors, "
            f"{summary['warnings']} warnings, {summary['infos']} infos\n"
        )
    out.flush()
    sys.stderr.writelines(line + "\n" for line in temp_file_warnings(args.paths))
    for r in unreadable:
        sys.stderr.write(f"{safe_text(r['error'])}\n")
    if unreadable:
        return 2
    failing = summary["errors"] + (summary["warnings"] if args.strict else 0)
    return 1 if failing else 0
