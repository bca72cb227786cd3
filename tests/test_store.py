"""core/store.py: byte-exact round trips, one-line read errors, atomic writes."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from perfcard_tui.core import store
from perfcard_tui.core.store import (
    CardReadError,
    CardReadOnlyError,
    CardText,
    CardWriteError,
    check_writable,
    decode,
    detect_newline,
    is_writable,
    line_starts,
    read_card,
    read_only_message,
    remove_stale_temps,
    sha256_of_file,
    split_lines,
    temp_files,
    write_atomic,
)

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ROUND_TRIP = {
    "lf": b"# Title\n\n**Field**: value\n",
    "crlf": b"# Title\r\n\r\n**Field**: value\r\n",
    "cr": b"# Title\r\r**Field**: value\r",
    "mixed": b"a\r\nb\nc\rd\r\n\r\n",
    "bom": b"\xef\xbb\xbf# Title\r\nbody\r\n",
    "bom_only": b"\xef\xbb\xbf",
    "empty": b"",
    "no_final_newline": b"# Title\n\nlast line",
    "tabs_trailing_spaces": b"\t- item  \n*\tstar\t\n   \n",
    "emoji": "# 🚀 Perf 😀\nµs → ms\n".encode(),
    "formfeed_ls": "a\x0cb\u2028c\x0bd\x85e\n".encode(),
}


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_round_trip_is_byte_identical(tmp_path: Path, name: str) -> None:
    raw = ROUND_TRIP[name]
    card = tmp_path / "card.md"
    card.write_bytes(raw)
    ct = read_card(card)
    assert ct.to_bytes() == raw
    assert ct.bom == raw.startswith(b"\xef\xbb\xbf")
    assert not ct.text.startswith("\ufeff")
    assert ct.sha256 == hashlib.sha256(raw).hexdigest() == sha256_of_file(card)
    assert write_atomic(card, ct.to_bytes()) == ct.sha256
    assert card.read_bytes() == raw


def test_formfeed_and_line_separator_do_not_split() -> None:
    text = "a\x0cb\u2028c\x0bd\x85e\x1cf\n"
    assert split_lines(text) == [text]
    assert list(line_starts(text)) == [0]


def test_line_numbers_match_markdown_it() -> None:
    text = "# A\r\n\r\npara\rline\x0cx\u2028y\n\n- x\n* y"
    lines = split_lines(text)
    assert lines == ["# A\r\n", "\r\n", "para\r", "line\x0cx\u2028y\n", "\n", "- x\n", "* y"]
    opens = [(t.type, t.map) for t in MarkdownIt().parse(text) if t.map and t.nesting == 1]
    # Every block's first line, looked up by token.map[0], starts with that block's own text.
    firsts = [(kind, lines[m[0]][:4]) for kind, m in opens if kind != "bullet_list_open"]
    assert firsts == [
        ("heading_open", "# A\r"),
        ("paragraph_open", "para"),
        ("list_item_open", "- x\n"),
        ("paragraph_open", "- x\n"),
        ("list_item_open", "* y"),
        ("paragraph_open", "* y"),
    ]


@pytest.mark.parametrize(
    ("text", "lines", "starts"),
    [
        ("", [""], [0]),
        ("\n", ["\n"], [0]),
        ("a", ["a"], [0]),
        ("a\n", ["a\n"], [0]),
        ("a\nb", ["a\n", "b"], [0, 2]),
        ("a\nb\n", ["a\n", "b\n"], [0, 2]),
        ("a\r\n\r\n", ["a\r\n", "\r\n"], [0, 3]),
        ("\r\r\n\n", ["\r", "\r\n", "\n"], [0, 1, 3]),
    ],
)
def test_split_lines_and_starts(text: str, lines: list[str], starts: list[int]) -> None:
    assert split_lines(text) == lines
    assert list(line_starts(text)) == starts


@pytest.mark.parametrize(
    ("text", "newline"),
    [
        ("", "\n"),
        ("no break", "\n"),
        ("a\nb\n", "\n"),
        ("a\r\nb\r\n", "\r\n"),
        ("a\rb\r", "\r"),
        ("a\r\nb\r\nc\n", "\r\n"),
        ("a\nb\r\nc\r\n", "\r\n"),
        ("a\r\nb\n", "\r\n"),  # tie: the first one seen
        ("a\nb\r\n", "\n"),
    ],
)
def test_detect_newline(text: str, newline: str) -> None:
    assert detect_newline(text) == newline
    assert decode(text.encode()).newline == newline


def test_with_text_keeps_style_and_hashes_new_bytes() -> None:
    ct = decode(b"\xef\xbb\xbfa\r\nb\r\n")
    new = ct.with_text("a\r\nc\r\n")
    assert (new.bom, new.newline) == (True, "\r\n")
    assert new.to_bytes() == b"\xef\xbb\xbfa\r\nc\r\n"
    assert new.sha256 == hashlib.sha256(new.to_bytes()).hexdigest()


def _assert_one_line_error(path: Path, fragment: str) -> None:
    with pytest.raises(CardReadError) as info:
        read_card(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    assert fragment in message


def test_missing_file(tmp_path: Path) -> None:
    _assert_one_line_error(tmp_path / "nope.md", "no such file")
    assert sha256_of_file(tmp_path / "nope.md") is None


def test_directory(tmp_path: Path) -> None:
    _assert_one_line_error(tmp_path, "is a directory")


def test_latin1_is_not_utf8(tmp_path: Path) -> None:
    card = tmp_path / "latin.md"
    card.write_bytes(b"# Caf\xe9 notes\n")
    _assert_one_line_error(card, "not UTF-8 text (invalid byte 0xe9 at offset 5)")


def test_invalid_byte_offset_counts_the_bom(tmp_path: Path) -> None:
    card = tmp_path / "bom.md"
    card.write_bytes(b"\xef\xbb\xbfab\xff")
    _assert_one_line_error(card, "invalid byte 0xff at offset 5")


def test_png_is_binary(tmp_path: Path) -> None:
    card = tmp_path / "image.md"
    card.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _assert_one_line_error(card, "binary file (contains NUL bytes")


def test_utf16_is_named(tmp_path: Path) -> None:
    card = tmp_path / "wide.md"
    card.write_bytes("# Title\n".encode("utf-16"))
    _assert_one_line_error(card, "not UTF-8")


@pytest.mark.skipif(IS_ROOT, reason="root can read a chmod 000 file")
def test_permission_denied(tmp_path: Path) -> None:
    card = tmp_path / "locked.md"
    card.write_bytes(b"x\n")
    card.chmod(0)
    try:
        _assert_one_line_error(card, "permission denied")
        assert not is_writable(card)
    finally:
        card.chmod(0o644)


@pytest.mark.parametrize("mode", [0o640, 0o755])
def test_write_keeps_mode(tmp_path: Path, mode: int) -> None:
    card = tmp_path / "card.md"
    card.write_bytes(b"old\n")
    card.chmod(mode)
    digest = write_atomic(card, b"new\n")
    assert card.read_bytes() == b"new\n"
    assert stat.S_IMODE(card.stat().st_mode) == mode
    assert digest == hashlib.sha256(card.read_bytes()).hexdigest() == sha256_of_file(card)
    assert no_temp_files(tmp_path)


def test_write_in_chunks_is_the_same_file_and_hash(tmp_path: Path) -> None:
    """A save writes a card a section at a time (``Card.chunks``): the file and the sha256 it
    answers are those of the bytes joined."""
    card = tmp_path / "card.md"
    card.write_bytes(b"old\n")
    chunks = [b"\xef\xbb\xbf", "# Caf\u00e9\n".encode(), b"", b"body\r\n"]
    digest = write_atomic(card, iter(chunks))
    assert card.read_bytes() == b"".join(chunks)
    assert digest == hashlib.sha256(b"".join(chunks)).hexdigest() == sha256_of_file(card)


def test_chunks_that_fail_midway_leave_the_old_card(tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    card.write_bytes(b"old\n")

    def failing() -> Iterator[bytes]:
        yield b"half of the new"
        raise OSError(28, "No space left on device")

    with pytest.raises(store.CardWriteError, match="cannot save"):
        write_atomic(card, failing())
    assert card.read_bytes() == b"old\n"
    assert no_temp_files(tmp_path)


def test_new_file_gets_default_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    card = tmp_path / "new.md"
    assert sha256_of_file(card) is None
    assert is_writable(card)
    write_atomic(card, b"hello\n")
    assert card.read_bytes() == b"hello\n"
    assert stat.S_IMODE(card.stat().st_mode) == 0o666 & ~umask
    assert no_temp_files(tmp_path)


def test_write_through_symlink(tmp_path: Path) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "card.md"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomic(link, b"new\n")
    assert link.is_symlink()
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert no_temp_files(tmp_path) and no_temp_files(real_dir)


def test_failed_replace_leaves_original_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = tmp_path / "card.md"
    card.write_bytes(b"original\n")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "replace", boom)
    with pytest.raises(CardWriteError) as info:
        write_atomic(card, b"new\n")
    assert "\n" not in str(info.value) and str(card) in str(info.value)
    assert card.read_bytes() == b"original\n"
    assert no_temp_files(tmp_path)


@pytest.mark.skipif(IS_ROOT, reason="root can write into a read-only folder")
def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    card = folder / "card.md"
    card.write_bytes(b"original\n")
    folder.chmod(0o555)
    try:
        assert not is_writable(card)
        with pytest.raises(CardReadOnlyError, match="permission denied") as info:
            write_atomic(card, b"new\n")
        assert str(info.value) == read_only_message(card)
        assert card.read_bytes() == b"original\n"
        assert no_temp_files(folder)
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(IS_ROOT, reason="root may write a 0o444 file (tests/test_write_permissions.py)")
def test_read_only_file_in_writable_folder_is_refused(tmp_path: Path) -> None:
    """The rename could replace it, but the owner said "do not change this": refused, untouched."""
    card = tmp_path / "card.md"
    card.write_bytes(b"original\n")
    card.chmod(0o444)
    before = card.stat()
    try:
        assert not is_writable(card)
        with pytest.raises(CardReadOnlyError) as info:
            check_writable(card)
        assert str(info.value) == read_only_message(card)
        with pytest.raises(CardReadOnlyError) as info:
            write_atomic(card, b"new\n")
        assert str(info.value) == read_only_message(card)
        assert "\n" not in str(info.value) and str(card) in str(info.value)
        after = card.stat()
        assert card.read_bytes() == b"original\n"
        assert (after.st_ino, after.st_mode, after.st_mtime_ns) == (
            before.st_ino,
            before.st_mode,
            before.st_mtime_ns,
        )
        assert no_temp_files(tmp_path)
    finally:
        card.chmod(0o644)


def test_write_to_directory_or_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(CardWriteError, match="is a directory"):
        write_atomic(tmp_path, b"x")
    with pytest.raises(CardWriteError, match="no such file"):
        write_atomic(tmp_path / "missing" / "card.md", b"x")
    assert no_temp_files(tmp_path)


# -- temp files of a save ----------------------------------------------------------------------


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def make_temp(folder: Path, name: str, *, age: float, size: int = 10) -> Path:
    temp = folder / name
    temp.write_bytes(b"x" * size)
    temp.chmod(0o600)
    then = time.time() - age
    os.utime(temp, (then, then))
    return temp


def test_temp_file_is_named_for_its_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    card = tmp_path / "card.md"
    seen: list[str] = []
    replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(os.path.basename(src))
        replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_atomic(card, b"new\n")
    assert len(seen) == 1
    assert re.fullmatch(rf"\.card\.md\.perfcard-tui\.{os.getpid()}\.[0-9a-f]{{8}}\.tmp", seen[0])
    assert no_temp_files(tmp_path)


def test_a_save_removes_only_stale_temp_files_of_its_own_card(tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    card.write_bytes(b"old\n")
    gone = dead_pid()
    minutes, days = 5 * 60, 2 * 24 * 3600
    stale = [
        make_temp(tmp_path, f".card.md.perfcard-tui.{gone}.0123abcd.tmp", age=minutes),
        make_temp(tmp_path, f".card.md.perfcard-tui.{os.getpid()}.0123abce.tmp", age=days),
        make_temp(tmp_path, ".card.md.0123abcf.tmp", age=days),  # before the pid was in the name
    ]
    kept = [
        # a dead pid, but written to just now: maybe a save in another pid namespace or machine
        make_temp(tmp_path, f".card.md.perfcard-tui.{gone}.1123abcd.tmp", age=10),
        # a live writer (this process, the parent), even minutes old
        make_temp(tmp_path, f".card.md.perfcard-tui.{os.getpid()}.2123abcd.tmp", age=minutes),
        make_temp(tmp_path, f".card.md.perfcard-tui.{os.getppid()}.3123abcd.tmp", age=minutes),
        # no pid to ask: only a day old is stale
        make_temp(tmp_path, ".card.md.4123abcd.tmp", age=3600),
        # another card's, and files that are not a save's temp file
        make_temp(tmp_path, f".other.md.perfcard-tui.{gone}.5123abcd.tmp", age=days),
        make_temp(tmp_path, ".card.md.notes.tmp", age=days),
        make_temp(tmp_path, ".card.txt.6123abcd.tmp", age=days),
    ]
    listed = {t.path: t for t in temp_files(tmp_path, "card.md")}
    assert set(listed) == {str(p) for p in stale + kept[:4]}
    assert {p for p, t in listed.items() if t.stale} == {str(p) for p in stale}
    assert listed[str(stale[0])].pid == gone and listed[str(stale[2])].pid is None
    assert listed[str(stale[0])].card == "card.md" and listed[str(stale[0])].size == 10

    write_atomic(card, b"new\n")
    assert card.read_bytes() == b"new\n"
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)


def test_stale_temp_files_through_a_symlink_are_the_targets(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "card.md").write_bytes(b"old\n")
    link = tmp_path / "link.md"
    link.symlink_to(real / "card.md")
    temp = make_temp(real, f".card.md.perfcard-tui.{dead_pid()}.0123abcd.tmp", age=600)
    assert remove_stale_temps(link) == [str(temp)]
    assert not temp.exists()


def test_opening_a_card_removes_its_stale_temp_files(tmp_path: Path) -> None:
    from perfcard_tui.core.buffer import CardBuffer

    card = tmp_path / "card.md"
    card.write_bytes(b"# Card\n")
    temp = make_temp(tmp_path, f".card.md.perfcard-tui.{dead_pid()}.0123abcd.tmp", age=600)
    fresh = make_temp(tmp_path, f".card.md.perfcard-tui.{dead_pid()}.1123abcd.tmp", age=1)
    CardBuffer.open(card)
    assert not temp.exists()
    assert fresh.exists()
    # and a new card (no file yet) too: a killed first save leaves a temp file all the same
    new = tmp_path / "new.md"
    temp = make_temp(tmp_path, f".new.md.perfcard-tui.{dead_pid()}.0123abcd.tmp", age=600)
    CardBuffer.open(new)
    assert not temp.exists()


PIECES = ["a", "#", "-", "\r", "\n", "\r\n", "\t", " ", "é", "😀", "\x0c", "\u2028"]
texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@given(text=texts, bom=st.booleans())
def test_property_round_trip(text: str, bom: bool) -> None:
    raw = CardText.of(text, bom).to_bytes()
    ct = decode(raw)
    assert (ct.text, ct.bom) == (text, bom)
    assert ct.to_bytes() == raw
    assert ct.sha256 == hashlib.sha256(raw).hexdigest()


@given(text=texts)
def test_property_lines(text: str) -> None:
    lines = split_lines(text)
    starts = list(line_starts(text))
    assert "".join(lines) == text
    assert len(starts) == len(lines)
    assert starts == [sum(len(x) for x in lines[:i]) for i in range(len(lines))]
    # markdown-it's line count: it normalises \r\n and \r to \n, then counts \n-terminated lines.
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    expected = max(1, normalised.count("\n") + (0 if normalised.endswith("\n") else 1))
    assert len(lines) == (expected if text else 1)


BREAKS = re.compile(r"\r\n|\r|\n")


NO_CR = st.lists(st.sampled_from([p for p in PIECES if "\r" not in p]), max_size=60).map("".join)


@given(text=texts | NO_CR, piece=st.integers(min_value=1, max_value=8))
def test_property_line_starts_in_pieces_as_the_regex_finds_them(text: str, piece: int) -> None:
    """A text without CRs is read a piece at a time, each piece ending at a break: any size
    of piece gives the starts the regex gives (what a text with a CR still goes through)."""
    expected = [0, *(m.end() for m in BREAKS.finditer(text))]
    if len(expected) > 1 and expected[-1] == len(text):
        expected.pop()
    old = store._PIECE
    store._PIECE = piece
    try:
        assert list(line_starts(text)) == expected
    finally:
        store._PIECE = old


@given(text=texts)
def test_property_detect_newline_is_the_most_common_the_first_seen_on_a_tie(text: str) -> None:
    kinds = [m.group() for m in BREAKS.finditer(text)]
    if not kinds:
        assert detect_newline(text) == "\n"
        return
    most = max(kinds.count(k) for k in kinds)
    assert detect_newline(text) == next(k for k in kinds if kinds.count(k) == most)


def test_read_head_reads_the_beginning_and_leaves_a_cut_character_out(tmp_path: Path) -> None:
    card = tmp_path / "big.md"
    card.write_bytes(b"# T\n" + "é".encode() * 40_000)  # 2-byte characters across the limit
    head = store.read_head(card, limit=1001)
    assert head == "# T\n" + "é" * 498  # 4 + 996 bytes; the 1001st is half an é
    assert store.read_head(card, limit=10**9) == card.read_text(encoding="utf-8")


def test_read_head_refuses_what_read_card_refuses(tmp_path: Path) -> None:
    binary = tmp_path / "bin.md"
    binary.write_bytes(b"# T\n\x00rest")
    with pytest.raises(store.CardReadError, match="binary file"):
        store.read_head(binary)
    with pytest.raises(store.CardReadError, match="is a directory"):
        store.read_head(tmp_path)
