"""A card reader process ends when the process that asked for it has.

The board reads cards in worker processes. When it quits (or is killed) while they read, a
worker finishing its chunk writes the results to a pipe nobody reads any more, and blocks for
good once the pipe is full: it holds the terminal it inherited open, and its fork server stays
with it (seen in the real-terminal tier beside a busy loop: the app gone, the terminal never
closed). Each worker watches the process that started the pool and leaves with it.
"""

from __future__ import annotations

import os
import select
import threading
import time
from pathlib import Path


def end_with(pid: int) -> None:
    """A worker's initializer: from now on, the worker's process ends once ``pid`` has."""
    watch = threading.Thread(target=_exit_after, args=(pid,), name="end-with", daemon=True)
    watch.start()


def _exit_after(pid: int) -> None:
    try:
        watch = select.poll()  # not select.select: it refuses a descriptor above 1023
        watch.register(os.pidfd_open(pid), select.POLLIN)
        watch.poll()  # readable once the process has ended
    except (AttributeError, OSError, ValueError):  # no pidfd (not Linux 5.3+), or gone
        while _alive(pid):
            time.sleep(1.0)
    os._exit(0)  # what it was doing is for nobody: no cleanup to wait for


def _alive(pid: int) -> bool:
    """Running: not gone, and not a zombie its parent has yet to reap."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's: it is there
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc to ask: the signal said it is there
    return stat[stat.rindex(")") + 2] != "Z"
