"""The JSON Schema of :meth:`VersionDiff.to_dict <liveflow_graph.diffs.VersionDiff.to_dict>`
(and of ``liveflow-graph diff --format json``), schema version 1, generated from the types
of :mod:`~liveflow_graph.diffs.documents` by pydantic (``TypeAdapter(...).json_schema()``).

Consumers may rely on every key :data:`JSON_SCHEMA` requires; later versions may add keys
without bumping ``schema_version``, and bump it for anything incompatible, so that schema
lets an object have other keys.  :data:`EXACT_JSON_SCHEMA` is the same schema with
``additionalProperties: false`` on every object: exactly the keys this release writes (the
tests hold real documents to it, so a key added to ``to_dict()`` and not to its type fails).
"""

from __future__ import annotations

from typing import Any

from liveflow_graph._jsonschema import DRAFT, generate, opened
from liveflow_graph.diffs.documents import MultiDiffDict, VersionDiffDict

__all__ = [
    "DRAFT",
    "EXACT_JSON_SCHEMA",
    "EXACT_MULTI_JSON_SCHEMA",
    "JSON_SCHEMA",
    "MULTI_JSON_SCHEMA",
    "generate",
    "opened",
]

EXACT_JSON_SCHEMA: dict[str, Any] = generate(VersionDiffDict, "liveflow-graph version diff")
"""JSON Schema of one diff, every object closed (``additionalProperties: false``)."""

EXACT_MULTI_JSON_SCHEMA: dict[str, Any] = generate(
    MultiDiffDict, "liveflow-graph diffs of every version against the current one"
)
"""JSON Schema of ``liveflow-graph diff FILE --format json``, every object closed."""

JSON_SCHEMA: dict[str, Any] = opened(EXACT_JSON_SCHEMA)
"""JSON Schema (draft 2020-12) of one diff."""

MULTI_JSON_SCHEMA: dict[str, Any] = opened(EXACT_MULTI_JSON_SCHEMA)
"""JSON Schema of ``liveflow-graph diff FILE --format json`` (every older version against
the current one)."""
