"""``fields``, ``get``, ``set``, ``show`` and ``fix-encoding``: one card's fields (and blocks
and names)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.display import safe_text
from .common import (
    PROG,
    CliError,
    check_box,
    escape,
    fail,
    for_stdout,
    json_text,
    load,
    not_found,
    resolve_field,
    save,
    say,
    template_for,
)

if TYPE_CHECKING:
    from ..core.block_paths import BlockRef
    from ..core.label_paths import NameRef
    from ..core.model import Card, Field
    from ..core.store import CardText


def cmd_fields(args: argparse.Namespace) -> int:
    from ..core.block_paths import block_line, block_refs, block_text, editable
    from ..core.label_paths import name_refs
    from ..core.model import FieldKind

    card = load(args.path)[1]
    fields = [f for _, f in card.fields() if f.kind is not FieldKind.TABLE]
    # blocks after every field, names after every block: what `fields` printed before blocks
    # (and then names) had addresses is still the beginning of what it prints, for the
    # scripts that read it (DECISIONS 66, 74)
    blocks = [(ref, block_text(card, ref)) for ref in block_refs(card)]
    names = list(name_refs(card))
    if args.json:
        rows = [
            {
                "path": f.path,
                "label": f.label,
                "kind": f.kind.value,
                "value": f.value,
                "line": card.line_of(f.path),
                "checked": f.checked,
            }
            for f in fields
        ]
        rows += [
            {
                "path": ref.address,
                "label": ref.label,
                "kind": ref.kind,
                "value": value,
                "line": block_line(card, ref),
                "checked": None,
                "section": ref.key,
                "editable": editable(card, ref),
            }
            for ref, value in blocks
        ]
        rows += [
            {
                "path": ref.address,
                "label": ref.label,
                "kind": "name",
                "value": ref.text,
                "line": ref.line,
                "checked": None,
                "section": ref.key,
                "editable": True,
            }
            for ref in names
        ]
        sys.stdout.write(json_text(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")
        return 0
    for f in fields:  # a listing for reading: the exact values are in --json
        value = check_box(f) if f.kind is FieldKind.CHECK else f.value
        sys.stdout.write(safe_text(f"{f.path}\t{escape(value)}") + "\n")
    for ref, value in blocks:
        sys.stdout.write(safe_text(f"{ref.address}\t{escape(value)}") + "\n")
    for name in names:
        sys.stdout.write(safe_text(f"{name.address}\t{escape(name.text)}") + "\n")
    return 0


def _target(card: Card, query: str, where: str) -> Field | BlockRef | NameRef:
    """A field, as `common.resolve_field` finds it (its errors unchanged), a block or a
    name."""
    from ..core.block_paths import resolve
    from ..core.label_paths import is_name_address, resolve_name
    from ..core.paths import FieldNotFound

    if "#" not in query:  # a block's or name's address always has one; a field query rarely
        return resolve_field(card, query, where)
    try:
        found = resolve_name(card, query) if is_name_address(query) else resolve(card, query)
    except FieldNotFound as error:
        raise not_found(error, where) from None
    return card.field(found) if isinstance(found, str) else found


def cmd_get(args: argparse.Namespace) -> int:
    from ..core.block_paths import block_text
    from ..core.label_paths import NameRef
    from ..core.model import Field, FieldKind

    card = load(args.path)[1]
    target = _target(card, args.field, args.path)
    if isinstance(target, NameRef):
        print(for_stdout(target.text))
        return 0
    if not isinstance(target, Field):
        value = for_stdout(block_text(card, target))
        sys.stdout.write(value if value.endswith("\n") else value + "\n")
        return 0
    field = target
    if field.kind is FieldKind.CHECK:
        print("done" if field.checked else "todo")
    else:
        value = for_stdout(field.value)
        sys.stdout.write(value if value.endswith("\n") else value + "\n")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from ..core.edits import EditError, set_check
    from ..core.gate import set_value
    from ..core.label_paths import NameRef
    from ..core.model import Field, FieldKind

    before, card = load(args.path)
    target = _target(card, args.field, args.path)
    if isinstance(target, NameRef):
        return _set_name(args, before, card, target)
    if not isinstance(target, Field):
        return _set_block(args, before, card, target)
    field = target
    if args.text is not None and field.kind is not FieldKind.CHECK:
        raise CliError(f"{args.path}: {field.path} is no checklist item: --text renames items")
    if args.value is None and args.text is None:
        raise CliError(f"{args.path}: give a VALUE (or --text for a checklist item)")
    path = field.path
    ticked = _state(args, path) == "done" if field.kind is FieldKind.CHECK and args.value else None
    try:  # the gate: a value that is not this field's alone is refused, nothing written
        if field.kind is FieldKind.CHECK:
            if args.text is not None:  # an item's text is its value, and its path follows it
                section, index = card.position(path)
                card = set_value(card, path, args.text)
                path = card.sections[section].fields[index].path
            if ticked is not None:
                card = set_check(card, path, ticked)
        else:
            card = set_value(card, path, args.value)
    except EditError as refused:
        raise CliError(f"{args.path}: {refused}") from None
    written = save(args.path, before, card)
    say(args, f"{args.path}: {path} {'set' if written else 'unchanged'}")
    return 0


def _set_block(args: argparse.Namespace, before: CardText, card: Card, ref: BlockRef) -> int:
    from ..core.block_paths import block_line, editable
    from ..core.edits import EditError
    from ..core.gate import set_block

    if args.text is not None:
        raise CliError(f"{args.path}: {ref.address} is no checklist item: --text renames items")
    if args.value is None:
        raise CliError(f"{args.path}: give a VALUE for {ref.address}")
    if not editable(card, ref):
        raise CliError(
            f"{args.path}: {ref.address} (line {block_line(card, ref)}) cannot be set: its text "
            "is not where a splice could reach it alone (a quote, or an item such as `1. 1`); "
            "edit the card's markdown"
        )
    try:  # the gate: a value that is not this block's alone is refused, nothing written
        card = set_block(card, ref.key, ref.index, args.value)
    except EditError as refused:
        raise CliError(f"{args.path}: {refused}") from None
    written = save(args.path, before, card)
    say(args, f"{args.path}: {ref.address} {'set' if written else 'unchanged'}")
    return 0


def _set_name(args: argparse.Namespace, before: CardText, card: Card, ref: NameRef) -> int:
    """Rename a name through the gate (``gate.relabel``, the form's ``SET_LABEL``): its text
    between the ``**`` and what follows from it (the paths of what it names and heads), or
    refused with nothing written."""
    from ..core.edits import EditError
    from ..core.gate import relabel

    if args.text is not None:
        raise CliError(f"{args.path}: {ref.address} is no checklist item: --text renames items")
    if args.value is None:
        raise CliError(f"{args.path}: give a VALUE for {ref.address}: the new name")
    try:  # the gate: a name that would change more than names is refused, nothing written
        card, renamed = relabel(card, ref.key, ref.index, args.value)
    except EditError as refused:
        raise CliError(f"{args.path}: {refused}") from None
    written = save(args.path, before, card)
    say(args, f"{args.path}: {ref.address} {'set' if written else 'unchanged'}")
    for old, new in renamed.items():  # a field's path follows its name
        say(args, f"  {old} → {new}")
    return 0


def _state(args: argparse.Namespace, path: str) -> str:
    state = str(args.value).strip().lower()
    if state not in ("done", "todo"):
        raise CliError(
            f"{args.path}: {path} is a checklist item: the value must be done or todo, "
            f"not '{args.value}'"
        )
    return state


# -- show --------------------------------------------------------------------------------------


def cmd_show(args: argparse.Namespace) -> int:
    from ..cli_json import card_json, write_card_json
    from ..core.validate import validate

    card = load(args.path)[1]  # its bytes are held by the card alone (its sections read them)
    template = template_for(args.path, args.template)
    if args.json:
        out = sys.stdout
        write_card_json(lambda text: out.write(json_text(text)), args.path, card, template)
        out.write("\n")
        return 0
    findings = validate(card, template, path=args.path)
    data = card_json(args.path, card, template, findings)
    fields = sum(len(s.fields) for s in data.sections)
    lines = [
        data.title or Path(args.path).stem,
        f"  file:       {args.path} ({data.newline.upper()}{', BOM' if data.bom else ''})",
        f"  template:   {data.template}",
        f"  sections:   {len(data.sections)}, {fields} fields; "
        + (
            "missing: " + ", ".join(s.title for s in data.missing_sections if not s.optional)
            if any(not s.optional for s in data.missing_sections)
            else "none missing"
        ),
    ]
    pm = data.primary_metric
    if pm is not None:
        current = pm.current.text if pm.current else "?"
        target = pm.target.text if pm.target else "?"
        metric = f"  metric:     {pm.name or 'primary metric'}: {current} → {target}"
        if pm.improvement:
            metric += f" ({pm.improvement.description}; {pm.reason})"
        lines.append(metric)
    done = sum(c.done for c in data.checklists)
    total = sum(c.total for c in data.checklists)
    lines.append(f"  checklists: {done}/{total} done")
    real = [s for s in data.sessions if not s.placeholder]
    last = f", last {real[-1].date}" if real else ""
    lines.append(f"  sessions:   {len(real)} logged{last}")
    counts = {
        sev: sum(1 for f in data.findings if f.severity == sev)
        for sev in ("error", "warning", "info")
    }
    lines.append(
        f"  findings:   {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['info']} infos"
    )
    sys.stdout.write(safe_text("\n".join(lines)) + "\n")  # the title and metric are card text
    return 0


# -- fix-encoding ------------------------------------------------------------------------------


def cmd_fix_encoding(args: argparse.Namespace) -> int:
    from ..core.names import fix_mojibake
    from ..core.store import CardReadError, read_card, sha256_of_file, split_lines, write_atomic

    due = 0
    unreadable = 0
    for path in args.paths:
        try:
            before = read_card(path)
        except CardReadError as e:
            fail(str(e))
            unreadable += 1
            continue
        fixed = fix_mojibake(before.text)
        if fixed == before.text:
            say(args, f"{path}: no mojibake")
            continue
        changed = sum(
            a != b for a, b in zip(split_lines(before.text), split_lines(fixed), strict=False)
        )
        due += 1
        if args.check:
            print(
                safe_text(
                    f"{path}: {changed} line(s) hold mojibake; "
                    f"`{PROG} fix-encoding {path}` repairs them"
                )
            )
            continue
        if sha256_of_file(path) != before.sha256:
            raise CliError(f"{path}: changed on disk since it was read; nothing written, try again")
        write_atomic(path, before.with_text(fixed).to_bytes())
        print(safe_text(f"{path}: repaired mojibake on {changed} line(s)"))
    if unreadable:
        return 2
    return 1 if args.check and due else 0
