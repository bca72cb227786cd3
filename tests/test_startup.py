"""The first frame must not wait for the core: importing the app module loads neither pydantic
nor markdown-it (they load in a worker behind the card's text), and the CLI loads no Textual."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys, importlib
importlib.import_module({module!r})
heavy = ("pydantic", "markdown_it", "textual")
print(",".join(m for m in heavy if m in sys.modules
               and not type(sys.modules[m]).__name__.startswith("_Lazy")))
"""


def loaded_after_importing(module: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return set(filter(None, out.split(",")))


def test_app_module_imports_no_core_dependencies() -> None:
    assert loaded_after_importing("perfcard_tui.app.app") == {"textual"}


def test_cli_imports_neither_textual_nor_the_core() -> None:
    assert loaded_after_importing("perfcard_tui.cli") == set()


def test_the_core_and_the_editor_screen_load_no_pydantic() -> None:
    """pydantic is the CLI's JSON schema (``cli_json``), nothing else: importing it and building
    its first model cost 0.3 s and 20 MB in every process that read a card (DECISIONS 82)."""
    for module in (
        "perfcard_tui.core.validate",
        "perfcard_tui.core.summary",
        "perfcard_tui.core.buffer",
        "perfcard_tui.core.board.results",
        "perfcard_tui.app.screens.editor",
    ):
        assert "pydantic" not in loaded_after_importing(module), module
    assert "pydantic" in loaded_after_importing("perfcard_tui.cli_json")
