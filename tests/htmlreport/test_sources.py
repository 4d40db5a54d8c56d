"""Which versions a report shows, how they are grouped and ordered, and their findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liveflow_graph import FlowGraph, load, loads, validate
from liveflow_graph.htmlreport.sources import collect_flows
from tests.htmlreport.odd_flows import hostile_flow, no_start_version

DATA = Path(__file__).parents[1] / "data"
EXAMPLE = Path(__file__).parents[2] / "examples" / "support-triage.json"


def test_versions_of_a_flow_are_oldest_first_and_the_current_is_marked() -> None:
    payload = load(EXAMPLE)
    (flow,) = collect_flows([payload])
    stamps = [v.created_at for v in flow.versions]
    assert stamps == sorted(s for s in stamps if s is not None)
    assert [v.is_current for v in flow.versions] == [False, False, True]
    assert flow.name == payload.flows[0].name


def test_the_same_version_in_two_files_is_shown_once() -> None:
    payload = load(EXAMPLE)
    flows = collect_flows([payload, load(EXAMPLE), load(DATA / "old_versions_flow.json")])
    assert [len(f.versions) for f in flows] == [3, 3]


def test_findings_come_from_the_report_when_given() -> None:
    payload = load(EXAMPLE)
    report = validate(payload)  # the current version only
    (flow,) = collect_flows([payload], report=report)
    for version in flow.versions:
        if version.is_current:
            assert version.findings == report.diagnostics
        else:
            assert version.findings is None


def test_findings_are_computed_without_a_report() -> None:
    payload = load(EXAMPLE)
    (flow,) = collect_flows([payload])
    full = validate(payload, all_versions=True)
    for version in flow.versions:
        assert version.findings == full.filter(version_id=version.graph.version_id).diagnostics


def test_any_flow_object_is_accepted() -> None:
    flow_doc = hostile_flow()
    payload = loads(json.dumps(flow_doc))
    live = payload.flows[0]
    session = live.sessions[0]
    bare = loads(json.dumps(no_start_version())).items[0]
    flows = collect_flows([live, session, FlowGraph.of(live), bare])
    assert [f.flow_id for f in flows] == ["flow-odd"]  # the bare version names flow-odd too
    assert {v.graph.version_id for v in flows[0].versions} == {"ver-new", "ver-old", "ver-bare"}
    with pytest.raises(TypeError):
        collect_flows(["not a flow"])  # type: ignore[list-item]
