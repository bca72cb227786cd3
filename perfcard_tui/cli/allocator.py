"""The C allocator in a long-lived process: a big block goes back to the system when it is freed.

glibc serves a request of 128 KB or more with a mapping of its own, unmapped when freed, but
it moves that threshold up to the size of the biggest such block freed so far (up to 32 MB).
Opening a big card frees a few card-sized blocks (its bytes, its text as read); from then on
every block up to that size comes from the heaps, where a freed one stays resident until what
lies above it is freed too, and each worker thread has a heap of its own. On a 5 MB card
the editor's peak went from 103 to 97 MB with the threshold held where it starts (two runs
each; DECISIONS 98). The price is a mapping and its page faults for
each big block: a card-sized string a few times a second at most.

The command line owns the process and sets the policy (:func:`return_big_blocks`), as it
does the garbage collector's (``app.collector``).
"""

from __future__ import annotations

import sys

M_MMAP_THRESHOLD = -3
"""mallopt's parameter number (malloc.h); setting it turns the moving threshold off."""
BIG = 128 * 1024
"""Bytes from which a block is mapped on its own: glibc's starting threshold, kept."""


def return_big_blocks() -> bool:
    """Hold glibc's mmap threshold at :data:`BIG`; whether it took (False where there is no
    glibc: another C library, or another system, keeps its own policy)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # only here: 4 ms, and nothing else in the CLI needs it

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, BIG))
