"""Keys typed while the editor starts reach the editor, not the terminal's line discipline.

Until Textual switches the terminal to its own mode (several hundred ms after launch, after it
has already drawn), the tty is in canonical mode: a typed letter is echoed over the first frame,
ctrl+s / ctrl+q are taken as XON/XOFF, ctrl+z stops the process and ctrl+c kills it. Switching
to a raw-like mode as the command starts closes that window; the bytes wait in the tty's input
queue for the app, which holds and replays them. The terminal's own settings are restored when
the editor ends (Textual restores the mode it found, which is ours).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def keys_for_the_app() -> Iterator[None]:
    try:
        import termios
    except ImportError:  # not POSIX: the terminal's own mode it is
        yield
        return
    try:
        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
    except (OSError, ValueError, AttributeError, termios.error):
        yield  # not a terminal: nothing to hold
        return
    mode = termios.tcgetattr(fd)
    mode[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL)  # iflag: no flow control
    mode[3] &= ~(termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN)  # lflag
    try:
        termios.tcsetattr(fd, termios.TCSANOW, mode)
        yield
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSANOW, saved)
