"""A card reader process ends with the process that started it (the board quitting or killed
while it reads must leave no reader behind, holding the terminal)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# a parent that starts a reader watching it, says the reader's pid, and waits to be killed
PARENT = """
import os, subprocess, sys, time
reader = subprocess.Popen([sys.executable, "-c", sys.argv[1], str(os.getpid())])
print(reader.pid, flush=True)
time.sleep(60)
"""
READER = """
import sys, time
from perfcard_tui.core.board.parent_watch import end_with
end_with(int(sys.argv[1]))
time.sleep(60)
"""


def _running(pid: int) -> bool:
    """Running, not a zombie nobody reaped (a container's first process may not reap)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
@pytest.mark.parametrize("pidfd", [True, False], ids=["pidfd", "no-pidfd"])
def test_a_reader_ends_when_its_parent_is_killed(pidfd: bool) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # without pidfd (before Linux 5.3, or elsewhere), the reader asks about its parent
    reader_code = READER if pidfd else "import os\ndel os.pidfd_open\n" + READER
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, reader_code], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert parent.stdout is not None
        reader = int(parent.stdout.readline())
        assert _running(reader)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while _running(reader) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not _running(reader), "the reader outlived the process that started it"
    finally:
        parent.kill()
        if "reader" in locals() and _running(reader):
            os.kill(reader, signal.SIGKILL)
