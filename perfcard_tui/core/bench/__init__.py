"""Benchmark results in, not typed: read the files benchmark tools write and put their numbers
into a card.

* :mod:`.model` — :class:`BenchResult` (a name, statistics in one unit, runs, the file);
* :mod:`.formats` — one module per tool: a sniff and a parse;
* :mod:`.detect` — bytes to a :class:`ResultSet`: decoding, JSON, choosing the format;
* :mod:`.choose` — which results a side gets, which fills a metric, in which statistic;
* :mod:`.card_parts` — where an import writes: the Benchmark Results blocks and their marks;
* :mod:`.apply` — ``import_results(card, sets, options)``: the new card and what changed;
* :mod:`.session` — ``session_after``: a session's After from a file (``log --after-from``);
* :mod:`.provenance` — ``row_sources``: which comparison numbers an import wrote, from the
  card's text alone;
* :mod:`.describe`, :mod:`.suggest` — the words a change is said in, and the editor dialog's
  first guesses.

Standard library only, like the rest of the core.
"""

from __future__ import annotations

from .apply import Change, ImportOptions, ImportOutcome, import_results
from .detect import format_names, read_bytes, read_file
from .model import BenchError, BenchResult, ResultSet

__all__ = [
    "BenchError",
    "BenchResult",
    "Change",
    "ImportOptions",
    "ImportOutcome",
    "ResultSet",
    "format_names",
    "import_results",
    "read_bytes",
    "read_file",
]
