"""Quitting is immediate, however big the card: the app's end does not wait for a worker.

Textual runs thread workers in the event loop's default executor, and the loop's end waits for
that executor's threads. A whole-card check of a 50 MB card runs for most of a minute, and a
thread cannot be stopped, so ctrl+q used to hang until it finished. :class:`NoWaitExecutor`
takes the default executor's place for a real run (not for tests, whose loops come and go):
shut down, it drops what is queued and lets running threads be. The command line then ends the
process as soon as the terminal is restored (``cli/launch.py``), which also spares the seconds
of freeing a big card's objects. Nothing is lost: a save is waited for before the app ends
(save and quit), and the recovery copy is written by rename.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


class NoWaitExecutor(ThreadPoolExecutor):
    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=False, cancel_futures=True)


def install() -> None:
    """Make the running loop's default executor one that is not waited for at its end."""
    asyncio.get_running_loop().set_default_executor(NoWaitExecutor())
