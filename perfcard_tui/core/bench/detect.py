"""Reading a benchmark file: decode it, parse JSON once, pick its format, extract its results.

Detection never guesses silently: each format says whether a file fits it by its own markers.
One fit is read as that format; a sure fit beside a weaker one is read as the sure one and the
other is named in the result's note; two sure fits are refused, asking for ``--format``.
Every failure is a :class:`BenchError` naming the file.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from .formats import FORMATS, NO, Format, Input, ShapeError
from .formats import wrk as _wrk
from .model import BenchError, BenchResult, NameFilter, ResultSet

__all__ = ["decode", "format_names", "read_bytes", "read_file"]


def format_names() -> list[str]:
    return list(FORMATS)


def decode(data: bytes, source: str) -> Input:
    """The file as text (UTF-8, a BOM dropped) and, when it is JSON, its parsed value."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BenchError(
            f"{source}: not UTF-8 text (byte {e.start + 1} is 0x{data[e.start]:02x}); "
            "benchmark files are read as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    if not text or text.isspace():  # not strip(): that copies a 10 MB text to look at it
        raise BenchError(f"{source}: the file is empty")
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return Input(source, text)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        if head == "[" and not text.lstrip().startswith(("[{", "[\n", "[ ", "[]", "[\r")):
            return Input(source, text)  # "[INFO] ..." log text, not JSON
        end = len(text.rstrip())
        what = "truncated JSON (it ends early)" if e.pos >= end - 1 else "not valid JSON"
        raise BenchError(
            f"{source}: {what} at line {e.lineno}, column {e.colno}: {e.msg.lower()}"
        ) from None
    except RecursionError:
        raise BenchError(f"{source}: JSON nested too deeply to read") from None
    return Input(source, text, value, True)


def _choose(doc: Input, wanted: str) -> tuple[Format, str]:
    if wanted != "auto":
        try:
            return FORMATS[wanted], ""
        except KeyError:
            names = ", ".join(FORMATS)
            raise BenchError(f"--format {wanted}: not a format we read ({names})") from None
    scores = [(f.sniff(doc), f) for f in FORMATS.values()]
    fits = sorted((s for s in scores if s[0] > NO), key=lambda s: -s[0])
    if not fits:
        kind = "JSON" if doc.is_json else "text"
        raise BenchError(
            f"{doc.source}: unknown format ({kind} that none of {', '.join(FORMATS)} writes); "
            "give --format NAME if it is one of them"
        )
    best = [f for s, f in fits if s == fits[0][0]]
    if len(best) > 1:
        names = " and ".join(f.name for f in best)
        options = " or ".join(f"--format {f.name}" for f in best)
        raise BenchError(f"{doc.source}: fits both {names} (mixed output?); give {options}")
    others = [f.name for s, f in fits[1:]]
    note = ""
    if others:
        note = (
            f"{doc.source}: read as {best[0].name}; it could also be {', '.join(others)} "
            f"(--format chooses)"
        )
    return best[0], note


def _parse(fmt: Format, doc: Input, label: str) -> list[BenchResult]:
    try:
        return fmt.parse(doc)
    except ShapeError as e:
        raise BenchError(f"{doc.source}: not {label} output as we know it: {e}") from None
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as e:
        raise BenchError(
            f"{doc.source}: not {label} output as we know it ({type(e).__name__}: {e})"
        ) from None


def read_bytes(
    data: bytes, source: str, wanted: str = "auto", select: str | None = None
) -> ResultSet:
    """The results in a benchmark file's bytes. ``wanted`` is a format name or "auto";
    ``select`` (``--select``) keeps the benchmarks named like it, and spares reading the
    numbers of the others where the format can (a module-wide ``go test`` run): the set may
    then be empty, and names the others in ``unselected``."""
    doc = decode(data, source)
    fmt, note = _choose(doc, wanted)
    label = _wrk.label(doc) if fmt.name == "wrk" else fmt.label
    wants = NameFilter(select) if select else None
    results = _parse(fmt, replace(doc, wants=wants), label)
    if wants is not None:
        results = [r for r in results if wants(r.name)]
    if not results and not (wants and wants.refused):
        raise BenchError(f"{source}: no benchmark results in this {label} file")
    columns = tuple(dict.fromkeys(r.column for r in results if r.column))
    unselected = tuple(wants.refused) if wants else ()
    return ResultSet(source, fmt.name, label, tuple(results), note, columns, unselected)


def read_file(path: str, wanted: str = "auto", select: str | None = None) -> ResultSet:
    """``read_bytes`` of a file; an unreadable file is a BenchError too."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise BenchError(f"{path}: cannot read it ({(e.strerror or str(e)).lower()})") from None
    return read_bytes(data, path, wanted, select)
