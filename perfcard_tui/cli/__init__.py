"""``perfcard-tui``: the editor, the review mode and the scriptable commands over the card core.

A thin shell: every command reads a card with ``core.store``, parses it with ``core.parse`` and
asks the core for edits, findings or sessions. Only the standard library is imported at module
level, so ``--help``, ``--version`` and ``check`` in a pre-commit hook start fast; the core
(markdown-it; pydantic for JSON output) is imported by the commands that use it, Textual only
by ``edit`` and ``review``.

Errors are one line on stderr (``perfcard-tui: path: message``) and exit status 2; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

from .common import CliError, save
from .main import main

__all__ = ["CliError", "main", "save"]
