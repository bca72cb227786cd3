"""The garbage collector in an app's process: off while the app starts, then walking only what
is new, less often than Python's default.

Python collects its youngest objects whenever 700 more are alive than were freed, the older
ones every tenth time, and all of them every tenth time again (once the old ones have grown by a
quarter). An app's start builds hundreds of thousands of objects that live as long as it does
(modules, classes, styles, widgets, the parsed card): each collection while they are built walks
them for nothing. After the start, Textual's frames make objects by the thousand and its caches
keep many (a Strip and its five caches each): filling a whole card from the keyboard (the
fill-card terminal test, measured by a ``gc.callbacks`` probe) made 37 full collections of up to
318 ms each, 9.5 s of the app's 43 s of CPU, each one a stall in the middle of typing. With the
start frozen and a young generation of 5,000: 3 full collections, 3.6-4.3 s in all (DECISIONS
80).

The command line owns the process and sets the policy (:func:`hold`); the apps say when they
have started (:func:`settle`), which is all they do to a process they do not own (the tests').
"""

from __future__ import annotations

import gc

YOUNG = 5_000
"""Objects more alive than freed before a young collection (Python's default is 700)."""


def hold() -> None:
    """This process is about to start an app: no collections until it has settled, and from
    then on the rate above."""
    gc.disable()
    gc.set_threshold(YOUNG, 10, 10)


def settle() -> None:
    """The app has started: what exists now lives as long as it does, frozen (no collection
    walks it again), and collections resume."""
    gc.freeze()
    gc.enable()
