"""The command line as the CLI tests run it: one long-lived process that calls
``perfcard_tui.cli:main(argv)`` per request (a process per call took minutes over the suite).
The ``cli`` fixture (``tests/conftest.py``) starts one per worker; a test module imports the
types from here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# One request per line: {"argv", "env", "cwd", "editor"}; one JSON answer per line.
# "editor": replace app.run_editor by a stand-in that prints how the CLI called it.
SERVER = r"""
import contextlib, io, json, os, sys, traceback
from perfcard_tui.cli import main
answers = sys.stdout
for request in sys.stdin:
    req = json.loads(request)
    env, cwd = dict(os.environ), os.getcwd()
    os.environ.update(req["env"])
    os.chdir(req["cwd"] or cwd)
    app = saved = None
    if req["editor"]:
        import perfcard_tui.app as app
        saved = getattr(app, "run_editor", None)
        def run_editor(path, *, text, template, goto, review, head=None):
            # the card is read once, by the CLI: the editor gets its text (None for a new card)
            read = None if text is None else text.sha256
            print(json.dumps({"path": path, "template": template, "goto": goto, "review": review,
                              "read": read}))
            return 0
        app.run_editor = run_editor
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(req["argv"])
        except BaseException:
            code = None
            err.write("RAISED " + traceback.format_exc())
    if app is not None:
        if saved is None:
            del app.run_editor
        else:
            app.run_editor = saved
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    answers.write(json.dumps({"code": code, "out": out.getvalue(), "err": err.getvalue()}) + "\n")
    answers.flush()
"""


@dataclass
class Result:
    returncode: int | None
    stdout: str
    stderr: str


class Cli(Protocol):
    def __call__(
        self,
        *args: object,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        editor: bool = False,
    ) -> Result: ...


def serve() -> Iterator[Cli]:
    """Start the server; yield the function that calls it; stop it."""
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert server.stdin and server.stdout

    def call(
        *args: object,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        editor: bool = False,
    ) -> Result:
        assert server.stdin and server.stdout
        request = {
            "argv": [str(a) for a in args],
            "env": env or {},
            "cwd": str(cwd) if cwd else None,
            "editor": editor,
        }
        server.stdin.write(json.dumps(request) + "\n")
        server.stdin.flush()
        answer = json.loads(server.stdout.readline())
        assert "RAISED" not in answer["err"], answer["err"]
        return Result(answer["code"], answer["out"], answer["err"])

    yield call
    server.stdin.close()
    server.wait(timeout=30)


def one_line_error(proc: Result, code: int = 2) -> str:
    """The call failed the way every CLI error must: exit ``code``, one line on stderr and
    nothing on stdout, no traceback."""
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("perfcard-tui: ")
    return lines[0]
