"""Issue 9, "Proof": each form action changes only its own field's bytes, or exactly the
structure it announced, and its way back gives back the bytes.

The actions the other property tests leave out, each on the sample card and on a new card from
the template (as written, and with CRLF and a BOM), with random targets and random input
(unicode, spaces, markdown, control characters: what the gate refuses must leave the card as it
was):

* a checklist item added below another (``ADD_ITEM``) and one removed by its line
  (``REMOVE_ITEM``, backspace on an empty item);
* a code block's language (``SET_LANGUAGE``);
* a choice with its explanation (``High - breaches SLO``), written as the choice widget writes it;
* deleting a section (``section_edits.delete_section``, the tree's delete);
* the session form: a new entry logged (``gate.log_session``) and a logged one edited part by part
  (``sessions.replace_session``);
* ctrl+e: the text ``$EDITOR`` leaves, read back as ``editor_handoff`` reads it, then taken as a
  field's edit (``form_edits.apply``) or a section's markdown (``section_edits.body_edit``).

Each asserts (a) every byte outside the announced span is the same, (b) a full parse of the new
text gives the same sections and fields but for the announced change (and equals the incremental
one), (c) one undo (``buffer.CardBuffer``) gives back the original bytes, as does the action's own
inverse where it has one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import partial
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from perfcard_tui.app.editor_handoff import _from_file
from perfcard_tui.app.widgets.fields import ChoiceFieldWidget
from perfcard_tui.core import edits, gate, section_edits, sessions
from perfcard_tui.core.buffer import CardBuffer
from perfcard_tui.core.display import safe_text
from perfcard_tui.core.form_edits import EditKind, FormEdit, apply
from perfcard_tui.core.model import Card, FieldKind, Section
from perfcard_tui.core.parse import PREAMBLE_KEY, TITLE_KEY, list_items, parse_card
from perfcard_tui.core.sessions import SessionEntry, parse_sessions, with_parts
from perfcard_tui.core.store import line_starts, read_card
from perfcard_tui.core.template import builtin_template, match_sections, new_card_text

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = builtin_template()
_SAMPLE = read_card(REPO / "sample_cards" / "PERF-7.md")
_NEW = new_card_text(TEMPLATE, "PERF-0")
CARDS = {
    "PERF-7": parse_card(_SAMPLE.text, newline=_SAMPLE.newline, bom=_SAMPLE.bom),
    "new": parse_card(_NEW),
    # the same, as a Windows editor saves it: what is written must follow its line breaks
    "new, CRLF and BOM": parse_card(_NEW.replace("\n", "\r\n"), newline="\r\n", bom=True),
}
_BREAK = re.compile(r"\r\n|\r|\n")
T = TypeVar("T")

# random input: the pieces that have broken cards before, and any text at all
PIECES = st.sampled_from(
    [" ", "  ", "\t", "\n", "\r\n", "é", "日本語", "📊", "⚠️", "\u00a0", "\u200b", "x", "420ms",
     "p95", "**", "`", "```", "~~~", "- ", "1. ", "# ", "## X", "[ ]", "[x] ", "|", "\\", "<!--",
     "-->", "---", "**Label**: ", ":", " - ", "(", "\x1b[2J", "\u202e"]
)  # fmt: skip
TEXT = st.one_of(st.lists(PIECES, max_size=6).map("".join), st.text(max_size=12))


def fast(examples: int) -> settings:
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


# -- the three checks, shared ---------------------------------------------------------------------


def assert_local(before: Card, after: Card, start: int, end: int) -> None:
    """(a): ``after`` is ``before`` with ``before.text[start:end]`` replaced, nothing else."""
    tail = len(before.text) - end
    assert after.text[:start] == before.text[:start]
    assert after.text[len(after.text) - tail :] == before.text[end:]
    assert len(after.text) - tail >= start
    assert (after.newline, after.bom) == (before.newline, before.bom)


def reparsed(card: Card, edited: Collection[int] = ()) -> Card:
    """A full parse of the card's text, which must equal the incremental one it was given: the
    same sections where they were, the ``edited`` ones read alike."""
    whole = parse_card(card.text, newline=card.newline, bom=card.bom)
    assert [s.key for s in card.sections] == [s.key for s in whole.sections]
    assert card.offsets == whole.offsets
    for n in edited:
        assert card.sections[n] == whole.sections[n], card.sections[n].key
    return whole


def heads(card: Card) -> list[tuple[int, str, str]]:
    """Each section's level, title and text. A section is read on its own (``outline.chunks``),
    so the same text under the same heading is the same fields: comparing them is comparing
    the fields, without reading every section of a full parse for every example."""
    return [
        (s.level, s.title, card.text[at : at + s.length])
        for s, at in zip(card.sections, card.offsets, strict=True)
    ]


def rows(section: Section) -> list[tuple[object, ...]]:
    """(b)'s terms for a section's fields: kind, name, group, value, tick, language, row and
    path below the section's key (a checklist item's path is its text's slug, and renumbers
    its twins: left out)."""
    return [
        (f.kind, f.label, f.parent, f.value, f.checked, f.info, f.row)
        + (("",) if f.kind is FieldKind.CHECK else (f.path.removeprefix(section.key),))
        for f in section.fields
    ]


def others_kept(before: Card, after: Card, i: int) -> Card:
    """(b) around section ``i``: the full parse of ``after`` has ``before``'s sections, each but
    ``i`` with the same text (and so the same fields), ``i`` under the same heading. Returns
    the full parse."""
    whole = reparsed(after, {i})
    old, new = heads(before), heads(whole)
    assert len(new) == len(old)
    assert [h for n, h in enumerate(new) if n != i] == [h for n, h in enumerate(old) if n != i]
    assert new[i][:2] == old[i][:2]
    return whole


def same_but(before: Card, after: Card, i: int, skip: Callable[[int], bool]) -> Card:
    """(b): the full parse of ``after`` has the sections and fields of ``before``, but for the
    fields of section ``i`` that ``skip`` (their position) names. Returns the full parse."""
    whole = others_kept(before, after, i)
    old, new = rows(before.sections[i]), rows(whole.sections[i])
    assert len(new) == len(old)
    assert [r for n, r in enumerate(new) if not skip(n)] == [
        r for n, r in enumerate(old) if not skip(n)
    ]
    return whole


def undone(before: Card, after: Card) -> None:
    """(c): one ctrl+z gives back the bytes and the sections, ctrl+y the edit again."""
    if after.text == before.text:  # nothing to undo (a language set to what it was)
        return
    buffer = CardBuffer(Path("locality.md"), TEMPLATE, before, before, None)
    buffer.replace(after, "edit")
    assert buffer.undo() is not None
    assert buffer.card.to_bytes() == before.to_bytes()
    assert [s.key for s in buffer.card.sections] == [s.key for s in before.sections]
    assert buffer.card.offsets == before.offsets
    assert buffer.redo() is not None
    assert buffer.card.text == after.text


def attempt(card: Card, make: Callable[[Card], T]) -> T | None:
    """``make(card)``, or None when it is refused: in one line, the card as it was."""
    text = card.text
    try:
        after = make(card)
    except edits.EditError as refusal:
        event("refused")
        assert "\n" not in str(refusal), str(refusal)
        assert card.text == text
        return None
    event("applied")
    return after


def line_span(card: Card, start: int, end: int) -> tuple[int, int]:
    """The whole lines of ``card.text[start:end]``, the break after them included."""
    text = card.text
    first = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    brk = _BREAK.search(text, end)
    return first, brk.end() if brk else len(text)


def line_start(card: Card, i: int, line: int) -> int:
    """Where line ``line`` of section ``i`` starts in the card (its end: for a line past it)."""
    text = card.text[card.offsets[i] : card.offsets[i] + card.sections[i].length]
    starts = line_starts(text)
    return card.offsets[i] + (starts[line] if line < len(starts) else len(text))


def targets(kinds: set[FieldKind]) -> list[tuple[str, str, int]]:
    """(card, section key, field position) of every field of these kinds in both cards."""
    return [
        (name, s.key, j)
        for name, card in CARDS.items()
        for s in card.sections
        for j, f in enumerate(s.fields)
        if f.kind in kinds
    ]


# -- checklist items: added below one, removed by their line --------------------------------------

CHECKS = targets({FieldKind.CHECK})


@fast(80)
@given(st.sampled_from(CHECKS), TEXT)
def test_a_new_checklist_item_is_one_new_line_below_its_item(
    target: tuple[str, str, int], text: str
) -> None:
    name, key, j = target
    before = CARDS[name]
    after = attempt(before, lambda c: apply(c, FormEdit(EditKind.ADD_ITEM, key, j, value=text)))
    if after is None:
        return
    written = gate.admit_item_text(text)
    i = before.section_index[key]
    field = before.sections[i].fields[j]
    # (a) one line, `- [ ] text` in its item's marker, after the item and its sub-bullets (and
    # as many blank lines as part its list's items)
    _, item = edits.list_item(before, key, field.line)
    at = line_start(before, i, item.end)
    added = after.text[at : at + len(after.text) - len(before.text)]
    assert_local(before, after, at, at)
    nl = re.escape(before.newline)
    marker = r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[ \] "
    assert re.fullmatch(f"(?:{nl})*{marker}{re.escape(written)}{nl}", added), added
    # (b) the section has one more item, unticked, in the group of the one above it
    k = sum(1 for f in before.sections[i].fields if f.line < item.end)
    # ... where the form puts the focus, to type into it (`section_form`'s places)
    lines = [f.line for f in before.sections[i].fields]
    assert edits.item_places(list_items(before, key), lines)[j].added == k
    fields = rows(others_kept(before, after, i).sections[i])
    kind, _, parent, value, checked = fields.pop(k)[:5]
    assert (kind, parent, value, checked) == (FieldKind.CHECK, field.parent, written, False)
    assert fields == rows(before.sections[i])
    # (c) undo, and the item removed whole again (and by backspace, once emptied)
    undone(before, after)
    back = apply(after, FormEdit(EditKind.REMOVE_ITEM_WHOLE, key, k))
    assert back.to_bytes() == before.to_bytes()
    if added.count(before.newline) == 1:  # a tight list: the item is its line
        event("tight list")
        emptied = apply(after, FormEdit(EditKind.SET_VALUE, key, k, value=""))
        back = apply(emptied, FormEdit(EditKind.REMOVE_ITEM, key, k))
        assert back.to_bytes() == before.to_bytes()


@fast(80)
@given(st.sampled_from(CHECKS), st.sampled_from([EditKind.REMOVE_ITEM, EditKind.REMOVE_ITEM_WHOLE]))
def test_removing_a_checklist_item_takes_its_lines_alone(
    target: tuple[str, str, int], kind: EditKind
) -> None:
    name, key, j = target
    before = CARDS[name]
    after = apply(before, FormEdit(kind, key, j))
    i = before.section_index[key]
    field = before.sections[i].fields[j]
    if kind is EditKind.REMOVE_ITEM:  # backspace in an empty item: its line(s), break and all
        start, end = line_span(before, *before.span_of(field.path))
        assert after.text == before.text[:start] + before.text[end:]  # (a)
        gone = range(j, j + 1)
    else:  # its lines and its sub-bullets', up to its list's next item (the last: from the end
        # of the one above it, blank lines between them and all)
        siblings, item = edits.list_item(before, key, field.line)
        n = siblings.index(item)
        last = n + 1 == len(siblings)
        above = siblings[n - 1].end if last and n else item.line
        below = item.end if last else siblings[n + 1].line
        assert_local(before, after, line_start(before, i, above), line_start(before, i, below))
        assert len(after.text) < len(before.text)
        fields = before.sections[i].fields
        gone = range(j, j + sum(1 for f in fields if item.line <= f.line < item.end))
    # (b) the section's fields but those
    old = rows(before.sections[i])
    assert rows(others_kept(before, after, i).sections[i]) == old[: gone.start] + old[gone.stop :]
    undone(before, after)  # (c)


# -- a code block's language ----------------------------------------------------------------------


@fast(80)
@given(st.sampled_from(targets({FieldKind.CODE})), TEXT)
def test_a_language_changes_its_fence_line_alone(target: tuple[str, str, int], text: str) -> None:
    name, key, j = target
    before = CARDS[name]
    edit = FormEdit(EditKind.SET_LANGUAGE, key, j, value=text)
    after = attempt(before, lambda c: apply(c, edit))
    if after is None:
        return
    i = before.section_index[key]
    field = before.sections[i].fields[j]
    written = gate.admit_language(before, field.path, text)
    assert field.info_span is not None
    span = before.absolute(field.path, field.info_span)
    assert_local(before, after, span.start, span.end)  # (a) the fence's info string
    moved = same_but(before, after, i, lambda n: n == j).sections[i].fields[j]  # (b)
    assert (moved.kind, moved.value, moved.info) == (FieldKind.CODE, field.value, written)
    undone(before, after)  # (c) undo, and the old language set back
    back = apply(after, FormEdit(EditKind.SET_LANGUAGE, key, j, value=field.info or ""))
    assert back.to_bytes() == before.to_bytes()


# -- a choice and its explanation, as the choice widget writes them ------------------------------


def _choices() -> list[tuple[str, str, int]]:
    found = []
    for name, card in CARDS.items():
        matched = match_sections(card, TEMPLATE)
        for s in card.sections:
            for j, f in enumerate(s.fields):
                tsec = matched.get(s.key)
                spec = TEMPLATE.spec(tsec, f.label, f.parent) if tsec else None
                if f.kind is FieldKind.TEXT and spec is not None and spec.choice:
                    found.append((name, s.key, j))
    return found


CHOICES = _choices()


def choice_widget(card: Card, key: str, j: int) -> ChoiceFieldWidget:
    """The form's widget for choice field ``j`` of section ``key`` as the card has it now."""
    field = card.section(key).fields[j]
    tsec = match_sections(card, TEMPLATE)[key]
    return ChoiceFieldWidget(key, j, field, TEMPLATE.spec(tsec, field.label, field.parent))


@fast(80)
@given(st.sampled_from(CHOICES), st.data())
def test_a_choice_and_its_explanation_change_that_value_alone(
    target: tuple[str, str, int], data: st.DataObject
) -> None:
    name, key, j = target
    card = CARDS[name]
    i = card.section_index[key]
    widget = choice_widget(card, key, j)
    assert widget.spec is not None
    option = data.draw(st.sampled_from(widget.spec.options), label="option")
    explanation = data.draw(TEXT, label="explanation")
    # the select first (it keeps the explanation), then the explanation's box (its option)
    for step in ("select", "explanation"):
        widget = choice_widget(card, key, j)
        parts = widget._parts()
        if step == "select":
            value = widget._value_with(option, parts[2] if parts else "")
        elif parts is not None:
            value = widget._value_with(parts[0], explanation)
        else:
            continue  # no option chosen: the explanation's box is hidden
        before = card
        field = before.sections[i].fields[j]
        edit = FormEdit(EditKind.SET_VALUE, key, j, value)
        after = attempt(before, partial(apply, edit=edit))
        if after is None:
            return
        written = gate.admit(before, field.path, value, finished=False)
        assert_local(before, after, *before.span_of(field.path))  # (a) the value's own span
        now = same_but(before, after, i, lambda n: n == j).sections[i].fields[j]  # (b)
        assert now.value == written
        chosen = choice_widget(after, key, j)._chosen()
        assert chosen == option, (value, now.value)
        undone(before, after)  # (c)
        card = after


# -- deleting a section ---------------------------------------------------------------------------

SECTIONS = [
    (name, s.key)
    for name, card in CARDS.items()
    for s in card.sections
    if s.key not in (PREAMBLE_KEY, TITLE_KEY)
]


@fast(60)
@given(st.sampled_from(SECTIONS))
def test_deleting_a_section_takes_its_subtree_alone(target: tuple[str, str]) -> None:
    name, key = target
    before = CARDS[name]
    after = section_edits.delete_section(before, key)
    start, end = before.subtree_span(key)
    # (a) its heading and text, and its subsections', nothing else
    assert after.text == before.text[:start] + before.text[end:]
    # (b) the other sections, each with the same fields
    gone = {n for n, offset in enumerate(before.offsets) if start <= offset < end}
    assert before.section_index[key] in gone
    old = heads(before)
    assert heads(reparsed(after)) == [h for n, h in enumerate(old) if n not in gone]
    # (c) undo, and the text put back where it was
    undone(before, after)
    back = edits.splice(after, start, start, before.text[start:end])
    assert back.to_bytes() == before.to_bytes()
    assert heads(reparsed(back)) == old


# -- the session form: a new entry, and a logged one edited -----------------------------------


def mostly(*plain: str) -> st.SearchStrategy[str]:
    """One of ``plain`` three times in four, else any text: a session form has a dozen inputs,
    and random text in all of them is almost always refused."""
    return st.integers(0, 3).flatmap(lambda n: TEXT if n == 0 else st.sampled_from(plain))


ITEM = mostly("Profiled it", "p95 420ms → 300ms", "日本語 ✅ done", "  spaced  out ", "x")
LISTED = st.lists(ITEM, max_size=3).map(tuple)
TIMES = ("", "300ms (p95)", "250 ms", "1.2s", "  420ms  ")
METRICS = {
    "Before": mostly(*TIMES),
    "After": mostly(*TIMES),
    "Improvement": mostly("", "12% less time", "26.2% faster"),
}
DATES = st.dates().map(str)


@st.composite
def typed_entry(draw: st.DrawFn, like: SessionEntry) -> SessionEntry:
    """``like`` with every input of the session form typed anew (of an edit, only the ``parts``
    said to be changed are taken)."""
    metrics = tuple((label, draw(values)) for label, values in METRICS.items())
    return with_parts(
        like,
        {
            "date": draw(DATES),
            "name": draw(ITEM),
            "completed": draw(LISTED),
            "metrics": metrics,
            "in_progress": draw(LISTED),
            "issues": draw(LISTED),
            "next_steps": draw(LISTED),
            "notes": draw(ITEM),
        },
    )


LISTS = ("completed", "in_progress", "issues", "next_steps")


def values(entries: list[SessionEntry]) -> list[tuple[object, ...]]:
    """What the entries say, without where they are."""
    return [(e.date, e.name, e.metrics, e.notes, *(getattr(e, a) for a in LISTS)) for e in entries]


def progress_notes(card: Card) -> int:
    key = sessions.progress_notes_key(card)
    assert key is not None
    return card.section_index[key]


def _logged(card: Card) -> Card:
    """The new card with one session logged: an entry to edit."""
    entry = SessionEntry(
        date="2026-01-02",
        name="Ana",
        completed=("Profiled it",),
        metrics=(("Before", "420ms"), ("After", "300ms")),
        issues=("flaky: pinned",),
        next_steps=("Ship it",),
        notes="Looks good.",
    )
    return gate.log_session(card, gate.admit_entry(entry))


real = sessions.real_sessions
SESSION_CARDS = {name: card if real(card) else _logged(card) for name, card in CARDS.items()}


@fast(80)
@given(st.sampled_from(sorted(CARDS)), typed_entry(SessionEntry(date="", name="")))
def test_logging_a_session_writes_one_entry(name: str, typed: SessionEntry) -> None:
    before = CARDS[name]
    entry = attempt(before, lambda _: gate.admit_entry(typed))
    if entry is None:
        return
    after = attempt(before, lambda c: gate.log_session(c, entry))
    if after is None:
        return
    # (a) after the last entry; the template's example entry, left as it was, is replaced
    old = parse_sessions(before)
    example = len(old) == 1 and old[0].is_placeholder
    if example:
        assert_local(before, after, old[0].span.start, old[0].span.end)
    else:
        at = old[-1].span.end
        assert_local(before, after, at, at)
        assert after.text[at:].startswith(before.newline * 2 + "**Session ")
    # (b) the other sections as they were; the entries are the old ones and this one
    whole = others_kept(before, after, progress_notes(before))
    kept = [] if example else old
    assert values(parse_sessions(whole)) == values([*kept, entry])
    undone(before, after)  # (c)


@fast(80)
@given(
    st.sampled_from(
        [(name, n) for name, card in SESSION_CARDS.items() for n in range(len(real(card)))]
    ),
    st.sets(st.sampled_from([sessions.HEADER, *sessions.PARTS]), min_size=1),
    st.data(),
)
def test_editing_a_logged_session_rewrites_the_parts_changed_alone(
    target: tuple[str, int], parts: set[str], data: st.DataObject
) -> None:
    name, n = target
    before = SESSION_CARDS[name]
    logged = real(before)[n]
    typed = data.draw(typed_entry(sessions.shown(logged)), label="typed")
    entry, kept = sessions.to_admit(logged, typed, parts)
    admitted = attempt(before, lambda _: gate.admit_entry(entry, from_card=kept))
    if admitted is None:
        return
    after = attempt(before, lambda c: sessions.replace_session(c, logged, admitted, parts))
    if after is None or after is before:
        return
    # (a) the entry's own lines; in it, the header and each part not changed keep their bytes
    span = logged.span
    assert_local(before, after, span.start, span.end)
    end = span.end + len(after.text) - len(before.text)
    header_end, layout = sessions._layout(before.source(*span), span.start)
    new_header_end, new_layout = sessions._layout(after.source(span.start, end), span.start)
    if sessions.HEADER not in parts:
        assert after.text[span.start : new_header_end] == before.text[span.start : header_end]
    for attr, part in layout.items():
        if attr not in parts:
            moved = new_layout[attr]
            assert after.text[moved.start : moved.end] == before.text[part.start : part.end]
    # (b) the other sections as they were; the other entries too, and this one as written
    now = real(others_kept(before, after, progress_notes(before)))
    was = real(before)
    update = {a: getattr(admitted, a) for a in sessions.PARTS if a in parts}
    if sessions.HEADER in parts:
        update |= {"date": admitted.date, "name": admitted.name}
    assert values(now) == values([*was[:n], sessions.with_parts(was[n], update), *was[n + 1 :]])
    undone(before, after)  # (c)


# -- ctrl+e: the text $EDITOR leaves, taken back --------------------------------------------------


def _handoffs() -> list[tuple[str, str, int, int | None, int]]:
    """(card, section key, field, row, column) of every field ctrl+e hands out (a table by its
    cells)."""
    found: list[tuple[str, str, int, int | None, int]] = []
    for name, card in CARDS.items():
        for s in card.sections:
            for j, f in enumerate(s.fields):
                if f.kind is FieldKind.TABLE:
                    for cell in s.cells_of(f):
                        row = [c for c in s.cells_of(f) if c.row == cell.row]
                        found.append((name, s.key, j, cell.row, row.index(cell)))
                elif f.kind is not FieldKind.CELL:
                    found.append((name, s.key, j, None, 0))
    return found


@st.composite
def from_the_editor(draw: st.DrawFn, handed: str) -> str:
    """What the editor leaves in the file it was given ``handed`` in (with a last line break
    added, as ``edit_text`` writes it), read back as ``editor_handoff`` reads it: a stretch of it
    typed over, its lines ended \\n or \\r\\n, a BOM or not, the last break kept or not."""
    added = not handed.endswith("\n")
    file = handed + "\n" if added else handed
    a = draw(st.integers(0, len(file)))
    b = draw(st.integers(a, min(len(file), a + 40)))
    file = file[:a] + draw(TEXT) + file[b:]
    file = _BREAK.sub(draw(st.sampled_from(["\n", "\r\n"])), file)
    if draw(st.booleans()):
        file = file.rstrip("\r\n")
    text = _from_file(("\ufeff" if draw(st.booleans()) else "") + file, handed, added=added)
    if text == handed:
        event("no change")  # what `Handoff.run` takes as none
    return text


@fast(120)
@given(st.sampled_from(_handoffs()), st.data())
def test_the_editors_text_for_a_field_changes_that_field_alone(
    target: tuple[str, str, int, int | None, int], data: st.DataObject
) -> None:
    name, key, j, row, column = target
    before = CARDS[name]
    i = before.section_index[key]
    section = before.sections[i]
    field = section.fields[j]
    if row is None:  # as `editor_handoff._field_target` makes the edit
        kind = EditKind.SET_CODE if field.kind is FieldKind.CODE else EditKind.SET_VALUE
        path = field.path
        start, end = before.span_of(path)
    else:
        kind = EditKind.SET_CELL
        path = [c for c in section.cells_of(field) if c.row == row][column].path
        # a cell's text between its pipes, padding and all (a table laid out in columns pads it)
        start, end = before.span_of(path)
        while before.text[start - 1] in " \t":
            start -= 1
        while before.text[end] in " \t":
            end += 1
    handed = safe_text(before.field(path).value)
    text = data.draw(from_the_editor(handed), label="text")
    edit = FormEdit(kind, key, j, value=text, row=row, column=column)
    after = attempt(before, lambda c: apply(c, edit))
    if text == handed or after is None:
        return
    written = gate.admit(before, path, text, finished=False)
    assert_local(before, after, start, end)  # (a)
    edited = next(n for n, f in enumerate(section.fields) if f.path == path)
    whole = same_but(before, after, i, lambda n: n in (edited, j))  # (b) (a cell: its table too)
    assert whole.sections[i].fields[edited].value == written
    undone(before, after)  # (c)


@fast(100)
@given(st.sampled_from([(name, s.key) for name, c in CARDS.items() for s in c.sections]), st.data())
def test_the_editors_text_for_a_section_changes_that_section_alone(
    target: tuple[str, str], data: st.DataObject
) -> None:
    name, key = target
    before = CARDS[name]
    i = before.section_index[key]
    handed = safe_text(before.body(key))
    text = data.draw(from_the_editor(handed), label="text")
    taken = attempt(before, lambda c: section_edits.body_edit(c, key, text))
    if text == handed or taken is None:
        return
    after, change = taken
    if change is not None:  # held in raw mode until ctrl+o, saying what it would do
        event("held")
        old = [(s.level, s.title) for s in before.sections]
        new = [(s.level, s.title) for s in reparsed(after).sections]
        assert (new != old) == bool(change.added or change.removed)
        return
    assert_local(before, after, *before.body_span(key))  # (a)
    assert after.body(key) == text.replace("\n", before.newline)
    others_kept(before, after, i)  # (b) the other sections, and this one's heading
    undone(before, after)  # (c)
