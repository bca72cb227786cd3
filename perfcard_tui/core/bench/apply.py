"""Writing imported results into a card: a pure function, card in, card out.

``import_results(card, sets, options)`` returns the new card and what changed, so the command
line can print a diff or a summary and the editor can preview it and apply it as one undoable
edit. Every value goes through ``gate`` (the same gate as ``set`` and the editor), a new
comparison row through ``edits.add_table_row``; text we write follows the card's newline style.

What is written, for ``side`` "before" or "after":

* the Before or After block of Benchmark Results: one line per benchmark (name, statistic,
  spread, range, runs, the extra measures beside it) under a ``# bench import: FILE`` line. A
  block that holds no such line (the template's placeholder, numbers typed by hand) is
  replaced; one that does keeps the parts of other files and replaces this file's part;
* Performance Comparison: the Before or After cell of the matching row (``metric``, else the
  row named like the benchmark, else a placeholder row, else a new row) and its Improvement,
  computed the way ``check`` computes it, so the two always agree;
* with side "before", Current Value when it is still a placeholder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from .. import edits, gate
from .. import metrics as m
from ..model import Card, Field, FieldKind
from ..names import normalise
from ..sessions import primary_metric_name
from ..template import is_placeholder
from .card_parts import BLOCK_MARK, ROW_MARK, part_file, results_block
from .card_parts import section as card_section
from .choose import (
    any_value,
    comparable,
    default_stat,
    explicit_stat,
    have,
    headlines,
    named_stat,
    pick,
    plain,
    qualified,
    selected,
    stat_for,
)
from .model import DETAIL, BenchError, BenchResult, ResultSet, display_quantity, format_number

__all__ = ["BLOCK_MARK", "Change", "ImportOptions", "ImportOutcome", "import_results"]

_SIDES = ("before", "after")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    side: str
    """ "before" or "after"."""
    metric: str | None = None
    """The Performance Comparison row to fill (its Metric cell); it must exist."""
    stat: str | None = None
    """The statistic to write ("mean", "median", "p95"...); default: the one the row or the
    primary metric names, else the tool's own centre."""
    select: str | None = None
    """Only the benchmarks whose name matches: a glob (``*``, ``?``, ``[``) or a substring."""


@dataclass(frozen=True, slots=True)
class Change:
    where: str
    """ "Performance Comparison › p95 response time › After"."""
    path: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    card: Card
    changes: tuple[Change, ...]
    notes: tuple[str, ...]
    imported: tuple[BenchResult, ...]
    """The results written into the block, in order."""


# -- finding the card's parts --------------------------------------------------------------------


def _block(card: Card, side: str) -> Field:
    found = results_block(card, side)
    if found is None:
        raise BenchError(
            f"the card has no {side.capitalize()} Optimization code block under Benchmark Results"
        )
    return found


@dataclass
class _Table:
    table: Field
    header: list[str]
    rows: list[dict[str, Field]]  # normalised column header -> cell

    def metric(self, row: int) -> str:
        cell = self.rows[row].get("metric")
        return cell.value if cell else ""

    def value(self, row: int, column: str) -> str:
        cell = self.rows[row].get(column)
        return cell.value if cell else ""


def _table(card: Card) -> _Table:
    section = card_section(card, "performance comparison")
    table = None
    if section is not None:
        table = next((f for f in section.fields if f.kind is FieldKind.TABLE), None)
    if section is None or table is None or not table.cells:
        raise BenchError("the card has no Performance Comparison table")
    header = [normalise(h) for h in table.cells[0]]
    for needed in ("metric", *_SIDES):
        if needed not in header:
            raise BenchError(
                f"the Performance Comparison table has no {needed.capitalize()} column"
            )
    rows: list[dict[str, Field]] = [{} for _ in table.cells[1:]]
    for cell in section.cells_of(table):
        if cell.row is not None and 1 <= cell.row <= len(rows):
            rows[cell.row - 1][normalise(cell.label)] = cell
    return _Table(table, header, rows)


def _unfilled(text: str) -> bool:
    return not text.strip() or is_placeholder(text)


# -- choosing rows -------------------------------------------------------------------------------


def _find_row(table: _Table, metric: str) -> int:
    want = normalise(metric)
    names = [normalise(table.metric(n)) for n in range(len(table.rows))]
    exact = [n for n, name in enumerate(names) if name == want]
    if len(exact) == 1:
        return exact[0]
    partial = [n for n, name in enumerate(names) if want and want in name]
    if len(exact) > 1 or len(partial) > 1:
        found = exact if len(exact) > 1 else partial
        rows = "; ".join(table.metric(n) for n in found)
        raise BenchError(f"--metric '{metric}' matches several comparison rows ({rows})")
    if partial:
        return partial[0]
    rows = "; ".join(table.metric(n) for n in range(len(table.rows))) or "none"
    raise BenchError(f"--metric '{metric}' matches no Performance Comparison row (rows: {rows})")


def _other(side: str) -> str:
    return "after" if side == "before" else "before"


def explicit_or_none(explicit: str, result: BenchResult) -> str:
    """``--stat`` for a result's summary line, when it has that statistic."""
    return explicit if explicit in result.stats else ""


@dataclass
class _Pick:
    result: BenchResult
    stat: str
    row: int | None  # None: a new row (or a placeholder row, chosen when writing)


# -- the text written ----------------------------------------------------------------------------


def _summary_line(
    result: BenchResult, stat: str, extras: list[BenchResult], width: int, row: str = ""
) -> str:
    """``name  stat value  spread  (min, max)  n=runs  · extras``, and ``→ row`` when the
    comparison row it filled has another name (``--metric``): the card then says, by itself,
    where each row's numbers came from (``provenance``)."""
    stats = result.stats
    parts = [f"{result.name:<{width}}  {stat} {display_quantity(stats[stat], result.unit)}"]
    if "stddev" in stats and stat == "mean":
        parts.append(f"± {display_quantity(stats['stddev'], result.unit)}")
    elif result.spread:
        parts.append(result.spread)
    if "min" in stats and "max" in stats and stat not in ("min", "max"):
        low = display_quantity(stats["min"], result.unit)
        high = display_quantity(stats["max"], result.unit)
        parts.append(f"(min {low}, max {high})")
    if result.runs:
        parts.append(f"n={format_number(result.runs)}")
    for extra in extras:
        parts.append(f"· {display_quantity(any_value(extra), extra.unit)}")
    if row and normalise(row) != normalise(result.name):
        parts.append(f"{ROW_MARK}{row}")
    return "  ".join(parts)


def _part(result_set: ResultSet, side: str, lines: list[str], stat_note: str) -> str:
    name = PurePath(result_set.source).name
    column = ""
    if result_set.columns:
        column = f", column {result_set.columns[0 if side == 'before' else -1]}"
    header = f"{BLOCK_MARK}{name} ({result_set.label}{column}{stat_note})"
    return "\n".join([header, *lines])


def _merge_block(old: str, parts: dict[str, str]) -> str:
    """The block's new text: other files' parts kept, these files' parts replaced; a block
    with no part of ours (typed by hand, the placeholder) is replaced whole."""
    lines = old.rstrip("\n").split("\n") if old.strip() else []
    if not any(part_file(line) is not None for line in lines):
        return "\n".join(parts.values()) + "\n"
    kept: list[str] = []
    current = ""
    for line in lines:
        current = part_file(line) or current
        if current not in parts:
            kept.append(line)
    body = "\n".join(kept).rstrip("\n")
    return (body + "\n" if body else "") + "\n".join(parts.values()) + "\n"


# -- the edit ------------------------------------------------------------------------------------


def _write(card: Card, path: str, value: str, where: str, changes: list[Change]) -> Card:
    old = card.field(path).value
    try:
        new_card = gate.set_value(card, path, value)
    except edits.EditError as refused:
        raise BenchError(str(refused)) from None
    new = new_card.field(path).value
    if new != old:
        changes.append(Change(where, path, old, new))
    return new_card


def _current_value(card: Card) -> Field | None:
    section = card_section(card, "primary metric")
    if section is None:
        return None
    return next((f for f in section.fields if normalise(f.label) == "current value"), None)


def import_results(card: Card, sets: Sequence[ResultSet], options: ImportOptions) -> ImportOutcome:
    """The card with ``sets`` imported as its ``options.side`` numbers; BenchError when they
    cannot be (the card is then untouched: nothing is returned)."""
    side = options.side
    if side not in _SIDES:
        raise BenchError(f"--as {side}: give before or after")
    explicit = explicit_stat(options.stat)
    chosen = selected(sets, side, options.select)
    block = _block(card, side)
    table = _table(card)
    primary_name, current_field = primary_metric_name(card), _current_value(card)
    primary_stat = named_stat(primary_name)
    notes = [s.note for s in sets if s.note]

    headline = headlines(chosen)
    picks: list[_Pick] = []
    if options.metric:
        named_row = _find_row(table, options.metric)
        candidates = [r for r in headline if not explicit or explicit in r.stats] or headline
        other = table.value(named_row, _other(side))
        what = f"--metric '{options.metric}'"
        result = pick(candidates, other, table.metric(named_row), what)
        stat = stat_for(result, explicit, table.metric(named_row), primary_stat, notes)
        picks.append(_Pick(result, stat, named_row))
    else:
        usable = [r for r in headline if not explicit or explicit in r.stats]
        if not usable:
            listed = "; ".join(f"{r.name}: {have(r)}" for r in headline[:4])
            raise BenchError(f"--stat {options.stat}: no benchmark has it ({listed})")
        rows_by_name: dict[str, int] = {}
        for n in range(len(table.rows)):
            rows_by_name.setdefault(normalise(table.metric(n)), n)
        seen: set[str] = set()
        for result in usable:
            key = normalise(result.name)
            if key in seen:
                raise BenchError(
                    f"two benchmarks are named '{result.name}'; import the files one at a time "
                    "or narrow them with --select"
                )
            seen.add(key)
            row_index = rows_by_name.get(key)
            row_name = table.metric(row_index) if row_index is not None else result.name
            stat = stat_for(result, explicit, row_name, primary_stat, notes)
            picks.append(_Pick(result, stat, row_index))

    changes: list[Change] = []
    new_card = card
    # the comparison rows, first: their cells' paths do not move when the block changes
    written: list[tuple[_Pick, str, str]] = []  # (pick, row's metric name, the value written)
    for chosen_pick in picks:
        table = _table(new_card)
        row: int | None = chosen_pick.row
        if row is None:
            row = next(
                (
                    n
                    for n in range(len(table.rows))
                    if all(_unfilled(c.value) for c in table.rows[n].values())
                ),
                None,
            )
            if row is None:
                try:
                    new_card = edits.add_table_row(new_card, table.table.path)
                except edits.EditError as e:
                    raise BenchError(f"Performance Comparison: {e}") from None
                table = _table(new_card)
                row = len(table.rows) - 1
            name_cell = table.rows[row]["metric"]
            new_card = _write(
                new_card,
                name_cell.path,
                chosen_pick.result.name,
                f"Performance Comparison › row {row + 1} › Metric",
                changes,
            )
            table = _table(new_card)
        row_name = table.metric(row)
        value = qualified(chosen_pick.result, chosen_pick.stat, row_name)
        where = f"Performance Comparison › {row_name}"
        new_card = _write(
            new_card, table.rows[row][side].path, value, f"{where} › {side.capitalize()}", changes
        )
        table = _table(new_card)
        new_card = _improvement(new_card, table, row, where, changes)
        written.append((chosen_pick, row_name, value))

    # the block
    stats_of = {id(p.result): p.stat for p in picks}
    row_of = {id(p.result): row_name for p, row_name, _ in written}
    imported: list[BenchResult] = []
    parts: dict[str, str] = {}
    for result_set in sets:
        mine = [r for r in chosen if r.source == result_set.source]
        heads = [r for r in mine if not r.measure] or [r for r in mine if r.measure == DETAIL]
        extras = [r for r in mine if r.measure and r.measure != DETAIL]
        head_names = {h.name for h in heads}
        alone = [e for e in extras if e.name not in head_names]
        width = min(40, max((len(r.name) for r in (*heads, *alone)), default=0))
        lines: list[str] = []
        stats_used = set()
        for result in heads:
            stat = stats_of.get(id(result)) or stat_for(
                result, explicit_or_none(explicit, result), "", primary_stat, []
            )
            stats_used.add(stat)
            beside = [e for e in extras if e.name == result.name]
            lines.append(_summary_line(result, stat, beside, width, row_of.get(id(result), "")))
            imported.append(result)
        for extra in alone:
            lines.append(_summary_line(extra, default_stat(extra), [], width))
            imported.append(extra)
        note = f", {'/'.join(sorted(stats_used))}" if stats_used else ""
        parts[PurePath(result_set.source).name] = _part(result_set, side, lines, note)
    label = f"Benchmark Results › {block.label or side.capitalize()}"
    new_card = _write(new_card, block.path, _merge_block(block.value, parts), label, changes)

    # Current Value, when it is still a placeholder and the card is being measured before
    if side == "before" and current_field is not None and _unfilled(current_field.value):
        primary_key = normalise(primary_name)
        match = [
            w
            for w in written
            if primary_key and (normalise(w[1]) in primary_key or primary_key in normalise(w[1]))
        ]
        if not match and len(written) == 1:
            match = written
        if len(match) == 1:
            chosen_pick = match[0][0]
            text = plain(chosen_pick.result, chosen_pick.stat)
            new_card = _write(
                new_card, current_field.path, text, "Primary Metric › Current Value", changes
            )
    return ImportOutcome(new_card, tuple(changes), tuple(notes), tuple(imported))


def _improvement(card: Card, table: _Table, row: int, where: str, changes: list[Change]) -> Card:
    cell = table.rows[row].get("improvement")
    if cell is None:
        return card
    before_text, after_text = table.value(row, "before"), table.value(row, "after")
    before = None if _unfilled(before_text) else m.parse_quantity(before_text)
    after = None if _unfilled(after_text) else m.parse_quantity(after_text)
    if before is None or after is None:
        if _unfilled(cell.value):
            return card
        return _write(card, cell.path, "", f"{where} › Improvement", changes)  # stale
    if not comparable(before, after):
        raise BenchError(
            f"Performance Comparison › {table.metric(row)}: Before '{before_text}' is a "
            f"{before.dimension.value} and After '{after_text}' a {after.dimension.value}; "
            "they cannot be compared (--metric names the row to fill)"
        )
    direction, _ = m.infer_direction(before, table.metric(row))
    computed = m.improvement(before, after, direction)
    if computed is not None and _agrees(cell.value, computed):
        return card  # what the card says already is what the numbers give (as `check` reads it)
    text = computed.describe() if computed else ""
    return _write(card, cell.path, text, f"{where} › Improvement", changes)


def _agrees(stated: str, computed: m.Improvement) -> bool:
    """Within 5 points (percent) or 5 % (factor) of the computed improvement, the tolerance
    ``check`` gives a stated improvement (``validate._disagrees``)."""
    if _unfilled(stated):
        return False
    percent, factor = m.parse_stated_improvement(stated)
    if percent is None and factor is None:
        return False
    ok_percent = percent is not None and abs(abs(percent) - abs(computed.percent)) <= 5.0
    ok_factor = factor is not None and abs(factor - computed.factor) <= 0.05 * computed.factor
    return ok_percent or ok_factor
