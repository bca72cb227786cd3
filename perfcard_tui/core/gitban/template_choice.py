"""Which template a card is checked against.

In order: its lock file's ``template_name`` (gitban wrote down which template made the card),
else its front matter's ``template:`` or ``type:``, else the type in its gitban file name.
``{type}-{variant}`` falls back to ``{type}`` when the variant has no file. Files are looked
up in the nearest ``.gitban/templates/`` above the card that holds one of the names.

A perf card, and a card that names no type at all (every card before gitban's names), gets the
perf template: the team's ``perf.md`` if there is one, else the built-in one. A card of any other
type whose template no folder has gets *no* template rather than the perf one: checking a bug
against the perf sections would report a dozen missing sections that were never meant to be
there. The choice records what was looked for, so the caller can say so.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .front_matter import front_matter, read_front_matter
from .lock import cards_root, read_lock
from .names import parse_card_name

TEMPLATES = Path(".gitban") / "templates"
PERF = "perf"
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_CARDS = os.path.join(".gitban", "cards", "")


@dataclass(frozen=True, slots=True)
class TemplateChoice:
    name: str
    """The template the card asks for (``bug-regression``); "" when it names none."""
    asked_by: str
    """Where the name came from: ``its lock file``, ``its front matter``, ``its file name``,
    or "" when nothing named one."""
    path: Path | None
    """The template file found (a variant's type file when the variant has none), else None."""
    looked_in: tuple[Path, ...] = ()
    """The ``.gitban/templates`` folders above the card, nearest first."""

    @property
    def wants_perf(self) -> bool:
        """No file was found and the card is a perf card or names no type: the perf template."""
        return self.path is None and (not self.name or _fallbacks(self.name)[-1] == PERF)


def _clean(name: str) -> str:
    """A template name as gitban writes it (``bug-regression``), or "" for anything else: a lock
    or front matter could hold a path, and a name only ever picks a file in a templates folder."""
    name = name.strip().lower().removesuffix(".md")
    return name if _NAME.fullmatch(name) else ""


def _fallbacks(name: str) -> list[str]:
    """``bug-regression-ui`` → the names to try: itself, ``bug-regression``, ``bug``."""
    parts = name.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _named(card_path: str, text: str | None) -> tuple[str, str]:
    card_name = parse_card_name(os.path.basename(card_path))
    if (
        card_name is not None
        and _CARDS in card_path  # a quick no before pathlib's walk up: most cards are not gitban's
        and (root := cards_root(Path(card_path))) is not None
    ):
        lock = read_lock(root, card_name.id)
        if lock is not None and (name := _clean(lock.template_name)):
            return name, "its lock file"
    keys = read_front_matter(card_path) if text is None else front_matter(text)
    for key in ("template", "type"):
        if name := _clean(keys.get(key, "")):
            return name, "its front matter"
    if card_name is not None and (name := _clean(card_name.type)):
        return name, "its file name"
    return "", ""


@lru_cache(maxsize=4096)
def templates_folders(folder: str) -> tuple[Path, ...]:
    """Every ``.gitban/templates`` folder above ``folder``, nearest first."""
    start = Path(folder).resolve()
    return tuple(d / TEMPLATES for d in (start, *start.parents) if (d / TEMPLATES).is_dir())


def find_template(name: str, folders: tuple[Path, ...]) -> Path | None:
    """The nearest folder's file for ``name`` or, failing that, for the type it is a variant of."""
    for folder in folders:
        for candidate in _fallbacks(name):
            path = folder / f"{candidate}.md"
            if path.is_file():
                return path
    return None


@lru_cache(maxsize=16384)
def _found(folder: str, name: str) -> TemplateChoice:
    """The choice for a card in ``folder`` that asks for ``name``, worked out once per folder and
    name: ``check`` asks for each of thousands of cards, and templates hardly ever come and go
    while a process runs (``forget_templates`` starts over)."""
    folders = templates_folders(folder)
    return TemplateChoice(name, "", find_template(name or PERF, folders), folders)


def forget_templates() -> None:
    """Look for template folders and files afresh (one that was found has gone)."""
    templates_folders.cache_clear()
    _found.cache_clear()


def choose(card_path: str | os.PathLike[str], text: str | None = None) -> TemplateChoice:
    """The template choice for the card at ``card_path``. ``text`` is the card's text when the
    caller has it (else its head is read, and only when no lock file decides)."""
    path = os.path.abspath(card_path)
    name, asked_by = _named(path, text)
    found = _found(os.path.dirname(path), name)
    return replace(found, asked_by=asked_by) if asked_by else found
