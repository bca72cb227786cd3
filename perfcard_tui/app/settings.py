"""What the app remembers between runs (the name sessions are logged under)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..identity import author_name


def _config_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "perfcard-tui" / "settings.json"


def load() -> dict[str, str]:
    try:
        data = json.loads(_config_file().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def remember(key: str, value: str) -> None:
    data = load()
    data[key] = value
    target = _config_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, indent=2), "utf-8")
    except OSError:
        pass  # remembering is a convenience; never an error


def default_name(folder: str | None = None) -> str:
    """The remembered name, else ``git config user.name``, else the login name."""
    return load().get("name") or author_name(folder)
