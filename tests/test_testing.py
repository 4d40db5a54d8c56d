"""The public hypothesis strategies of ``liveflow_graph.testing`` give what their docstrings
promise.  A few examples each: this is the module's own unit test, in the fast tier (the
property tests that draw from these strategies at length are marked slow)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings

from liveflow_graph import FlowGraph, FlowVersion, LiveFlow, PayloadKind, Session, load
from liveflow_graph.testing import (
    flow_version_documents,
    flow_versions,
    json_values,
    live_flow_documents,
    live_flows,
    payloads,
    session_documents,
    sessions,
)
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.engine import validate

FEW = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_version(version: FlowVersion) -> None:
    """One START step first, every step reachable, no cycle, unique ids and names, and no
    rule reports an error."""
    assert version.steps[0].step_type == "START"
    assert all(step.step_type in ("LLM", "USER_INPUT") for step in version.steps[1:])
    for values in ([s.id for s in version.steps], [s.name for s in version.steps]):
        assert len(set(values)) == len(values)
    graph = FlowGraph(version)
    assert graph.unreachable == ()
    assert graph.dangling == ()
    assert graph.cyclic_components == ()
    report = validate(load(version.to_dict()))
    assert [d for d in report.diagnostics if d.severity is Severity.ERROR] == []


@FEW
@given(flow_version_documents(min_steps=2, max_steps=6, flow_id="f"))
def test_flow_version_documents(document: dict[str, Any]) -> None:
    assert 2 <= len(document["steps"]) <= 6
    assert document["flow_id"] == "f"
    _check_version(FlowVersion.model_validate(document))


@FEW
@given(flow_versions(max_steps=4))
def test_flow_versions(version: FlowVersion) -> None:
    assert isinstance(version, FlowVersion)
    assert 1 <= len(version.steps) <= 4
    _check_version(version)


def _check_session(session: Session) -> None:
    """Its steps follow a path from START through its version."""
    assert session.flow_version is not None
    path = [step.step.id for step in session.steps if step.step is not None]
    assert len(path) == len(session.steps) == session.steps_count
    if path:
        assert path[0] == session.flow_version.steps[0].id
    edges = {(t.source_step_id, t.target_step_id) for t in session.flow_version.step_transitions}
    assert all(pair in edges for pair in pairwise(path))


@FEW
@given(session_documents())
def test_session_documents(document: dict[str, Any]) -> None:
    _check_session(Session.model_validate(document))


@FEW
@given(sessions())
def test_sessions(session: Session) -> None:
    assert isinstance(session, Session)
    _check_session(session)


def _check_flow(flow: LiveFlow, *, max_versions: int, max_sessions: int) -> None:
    """Sessions ran on the current version or an older version of the same flow."""
    versions = {flow.current_version.id} | {
        s.flow_version.id for s in flow.sessions if s.flow_version is not None
    }
    assert len(versions) <= max_versions
    assert len(flow.sessions) <= max_sessions
    for session in flow.sessions:
        assert session.flow_version is not None
        assert session.flow_version.flow_id == flow.id
        _check_session(session)
    _check_version(flow.current_version)


@FEW
@given(live_flow_documents(max_steps=4, max_versions=2, max_sessions=2))
def test_live_flow_documents(document: dict[str, Any]) -> None:
    _check_flow(LiveFlow.model_validate(document), max_versions=2, max_sessions=2)


@FEW
@given(live_flows(max_steps=4))
def test_live_flows(flow: LiveFlow) -> None:
    assert isinstance(flow, LiveFlow)
    _check_flow(flow, max_versions=3, max_sessions=4)


@FEW
@given(payloads())
def test_payloads_are_documents_the_api_returns(document: Any) -> None:
    payload = load(document)
    assert payload.kind in set(PayloadKind)
    assert (payload.kind.value.endswith("s")) == isinstance(document, list)


@FEW
@given(json_values(max_leaves=10))
def test_json_values_are_json(value: Any) -> None:
    assert orjson.loads(orjson.dumps(value)) == value
