"""Progress Notes: the session entries, read from and written into the card's own text.

An entry starts with ``**Session YYYY-MM-DD (Name):**`` and runs to the next entry, a ``---``
rule, an HTML comment or the end of the section. Its parts (``✅ **Completed:**`` …) are lines
of the card; we read them with a small line scanner because their shape is fixed by the template.

A logged entry is edited part by part (:func:`replace_session`): a part the person changed is
written in the template's form, every other part keeps its bytes, and nothing outside the
entry's span changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from .display import safe_text
from .edits import EditError, splice
from .model import Card, FieldKind, Section, Span
from .names import fix_mojibake, normalise, to_mojibake
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


_NO_SPAN = Span(0, 0)


@dataclasses.dataclass(frozen=True, kw_only=True)
class SessionEntry:
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
    span: Span = _NO_SPAN
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


def with_parts(entry: SessionEntry, update: Mapping[str, Any]) -> SessionEntry:
    """``entry`` with the parts named in ``update`` replaced: for parts chosen as the code
    runs (which ones the person changed), where ``dataclasses.replace`` cannot be typed."""
    return dataclasses.replace(entry, **update)


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
    return _scan(card.source(start, end), start, card.line_at(start))


def _scan(body: str, start: int, first_line: int) -> list[SessionEntry]:
    """The entries in ``body``, the text of Progress Notes from offset ``start``."""
    entries: list[SessionEntry] = []
    current: dict[str, object] | None = None
    part = ""
    offset = start
    line_no = first_line

    def close() -> None:
        if current is not None:
            entries.append(SessionEntry(**current))  # type: ignore[arg-type]

    for raw in _BREAK.split(body):
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
        offset = line_end + _break_len(body, line_end - start)
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

HEADER = "header"
"""The part :func:`replace_session` rewrites for a changed date or name: the header line."""
PARTS = ("completed", "metrics", "in_progress", "issues", "next_steps", "notes")
"""An entry's parts, in the template's order."""
_LISTS = ("completed", "in_progress", "issues", "next_steps")
_LABEL_OF = {attr: label for attr, _, label in _HEADINGS} | {"notes": "Performance Notes"}


def _heading(attr: str) -> str:
    if attr == "notes":
        return "**Performance Notes:**"
    emoji, label = next((e, lbl) for a, e, lbl in _HEADINGS if a == attr)
    return f"{emoji} **{label}:**"


def _body(attr: str, entry: SessionEntry, style: str = "") -> list[str]:
    """The lines under a part's heading ([] when the part has nothing to write). ``style`` is
    the marker of the card's own first item (``*``, ``1)``), else the template's."""
    if attr == "notes":
        return entry.notes.strip().split("\n") if entry.notes.strip() else []
    if attr == "metrics":
        items: tuple[str, ...] = tuple(f"{k}: {v}" for k, v in entry.metrics if v)
    else:
        items = getattr(entry, attr)
    style = style or ("1." if attr == "next_steps" else "-")
    if style[0].isdigit():
        return [f"{n}{style[-1]} {item}" for n, item in enumerate(items, start=1)]
    return [f"{style} {item}" for item in items]


def _header(entry: SessionEntry) -> str:
    name = f" ({entry.name})" if entry.name else ""
    return f"**Session {entry.date}{name}:**"


def format_entry(entry: SessionEntry, newline: str = "\n", mojibake: bool = False) -> str:
    """The entry in the template's format; empty parts are left out. No trailing newline."""
    lines = [f"**Session {entry.date} ({entry.name}):**"]
    for attr in PARTS:
        if body := _body(attr, entry):
            lines += ["", _heading(attr), *body]
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
    body = card.source(start, end)
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


# -- editing a logged entry ---------------------------------------------------------------------

_MARKER = re.compile(r"^\s*([-*+]|\d{1,3}[.)])\s")


def real_sessions(card: Card) -> list[SessionEntry]:
    """The entries a person logged (the template's example entry is none)."""
    return [s for s in parse_sessions(card) if not s.is_placeholder]


def _values(entry: SessionEntry) -> tuple[object, ...]:
    return (
        entry.date,
        entry.name,
        entry.completed,
        entry.metrics,
        entry.in_progress,
        entry.issues,
        entry.next_steps,
        entry.notes,
    )


def _map_values(entry: SessionEntry, change: Callable[[str], str]) -> SessionEntry:
    lists = {a: tuple(change(t) for t in getattr(entry, a)) for a in _LISTS}
    return with_parts(
        entry,
        {
            "date": change(entry.date),
            "name": change(entry.name),
            "metrics": tuple((change(k), change(v)) for k, v in entry.metrics),
            "notes": change(entry.notes),
            **lists,
        },
    )


def unspoiled(entry: SessionEntry, mojibake: bool) -> SessionEntry:
    """The entry in real characters: a card that spells emoji as mojibake has its text read back
    (writing spells it the card's way again)."""
    return _map_values(entry, fix_mojibake) if mojibake else entry


def shown(entry: SessionEntry, mojibake: bool = False) -> SessionEntry:
    """The entry as the session form shows it: real characters, and nothing that could drive a
    terminal (``display.safe_text``). A part the person changes is written as shown."""
    return _map_values(unspoiled(entry, mojibake), safe_text)


def to_admit(
    logged: SessionEntry, typed: SessionEntry, parts: Collection[str], *, mojibake: bool = False
) -> tuple[SessionEntry, tuple[str, ...]]:
    """What an edit of ``logged`` hands the gate (``gate.admit_entry(entry, from_card=...)``):
    the typed values of the changed ``parts`` (the others empty: they are not written, so the
    gate has nothing to say about them) and the metric labels whose values stay as the card has
    them. Of the metrics, only Before, After and Improvement are in the form: those left as
    shown, and any other metric of the entry, keep the card's text."""
    was = unspoiled(logged, mojibake)
    seen = shown(logged, mojibake)
    update: dict[str, object] = {a: "" if a == "notes" else () for a in PARTS}
    update |= {a: getattr(typed, a) for a in parts if a in PARTS}
    if HEADER not in parts:
        update |= {"date": was.date, "name": ""}
    kept: list[str] = []
    if "metrics" in parts:
        in_form = ("before", "after", "improvement")
        metrics: list[tuple[str, str]] = []
        for label, value in was.metrics:
            key = normalise(label)
            if key in in_form and typed.metric(label) != seen.metric(label):
                metrics.append((label, typed.metric(label)))
            else:
                metrics.append((label, value))
                kept.append(label)
        held = {normalise(label) for label, _ in was.metrics}
        metrics += [(k, v) for k, v in typed.metrics if normalise(k) not in held and v.strip()]
        update["metrics"] = tuple(metrics)
    return with_parts(typed, update), tuple(kept)


@dataclasses.dataclass
class _Part:
    """Where one part of an entry is: its heading line, and its lines up to the last non-blank
    one before the next part (absolute offsets)."""

    start: int
    heading_end: int
    end: int
    previous_end: int
    """The end of the last non-blank line before the heading (the blank lines between go with
    the part when it is taken out)."""
    rest: bool
    """Text after the heading, on its line."""
    style: str = ""
    """The first item's marker."""
    hidden: list[str] = dataclasses.field(default_factory=list)
    """Lines the reader does not take as the part's values: the form cannot show them, so a
    rewrite of the part would lose them."""
    twice: bool = False


def _layout(entry: str, start: int) -> tuple[int, dict[str, _Part]]:
    """The end of the entry's header line, and where each of its parts is: ``entry`` is its
    text, from offset ``start`` of the card."""
    parts: dict[str, _Part] = {}
    part: _Part | None = None
    attr = ""
    offset = header_end = last_end = start
    for n, raw in enumerate(_BREAK.split(entry)):
        line, end = raw.strip(), offset + len(raw)
        heading = _PART.match(line)
        if n == 0:
            header_end = end
        elif heading and normalise(heading.group("label")) in _PARTS:
            attr = _PARTS[normalise(heading.group("label"))]
            part = _Part(offset, end, end, last_end, bool(heading.group("rest")))
            if attr in parts:
                parts[attr].twice = True
            else:
                parts[attr] = part
            if part.rest and attr != "notes":
                part.hidden.append(line)
        elif part is not None and line:
            part.end = end
            item = _ITEM.match(line)
            value = item.group("text").partition(":")[2] if item else ""
            # a metric without a value is not written back (`format_entry`): keep it unread
            if attr != "notes" and (not item or (attr == "metrics" and not value.strip())):
                part.hidden.append(line)
            elif attr != "notes" and not part.style and (marker := _MARKER.match(raw)):
                part.style = marker.group(1)
        if line:
            last_end = end
        offset = end + _break_len(entry, end - start)
    return header_end, parts


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return f"'{text[: limit - 1]}…'" if len(text) > limit else f"'{text}'"


def _rewrite(card: Card, entry: SessionEntry, new: SessionEntry, parts: Collection[str]) -> Card:
    """``entry`` (one of ``card``'s) with ``parts`` written from ``new``: the header line for
    :data:`HEADER`; a changed part keeps its heading line and gets its items in the card's own
    marker; a part emptied goes with the blank lines before it; a new part goes where the
    template puts it. Everything else in the entry keeps its bytes."""
    nl = card.newline
    spell = to_mojibake if card.mojibake else str
    span = entry.span
    header_end, layout = _layout(card.source(*span), span.start)
    edits: list[tuple[int, int, str]] = []
    if HEADER in parts:
        edits.append((span.start, header_end, _header(new)))
    changed = [a for a in PARTS if a in parts]
    gone = {a for a in changed if a in layout and not _body(a, new)}
    added: dict[int, list[str]] = {}
    for attr in changed:
        here = layout.get(attr)
        body = _body(attr, new, here.style if here else "")
        if here is None:
            if body:
                later = (layout[a].start for a in PARTS[PARTS.index(attr) + 1 :] if a in layout)
                at = next((at for at in later if at not in {layout[g].start for g in gone}), -1)
                added.setdefault(at, []).append(nl.join([_heading(attr), *body]))
            continue
        what = _LABEL_OF[attr]
        if here.twice:
            raise EditError(f"{what}: the entry has this part twice; edit it as markdown")
        if here.hidden:
            raise EditError(
                f"{what}: the entry holds {_short(here.hidden[0])} there, which the session "
                "form does not show; edit it as markdown"
            )
        if not body:
            edits.append((here.previous_end, here.end, ""))
        elif here.rest:
            edits.append((here.start, here.end, nl.join([_heading(attr), *body])))
        else:
            edits.append((here.heading_end, here.end, nl + nl.join(body)))
    for at, blocks in added.items():
        if at < 0:
            edits.append((span.end, span.end, "".join(nl + nl + b for b in blocks)))
        else:
            edits.append((at, at, "".join(b + nl + nl for b in blocks)))
    text = card.source(span.start, span.end)
    # from the end, so each edit's offsets still hold; a replacement before an insertion at
    # its start, so the insertion lands in front of it
    for start, end, new_text in sorted(edits, reverse=True):
        text = text[: start - span.start] + spell(new_text) + text[end - span.start :]
    return splice(card, span.start, span.end, text)


def _stand_in(entry: SessionEntry, parts: Collection[str]) -> SessionEntry:
    """Harmless text in every changed part: the shape the card must have after the edit."""
    update: dict[str, object] = {
        a: tuple("x" for _ in getattr(entry, a)) for a in parts if a in _LISTS
    }
    if "metrics" in parts:
        update["metrics"] = tuple((label, "1") for label, value in entry.metrics if value)
    if "notes" in parts:
        update["notes"] = "x" if entry.notes.strip() else ""
    return with_parts(entry, update)


def _find(entries: list[SessionEntry], logged: SessionEntry) -> int:
    """Where ``logged`` (read from an earlier version of the card) is now."""
    same = [n for n, e in enumerate(entries) if _values(e) == _values(logged)]
    at = [n for n in same if entries[n].span == logged.span]
    if at or len(same) == 1:
        return (at or same)[0]
    raise EditError(
        f"Session: the entry of {logged.date} is no longer in the card as it was opened; "
        "nothing was written"
    )


def replace_session(
    card: Card, logged: SessionEntry, new: SessionEntry, parts: Collection[str]
) -> Card:
    """The card with the logged entry ``logged`` changed in ``parts`` (:data:`HEADER` and the
    names in :data:`PARTS`) to ``new``'s values: one splice over the entry's own span. Give it
    an entry that went through ``gate.admit_entry`` (see :func:`to_admit`).

    Behind a backstop as ``gate.log_session`` is: the card after must have the same sections,
    the fields it has with harmless text written instead, the other entries exactly as they
    were, and this one reading back as written. Raises :class:`~.edits.EditError` (one line)."""
    entries = parse_sessions(card)
    index = _find(entries, logged)
    entry = entries[index]
    after = _rewrite(card, entry, new, parts)
    if after.same_text(card):
        return card
    if after.keys != card.keys:
        raise EditError("Session: the entry would change the card's sections")
    expected = _rewrite(card, entry, _stand_in(new, parts), parts)
    if _shape(card, after) != _shape(card, expected):
        raise EditError("Session: the entry would change the card's fields")
    now = parse_sessions(after)
    if len(now) != len(entries) or [_values(e) for n, e in enumerate(now) if n != index] != [
        _values(e) for n, e in enumerate(entries) if n != index
    ]:
        raise EditError("Session: the entry would change the entries around it")
    spell = to_mojibake if card.mojibake else str
    written = _map_values(new, spell)
    update = {a: getattr(written, a) for a in PARTS if a in parts}
    if HEADER in parts:
        update |= {"date": written.date, "name": written.name}
    if _values(now[index]) != _values(with_parts(entry, update)):
        raise EditError("Session: the entry would not read back as written")
    return after


def _shape(before: Card, after: Card) -> list[tuple[str, FieldKind]]:
    """The fields of ``after``, an edit of ``before`` in Progress Notes, by path and kind. The
    usual splice re-parsed only that section and kept every other as the very same object:
    then only its fields are read (a card with thousands of sections is not read whole on
    every ctrl+s)."""
    i = before.section_index.get(progress_notes_key(before) or "", -1)
    sections = after.sections
    if i >= 0 and len(sections) == len(before.sections):
        others = (
            a is b for k, (a, b) in enumerate(zip(before.sections, sections, strict=True)) if k != i
        )
        if all(others):
            sections = (sections[i],)
    return [(f.path, f.kind) for section in sections for f in section.fields]


# -- prefilling a new entry -------------------------------------------------------------------


def _implementation(card: Card) -> Iterator[Section]:
    """The Implementation section and the sections under it: the phased checklists of work."""
    level: int | None = None
    for section in card.sections:
        if level is not None and section.level > level:
            yield section
            continue
        level = None
        if normalise(section.title) == "implementation":
            level = section.level
            yield section


def _work_done(card: Card) -> dict[tuple[str, str, str, int], str]:
    """The ticked items of the implementation checklists, each as it goes into an entry's
    Completed: ``Group: item``, the group being the label or sub-heading it is under (Phase 2
    holds "Implement optimization" once per optimization). Keyed by (section key, group, text,
    twin number): text, not position, identifies an item across edits of other items, and an
    item may repeat within a group. Prerequisites and tools are not work done: they are no
    implementation checklist, and an item under a "do not start" label is left out anywhere."""
    done: dict[tuple[str, str, str, int], str] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for section in _implementation(card):
        for f in section.fields:
            if f.kind is not FieldKind.CHECK or "do not start" in normalise(f.parent):
                continue
            group = f.parent or (
                "" if normalise(section.title) == "implementation" else section.title
            )
            twin = (section.key, group, f.value)
            seen[twin] = seen.get(twin, -1) + 1
            if f.checked:
                text = fix_mojibake(f.value) if card.mojibake else f.value
                label = fix_mojibake(group) if card.mojibake else group
                done[(*twin, seen[twin])] = f"{label}: {text}" if label else text
    return done


def completed_since(reference: Card, card: Card) -> list[str]:
    """Implementation checklist items ticked in ``card`` that were not ticked in ``reference``,
    in card order, each with its group (``Thumbnail cache: Implement optimization``)."""
    before = _work_done(reference)
    return [text for key, text in _work_done(card).items() if key not in before]


def last_real_session(card: Card) -> SessionEntry | None:
    real = real_sessions(card)
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
