"""The formats ``bench import`` reads, in the order detection prefers them."""

from __future__ import annotations

from . import benchstat, criterion, go_text, google_benchmark, hyperfine, jmh, k6, pytest_benchmark
from . import wrk as wrk
from .base import MAYBE, NO, SURE, Format, Input, ShapeError

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        pytest_benchmark.FORMAT,
        hyperfine.FORMAT,
        google_benchmark.FORMAT,
        criterion.FORMAT,
        jmh.FORMAT,
        k6.FORMAT,
        go_text.FORMAT,
        benchstat.FORMAT,
        wrk.FORMAT,
    )
}

__all__ = ["FORMATS", "MAYBE", "NO", "SURE", "Format", "Input", "ShapeError"]
