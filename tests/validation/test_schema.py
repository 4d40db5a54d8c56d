"""The published JSON Schema of the report is generated, current, and real reports hold to
it (every object closed in the exact variant)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from liveflow_graph.validation.documents import ReportDict
from liveflow_graph.validation.schema import (
    EXACT_REPORT_JSON_SCHEMA,
    REPORT_JSON_SCHEMA,
    main,
    schema_text,
)
from tests.conftest import ROOT

PUBLISHED = ROOT / "docs" / "schemas" / "report.schema.json"


def test_the_published_schema_is_current() -> None:
    assert PUBLISHED.read_text(encoding="utf-8") == schema_text(), "run `make docs`"
    assert main([str(PUBLISHED), "--check"]) == 0


def test_check_reports_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "report.schema.json"
    stale.write_text("{}")
    assert main([str(stale), "--check"]) == 1
    assert main([str(stale)]) == 0
    assert json.loads(stale.read_text()) == REPORT_JSON_SCHEMA


def test_schemas_are_valid_draft_2020_12_and_require_every_key() -> None:
    for schema in (EXACT_REPORT_JSON_SCHEMA, REPORT_JSON_SCHEMA):
        jsonschema.Draft202012Validator.check_schema(schema)
    assert set(EXACT_REPORT_JSON_SCHEMA["required"]) == set(ReportDict.__required_keys__)
    assert EXACT_REPORT_JSON_SCHEMA["properties"]["schema_version"] == {
        "const": 1,
        "type": "integer",
    }


def test_a_report_with_an_added_key_fails_the_exact_schema_only() -> None:
    from liveflow_graph.validation.report import Report

    data = Report().to_dict()
    jsonschema.validate(data, EXACT_REPORT_JSON_SCHEMA)
    data["summary"]["surprise"] = 1  # type: ignore[typeddict-unknown-key]
    jsonschema.validate(data, REPORT_JSON_SCHEMA)
    with pytest.raises(jsonschema.ValidationError, match="surprise"):
        jsonschema.validate(data, EXACT_REPORT_JSON_SCHEMA)
