"""One gate for every write path: a value asked for one field is written as that field's value,
changing nothing else, or refused with one line saying why.

``set``, ``log`` and ``new --title`` on the command line and the editor's form edits all pass
through here before anything is spliced. The rules, in the order they run:

1. **Line breaks** are ``\\n`` (a ``\\r\\n`` or lone ``\\r`` from a script is a break too).
2. **Control characters** (``control_chars``: C0 but tab and newline, DEL, C1, bidi controls)
   are refused: written raw they act on whatever shows the file.
3. **The field's form.** A table cell, a checklist item's text, a fence's language and the
   card's title are one line. A ``**Label**: value`` field, the prose that opens a section and
   a paragraph or list item that is no field (a *block*: ``- [What could be better]``) are one
   paragraph: several lines are fine, but not a blank line (it would end the field) nor
   a line that would start a block of its own (``block_starts``: a heading, a list item, a
   fence...). A code block may hold anything but a line that would close its fence. What the
   parser would drop anyway is dropped here, so the value reads back as written: surrounding
   blank lines and spaces of a paragraph, the indent all its continuation lines share, the
   spaces around a cell.
4. **Metric fields** (``metric_values``) hold numbers a measurement can give.
5. **The structure, after the splice** (the backstop the rules above only explain): the card
   is re-parsed and must have the same sections, the same fields in the same places with the
   same values, the edited field reading back exactly the admitted value and, in Progress Notes,
   the same session entries (for a block: the same fields, as many blocks, the others' text
   the same, the edited one reading back exactly; for a name, ``**[Optimization 1]**``, the
   one edit that changes paths: the same fields but for the names it renames, and the paths
   of the others the same). Anything else is refused, whatever the reason.

A refusal is a :class:`Refused`, an :class:`~.edits.EditError`: the editor shows it as a notice,
the command line as one line with exit status 2. ``edits`` stays the mechanism (a splice does
what it is told); this module is the policy every caller that takes a value from a person or a
script goes through.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace
from itertools import compress, count
from operator import is_not

from . import edits
from .block_starts import block_start, is_blank
from .control_chars import describe, first_control
from .metric_values import metric_kind, metric_problem
from .model import Card, Field, FieldKind, Label, Section
from .names import normalise
from .sessions import (
    PROGRESS_NOTES,
    SessionEntry,
    insert_session,
    line_role,
    parse_sessions,
    with_parts,
)

_NOT_LF_BREAK = re.compile(r"\r\n|\r")  # a value's breaks, as \n
_TRAILING_BLANK_LINES = re.compile(r"(?:\n[ \t]*)+$")
_CHECKBOX_START = re.compile(r"\[[ xX]\](?:[ \t]|$)")
_FENCE_MARKER = re.compile(r"([`~]{3,})[ \t]*$")
_LABEL_START = re.compile(r"\*\*[^*\n]+?(?:\*\*:|:\*\*)")  # `**Label**:` / `**Label:**`
_METRIC_KINDS = (FieldKind.TEXT, FieldKind.CELL)  # `**Current Value**: …`, a Before cell


class Refused(edits.EditError):
    """A value the gate will not write. The message is one line, in the card's words."""


# -- the rules ---------------------------------------------------------------------------------


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return f"'{text[: limit - 1]}…'" if len(text) > limit else f"'{text}'"


def _plain(what: str, value: str) -> str:
    """Rules 1 and 2: the value with ``\\n`` breaks, refused if it holds a control character."""
    value = _NOT_LF_BREAK.sub("\n", value)
    if found := first_control(value):
        raise Refused(
            f"{what}: holds {describe(found[0])}, a control character (character "
            f"{found.start() + 1}); cards never hold them"
        )
    return value


def _one_line(what: str, value: str, form: str) -> str:
    value = _TRAILING_BLANK_LINES.sub("", value)
    if "\n" in value:
        raise Refused(f"{what}: {form} is one line; the value has {value.count(chr(10)) + 1}")
    return value


def _dedent_continuations(lines: list[str]) -> list[str]:
    """Drop the indent every continuation line shares: the parser takes it for the card's own
    (a list item's), so it would not read back."""
    leads = [ln[: len(ln) - len(ln.lstrip(" \t"))] for ln in lines[1:]]
    prefix = min(leads, key=len) if leads else ""
    while prefix and not all(lead.startswith(prefix) for lead in leads):
        prefix = prefix[:-1]
    return [lines[0], *(ln[len(prefix) :] for ln in lines[1:])]


def _paragraph(what: str, value: str, *, first_starts_line: bool, progress_notes: bool) -> str:
    """A value that must stay one paragraph: no blank line, no line that starts a block."""
    value = _TRAILING_BLANK_LINES.sub("", value.lstrip(" \t\n"))
    lines = value.split("\n")
    for number, line in enumerate(lines, start=1):
        if number > 1 and is_blank(line):
            raise Refused(
                f"{what}: line {number} is blank, which would end the field there and leave "
                "the rest outside it; the value is one paragraph"
            )
        if number == 1 and not first_starts_line:
            continue  # it follows the label on the label's line: text, whatever it looks like
        if number == 1 and _LABEL_START.match(line):
            raise Refused(f"{what}: line 1 ({_short(line)}) would read as a labelled field")
        if start := block_start(line):
            raise Refused(
                f"{what}: line {number} ({_short(line)}) would start {start}, not continue "
                "the value"
            )
        if progress_notes and (role := line_role(line)):
            raise Refused(f"{what}: line {number} ({_short(line)}) would read as {role}")
    return "\n".join(_dedent_continuations(lines))


def _cell(what: str, value: str) -> str:
    value = _one_line(what, value, "a table cell").strip(" \t")
    if re.search(r"\\{2,}\|", value):
        raise Refused(f"{what}: a '\\\\|' in a table cell is read differently by different tools")
    if value.endswith("\\"):
        raise Refused(f"{what}: a '\\' at the end of a table cell would escape the '|' after it")
    return re.sub(r"(?<!\\)\|", r"\\|", value)  # a bare | would split the cell in two


def _fence(card: Card, field: Field) -> str:
    """The fence that opens a code block: ```` ``` ````, ``~~~~``."""
    assert field.info_span is not None
    info = card.absolute(field.path, field.info_span).start
    found = _FENCE_MARKER.search(card.source(card.line_start(info), info))
    return found[1] if found else "```"


def _code(card: Card, field: Field, what: str, value: str) -> str:
    if value and not value.endswith("\n"):
        value += "\n"  # a code block's text ends with its last line's break
    fence = _fence(card, field)
    closing = re.compile(rf"[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for number, line in enumerate(value.split("\n")[:-1], start=1):
        if closing.match(line):
            raise Refused(
                f"{what}: line {number} ({_short(line)}) would close the code block; the rest "
                "would spill into the card"
            )
    return value


def _starts_line(card: Card, field: Field) -> bool:
    """Whether the value's first line is at the start of a card line (prose; a
    ``**Label:**`` whose text goes on the next line), not after its label."""
    start = card.span_of(field.path).start
    return not card.source(card.line_start(start), start).strip(" \t")


def _field(card: Card, path: str) -> Field:
    try:
        return card.field(path)
    except KeyError:
        raise edits.EditError(f"no field {path!r}") from None


def admit(card: Card, path: str, value: str, *, finished: bool = True) -> str:
    """The text to write for ``value`` into field ``path`` (line breaks as ``\\n``), or
    :class:`Refused`. ``finished`` is False while a person is typing it (the editor): a metric
    that is not readable yet is let through, one that no more typing could mend is not."""
    field = _field(card, path)
    section = card.section_of(path)
    what = field.label or path
    value = _plain(what, value)
    kind = field.kind
    if kind is FieldKind.TABLE:
        raise Refused(f"{what}: a table is set one cell at a time (`fields` lists its cells)")
    if kind is FieldKind.CODE:
        return _code(card, field, what, value)
    if kind is FieldKind.CELL:
        value = _cell(what, value)
    elif kind is FieldKind.CHECK:
        value = _one_line(what, value.lstrip(" \t\n"), "a checklist item")
    else:
        value = _paragraph(
            what,
            value,
            first_starts_line=_starts_line(card, field),
            progress_notes=normalise(section.title) == PROGRESS_NOTES,
        )
    metric = metric_kind(section.title, field.label) if kind in _METRIC_KINDS else None
    if metric is not None and (problem := metric_problem(metric, value, finished=finished)):
        raise Refused(f"{what}: {problem}")
    return value


def admit_language(card: Card, path: str, language: str) -> str:
    field = _field(card, path)
    if field.kind is not FieldKind.CODE:
        raise edits.EditError(f"{path!r} is not a code block")
    what = f"{field.label} (language)"
    language = _one_line(what, _plain(what, language), "a code block's language").strip()
    if "`" in language and _fence(card, field).startswith("`"):
        raise Refused(f"{what}: a backtick after ``` would stop the fence being a code block")
    return language


def admit_item_text(text: str) -> str:
    """A new checklist item's text."""
    return _one_line("New item", _plain("New item", text).lstrip(" \t\n"), "a checklist item")


def admit_title(title: str) -> str:
    """The card's ``# Title``."""
    return _one_line("Title", _plain("Title", title), "the title").strip()


def admit_body(body: str) -> str:
    """A section's markdown typed whole (the editor's raw mode). Its structure is the person's
    to change; control characters are refused as everywhere."""
    _plain("Section text", body)
    return body


# -- the structure, after the splice -------------------------------------------------------------


def _entries(card: Card, *, with_notes: bool) -> list[tuple[object, ...]]:
    return [
        (e.date, e.name, e.completed, e.metrics, e.in_progress, e.issues, e.next_steps)
        + ((e.notes,) if with_notes else ())
        for e in parse_sessions(card)
    ]


def _fields_differ(old: tuple[Field, ...], new: tuple[Field, ...]) -> str:
    """How a section's fields changed, for a message."""
    old_paths = {f.path for f in old}
    new_paths = {f.path for f in new}
    if added := [f for f in new if f.path not in old_paths]:
        return f"would add a field '{added[0].label}'"
    if gone := [f for f in old if f.path not in new_paths]:
        return f"would remove the field '{gone[0].label}'"
    changed = next(
        (a for a, b in zip(old, new, strict=False) if _shape((a,)) != _shape((b,))),
        old[0] if old else None,
    )
    return f"would change the field '{changed.label}'" if changed else "would change its section"


def _other_changed(edited: Field, old: Field, new: Field) -> bool:
    """Whether a field the edit did not ask for changed. A checklist item's path is its text,
    so editing one may renumber a twin's path; a cell's edit is also its table's."""
    if (old.kind, old.parent, old.label) != (new.kind, new.parent, new.label):
        return True
    if edited.kind is not FieldKind.CHECK and old.path != new.path:
        return True
    holds_edited = old.kind is FieldKind.TABLE and edited.path.startswith(old.path + "/")
    return not holds_edited and old.value != new.value


def keeps_structure(before: Card, after: Card, path: str, written: str) -> None:
    """Refuse unless ``after`` is ``before`` with only field ``path``'s value changed, to exactly
    ``written`` (the backstop of the rules above: whatever they missed, this sees)."""
    try:
        _same_structure(before, after, path, written)
    except Refused:
        if written.strip():
            raise
        # prose, or a `**Label:**` with its text below, is a field only while it has text
        label = before.field(path).label or path
        raise Refused(
            f"{label}: an empty value would leave no field here; write something (e.g. [TBD])"
        ) from None


def _same_structure(before: Card, after: Card, path: str, written: str) -> None:
    i, j = before.position(path)
    field = before.sections[i].fields[j]
    what = field.label or path
    _same_other_sections(before, after, what, i)
    _same_fields(before.sections[i], after.sections[i], field, j, written)
    _same_entries(before, after, what, i)


def _same_other_sections(before: Card, after: Card, what: str, edited: int) -> None:
    """The same sections, and every one but the edited one with the same fields."""
    old, new = before.sections, after.sections
    if after.replaced_in(before) == edited:
        return  # re-parsed from it, that section alone: every other one is the very same
    # else, when a splice re-parsed only section i all the same, tuple comparison sees it at C
    # speed (a card with 20,000 headings, each key)
    others_same = (
        len(new) == len(old)
        and new[edited].key == old[edited].key
        and new[:edited] == old[:edited]
        and new[edited + 1 :] == old[edited + 1 :]
    )
    if not others_same:
        _same_sections(before, after, what, edited)


def _same_entries(before: Card, after: Card, what: str, edited: int) -> None:
    """In Progress Notes, the same session entries (their notes aside)."""
    if normalise(before.sections[edited].title) == PROGRESS_NOTES and _entries(
        before, with_notes=False
    ) != _entries(after, with_notes=False):
        raise Refused(f"{what}: the value would change the session entries")


def _same_sections(before: Card, after: Card, what: str, edited: int) -> None:
    """The same section keys, and every section but the edited one with the same fields."""
    if after.keys != before.keys:
        added = [s.title for s in after.sections if s.key not in before.section_index]
        change = f"would start a new section '{added[0]}'" if added else "would change the sections"
        raise Refused(f"{what}: the value {change}")
    # the sections an edit replaced, found at C speed (a card may have 20,000 of them)
    for k in compress(count(), map(is_not, before.sections, after.sections)):
        old, new = before.sections[k], after.sections[k]
        if k == edited:
            continue
        if _shape(old.fields) != _shape(new.fields):
            raise Refused(f"{what}: the value {_fields_differ(old.fields, new.fields)}")


def _shape(fields: tuple[Field, ...]) -> list[tuple[str, FieldKind, str]]:
    """What must stay of fields an edit was not asked to change (their spans and lines move)."""
    return [(f.path, f.kind, f.value) for f in fields]


def _same_fields(old: Section, new: Section, field: Field, j: int, written: str) -> None:
    """The edited section's fields: the same, but field ``j`` reads ``written``."""
    what = field.label or field.path
    if old is new:
        return  # nothing was written: the value was already there
    if len(old.fields) != len(new.fields):
        raise Refused(f"{what}: the value {_fields_differ(old.fields, new.fields)}")
    for n, (a, b) in enumerate(zip(old.fields, new.fields, strict=True)):
        if n == j:
            # a checklist item's path is its text: it moves with it
            moved = b.kind is not a.kind or (a.kind is not FieldKind.CHECK and b.path != a.path)
            if moved:
                raise Refused(f"{what}: the value would make it another kind of field")
            if b.value != written:
                raise Refused(
                    f"{what}: the value would read back as {_short(b.value)}, not as written"
                )
        elif _other_changed(field, a, b):
            raise Refused(f"{what}: the value would change the field '{a.label}'")


# -- the gated edits -----------------------------------------------------------------------------


def set_value(card: Card, path: str, value: str, *, finished: bool = True) -> Card:
    """``edits.set_field`` (``set_code`` for a code block) behind the gate."""
    written = admit(card, path, value, finished=finished)
    if card.field(path).kind is FieldKind.CODE:
        after = edits.set_code(card, path, written)
    else:
        after = edits.set_field(card, path, written)
    keeps_structure(card, after, path, written)
    return after


def set_language(card: Card, path: str, language: str) -> Card:
    """``edits.set_code_language`` behind the gate: the other sections the very same (one look
    when only the block's section was re-parsed: the fields of a big card's other sections,
    read at each key as they once were here, stay unread), its own with the same fields."""
    after = edits.set_code_language(card, path, admit_language(card, path, language))
    i, _ = card.position(path)
    what = f"{card.field(path).label} (language)"
    _same_other_sections(card, after, what, i)
    if not card.sections[i].same_field_paths(after.sections[i]):
        raise Refused(f"{what}: the value would change the card")
    return after


def add_item(card: Card, after_path: str, text: str) -> Card:
    return edits.add_check_item(card, after_path, admit_item_text(text))


def set_body(card: Card, key: str, body: str) -> Card:
    return edits.set_section_body(card, key, admit_body(body))


# -- a paragraph or list item that is no field -------------------------------------------------


def _block_name(card: Card, key: str, index: int, *, item: bool) -> str:
    """How a refusal names a block: ``Why This Is Slow, item on line 76``."""
    i = card.section_index[key]
    line = card.line_offsets[i] + card.sections[i].blocks[index].line + 1
    return f"{card.sections[i].title}, {'item' if item else 'paragraph'} on line {line}"


def admit_block(card: Card, key: str, index: int, value: str) -> str:
    """The text to write into block ``index`` of section ``key`` (a paragraph or a list item's
    text that is no field), or :class:`Refused`: one paragraph, as the prose opening a section
    is, and never empty (the paragraph would be gone)."""
    item = edits.block_is_item(card, key, index)  # EditError: gone, or not placed
    what = _block_name(card, key, index, item=item)
    value = _plain(what, value)
    if not value.strip() and not item:  # an empty item is still an item (`- `), to type into
        raise Refused(
            f"{what}: an empty value would leave no paragraph here; write something (e.g. [TBD])"
        )
    if item and _CHECKBOX_START.match(value.lstrip(" \t\n")):
        raise Refused(f"{what}: {_short(value)} would make it a checklist item")
    return _paragraph(
        what,
        value,
        first_starts_line=True,
        progress_notes=normalise(card.section(key).title) == PROGRESS_NOTES,
    )


def keeps_blocks(before: Card, after: Card, key: str, index: int, written: str) -> None:
    """Refuse unless ``after`` is ``before`` with only block ``index`` of section ``key``
    changed, to read exactly ``written``: the same sections and fields, as many blocks, the
    others with the same text (the backstop of :func:`admit_block`)."""
    i = before.section_index[key]
    what = _block_name(before, key, index, item=edits.block_is_item(before, key, index))
    _same_other_sections(before, after, what, i)
    old, new = before.sections[i], after.sections[i]
    if old is new:
        return  # nothing was written: the text was already there
    if _shape(old.fields) != _shape(new.fields):
        raise Refused(f"{what}: the value {_fields_differ(old.fields, new.fields)}")
    if len(new.blocks) != len(old.blocks):
        more = len(new.blocks) > len(old.blocks)
        change = "start another paragraph" if more else "not stay a paragraph of its own"
        raise Refused(f"{what}: the value would {change}")
    for n, (a, b) in enumerate(zip(old.blocks, new.blocks, strict=True)):
        if n != index and a.text != b.text:
            line = before.line_offsets[i] + a.line + 1
            raise Refused(f"{what}: the value would change the paragraph on line {line}")
    if new.blocks[index].span is None:
        raise Refused(f"{what}: the value would leave its text where it cannot be edited")
    if (read := edits.block_value(after, key, index)) != written:
        raise Refused(f"{what}: the value would read back as {_short(read)}, not as written")
    _same_entries(before, after, what, i)


def set_block(card: Card, key: str, index: int, value: str) -> Card:
    """``edits.set_block`` behind the gate."""
    written = admit_block(card, key, index, value)
    after = edits.set_block(card, key, index, written)
    keeps_blocks(card, after, key, index, written)
    return after


# -- a list item, added, removed or moved whole ---------------------------------------------------

_END = 1 << 62  # a line past any section's last

Row = tuple[object, ...]
"""What a field or block of a section is, without its place: what an item edit must keep."""


def _rows(section: Section) -> list[tuple[int, Row]]:
    """A section's fields and blocks in line order, each with its line. A checklist item's
    path is left out: it is its text's slug, and a twin's moves with the order."""
    fields: list[tuple[int, Row]] = [
        (f.line, ("field", f.kind, f.label, f.parent, f.value, f.checked)) for f in section.fields
    ]
    blocks: list[tuple[int, Row]] = [(b.line, ("block", b.text)) for b in section.blocks]
    return sorted(fields + blocks, key=lambda row: row[0])


def _between(rows: list[tuple[int, Row]], start: int, end: int) -> list[Row]:
    return [row for line, row in rows if start <= line < end]


def _item_name(card: Card, key: str, line: int) -> str:
    """How a refusal names an item: ``Why This Is Slow, item on line 76``."""
    i = card.section_index[key]
    return f"{card.sections[i].title}, item on line {card.line_offsets[i] + line + 1}"


def _keeps_rows(before: Card, after: Card, key: str, line: int, expected: list[Row]) -> Card:
    """``after``, unless it is more than ``before`` with the section's fields and blocks
    becoming ``expected`` (the backstop of an item edit: whatever the splice did besides,
    to another field, block, section or session entry, is refused)."""
    what = _item_name(before, key, line)
    i = before.section_index[key]
    _same_other_sections(before, after, what, i)
    if [row for _, row in _rows(after.sections[i])] != expected:
        raise Refused(f"{what}: the edit would change more of the section than the item")
    _same_entries(before, after, what, i)
    return after


def add_list_item(card: Card, key: str, line: int) -> Card:
    """``edits.add_list_item`` (an empty item below the one on ``line``) behind the backstop."""
    _, item = edits.list_item(card, key, line)
    rows = _rows(card.section(key))
    expected = [*_between(rows, 0, item.end), ("block", ""), *_between(rows, item.end, _END)]
    return _keeps_rows(card, edits.add_list_item(card, key, line), key, line, expected)


def remove_list_item(card: Card, key: str, line: int) -> Card:
    """``edits.remove_list_item`` behind the backstop: the item and its sub-bullets go."""
    _, item = edits.list_item(card, key, line)
    rows = _rows(card.section(key))
    expected = _between(rows, 0, item.line) + _between(rows, item.end, _END)
    return _keeps_rows(card, edits.remove_list_item(card, key, line), key, line, expected)


def move_list_item(card: Card, key: str, line: int, step: int) -> Card:
    """``edits.move_list_item`` behind the backstop: the two items change places, whole."""
    siblings, item = edits.list_item(card, key, line)
    n = siblings.index(item) + step
    after = edits.move_list_item(card, key, line, step)  # refuses a step out of its list
    upper, lower = sorted((item, siblings[n]), key=lambda it: it.line)
    rows = _rows(card.section(key))
    expected = (
        _between(rows, 0, upper.line)
        + _between(rows, lower.line, lower.end)
        + _between(rows, upper.end, lower.line)
        + _between(rows, upper.line, upper.end)
        + _between(rows, lower.end, _END)
    )
    return _keeps_rows(card, after, key, line, expected)


# -- a label: the name of a field or of a group --------------------------------------------------


def _label_name(card: Card, key: str, index: int) -> str:
    """How a refusal names a label: ``Specific Optimizations, name on line 97``."""
    i = card.section_index[key]
    label, _ = edits.label_span(card, key, index)
    return f"{card.sections[i].title}, name on line {card.line_offsets[i] + label.line + 1}"


def admit_label(card: Card, key: str, index: int, value: str) -> str:
    """The text to write as label ``index`` of section ``key`` (between its ``**``), or
    :class:`Refused`: one line, something in it, no ``*`` (it would end the bold early) and no
    ``\\`` at its end (it would escape the ``*`` after it). Spaces after it are kept while
    a name is being typed ("Cache " on the way to "Cache hits"), as a value's are."""
    what = _label_name(card, key, index)
    value = _one_line(what, _plain(what, value), "a name").lstrip(" \t")
    if not value.strip():
        raise Refused(f"{what}: a name is never empty; write one (e.g. the optimization's)")
    if "*" in value:
        raise Refused(f"{what}: a '*' in a name would end its bold there")
    if value.rstrip(" \t").endswith("\\"):
        raise Refused(f"{what}: a '\\' at the end of a name would escape the '*' after it")
    return value


def keeps_label(before: Card, after: Card, key: str, index: int, written: str) -> None:
    """Refuse unless ``after`` is ``before`` with label ``index`` of section ``key`` reading
    exactly ``written`` and nothing else changed but what a rename changes: the name of what
    the label names (its field, or the fence or table a group label introduces) and the group
    of what it heads (``parent``), and so their paths. Every other field keeps its path: a
    name that would renumber another's (a second "Cache" renaming "cache" to "cache-2") is
    refused. The backstop of :func:`admit_label`."""
    i = before.section_index[key]
    old_labels = edits.labels(before, key)
    what = _label_name(before, key, index)
    _same_other_sections(before, after, what, i)
    old, new = before.sections[i], after.sections[i]
    if old is new:
        return  # nothing was written: the name was already there
    new_labels = edits.labels(after, key)
    if [(a.line, a.field) for a in new_labels] != [(a.line, a.field) for a in old_labels]:
        raise Refused(f"{what}: the name would change what the section's labels name")
    for n, (a, b) in enumerate(zip(old_labels, new_labels, strict=True)):
        if n != index and a.text != b.text:
            raise Refused(f"{what}: the name would change the label '{a.text.strip()}'")
    if new_labels[index].text != written:
        raise Refused(
            f"{what}: the name would read back as {_short(new_labels[index].text)}, not as written"
        )
    if [b.text for b in new.blocks] != [b.text for b in old.blocks]:
        raise Refused(f"{what}: the name would change a paragraph of the section")
    if len(new.fields) != len(old.fields):
        raise Refused(f"{what}: the name {_fields_differ(old.fields, new.fields)}")
    _renamed_only(old, new, old_labels[index], written.strip(), what)
    _same_entries(before, after, what, i)


def _renamed_only(old: Section, new: Section, label: Label, now: str, what: str) -> None:
    """The section's fields after a rename: the same in all but names, and a name changed
    only from the label's old text to ``now``, below the label; paths change only with them."""
    was = label.text.strip()

    def renamed(before: str, after: str, line: int) -> bool:
        return before == after or (before == was and after == now and line >= label.line)

    for a, b in zip(old.fields, new.fields, strict=True):
        kept = _unnamed(a) == _unnamed(b)
        if not (kept and renamed(a.label, b.label, a.line) and renamed(a.parent, b.parent, a.line)):
            raise Refused(f"{what}: the name would change the field '{a.label}'")
        if (a.label, a.parent) == (b.label, b.parent) and a.path != b.path:
            raise Refused(
                f"{what}: the name would also rename the field '{a.label}' ({a.path} → "
                f"{b.path}); another field here has that name"
            )


def _unnamed(field: Field) -> tuple[object, ...]:
    """What a rename never changes of a field."""
    return (field.kind, field.value, field.line, field.checked, field.row)


def relabel(card: Card, key: str, index: int, value: str) -> tuple[Card, dict[str, str]]:
    """``edits.set_label`` behind the gate, and the paths the rename changed (old → new)."""
    written = admit_label(card, key, index, value)
    after = edits.set_label(card, key, index, written)
    keeps_label(card, after, key, index, written)
    return after, edits.renamed_paths(card, after, key)


def set_label(card: Card, key: str, index: int, value: str) -> Card:
    return relabel(card, key, index, value)[0]


# -- a session entry (`log`) ---------------------------------------------------------------------

_ITEM_PARTS = (
    ("completed", "Completed", "- "),
    ("in_progress", "In Progress", "- "),
    ("issues", "Issues", "- "),
    ("next_steps", "Next Session", "1. "),
)


def _item(what: str, text: str, marker: str) -> str:
    """One list item of an entry: written on one line (a script's line breaks become spaces)."""
    text = " ".join(_plain(what, text).split())
    if _CHECKBOX_START.match(text):
        raise Refused(f"{what}: {_short(text)} would become a checklist item")
    if role := line_role(marker + text):
        raise Refused(f"{what}: {_short(text)} would read as {role}")
    return text


def _notes(what: str, notes: str) -> str:
    """Performance Notes: lines of one paragraph, each written trimmed on a line of its own."""
    lines = [ln.strip() for ln in _plain(what, notes).strip().split("\n")]
    if lines == [""]:
        return ""
    for number, line in enumerate(lines, start=1):
        if not line:
            raise Refused(
                f"{what}: line {number} is blank, which would end the notes there; the notes "
                "are one paragraph"
            )
        if start := block_start(line):
            raise Refused(f"{what}: line {number} ({_short(line)}) would start {start}")
        if role := line_role(line):
            raise Refused(f"{what}: line {number} ({_short(line)}) would read as {role}")
    return "\n".join(lines)


def admit_entry(entry: SessionEntry, *, from_card: Collection[str] = ()) -> SessionEntry:
    """The entry as it will be written, or :class:`Refused`. ``from_card`` names the metrics
    copied from the card itself (``log``'s default Before): the card's own words, not checked
    as a typed value is; like every metric, made one line (runs of spaces and line breaks one
    space), as an entry's list item must be."""
    name = _plain("Name", entry.name)
    if "\n" in name.strip():
        raise Refused("Name: the name is one line")
    metrics = []
    for label, value in entry.metrics:
        if not value.strip():
            continue  # an empty metric is not written (`format_entry`)
        if label not in from_card:
            value = " ".join(_plain(label, value).split())
            kind = metric_kind(PROGRESS_NOTES, label)
            if kind is not None and (problem := metric_problem(kind, value)):
                raise Refused(f"{label}: {problem}")
        metrics.append((label, " ".join(value.split())))
    parts: dict[str, object] = {
        attr: tuple(
            _item(what, text, marker) for text in getattr(entry, attr) if text and text.strip()
        )
        for attr, what, marker in _ITEM_PARTS
    }
    return with_parts(
        entry,
        {
            "name": name.strip(),
            "metrics": tuple(metrics),
            "notes": _notes("Performance Notes", entry.notes),
            **parts,
        },
    )


def _stand_in(entry: SessionEntry) -> SessionEntry:
    """The same entry with harmless text in every part: what the card must look like after."""
    return replace(
        entry,
        completed=tuple("x" for _ in entry.completed),
        metrics=tuple((label, "1") for label, _ in entry.metrics),
        in_progress=tuple("x" for _ in entry.in_progress),
        issues=tuple("x" for _ in entry.issues),
        next_steps=tuple("x" for _ in entry.next_steps),
        notes="x" if entry.notes.strip() else "",
    )


def log_session(card: Card, entry: SessionEntry) -> Card:
    """``sessions.insert_session`` behind the backstop: the card after must have the shape it
    has with a harmless entry written instead, and the entry must read back as written. Give it
    an entry that went through :func:`admit_entry`."""
    after = insert_session(card, entry)
    expected = insert_session(card, _stand_in(entry))
    if after.keys != expected.keys:
        raise Refused("Session: the entry would change the card's sections")
    shape = [(f.path, f.kind) for _, f in after.fields()]
    if shape != [(f.path, f.kind) for _, f in expected.fields()]:
        raise Refused("Session: the entry would change the card's fields")
    written = _entries(after, with_notes=True)
    if written[:-1] != _entries(expected, with_notes=True)[:-1]:
        raise Refused("Session: the entry would change the entries before it")
    if written[-1:] != _entries_of([entry]):
        raise Refused("Session: the entry would not read back as written")
    return after


def _entries_of(entries: list[SessionEntry]) -> list[tuple[object, ...]]:
    return [
        (e.date, e.name, e.completed, e.metrics, e.in_progress, e.issues, e.next_steps, e.notes)
        for e in entries
    ]
