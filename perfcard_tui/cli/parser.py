"""The command line's shape: argparse, and the shortcuts (``perfcard-tui PATH``, ``--review``)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from .. import __version__
from .bench import add_import_arguments, cmd_bench_import
from .check import cmd_check
from .common import COMMANDS, GLOBAL_FLAGS, PROG
from .fields import cmd_fields, cmd_fix_encoding, cmd_get, cmd_set, cmd_show
from .launch import cmd_edit, cmd_new, cmd_review
from .list import cmd_list
from .log import add_after_from_arguments, cmd_log


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
    p.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="github: workflow annotations that show on a pull request's diff",
    )
    p.add_argument("--strict", action="store_true", help="warnings fail the check too")
    p.add_argument("--no-cache", action="store_true", help="judge every card again")
    p.add_argument(
        "--only-cards",
        action="store_true",
        help="skip files that do not look like cards (a README, docs): for a pre-commit hook",
    )
    template_option(p)

    p = command("list", cmd_list, "one row per card in a folder: status, progress, findings")
    p.add_argument("folder", metavar="DIR", help="a folder of cards, or a repository with .gitban")
    p.add_argument("--json", action="store_true", help="the rows as JSON, for scripts")
    p.add_argument(
        "--filter", default="", metavar="TOKENS", help="e.g. 'status:todo type:perf p:0 has:errors'"
    )
    p.add_argument("--sort", default="path", metavar="COLUMN", help="a column; -COLUMN descends")
    p.add_argument("--archived", action="store_true", help="include archived cards")
    p.add_argument("--no-cache", action="store_true", help="read and judge every card again")
    template_option(p)

    p = command(
        "fields",
        cmd_fields,
        "list every field path with its current value, then every block by its address "
        "(SECTION#item-N), then every name (SECTION#name-N)",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true", help="a JSON list instead of path<TAB>value")

    field_help = (
        "field path, or any unique suffix of one; or a block's address: SECTION#item-N, "
        "SECTION#paragraph-N; or a name's (the **Label** of a field or group): SECTION#name-N "
        "(SECTION: a key, or a unique tail of one)"
    )
    p = command(
        "get",
        cmd_get,
        "print one field's, block's or name's value (a checklist item: done or todo)",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("field", metavar="FIELD", help=field_help)

    p = command("set", cmd_set, "change one field's, block's or name's value, and only its bytes")
    p.add_argument("path", metavar="PATH")
    p.add_argument("field", metavar="FIELD", help=field_help)
    p.add_argument(
        "value",
        metavar="VALUE",
        nargs="?",
        help="the new value; done or todo for a checklist item (after `--` if it starts with -)",
    )
    p.add_argument(
        "--text", metavar="TEXT", help="a checklist item's new text (with or without VALUE)"
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
    add_after_from_arguments(p)
    p.add_argument("--improvement", metavar="T", help="default: computed from Before and After")
    p.add_argument("--in-progress", action="append", default=[], metavar="TEXT")
    p.add_argument("--issue", action="append", default=[], metavar="TEXT", help="problem: fix")
    p.add_argument("--next", action="append", default=[], metavar="TEXT")
    p.add_argument("--notes", default="", metavar="TEXT")

    p = command("bench", _no_action, "benchmark results from the files tools write")
    actions = p.add_subparsers(dest="bench_action", metavar="ACTION", parser_class=_Parser)
    p = actions.add_parser(
        "import",
        parents=[common],
        help="import benchmark output into Benchmark Results and Performance Comparison",
        description="Read benchmark output (pytest-benchmark, hyperfine, Google Benchmark, "
        "Criterion.rs, JMH, k6, go test -bench, benchstat, wrk) and write its numbers into "
        "the card: the Before or After block, the comparison row and its Improvement.",
    )
    p.set_defaults(run=cmd_bench_import)
    add_import_arguments(p)
    return parser


def _no_action(args: argparse.Namespace) -> int:
    from .common import CliError

    raise CliError(f"bench: give an action: `{PROG} bench import CARD FILE...`")


def route(argv: Sequence[str]) -> list[str]:
    """Turn the shortcuts into commands: ``PATH`` → ``edit PATH``, ``--review PATH`` →
    ``review PATH``. A card named like a command is opened with ``edit NAME``."""
    head: list[str] = []
    review = False
    i = 0
    while i < len(argv):
        if argv[i] == "--review":
            review = True
        elif argv[i] in GLOBAL_FLAGS:
            head.append(argv[i])
        else:
            break
        i += 1
    rest = list(argv[i:])
    if review:
        if rest and rest[0] == "review":
            rest = rest[1:]
        return [*head, "review", *rest]
    if not rest and not head:
        # alone, inside a gitban repository: its board
        from ..core.gitban.repository import repository_root

        root = repository_root(os.getcwd())
        if root is not None:
            return ["edit", str(root)]
    if not rest or rest[0] in COMMANDS:
        return [*head, *rest]
    return [*head, "edit", *rest]
