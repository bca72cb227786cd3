"""Copying: the system clipboard where pyperclip finds one, and OSC 52 (which works over SSH in
most terminals) always. Copying never raises."""

from __future__ import annotations

import threading

from textual.app import App


def _system_copy(text: str) -> None:
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception:  # noqa: BLE001 - no xclip/xsel/wl-copy, no display: OSC 52 still went out
        pass


def copy(app: App[object], text: str, what: str) -> None:
    try:
        app.copy_to_clipboard(text)
    except Exception:  # noqa: BLE001 - a terminal without OSC 52 must not cost the user the app
        pass
    # pyperclip runs a subprocess: keep it off the UI thread
    threading.Thread(target=_system_copy, args=(text,), daemon=True).start()
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    app.notify(f"Copied the {what} ({lines} line{'s' if lines != 1 else ''}, {len(text)} characters)")
