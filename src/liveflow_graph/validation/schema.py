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

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from liveflow_graph._jsonschema import generate, opened
from liveflow_graph.validation.documents import ReportDict

__all__ = ["EXACT_REPORT_JSON_SCHEMA", "REPORT_JSON_SCHEMA", "main", "schema_text"]

EXACT_REPORT_JSON_SCHEMA: dict[str, Any] = generate(ReportDict, "liveflow-graph validation report")
"""JSON Schema of the report, every object closed (``additionalProperties: false``)."""

REPORT_JSON_SCHEMA: dict[str, Any] = opened(EXACT_REPORT_JSON_SCHEMA)
"""JSON Schema (draft 2020-12) of the report."""


def schema_text() -> str:
    """:data:`REPORT_JSON_SCHEMA` as the text of the published file (indented JSON)."""
    return orjson.dumps(REPORT_JSON_SCHEMA, option=orjson.OPT_INDENT_2).decode() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m liveflow_graph.validation.schema FILE`` writes the schema to ``FILE``
    (``make docs``); with ``--check``, exits 1 when ``FILE`` is not current instead."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    [target] = [a for a in args if a != "--check"] or ["docs/schemas/report.schema.json"]
    path = Path(target)
    text = schema_text()
    if check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        return 0 if current == text else 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
