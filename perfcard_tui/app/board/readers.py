"""The server that forks the processes reading a board's cards (``multiprocessing``'s fork
server), started on the first read, after the board's first frame.

Not forked from the app itself: a fork of a process running threads may copy a lock held
mid-operation. The server is a fresh process (started by ``exec``, which threads do not
trouble); it loads the core once, and every reader forked from it starts with it. Started
before the app instead, it and the resource tracker's process took the CPU the first frame
needed (a fifth of a second of it on two cores).
"""

from __future__ import annotations

import contextlib
import sys
import threading

_started = threading.Lock()


def start_card_readers() -> None:
    """Make sure the fork server runs (idempotent, from any thread)."""
    from multiprocessing import forkserver, resource_tracker, set_forkserver_preload

    with _started:
        set_forkserver_preload(["perfcard_tui.core.board.results"])
        # the tracker is handed stderr's file descriptor: the app's stand-in for stderr has
        # none (``bad value(s) in fds_to_keep``), the terminal's own does
        with contextlib.redirect_stderr(sys.__stderr__):
            resource_tracker.ensure_running()
            forkserver.ensure_running()
