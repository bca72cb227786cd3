"""Saving a card the user may not write, and the temp files a killed save leaves.

1. Every write refuses a card the user may not write, before anything is written, with one
   message (`store.read_only_message`): the CLI prints it as one line and exits 2, the editor's
   buffer raises it, the editor's notice shows it. A 0o444 card in a writable folder is the case
   that matters: the rename of an atomic save could replace it, so only the check stops it.
   Root may write anything (`os.access` says so), and CI runs as root: there the refusals run as
   `nobody` in a forked child. Fork, not exec: the interpreter may sit where `nobody` cannot read
   it, so everything the child needs is imported before it drops its privileges. Not root, the
   same tests run as the user, on a card made 0o444.
2. A save's temp file is named for its writer; a killed save's is removed by the next open or save
   of the card once it is stale, never while a save may still be writing it, and `check` mentions
   every one it sees (stderr, one line each, no change to the exit status).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import pkgutil
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from perfcard_tui.cli import main
from perfcard_tui.core import store
from perfcard_tui.core.buffer import CardBuffer
from perfcard_tui.core.names import to_mojibake
from perfcard_tui.core.parse import parse_card

ROOT = Path(__file__).resolve().parents[1]
PERF7 = ROOT / "sample_cards" / "PERF-7.md"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
FIELD = "current-value"
CARD_TEMP = r"\.{name}\.perfcard-tui\.(\d+)\.[0-9a-f]{{8}}\.tmp"


# -- running as a user who may not write the card ----------------------------------------------


def _nobody() -> tuple[int, int] | None:
    try:
        import pwd

        entry = pwd.getpwnam("nobody")
    except (ImportError, KeyError):
        return None
    return entry.pw_uid, entry.pw_gid


def _warm_up() -> None:
    """Run every path the tests take once, as the test's user, in this process: the CLI and
    the core import lazily (modules, codecs, package resources), and a child that is `nobody`
    may not be able to read the interpreter's files; forked, it finds them loaded."""
    for package in ("perfcard_tui.cli", "perfcard_tui.core"):
        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(module.__path__, package + "."):
            importlib.import_module(info.name)
    with tempfile.TemporaryDirectory() as scratch:
        card = Path(scratch) / "card.md"
        quiet = io.StringIO()
        for argv in _commands(card).values():
            card.write_text(_mojibake_card(), encoding="utf-8")
            with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
                main([str(a) for a in argv])
        buffer = CardBuffer.open(card)
        buffer.save(parse_card(buffer.card.text + "\n"))


def in_child(fn: Callable[[], Any], ids: tuple[int, int] | None) -> Any:
    """``fn()`` in a forked child, as the user ``ids`` (uid, gid) when given; its JSON result."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_end)
        try:
            if ids is not None:
                os.setgroups([])
                os.setgid(ids[1])
                os.setuid(ids[0])
            payload = json.dumps({"ok": fn()})
        except BaseException:
            payload = json.dumps({"error": traceback.format_exc()})
        with os.fdopen(write_end, "w", encoding="utf-8") as out:
            out.write(payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as answer:
        text = answer.read()
    os.waitpid(pid, 0)
    result = json.loads(text)
    assert "error" not in result, result["error"]
    return result["ok"]


@dataclass
class Cli:
    code: int
    out: str
    err: str


@dataclass
class Place:
    """A folder where the runner's user may write, and how to run things as that user."""

    folder: Path
    ids: tuple[int, int] | None  # None: as the test's own user

    def cli(self, *argv: object) -> Cli:
        def call() -> list[Any]:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([str(a) for a in argv])
            return [code, out.getvalue(), err.getvalue()]

        code, out, err = in_child(call, self.ids)
        return Cli(code, out, err)

    def run(self, fn: Callable[[], Any]) -> Any:
        return in_child(fn, self.ids)

    def card(self, name: str, data: bytes, mode: int) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        path.chmod(mode)
        return path


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Place]:
    if not hasattr(os, "fork"):
        pytest.skip("needs os.fork")
    if not IS_ROOT:
        yield Place(tmp_path, None)  # a 0o444 card is refused to this user as it is
        return
    ids = _nobody()
    if ids is None:
        pytest.skip("running as root and there is no `nobody` user to run the test as")
    _warm_up()
    # a folder `nobody` can reach and write in (pytest's tmp_path sits in root's 0o700 folder)
    folder = Path(tempfile.mkdtemp(prefix="perfcard-permissions-"))
    try:
        folder.chmod(0o777)
        reach = Place(folder, ids).run(lambda: os.access(folder, os.W_OK | os.X_OK))
        if not reach:
            pytest.skip(f"`nobody` cannot reach {folder.parent} to write a card there")
        yield Place(folder, ids)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fingerprint(path: Path) -> tuple[bytes, int, int, int, int, int]:
    info = path.stat()
    return (
        path.read_bytes(),
        info.st_ino,
        info.st_mode,
        info.st_uid,
        info.st_gid,
        info.st_mtime_ns,
    )


def temp_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def one_line_refusal(result: Cli, card: Path) -> None:
    assert result.code == 2, result
    assert "Traceback" not in result.err
    assert result.err == f"perfcard-tui: {store.read_only_message(card)}\n"


# -- 1. a card the user may not write ----------------------------------------------------------


def _mojibake_card() -> str:
    """PERF-7 with an emoji spelled as mojibake: every command below has something to write."""
    text = PERF7.read_text(encoding="utf-8")
    return text.replace("Performance", to_mojibake("Performance 🚀"), 1)


def _commands(card: Path) -> dict[str, list[object]]:
    return {
        "set": ["set", card, FIELD, "123 ms"],
        "log": ["log", card, "--date", "2025-01-02", "--name", "Ada", "--notes", "tried"],
        "new --force": ["new", card, "--force", "--title", "Again"],
        "fix-encoding": ["fix-encoding", card],
    }


@pytest.mark.parametrize("command", ["set", "log", "new --force", "fix-encoding"])
def test_cli_refuses_a_read_only_card(place: Place, command: str) -> None:
    card = place.card("card.md", _mojibake_card().encode(), 0o444)
    before = fingerprint(card)
    result = place.cli(*_commands(card)[command])
    one_line_refusal(result, card)
    assert fingerprint(card) == before
    assert temp_names(place.folder) == []


def test_the_same_command_writes_a_writable_card(place: Place) -> None:
    """The control: the refusals above are the permission's, not some other failure's."""
    card = place.card("card.md", PERF7.read_bytes(), 0o666)
    result = place.cli(*_commands(card)["set"])
    assert (result.code, result.err) == (0, ""), result
    assert b"123 ms" in card.read_bytes()
    assert stat.S_IMODE(card.stat().st_mode) == 0o666
    assert temp_names(place.folder) == []


def test_a_read_only_folder_gets_the_same_message(place: Place) -> None:
    card = place.card("card.md", PERF7.read_bytes(), 0o666)
    place.folder.chmod(0o555)
    try:
        before = fingerprint(card)
        one_line_refusal(place.cli(*_commands(card)["set"]), card)
        assert fingerprint(card) == before
    finally:
        place.folder.chmod(0o777)


@pytest.mark.skipif(
    not IS_ROOT, reason="needs a card owned by another user (the test runs as root)"
)
def test_a_sticky_folder_refuses_another_users_card(place: Place) -> None:
    """In a sticky folder (/tmp) only the file's or the folder's owner may rename over it: the
    card is writable in place, but an atomic save cannot replace it."""
    card = place.card("card.md", PERF7.read_bytes(), 0o666)
    place.folder.chmod(0o1777)
    before = fingerprint(card)
    one_line_refusal(place.cli(*_commands(card)["set"]), card)
    assert fingerprint(card) == before


def test_the_editors_buffer_refuses_with_the_same_words(place: Place) -> None:
    card = place.card("card.md", PERF7.read_bytes(), 0o444)
    before = fingerprint(card)

    def open_and_save() -> list[Any]:
        buffer = CardBuffer.open(card)
        opened_writable = buffer.writable
        buffer.replace(parse_card(buffer.card.text + "\nOne more line.\n"))
        buffer.writable = True  # as if it were chmod-ed after the open: the save still checks
        try:
            buffer.save()
        except store.CardReadOnlyError as error:
            return [opened_writable, str(error), buffer.writable]
        return [opened_writable, "", buffer.writable]

    opened_writable, message, writable = place.run(open_and_save)
    assert not opened_writable
    assert message == store.read_only_message(card)
    assert not writable
    assert fingerprint(card) == before
    assert temp_names(place.folder) == []


def test_the_editors_notice_is_the_same_message(tmp_path: Path) -> None:
    pytest.importorskip("textual")
    from perfcard_tui.app.open_card import OpenCard

    card = tmp_path / "card.md"
    card.write_bytes(PERF7.read_bytes())
    shown: list[tuple[str, str]] = []

    def notify(message: str, *, severity: str = "information", **_: Any) -> None:
        shown.append((message, severity))

    buffer = CardBuffer.open(card)
    buffer.writable = False
    owner = OpenCard(SimpleNamespace(notify=notify), buffer)  # type: ignore[arg-type]
    assert owner.save() is False
    assert shown == [(store.read_only_message(card), "error")]


# -- 2. temp files a killed save leaves --------------------------------------------------------

KILLED_SAVE = """
import os, signal, sys
from perfcard_tui.core import store

def killed(fd):  # the data is in the temp file; the rename never comes
    os.kill(os.getpid(), signal.SIGKILL)

store.os.fsync = killed
store.write_atomic(sys.argv[1], b"x" * 5_000_000)
"""


def killed_save(card: Path) -> Path:
    """Really kill a process in the middle of saving ``card``; the temp file it left."""
    before = set(temp_names(card.parent))
    proc = subprocess.run([sys.executable, "-c", KILLED_SAVE, str(card)], timeout=60)
    assert proc.returncode == -signal.SIGKILL
    (left,) = set(temp_names(card.parent)) - before
    return card.parent / left


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def cli(*argv: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfcard_tui", *map(str, argv)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_a_killed_save_leaves_a_temp_file_named_for_its_writer(tmp_path: Path) -> None:
    import re

    card = tmp_path / "card.md"
    card.write_bytes(PERF7.read_bytes())
    temp = killed_save(card)
    match = re.fullmatch(CARD_TEMP.format(name=r"card\.md"), temp.name)
    assert match, temp.name
    assert temp.stat().st_size == 5_000_000
    assert stat.S_IMODE(temp.stat().st_mode) == 0o600
    assert card.read_bytes() == PERF7.read_bytes()  # the card itself is untouched
    (found,) = store.temp_files(tmp_path, "card.md")
    assert found.pid == int(match[1]) and not found.stale  # just written: a save may be running


def test_the_next_save_removes_a_killed_saves_temp_file_once_stale(tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    card.write_bytes(PERF7.read_bytes())
    temp = killed_save(card)
    # right after: too fresh to tell from a save still writing (another machine, another pid
    # namespace), so it is kept
    assert cli("set", card, FIELD, "1 ms").returncode == 0
    assert temp.exists()
    age(temp, store.TEMP_GRACE + 60)
    result = cli("set", card, FIELD, "2 ms")
    assert (result.returncode, result.stderr) == (0, "")
    assert not temp.exists()
    assert temp_names(tmp_path) == []


def test_the_next_open_removes_a_killed_saves_temp_file_once_stale(tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    card.write_bytes(PERF7.read_bytes())
    temp = killed_save(card)
    age(temp, store.TEMP_GRACE + 60)
    other = tmp_path / "other.md"
    other.write_bytes(PERF7.read_bytes())
    CardBuffer.open(other)
    assert temp.exists()  # another card's open leaves it
    CardBuffer.open(card)
    assert not temp.exists()


def test_check_mentions_every_temp_file_it_sees(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    (folder / "sub").mkdir(parents=True)
    card = folder / "card.md"
    card.write_bytes(PERF7.read_bytes())
    (folder / "sub" / "deep.md").write_bytes(PERF7.read_bytes())
    baseline = cli("check", folder)
    assert baseline.stderr == ""

    stale = killed_save(card)
    age(stale, store.TEMP_GRACE + 60)
    fresh = killed_save(folder / "sub" / "deep.md")
    hidden = folder / ".git"  # hidden folders are not searched for cards, nor for temp files
    hidden.mkdir()
    (hidden / ".x.md.perfcard-tui.1.0123abcd.tmp").write_bytes(b"x")

    result = cli("check", folder)
    assert result.returncode == baseline.returncode  # a warning about the folder, not a finding
    assert result.stdout == baseline.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith(f"{stale}: warning: leftover temp file of an interrupted save")
    assert "of card.md (5.0 MB, pid " in lines[0] and "removes it" in lines[0]
    assert lines[1].startswith(f"{fresh}: warning: temp file of a save of deep.md")
    assert "a save may be in progress" in lines[1]
    assert stale.exists() and fresh.exists()  # check only looks

    # a card named: its own temp files only; --strict and JSON keep to the same rules
    result = cli("check", card, "--strict", "--format", "json")
    assert result.returncode == cli("check", card, "--strict").returncode
    assert json.loads(result.stdout)["summary"]["files"] == 1
    assert result.stderr.splitlines() == lines[:1]
