"""The JSON Schema of :meth:`VersionDiff.to_dict <liveflow_graph.diffs.VersionDiff.to_dict>`
(and of ``liveflow-graph diff --format json``), schema version 1.

Consumers may rely on every key listed here; later versions may add keys without bumping
``schema_version``, and bump it for anything incompatible.
"""

from __future__ import annotations

from typing import Any

__all__ = ["JSON_SCHEMA", "MULTI_JSON_SCHEMA"]

_STR_OR_NULL: dict[str, Any] = {"type": ["string", "null"]}
_COUNT: dict[str, Any] = {"type": "integer", "minimum": 0}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


def _list(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


_SIDE = _object(
    {
        "version_id": {"type": "string"},
        "flow_id": _STR_OR_NULL,
        "flow_name": _STR_OR_NULL,
        "steps": _COUNT,
        "transitions": _COUNT,
        "sessions": _COUNT,
    }
)
_STEP = _object(
    {"id": {"type": "string"}, "name": {"type": "string"}, "step_type": {"type": "string"}}
)
_TRANSITION = _object(
    {
        "id": {"type": "string"},
        "source_step_id": {"type": "string"},
        "target_step_id": {"type": "string"},
        "label": _STR_OR_NULL,
        "source_name": _STR_OR_NULL,
        "target_name": _STR_OR_NULL,
    }
)
_TEXT_DIFF = _object(
    {
        "path": {"type": "string"},
        "old": _STR_OR_NULL,
        "new": _STR_OR_NULL,
        "unified": _list({"type": "string"}),
    }
)
_FIELD = _object(
    {"field": {"type": "string"}, "old": {}, "new": {}, "text_diffs": _list(_TEXT_DIFF)}
)
_STEP_CHANGE = _object(
    {"old": _STEP, "new": _STEP, "renamed": {"type": "boolean"}, "changes": _list(_FIELD)}
)
_TRANSITION_CHANGE = _object(
    {
        "old": _TRANSITION,
        "new": _TRANSITION,
        "moved": {"type": "boolean"},
        "changes": _list(_FIELD),
    }
)
_DIAGNOSTIC = _object(
    {
        "code": {"type": "string"},
        "rule": {"type": "string"},
        "severity": {"enum": ["error", "warning", "info"]},
        "message": {"type": "string"},
        "path": {"type": "string"},
        "step_ids": _list({"type": "string"}),
        "transition_ids": _list({"type": "string"}),
        "flow_id": _STR_OR_NULL,
        "version_id": _STR_OR_NULL,
    }
)
_COUNTS = _object(
    dict.fromkeys(
        (
            "steps_added",
            "steps_removed",
            "steps_changed",
            "steps_renamed",
            "steps_unchanged",
            "transitions_added",
            "transitions_removed",
            "transitions_changed",
            "transitions_moved",
            "transitions_unchanged",
            "diagnostics_appeared",
            "diagnostics_disappeared",
        ),
        _COUNT,
    )
)

JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "liveflow-graph version diff",
    **_object(
        {
            "schema_version": {"const": 1},
            "old": _SIDE,
            "new": _SIDE,
            "summary": {"type": "string"},
            "is_empty": {"type": "boolean"},
            "transition_matching": {"enum": ["id", "source_label"]},
            "rename_map": {"type": "object", "additionalProperties": {"type": "string"}},
            "counts": _COUNTS,
            "steps": _object(
                {
                    "added": _list(_STEP),
                    "removed": _list(_STEP),
                    "changed": _list(_STEP_CHANGE),
                }
            ),
            "transitions": _object(
                {
                    "added": _list(_TRANSITION),
                    "removed": _list(_TRANSITION),
                    "changed": _list(_TRANSITION_CHANGE),
                    "moved": _list(_TRANSITION_CHANGE),
                }
            ),
            "start": {
                "oneOf": [
                    {"type": "null"},
                    _object({"old": _list(_STEP), "new": _list(_STEP)}),
                ]
            },
            "validity": _object(
                {
                    "checked": {"type": "boolean"},
                    "appeared": _list(_DIAGNOSTIC),
                    "disappeared": _list(_DIAGNOSTIC),
                }
            ),
        }
    ),
}
"""JSON Schema (draft 2020-12) of one diff."""

MULTI_JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "liveflow-graph diffs of every version against the current one",
    **_object(
        {
            "schema_version": {"const": 1},
            "diffs": _list({k: v for k, v in JSON_SCHEMA.items() if k != "$schema"}),
            "notes": _list({"type": "string"}),
        }
    ),
}
"""JSON Schema of ``liveflow-graph diff FILE --format json`` (every older version against
the current one)."""
