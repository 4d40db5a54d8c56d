"""The Report object: iteration, counts, filters, JSON form, Jupyter table, exit codes."""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from liveflow_graph.model.parsing import load
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from liveflow_graph.validation.engine import validate
from liveflow_graph.validation.report import Report, VersionResult
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "support-triage.json"

# The JSON document the issue specifies (extra keys allowed where we add context).
REPORT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["results", "summary"],
    "additionalProperties": False,
    "properties": {
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["flow_id", "version_id", "diagnostics"],
                "properties": {
                    "flow_id": {"type": ["string", "null"]},
                    "version_id": {"type": "string"},
                    "diagnostics": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": [
                                "code",
                                "rule",
                                "severity",
                                "message",
                                "path",
                                "step_ids",
                                "transition_ids",
                                "flow_id",
                                "version_id",
                            ],
                            "properties": {
                                "code": {"type": "string", "pattern": "^LF[0-9]{3}$"},
                                "rule": {"type": "string"},
                                "severity": {"enum": ["error", "warning", "info"]},
                                "message": {"type": "string"},
                                "path": {"type": "string", "pattern": r"^\$"},
                                "step_ids": {"type": "array", "items": {"type": "string"}},
                                "transition_ids": {"type": "array", "items": {"type": "string"}},
                                "flow_id": {"type": ["string", "null"]},
                                "version_id": {"type": ["string", "null"]},
                                "extra": {"type": "object", "minProperties": 1},
                            },
                        },
                    },
                },
            },
        },
        "summary": {
            "type": "object",
            "required": ["versions", "diagnostics", "error", "warning", "info"],
        },
    },
}


def _report() -> Report:
    return validate(load(EXAMPLE), all_versions=True)


def test_iterable_with_counts() -> None:
    report = _report()
    assert len(report) == len(list(report)) == 4
    assert report.counts == {Severity.ERROR: 2, Severity.WARNING: 2, Severity.INFO: 0}
    assert report.diagnostics == tuple(report)
    assert repr(report) == "<Report versions=3 error=2, warning=2, info=0>"


def test_filters() -> None:
    report = _report()
    assert [d.code for d in report.filter(severity="error")] == ["LF104", "LF302"]
    assert len(report.filter(min_severity=Severity.WARNING)) == 4
    assert [d.code for d in report.filter(rules=["LF3"])] == ["LF302"]
    step = "5e000000-0000-4000-8000-000000000001"
    assert [d.code for d in report.filter(step_id=step)] == ["LF204", "LF204"]
    only_current = report.filter(version_id="ae000000-0000-4000-8000-000000000003")
    assert len(only_current.results) == 1
    assert len(only_current) == 3
    assert len(report.filter(lambda d: "legacy" in d.message)) == 1
    assert len(report.filter(flow_id="other").results) == 0


def test_exit_code_follows_fail_on() -> None:
    report = _report()
    assert report.exit_code() == 1
    warnings = report.filter(severity="warning")
    assert warnings.exit_code() == 0
    assert warnings.exit_code("warning") == 1
    assert Report().exit_code("info") == 0


def test_to_dict_matches_the_schema() -> None:
    data = _report().to_dict()
    jsonschema.validate(data, REPORT_SCHEMA)
    assert data["summary"] == {
        "flows": 1,
        "versions": 3,
        "diagnostics": 4,
        "error": 2,
        "warning": 2,
        "info": 0,
    }
    assert json.loads(_report().to_json()) == data


def test_reports_add_up() -> None:
    report = _report() + _report()
    assert len(report.results) == 6
    assert len(report) == 8


def test_html_table_escapes_user_text() -> None:
    diagnostic = Diagnostic(
        code="LF104",
        rule="unreachable-step",
        severity=Severity.ERROR,
        message="'<script>alert(1)</script>' & co",
        path="$.steps[0]",
        version_id="v<1>",
    )
    report = Report([VersionResult("f", "v<1>", (diagnostic,), flow_name='"Evil" <b>')])
    html = report._repr_html_()
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;Evil&quot; &lt;b&gt;" in html
    assert html.count("<tr>") == 2
    assert Report()._repr_html_() == (
        "<p><strong>0 finding(s)</strong> (0 error, 0 warning, 0 info) in 0 flow version(s)</p>"
    )


def test_reports_are_deterministic() -> None:
    assert _report().to_json() == _report().to_json()
    assert _report().to_text() == _report().to_text()


def test_a_diagnostic_has_one_json_form_in_reports_and_diffs() -> None:
    """The report lists each diagnostic as Diagnostic.to_dict(), the form diffs use, with
    its flow id and its extra data."""
    report = _report()
    listed = [d for result in report.to_dict()["results"] for d in result["diagnostics"]]
    assert listed == [d.to_dict() for d in report]
    upstream = next(d for d in listed if d["code"] == "LF302")
    assert upstream["flow_id"] == "f1000000-0000-4000-8000-000000000001"
    assert upstream["extra"] == {"reference": "${send_reply.result}", "name": "send_reply"}
