"""gitban's card file names: the parts a board row and the gitban rules read from them."""

import pytest

from perfcard_tui.core.gitban.names import CardName, parse_card_name


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        (
            "backlog-P1-feature-add-submit-button-abc123.md",
            CardName("backlog", 1, "feature", "add-submit-button", "abc123"),
        ),
        (
            "SPRINT2-in_progress-P0-perf-slow-login-x9y8z7-ALICE.md",
            CardName("in_progress", 0, "perf", "slow-login", "x9y8z7", "SPRINT2", "ALICE"),
        ),
        # the hyphenated type is taken whole, not as type "docs" with slug "adr-…"
        (
            "done-P2-docs-adr-use-postgres-a1b2c3.md",
            CardName("done", 2, "docs-adr", "use-postgres", "a1b2c3"),
        ),
        # a sprint name may itself hold hyphens: the status is the part just before -P
        (
            "q4-2026-todo-P2-chore-tidy-000aaa.md",
            CardName("todo", 2, "chore", "tidy", "000aaa", "q4-2026"),
        ),
        # a type gitban may add later still parses
        (
            "todo-P0-security-rotate-keys-b2c3d4.md",
            CardName("todo", 0, "security", "rotate-keys", "b2c3d4"),
        ),
    ],
)
def test_card_names_parse(filename: str, expected: CardName) -> None:
    assert parse_card_name(filename) == expected


@pytest.mark.parametrize(
    "filename",
    [
        "SUMMARY.md",
        "README.md",
        "_sprint.json",
        "todo-P1-bug-crash-abc12.md",  # a five-character id
        "todo-P3-bug-crash-abc123.md",  # no such priority
        "todo-P1-bug-abc123.md",  # no slug
        "Todo-P1-bug-crash-abc123.md",  # statuses are lower case
        "todo-P1-bug-crash-abc123.txt",
    ],
)
def test_other_files_are_not_cards(filename: str) -> None:
    assert parse_card_name(filename) is None
