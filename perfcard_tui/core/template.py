"""The template is the schema: sections and field specs come from parsing the template markdown.

``**Label**: [A / B / C]`` is a choice, ``[A / B / etc.]`` free text with suggestions, any other
``[...]`` a placeholder; checklist items, fences and tables are their own kinds. A team's own
``.gitban/templates/perf.md`` (found upward from the card) wins over the built-in one.
"""

from __future__ import annotations

import os
import re
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from .model import Card, FieldKind, Frozen
from .names import normalise
from .parse import PREAMBLE_KEY, TITLE_KEY, parse_card
from .store import read_card, split_lines

TEAM_TEMPLATE = Path(".gitban") / "templates" / "perf.md"
_BRACKETED = re.compile(r"^\[([^\[\]]+)\]$")
_FORMAT_HINT = re.compile(r"\b[XYZ]\b")
# Sections from here on are free-form: never validated, never reported missing.
_FREEFORM_FROM = "additional notes"


class FieldSpec(Frozen):
    """What the template says about one field."""

    label: str
    parent: str = ""
    kind: FieldKind
    placeholder: str
    options: tuple[str, ...] = ()
    choice: bool = False
    """True: the value must be one of ``options``; False: options are suggestions."""
    required: bool = False


class TemplateSection(Frozen):
    key: str
    title: str
    norm: str
    level: int
    parent_key: str
    order: int
    fields: tuple[FieldSpec, ...] = ()
    validated: bool = True
    optional: bool = False

    @cached_property
    def specs_by_label(self) -> dict[str, tuple[FieldSpec, ...]]:
        index: dict[str, tuple[FieldSpec, ...]] = {}
        for spec in self.fields:
            key = normalise(spec.label)
            index[key] = (*index.get(key, ()), spec)
        return index


class Template(Frozen):
    source: str
    """Where it came from: a path, or ``built-in``."""
    text: str
    card: Card
    sections: tuple[TemplateSection, ...]

    def by_key(self, key: str) -> TemplateSection | None:
        return next((s for s in self.sections if s.key == key), None)

    def match(self, title: str, parent_key: str | None = None) -> TemplateSection | None:
        """The template section a card heading stands for (same parent preferred)."""
        norm = normalise(title)
        candidates = [s for s in self.sections if s.norm == norm]
        if not candidates:
            return None
        for candidate in candidates:
            if parent_key is not None and candidate.parent_key == parent_key:
                return candidate
        return candidates[0]

    def spec(self, section: TemplateSection, label: str, parent: str = "") -> FieldSpec | None:
        """The spec of a card field: same label, the same parent preferred."""
        same_label = section.specs_by_label.get(normalise(label), ())
        parent_norm = normalise(parent)
        for spec in same_label:
            if normalise(spec.parent) == parent_norm:
                return spec
        return same_label[0] if same_label else None


def match_sections(card: Card, template: Template) -> dict[str, TemplateSection]:
    """Card section key → the template section it stands for (unknown sections are left out)."""
    matched: dict[str, TemplateSection] = {}
    for section in card.sections:
        if section.key in (PREAMBLE_KEY, TITLE_KEY):
            continue
        parent = matched.get(section.parent_key)
        found = template.match(section.title, parent.key if parent else "")
        if found is not None:
            matched[section.key] = found
    return matched


def is_placeholder(value: str) -> bool:
    """Template text left as it was: the value is made only of ``[...]`` groups (not links) and
    the punctuation between them, e.g. ``[Card ID] - [Related performance work]``."""
    stripped = re.sub(r"\[[^\[\]]*\](?!\()", "", value.replace("`", ""))
    return bool(value.strip()) and "[" in value and not re.sub(r"[\s\-:–—,.;/]", "", stripped)


def real_text(value: str) -> str:
    """The value without surrounding space, or "" while it is empty or still a placeholder:
    what the rules, the badges and the summary all count as filled in."""
    value = value.strip()
    return "" if not value or is_placeholder(value) else value


def _spec_from_placeholder(label: str, parent: str, kind: FieldKind, value: str) -> FieldSpec:
    options: tuple[str, ...] = ()
    choice = False
    bracketed = _BRACKETED.match(value.strip())
    if kind is FieldKind.TEXT and bracketed:
        parts = [p.strip() for p in bracketed.group(1).split(" / ")]
        if len(parts) >= 2:
            suggestive = parts[-1].lower().startswith("etc")
            options = tuple(p for p in parts if not p.lower().startswith("etc"))
            if any(_FORMAT_HINT.search(p) for p in options):
                options = tuple(p for p in options if not _FORMAT_HINT.search(p))
                suggestive = True
            choice = not suggestive and len(options) >= 2
    return FieldSpec(
        label=label,
        parent=parent,
        kind=kind,
        placeholder=value,
        options=options,
        choice=choice,
        required="REQUIRED" in value,
    )


def build_template(text: str, source: str) -> Template:
    card = parse_card(text)
    sections: list[TemplateSection] = []
    validated = True
    for order, section in enumerate(card.sections):
        if section.key in (PREAMBLE_KEY, TITLE_KEY):
            continue
        norm = normalise(section.title)
        if section.level <= 2 and norm.startswith(_FREEFORM_FROM):
            validated = False
        fields = tuple(
            _spec_from_placeholder(f.label, f.parent, f.kind, f.value)
            for f in section.fields
            if f.kind is not FieldKind.CELL
        )
        sections.append(
            TemplateSection(
                key=section.key,
                title=section.title,
                norm=norm,
                level=section.level,
                parent_key=section.parent_key,
                order=order,
                fields=fields,
                validated=validated,
                optional=not validated or "(optional)" in section.title.lower(),
            )
        )
    return Template(source=source, text=text, card=card, sections=tuple(sections))


def new_card_text(template: Template, title: str) -> str:
    """A fresh card titled ``# title``, in the template's own newline style: a template's own H1
    (``# [Card Title]``) is replaced, otherwise the title goes on top."""
    newline = template.card.newline
    lines = split_lines(template.text)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if re.match(r" {0,3}#(?: |$)", line.rstrip("\r\n")):
            lines[i] = f"# {title}{line[len(line.rstrip(chr(13) + chr(10))) :]}"
            return "".join(lines)
        break
    body = template.text
    return f"# {title}{newline}" + (body if body.startswith(("\n", "\r")) else newline + body)


@cache
def builtin_template() -> Template:
    text = resources.files("perfcard_tui").joinpath("templates/perf.md").read_text("utf-8")
    return build_template(text, "built-in")


@cache
def _template_at(path: str, mtime_ns: int, size: int) -> Template:
    return build_template(read_card(path).text, path)


def template_from(path: str | os.PathLike[str]) -> Template:
    """Load a template file (cached while its mtime and size stay the same)."""
    stat = os.stat(path)
    return _template_at(str(path), stat.st_mtime_ns, stat.st_size)


def find_team_template(card_path: str | os.PathLike[str]) -> Path | None:
    """The nearest ``.gitban/templates/perf.md`` walking up from the card's folder."""
    folder = Path(card_path).resolve().parent
    for candidate_dir in (folder, *folder.parents):
        candidate = candidate_dir / TEAM_TEMPLATE
        if candidate.is_file():
            return candidate
    return None


def template_for(
    card_path: str | os.PathLike[str] | None, override: str | os.PathLike[str] | None = None
) -> Template:
    """``--template`` if given, else the team's template above the card, else the built-in one."""
    if override:
        return template_from(override)
    if card_path is not None and (team := find_team_template(card_path)):
        return template_from(team)
    return builtin_template()
