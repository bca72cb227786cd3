"""gitban's ``.gitban/validation_config.json``: how strictly each of its rules holds.

gitban writes it as ``{"default_mode": …, "rules": {"checkbox_completion": {"enabled": …,
"mode": …, "per_type": {"docs": …}}, "prerequisites": {…}}}``. A mode is ``strict`` (a finding
is an error), ``advisory`` (a warning) or ``none`` (the rule is off). The nearest file above the
card counts. A file that is missing, unreadable or not that shape is never an error here (the
card is what is being checked, not gitban's settings): what cannot be read falls back to
:data:`DEFAULT_MODE`, key by key.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path

CONFIG = Path(".gitban") / "validation_config.json"
CHECKBOX_COMPLETION = "checkbox_completion"
PREREQUISITES = "prerequisites"


class Mode(StrEnum):
    STRICT = "strict"
    ADVISORY = "advisory"
    NONE = "none"


DEFAULT_MODE = Mode.ADVISORY
"""A repository that never wrote the file still hears about a done card with open boxes, but its
``check`` does not start failing in CI over a rule nobody there chose to enforce."""


@dataclass(frozen=True)
class ValidationConfig:
    source: str = ""
    """The file read, or "" for the defaults."""
    default_mode: Mode = DEFAULT_MODE
    modes: dict[str, Mode] = field(default_factory=dict)
    per_type: dict[str, dict[str, Mode]] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        """The modes as one canonical string: findings depend on it, so a cache of findings
        keys on it (the file's path and mtime would miss a copy with the same modes)."""
        return json.dumps(
            [self.default_mode, self.modes, self.per_type], sort_keys=True, separators=(",", ":")
        )

    def mode(self, rule: str, card_type: str = "") -> Mode:
        """The rule's mode for a card of ``card_type``: its per-type mode, else its own mode,
        else the file's default mode."""
        by_type = self.per_type.get(rule, {})
        if card_type in by_type:
            return by_type[card_type]
        return self.modes.get(rule, self.default_mode)


def _mode(value: object) -> Mode | None:
    try:
        return Mode(value.strip().lower()) if isinstance(value, str) else None
    except ValueError:
        return None


def parse_config(data: object, source: str = "") -> ValidationConfig:
    """The modes in gitban's JSON (already decoded); a key of the wrong shape is ignored."""
    if not isinstance(data, dict):
        return ValidationConfig(source=source)
    default = _mode(data.get("default_mode")) or DEFAULT_MODE
    modes: dict[str, Mode] = {}
    per_type: dict[str, dict[str, Mode]] = {}
    rules = data.get("rules")
    for rule, spec in rules.items() if isinstance(rules, dict) else ():
        if not isinstance(spec, dict):
            continue
        if spec.get("enabled") is False:
            modes[rule] = Mode.NONE
            continue  # a disabled rule is off for every type
        if own := _mode(spec.get("mode")):
            modes[rule] = own
        types = spec.get("per_type")
        if isinstance(types, dict):
            per_type[rule] = {
                str(t).lower(): m for t, v in types.items() if (m := _mode(v)) is not None
            }
    return ValidationConfig(source, default, modes, per_type)


@cache
def _config_at(path: str, mtime_ns: int, size: int) -> ValidationConfig:
    try:
        with open(path, encoding="utf-8") as f:
            return parse_config(json.load(f), path)
    except (OSError, ValueError):
        return ValidationConfig()


@lru_cache(maxsize=4096)
def _config_file(folder: str) -> str | None:
    """The nearest config file above ``folder``, looked up once per folder: ``check`` asks for
    every card, and a folder's answer changes only when someone adds or removes the file."""
    start = Path(folder).resolve()
    for candidate_dir in (start, *start.parents):
        candidate = candidate_dir / CONFIG
        if candidate.is_file():
            return str(candidate)
    return None


def config_for(card_path: str | os.PathLike[str]) -> ValidationConfig:
    """The validation config that governs a card (cached while the file's mtime and size stay)."""
    found = _config_file(os.path.dirname(os.path.abspath(card_path)))
    if found is None:
        return ValidationConfig()
    try:
        stat = os.stat(found)
    except OSError:  # removed since it was found
        _config_file.cache_clear()
        return ValidationConfig()
    return _config_at(found, stat.st_mtime_ns, stat.st_size)
