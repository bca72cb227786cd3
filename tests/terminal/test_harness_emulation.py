"""The harness's shortcuts through pyte show what pyte itself would show.

``harness._Screen`` draws text of one-cell characters (printable ASCII, box drawing, accented
letters...) a row's slice at a time, and ``harness._Stream``
dispatches plain CSI sequences whole: both only to spend less CPU reading the app's output.
Here the same output, cut into reads at arbitrary places, goes through plain pyte and through
the harness's pair, and every cell (character and attributes), the cursor and the modes must
come out the same. The output mixes what Textual writes (cursor moves, line erasures, colours,
text running off the right edge) with what changes how text lands (autowrap off, insert mode,
scrolling margins, private modes, OSC titles, sequences cut by the end of a read).
"""

from __future__ import annotations

import os
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

import pyte
from card_screen import SIZE, shows_saved
from harness import Term, _Screen, _Stream

pytestmark = pytest.mark.terminal

COLUMNS, LINES = 20, 6

_number = st.integers(0, 30).map(str)
_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=45)
# what else Textual draws: rules, blocks, a tick, accented letters (one cell each), wide
# characters (two) and a combining accent (none: it joins the cell before). Not the zero-width
# characters the harness drops on purpose (see its doc).
_unicode = st.text(
    st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.sampled_from("─│▎▏▕▔▁█▐▌✓éß\u00a0中🙂\u0301"),
    ),
    min_size=1,
    max_size=45,
)
_piece = st.one_of(
    _text,
    _unicode,
    st.builds(lambda y, x: f"\x1b[{y};{x}H", _number, _number),
    st.builds(lambda y: f"\x1b[{y}H", _number),
    st.just("\x1b[H"),
    st.just("\x1b[;7H"),
    st.sampled_from(["\x1b[K", "\x1b[0K", "\x1b[1K", "\x1b[2K", "\x1b[J", "\x1b[2J"]),
    st.builds(lambda n, c: f"\x1b[{n}{c}", _number, st.sampled_from("ABCDGX@Pd`")),
    st.sampled_from(["\x1b[1m", "\x1b[0m", "\x1b[31;44m", "\x1b[38;2;10;20;30m", "\x1b[m"]),
    # origin mode (?6h) left out: pyte 0.8 asserts on a line move in it before margins are set
    st.sampled_from(["\x1b[?7l", "\x1b[?7h", "\x1b[4h", "\x1b[4l"]),
    st.builds(lambda t, b: f"\x1b[{t};{b}r", _number, _number),
    st.sampled_from(["\r", "\n", "\x08", "\t", "\x1b[?25l", "\x1b[?2026h", "\x1b[?1049h"]),
    # a title starting with ";" is the harness's own choice (Textual's OSC 22, see its doc)
    st.builds(lambda t: f"\x1b]0;{t}\x07", _text.filter(lambda t: not t.startswith(";"))),
    st.sampled_from(["\x1b7", "\x1b8", "\x1bM", "\x1bD"]),
    # charset designations and shifts (a UTF-8 stream ignores them: no translation)
    st.sampled_from(["\x1b(0", "\x1b)0", "\x1b(B", "\x0e", "\x0f"]),
)


def _shown(screen: pyte.Screen) -> tuple[object, ...]:
    cells = tuple(
        tuple(screen.buffer[y][x] for x in range(screen.columns)) for y in range(screen.lines)
    )
    cursor = (screen.cursor.x, screen.cursor.y, screen.cursor.attrs, screen.cursor.hidden)
    return cells, cursor, frozenset(screen.mode), screen.margins, screen.title


@settings(max_examples=300, derandomize=True, deadline=None)
@given(pieces=st.lists(_piece, max_size=40), cuts=st.lists(st.integers(0, 400), max_size=6))
def test_the_harness_shows_what_pyte_shows(pieces: list[str], cuts: list[int]) -> None:
    output = "".join(pieces)
    reads = [output[a:b] for a, b in pairwise([0, *sorted(cuts), len(output)])]
    plain, ours = pyte.Screen(COLUMNS, LINES), _Screen(COLUMNS, LINES)
    plain_stream, our_stream = pyte.Stream(plain), _Stream(ours)
    for read in reads:
        plain_stream.feed(read)
        our_stream.feed(read)
        # what the tests read: only the rows marked dirty are read again
        rows, lines = ours.rows()
        assert rows == [ours.cells(y) for y in range(LINES)]
        assert lines == ["".join(row) for row in rows]
    assert _shown(ours) == _shown(plain)


def test_a_textual_frame_lands_cell_for_cell() -> None:
    """The everyday case spelled out: a coloured line written at a cursor position, then
    erased to its end, then text running past the right edge onto the next row."""
    frame = "\x1b[2;3H\x1b[1;31mhello\x1b[0m\x1b[K\x1b[4;15Hwrapping text"
    plain, ours = pyte.Screen(COLUMNS, LINES), _Screen(COLUMNS, LINES)
    pyte.Stream(plain).feed(frame)
    _Stream(ours).feed(frame)
    assert _shown(ours) == _shown(plain)
    assert "".join(c.data for c in ours.buffer[1].values()).strip() == "hello"
    assert ours.buffer[1][2].bold and ours.buffer[1][2].fg == "red"
    assert "".join(ours.buffer[4][x].data for x in range(7)) == "ng text"


@pytest.mark.parametrize("text", ["past the edge", "▎past─the─edge"])
def test_text_drawn_after_a_resize_left_the_cursor_past_the_edge(text: str) -> None:
    """A frame for the old size arriving after the terminal shrank (pyte's ``resize`` leaves the
    cursor where it was): pyte draws the first character beyond the edge, then wraps."""
    plain, ours = pyte.Screen(COLUMNS, LINES), _Screen(COLUMNS, LINES)
    plain_stream, our_stream = pyte.Stream(plain), _Stream(ours)
    for screen, stream in ((plain, plain_stream), (ours, our_stream)):
        stream.feed("\x1b[2;18H")
        screen.resize(lines=LINES, columns=COLUMNS // 2)
        stream.feed(text)
    assert _shown(ours) == _shown(plain)
    assert ours.rows()[0] == [ours.cells(y) for y in range(LINES)]


def test_a_combining_accent_at_the_left_edge_changes_the_row_above() -> None:
    """pyte joins it to the last cell of the row above, and marks only the cursor's row dirty:
    the rows the tests read must show it all the same."""
    plain, ours = pyte.Screen(COLUMNS, LINES), _Screen(COLUMNS, LINES)
    plain_stream, our_stream = pyte.Stream(plain), _Stream(ours)
    for read in (f"\x1b[1;{COLUMNS}He", "\x1b[2;1H\u0301"):
        plain_stream.feed(read)
        our_stream.feed(read)
        rows, _ = ours.rows()
    assert _shown(ours) == _shown(plain)
    assert rows[0][-1] == "é" and rows == [ours.cells(y) for y in range(LINES)]


def test_a_running_app_says_where_its_threads_are(term: Term, perf7_copy: Path) -> None:
    """What a test that finds the app hung prints: every thread's stack (``stacks_hook``)."""
    term.start(perf7_copy, size=SIZE)
    term.wait_until(lambda: shows_saved(term), what="the editor")
    stacks = term.stacks()
    assert "Thread 0x" in stacks and "textual/app.py" in stacks, stacks
    term.press("ctrl+q")
    assert term.wait_exit() == 0
