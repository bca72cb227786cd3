"""The board's core: a folder of cards as rows, and the cache that makes a big folder instant.

No Textual here. What the board (and ``list``) call, in order:

* ``scan(folder) -> Scan``: the cards (``CardFile``: path, gitban name parts, archived flag,
  stat stamp) and the other markdown files (``OtherFile``: path, why it is not a card), by
  names and places alone.
* ``make_rows(scan.cards, facts) -> list[Row]``: THE function that makes rows, for ``list`` and
  the board alike. With no facts yet the rows come from the file names (instant); with
  ``facts`` (by path) they show what reading the cards gave. Duplicated IDs are flagged.
* ``Judge(want_facts=True, cache=Cache()).results(paths, stamps)``: each card's
  ``CardResult`` (``facts``, ``findings``, ``error``), the cached ones first, then the ones
  read and checked, as they come: what the board streams in behind its first frame.
* ``parse_query(text)``, ``filter_rows``, ``sort_rows(rows, "-errors")``: the filter box and
  the sortable columns (``QueryError`` for a filter or column there is none of).
* ``read_board(folder, cache=...)``: all of it at once, for ``list``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cache import Cache
    from .listing import Board, read_board
    from .query import SORT_COLUMNS, Query, QueryError, filter_rows, parse_query, sort_rows
    from .results import CardResult, Judge
    from .row import CardFacts, Row, make_rows, row_for

# loaded now, and light: the function ``scan`` has its module's name, and a package attribute
# set by importing the module would hide a lazily loaded function
from .scan import CardFile, OtherFile, Scan, scan

# Each name is loaded from its module when first asked for: the board's first frame needs the
# scan, the rows and the filter (file names and a stat each), not the parser and the rules
# that the cache and the results bring.
_HOME = {
    "Cache": "cache",
    "Board": "listing",
    "read_board": "listing",
    "SORT_COLUMNS": "query",
    "Query": "query",
    "QueryError": "query",
    "filter_rows": "query",
    "parse_query": "query",
    "sort_rows": "query",
    "CardResult": "results",
    "Judge": "results",
    "CardFacts": "row",
    "Row": "row",
    "make_rows": "row",
    "row_for": "row",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "SORT_COLUMNS",
    "Board",
    "Cache",
    "CardFacts",
    "CardFile",
    "CardResult",
    "Judge",
    "OtherFile",
    "Query",
    "QueryError",
    "Row",
    "Scan",
    "filter_rows",
    "make_rows",
    "parse_query",
    "read_board",
    "row_for",
    "scan",
    "sort_rows",
]
