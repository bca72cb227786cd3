"""Where a failure's traceback goes, so that the person can report it and the screen can stay
one line long."""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path


def log_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "perfcard-tui" / "errors.log"


def record(error: BaseException | None) -> str:
    """Append ``error``'s traceback to the log; the log's path (or a note that it could not be
    written). A few hundred bytes: cheap enough for the UI thread on this rare path."""
    target = log_path()
    lines = traceback.format_exception(error) if error is not None else ["(no exception)\n"]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
            log.writelines(lines)
    except OSError:
        return "the terminal only: the error log could not be written"
    return str(target)
