"""Faults from outside the keyboard, in the real terminal: a dialog that opens by itself (the card
changed on disk, a crashed session's copy was found) never takes typing meant for the card.

What this tier adds to the pilot tests of the same rules: keys arrive as bytes at the pace a
person types, while another process rewrites the file, and what counts is the screen and the
bytes saved.
"""

from __future__ import annotations

import os
import threading
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
    editor_on_current_value,
    field_value,
    line_with,
    save_and_wait,
)
from harness import Term

from perfcard_tui.app import recovery

pytestmark = pytest.mark.terminal

EFFORT = b"**Estimated Effort**: 3-4 days"


def rewrite_every_50ms(path: Path, original: bytes, stop: threading.Event) -> None:
    """Another program saving the card over and over (by rename, as editors do): its own
    change is in Estimated Effort, far from the field being typed into."""
    n = 0
    spare = path.with_name(".other-program.tmp")
    while not stop.wait(0.05):
        n += 1
        spare.write_bytes(original.replace(EFFORT, EFFORT + f" (rewrite {n})".encode(), 1))
        os.replace(spare, path)


def keys_live(term: Term, label: str) -> bool:
    """The dialog's button shows its key: a key pressed now would choose."""
    return label in term.text()


def type_a_word_into_the_dialog(term: Term, label: str) -> None:
    """``done`` typed on, as by someone who had not seen the dialog: its keys go out (the
    button loses its key) and come back once typing stops; nothing was chosen meanwhile.

    Typed once the screen is still: keys the app handles more than a moment after they were
    typed (it was still drawing the card behind the dialog, on a loaded machine) are rightly
    judged by when they were typed, and the button would never be seen losing its key."""
    term.wait_still()
    term.type("done")
    term.wait_until(lambda: not keys_live(term, label), what=f"{label!r} to lose its key")
    term.wait_until(lambda: keys_live(term, label), what=f"{label!r} to show its key again")


def test_a_card_rewritten_while_typing_takes_every_key_and_asks_only_after_a_pause(
    term: Term, perf7_copy: Path
) -> None:
    original = perf7_copy.read_bytes()
    term.start(perf7_copy, "--goto", "current-value", size=SIZE)
    term.wait_until(lambda: editor_on_current_value(term), what="the editor on Current Value")

    stop = threading.Event()
    writer = threading.Thread(target=rewrite_every_50ms, args=(perf7_copy, original, stop))
    writer.start()
    typed = ""
    try:
        for char in "typed-while-the-file-changes-0123456789":
            typed += char
            term.type(char)
            want = CURRENT_VALUE + typed
            term.wait_until(
                lambda want=want: field_value(term, "Current Value") == want,
                what=lambda want=want: (
                    f"the field to show {want!r} while the file is rewritten every 50 ms; "
                    f"it shows {field_value(term, 'Current Value')!r}"
                ),
            )
    finally:
        stop.set()
        writer.join()
    theirs = perf7_copy.read_bytes()
    assert b"(rewrite " in theirs

    # typing stopped: now, and only now, the question
    term.wait_until(lambda: keys_live(term, "Keep mine (k)"), what="the conflict screen")
    type_a_word_into_the_dialog(term, "Keep mine (k)")
    assert "changed on disk" in term.text(), "a letter of 'done' chose something"
    assert perf7_copy.read_bytes() == theirs

    term.type("k")  # on its own, after a moment: a choice
    want = CURRENT_VALUE + typed
    term.wait_until(
        lambda: "changed on disk" not in term.text() and field_value(term, "Current Value") == want,
        what="the editor back, with everything typed",
    )
    saved = save_and_wait(term, perf7_copy, theirs)
    expected = original.replace(CURRENT, CURRENT + typed.encode(), 1)
    assert saved == expected, (
        f"saved {line_with(saved, b'**Current Value**')!r} and "
        f"{line_with(saved, b'**Estimated Effort**')!r}"
    )
    assert_no_traceback(term, "after the conflict")


def test_a_word_typed_at_the_recovery_offer_does_not_throw_the_copy_away(
    new_term: Callable[[], Term], perf7_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = perf7_copy.read_bytes()
    crashed = original.replace(CURRENT, CURRENT + b" typed before the crash", 1)
    term: Term = new_term()
    swap = term.state_home / "perfcard-tui" / "swap"
    # the copy a crashed session left, where the app looks for it
    monkeypatch.setenv("XDG_STATE_HOME", str(term.state_home))
    recovery.write(perf7_copy, [crashed])
    copies = list(swap.glob("*.swap"))
    assert len(copies) == 1

    term.start(perf7_copy, "--goto", "current-value", size=SIZE)
    term.wait_until(lambda: keys_live(term, "Set aside (d)"), what="the recovery offer")
    type_a_word_into_the_dialog(term, "Set aside (d)")
    assert "did not end cleanly" in term.text(), "a letter of 'done' chose something"
    assert copies[0].read_bytes() == crashed, "the recovery copy was touched"
    assert not (term.state_home / "perfcard-tui" / "set-aside").exists()

    term.type("r")
    term.wait_until(
        lambda: field_value(term, "Current Value") == f"{CURRENT_VALUE} typed before the crash",
        what="the recovered text in the Current Value field",
    )
    assert save_and_wait(term, perf7_copy, original) == crashed
