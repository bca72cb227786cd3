"""The review's two tables, laid out for the width they are drawn at.

Each is a Rich renderable that builds its table when it is rendered, from the width it is given:
a terminal resized from 160 to 80 columns gets the narrow layout without anyone re-sending the
rows. No cell is ever squeezed below a width it can be read at: a narrower terminal gets fewer
columns, never thinner ones.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.markdown import Markdown
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ...core.bench.provenance import RowSource
from ...core.display import safe_text

LABEL_MAX = 28
"""The summary's labels are cut into lines past this (a phase's title comes from the card)."""
VALUE_MIN = 34
"""Below this a value column is too thin to read: the table changes its layout instead."""
GAP = 2

IMPORTED = "⇣"
"""Beside a comparison row whose numbers came from an imported benchmark file."""


def _label_text(label: str, parents: set[str]) -> Text:
    # "Implementation › Phase 1: …" right under "Implementation" says the same thing twice, and
    # the repeated part pushed the label column to 42 of a terminal's 80 columns
    parent, sep, child = label.partition(" › ")
    if sep and parent in parents:
        return Text("  " + safe_text(child))
    parents.add(label)
    return Text(safe_text(label), style="bold")


def _value(value: str) -> RenderableType:
    text = safe_text(value)
    return Markdown(text) if "**" in text else Text(text)


def _width(texts: Iterable[Text]) -> int:
    return min(LABEL_MAX, max((t.cell_len for t in texts), default=0))


def rendered_height(renderable: RenderableType, width: int) -> int:
    """How many lines ``renderable`` takes at ``width`` columns."""
    console = Console(width=max(width, 1), file=io.StringIO(), color_system=None)
    return len(console.render_lines(renderable, pad=False))


class _FitsWidth:
    """A renderable that lays itself out anew for each width it is drawn at."""

    def layout(self, width: int) -> RenderableType:
        raise NotImplementedError

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.layout(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.layout(options.max_width))


@dataclass(frozen=True)
class SummaryTable(_FitsWidth):
    """The summary's (label, value) rows: in two column pairs when both pairs' values have room
    (keeping the panel short), one pair otherwise, and each value under its label when even
    one pair would leave it too thin."""

    rows: list[tuple[str, str]]

    def layout(self, width: int) -> RenderableType:
        parents: set[str] = set()
        labels = [_label_text(label, parents) for label, _ in self.rows]
        values = [_value(value) for _, value in self.rows]
        half = (len(labels) + 1) // 2
        left, right = _width(labels[:half]), _width(labels[half:])
        if width >= left + right + 2 * VALUE_MIN + 3 * GAP:
            table = Table.grid(padding=(0, GAP))
            for label_width in (left, right):
                table.add_column(max_width=label_width)
                table.add_column(min_width=VALUE_MIN)
            rights = [*zip(labels[half:], values[half:], strict=True)]
            rights += [(Text(""), Text(""))] * (half - len(rights))
            for (label, value), (label2, value2) in zip(
                zip(labels[:half], values[:half], strict=True), rights, strict=True
            ):
                table.add_row(label, value, label2, value2)
            return table
        label_width = _width(labels)
        if width >= label_width + VALUE_MIN + GAP:
            table = Table.grid(padding=(0, GAP))
            table.add_column(max_width=label_width)
            table.add_column(min_width=VALUE_MIN)
            for label, value in zip(labels, values, strict=True):
                table.add_row(label, value)
            return table
        table = Table.grid()
        table.add_column()
        for label, value in zip(labels, values, strict=True):
            indent = len(label.plain) - len(label.plain.lstrip())
            table.add_row(label)
            table.add_row(Padding(value, (0, 0, 0, indent + 2)))
        return table


def _source(row: RowSource) -> str:
    if row.before_from and row.before_from == row.after_from:
        return f"from {row.before_from}"
    sides = (("before", row.before_from), ("after", row.after_from))
    return "; ".join(f"{side} from {file}" for side, file in sides if file)


@dataclass(frozen=True)
class ComparisonTable(_FitsWidth):
    """The Performance Comparison rows, each marked when an import wrote its numbers, with the
    file it came from (the one the Benchmark Results block names). The file goes under its row
    when the row and the file do not fit on one line."""

    rows: list[RowSource]

    def _cells(self, row: RowSource) -> tuple[Text, Text, Text, Text]:
        return (
            Text(IMPORTED if row.imported else "", style="bold cyan"),
            Text(safe_text(row.metric), style="bold"),
            Text(safe_text(f"{row.before or '—'} → {row.after or '—'}"), no_wrap=True),
            Text(safe_text(row.improvement)),
        )

    def layout(self, width: int) -> RenderableType:
        cells = [self._cells(row) for row in self.rows]
        sources = [Text(safe_text(_source(row)), style="dim") for row in self.rows]
        widest = [max((c[i].cell_len for c in cells), default=0) for i in range(4)]
        one_line = sum(widest) + max((s.cell_len for s in sources), default=0) + 4 * GAP
        table = Table.grid(padding=(0, GAP))
        table.add_column(width=1, no_wrap=True)
        if width >= one_line:
            for _ in range(4):
                table.add_column(no_wrap=True)
            for row_cells, source in zip(cells, sources, strict=True):
                table.add_row(*row_cells, source)
            return table
        metric_min = min(widest[1], 16)
        improvement_min = min(widest[3], 18)
        if width >= 1 + metric_min + widest[2] + improvement_min + 3 * GAP:
            # the metric's name is the cell that may wrap: numbers and files are read whole
            table.add_column(min_width=metric_min)
            table.add_column(no_wrap=True)
            table.add_column(min_width=improvement_min)
            for row_cells, source in zip(cells, sources, strict=True):
                table.add_row(*row_cells)
                if source:
                    table.add_row("", source)
            return table
        table.add_column()
        for (mark, metric, numbers, improvement), source in zip(cells, sources, strict=True):
            table.add_row(mark, metric)
            table.add_row("", Text.assemble(numbers, "  ", improvement))
            if source:
                table.add_row("", source)
        return table
