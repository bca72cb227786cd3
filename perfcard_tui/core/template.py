"""The template is the schema: sections and field specs come from parsing the template markdown.

``**Label**: [A / B / C]`` is a choice, ``[A / B / etc.]`` free text with suggestions, any other
``[...]`` a placeholder; checklist items, fences and tables are their own kinds. A heading with a
placeholder in it (``### Option 1: [Name]``) stands for any heading of that shape.

Which template a card uses is gitban's business (``gitban/template_choice.py``): its lock file,
front matter or file name names one in the nearest ``.gitban/templates/``; a perf card, or a card
that names no type, gets the team's ``perf.md`` or else the built-in one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path

from .gitban.template_choice import choose, forget_templates
from .model import Card, FieldKind
from .names import normalise
from .parse import PREAMBLE_KEY, TITLE_KEY, parse_card
from .store import read_card, split_lines

TEAM_TEMPLATE = Path(".gitban") / "templates" / "perf.md"
_BRACKETED = re.compile(r"^\[([^\[\]]+)\]$")
_FORMAT_HINT = re.compile(r"\b[XYZ]\b")
# Sections from here on are free-form: never validated, never reported missing.
_FREEFORM_FROM = "additional notes"
_OPTIONAL = re.compile(r"\(\s*optional\s*\)", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\[[^\[\]]*\](?!\()")


def starts_freeform(title: str, level: int) -> bool:
    """A top-level ``Additional Notes`` heading: it and everything after it is free-form."""
    return level <= 2 and normalise(title).startswith(_FREEFORM_FROM)


def is_optional(text: str) -> bool:
    """gitban marks what a card may leave out with ``(optional)``: a heading (and all under it),
    a checklist item, a table column."""
    return _OPTIONAL.search(text) is not None


def _heading_pattern(title: str) -> re.Pattern[str] | None:
    """``Option 1: [Name]`` → a pattern that the normalised ``Option 1: SQLite`` matches; None for
    a heading without a placeholder, or with nothing but placeholders (it would match anything)."""
    parts = _PLACEHOLDER.split(title)
    if len(parts) == 1:
        return None
    literal = [normalise(p) for p in parts]
    if not any(literal):
        return None
    return re.compile("^" + r"\s*(.+?)\s*".join(re.escape(p) for p in literal) + "$")


@dataclass(frozen=True, kw_only=True)
class FieldSpec:
    """What the template says about one field."""

    label: str
    parent: str = ""
    kind: FieldKind
    placeholder: str
    options: tuple[str, ...] = ()
    choice: bool = False
    """True: the value must be one of ``options``; False: options are suggestions."""
    required: bool = False


@dataclass(frozen=True, kw_only=True)
class TemplateSection:
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
    def pattern(self) -> re.Pattern[str] | None:
        return _heading_pattern(self.title)

    @cached_property
    def specs_by_label(self) -> dict[str, tuple[FieldSpec, ...]]:
        index: dict[str, tuple[FieldSpec, ...]] = {}
        for spec in self.fields:
            key = normalise(spec.label)
            index[key] = (*index.get(key, ()), spec)
        return index


@dataclass(frozen=True, kw_only=True)
class Template:
    source: str
    """Where it came from: a path, or ``built-in``."""
    text: str
    card: Card
    sections: tuple[TemplateSection, ...]
    missing: str = ""
    """Set when the card's type has no template file: the file that was looked for, which
    ``validate`` names in an info. Inside a gitban repository this template has no sections (only
    the rules every card has run); outside one it is the built-in perf template (see
    ``template_for``)."""

    @cached_property
    def _patterned(self) -> tuple[TemplateSection, ...]:
        return tuple(s for s in self.sections if s.pattern is not None)

    def by_key(self, key: str) -> TemplateSection | None:
        return next((s for s in self.sections if s.key == key), None)

    def match(self, title: str, parent_key: str | None = None) -> TemplateSection | None:
        """The template section a card heading stands for (same parent preferred)."""
        norm = normalise(title)
        candidates = [s for s in self.sections if s.norm == norm] or [
            s for s in self._patterned if s.pattern is not None and s.pattern.match(norm)
        ]
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


_GROUP = re.compile(r"\[[^\[\]]*\](?!\()")
_BETWEEN_GROUPS = re.compile(r"[\s\-:–—,.;/]")


@lru_cache(maxsize=8192)  # the same template text is asked about in card after card
def is_placeholder(value: str) -> bool:
    """Template text left as it was: the value is made only of ``[...]`` groups (not links) and
    the punctuation between them, e.g. ``[Card ID] - [Related performance work]``."""
    if "[" not in value or not value.strip():
        return False
    stripped = _GROUP.sub("", value.replace("`", ""))
    return not _BETWEEN_GROUPS.sub("", stripped)


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
    optional_keys: set[str] = set()
    validated = True
    for order, section in enumerate(card.sections):
        if section.key in (PREAMBLE_KEY, TITLE_KEY):
            continue
        norm = normalise(section.title)
        if starts_freeform(section.title, section.level):
            validated = False
        # an "(optional)" heading makes everything under it optional too
        optional = (
            not validated or is_optional(section.title) or section.parent_key in optional_keys
        )
        if optional:
            optional_keys.add(section.key)
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
                optional=optional,
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


@cache
def missing_template(name: str, looked_in: tuple[Path, ...]) -> Template:
    """The template of a card whose type ``name`` has no template file (``Template.missing``):
    with a gitban templates folder above the card, an empty one; with none, the built-in perf
    template, as every card had before gitban's names were read."""
    if not looked_in:
        where = f"{Path('.gitban') / 'templates' / name}.md above the card"
        return replace(builtin_template(), missing=where)
    where = " or ".join(str(folder / f"{name}.md") for folder in looked_in)
    return Template(
        source=f"no template ({where})", text="", card=parse_card(""), sections=(), missing=where
    )


def template_for(
    card_path: str | os.PathLike[str] | None,
    override: str | os.PathLike[str] | None = None,
    *,
    text: str | None = None,
) -> Template:
    """``--template`` if given, else the one the card's lock file, front matter or gitban file name
    names (``gitban/template_choice``), else the team's ``perf.md``, else the built-in one.
    ``text``, the card's text when the caller has read it, saves reading its head again."""
    if override:
        return template_from(override)
    if card_path is None:
        return builtin_template()
    choice = choose(card_path, text)
    if choice.path is not None:
        try:
            return template_from(choice.path)
        except FileNotFoundError:  # found earlier and gone since: look again
            forget_templates()
            choice = choose(card_path, text)
            if choice.path is not None:
                return template_from(choice.path)
    if choice.wants_perf:
        return builtin_template()
    return missing_template(choice.name, choice.looked_in)
