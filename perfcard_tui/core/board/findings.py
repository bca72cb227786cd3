"""A finding as plain data: the one shape ``check --format json``, ``show --json`` and the cache
share, so a finding read back from the cache prints exactly as one just found."""

from __future__ import annotations

from typing import Any

from ..validate import Finding, Severity

FINDING_KEYS = (
    "severity",
    "code",
    "section",
    "section_key",
    "field",
    "field_path",
    "line",
    "message",
)
_TEXT_KEYS = frozenset(FINDING_KEYS) - {"field", "line"}
_SEVERITIES = frozenset(s.value for s in Severity)


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "severity": f.severity.value,
        "code": f.code,
        "section": f.section,
        "section_key": f.section_key,
        "field": f.field,
        "field_path": f.field_path,
        "line": f.line,
        "message": f.message,
    }


def finding_dict_ok(data: object) -> bool:
    """Whether ``data`` (from the cache) has the shape ``finding_dict`` gives, keys in order."""
    if not isinstance(data, dict) or tuple(data) != FINDING_KEYS:
        return False
    return (
        all(isinstance(data[k], str) for k in _TEXT_KEYS)
        and type(data["line"]) is int
        and (data["field"] is None or isinstance(data["field"], str))
        and data["severity"] in _SEVERITIES
    )
