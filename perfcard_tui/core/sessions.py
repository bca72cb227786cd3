"""Progress Notes: the session entries, read from and written into the card's own text.

An entry starts with ``**Session YYYY-MM-DD (Name):**`` and runs to the next entry, a ``---``
rule, an HTML comment or the end of the section. Its parts (``✅ **Completed:**`` …) are lines
of the card; we read them with a small line scanner because their shape is fixed by the template.
"""

from __future__ import annotations

import datetime as dt
import re

from .edits import splice
from .model import Card, FieldKind, Frozen, Span
from .names import normalise, to_mojibake
from .template import is_placeholder

PROGRESS_NOTES = "progress notes"
_BREAK = re.compile(r"\r\n|\r|\n")
_HEADER = re.compile(
    r"^\*\*Session\s+(?P<date>\[[^\]]*\]|[^\s(:*]+)\s*(?:\((?P<name>.*)\))?\s*:?\s*\*\*:?\s*$"
)
_PART = re.compile(r"^(?:\S{1,8}\s+)?\*\*(?P<label>[^*]+?):?\*\*:?\s*(?P<rest>.*)$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?P<text>.*)$")
_END = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|<!--)")

# part label (normalised) -> attribute of SessionEntry
_PARTS = {
    "completed": "completed",
    "metrics": "metrics",
    "in progress": "in_progress",
    "issues": "issues",
    "next session": "next_steps",
    "performance notes": "notes",
}
# how a new entry spells each part: (emoji, label)
_HEADINGS = (
    ("completed", "✅", "Completed"),
    ("metrics", "📊", "Metrics"),
    ("in_progress", "🔄", "In Progress"),
    ("issues", "⚠️", "Issues"),
    ("next_steps", "📋", "Next Session"),
)


class SessionEntry(Frozen):
    """One logged working session."""

    date: str
    name: str
    completed: tuple[str, ...] = ()
    metrics: tuple[tuple[str, str], ...] = ()
    """(label, value) pairs as written: ``("Before", "420ms (p95)")``."""
    in_progress: tuple[str, ...] = ()
    issues: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    notes: str = ""
    line: int = 0
    """1-based line of the header in the card."""
    span: Span = Span(0, 0)
    """Absolute span from the header to the entry's last non-blank line."""

    @property
    def is_placeholder(self) -> bool:
        """The template's own example entry, not a real session."""
        return is_placeholder(self.date)

    def metric(self, label: str) -> str:
        want = normalise(label)
        return next((v for k, v in self.metrics if normalise(k) == want), "")

    def real_date(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.date)
        except ValueError:
            return None


def progress_notes_key(card: Card) -> str | None:
    for section in card.sections:
        if normalise(section.title) == PROGRESS_NOTES:
            return section.key
    return None


def parse_sessions(card: Card) -> list[SessionEntry]:
    key = progress_notes_key(card)
    if key is None:
        return []
    start, end = card.body_span(key)
    return _scan(card.text, start, end, card.line_at(start))


def _scan(text: str, start: int, end: int, first_line: int) -> list[SessionEntry]:
    entries: list[SessionEntry] = []
    current: dict[str, object] | None = None
    part = ""
    offset = start
    line_no = first_line

    def close() -> None:
        if current is not None:
            entries.append(SessionEntry.model_validate(current))

    for raw in _BREAK.split(text[start:end]):
        line = raw.strip()
        line_end = offset + len(raw)
        header = _HEADER.match(line)
        if header:
            close()
            current = {
                "date": header.group("date"),
                "name": (header.group("name") or "").strip(),
                "line": line_no,
                "span": Span(offset, line_end),
            }
            part = ""
        elif current is not None and _END.match(line):
            close()
            current = None
        elif current is not None and line:
            current["span"] = Span(current["span"].start, line_end)  # type: ignore[attr-defined]
            part = _read_line(current, line, part)
        offset = line_end + _break_len(text, line_end)
        line_no += 1
    close()
    return entries


def line_role(line: str) -> str | None:
    """What the entry reader would take ``line`` for besides text ("a session header", "the
    entry's 'Issues' part", "the end of the session entries"); None for plain text. A value
    written into Progress Notes must not hold such a line: it would split or end an entry."""
    line = line.strip()
    if _HEADER.match(line):
        return "a session header"
    if _END.match(line):
        return "the end of the session entries"
    part = _PART.match(line)
    if part and normalise(part.group("label")) in _PARTS:
        return f"the entry's '{part.group('label').strip()}' part"
    return None


def _break_len(text: str, at: int) -> int:
    if text.startswith("\r\n", at):
        return 2
    return 1 if at < len(text) and text[at] in "\r\n" else 0


def _read_line(entry: dict[str, object], line: str, part: str) -> str:
    """Add one non-blank line of an entry; return the part that the next line belongs to."""
    heading = _PART.match(line)
    if heading and normalise(heading.group("label")) in _PARTS:
        part = _PARTS[normalise(heading.group("label"))]
        if heading.group("rest") and part == "notes":
            entry["notes"] = heading.group("rest")
        return part
    item = _ITEM.match(line)
    if part == "notes" or not item:
        if part == "notes":
            entry["notes"] = f"{entry.get('notes', '')}\n{line}".strip()
        return part
    text = item.group("text").strip()
    if part == "metrics":
        label, _, value = text.partition(":")
        entry["metrics"] = (*entry.get("metrics", ()), (label.strip(), value.strip()))  # type: ignore[misc]
    elif part:
        entry[part] = (*entry.get(part, ()), text)  # type: ignore[misc]
    return part


# -- writing ------------------------------------------------------------------------------------


def format_entry(entry: SessionEntry, newline: str = "\n", mojibake: bool = False) -> str:
    """The entry in the template's format; empty parts are left out. No trailing newline."""
    lines = [f"**Session {entry.date} ({entry.name}):**"]
    for attr, emoji, label in _HEADINGS:
        items: tuple[str, ...] = getattr(entry, attr)
        if attr == "metrics":
            items = tuple(f"{k}: {v}" for k, v in entry.metrics if v)
        if not items:
            continue
        lines += ["", f"{emoji} **{label}:**"]
        if attr == "next_steps":
            lines += [f"{n}. {item}" for n, item in enumerate(items, start=1)]
        else:
            lines += [f"- {item}" for item in items]
    if entry.notes.strip():
        lines += ["", "**Performance Notes:**", *entry.notes.strip().split("\n")]
    text = newline.join(lines)
    return to_mojibake(text) if mojibake else text


def insert_session(card: Card, entry: SessionEntry) -> Card:
    """Write an entry after the last one; the template's untouched example entry is replaced."""
    key = progress_notes_key(card)
    if key is None:
        raise ValueError("the card has no Progress Notes section")
    nl = card.newline
    text = format_entry(entry, nl, card.mojibake)
    sessions = parse_sessions(card)
    if sessions and sessions[-1].is_placeholder and len(sessions) == 1:
        span = sessions[0].span
        return splice(card, span.start, span.end, text)
    if sessions:
        at = sessions[-1].span.end
        return splice(card, at, at, nl + nl + text)
    start, end = card.body_span(key)
    body = card.text[start:end]
    # before the closing rule / comment of the section if there is one, else at its end
    lines = _BREAK.split(body)
    cut = len(body)
    offset = 0
    for raw in lines:
        if _END.match(raw.strip()):
            cut = offset
            break
        offset += len(raw) + _break_len(body, offset + len(raw))
    head = body[:cut].rstrip("\r\n \t")
    at = start + len(head)
    # the whitespace that followed the section's text still follows the entry
    return splice(card, at, at, (nl + nl + text) if head else (nl + text + nl))


# -- prefilling a new entry -------------------------------------------------------------------


def _ticked(card: Card) -> dict[tuple[str, str], str]:
    """Ticked checklist items by (section key, item text) → text: text, not path, identifies an
    item across edits of other items."""
    return {
        (section.key, field.value): field.value
        for section, field in card.fields()
        if field.kind is FieldKind.CHECK and field.checked
    }


def completed_since(reference: Card, card: Card) -> list[str]:
    """Checklist items ticked in ``card`` that were not ticked in ``reference``."""
    before = _ticked(reference)
    return [text for key, text in _ticked(card).items() if key not in before]


def last_real_session(card: Card) -> SessionEntry | None:
    real = [s for s in parse_sessions(card) if not s.is_placeholder]
    return real[-1] if real else None


def default_before(card: Card) -> str:
    """Before = the last session's After, else the Primary Metric's Current Value."""
    last = last_real_session(card)
    if last is not None and last.metric("After") and not is_placeholder(last.metric("After")):
        return last.metric("After")
    for section, field in card.fields():
        if (
            normalise(section.title) == "primary metric"
            and normalise(field.label) == "current value"
        ):
            return "" if is_placeholder(field.value) else field.value
    return ""


def primary_metric_name(card: Card) -> str:
    for section, field in card.fields():
        if normalise(section.title) == "primary metric" and normalise(field.label) == "metric":
            return "" if is_placeholder(field.value) else field.value
    return ""
