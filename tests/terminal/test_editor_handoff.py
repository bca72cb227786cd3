"""ctrl+e in the real terminal: the app suspends, ``$EDITOR`` (a script standing in for a
person's editor, with an argument of its own) rewrites the temp file and exits, the app comes
back, shows the field's new value, saves exactly that change, and ctrl+z takes it back.

One session, three hand-offs: an editor the person is still in, stopped with ctrl+c (the app
lives on); typing and ctrl+e in one burst (the editor gets the keys typed before it); and the
save and ctrl+z of what the editor wrote.
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
first = not os.path.exists(log)
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
if first and "--wait-first" in sys.argv:  # a person still in the editor: it waits for them
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


def test_ctrl_e_hands_the_field_to_the_editor_and_takes_back_what_it_wrote(
    term: Term, perf7_copy: Path
) -> None:
    original = perf7_copy.read_bytes()
    env, log = editor_env(term, "--wait-first")
    term.start(perf7_copy, "--goto", "current-value", size=SIZE, env=env)
    term.wait_until(lambda: editor_on_current_value(term), what="the editor on Current Value")
    redraws = term.raw.count(ALT_SCREEN_ON)

    # ctrl+c in an editor the person is still in: back in its own mode while the editor runs,
    # the terminal sends ctrl+c's SIGINT to the whole foreground group, the app too
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

    # typing and ctrl+e in one burst: ctrl+e acts as it arrives (a priority binding), the keys
    # ahead of it are still on their way into the card, and the editor must get them
    term.press("end")
    term.type(" K1 K2\x05")  # ctrl+e is 0x05
    want = NEW_VALUE + " K1 K2"
    term.wait_until(
        lambda: field_value(term, "Current Value") == want,
        what=lambda: (
            f"Current Value to show {want!r} after the editor; it shows "
            f"{field_value(term, 'Current Value')!r}"
        ),
    )
    first, second = runs(log)
    assert second["argv"] == ["--log", str(log), "--wait-first"], "$EDITOR's arguments were lost"
    assert second["name"] == "PERF-7.current-value.txt"
    assert second["text"] == CURRENT_VALUE + " K1 K2\n"
    assert (second["mode"], second["folder_mode"]) == (0o600, 0o700)
    for run in (first, second):
        assert not Path(str(run["path"])).parent.exists(), "a temp folder was left behind"
    # the terminal was handed back to the app's own screen, redrawn, after each
    assert term.raw.count(ALT_SCREEN_ON) == redraws + 2
    assert_no_traceback(term, "after the editor")

    saved = save_and_wait(term, perf7_copy, original)
    assert saved == original.replace(CURRENT, b"**Current Value**: " + want.encode(), 1)

    # ctrl+z takes back what the editor wrote, and only that
    term.press("ctrl+z")
    term.wait_until(
        lambda: (
            field_value(term, "Current Value") == CURRENT_VALUE + " K1 K2" and not shows_saved(term)
        ),
        what=lambda: (
            "ctrl+z to bring back the value the editor was given; the field shows "
            f"{field_value(term, 'Current Value')!r}"
        ),
    )
    assert_no_traceback(term, "after ctrl+z")
