"""Reading the editor off the emulated screen, shared by the real-terminal tests.

The editor is three panes split by vertical rules (tree ▕ form ▏ preview); :func:`panes` finds
the rules, so the checks do not depend on exact widths. A form field is a label row followed by
its editor row.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from harness import Term

SIZE = (160, 48)  # wide enough for tree, form and the live preview (>= 120 columns)
CURRENT = b"**Current Value**: 420ms (p95)"
CURRENT_VALUE = "420ms (p95)"
SCROLLBAR_GLYPHS = str.maketrans(dict.fromkeys("▁▂▃▄▅▆▇█▔", " "))


# -- reading the screen ------------------------------------------------------------------------

_RULES = frozenset("▕▏│┃║▎▍")


_panes_seen: weakref.WeakKeyDictionary[Term, tuple[int, list[tuple[int, int]]]] = (
    weakref.WeakKeyDictionary()
)


def panes(term: Term) -> list[tuple[int, int]]:
    """Column spans ``[left, right)`` of the panes between full-height vertical rules."""
    version = term.version
    cached = _panes_seen.get(term)
    if cached is not None and cached[0] == version:
        return cached[1]
    cols, _ = term.size
    body = term.cells()[1:-1]
    spans = [(0, cols)]
    if body:
        columns = zip(*body, strict=True)
        rules = [
            x for x, col in enumerate(columns) if sum(c in _RULES for c in col) >= 0.6 * len(body)
        ]
        edges = [-1, *rules, cols]
        spans = [(a + 1, b) for a, b in itertools.pairwise(edges) if b - a > 1]
    _panes_seen[term] = (version, spans)
    return spans


def form_span(term: Term) -> tuple[int, int]:
    spans = panes(term)
    return spans[1] if len(spans) >= 2 else spans[0]


def preview_text(term: Term) -> str | None:
    """The preview pane's text, whitespace-normalized (wrapped lines joined), None if hidden."""
    spans = panes(term)
    if len(spans) < 3:
        return None
    left, right = spans[-1]
    rows = " ".join(term.region(left, right, 1, -1))
    # its vertical scrollbar is not text: the thumb would sit in the middle of a wrapped line
    return " ".join(rows.translate(SCROLLBAR_GLYPHS).split())


def field_row(term: Term, label: str) -> int | None:
    """The screen row of ``label`` in the form pane (a label row of its own), or None."""
    left, right = form_span(term)
    for y, row in enumerate(term.region(left, right)):
        if row.strip() == label:
            return y
    return None


def field_value(term: Term, label: str) -> str | None:
    """What the form shows under ``label`` (the editor's row, stripped), None if not shown."""
    y = field_row(term, label)
    if y is None or y + 1 >= term.size[1]:
        return None
    left, right = form_span(term)
    return term.region(left, right, y + 1, y + 2)[0].strip()


def header(term: Term) -> str:
    return term.lines()[0]


def shows_saved(term: Term, name: str = "PERF-7.md") -> bool:
    """The header says the buffer and the file agree (the app's subtitle "saved")."""
    top = header(term)
    return name in top and "saved" in top and "modified" not in top


def click_field(term: Term, label: str) -> None:
    """Click the editor row under ``label``, right of its text (the cursor lands at the end)."""
    y = field_row(term, label)
    assert y is not None, f"no {label!r} field in the form\n{term.describe()}"
    left, right = form_span(term)
    term.click(left + (right - left) * 3 // 4, y + 1)


_NO_EXCEPTION_LINE = "(a traceback; its exception line not written yet)"


def traceback_summary(term: Term) -> str | None:
    """The exception line of a traceback on screen or in the output, None if there is none."""
    data = term.raw
    if "Traceback" not in term.text() and b"Traceback" not in data:
        return None
    raw = data.decode("utf-8", "replace")
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw)
    errors = re.findall(r"^\s*([A-Za-z_.]*(?:Error|Exception|Interrupt)\b:?.*)$", plain, re.M)
    return errors[-1].strip() if errors else _NO_EXCEPTION_LINE


def assert_no_traceback(term: Term, when: str) -> None:
    summary = traceback_summary(term)
    if summary is None:
        return
    if summary == _NO_EXCEPTION_LINE:  # still being printed: the exit comes right after it
        with contextlib.suppress(AssertionError):  # then report what there is
            term.wait_until(
                lambda: not term.alive or traceback_summary(term) != _NO_EXCEPTION_LINE,
                timeout=5.0,
            )
        summary = traceback_summary(term)
    pytest.fail(f"{when}: the app crashed: {summary}\n{term.describe()}")


def replace_nth(data: bytes, old: bytes, new: bytes, n: int) -> bytes:
    """``data`` with the ``n``-th (0-based) occurrence of ``old`` replaced by ``new``."""
    at = -1
    for _ in range(n + 1):
        at = data.index(old, at + 1)
    return data[:at] + new + data[at + len(old) :]


def line_with(data: bytes, needle: bytes, n: int = 0) -> str:
    lines = [ln for ln in data.split(b"\n") if needle in ln]
    return lines[n].decode("utf-8", "replace") if len(lines) > n else f"(no line with {needle!r})"


def save_and_wait(term: Term, path: Path, before: bytes, name: str = "PERF-7.md") -> bytes:
    """ctrl+s, then wait for the header to say saved and the file to change; its bytes."""
    term.press("ctrl+s")
    term.wait_until(
        lambda: shows_saved(term, name) and path.read_bytes() != before,
        what="the header to say 'saved' and the file to change after ctrl+s",
    )
    return path.read_bytes()


def editor_on_current_value(term: Term) -> bool:
    """The editor is up, unmodified, with Current Value in the form and in the preview, and
    the first validation has landed (its badge in the tree): typing is timed from there, not
    against the whole-card check every open starts with."""
    return (
        shows_saved(term)
        and field_value(term, "Current Value") == CURRENT_VALUE
        and f"Current Value: {CURRENT_VALUE}" in (preview_text(term) or "")
        and "Primary Metric ✔" in " ".join(term.region(*panes(term)[0]))
    )


def hooked_env(term: Term, folder: Path, sitecustomize: str) -> dict[str, str]:
    """The environment that runs ``sitecustomize`` first in the app's process (a test plants a
    failing or never-ending rule through it: the app itself has no test-only switch)."""
    hook = folder / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(sitecustomize, encoding="utf-8")
    return {"PYTHONPATH": os.pathsep.join([str(hook), term.environment()["PYTHONPATH"]])}


def new_card(term: Term, name: str = "x.md") -> Path:
    """`perfcard-tui new NAME`, run as a person runs it, in the terminal's own folder."""
    subprocess.run(
        [sys.executable, "-m", "perfcard_tui", "new", name],
        cwd=term.workdir,
        env=term.environment(),
        check=True,
        capture_output=True,
    )
    path = term.workdir / name
    assert path.exists(), f"{name} was not created"
    return path
