"""Who is logging a session: ``git config user.name`` (seen from the card's folder), else the
login name. Shared by ``perfcard-tui log`` and the editor's session form."""

from __future__ import annotations

import getpass
import subprocess


def author_name(folder: str | None = None) -> str:
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass  # no git here: the login name will do
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown"
