"""A big card in the real terminal: its beginning shows at once, keys typed from the first byte
land, saving keeps every other byte, and quitting never waits for a check still running.

How fast is the benchmark's business (``benchmarks/bench_size.py``); here, what a person can
rely on. The waits below are generous upper bounds for a loaded machine, not budgets.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import (
    CURRENT,
    CURRENT_VALUE,
    SIZE,
    assert_no_traceback,
    field_value,
    hooked_env,
    line_with,
    save_and_wait,
)
from harness import Term

pytestmark = pytest.mark.terminal

GOTO = "current-performance/primary-metric/current-value"  # the first copy's: an exact path


def test_a_5mb_card_shows_its_beginning_takes_keys_at_once_and_saves_exactly(
    term: Term, huge_card: Path
) -> None:
    original = huge_card.read_bytes()
    term.start(huge_card, "--goto", GOTO, size=SIZE)
    term.wait_first_output()
    term.type(" K0Q")  # typed before the card is even open
    term.wait_for_text("# PERF-7: p95 latency regression")  # its first lines, read or not
    want = CURRENT_VALUE + " K0Q"
    term.wait_until(
        lambda: field_value(term, "Current Value") == want,
        timeout=60,
        what=lambda: f"the field to show {want!r}; it shows {field_value(term, 'Current Value')!r}",
    )
    saved = save_and_wait(term, huge_card, original)
    expected = original.replace(CURRENT, CURRENT + b" K0Q", 1)
    assert len(saved) == len(expected) and saved == expected, (
        f"saved {line_with(saved, b'**Current Value**')!r} ({len(saved)} bytes, "
        f"{len(expected)} expected)"
    )
    term.press("ctrl+q")
    assert term.wait_exit(timeout=30) == 0


NEVER_ENDING_CHECK = """
import os, threading
import perfcard_tui.app.open_card as open_card

def run_rules(card, template, stems, path, **_):
    open(os.environ["CHECK_STARTED"], "w").close()
    threading.Event().wait()  # a whole-card check that takes forever

open_card.run_rules = run_rules
"""


def test_quitting_does_not_wait_for_a_check_still_running(
    term: Term, perf7_copy: Path, tmp_path: Path
) -> None:
    started = tmp_path / "check-started"
    env = hooked_env(term, tmp_path, NEVER_ENDING_CHECK) | {"CHECK_STARTED": str(started)}
    term.start(perf7_copy, size=SIZE, env=env)
    term.wait_until(started.exists, what="the whole-card check to start")
    term.press("ctrl+q")
    # a bound for a loaded machine: before, ctrl+q waited for the check to end (here: never)
    assert term.wait_exit(timeout=10) == 0


def test_a_big_card_broken_past_its_beginning_ends_with_one_line(
    term: Term, huge_card: Path
) -> None:
    """Its beginning is shown before the rest is read: a bad byte further on still ends the app
    with one line and exit status 2, and the file is left as it was."""
    broken = huge_card.read_bytes() + b"\n\xff\n"
    huge_card.write_bytes(broken)
    term.start(huge_card, size=SIZE)
    status = term.wait_exit(timeout=60)
    assert status == 2, f"exit status {status}\n{term.describe()}"
    assert_no_traceback(term, "a big card with a bad byte at its end")
    said = [line for line in term.lines() if "not UTF-8" in line]
    assert said and "0xff" in said[-1], f"no one-line reason\n{term.describe()}"
    assert huge_card.read_bytes() == broken
