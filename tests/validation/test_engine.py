"""The engine: one primitive, deterministic order, crash isolation, every input kind."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from liveflow_graph.errors import ConfigError
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.parsing import load, parse_value
from liveflow_graph.validation.config import Config
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.engine import is_valid, iter_diagnostics, validate
from liveflow_graph.validation.rules import RULES, Context, Finding
from tests.conftest import DATA, EXAMPLES

EXAMPLE = EXAMPLES / "support-triage.json"
V3 = "ae000000-0000-4000-8000-000000000003"


def _codes(report: Any) -> list[str]:
    return [d.code for d in report]


def test_example_has_its_deliberate_findings() -> None:
    report = validate(load(EXAMPLE))
    found = [(d.rule, d.step_ids[0], d.path) for d in report]
    assert found == [
        (
            "unreachable-step",
            "5e000000-0000-4000-8000-000000000008",
            "$.current_version.steps[7]",
        ),
        (
            "multiple-downstream-steps",
            "5e000000-0000-4000-8000-000000000001",
            "$.current_version.steps[0]",
        ),
        (
            "reference-not-upstream",
            "5e000000-0000-4000-8000-000000000006",
            "$.current_version.steps[5].prompt_template.text",
        ),
    ]
    assert {d.flow_id for d in report} == {"f1000000-0000-4000-8000-000000000001"}
    assert {d.version_id for d in report} == {V3}


def test_all_versions_checks_every_version_sessions_ran_on() -> None:
    report = validate(load(EXAMPLE), all_versions=True)
    assert [(r.version_id[-1], r.is_current) for r in report.results] == [
        ("3", True),
        ("1", False),
        ("2", False),
    ]
    old = report.filter(version_id="ae000000-0000-4000-8000-000000000002")
    assert [d.path for d in old] == ["$.sessions[2].flow_version.steps[0]"]


def test_validate_accepts_every_kind_of_object() -> None:
    payload = load(EXAMPLE)
    flow = payload.flows[0]
    expected = _codes(validate(payload))
    assert _codes(validate(flow)) == expected
    assert _codes(validate(FlowGraph.of(flow))) == expected
    assert _codes(validate(payload.versions()[0])) == expected
    assert _codes(validate(flow.current_version)) == expected
    session = flow.sessions[4]  # ran on the current version
    assert _codes(validate(session)) == expected
    with pytest.raises(TypeError, match="not int"):
        validate(3)  # type: ignore[arg-type]  # a wrong type on purpose


def test_a_bare_version_has_version_paths() -> None:
    doc = json.loads(EXAMPLE.read_text())["current_version"]
    report = validate(parse_value(doc))
    assert next(d.path for d in report) == "$.steps[7]"
    assert report.results[0].flow_id == doc["flow_id"]
    assert report.results[0].is_current is None


def test_sessions_payloads_check_each_distinct_version() -> None:
    report = validate(load(DATA / "sessions_list.json"))
    ids = [r.version_id for r in report.results]
    assert len(ids) == len(set(ids)) >= 1


def test_is_valid_agrees_with_validate() -> None:
    payload = load(EXAMPLE)
    assert is_valid(payload) is False
    warnings_only = Config(ignore=("unreachable-step", "reference-not-upstream"))
    assert is_valid(payload, config=warnings_only)
    assert not is_valid(payload, config=warnings_only, fail_on="warning")
    for name in ("linear_flow", "merge_flow", "flows_list", "bare_version", "session"):
        doc = load(DATA / f"{name}.json")
        report = validate(doc)
        assert is_valid(doc) == (report.exit_code() == 0)
        assert is_valid(doc, fail_on=Severity.INFO) == (report.exit_code("info") == 0)


def test_order_is_by_code_then_path_with_numeric_indices() -> None:
    version = {
        "id": "v",
        "steps": [{"id": f"s{i}", "name": f"n{i}", "step_type": "LLM"} for i in range(12)],
        "step_transitions": [],
    }
    version["steps"][0]["step_type"] = "START"
    diags = list(iter_diagnostics(FlowGraph.of(parse_value(version).items[0])))  # type: ignore[arg-type]  # a FlowVersion
    codes = [d.code for d in diags]
    assert codes == sorted(codes)
    unreachable = [d.path for d in diags if d.rule == "unreachable-step"]
    assert unreachable == [f"$.steps[{i}]" for i in range(1, 12)]


def test_a_crashing_rule_becomes_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(ctx: Context) -> list[Finding]:
        raise KeyError("boom")

    patched = tuple(
        replace(rule, check=explode) if rule.name == "cycle" else rule for rule in RULES
    )
    monkeypatch.setattr("liveflow_graph.validation.config.RULES", patched)
    report = validate(load(EXAMPLE), config=Config())
    internal = [d for d in report if d.code == "LF000"]
    assert len(internal) == 1
    assert internal[0].rule == "internal-error"
    assert internal[0].severity is Severity.ERROR
    assert internal[0].message == (
        "rule cycle (LF202) crashed: KeyError: 'boom'; its findings may be missing"
    )
    assert internal[0].path == "$.current_version"
    # the other rules still ran
    assert "LF104" in _codes(report)
    assert "LF302" in _codes(report)
    # ignoring LF000 silences it; selecting other rules does not
    assert "LF000" not in _codes(validate(load(EXAMPLE), config=Config(ignore=("LF000",))))
    assert "LF000" in _codes(validate(load(EXAMPLE), config=Config(select=("LF2",))))


def test_severity_override_and_selection_apply() -> None:
    config = Config(select=("LF1", "LF2"), severity=(("multiple-downstream-steps", "error"),))
    report = validate(load(EXAMPLE), config=config)
    assert [(d.code, d.severity) for d in report] == [
        ("LF104", Severity.ERROR),
        ("LF204", Severity.ERROR),
    ]


def test_extra_step_types_silence_unknown_step_type() -> None:
    path = DATA / "rules" / "unknown-step-type" / "invalid.json"
    assert [d.step_ids for d in validate(load(path)) if d.code == "LF401"] == [("s2",), ("s3",)]
    config = Config(extra_step_types=("WEBHOOK",))
    assert [d.step_ids for d in validate(load(path), config=config) if d.code == "LF401"] == [
        ("s3",)
    ]


def test_session_paths_are_found_without_a_version_ref() -> None:
    path = DATA / "rules" / "session-step-unknown" / "invalid.json"
    flow = load(path).flows[0]
    graph = FlowGraph.of(flow)
    found = [d.path for d in iter_diagnostics(graph) if d.code == "LF502"]
    assert found == ["$.sessions[0].current_step.step.id", "$.sessions[0].steps[1].step.id"]


def test_session_paths_given_as_text_are_used() -> None:
    path = DATA / "rules" / "session-step-unknown" / "invalid.json"
    graph = FlowGraph.of(load(path).flows[0])
    found = [
        d.path for d in iter_diagnostics(graph, session_paths=["$.runs[7]"]) if d.code == "LF502"
    ]
    assert found == ["$.runs[7].current_step.step.id", "$.runs[7].steps[1].step.id"]
    with pytest.raises(ConfigError, match="is not a JSON path"):
        list(iter_diagnostics(graph, session_paths=["runs[7]"]))
