"""Filtering and sorting rows: what the board's filter box and ``list --filter/--sort`` take.

A filter is words separated by spaces. A word with a known ``key:`` tests one field:

* ``status:todo`` ``type:perf`` ``sprint:s7`` ``owner:al`` ``id:x7y`` match the start of the
  field, ignoring case (``status:in`` finds ``in_progress``; ``-`` and ``_`` are one);
* ``p:0`` (or ``priority:P0``) the priority, exactly;
* ``has:errors`` ``has:warnings`` ``has:sessions`` ``has:metric`` ``has:problem`` (an unreadable
  card) and ``is:archived`` ``is:duplicate`` ``is:met`` ``is:unmet`` ``is:unread``.

Words with the same key are alternatives (``status:todo status:backlog``), different keys must
all hold, and a leading ``-`` negates a keyed word (``-status:done``). Any other word must
appear, ignoring case, in the card's ID, title, owner, sprint or file path. An unknown key or
value is a ``QueryError`` (a typo should not quietly match nothing).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .row import Row, fold


class QueryError(ValueError):
    """A filter or sort that means nothing; the message says what is accepted."""


_PREFIX_KEYS = ("status", "type", "sprint", "owner", "id")
_PRIORITY_KEYS = ("p", "priority")
_FLAGS: dict[str, dict[str, Callable[[Row], bool]]] = {
    "has": {
        "errors": lambda r: bool(r.errors),
        "warnings": lambda r: bool(r.warnings),
        "sessions": lambda r: bool(r.sessions),
        "metric": lambda r: bool(r.metric),
        "problem": lambda r: bool(r.problem),
    },
    "is": {
        "archived": lambda r: r.archived,
        "duplicate": lambda r: r.duplicate,
        "met": lambda r: r.goal_met is True,
        "unmet": lambda r: r.goal_met is False,
        "unread": lambda r: not r.read and not r.problem,
    },
}
KEYS = (*_PREFIX_KEYS, *_PRIORITY_KEYS, *_FLAGS)


@dataclass(frozen=True, slots=True)
class _Term:
    key: str
    test: Callable[[Row], bool]
    negated: bool


@dataclass(frozen=True, slots=True)
class Query:
    words: tuple[str, ...] = ()
    terms: tuple[_Term, ...] = ()
    # the terms grouped once, not for each of 10,000 rows: negated ones, and the alternatives
    # of each key (status:todo status:backlog), of which one must hold
    _refused: tuple[Callable[[Row], bool], ...] = field(init=False, repr=False, compare=False)
    _wanted: tuple[tuple[Callable[[Row], bool], ...], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        alternatives: dict[str, list[Callable[[Row], bool]]] = {}
        for term in self.terms:
            if not term.negated:
                alternatives.setdefault(term.key, []).append(term.test)
        refused = tuple(term.test for term in self.terms if term.negated)
        object.__setattr__(self, "_refused", refused)
        object.__setattr__(self, "_wanted", tuple(map(tuple, alternatives.values())))

    def matches(self, row: Row) -> bool:
        haystack = row.haystack
        return (
            all(word in haystack for word in self.words)
            and not any(test(row) for test in self._refused)
            and all(any(test(row) for test in tests) for tests in self._wanted)
        )


# the values a prefix is tested against repeat (a few statuses, types and owners), and each
# letter of a filter tests every row again
_folded = functools.lru_cache(maxsize=1 << 16)(fold)


def _prefix_test(field: str, value: str) -> Callable[[Row], bool]:
    want = fold(value)
    return lambda row: _folded(str(getattr(row, field))).startswith(want)


def _priority_test(value: str) -> Callable[[Row], bool]:
    digits = value[1:] if value[:1] in ("p", "P") else value
    if not digits.isdigit():
        raise QueryError(f"priority '{value}': give a number, like p:0 or priority:P1")
    want = int(digits)
    return lambda row: row.priority == want


def _term(word: str) -> _Term:
    negated = word.startswith("-")
    key, _, value = word.removeprefix("-").partition(":")
    key = key.lower()
    if not value:
        raise QueryError(f"'{word}': give a value after '{key}:'")
    if key in _PREFIX_KEYS:
        return _Term(key, _prefix_test(key, value), negated)
    if key in _PRIORITY_KEYS:
        return _Term("priority", _priority_test(value), negated)
    if key in _FLAGS:
        test = _FLAGS[key].get(value.lower())
        if test is None:
            known = " ".join(f"{key}:{v}" for v in _FLAGS[key])
            raise QueryError(f"'{word}': unknown; {key}: takes {known}")
        return _Term(f"{key}:{value.lower()}", test, negated)
    raise QueryError(f"'{word}': unknown filter key '{key}' (known: {', '.join(KEYS)})")


def parse_query(text: str) -> Query:
    """The filter ``text`` as a query; QueryError for a key or value it does not know."""
    words: list[str] = []
    terms: list[_Term] = []
    for word in text.split():
        if ":" in word:
            terms.append(_term(word))
        else:
            words.append(fold(word))
    return Query(tuple(words), tuple(terms))


def filter_rows(rows: Iterable[Row], query: Query) -> list[Row]:
    """The rows ``query`` matches, in their order. One pass per word or key, each a plain
    comprehension: a letter typed in the filter tests 10,000 rows."""
    kept = list(rows)
    for word in query.words:
        kept = [row for row in kept if word in row.haystack]
    for refused in query._refused:
        kept = [row for row in kept if not refused(row)]
    for tests in query._wanted:
        if len(tests) == 1:
            (test,) = tests
            kept = [row for row in kept if test(row)]
        else:
            kept = [row for row in kept if any(test(row) for test in tests)]
    return kept


# -- sorting ---------------------------------------------------------------------------------

# gitban's statuses in the order work moves through them; others after, by name
_STATUS_ORDER = ("backlog", "todo", "in_progress", "blocked", "review", "done")
_LAST = (1, "")  # unknown or empty values sort after every known one, whichever the direction


def _text_key(value: str) -> tuple[int, str]:
    return (0, value.casefold()) if value else _LAST


def _number_key(value: float | None) -> tuple[int, float]:
    return (0, value) if value is not None else (1, 0.0)


def _status_key(row: Row) -> tuple[int, int, str]:
    return _status_rank(row.status)


@functools.cache  # a board has a handful of statuses and 10,000 rows to sort by them
def _status_rank(written: str) -> tuple[int, int, str]:
    status = fold(written)
    if not status:
        return (1, 0, "")
    rank = _STATUS_ORDER.index(status) if status in _STATUS_ORDER else len(_STATUS_ORDER)
    return (0, rank, status)


def _progress_key(row: Row) -> tuple[int, float]:
    if not row.total or row.done is None:
        return (1, 0.0)
    return (0, row.done / row.total)


def _goal_key(row: Row) -> tuple[int, int]:
    return (1, 0) if row.goal_met is None else (0, int(row.goal_met))


_SORT_KEYS: dict[str, Callable[[Row], tuple[Any, ...]]] = {
    "path": lambda r: (0, r.path),
    "id": lambda r: _text_key(r.id),
    "title": lambda r: _text_key(r.title),
    "type": lambda r: _text_key(r.type),
    "status": _status_key,
    "priority": lambda r: _number_key(r.priority),
    "sprint": lambda r: _text_key(r.sprint),
    "owner": lambda r: _text_key(r.owner),
    "progress": _progress_key,
    "sessions": lambda r: _number_key(r.sessions),
    "last_session": lambda r: _text_key(r.last_session),
    "errors": lambda r: _number_key(r.errors),
    "warnings": lambda r: _number_key(r.warnings),
    "metric": lambda r: _text_key(r.metric),
    "measured": lambda r: _text_key(r.measured),
    "goal": _goal_key,
    "archived": lambda r: (0, r.archived),
    "duplicate": lambda r: (0, r.duplicate),
}
_ALIASES = {"p": "priority", "last": "last_session", "goal_met": "goal", "done": "progress"}
SORT_COLUMNS = tuple(_SORT_KEYS)


def sort_column(spec: str) -> tuple[str, bool]:
    """``-errors`` → ("errors", descending); QueryError for a column there is none of."""
    descending = spec.startswith("-")
    name = spec.removeprefix("-").strip().lower().replace("-", "_")
    name = _ALIASES.get(name, name)
    if name not in _SORT_KEYS:
        raise QueryError(f"cannot sort by '{spec}' (columns: {', '.join(SORT_COLUMNS)})")
    return name, descending


def same_place(old: Row, new: Row, spec: str = "path") -> bool:
    """Whether ``new``, a card's row made again, sorts where ``old`` did under ``spec``: the
    rows sorted need not be sorted again when every changed row does."""
    name, _ = sort_column(spec)
    key = _SORT_KEYS[name]
    return old.path == new.path and key(old) == key(new)


def sort_rows(rows: Sequence[Row], spec: str = "path") -> list[Row]:
    """Rows sorted by a column (``-column``: descending), rows without a value last either way,
    ties broken by path: the same rows always come in the same order."""
    name, descending = sort_column(spec)
    key = _SORT_KEYS[name]
    keyed = sorted(((key(row), row) for row in rows), key=lambda pair: pair[1].path)
    valued = [pair for pair in keyed if pair[0][0] == 0]
    # Python's sort is stable, also reversed: equal keys keep their path order
    valued.sort(key=lambda pair: pair[0], reverse=descending)
    return [row for _, row in valued] + [row for key, row in keyed if key[0] != 0]
