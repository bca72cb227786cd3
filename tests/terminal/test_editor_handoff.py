"""ctrl+e in the real terminal: the app suspends, ``$EDITOR`` (a script standing in for a
person's editor, with an argument of its own) rewrites the temp file and exits, the app comes
back, shows the field's new value, saves exactly that change, and ctrl+z takes it back.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
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
    save_and_wait,
    shows_saved,
)
from harness import ALT_SCREEN_ON, Term

pytestmark = pytest.mark.terminal

NEW_VALUE = "380ms (p95)"
EDITOR_SCRIPT = """\
import json, os, signal, stat, sys

signal.signal(signal.SIGINT, signal.SIG_DFL)  # ctrl+c ends it, without a traceback
log, path = sys.argv[2], sys.argv[-1]
with open(path, encoding="utf-8") as f:
    text = f.read()
record = {
    "argv": sys.argv[1:-1],
    "name": os.path.basename(path),
    "text": text,
    "mode": stat.S_IMODE(os.stat(path).st_mode),
    "folder_mode": stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode),
    "path": path,
}
with open(log, "a", encoding="utf-8") as f:
    f.write(json.dumps(record) + "\\n")
if "--wait" in sys.argv:  # an editor the person is still in: it waits for them
    sys.stdin.readline()
with open(path, "w", encoding="utf-8") as f:
    f.write(text.replace("420ms", "380ms"))
"""


def editor_env(term: Term, *more: str) -> tuple[dict[str, str], Path]:
    """``EDITOR`` running the script above (its path and arguments quoted as a shell would),
    and the log it appends a line to per run."""
    script = term.workdir / "fake editor.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    log = term.workdir / "editor.log"
    words = (sys.executable, script, "--log", log, *more)
    command = " ".join(shlex.quote(str(w)) for w in words)
    return {"EDITOR": command}, log


def runs(log: Path) -> list[dict[str, object]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_a_field_edited_in_editor_comes_back_saved_and_undoable(
    term: Term, perf7_copy: Path
) -> None:
    original = perf7_copy.read_bytes()
    env, log = editor_env(term)
    term.start(perf7_copy, "--goto", "current-value", size=SIZE, env=env)
    term.wait_until(lambda: editor_on_current_value(term), what="the editor on Current Value")
    redraws = term.raw.count(ALT_SCREEN_ON)

    term.press("ctrl+e")
    term.wait_until(
        lambda: field_value(term, "Current Value") == NEW_VALUE,
        what=lambda: (
            f"Current Value to show {NEW_VALUE!r} after the editor; it shows "
            f"{field_value(term, 'Current Value')!r}"
        ),
    )
    [run] = runs(log)
    assert run["argv"] == ["--log", str(log)], "the arguments in $EDITOR were not passed"
    assert run["name"] == "PERF-7.current-value.txt"
    assert run["text"] == CURRENT_VALUE + "\n"
    assert (run["mode"], run["folder_mode"]) == (0o600, 0o700)
    assert not Path(str(run["path"])).parent.exists(), "the temp folder was left behind"
    # the terminal was handed back to the app's own screen, redrawn
    assert term.raw.count(ALT_SCREEN_ON) == redraws + 1
    assert_no_traceback(term, "after the editor")

    saved = save_and_wait(term, perf7_copy, original)
    assert saved == original.replace(CURRENT, b"**Current Value**: " + NEW_VALUE.encode(), 1)

    term.press("ctrl+z")
    term.wait_until(
        lambda: field_value(term, "Current Value") == CURRENT_VALUE and not shows_saved(term),
        what="ctrl+z to bring the old value back",
    )
    assert_no_traceback(term, "after ctrl+z")


def test_keys_typed_right_before_ctrl_e_are_in_the_file(term: Term, perf7_copy: Path) -> None:
    """Typing and ctrl+e in one burst: ctrl+e acts as it arrives (a priority binding), the
    keys ahead of it are still on their way into the card, and the editor must get them."""
    env, log = editor_env(term)
    term.start(perf7_copy, "--goto", "current-value", size=SIZE, env=env)
    term.wait_until(lambda: editor_on_current_value(term), what="the editor on Current Value")

    term.type(" K1 K2\x05")  # ctrl+e is 0x05
    want = NEW_VALUE + " K1 K2"
    term.wait_until(
        lambda: field_value(term, "Current Value") == want,
        what=lambda: (
            f"Current Value to show {want!r}; it shows {field_value(term, 'Current Value')!r}"
        ),
    )
    [run] = runs(log)
    assert run["text"] == CURRENT_VALUE + " K1 K2\n"
    assert_no_traceback(term, "after typing then ctrl+e")


def test_ctrl_c_in_the_editor_ends_the_editor_not_the_app(term: Term, perf7_copy: Path) -> None:
    """Back in its own mode while the editor runs, the terminal sends ctrl+c's SIGINT to the
    whole foreground group, the app too."""
    env, log = editor_env(term, "--wait")
    term.start(perf7_copy, "--goto", "current-value", size=SIZE, env=env)
    term.wait_until(lambda: editor_on_current_value(term), what="the editor on Current Value")

    term.press("ctrl+e")
    term.wait_until(lambda: runs(log), what="the editor to start")
    term.press("ctrl+c")
    term.wait_until(
        lambda: (
            "ended with signal 2" in term.text()
            and field_value(term, "Current Value") == CURRENT_VALUE
            and shows_saved(term)
        ),
        what=lambda: (
            "the notice that the editor was stopped, the field unchanged and the card saved; "
            f"the field shows {field_value(term, 'Current Value')!r}"
        ),
    )
    assert term.alive, f"ctrl+c in the editor ended the app\n{term.describe()}"
    assert_no_traceback(term, "after ctrl+c in the editor")
    term.press("end")
    term.type(" ok")  # the app takes keys again
    term.wait_until(
        lambda: field_value(term, "Current Value") == CURRENT_VALUE + " ok", what="typing"
    )
