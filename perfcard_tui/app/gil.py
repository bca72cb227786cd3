"""The UI thread and the worker threads share one interpreter lock.

Python hands the lock from a thread that holds it to one that waits every 5 ms by default. While
the rules check a big card in a worker (most of a second for 20,000 headings), each step of a
keystroke on the UI thread (it gives the lock up at every await) could wait that long again:
keys typed during a check showed in the preview up to 228 ms after the last one, against 149 ms
at most otherwise. At 1 ms the worst of six runs of 20 bursts was 174 ms (docs/DECISIONS.md, 75).
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL = 0.001
"""Seconds a thread may keep the interpreter lock while another waits for it."""


def favour_the_ui_thread() -> None:
    """Let a waiting thread (the UI's) take the lock sooner from a busy worker."""
    sys.setswitchinterval(SWITCH_INTERVAL)
