"""What every command shares: the error type, messages, and reading/saving a card."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..core.display import UNSAFE, has_unsafe, safe_text

if TYPE_CHECKING:
    from ..core.model import Card, Field
    from ..core.paths import FieldNotFound
    from ..core.store import CardText
    from ..core.template import Template
    from ..core.validate import Finding

PROG = "perfcard-tui"
COMMANDS = (
    "edit",
    "review",
    "new",
    "check",
    "list",
    "fields",
    "get",
    "set",
    "show",
    "fix-encoding",
    "log",
    "bench",
)
# options that belong to the program itself and may come before the command
GLOBAL_FLAGS = {"--debug", "-v", "--verbose", "--version", "-h", "--help"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# json.dumps(ensure_ascii=False) escapes C0 but leaves DEL, C1 and bidi controls raw
_JSON_ESCAPES = {ord(ch): f"\\u{ord(ch):04x}" for ch in UNSAFE}


class CliError(Exception):
    """A user-facing failure: one line, then optional detail lines (candidates), then an exit."""

    def __init__(self, message: str, details: Sequence[str] = (), code: int = 2) -> None:
        super().__init__(message)
        self.details = list(details)
        self.code = code


def fail(message: str, details: Sequence[str] = ()) -> None:
    """An error on stderr; messages quote card text and arguments, so they are shown safe."""
    one_line = " ".join(safe_text(message).split())
    sys.stderr.write(f"{PROG}: {one_line}\n")
    for line in details:
        sys.stderr.write(f"  {safe_text(line)}\n")


def for_stdout(value: str) -> str:
    """A value as `get` prints it: exact for a pipe (scripts get the real bytes), made visible
    for a terminal (a pasted escape sequence must not drive it)."""
    return safe_text(value) if sys.stdout.isatty() else value


def json_text(text: str) -> str:
    """JSON text with every terminal-driving character written as \\uXXXX, emoji left readable.

    Raw, those characters can only sit inside JSON strings, where \\uXXXX means the same.
    """
    return text.translate(_JSON_ESCAPES) if has_unsafe(text) else text


def finding_json(f: Finding) -> dict[str, Any]:
    """A finding as JSON: one shape for `check --format json`, `show --json` and the cache."""
    from ..core.board.findings import finding_dict

    return finding_dict(f)


def why(e: OSError) -> str:
    return (e.strerror or str(e)).lower()


def os_message(e: OSError) -> str:
    return f"{e.filename}: {why(e)}" if e.filename else why(e)


def say(args: argparse.Namespace, message: str) -> None:
    if getattr(args, "verbose", False):
        print(safe_text(message))


def load(path: str) -> tuple[CardText, Card]:
    """Read (strictly) and parse a card; CardReadError is a one-line message naming the path.

    A command reads the card once: its sections' texts are decoded from the bytes when asked
    for, not kept beside them (``parse_read(keep_text=False)``)."""
    from ..core.parse import parse_read
    from ..core.store import read_card

    text = read_card(path)
    return text, parse_read(text, keep_text=False)


def template_for(card_path: str, override: str | None) -> Template:
    from ..core import template

    try:
        return template.template_for(card_path, override)
    except OSError as e:
        where = override or str(template.find_team_template(card_path) or "template")
        raise CliError(f"{where}: cannot read the template ({why(e)})") from None


def save(path: str, before: CardText, card: Card) -> bool:
    """Write the card if its text changed; refuse when the file changed on disk since it was read.

    Returns whether anything was written. A card the user may not write is refused by
    `write_atomic` (`store.check_writable`), in the editor's words: CardReadOnlyError, exit 2.
    """
    from ..core.store import sha256_of_file, write_atomic

    if card.bom == before.bom and card.text == before.text:
        return False
    if sha256_of_file(path) != before.sha256:
        raise CliError(f"{path}: changed on disk since it was read; nothing written, try again")
    write_atomic(path, card.chunks())
    return True


def resolve_field(card: Card, query: str, where: str) -> Field:
    """A field by path or unique suffix (``core.paths``), as a one-line CLI error otherwise."""
    from ..core.paths import FieldNotFound
    from ..core.paths import resolve_field as resolve

    try:
        return card.field(resolve(card, query))
    except FieldNotFound as error:
        raise not_found(error, where) from None


def not_found(error: FieldNotFound, where: str) -> CliError:
    """A field or block not found, as one line: the candidates near it, or where to list them."""
    near = error.candidates
    if "ambiguous" in str(error):
        return CliError(f"{where}: {error}", near)
    hint = "; did you mean one of these?" if near else f" (`{PROG} fields {where}` lists them)"
    return CliError(f"{where}: {error}{hint}", near)


def escape(value: str) -> str:
    return (
        value.replace("\t", "\\t").replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")
    )


def check_box(field: Field) -> str:
    return f"[{'x' if field.checked else ' '}] {field.value}"
