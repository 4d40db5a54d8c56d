"""The JSON Schema of the validation report (``liveflow-graph validate --format json`` and
:meth:`Report.to_dict <liveflow_graph.validation.report.Report.to_dict>`), schema version 1,
generated from the types of :mod:`~liveflow_graph.validation.documents` by pydantic.

Consumers may rely on every key :data:`REPORT_JSON_SCHEMA` requires; later versions may add
keys without bumping ``schema_version`` (that schema lets objects have other keys) and bump
it for anything incompatible.  :data:`EXACT_REPORT_JSON_SCHEMA` closes every object: exactly
the keys this release writes (the tests hold real reports to it).  The published copy is
``docs/schemas/report.schema.json`` (``make docs``; a test keeps it current).
"""

from __future__ import annotations

from typing import Any

from liveflow_graph._jsonschema import generate, opened
from liveflow_graph.validation.documents import ReportDict

__all__ = ["EXACT_REPORT_JSON_SCHEMA", "REPORT_JSON_SCHEMA"]

EXACT_REPORT_JSON_SCHEMA: dict[str, Any] = generate(ReportDict, "liveflow-graph validation report")
"""JSON Schema of the report, every object closed (``additionalProperties: false``)."""

REPORT_JSON_SCHEMA: dict[str, Any] = opened(EXACT_REPORT_JSON_SCHEMA)
"""JSON Schema (draft 2020-12) of the report."""
