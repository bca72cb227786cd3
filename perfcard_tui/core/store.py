"""Card files on disk: strict reads, byte-exact round trips and atomic writes.

Invariant 1 (the file is the truth, byte for byte) lives here: a card is decoded strictly, its text
keeps the line endings exactly as on disk, and `CardText.to_bytes` of an untouched card gives back
the very bytes that were read. Invariant 5 (nothing typed is lost) too: `write_atomic` never leaves
a half-written card, and `sha256` lets callers ask "did it change under me" by content, not mtime.
Stdlib only: the core knows nothing of the terminal.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import secrets
import stat
import time
from array import array
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from io import BufferedReader
from itertools import accumulate, islice, repeat
from operator import add
from typing import TypeVar

StrPath = str | os.PathLike[str]
T = TypeVar("T")

BOM = b"\xef\xbb\xbf"
# Only these three are line breaks for markdown-it (and so for token.map). str.splitlines would
# also split on \x0b \x0c \x1c-\x1e \x85 \u2028 \u2029, shifting every line number after them.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# line_starts reads a text without CRs this many chars (and then up to a break) at a time
_PIECE = 1 << 16
_WHY = {
    errno.ENOENT: "no such file",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a directory",
    errno.ENOTDIR: "a parent in the path is not a directory",
    errno.ENOSPC: "no space left on device",
    errno.EROFS: "read-only file system",
}


class CardReadError(Exception):
    """A card could not be read as text; the message is one line that names the path."""


class CardWriteError(Exception):
    """A card could not be saved; the message is one line and the file on disk is untouched."""


class CardReadOnlyError(CardWriteError):
    """The user may not write this card here; the message is `read_only_message`'s."""


# Temp files of a save: `.{card name}.perfcard-tui.{pid}.{8 hex}.tmp` beside the card (its
# symlink's target). The pid says who writes it; gitignore them with `.*.perfcard-tui.*.tmp`.
TEMP_TAG = "perfcard-tui"
TEMP_GRACE = 120.0
"""Seconds: a temp file written to more recently than this is never removed (a save in flight)."""
TEMP_MAX_AGE = 24 * 3600.0
"""Seconds: older than this, a temp file is stale even if a process with its pid is running (the
pid was reused) or its writer cannot be told (no pid in its name, no way to ask here)."""
_TEMP = re.compile(rf"\.(?P<card>.+)\.{re.escape(TEMP_TAG)}\.(?P<pid>[0-9]+)\.[0-9a-f]{{8}}\.tmp")
# before the pid was in the name: `.{card}.{8 hex}.tmp`; only a card's (`.md`) are claimed
_OLD_TEMP = re.compile(r"\.(?P<card>.+\.[mM][dD])\.[0-9a-f]{8}\.tmp")


def read_only_message(path: StrPath) -> str:
    """The one message for a card the user may not write, in the CLI and in the editor alike."""
    return f"{_show(path)}: read-only here (permission denied): nothing was written"


@dataclass(frozen=True, slots=True)
class CardText:
    """A card's source as read from disk: the text is the truth, the rest says how to write it.

    Kept as the bytes it was read as (checked to be UTF-8), not decoded: a card with one emoji
    decoded whole is four bytes a character, and ``parse.parse_read`` decodes it a section at
    a time. The bytes are held as a string of one character a byte (Latin-1), which is what the
    parser cuts into sections: the same memory as the bytes, and no second copy for it."""

    raw: str
    """The bytes after the BOM, a character each: strict UTF-8, line endings as on disk."""
    bom: bool
    newline: str  # dominant ending, used only for new lines the editor inserts
    sha256: str  # of the exact bytes on disk

    @property
    def text(self) -> str:
        """The whole text, decoded each time it is asked for (and never kept)."""
        return self.text_between(0, len(self.raw))

    def text_between(self, start: int, end: int) -> str:
        """The text of bytes ``start:end`` (offsets into :attr:`raw`, at character bounds)."""
        return self.raw[start:end].encode("latin-1").decode("utf-8")

    def beginning(self, size: int = 65_536) -> str:
        """The text of about its first ``size`` bytes (a character they cut in two is left
        out): enough for its front matter, without decoding the rest."""
        # the bytes are UTF-8: "ignore" can only drop the character cut at the end
        return self.raw[:size].encode("latin-1").decode("utf-8", "ignore")

    def to_bytes(self) -> bytes:
        """The bytes to write: for an untouched card, identical to the bytes that were read."""
        return (BOM if self.bom else b"") + self.raw.encode("latin-1")

    @classmethod
    def of(cls, text: str, bom: bool = False, newline: str = "\n") -> CardText:
        """A card's text as it would be written (BOM, newline) and hashed."""
        data = text.encode("utf-8")
        digest = hashlib.sha256((BOM if bom else b"") + data).hexdigest()
        return cls(data.decode("latin-1"), bom, newline, digest)

    def with_text(self, text: str) -> CardText:
        """The same card style (BOM, newline) with new text, hashed as it would be written."""
        return CardText.of(text, self.bom, self.newline)


def line_starts(text: str) -> array[int]:
    """Char offset of the start of each line of `text`, lines as in `split_lines`.

    An array, not a list: a 50 MB card has a million lines, and a list of them held a million
    int objects (36 MB) while the card was parsed."""
    starts = array("q", [0])
    if "\r" in text:  # three kinds of break: the regex tells them apart
        starts.extend(m.end() for m in LINE_BREAK.finditer(text))
    else:  # "\n" alone (nearly every card), at C speed: 60 -> 10 ms for a 5 MB card
        at = 0
        while at < len(text):
            # a piece of the text at a time, ending at a break: its lines are a transient list
            end = text.find("\n", at + _PIECE)
            end = len(text) if end < 0 else end + 1
            lengths = map(len, text[at:end].split("\n"))
            # each line but the piece's last (what follows its final break) adds its break
            steps = map(add, lengths, repeat(1, text.count("\n", at, end)))
            starts.extend(islice(accumulate(steps, initial=at), 1, None))
            at = end
    if len(starts) > 1 and starts[-1] == len(text):
        starts.pop()  # a final line break ends the last line; it does not open an empty one
    return starts


def split_lines(text: str) -> list[str]:
    """Lines of `text` with their endings; `"".join(split_lines(t)) == t` always.

    Lines end only at \\r\\n, \\r or \\n, as in markdown-it, so line i of a token's `map` is
    `split_lines(text)[i]`. A final line break belongs to the last line and does not start an
    extra empty one ("a\\nb\\n" has 2 lines, like "a\\nb"); the empty text is one empty line.
    """
    starts = line_starts(text)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def detect_newline(text: str) -> str:
    """The most common line ending; a tie goes to the one seen first, no break at all to "\\n".
    ``text`` may be :attr:`CardText.raw` (its line breaks are where the text has them)."""
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\r": text.count("\r") - crlf, "\n": text.count("\n") - crlf}
    most = max(counts.values())
    if most == 0:
        return "\n"
    tied = [newline for newline, count in counts.items() if count == most]
    if len(tied) == 1:  # counted at C speed: the scan below took 85 ms of a 5 MB card
        return tied[0]
    first = LINE_BREAK.search(text)  # the tied kind that comes first
    while first is not None and first.group() not in tied:
        first = LINE_BREAK.search(text, first.end())
    assert first is not None
    return first.group()


def _show(path: StrPath) -> str:
    """The path for a one-line message (repr'd if it holds a newline or other control char)."""
    p = os.fspath(path)
    return p if p.isprintable() else repr(p)


def _why(exc: OSError) -> str:
    return _WHY.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


def decode(data: bytes, path: str = "<bytes>") -> CardText:
    """Strict UTF-8 (BOM optional); anything else is a CardReadError, never a replaced byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CardReadError(f"{path}: UTF-16/32 text, not UTF-8 (save it as UTF-8)")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CardReadError(f"{path}: binary file (contains NUL bytes, first at offset {nul})")
    bom = data.startswith(BOM)
    body = data[len(BOM) :] if bom else data
    bad = _not_utf8_at(body)
    if bad is not None:
        at = bad + (len(BOM) if bom else 0)
        raise CardReadError(
            f"{path}: not UTF-8 text (invalid byte 0x{data[at]:02x} at offset {at})"
        )
    raw = body.decode("latin-1")
    return CardText(raw, bom, detect_newline(raw), hashlib.sha256(data).hexdigest())


_UTF8_PIECE = 1 << 20


def _not_utf8_at(data: bytes) -> int | None:
    """Where ``data`` stops being UTF-8, or None. Checked a megabyte at a time: decoding it
    whole would make the very string :class:`CardText` does not keep (4 bytes a character for
    a card with an emoji)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for at in range(0, len(data), _UTF8_PIECE):
        try:
            decoder.decode(data[at : at + _UTF8_PIECE], final=at + _UTF8_PIECE >= len(data))
        except UnicodeDecodeError as e:
            # its offsets count from the bytes it still held of the last piece (a character
            # cut in two by the piece's end)
            return at - len(decoder.getstate()[0]) + e.start
    return None


def _read_bytes(path: StrPath, limit: int = -1) -> bytes:
    """The file's bytes (its first ``limit`` of them when given); a CardReadError for anything
    that is not a readable regular file."""
    return _reading(path, lambda f: f.read(limit))


def _reading(path: StrPath, read: Callable[[BufferedReader], T]) -> T:
    """What ``read`` makes of the file, opened for reading once it is known to be a regular
    file; a CardReadError for anything else, and for any failure to read it."""
    try:
        # stat first: open() on a FIFO would block the worker forever.
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if not stat.S_ISREG(mode):
            raise CardReadError(f"{_show(path)}: not a regular file")
        with open(path, "rb") as f:
            return read(f)
    except OSError as e:
        raise CardReadError(f"{_show(path)}: {_why(e)}") from None


def read_head(path: StrPath, limit: int = 65_536) -> str:
    """The beginning of a card, for a first look before the whole is read (a 50 MB card takes
    half a second to read, hash and decode). The same checks as :func:`read_card` on what it
    reads; a character cut in two by ``limit`` is left out."""
    data = _read_bytes(path, limit)
    if len(data) == limit:
        cut = len(data)
        while cut > len(data) - 4 and cut > 0 and (data[cut - 1] & 0xC0) == 0x80:
            cut -= 1  # back over continuation bytes to the lead byte of the last character
        if cut > 0 and data[cut - 1] >= 0xC0:
            cut -= 1  # which may itself be cut short: leave it for the full read
        data = data[:cut]
    return decode(data, _show(path)).text


def read_card(path: StrPath) -> CardText:
    """Read and strictly decode a card; any failure is a CardReadError with a one-line message."""
    return decode(_read_bytes(path), _show(path))


def sha256_of_file(path: StrPath) -> str | None:
    """Hash of the bytes on disk, None when the file is missing (other failures: CardReadError)."""
    try:
        # read and hashed a block at a time: asked at every save and disk event, it held a
        # whole big card's bytes for nothing
        return _reading(path, lambda f: hashlib.file_digest(f, "sha256").hexdigest())
    except CardReadError:
        if not os.path.exists(path):
            return None  # missing, or a symlink whose target is gone
        raise


def is_writable(path: StrPath) -> bool:
    """Whether the user may save this card here: the read-only banner, and `check_writable`.

    A save replaces the file by rename, so the folder must be writable; a file that exists must be
    writable too, since a read-only card is the owner saying "do not change this" (the rename
    alone would replace it all the same). In a sticky folder (`/tmp`, a shared drop folder) only
    the file's or the folder's owner may rename over the file.
    """
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    try:
        info: os.stat_result | None = os.stat(target)
    except OSError:
        info = None
    if info is not None and not os.access(target, os.W_OK):
        return False
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    if info is None or not hasattr(os, "geteuid") or os.geteuid() == 0:
        return True
    try:
        dir_info = os.stat(folder)
    except OSError:
        return False
    sticky = bool(dir_info.st_mode & stat.S_ISVTX)
    return not sticky or os.geteuid() in (info.st_uid, dir_info.st_uid)


def check_writable(path: StrPath) -> None:
    """Refuse, before anything is written, a card the user may not write here.

    Every save goes through it (`write_atomic` calls it): the CLI and the editor refuse the same
    cards with the same words. A folder that does not exist is left to the write to report.
    """
    folder = os.path.dirname(os.path.realpath(path)) or "."
    if os.path.isdir(folder) and not is_writable(path):
        raise CardReadOnlyError(read_only_message(path))


@dataclass(frozen=True, slots=True)
class TempFile:
    """A save's temp file found beside a card: one a save is writing, or one a crash left."""

    path: str
    card: str  # the file name of the card it was to replace
    pid: int | None  # of the process writing it; None for a name from before the pid was in it
    size: int
    age: float  # seconds since it was last written to
    stale: bool  # its writer is gone: safe to remove


def _running(pid: int) -> bool:
    """Whether a process with this pid may be running here (True when it cannot be told)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # os.kill(pid, 0) is not a probe on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as someone else
        return True
    return True


def _temp_file(folder: str, entry: os.DirEntry[str], card: str | None) -> TempFile | None:
    match = _TEMP.fullmatch(entry.name) or _OLD_TEMP.fullmatch(entry.name)
    if match is None or (card is not None and match["card"] != card):
        return None
    try:
        if not entry.is_file(follow_symlinks=False):
            return None
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    pid = int(match["pid"]) if "pid" in match.groupdict() else None
    age = time.time() - info.st_mtime
    if age < TEMP_GRACE:
        stale = False
    elif age >= TEMP_MAX_AGE:
        stale = True
    else:
        stale = pid is not None and not _running(pid)
    return TempFile(os.path.join(folder, entry.name), match["card"], pid, info.st_size, age, stale)


def temp_files(folder: StrPath, card: str | None = None) -> list[TempFile]:
    """The save temp files in `folder` (only `card`'s, a file name, when given), sorted by name."""
    where = os.fspath(folder)
    try:
        with os.scandir(where or ".") as entries:
            found = [_temp_file(where, e, card) for e in entries]
    except OSError:
        return []
    return sorted((t for t in found if t is not None), key=lambda t: t.path)


def remove_stale_temps(path: StrPath) -> list[str]:
    """Remove the temp files a killed save of this card left (never one a live save writes).

    Stale: not written to for `TEMP_GRACE` seconds and its pid is not running here, or older than
    `TEMP_MAX_AGE`. Returns the paths removed; a failure to list or remove is not an error.
    """
    folder, name = os.path.split(os.path.realpath(path))
    removed: list[str] = []
    for temp in temp_files(folder, name):
        if temp.stale:
            with suppress(OSError):
                os.unlink(temp.path)
                removed.append(temp.path)
    return removed


def write_atomic(path: StrPath, data: bytes | Iterable[bytes]) -> str:
    """Replace the file at `path` (through symlinks) with `data`, atomically; return its sha256.

    `data` may come in chunks (`Card.chunks`): written and hashed one at a time, a big card's
    bytes are never made whole (a 5 MB card's save held 10 MB more at its peak).

    A temp file in the target's own folder (so the rename never crosses file systems) is written,
    fsynced, given the old file's mode, then renamed over the target: a reader or a crash sees the
    old bytes or the new ones, never a mix. A symlink stays a link and its target is replaced. The
    trade-off of rename: a hard link to the old file keeps the old bytes.

    A card the user may not write is refused first (`CardReadOnlyError`, `read_only_message`),
    though the rename could replace it. The temp file is named for its writer (see `TEMP_TAG`);
    after a save, the stale ones a killed save of this card left are removed.
    """
    target = os.path.realpath(path)
    folder, name = os.path.split(target)
    tmp = ""
    try:
        try:
            old: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            old = None
        if old is not None and stat.S_ISDIR(old.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        check_writable(path)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        while True:
            tmp = os.path.join(
                folder, f".{name}.{TEMP_TAG}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
            )
            try:
                # 0o666 lets the kernel apply the umask (and default ACLs) for a new card.
                fd = os.open(tmp, flags, 0o666 if old is None else 0o600)
                break
            except FileExistsError:
                continue
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as f:
            for chunk in (data,) if isinstance(data, bytes) else data:
                f.write(chunk)
                digest.update(chunk)
            f.flush()
            os.fsync(f.fileno())
        if old is not None:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            if hasattr(os, "chown"):
                with suppress(OSError):  # keep owner/group when allowed (root, shared group)
                    os.chown(tmp, old.st_uid, old.st_gid)
        os.replace(tmp, target)
    except BaseException as e:
        if tmp:
            with suppress(OSError):
                os.unlink(tmp)
        if isinstance(e, OSError):
            raise CardWriteError(f"{_show(path)}: cannot save ({_why(e)})") from None
        raise
    with suppress(OSError, AttributeError):  # the rename itself is durable only once the folder is
        dfd = os.open(folder or ".", os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    remove_stale_temps(target)
    return digest.hexdigest()
