"""Session coverage: per version, what the sessions exercised, as text and JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from liveflow_graph import Coverage, coverage, load, parse_value
from liveflow_graph.diagrams.build import build_diagram
from liveflow_graph.diagrams.view import DiagramOptions
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.sessions.coverage import graph_coverage
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "support-triage.json"
V1, V2, V3 = (f"ae000000-0000-4000-8000-00000000000{i}" for i in (1, 2, 3))
STEP = "5e000000-0000-4000-8000-00000000000{}".format
MOVE = "7a000000-0000-4000-8000-00000000000{}".format


def test_the_example_per_version() -> None:
    report = coverage(load(EXAMPLE))
    assert [v.version_id for v in report] == [V3, V1, V2]
    current = report.version(V3)
    assert current.is_current
    assert len(current.sessions) == 2
    assert [s.step_id for s in current.unexercised_steps] == [STEP(8)]
    assert current.step_share == 7 / 8
    # start -> lookup_account is read from the fan-out; the two ways into draft_reply merge,
    # and the session does not say which one carried it
    assert [t.transition_id for t in current.unexercised_transitions] == [MOVE(8), MOVE(3)]
    assert current.transition_share == 5 / 7
    (unsure,) = current.undetermined
    assert unsure.session_id == "5a000000-0000-4000-8000-000000000005"
    assert "all ran before 'draft_reply'" in unsure.undetermined[0]
    old = report.version(V1)
    assert old.step_share == old.transition_share == 1.0
    stopped = {s.name: dict(s.stopped) for s in old.steps if s.stopped}
    assert stopped == {"write_reply": {"FAILED": 1}, "send_reply": {"FINISHED": 1}}
    assert [s.name for s in old.steps if s.failed] == ["write_reply"]
    with pytest.raises(KeyError):
        report.version("nope")


def test_text_and_json() -> None:
    report = coverage(load(EXAMPLE))
    text = report.to_text()
    assert text.startswith(
        f"flow 'Support ticket triage' (f1000000-0000-4000-8000-000000000001) · version {V3} "
        "(current)\n  steps: 7 of 8 exercised (88%) by 2 sessions\n  transitions: 5 of 7 "
        "exercised (71%)\n"
    )
    assert "  steps no session ran:\n    'legacy_escalation' (" in text
    assert "  where sessions failed:\n    'write_reply' (" in text
    assert "  where a session does not tell which transition it took:\n    session 5a" in text
    data = json.loads(report.to_json())
    assert data == report.to_dict()
    first = data["versions"][0]
    assert first["summary"] == {
        "sessions": 2,
        "steps": {"exercised": 7, "total": 8, "share": 0.875},
        "transitions": {"exercised": 5, "total": 7, "share": 5 / 7},
        "sessions_undetermined": 1,
    }
    assert first["unexercised_step_ids"] == [STEP(8)]
    assert data["unattributed_session_ids"] == []


def _doc(sessions: list[dict[str, Any]]) -> dict[str, Any]:
    version = {
        "id": "v",
        "steps": [
            {"id": "s", "name": "start", "step_type": "START"},
            {"id": "a", "name": "a", "step_type": "LLM"},
            {"id": "b", "name": "b", "step_type": "LLM"},
        ],
        "step_transitions": [
            {"id": "t1", "source_step_id": "s", "target_step_id": "a"},
            {"id": "t2", "source_step_id": "a", "target_step_id": "b"},
        ],
    }
    for session in sessions:
        session.setdefault("flow_version", version)
    return {"id": "f", "name": "flow", "current_version": version, "sessions": sessions}


def _ran(*ids: str) -> list[dict[str, Any]]:
    return [
        {"id": f"r{i}", "step": {"id": s, "name": s, "step_type": "LLM"}} for i, s in enumerate(ids)
    ]


def test_a_version_no_session_ran_on_and_sessions_without_a_version() -> None:
    doc = _doc([{"id": "lost", "flow_version": None}])
    report = coverage(parse_value(doc))
    (only,) = report.versions
    assert only.sessions == ()
    assert only.step_share == only.transition_share == 0.0
    assert report.unattributed == ("lost",)
    text = report.to_text()
    assert "no session ran on this version: nothing is exercised" in text
    assert "1 session without a flow_version counted nowhere: lost" in text


def test_no_steps_means_no_share() -> None:
    empty = {"id": "v", "steps": [], "step_transitions": []}
    session = {"id": "x", "flow_version": empty, "steps": []}
    (only,) = coverage(parse_value(session))
    assert only.step_share is None
    assert only.transition_share is None
    assert "0 of 0 exercised (n/a)" in coverage(parse_value(session)).to_text()


def test_every_input_kind_agrees() -> None:
    payload = parse_value(_doc([{"id": "x", "steps": _ran("s", "a")}]))
    flow = payload.flows[0]
    expected = coverage(payload).to_dict()
    assert coverage(flow).to_dict() == expected
    assert coverage(flow.versions()["v"]).to_dict() == expected
    assert (
        coverage(flow.sessions).to_dict()["versions"][0]["steps"]
        == expected["versions"][0]["steps"]
    )
    assert isinstance(coverage(flow.sessions[0]), Coverage)


def test_the_overlay_greys_what_no_session_ran_and_shades_the_rest() -> None:
    doc = _doc(
        [
            {"id": "x", "steps": _ran("s", "a")},
            {"id": "y", "steps": _ran("s", "a")},
            {"id": "z", "steps": _ran("s")},
        ]
    )
    graph = FlowGraph.of(parse_value(doc).flows[0])
    reached = {s.step_id: s.sessions for s in graph_coverage(graph).steps}
    assert reached == {"s": 3, "a": 2, "b": 0}
    diagram = build_diagram(graph, DiagramOptions(sessions=True))
    nodes = {node.step_id: node for node in diagram.nodes if node.kind == "step"}
    assert "coverage-never" in nodes["b"].classes
    assert nodes["b"].style.fillcolor == "#f5f5f5"
    assert "coverage-reached" in nodes["a"].classes
    assert "coverage-reached" in nodes["s"].classes
    # more sessions, darker fill: the most-run step has the darkest shade
    assert nodes["s"].style.fillcolor == "#ce93d8"
    assert nodes["a"].style.fillcolor not in ("#ce93d8", "#f5f5f5")
    assert nodes["a"].style.css_class == "llm-coverage-3"
    legend = [entry.key for entry in diagram.legend]
    assert legend[-2:] == ["coverage-reached", "coverage-never"]
    edges = {edge.transition_id: edge for edge in diagram.edges}
    assert "2 sessions took it" in edges["t1"].tooltip
    assert "took it" not in edges["t2"].tooltip
    # without the overlay, the types' own look
    plain = build_diagram(graph, DiagramOptions())
    assert not any("coverage" in c for node in plain.nodes for c in node.classes)
