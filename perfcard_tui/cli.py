"""``perfcard-tui``: the editor, the review mode and the scriptable commands over the card core.

A thin shell: every command reads a card with ``core.store``, parses it with ``core.parse`` and
asks the core for edits, findings or sessions. Only the standard library is imported at module
level, so ``--help``, ``--version`` and ``check`` in a pre-commit hook start fast; the core
(pydantic, markdown-it) is imported by the commands that use it, Textual only by ``edit`` and
``review``.

Errors are one line on stderr (``perfcard-tui: path: message``) and exit status 2; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__

if TYPE_CHECKING:
    from .core.model import Card, Field
    from .core.store import CardText
    from .core.template import Template

PROG = "perfcard-tui"
COMMANDS = ("edit", "review", "new", "check", "fields", "get", "set", "show", "fix-encoding", "log")
# options that belong to the program itself and may come before the command
_GLOBAL_FLAGS = {"--debug", "-v", "--verbose", "--version", "-h", "--help"}
# more files than this and `check` spreads them over worker processes
PARALLEL_THRESHOLD = 50
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class CliError(Exception):
    """A user-facing failure: one line, then optional detail lines (candidates), then an exit."""

    def __init__(self, message: str, details: Sequence[str] = (), code: int = 2) -> None:
        super().__init__(message)
        self.details = list(details)
        self.code = code


# -- argument parsing -----------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (and exit 2), like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: {message} (see `{self.prog} --help`)\n")


def _common() -> _Parser:
    """Options every command accepts; SUPPRESS keeps a value given before the command."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show a traceback on errors",
    )
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="say what was done",
    )
    common.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(
        prog=PROG,
        description="Write, check and review performance cards (markdown files that follow the "
        "performance-card template).",
        epilog=f"`{PROG} PATH` opens the editor (same as `{PROG} edit PATH`); "
        f"`{PROG} --review PATH` opens the card read-only (same as `{PROG} review PATH`). "
        "Run a command with --help for its options.",
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    parser.add_argument("-v", "--verbose", action="store_true", help="say what was done")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def template_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--template", metavar="T", help="template file (default: the team's or built-in)"
        )

    def command(name: str, run: Callable[[argparse.Namespace], int], help_: str) -> Any:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(run=run)
        return p

    p = command("edit", cmd_edit, "open a card in the editor (a new card if PATH does not exist)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--goto", metavar="FIELD", help="start at this field (a path or its suffix)")
    template_option(p)

    p = command("review", cmd_review, "open a card read-only, with its findings and status")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--report", action="store_true", help="print the review as markdown and exit")
    p.add_argument("--goto", metavar="FIELD", help="start at this field (a path or its suffix)")
    template_option(p)

    p = command("new", cmd_new, "create a card from the template")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--title", help="the card's `# TITLE` (default: the file name without .md)")
    template_option(p)
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

    p = command("check", cmd_check, "validate cards; folders are searched for *.md")
    p.add_argument("paths", metavar="PATH_OR_DIR", nargs="+")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--strict", action="store_true", help="warnings fail the check too")
    template_option(p)

    p = command("fields", cmd_fields, "list every field path with its current value")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true", help="a JSON list instead of path<TAB>value")

    p = command("get", cmd_get, "print one field's value (a checklist item: done or todo)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("field", metavar="FIELD", help="field path, or any unique suffix of one")

    p = command("set", cmd_set, "change one field's value, and only its bytes")
    p.add_argument("path", metavar="PATH")
    p.add_argument("field", metavar="FIELD", help="field path, or any unique suffix of one")
    p.add_argument(
        "value", metavar="VALUE", help="the new value; done or todo for a checklist item"
    )

    p = command("show", cmd_show, "the parsed card: sections, fields, metric, sessions, findings")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true", help="everything, as JSON")
    template_option(p)

    p = command("fix-encoding", cmd_fix_encoding, "repair emoji spelled as mojibake, exactly")
    p.add_argument("paths", metavar="PATH", nargs="+")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if a fix is due")

    p = command("log", cmd_log, "append a work session to Progress Notes and print it")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--date", help="YYYY-MM-DD (default: today)")
    p.add_argument("--name", help="default: `git config user.name`, else the login name")
    p.add_argument("--completed", action="append", default=[], metavar="TEXT")
    p.add_argument("--before", metavar="M", help="default: the last session's After, else Current")
    p.add_argument("--after", metavar="M", help="the measurement at the end of this session")
    p.add_argument("--improvement", metavar="T", help="default: computed from Before and After")
    p.add_argument("--in-progress", action="append", default=[], metavar="TEXT")
    p.add_argument("--issue", action="append", default=[], metavar="TEXT", help="problem: fix")
    p.add_argument("--next", action="append", default=[], metavar="TEXT")
    p.add_argument("--notes", default="", metavar="TEXT")
    return parser


def route(argv: Sequence[str]) -> list[str]:
    """Turn the shortcuts into commands: ``PATH`` → ``edit PATH``, ``--review PATH`` →
    ``review PATH``. A card named like a command is opened with ``edit NAME``."""
    head: list[str] = []
    review = False
    i = 0
    while i < len(argv):
        if argv[i] == "--review":
            review = True
        elif argv[i] in _GLOBAL_FLAGS:
            head.append(argv[i])
        else:
            break
        i += 1
    rest = list(argv[i:])
    if review:
        if rest and rest[0] == "review":
            rest = rest[1:]
        return [*head, "review", *rest]
    if not rest or rest[0] in COMMANDS:
        return [*head, *rest]
    return [*head, "edit", *rest]


# -- entry point ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(route(args_in))
    except SystemExit as e:  # --help, --version, usage errors: argparse already printed
        return e.code if isinstance(e.code, int) else 2
    if not getattr(args, "run", None):
        _fail(f"no card given (see `{PROG} --help`)")
        return 2
    debug: bool = args.debug
    try:
        return int(args.run(args))
    except CliError as e:
        if debug:
            traceback.print_exc()
        _fail(str(e), e.details)
        return e.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`check … | head`): stop quietly, without a second error at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as e:
        from .core.store import CardReadError, CardWriteError

        if debug:
            traceback.print_exc()
        if isinstance(e, CardReadError | CardWriteError):
            _fail(str(e))
        elif isinstance(e, OSError):
            _fail(_os_message(e))
        elif isinstance(e, ValueError):  # EditError is a ValueError
            _fail(f"{getattr(args, 'path', '')}: {e}".lstrip(": "))
        else:
            _fail(f"internal error: {type(e).__name__}: {e} (run with --debug for the traceback)")
        return 2


def _fail(message: str, details: Sequence[str] = ()) -> None:
    one_line = " ".join(message.split())
    sys.stderr.write(f"{PROG}: {one_line}\n")
    for line in details:
        sys.stderr.write(f"  {line}\n")


def _why(e: OSError) -> str:
    return (e.strerror or str(e)).lower()


def _os_message(e: OSError) -> str:
    return f"{e.filename}: {_why(e)}" if e.filename else _why(e)


def _say(args: argparse.Namespace, message: str) -> None:
    if getattr(args, "verbose", False):
        print(message)


# -- shared helpers ----------------------------------------------------------------------------


def load(path: str) -> tuple[CardText, Card]:
    """Read (strictly) and parse a card; CardReadError is a one-line message naming the path."""
    from .core.parse import parse_card
    from .core.store import read_card

    text = read_card(path)
    return text, parse_card(text.text, newline=text.newline, bom=text.bom)


def template_for(card_path: str, override: str | None) -> Template:
    from .core import template

    try:
        return template.template_for(card_path, override)
    except OSError as e:
        where = override or str(template.find_team_template(card_path) or "template")
        raise CliError(f"{where}: cannot read the template ({_why(e)})") from None


def save(path: str, before: CardText, card: Card) -> bool:
    """Write the card if its text changed; refuse when the file changed on disk since it was read.

    Returns whether anything was written.
    """
    from .core.store import sha256_of_file, write_atomic

    if card.text == before.text and card.bom == before.bom:
        return False
    if sha256_of_file(path) != before.sha256:
        raise CliError(f"{path}: changed on disk since it was read; nothing written, try again")
    write_atomic(path, card.to_bytes())
    return True


def resolve_field(card: Card, query: str, where: str) -> Field:
    """A field by path or unique suffix (``core.paths``), as a one-line CLI error otherwise."""
    from .core.paths import FieldNotFound
    from .core.paths import resolve_field as resolve

    try:
        return card.field(resolve(card, query))
    except FieldNotFound as error:
        if "ambiguous" in str(error):
            raise CliError(f"{where}: {error}", error.candidates) from None
        near = error.candidates
        hint = "; did you mean one of these?" if near else f" (`{PROG} fields {where}` lists them)"
        raise CliError(f"{where}: {error}{hint}", near) from None


def _escape(value: str) -> str:
    return (
        value.replace("\t", "\\t").replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")
    )


def _check_box(field: Field) -> str:
    return f"[{'x' if field.checked else ' '}] {field.value}"


# -- edit / review ---------------------------------------------------------------------------


def _launch(args: argparse.Namespace, *, review: bool) -> int:
    path: str = args.path
    goto: str | None = args.goto
    if review or os.path.lexists(path):
        # an unreadable card is an error here, not a crash in the app; only --goto needs the
        # card parsed (parsing imports the core, which the editor's first frame does not wait for)
        if goto:
            _, card = load(path)
            goto = resolve_field(card, goto, path).path
        else:
            from .core.store import read_card

            read_card(path)
    elif not os.path.isdir(folder := os.path.dirname(os.path.abspath(path))):
        raise CliError(f"{path}: folder {folder} does not exist")
    if args.template and not os.path.isfile(args.template):
        raise CliError(f"{args.template}: no such template file")
    try:
        from .app import run_editor  # type: ignore[attr-defined, unused-ignore]
    except ImportError as e:
        if args.debug:
            traceback.print_exc()
        raise CliError(f"the editor is not available in this installation ({e})") from None
    return int(run_editor(path, template=args.template, goto=goto, review=review))


def cmd_edit(args: argparse.Namespace) -> int:
    return _launch(args, review=False)


def cmd_review(args: argparse.Namespace) -> int:
    if not args.report:
        return _launch(args, review=True)
    from importlib.util import find_spec

    from .core.validate import validate

    _, card = load(args.path)
    template = template_for(args.path, args.template)
    findings = validate(card, template, path=args.path)
    if find_spec("perfcard_tui.core.report") is None:
        raise CliError("the review report is not available in this installation")
    from .core.report import render_report  # type: ignore[import-not-found, unused-ignore]

    report: str = render_report(card, template, findings, args.path)
    sys.stdout.write(report if report.endswith("\n") else report + "\n")
    return 0


# -- new ---------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from .core.store import write_atomic
    from .core.template import new_card_text

    path: str = args.path
    title = (args.title if args.title is not None else Path(path).stem).strip()
    if not title or "\n" in title or "\r" in title:
        raise CliError(f"{path}: the title must be one non-empty line")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise CliError(f"{path}: folder {folder} does not exist")
    if os.path.lexists(path) and not args.force:
        raise CliError(f"{path}: already exists (use --force to overwrite)")
    template = template_for(path, args.template)
    write_atomic(path, new_card_text(template, title).encode("utf-8"))
    _say(args, f"{path}: created from the {template.source} template")
    return 0


# -- check -------------------------------------------------------------------------------------


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


# per worker process: template source -> Template (None = built-in)
_TEMPLATES: dict[str | None, Template] = {}


def _template_at(source: str | None) -> Template:
    if source not in _TEMPLATES:
        from .core.template import builtin_template, template_from

        _TEMPLATES[source] = builtin_template() if source is None else template_from(source)
    return _TEMPLATES[source]


CheckTask = tuple[str, str | None, str]  # card path, template source, folder key


def check_chunk(
    tasks: Sequence[CheckTask], stems: dict[str, frozenset[str]], today: date
) -> list[dict[str, Any]]:
    """Check some cards; plain dicts come back so a worker process returns them cheaply."""
    from .core.store import CardReadError
    from .core.validate import validate

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
        results.append(
            {
                "path": path,
                "findings": [
                    {
                        "severity": f.severity.value,
                        "code": f.code,
                        "section": f.section,
                        "field": f.field,
                        "line": f.line,
                        "message": f.message,
                    }
                    for f in findings
                ],
            }
        )
    return results


def _plan(files: Sequence[str], override: str | None) -> tuple[list[CheckTask], dict[str, Any]]:
    """Per file: its template and folder; the folder listings and templates are read once."""
    from .core.template import find_team_template
    from .core.validate import folder_stems

    _TEMPLATES.clear()  # a long-lived caller may have changed a template since the last run
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
            raise CliError(f"{source}: cannot read the template ({_why(e)})") from None
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
    where = " › ".join(p for p in (f["section"], f["field"]) if p)
    return f"{path}:{f['line']}: {f['severity']}[{f['code']}] {where + ': ' if where else ''}" + (
        " ".join(str(f["message"]).split())
    )


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
        json.dump({"files": checked, "summary": summary}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.writelines(format_finding(r["path"], f) + "\n" for r in checked for f in r["findings"])
        out.write(
            f"{summary['files']} files, {summary['errors']} errors, "
            f"{summary['warnings']} warnings, {summary['infos']} infos\n"
        )
    out.flush()
    for r in unreadable:
        sys.stderr.write(f"{r['error']}\n")
    if unreadable:
        return 2
    failing = summary["errors"] + (summary["warnings"] if args.strict else 0)
    return 1 if failing else 0


# -- fields / get / set ------------------------------------------------------------------------


def cmd_fields(args: argparse.Namespace) -> int:
    from .core.model import FieldKind

    _, card = load(args.path)
    fields = [f for _, f in card.fields() if f.kind is not FieldKind.TABLE]
    if args.json:
        rows = [
            {
                "path": f.path,
                "label": f.label,
                "kind": f.kind.value,
                "value": f.value,
                "line": card.line_of(f.path),
                "checked": f.checked,
            }
            for f in fields
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for f in fields:
        value = _check_box(f) if f.kind is FieldKind.CHECK else f.value
        sys.stdout.write(f"{f.path}\t{_escape(value)}\n")
    return 0


def cmd_get(args: argparse.Namespace) -> int:
    from .core.model import FieldKind

    _, card = load(args.path)
    field = resolve_field(card, args.field, args.path)
    if field.kind is FieldKind.CHECK:
        print("done" if field.checked else "todo")
    else:
        sys.stdout.write(field.value if field.value.endswith("\n") else field.value + "\n")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from .core.edits import set_check, set_field
    from .core.model import FieldKind

    before, card = load(args.path)
    field = resolve_field(card, args.field, args.path)
    if field.kind is FieldKind.CHECK:
        state = args.value.strip().lower()
        if state not in ("done", "todo"):
            raise CliError(
                f"{args.path}: {field.path} is a checklist item: the value must be "
                f"done or todo, not '{args.value}'"
            )
        card = set_check(card, field.path, state == "done")
    else:
        card = set_field(card, field.path, args.value)
    written = save(args.path, before, card)
    _say(args, f"{args.path}: {field.path} {'set' if written else 'unchanged'}")
    return 0


# -- show --------------------------------------------------------------------------------------


def cmd_show(args: argparse.Namespace) -> int:
    from .cli_json import card_json
    from .core.validate import validate

    _, card = load(args.path)
    template = template_for(args.path, args.template)
    findings = validate(card, template, path=args.path)
    data = card_json(args.path, card, template, findings)
    if args.json:
        sys.stdout.write(data.model_dump_json(indent=2) + "\n")
        return 0
    fields = sum(len(s.fields) for s in data.sections)
    lines = [
        data.title or Path(args.path).stem,
        f"  file:       {args.path} ({data.newline.upper()}{', BOM' if data.bom else ''})",
        f"  template:   {data.template}",
        f"  sections:   {len(data.sections)}, {fields} fields; "
        + (
            "missing: " + ", ".join(s.title for s in data.missing_sections if not s.optional)
            if any(not s.optional for s in data.missing_sections)
            else "none missing"
        ),
    ]
    pm = data.primary_metric
    if pm is not None:
        current = pm.current.text if pm.current else "?"
        target = pm.target.text if pm.target else "?"
        metric = f"  metric:     {pm.name or 'primary metric'}: {current} → {target}"
        if pm.improvement:
            metric += f" ({pm.improvement.description}; {pm.reason})"
        lines.append(metric)
    done = sum(c.done for c in data.checklists)
    total = sum(c.total for c in data.checklists)
    lines.append(f"  checklists: {done}/{total} done")
    real = [s for s in data.sessions if not s.placeholder]
    last = f", last {real[-1].date}" if real else ""
    lines.append(f"  sessions:   {len(real)} logged{last}")
    counts = {
        sev: sum(1 for f in data.findings if f.severity == sev)
        for sev in ("error", "warning", "info")
    }
    lines.append(
        f"  findings:   {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['info']} infos"
    )
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


# -- fix-encoding ------------------------------------------------------------------------------


def cmd_fix_encoding(args: argparse.Namespace) -> int:
    from .core.names import fix_mojibake
    from .core.store import CardReadError, read_card, sha256_of_file, split_lines, write_atomic

    due = 0
    unreadable = 0
    for path in args.paths:
        try:
            before = read_card(path)
        except CardReadError as e:
            _fail(str(e))
            unreadable += 1
            continue
        fixed = fix_mojibake(before.text)
        if fixed == before.text:
            _say(args, f"{path}: no mojibake")
            continue
        changed = sum(
            a != b for a, b in zip(split_lines(before.text), split_lines(fixed), strict=False)
        )
        due += 1
        if args.check:
            print(
                f"{path}: {changed} line(s) hold mojibake; "
                f"`{PROG} fix-encoding {path}` repairs them"
            )
            continue
        if sha256_of_file(path) != before.sha256:
            raise CliError(f"{path}: changed on disk since it was read; nothing written, try again")
        write_atomic(path, before.with_text(fixed).to_bytes())
        print(f"{path}: repaired mojibake on {changed} line(s)")
    if unreadable:
        return 2
    return 1 if args.check and due else 0


# -- log ---------------------------------------------------------------------------------------


def default_name(folder: str) -> str:
    """``git config user.name`` as seen from the card's folder, else the login name."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        name = done.stdout.strip()
        if done.returncode == 0 and name:
            return name
    except (OSError, subprocess.SubprocessError):
        pass
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown"


def _real_date(text: str, path: str) -> str:
    text = text.strip()
    if _ISO_DATE.fullmatch(text):
        try:
            date.fromisoformat(text)
            return text
        except ValueError:
            pass
    raise CliError(f"{path}: --date '{text}' is not a real date (YYYY-MM-DD)")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _items(texts: Sequence[str]) -> tuple[str, ...]:
    """List items as the entry writes them: one line each, empty ones dropped."""
    return tuple(_one_line(t) for t in texts if t.strip())


def cmd_log(args: argparse.Namespace) -> int:
    from .core import metrics as m
    from .core.sessions import SessionEntry, format_entry, insert_session, parse_sessions
    from .core.template import is_placeholder, match_sections
    from .core.validate import Context, primary_metric

    path: str = args.path
    day = _real_date(args.date, path) if args.date is not None else date.today().isoformat()
    for option in ("before", "after"):
        given = getattr(args, option)
        if given is not None and m.parse_quantity(given) is None:
            raise CliError(
                f"{path}: --{option} '{given}' has no number with a unit we understand "
                "(e.g. 420ms, 2.1 GB, 900 req/s, 35%)"
            )
    before_text, card = load(path)
    template = template_for(path, None)
    ctx = Context(card=card, template=template, today=date.today(), folder_stems=None)
    ctx.matched = match_sections(card, template)
    pm = primary_metric(ctx)
    sessions = [s for s in parse_sessions(card) if not s.is_placeholder]

    before = args.before
    if before is None and args.after is not None:
        last_after = next((s.metric("After") for s in reversed(sessions) if s.metric("After")), "")
        current = pm.current.text.strip() if pm.current else ""
        before = last_after or current or None
    gain = args.improvement
    if gain is None and before is not None and args.after is not None:
        b, a = m.parse_quantity(before), m.parse_quantity(args.after)
        if b is not None and a is not None and not is_placeholder(before):
            direction, _ = m.infer_direction(b, pm.name)
            computed = m.improvement(b, a, direction)
            if computed is None:
                raise CliError(
                    f"{path}: no improvement follows from Before '{before}' ({b.dimension}) "
                    f"to After '{args.after}' ({a.dimension}); give --before or --improvement"
                )
            gain = computed.describe()
    metrics = tuple(
        (label, _one_line(value))
        for label, value in (("Before", before), ("After", args.after), ("Improvement", gain))
        if value and value.strip()
    )
    name = (
        args.name if args.name is not None else default_name(os.path.dirname(os.path.abspath(path)))
    ).strip()
    if not name or any(c in name for c in "\r\n()"):
        raise CliError(f"{path}: --name must be one line without parentheses")
    entry = SessionEntry(
        date=day,
        name=name,
        completed=_items(args.completed),
        metrics=metrics,
        in_progress=_items(args.in_progress),
        issues=_items(args.issue),
        next_steps=_items(args.next),
        notes=args.notes,
    )
    updated = insert_session(card, entry)  # ValueError without Progress Notes: one line, exit 2
    save(path, before_text, updated)
    sys.stdout.write(format_entry(entry, "\n", card.mojibake) + "\n")
    return 0
