"""Promises a user relies on, checked on the real ``perfcard-tui`` in a real pseudo-terminal.

The headless Pilot tests drive the app from inside its own event loop: keys arrive only once
the app is ready for them, and nothing goes through a terminal. Here the process starts as a
user starts it, keys are bytes written to its pty the moment the test decides (from the very
first byte of output on), and what counts is what the terminal shows (pyte) and what the file
holds. None of these tests is marked xfail: a failure here is an app bug.

Reading the screen is ``card_screen.py``'s job.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import (
    CURRENT,
    CURRENT_VALUE,
    SIZE,
    assert_no_traceback,
    click_field,
    editor_on_current_value,
    field_value,
    header,
    hooked_env,
    line_with,
    panes,
    preview_text,
    replace_nth,
    save_and_wait,
    shows_saved,
    traceback_summary,
)
from harness import ALT_SCREEN_OFF, ALT_SCREEN_ON, KEYS, Term

pytestmark = pytest.mark.terminal

PREVIEW_LATENCY = 0.5  # seconds from the form showing a burst to the preview showing it


# a prose field and a code block laced with what a hostile card could carry: set the window
# title, clear the screen (7-bit and C1 CSI), put text on the clipboard (OSC 52), reverse the
# text that follows (U+202E)
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZWNobyBwd25lZA==\x07\x9b2J"
BIDI = "\u202eevil\u202c"
HOSTILE_CLIPBOARD = b"\x1b]52;c;ZWNobyBwd25lZA=="
HOSTILE_TITLE = b"\x1b]0;pwned"


def bursts(count: int) -> list[str]:
    return [f" K{i}Q" for i in range(count)]


# -- a. keys typed from the very first byte of output ------------------------------------------


def test_keys_typed_from_the_first_byte_all_land_in_order(term: Term, perf7_copy: Path) -> None:
    original = perf7_copy.read_bytes()
    typed = " K0Q K1Q"
    term.start(perf7_copy, "--goto", "current-value", size=SIZE)
    term.wait_first_output()
    term.type(typed)
    want = CURRENT_VALUE + typed

    term.wait_until(
        lambda: field_value(term, "Current Value") == want,
        what=lambda: (
            f"the Current Value field to show {want!r} (typed from the first byte of output, "
            f"with --goto current-value); it shows {field_value(term, 'Current Value')!r}"
        ),
    )
    saved = save_and_wait(term, perf7_copy, original)
    expected = original.replace(CURRENT, CURRENT + typed.encode(), 1)
    assert saved == expected, (
        f"the saved Current Value line is {line_with(saved, b'**Current Value**')!r}, "
        f"expected {line_with(expected, b'**Current Value**')!r}"
    )
    assert saved.count(b"K0Q") == 1 and saved.count(b"K1Q") == 1
    assert_no_traceback(term, "after typing from the first byte")


# -- b. a command key pressed at once --------------------------------------------------------


@pytest.mark.parametrize("key", ["ctrl+s", "ctrl+l", "ctrl+z"])
def test_command_key_at_first_byte_does_not_crash(term: Term, perf7_copy: Path, key: str) -> None:
    original = perf7_copy.read_bytes()
    term.start(perf7_copy, size=SIZE)
    term.wait_first_output()
    term.press(key)
    term.wait_until(
        lambda: shows_saved(term) or traceback_summary(term) is not None,
        what=f"the editor to come up after {key} was pressed at the first byte of output",
    )
    assert_no_traceback(term, f"{key} pressed at the first byte of output")
    assert term.alive, f"the app exited after {key}\n{term.describe()}"
    # ctrl+q goes through after the key was handled, whatever it opened: a clean exit
    term.press("ctrl+q")
    status = term.wait_exit()
    assert_no_traceback(term, f"quitting after {key}")
    assert status == 0, f"exit status {status} after {key} then ctrl+q\n{term.describe()}"
    assert perf7_copy.read_bytes() == original, f"{key} on an unmodified card changed the file"
    assert_reached_the_app(term, key)


def assert_reached_the_app(term: Term, key: str) -> None:
    """The key went to the app, not to the tty's line discipline (see the harness doc: the
    app's first bytes go out before it turns off canonical mode, XON/XOFF and signals)."""
    assert key not in term.cooked_writes, (
        f"{key} reached the terminal while it was still in cooked mode: the kernel's line "
        f"discipline, not the app, handled it (ctrl+s/ctrl+q: XOFF/XON, ctrl+z: SIGTSTP); the "
        f"app wrote its first output before turning on raw mode"
    )


def test_quit_at_first_byte_exits_cleanly(term: Term, perf7_copy: Path) -> None:
    original = perf7_copy.read_bytes()
    term.start(perf7_copy, size=SIZE)
    term.wait_first_output()
    term.press("ctrl+q")
    status = term.wait_exit()
    assert_no_traceback(term, "ctrl+q pressed at the first byte of output")
    assert status == 0, f"exit status {status}\n{term.describe()}"
    assert perf7_copy.read_bytes() == original
    assert_reached_the_app(term, "ctrl+q")


def test_an_unknown_goto_field_ends_with_one_line(term: Term, perf7_copy: Path) -> None:
    original = perf7_copy.read_bytes()
    term.start(perf7_copy, "--goto", "no-such-field", size=SIZE)
    status = term.wait_exit()
    assert status == 2, f"exit status {status}\n{term.describe()}"
    assert_no_traceback(term, "an unknown --goto field")
    said = [line for line in term.lines() if "--goto" in line]
    assert said and "no-such-field" in said[-1], f"no one-line reason\n{term.describe()}"
    assert perf7_copy.read_bytes() == original


# -- c. bursts: form, live preview and file keep every character, in order ----------------------


class Timings:
    """Per burst, in ms: typing → the form showing it (echo), the form → the preview (lag)."""

    def __init__(self, echo: list[float], lag: list[float]) -> None:
        self.echo = echo
        self.lag = lag

    def __str__(self) -> str:
        return (
            f"echo ms {[round(x * 1000) for x in self.echo]}; "
            f"preview lag ms {[round(x * 1000) for x in self.lag]}"
        )


def _type_bursts_and_time_preview(term: Term, count: int) -> tuple[Timings, str]:
    """Type ``count`` bursts into the focused Current Value field, each once the form shows the
    previous one; returns the timings and the text typed."""
    words = bursts(count)
    typed_at: dict[int, float] = {}
    form_at: dict[int, float] = {}
    preview_at: dict[int, float] = {}

    def expected(i: int) -> str:
        return CURRENT_VALUE + "".join(words[: i + 1])

    def observe(upto: int) -> None:
        now = time.monotonic()
        shown = field_value(term, "Current Value") or ""
        preview = preview_text(term) or ""
        for i in range(upto + 1):
            if i not in form_at:
                # the input scrolls sideways: what it shows is the end of the value
                full = expected(i)
                seen_whole = len(shown) >= min(len(full), 24) and full.endswith(shown)
                if seen_whole and shown.endswith(words[i].strip()):
                    form_at[i] = now
            # the preview holds the whole value (wrapped); a later burst contains this one
            if i not in preview_at and f"Current Value: {expected(i)}" in preview:
                preview_at[i] = now

    def form_has(i: int) -> Callable[[], bool]:
        def check() -> bool:
            observe(i)
            return i in form_at

        return check

    for i, word in enumerate(words):
        typed_at[i] = time.monotonic()
        term.type(word)
        term.wait_until(
            form_has(i),
            what=lambda i=i: (
                f"burst {i} ({words[i]!r}) in the Current Value field: the field shows "
                f"{field_value(term, 'Current Value')!r}, the value typed so far is "
                f"{expected(i)!r}"
            ),
        )

    def preview_has_all() -> bool:
        observe(count - 1)
        return len(preview_at) == count

    def missing() -> str:
        echo = [round((form_at[i] - typed_at[i]) * 1000) for i in range(count)]
        return (
            f"the live preview to show every burst: bursts "
            f"{sorted(set(range(count)) - set(preview_at))} never showed (the form showed all "
            f"20; echo ms {echo}); the preview reads "
            f"{(preview_text(term) or '(hidden)')[:400]!r}"
        )

    term.wait_until(preview_has_all, what=missing)
    echo = [form_at[i] - typed_at[i] for i in range(count)]
    lag = [max(0.0, preview_at[i] - form_at[i]) for i in range(count)]
    return Timings(echo, lag), "".join(words)


@pytest.mark.parametrize("which", ["sample", "6800-lines", "20000-headings"])
def test_bursts_reach_form_preview_and_file_in_order(
    term: Term, request: pytest.FixtureRequest, which: str
) -> None:
    if which == "sample":
        path, goto, occurrence = request.getfixturevalue("perf7_copy"), "current-value", 0
    elif which == "6800-lines":  # the 8th of 15 copies: mid-card, where the preview must follow
        path, goto, occurrence = (
            request.getfixturevalue("big_card"),
            "current-performance/primary-metric-8/current-value",
            7,
        )
    else:  # 10,000 headings above the field: the preview must show its section, not theirs
        path, goto, occurrence = request.getfixturevalue("headings_card"), "current-value", 0
    original = path.read_bytes()
    term.start(path, "--goto", goto, size=SIZE)
    term.wait_until(
        lambda: editor_on_current_value(term),
        # opening the big card takes 3-7 s on 2 busy cores: a failure limit, not a promise
        timeout=10.0 if which == "sample" else 30.0,
        what="the editor with the Current Value field in the form and in the preview",
    )
    click_field(term, "Current Value")  # focus by hand: --goto's own focus is test a's concern

    timings, typed = _type_bursts_and_time_preview(term, 20)
    print(f"{which}: {timings}")  # shown with -s / -rA: the figures behind the verdict
    worst = max(timings.lag)
    assert worst <= PREVIEW_LATENCY, (
        f"the preview trailed the form by up to {worst * 1000:.0f} ms (limit "
        f"{PREVIEW_LATENCY * 1000:.0f} ms); {timings}"
    )
    spans = panes(term)
    top = " ".join(term.region(*spans[-1], 1, 4))
    assert "Primary Metric" in top, (
        f"the preview does not show the section in focus at its top: {top.strip()!r}"
    )

    saved = save_and_wait(term, path, original)
    expected = replace_nth(original, CURRENT, CURRENT + typed.encode(), occurrence)
    assert saved == expected, (
        f"the saved value is {line_with(saved, b'K0Q')!r}, expected {line_with(expected, b'K0Q')!r}"
    )


def test_the_preview_follows_text_that_comes_back_to_an_earlier_one(
    term: Term, perf7_copy: Path
) -> None:
    """Backspace over what was typed, or undo it: the text is one the preview has rendered
    before (its cache holds it), and the preview must show it again, not keep the newer one
    until something else repaints it (it did, up to a resize)."""
    term.start(perf7_copy, "--goto", "current-value", size=SIZE)
    term.wait_until(lambda: editor_on_current_value(term), what="the editor on Current Value")

    def preview_shows(value: str) -> Callable[[], bool]:
        # the value's whole item: the next item's bullet follows it
        return lambda: f"Current Value: {value} • Target Value:" in (preview_text(term) or "")

    for word, back in ((" K", ("backspace", "backspace")), (" Z", ("ctrl+z",))):
        term.type(word)
        term.wait_until(
            preview_shows(CURRENT_VALUE + word),
            what=lambda w=word: f"the preview showing {w!r} typed: {preview_text(term)!r}",
        )
        term.press(*back)
        term.wait_until(
            lambda: (
                field_value(term, "Current Value") == CURRENT_VALUE
                and preview_shows(CURRENT_VALUE)()
            ),
            what=lambda b=back: (
                f"after {b}, the form and the preview back at {CURRENT_VALUE!r}: the form "
                f"shows {field_value(term, 'Current Value')!r}, the preview "
                f"{preview_text(term)!r}"
            ),
        )
    assert_no_traceback(term, "the text typed and taken back")


# -- d. a card full of escape sequences --------------------------------------------------------


def hostile_card(folder: Path) -> Path:
    """A PERF-7 copy (same file name) with the payload in the Summary prose and a code block."""
    text = (Path(__file__).resolve().parents[2] / "sample_cards" / "PERF-7.md").read_text(
        encoding="utf-8"
    )
    prose = "Since release 2026.11.3 (deployed"
    code = "# orders/views.py (release 2026.11.3)\n"
    assert prose in text and code in text
    text = text.replace(prose, f"Since release 2026.11.3 {HOSTILE}{BIDI} (deployed", 1)
    text = text.replace(code, f"{code}# {HOSTILE}{BIDI}\n", 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "PERF-7.md"
    path.write_bytes(text.encode("utf-8"))
    return path


def click_text(term: Term, needle: str, span: tuple[int, int]) -> None:
    where = term.find(needle, *span)
    assert where is not None, f"{needle!r} is not on screen\n{term.describe()}"
    term.click(*where)


def hostile_seen(term: Term) -> bool:
    """The terminal already obeyed the card: a title with its word, or a screen erase."""
    return bool(term.erasures) or any("pwned" in t for t in term.titles)


def _walk(term: Term, path: Path, *, review: bool) -> list[str]:
    """Open the card, look at the Summary prose, then at the Code Changes code block; the
    screen rows that belong to the app (header, footer) at each stop, for comparison. Stops
    early once the terminal has obeyed the card (the screen is no longer the app's)."""
    if review:
        term.start(None, "--review", path, size=SIZE)
        state = "read-only"
    else:
        term.start(path, size=SIZE)
        state = "saved"

    def tree_has(title: str) -> bool:
        spans = panes(term)
        return len(spans) >= 2 and term.find(title, *spans[0]) is not None

    def app_rows() -> str:
        # the footer's keys follow the focus, which may land a frame apart in two runs: only
        # whether it still shows the app's own keys is compared
        footer = term.lines()[-1]
        return f"header {header(term).strip()!r}, footer keys shown: {'Quit' in footer}"

    stops: list[str] = []
    term.wait_until(
        lambda: (
            (
                state in header(term)
                and "Quit" in term.lines()[-1]
                and tree_has("Code Changes")
                and "Since release 2026.11.3" in term.text()
            )
            or hostile_seen(term)
        ),
        what="the card on screen (its Summary prose), the section tree, header and footer",
    )
    stops.append(f"opened: {app_rows()}")
    if hostile_seen(term):
        return stops
    # a click lands where the row was when the screen was read: wait until nothing moves (the
    # badges and the layout settle later on a loaded machine; a click that met another row
    # would wait for the code block in vain)
    term.wait_still()
    click_text(term, "Code Changes", panes(term)[0])
    # the footer too: its keys follow the focus the click moved, and it is rebuilt a frame
    # after the section shows (a stop taken between the two once read as "no keys")
    term.wait_until(
        lambda: (
            ("orders/views.py (release 2026.11.3)" in term.text() and "Quit" in term.lines()[-1])
            or hostile_seen(term)
        ),
        what="the Code Changes section (its code block) on screen, and the footer's keys",
    )
    stops.append(f"code block shown: {app_rows()}")
    return stops


def _hostile_problems(term: Term, clean: Term) -> list[str]:
    problems = []
    if any("pwned" in t for t in term.titles) or term.title != clean.title:
        problems.append(
            f"the card set the window title: titles set {term.titles!r} (the clean card's run "
            f"set {clean.titles!r})"
        )
    if term.erasures != clean.erasures:
        problems.append(
            f"the card erased the screen: erase-in-display modes {term.erasures} (clean run: "
            f"{clean.erasures})"
        )
    raw = term.raw
    if HOSTILE_CLIPBOARD in raw:
        problems.append("an OSC 52 carrying the card's clipboard payload reached the terminal")
    if HOSTILE_TITLE in raw:
        problems.append("the card's OSC 0 title sequence reached the terminal")
    return problems


@pytest.mark.parametrize("mode", ["editor", "review"])
def test_escape_sequences_in_a_card_never_reach_the_terminal(
    new_term: Callable[[], Term], tmp_path: Path, perf7_copy: Path, mode: str
) -> None:
    review = mode == "review"
    clean = new_term()
    clean_stops = _walk(clean, perf7_copy, review=review)

    path = hostile_card(tmp_path / "hostile")
    original = path.read_bytes()
    term = new_term()
    stops = _walk(term, path, review=review)
    problems = _hostile_problems(term, clean)
    if stops != clean_stops:
        problems.append(
            "the app's own text did not stay on screen: "
            + "; ".join(f"{a} (clean card: {b})" for a, b in zip(stops, clean_stops, strict=False))
        )
    if problems:
        pytest.fail("\n".join(problems) + "\n" + term.describe())
    assert_no_traceback(term, "showing a card full of escape sequences")

    if review:
        assert path.read_bytes() == original
        return
    assert shows_saved(term), f"showing the card marked it modified\n{term.describe()}"
    # edit another field, save: the hostile bytes come back exactly as they were. By keyboard,
    # through find: the keys typed behind enter go to the match's field, whatever the layout is
    # doing meanwhile (a click can land on a row the Summary's text area grows into as it wraps)
    term.press("ctrl+f")
    term.wait_until(lambda: "Find in the card" in term.text(), what="the find dialog")
    term.type("3-4 days")
    term.wait_until(lambda: "1 matches" in term.text(), what="the Estimated Effort match")
    term.type("\r" + KEYS["end"].decode() + " or 5")
    term.wait_until(
        lambda: field_value(term, "Estimated Effort") == "3-4 days or 5",
        what=lambda: (
            "the Estimated Effort field to show '3-4 days or 5'; it shows "
            f"{field_value(term, 'Estimated Effort')!r}"
        ),
    )
    saved = save_and_wait(term, path, original)
    expected = original.replace(
        b"**Estimated Effort**: 3-4 days", b"**Estimated Effort**: 3-4 days or 5"
    )
    assert saved == expected, (
        "saving after an edit elsewhere changed the card's other bytes: the hostile lines now "
        f"read {line_with(saved, b'pwned')!r} and {line_with(saved, b'pwned', 1)!r}"
    )
    problems = _hostile_problems(term, clean)
    if problems:
        pytest.fail("after editing and saving: " + "\n".join(problems))


# -- a rule that raises ---------------------------------------------------------------------------

# planted in the real process through Python's own start-up hook (a ``sitecustomize`` module
# first on its path): the app itself has no test-only switch
FAILING_RULES = """
import perfcard_tui.app.open_card as open_card

def run_rules(card, template, stems, path, **_):
    raise RuntimeError("a rule broke on purpose")

open_card.run_rules = run_rules
"""


def test_a_rule_that_raises_shows_an_error_and_editing_goes_on(
    term: Term, perf7_copy: Path, tmp_path: Path
) -> None:
    original = perf7_copy.read_bytes()
    env = hooked_env(term, tmp_path, FAILING_RULES)
    term.start(perf7_copy, "--goto", "current-value", size=SIZE, env=env)
    term.wait_until(
        lambda: (
            "Something failed" in term.text()
            and "RuntimeError" in term.text()
            and "errors.log" in " ".join(term.text().split())
        ),
        what="a notice that something failed, naming the error and where it was logged",
    )
    log = term.state_home / "perfcard-tui" / "errors.log"
    assert "a rule broke on purpose" in log.read_text(encoding="utf-8"), "no traceback logged"

    term.type(" still typing")
    term.wait_until(
        lambda: field_value(term, "Current Value") == f"{CURRENT_VALUE} still typing",
        what="typing after the failure reaching the field",
    )
    assert term.alive, "the app ended after a rule failed"
    saved = save_and_wait(term, perf7_copy, original)
    assert saved == original.replace(CURRENT, CURRENT + b" still typing", 1)


# -- a crash, and the recovery copy ---------------------------------------------------------------


def test_a_killed_session_is_offered_back_and_recovered(
    new_term: Callable[[], Term], perf7_copy: Path
) -> None:
    original = perf7_copy.read_bytes()
    first = new_term()
    first.start(perf7_copy, "--goto", "current-value", size=SIZE)
    first.type(" typed before the crash")
    swap = first.state_home / "perfcard-tui" / "swap"
    first.wait_until(
        lambda: any(b"typed before the crash" in f.read_bytes() for f in swap.glob("*.swap")),
        what="the recovery copy to hold what was typed (written about once a second)",
    )
    assert first.proc is not None
    first.proc.kill(signal.SIGKILL)
    first.wait_exit()
    assert perf7_copy.read_bytes() == original

    second = new_term()  # the same state folder: that is where the copy waits
    second.start(
        perf7_copy,
        "--goto",
        "current-value",
        size=SIZE,
        env={"XDG_STATE_HOME": str(first.state_home)},
    )
    second.wait_for_text("Recover (r)")
    second.type("r")
    second.wait_until(
        lambda: field_value(second, "Current Value") == f"{CURRENT_VALUE} typed before the crash",
        what="the recovered text in the Current Value field",
    )
    saved = save_and_wait(second, perf7_copy, original)
    assert saved == original.replace(CURRENT, CURRENT + b" typed before the crash", 1)


# -- e. resizing while typing ------------------------------------------------------------------


def test_resizing_while_typing_loses_nothing(term: Term, perf7_copy: Path) -> None:
    original = perf7_copy.read_bytes()
    term.start(perf7_copy, "--goto", "current-value", size=(80, 24))
    term.wait_until(
        lambda: shows_saved(term) and field_value(term, "Current Value") == CURRENT_VALUE,
        what="the editor with the Current Value field, at 80x24",
    )
    click_field(term, "Current Value")
    words = bursts(9)
    sizes = [(200, 60), (80, 24)] * 4
    term.type(words[0])
    for word, size in zip(words[1:], sizes, strict=True):
        term.resize(*size)
        term.type(word)
    typed = "".join(words)
    want = CURRENT_VALUE + typed
    # one last, different size: under load the app now and then keeps drawing for 200x60 after
    # the quick return to 80x24 (an open issue, see the closing note of session 2); what this
    # test holds the app to is that nothing typed is lost, read at a size both sides agree on
    term.resize(100, 30)
    term.wait_until(
        lambda: (
            (shown := field_value(term, "Current Value")) is not None
            and len(shown) >= 20
            and want.endswith(shown)
        ),
        what=lambda: (
            f"the Current Value field to end with the last bursts of {want!r}; it shows "
            f"{field_value(term, 'Current Value')!r}"
        ),
    )
    term.press("ctrl+s")
    expected = original.replace(CURRENT, CURRENT + typed.encode(), 1)
    term.wait_until(
        lambda: perf7_copy.read_bytes() == expected,
        what=lambda: (
            f"the saved value to be what was typed while resizing 80x24 <-> 200x60 ({want!r}); "
            f"the file has {line_with(perf7_copy.read_bytes(), b'**Current Value**')!r}"
        ),
    )


# -- f. the terminal is left as it was found -----------------------------------------------------


def _private_modes(raw: bytes) -> dict[int, bool]:
    """The last state each DEC private mode was put in (``CSI ? n h`` / ``CSI ? n l``)."""
    state: dict[int, bool] = {}
    for params, final in re.findall(rb"\x1b\[\?([\d;]+)([hl])", raw):
        for mode in params.split(b";"):
            state[int(mode)] = final == b"h"
    return state


def _printable_after(raw: bytes, marker: bytes) -> bytes:
    tail = raw[raw.rfind(marker) + len(marker) :]
    return re.sub(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)", b"", tail)


def test_quitting_restores_the_terminal(term: Term, perf7_copy: Path) -> None:
    term.start(perf7_copy, size=SIZE)
    term.wait_until(lambda: shows_saved(term), what="the editor")
    term.press("ctrl+q")
    status = term.wait_exit()
    assert status == 0, term.describe()
    raw = term.raw
    assert raw.rfind(ALT_SCREEN_OFF) > raw.rfind(ALT_SCREEN_ON) >= 0, (
        f"the app did not leave the alternate screen: the output ends {raw[-200:]!r}"
    )
    modes = _private_modes(raw)
    left_on = sorted(m for m, on in modes.items() if on and m not in (7, 25))
    assert not left_on, f"DEC private modes left on at exit: {left_on} (output ends {raw[-200:]!r})"
    assert modes.get(25, True), "the cursor was left hidden (CSI ? 25 l without CSI ? 25 h)"
    assert modes.get(7, True), "line wrapping was left off (CSI ? 7 l without CSI ? 7 h)"
    pushes = len(re.findall(rb"\x1b\[>\d*u", raw))
    pops = len(re.findall(rb"\x1b\[<\d*u", raw))
    assert pushes == pops, f"kitty keyboard modes pushed {pushes} times, popped {pops}"
    # the output ends with leaving the alternate screen and mode resets: nothing drawn after
    stray = _printable_after(raw, ALT_SCREEN_OFF).strip()
    assert not stray, f"text written to the main screen after quitting: {stray[:300]!r}"
    after = term.termios()
    if after is not None and term.initial_termios is not None:
        assert after[:4] == term.initial_termios[:4], (
            f"the pty's modes (iflag, oflag, cflag, lflag) at exit {after[:4]} differ from "
            f"before the app started {term.initial_termios[:4]}"
        )
