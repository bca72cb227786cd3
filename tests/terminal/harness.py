"""The real app in a real pseudo-terminal, its screen read the way a person sees it.

:class:`Term` spawns ``python -m perfcard_tui`` (the same entry point as the ``perfcard-tui``
script) in a pty with ptyprocess. A reader thread drains the pty continuously, keeps every byte
the app wrote (:attr:`Term.raw`), decodes them as UTF-8 incrementally (what ``pyte.ByteStream``
does) and feeds the text, through :class:`_Filter`, to a ``pyte.Stream`` and its screen
(:meth:`Term.text`, :attr:`Term.title`); all under one lock. Keys are written as an xterm sends
them (:data:`KEYS`), mouse clicks in the SGR encoding the app turns on.

Nothing here sleeps for a fixed time: :meth:`Term.wait_until` polls the emulated screen (or any
predicate, e.g. on the file) every 10 ms and fails with the screen in the message.

Which code runs: the package beside this file (``PYTHONPATH`` is the repository, the working
directory a tmp folder), with the interpreter running the tests.

Typing from the first byte. Textual writes its first bytes (``CSI ? 1049 h``...) from its writer
thread *before* it turns off canonical mode, echo, XON/XOFF and signals on the tty. A key that
arrives in that window meets the kernel's line discipline, not the app: ``ctrl+q``/``ctrl+s``
are taken as XON/XOFF, ``ctrl+z`` stops the process, characters are echoed. Real terminals do
the same, so the harness does not hide it; it records such writes (:attr:`Term.cooked_writes`)
and failure messages say so.

Terminal queries. Textual's Linux driver sends two DECRQM queries at start,
``CSI ? 2026 $ p`` (synchronized output) and ``CSI ? 2048 $ p`` (in-band resize), and never waits
for an answer: it only changes how it draws/resizes if a positive answer arrives. It sends no
DA, cursor-position or colour query. The harness answers the DECRQM queries the way xterm does
(``CSI ? Pd ; 0 $ y``, "mode not recognized"), so the app's input holds the same bytes as under
xterm, answers interleaved with whatever is being typed; the app then keeps its defaults
(SIGWINCH for resizes, no sync output), which is what xterm users get.

pyte quirks handled (pyte 0.8):

* OSC: pyte reads only the first character of the OSC number, so Textual's pointer-shape
  sequence ``OSC 22 ; <shape> BEL`` reaches ``Screen.set_title`` as the title ``";<shape>"``.
  :class:`_Screen` ignores a "title" starting with ``;`` (a genuine ``OSC 0/2 ;`` title never
  does: pyte drops the ``;`` after the number). OSC 8 (hyperlinks) and OSC 52 (clipboard) are
  ignored by pyte, as a terminal without those features would.
* An OSC string cut short by an ESC (``ESC ] 0 ; pwned ESC [ 2 J``: a card whose BEL was
  stripped on the way) is ended by that ESC in xterm, VTE and DEC's parser, which then run the
  sequence the ESC starts. pyte instead swallows everything up to the next BEL into the title,
  the app's own frame included. :class:`_Filter` ends such a string with a BEL before the ESC,
  so the emulator keeps following the app the way a real terminal would.
* ``CSI < u`` (Textual pops the kitty keyboard mode at exit): pyte takes ``<`` as the final byte
  and draws the ``u`` as text. :class:`_Filter` removes that exact sequence before pyte sees it
  (the raw bytes keep it). ``CSI > 25 u`` (push), ``CSI ? 2026 $ p``, ``CSI ? 2026 h`` and the
  other private modes parse without side effects: pyte records unknown modes and moves on.
* ``Screen.draw`` stops drawing the rest of a text run at the first zero-width character that is
  not a combining mark (U+FE0F in "⚠️", U+202E...): whatever followed on that row would be
  missing. :class:`_Screen` drops such characters instead, as terminals do. Its ``display``
  also fails on a wide character half overwritten; :meth:`Term.lines` reads the cells itself.
* The alternate screen (``?1049``) is not emulated: the screen keeps the app's last frame after
  it exits, which is handy for "no traceback on screen" checks.
* C1 controls arriving as UTF-8 (``U+009B`` CSI, ``U+009D`` OSC) are obeyed by pyte, like xterm
  and VTE do: a card that smuggles them to the terminal is caught.
"""

from __future__ import annotations

import codecs
import contextlib
import operator
import os
import re
import select
import signal
import sys
import termios
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

import ptyprocess
import pyte
from pyte import modes as mo
from wcwidth import wcwidth

REPO = Path(__file__).resolve().parents[2]
STACKS_HOOK = Path(__file__).resolve().parent / "stacks_hook"
LAST_BYTES = 1500
"""How much of the end of the app's output a failure message shows."""

# xterm's bytes for the keys the app binds (normal cursor-key mode: Textual does not switch the
# terminal to application cursor keys). Modified keys use xterm's ``CSI 1 ; mod X`` forms.
KEYS: dict[str, bytes] = {
    "enter": b"\r",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "escape": b"\x1b",
    "backspace": b"\x7f",
    "space": b" ",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "pageup": b"\x1b[5~",
    "pagedown": b"\x1b[6~",
    "delete": b"\x1b[3~",
    "ctrl+up": b"\x1b[1;5A",
    "ctrl+down": b"\x1b[1;5B",
    "f1": b"\x1bOP",
    "f2": b"\x1bOQ",
    "f3": b"\x1bOR",
    "f4": b"\x1bOS",
    "f5": b"\x1b[15~",
    "f6": b"\x1b[17~",
    "f7": b"\x1b[18~",
    "f8": b"\x1b[19~",
    "shift+f4": b"\x1b[1;2S",
    "shift+f8": b"\x1b[19;2~",
}
KEYS.update({f"ctrl+{c}": bytes([ord(c) - ord("a") + 1]) for c in "abcdefghijklmnopqrstuvwxyz"})

ALT_SCREEN_ON = b"\x1b[?1049h"
ALT_SCREEN_OFF = b"\x1b[?1049l"

_DECRQM = re.compile(rb"\x1b\[\?(\d+)\$p")
_SGR = re.compile("\x1b\\[[0-9;:]*m")
_KITTY_POP = "\x1b[<u"
_GROUND_STOP = re.compile("[\x1b\x9d]")
_OSC_STOP = re.compile("[\x07\x9c\x1b]")
_PLAIN_CSI = re.compile("\x1b\\[([0-9;]*)([@A-Za-z`])")


class _Filter:
    """Between the decoder and pyte: the two repairs described in the module doc. Stateful, so
    a sequence split across two reads is handled whole."""

    def __init__(self) -> None:
        self.in_osc = False
        self.pending = ""

    def __call__(self, text: str) -> str:
        text, self.pending = self.pending + text, ""
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            if self.in_osc:
                m = _OSC_STOP.search(text, i)
                if m is None:
                    out.append(text[i:])
                    break
                j = m.start()
                out.append(text[i:j])
                if text[j] != "\x1b":  # BEL or the C1 string terminator
                    out.append(text[j])
                    self.in_osc, i = False, j + 1
                elif j + 1 == n:  # ESC at the end: is it ESC \ ? the next read says
                    self.pending = text[j:]
                    break
                elif text[j + 1] == "\\":
                    out.append("\x1b\\")
                    self.in_osc, i = False, j + 2
                else:  # an ESC that starts a new sequence ends the string, as in xterm
                    out.append("\x07")
                    self.in_osc, i = False, j
                continue
            m = _GROUND_STOP.search(text, i)
            if m is None:
                out.append(text[i:])
                break
            j = m.start()
            out.append(text[i:j])
            if text[j] == "\x9d":  # C1 OSC
                out.append("\x9d")
                self.in_osc, i = True, j + 1
                continue
            tail = text[j : j + len(_KITTY_POP)]
            if len(tail) < len(_KITTY_POP) and _KITTY_POP.startswith(tail):
                self.pending = tail  # maybe a CSI < u cut in two; maybe an ESC ] cut in two
                break
            if tail == _KITTY_POP:
                i = j + len(_KITTY_POP)
                continue
            if text[j + 1] == "]":
                out.append("\x1b]")
                self.in_osc, i = True, j + 2
                continue
            out.append("\x1b")
            i = j + 1
        return "".join(out)


_CHAR_DATA = operator.itemgetter(0)
"""A pyte ``Char``'s character (its first field, ``data``)."""
_NARROW = set(map(chr, range(0x20, 0x7F)))
"""Characters known to take one cell (``wcwidth`` 1): drawn without pyte's per-character loop."""
_NOT_NARROW: set[str] = set()
"""Characters known to take no cell or two: text holding one goes through ``Screen.draw``."""


def _learn_widths(data: str) -> bool:
    """Sort the characters of ``data`` not seen before into :data:`_NARROW` or
    :data:`_NOT_NARROW`; True if every character of ``data`` is narrow."""
    chars = set(data)
    if not _NOT_NARROW.isdisjoint(chars):
        return False
    for char in chars - _NARROW:
        (_NARROW if wcwidth(char) == 1 else _NOT_NARROW).add(char)
    return _NARROW.issuperset(chars)


class _Screen(pyte.Screen):  # type: ignore[misc]
    """pyte's screen with the repairs of the module doc, and a record of titles and erasures."""

    def __init__(self, columns: int, lines: int) -> None:
        super().__init__(columns, lines)
        self.titles: list[str] = []
        """Every window title set (OSC 0/2), in order."""
        self.erasures: list[int] = []
        """Every erase-in-display (ED), by its mode: 2 is "clear the screen"."""
        self._cells: dict[pyte.screens.Char, dict[str, pyte.screens.Char]] = {}
        """The cells drawn so far, by their attributes: by character."""
        self._renditions: dict[tuple[object, ...], pyte.screens.Char] = {}
        """What each SGR sequence made of the attributes it found (Textual repeats a few)."""
        self._rows: list[tuple[str, ...]] = []
        self._lines: list[str] = []
        self._rows_width = 0
        """:meth:`rows`: the screen read so far, by row, and the width it was read at."""

    def set_title(self, param: str) -> None:
        if param.startswith(";"):
            return  # OSC 2<digit>;...: not a title (Textual's OSC 22 pointer shape)
        self.titles.append(param)
        super().set_title(param)

    def erase_in_display(self, how: int = 0, *args: object, **kwargs: object) -> None:
        self.erasures.append(how)
        super().erase_in_display(how, *args, **kwargs)

    def draw(self, data: str) -> None:
        if not _NARROW.issuperset(data) and not _learn_widths(data):
            if not data.isascii():
                data = "".join(c for c in data if wcwidth(c) > 0 or unicodedata.combining(c))
            if self.cursor.y:  # a combining character at the left edge joins the row above,
                self.dirty.add(self.cursor.y - 1)  # which pyte does not mark dirty
            super().draw(data)
        elif not self.charset and mo.IRM not in self.mode and self.cursor.x <= self.columns:
            self._draw_narrow(data)
        else:
            super().draw(data)

    def _draw_narrow(self, data: str) -> None:
        """``Screen.draw`` for text of one-cell characters (:data:`_NARROW`: printable ASCII,
        and the box drawing, blocks and accented letters of Textual's frames) in replace mode,
        one row's slice at a time: only the wrap at the right edge is left to decide. The cells
        are the ones pyte would make (``cursor.attrs`` with the character), taken from a table by
        attributes instead of one ``_replace`` each (pyte's per-character loop was most of the
        tests' own CPU: for ASCII first, then, ASCII done so, for the rest of a frame). The
        translation ``Screen.draw`` starts with is the identity here: a ``pyte.Stream`` (UTF-8)
        ignores charset designations and shifts, so G0 stays Latin-1 and ``charset`` 0. Not
        with the cursor past the right edge (``Screen.resize`` to fewer columns leaves it
        there; pyte then draws one character out there before wrapping)."""
        cursor, columns, attrs = self.cursor, self.columns, self.cursor.attrs
        cells = self._cells.get(attrs)
        if cells is None:
            cells = self._cells[attrs] = {}
        start, end = 0, len(data)
        while start < end:
            if cursor.x == columns:
                if mo.DECAWM in self.mode:
                    self.dirty.add(cursor.y)
                    self.carriage_return()
                    self.linefeed()
                else:
                    cursor.x -= 1
            take = min(end - start, columns - cursor.x)
            line, x = self.buffer[cursor.y], cursor.x
            for char in data[start : start + take]:
                cell = cells.get(char)
                if cell is None:
                    cell = cells[char] = attrs._replace(data=char)
                line[x] = cell
                x += 1
            cursor.x, start = x, start + take
        self.dirty.add(cursor.y)

    def select_graphic_rendition(self, *attrs: int) -> None:
        # pyte's result depends on these alone (DECSCNM: a reset's default cell is reversed)
        key = (self.cursor.attrs, attrs, mo.DECSCNM in self.mode)
        rendition = self._renditions.get(key)
        if rendition is None:
            super().select_graphic_rendition(*attrs)
            rendition = self._renditions[key] = self.cursor.attrs
        self.cursor.attrs = rendition

    def cells(self, y: int) -> tuple[str, ...]:
        """Row ``y`` as one string per column ("" for the right half of a wide character)."""
        return tuple(map(_CHAR_DATA, map(self.buffer[y].__getitem__, range(self.columns))))

    def rows(self) -> tuple[list[tuple[str, ...]], list[str]]:
        """Every row as :meth:`cells` and as text (lists this screen updates in place). Only
        the rows pyte marked dirty since the last call are read again: a key typed redraws a
        few rows of 48, and reading all of them after every write was the tests' own biggest
        cost after pyte's parser."""
        if len(self._rows) != self.lines or self._rows_width != self.columns:
            self._rows = [self.cells(y) for y in range(self.lines)]
            self._lines = ["".join(row) for row in self._rows]
            self._rows_width = self.columns
        else:
            for y in self.dirty:
                if 0 <= y < self.lines:
                    self._rows[y] = row = self.cells(y)
                    self._lines[y] = "".join(row)
        self.dirty.clear()
        return self._rows, self._lines


class _Stream(pyte.Stream):  # type: ignore[misc]
    """pyte's stream, with the plain CSI sequences (digits and ``;`` only, as in Textual's
    cursor moves and line erasures) dispatched whole: pyte's parser takes an escape sequence one
    character at a time through a generator, and a frame is hundreds of them. The method called
    and its arguments are the ones pyte's parser would give; anything else (private modes, OSC,
    a sequence cut by the end of a read, the parser in the middle of one) goes to pyte as it is."""

    def feed(self, data: str) -> None:
        at, end = 0, len(data)
        while at < end:
            esc = data.find("\x1b", at)
            if esc < 0:
                super().feed(data[at:])
                return
            if esc > at:
                super().feed(data[at:esc])
            at = esc
            csi = _PLAIN_CSI.match(data, esc) if self._taking_plain_text else None
            if csi is None or csi.group(2) not in self.csi:
                stop = data.find("\x1b", esc + 1)
                stop = end if stop < 0 else stop
                super().feed(data[esc:stop])
                at = stop
                continue
            params = [min(int(p or 0), 9999) for p in csi.group(1).split(";")]
            getattr(self.listener, self.csi[csi.group(2)])(*params)
            at = csi.end()


def _stat_fields(stat_file: Path) -> list[str]:
    """The fields of a /proc ``stat`` file after the command's name (state first, then the
    parent, the process group, the session...): the name, in parentheses, may hold spaces."""
    stat = stat_file.read_text()
    return stat[stat.rindex(")") + 2 :].split()


def _session_members(session: int) -> list[str]:
    """The running processes of a session (its leader's pid), but zombies: "pid command"."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = _stat_fields(proc / "stat")
            if int(fields[3]) == session and fields[0] != "Z":
                command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                found.append(f"{proc.name} {command[:160]}")
    return found


class Term:
    """One app process in a pty, and what its terminal shows."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.home = workdir / "home"
        self.state_home = workdir / "state"
        self.config_home = workdir / "config"
        self.proc: ptyprocess.PtyProcess | None = None
        self.argv: list[str] = []
        self.answer_queries = True
        """Answer the app's DECRQM queries as xterm does (see the module doc)."""
        self.colours = False
        """Emulate colours and text attributes. Off: SGR sequences (most of what Textual
        writes: truecolor on every segment) are dropped before pyte, which parses escape
        sequences a character at a time; the tests read text, not colour. Set before start."""
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._screen = _Screen(80, 24)
        self._stream = _Stream(self._screen)
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._filter = _Filter()
        self._raw = bytearray()
        self._version = 0
        self._snapshot: tuple[int, list[tuple[str, ...]], tuple[str, ...], str] | None = None
        self._output = threading.Condition()
        """Notified at every read from the pty: a wait looks again at once, not at its next poll."""
        self._first_output = threading.Event()
        self._finished = threading.Event()
        self._stop = threading.Event()
        self._reader: threading.Thread | None = None
        self._exit_status: int | None = None
        self._signal_status: int | None = None
        self.reader_error: BaseException | None = None
        self.started_at = 0.0
        self.first_output_at: float | None = None
        self.initial_termios: list[object] | None = None
        """The pty's settings right after the spawn, before the app changed them."""
        self.cooked_writes: list[str] = []
        """Keys written while the pty was still in canonical (cooked) mode: the line discipline,
        not the app, saw them first (echo, erase, XON/XOFF, job-control signals)."""

    # -- starting ----------------------------------------------------------------------------

    def environment(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """A clean environment: nothing inherited but PATH, so no NO_COLOR, TEXTUAL_*, DISPLAY
        (no system clipboard: copying goes through OSC 52 only), PERFCARD_* or locale
        surprises. ``HOME`` and the XDG folders are this test's own."""
        for folder in (self.home, self.state_home, self.config_home):
            folder.mkdir(parents=True, exist_ok=True)
        env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "XDG_STATE_HOME": str(self.state_home),
            "XDG_CONFIG_HOME": str(self.config_home),
            # the session form asks git for user.name: no user or system git config leaks in
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            # the code under test is the package beside these tests, and the hook that dumps
            # its threads' stacks when a test finds it hung (:meth:`stacks`)
            "PYTHONPATH": os.pathsep.join([str(STACKS_HOOK), str(REPO)]),
            "PERFCARD_TEST_STACKS": str(self.workdir / "stacks.txt"),
        }
        env.update(extra or {})
        return env

    def start(
        self,
        card_path: Path | str | None,
        *args: str | Path,
        size: tuple[int, int] = (160, 48),
        env: Mapping[str, str] | None = None,
    ) -> Term:
        """Spawn ``perfcard-tui [card_path] *args`` in a ``size`` = (columns, rows) terminal.

        ``card_path=None`` passes ``args`` alone (``start(None, "--review", card)``: the
        ``--review`` shortcut goes before the path)."""
        argv = [sys.executable, "-m", "perfcard_tui"]
        if card_path is not None:
            argv.append(str(card_path))
        argv.extend(str(arg) for arg in args)
        return self.spawn(argv, size=size, env=env)

    def spawn(
        self,
        argv: list[str],
        *,
        size: tuple[int, int] = (160, 48),
        env: Mapping[str, str] | None = None,
    ) -> Term:
        """Spawn any command the same way (the benchmarks' hello-world baseline)."""
        assert self.proc is None, "one process per Term"
        cols, rows = size
        self._screen = _Screen(cols, rows)
        self._stream = _Stream(self._screen)
        self.argv = argv
        self.started_at = time.monotonic()
        self.proc = ptyprocess.PtyProcess.spawn(
            argv, cwd=str(self.workdir), env=self.environment(env), dimensions=(rows, cols)
        )
        self.initial_termios = self.termios()
        self._reader = threading.Thread(target=self._read_loop, name="pty-reader", daemon=True)
        self._reader.start()
        return self

    # -- the reader thread -------------------------------------------------------------------

    def _read_loop(self) -> None:
        assert self.proc is not None
        fd = self.proc.fd
        try:
            while True:
                ready, _, _ = select.select([fd], [], [], 0.05)
                if not ready:
                    if self._stop.is_set():
                        break
                    if not self.proc.isalive():
                        # gone, but the terminal stays open while a process it started has it
                        # (:meth:`leftovers`): what it wrote last is read, and that is all
                        if rest := self._rest_of_write(fd):
                            self._consume(rest)
                        break
                    continue
                try:
                    data = os.read(fd, 65536)
                except OSError:  # EIO: every slave fd is closed, the app is gone
                    break
                if not data:
                    break
                data += self._rest_of_write(fd)
                self._consume(data)
        except BaseException as error:  # surfaced by wait_until
            self.reader_error = error
        finally:
            self._reap()
            self._finished.set()

    @staticmethod
    def _rest_of_write(fd: int) -> bytes:
        """What else is already waiting: a frame comes through the pty a few kB a read, and
        each read taken alone is a new screen version, which every wait looks at again (the
        tests' own reading of the screen cost about as much CPU as the app they test)."""
        more = b""
        while len(more) < 1 << 20 and select.select([fd], [], [], 0)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            more += chunk
        return more

    def _consume(self, data: bytes) -> None:
        now = time.monotonic()
        with self._lock:
            self._raw += data
            text = self._filter(self._decoder.decode(data))
            if not self.colours:
                text = _SGR.sub("", text)  # one split across two reads: pyte parses it
            self._stream.feed(text)
            self._version += 1
            if self.first_output_at is None:
                self.first_output_at = now
        self._first_output.set()
        with self._output:
            self._output.notify_all()
        if self.answer_queries:
            for match in _DECRQM.finditer(data):  # xterm: Ps = 0, "mode not recognized"
                self._write(b"\x1b[?" + match.group(1) + b";0$y")

    def _reap(self) -> None:
        proc = self.proc
        if proc is None:
            return
        with contextlib.suppress(Exception):  # already reaped
            proc.wait()
        self._exit_status = proc.exitstatus
        self._signal_status = proc.signalstatus

    # -- input -------------------------------------------------------------------------------

    def _write(self, data: bytes) -> None:
        assert self.proc is not None
        with self._write_lock:
            view = memoryview(data)
            while view:
                written = os.write(self.proc.fd, view)
                view = view[written:]

    def _cooked(self) -> bool:
        assert self.proc is not None
        try:
            return bool(termios.tcgetattr(self.proc.fd)[3] & termios.ICANON)
        except termios.error:
            return False

    def _send(self, what: str, data: bytes) -> None:
        """Write ``data``; note it in :attr:`cooked_writes` if the pty was in canonical mode
        both before and after the write (the kernel handles input right after the write)."""
        before = self._cooked()
        self._write(data)
        if before and self._cooked():
            self.cooked_writes.append(what)

    def type(self, text: str) -> None:
        """Write characters (UTF-8) in one write, the way a fast typist's burst arrives."""
        self._send(repr(text), text.encode("utf-8"))

    def press(self, *keys: str) -> None:
        """Named keys (``KEYS``), e.g. ``press("ctrl+s")``, ``press("shift+tab", "down")``."""
        for key in keys:
            try:
                data = KEYS[key]
            except KeyError:
                raise ValueError(f"unknown key {key!r}; known: {', '.join(KEYS)}") from None
            self._send(key, data)

    def click(self, col: int, row: int) -> None:
        """A left click at a 0-based cell, in the SGR mouse encoding the app turns on."""
        self._send(
            f"click({col}, {row})",
            f"\x1b[<0;{col + 1};{row + 1}M\x1b[<0;{col + 1};{row + 1}m".encode(),
        )

    def termios(self) -> list[object] | None:
        """The pty's current settings (``termios.tcgetattr`` on the master, which Linux answers
        for the pair even after the app has exited), or None where that is refused."""
        assert self.proc is not None
        try:
            return list(termios.tcgetattr(self.proc.fd))
        except termios.error:
            return None

    # -- what the terminal shows ---------------------------------------------------------------

    @property
    def size(self) -> tuple[int, int]:
        """(columns, rows)."""
        return self._screen.columns, self._screen.lines

    @property
    def version(self) -> int:
        """Changes whenever the screen may have: a cache key for what is read from it."""
        return self._version

    def cells(self) -> list[tuple[str, ...]]:
        """Every row as one string per column ("" right of a wide character). A snapshot,
        rebuilt only after new output: polling every 10 ms costs nothing while the app is
        quiet."""
        return self._read()[0]

    def lines(self) -> list[str]:
        """The screen's rows as text (a wide character counts once)."""
        return list(self._read()[1])

    def text(self) -> str:
        """The screen's rows joined by newlines."""
        return self._read()[2]

    def _read(self) -> tuple[list[tuple[str, ...]], tuple[str, ...], str]:
        """The snapshot of :meth:`cells`, :meth:`lines` and :meth:`text`, taken once per screen
        version: a wait looks at the screen whenever the app writes and every 10 ms, and most
        predicates read it whole (building the rows' text again at each look was a tenth of
        the tests' own CPU), and :meth:`_Screen.rows` reads again only the rows that changed."""
        with self._lock:
            if self._snapshot is None or self._snapshot[0] != self._version:
                rows, lines = self._screen.rows()
                self._snapshot = (self._version, list(rows), tuple(lines), "\n".join(lines))
            return self._snapshot[1:]

    def region(self, left: int, right: int, top: int = 0, bottom: int | None = None) -> list[str]:
        """The text of columns ``left:right`` in rows ``top:bottom``, one string per row."""
        return ["".join(row[left:right]) for row in self.cells()[top:bottom]]

    def find(self, needle: str, left: int = 0, right: int | None = None) -> tuple[int, int] | None:
        """The (column, row) of the first ``needle`` within columns ``left:right``, or None."""
        for y, row in enumerate(self.cells()):
            part = row[left:right]
            line = "".join(part)
            at = line.find(needle)
            if at >= 0:
                # back from string offsets to columns: wide characters leave "" cells
                col, seen = left, 0
                for cell in part:
                    if seen >= at:
                        break
                    seen += len(cell)
                    col += 1
                return col, y
        return None

    @property
    def title(self) -> str:
        """The window title, as last set with OSC 0 or OSC 2 ("" if never set)."""
        with self._lock:
            return str(self._screen.title)

    @property
    def titles(self) -> list[str]:
        """Every title set so far, in order."""
        with self._lock:
            return list(self._screen.titles)

    @property
    def erasures(self) -> list[int]:
        """The mode of every erase-in-display the terminal obeyed (2: the whole screen)."""
        with self._lock:
            return list(self._screen.erasures)

    @property
    def raw(self) -> bytes:
        """Every byte the app wrote to its terminal so far."""
        with self._lock:
            return bytes(self._raw)

    def resize(self, cols: int, rows: int) -> None:
        """Resize the terminal as a window manager would: the emulator first, then the pty
        (the kernel sends the app SIGWINCH)."""
        assert self.proc is not None
        with self._lock:
            self._screen.resize(lines=rows, columns=cols)
            self._version += 1
        self.proc.setwinsize(rows, cols)

    # -- waiting -------------------------------------------------------------------------------

    def wait_first_output(self, timeout: float = 10.0) -> float:
        """Block until the app writes its first byte; returns seconds since the spawn."""
        if not self._first_output.wait(timeout):
            raise AssertionError(f"the app wrote nothing within {timeout}s\n{self.describe()}")
        assert self.first_output_at is not None
        return self.first_output_at - self.started_at

    def wait_until(
        self,
        predicate: Callable[[], object],
        timeout: float = 10.0,
        what: str | Callable[[], str] = "",
    ) -> float:
        """Look at ``predicate`` whenever the app writes, and every 10 ms besides (for what is
        not on the screen: a file, the process), until it is true; returns the monotonic time it
        was first seen true. Fails after ``timeout`` seconds, or as soon as the app has exited
        with the predicate still false; ``what`` (a text, or a function giving one at the time
        of failure) says what was awaited, and the message ends with :meth:`describe`."""
        deadline = time.monotonic() + timeout
        while True:
            if predicate():
                return time.monotonic()
            failure = None
            if self.reader_error is not None:
                failure = f"the pty reader failed: {self.reader_error!r}"
            elif self._finished.is_set() and not predicate():
                failure = "the app exited"
            elif time.monotonic() > deadline:
                failure = f"timed out after {timeout}s"
            if failure is not None:
                label = what() if callable(what) else what
                raise AssertionError(
                    f"{failure} waiting for {label or predicate}\n{self.describe()}"
                )
            with self._output:
                self._output.wait(0.01)

    def wait_still(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until the app has written nothing for ``quiet`` seconds: the screen is laid out
        (a widget scrolled into view after it took the focus has stopped moving). For a test
        that is about to click where something is shown."""
        deadline = time.monotonic() + timeout
        seen, since = self.version, time.monotonic()
        while time.monotonic() - since < quiet:
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen never stopped changing\n{self.describe()}")
            time.sleep(0.01)
            if self.version != seen:
                seen, since = self.version, time.monotonic()

    def wait_for_text(self, needle: str, timeout: float = 10.0) -> float:
        return self.wait_until(lambda: needle in self.text(), timeout, f"{needle!r} on screen")

    def wait_exit(self, timeout: float = 10.0) -> int:
        """Wait for the process to end; returns its exit status (-N if killed by signal N)."""
        if not self._finished.wait(timeout):
            raise AssertionError(
                f"the app did not exit within {timeout}s\n{self.describe()}\n{self.stacks()}"
            )
        status = self.exit_status
        assert status is not None
        return status

    @property
    def alive(self) -> bool:
        return self.proc is not None and not self._finished.is_set()

    @property
    def exit_status(self) -> int | None:
        """The exit status once the process ended (``-N`` for signal N), else None."""
        if not self._finished.is_set():
            return None
        if self._signal_status is not None:
            return -self._signal_status
        return self._exit_status

    def describe(self) -> str:
        """The state, for a failure message: the process, the screen, typing in cooked mode."""
        state = "running" if self.alive else f"exited with status {self.exit_status}"
        parts = [f"process: {state}; title: {self.title!r}; {len(self._raw)} bytes written"]
        if self.cooked_writes:
            parts.append(
                "written while the pty was still in cooked mode (the app had not yet turned off "
                f"canonical mode, echo and signals): {', '.join(self.cooked_writes)}"
            )
        rows = [row.rstrip() for row in self.lines()]
        while rows and not rows[-1]:
            rows.pop()
        parts.append("screen:\n" + "\n".join(f"  |{row}" for row in rows))
        # the end of what was written, as bytes: a screen that lost its repaint (after a
        # resize, a row drawn and the rest blank) is explained by the last frame's cursor moves
        parts.append(f"last bytes written: {bytes(self._raw[-LAST_BYTES:])!r}")
        return "\n".join(parts)

    def leftovers(self, timeout: float = 5.0) -> list[str]:
        """The processes of the app's session (pid and command) still running ``timeout``
        seconds after it ended: what it started and left behind (readers of a board, their
        server). An empty list as soon as there are none."""
        assert self.proc is not None and not self.alive, "the app is still running"
        deadline = time.monotonic() + timeout
        while True:
            found = _session_members(self.proc.pid)
            if not found or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def stacks(self) -> str:
        """Every thread's stack in the running app (the hook in ``stacks_hook``), for the
        message of a test that finds it hung; what there is to say when there is none."""
        dump = self.workdir / "stacks.txt"
        if not self.alive or self.proc is None:
            return "stacks: the app is not running"
        try:
            os.kill(self.proc.pid, signal.SIGUSR1)
        except OSError as error:
            return f"stacks: {error}"
        # written from a signal handler, thread by thread: read until it stops growing
        deadline = time.monotonic() + 3.0
        text, before = "", None
        while time.monotonic() < deadline and (not text or text != before):
            time.sleep(0.1)
            before, text = text, dump.read_text(errors="replace") if dump.exists() else ""
        return f"{self._kernel_view()}\nstacks of the app's threads:\n" + (
            text or "(none written: no hook in this app, or it is stopped)"
        )

    def _kernel_view(self) -> str:
        """What the kernel says of the app's threads (state, where each waits) and of the
        other processes of its session: for a hang the stacks alone do not explain (a stopped
        process writes none)."""
        assert self.proc is not None
        pid, lines = self.proc.pid, []
        for task in sorted(Path(f"/proc/{pid}/task").glob("*")):
            with contextlib.suppress(OSError):
                state = _stat_fields(task / "stat")[0]
                wchan = (task / "wchan").read_text()
                lines.append(f"  thread {task.name}: state {state}, waiting in {wchan or '-'}")
        lines += [f"  in its session: {member}" for member in _session_members(pid)]
        return f"the app (pid {pid}) as the kernel sees it:\n" + "\n".join(lines)

    # -- teardown ------------------------------------------------------------------------------

    def close(self) -> None:
        """Kill the process if it still runs, stop the reader, close the pty. Always safe."""
        proc = self.proc
        if proc is None:
            return
        if not self._finished.is_set():
            for sig in (signal.SIGHUP, signal.SIGKILL):
                try:
                    os.kill(proc.pid, sig)
                except ProcessLookupError:
                    break
                if self._finished.wait(2.0 if sig == signal.SIGHUP else 5.0):
                    break
        # what it left running goes too (a test that found leftovers has said so already):
        # on two cores, a reader left spinning slows every test after it
        for member in _session_members(proc.pid):
            with contextlib.suppress(OSError, ValueError):
                os.kill(int(member.split()[0]), signal.SIGKILL)
        self._stop.set()
        if self._reader is not None:
            self._reader.join(5.0)
        if proc.terminated:
            # reaped by the reader: ptyprocess's close would still sleep 0.1 s "to give the
            # kernel time to update process status" before asking whether it is alive
            proc.delayafterclose = 0
        with contextlib.suppress(Exception):
            proc.close(force=True)
