"""`perfcard-tui` alone inside a gitban repository opens its board; elsewhere it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcard_tui.cli.parser import route
from perfcard_tui.core.gitban.repository import repository_root

REPO = Path(__file__).resolve().parent / "gitban_repo"


def test_alone_inside_a_gitban_repository_opens_its_board(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO / ".gitban" / "cards" / "archive")
    assert route([]) == ["edit", str(REPO)]
    assert route(["--version"]) == ["--version"]  # a flag alone is still the flag


def test_alone_elsewhere_is_the_help(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert repository_root(tmp_path) is None
    assert route([]) == []
