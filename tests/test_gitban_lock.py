"""gitban's lock files: read what is there, treat anything unreadable as absent."""

from pathlib import Path

from perfcard_tui.core.gitban.lock import Lock, cards_root, read_lock


def _lock(root: Path, card_id: str, text: str) -> None:
    (root / ".lock").mkdir(parents=True, exist_ok=True)
    (root / ".lock" / f"{card_id}.json").write_text(text, "utf-8")


def test_a_lock_gives_the_template_and_owner(tmp_path: Path) -> None:
    _lock(tmp_path, "abc123", '{"template_name": "bug-regression", "owner": "ALICE", "x": 1}')
    assert read_lock(tmp_path, "abc123") == Lock("bug-regression", "ALICE")


def test_missing_broken_or_odd_locks_are_absent(tmp_path: Path) -> None:
    assert read_lock(tmp_path, "nope00") is None
    _lock(tmp_path, "trunc1", '{"template_name": "bu')
    assert read_lock(tmp_path, "trunc1") is None
    _lock(tmp_path, "list00", "[1, 2]")
    assert read_lock(tmp_path, "list00") is None
    _lock(tmp_path, "nonstr", '{"template_name": 7}')
    assert read_lock(tmp_path, "nonstr") == Lock()


def test_the_cards_root_is_found_from_archives_too(tmp_path: Path) -> None:
    root = tmp_path / ".gitban" / "cards"
    card = root / "archive" / "sprints" / "sprint-a-2026-11-01" / "done-P1-bug-x-abc123.md"
    assert cards_root(card) == root
    assert cards_root(tmp_path / "cards" / "x.md") is None
