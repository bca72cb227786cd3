"""What an import changes, said in one line per change: the CLI prints these lines and the
editor's import dialog previews them, so a person reads the same words in both."""

from __future__ import annotations

from .apply import Change


def _shown(value: str) -> str:
    text = " ".join(value.split())
    return f"'{text}'" if text else "(empty)"


def _line_count(text: str) -> int:
    return len(text.rstrip("\n").split("\n")) if text.strip() else 0


def describe_change(change: Change) -> str:
    """``Performance Comparison › p95 › After: '420 ms' → '180 ms'``; a block that spans lines
    is counted rather than quoted."""
    if "\n" in change.new or "\n" in change.old:
        return f"{change.where}: {_line_count(change.new)} lines (was {_line_count(change.old)})"
    return f"{change.where}: {_shown(change.old)} → {_shown(change.new)}"
