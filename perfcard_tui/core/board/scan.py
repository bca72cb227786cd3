"""Finding the cards in a folder tree, by names and places alone (one stat per file, no read).

A folder that holds ``.gitban/cards`` stands for its cards. Below the folder, every ``*.md`` is
a card except the files that are not (``not_a_card``): under a gitban cards folder, a file
gitban did not name (a sprint's ``SUMMARY.md``, a README); anywhere, a repository document
(README, CHANGELOG, LICENSE…). Those are listed apart, never checked. Hidden files and folders
(``.lock``, ``.git``, a save's temp file) are skipped, symlinked folders are not followed, and
an ``archive`` folder on the way marks its cards archived.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from ..gitban.names import CardName, parse_card_name
from .stamp import Stamp

GITBAN_CARDS = os.path.join(".gitban", "cards")
ARCHIVE = "archive"
# what a repository keeps beside its code; never a card, whatever folder it is in
REPOSITORY_DOCUMENTS = frozenset(
    {
        "readme",
        "summary",
        "changelog",
        "changes",
        "history",
        "news",
        "contributing",
        "license",
        "licence",
        "copying",
        "notice",
        "authors",
        "code_of_conduct",
        "security",
        "support",
    }
)


@dataclass(frozen=True, slots=True)
class CardFile:
    """A card as its name and place tell it, before anyone reads it."""

    path: str
    """As found: the folder given, joined with the path below it."""
    name: CardName | None
    """The parts of its gitban file name; None for a card named otherwise (``PERF-7.md``)."""
    archived: bool
    stamp: Stamp | None
    """None when the file could not be stat'ed (a dangling symlink): reading it will say why."""


@dataclass(frozen=True, slots=True)
class OtherFile:
    """A markdown file that is not a card, and why."""

    path: str
    why: str


@dataclass(frozen=True, slots=True)
class Scan:
    folder: str
    """The folder searched: the one given, or its ``.gitban/cards``."""
    cards: tuple[CardFile, ...]
    others: tuple[OtherFile, ...]
    problems: tuple[str, ...] = ()
    """Folders below that could not be listed, one line each."""
    whole: bool = True
    """False for the first cards of a scan still under way (``scan_steps``)."""


def board_folder(folder: str) -> str:
    """The folder whose cards a board of ``folder`` shows: its ``.gitban/cards`` when it has one
    (a repository's root stands for its cards, not for its README and docs)."""
    cards = os.path.join(folder, GITBAN_CARDS)
    return cards if os.path.isdir(cards) else folder


def place(folder: str) -> tuple[bool, bool]:
    """Whether ``folder`` is (or lies below) a ``.gitban/cards`` folder, and whether it is an
    archive (``cards/archive/sprints`` given: its cards are archived cards)."""
    parts = os.path.abspath(folder).split(os.sep)
    for i in range(len(parts) - 1, 0, -1):
        if parts[i - 1] == ".gitban" and parts[i] == "cards":
            return True, ARCHIVE in parts[i + 1 :]
    return False, parts[-1] == ARCHIVE


def not_a_card(filename: str, gitban: bool) -> str | None:
    """Why a ``.md`` file is not a card, or None when it is one. ``gitban``: it lies under a
    gitban cards folder, where every card has a name gitban gave it."""
    return _why_not(filename, gitban, parse_card_name(filename))


def _why_not(filename: str, gitban: bool, name: CardName | None) -> str | None:
    stem = filename[:-3] if filename.lower().endswith(".md") else filename
    if gitban and name is None:
        return "not named like a gitban card"
    if stem.lower() in REPOSITORY_DOCUMENTS:
        return "a repository document"
    return None


def _markdown(name: str) -> bool:
    return name.lower().endswith(".md") and not name.startswith(".")


def _walk(
    top: str, archived: bool, gitban: bool, problems: list[str]
) -> Iterator[CardFile | OtherFile]:
    try:
        with os.scandir(top) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as e:
        problems.append(f"{top}: cannot list the folder ({(e.strerror or str(e)).lower()})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, archived or entry.name == ARCHIVE, gitban, problems)
            continue
        if not _markdown(entry.name):
            continue
        name = parse_card_name(entry.name)
        why = _why_not(entry.name, gitban, name)
        if why is not None:
            yield OtherFile(entry.path, why)
            continue
        try:
            stamp: Stamp | None = Stamp.of(entry.stat())
        except OSError:
            stamp = None
        yield CardFile(entry.path, name, archived, stamp)


def scan(folder: str) -> Scan:
    """The cards and other markdown files below ``folder`` (or its ``.gitban/cards``), sorted by
    path. A missing folder or a file raises the OSError ``os.scandir`` gives."""
    *_, whole = scan_steps(folder, first=None)
    return whole


def scan_steps(folder: str, first: int | None = 500) -> Iterator[Scan]:
    """``scan(folder)``, with a partial scan before it once ``first`` cards are found (None:
    none): a board of 10,000 cards can show its first screenful before every file's stat.
    Only the last scan is whole; each is sorted by path. Raises as ``scan`` does."""
    root = board_folder(folder)
    with os.scandir(root):  # the OSError that says why: missing, not a folder, no access
        pass
    problems: list[str] = []
    gitban, archived = place(root)
    found: list[CardFile | OtherFile] = []
    for one in _walk(root, archived, gitban, problems):
        found.append(one)
        if len(found) == first:
            yield _scan(root, found, problems, whole=False)
    yield _scan(root, found, problems, whole=True)


def _scan(
    root: str, found: list[CardFile | OtherFile], problems: list[str], *, whole: bool
) -> Scan:
    ordered = sorted(found, key=_path)
    cards = tuple(f for f in ordered if isinstance(f, CardFile))
    others = tuple(f for f in ordered if isinstance(f, OtherFile))
    return Scan(root, cards, others, tuple(problems), whole)


def _path(found: CardFile | OtherFile) -> str:
    return found.path
