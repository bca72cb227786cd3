"""Invariant 3: the core knows nothing of the terminal.

Importing ``perfcard_tui.core`` and every module in it, in a fresh interpreter, must load no
textual, rich or pyperclip (the CLI's ``check`` over a thousand cards should not pay for them,
and the core must stay usable without a terminal).
"""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ("textual", "rich", "pyperclip")

PROBE = """
import importlib, json, pkgutil, sys
import perfcard_tui.core as core
names = sorted(m.name for m in pkgutil.walk_packages(core.__path__, core.__name__ + "."))
for name in names:
    importlib.import_module(name)
print(json.dumps({"modules": names, "loaded": sorted(sys.modules)}))
"""


def probe() -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def test_core_imports_no_terminal_libraries() -> None:
    result = probe()
    # the probe really imported the whole core, not an empty package
    expected = {
        f"perfcard_tui.core.{name}"
        for name in ("edits", "metrics", "model", "names", "parse", "sessions", "store")
    } | {"perfcard_tui.core.template", "perfcard_tui.core.validate"}
    assert expected <= set(result["modules"])
    assert expected <= set(result["loaded"])
    leaked = sorted(m for m in result["loaded"] if m.split(".")[0] in FORBIDDEN)
    assert leaked == []


def test_probe_would_see_a_terminal_library() -> None:
    """The check above can fail: a module that imports rich shows up in the same probe."""
    code = "import sys, rich; print('rich' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "True"
