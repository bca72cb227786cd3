"""Copying: the system clipboard where pyperclip finds one, and OSC 52 (which works over SSH in
most terminals) always. Copying never raises."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from textual.app import App


def _system_copy(text: str) -> None:
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception:
        pass


def copy(app: App[Any], text: str, what: str) -> None:
    with contextlib.suppress(Exception):
        app.copy_to_clipboard(text)
    # pyperclip runs a subprocess: keep it off the UI thread
    threading.Thread(target=_system_copy, args=(text,), daemon=True).start()
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    app.notify(
        f"Copied the {what} ({lines} line{'s' if lines != 1 else ''}, {len(text)} characters)"
    )
