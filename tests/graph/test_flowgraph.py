"""The flow graph: nodes, labelled edges, kept defects and cached queries."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liveflow_graph import FlowGraph, FlowVersion, load
from liveflow_graph.errors import ConfigError
from liveflow_graph.model.jsonpath import ROOT
from liveflow_graph.testing import flow_versions
from tests.conftest import DATA, EXAMPLES


def version(steps: list[tuple[str, str]], edges: list[tuple[str, str, str]]) -> FlowVersion:
    """A version from ``(id, type)`` steps and ``(transition id, source, target)`` edges."""
    return FlowVersion.model_validate(
        {
            "id": "v",
            "flow_id": "f",
            "steps": [{"id": i, "name": f"n_{i}", "step_type": t} for i, t in steps],
            "step_transitions": [
                {"id": tid, "source_step_id": s, "target_step_id": t, "label": f"l_{tid}"}
                for tid, s, t in edges
            ],
        }
    )


def test_nodes_and_edges_carry_the_payload() -> None:
    graph = FlowGraph(version([("a", "START"), ("b", "LLM")], [("t1", "a", "b")]))
    assert graph.graph.nodes["b"]["name"] == "n_b"
    assert graph.graph.nodes["b"]["step_type"] == "LLM"
    assert graph.graph.nodes["b"]["step"].id == "b"
    assert graph.graph.edges["a", "b", "t1"]["label"] == "l_t1"
    assert graph.graph.edges["a", "b", "t1"]["transition"].id == "t1"
    assert graph.adjacency["a"]["b"]["t1"] is graph.graph.edges["a", "b", "t1"]
    assert graph.reverse_adjacency["b"]["a"]["t1"]["label"] == "l_t1"
    assert [t.id for t in graph.out_transitions("a")] == ["t1"]
    assert [t.id for t in graph.in_transitions("b")] == ["t1"]


def test_parallel_transitions_are_separate_edges() -> None:
    graph = FlowGraph(version([("a", "START"), ("b", "LLM")], [("t1", "a", "b"), ("t2", "a", "b")]))
    assert graph.graph.number_of_edges("a", "b") == 2


def test_dangling_transitions_are_kept_not_faked() -> None:
    graph = FlowGraph(
        version(
            [("a", "START"), ("b", "LLM")],
            [("t1", "a", "b"), ("t2", "b", "ghost"), ("t3", "nobody", "a"), ("t4", "x", "y")],
        )
    )
    assert set(graph.graph.nodes) == {"a", "b"}
    ends = {d.transition.id: d.missing_end for d in graph.dangling}
    assert ends == {"t2": "target", "t3": "source", "t4": "both"}
    assert graph.dangling[0].index == 1


def test_duplicates_are_kept_aside() -> None:
    graph = FlowGraph(
        version(
            [("a", "START"), ("b", "LLM"), ("b", "USER_INPUT")],
            [("t1", "a", "b"), ("t1", "b", "a")],
        )
    )
    assert graph.steps["b"].step_type == "LLM"
    assert [(d.item.step_type, d.index, d.first_index) for d in graph.duplicate_steps] == [
        ("USER_INPUT", 2, 1)
    ]
    assert [(d.index, d.first_index) for d in graph.duplicate_transitions] == [(1, 0)]


def test_reachability_terminals_and_cycles() -> None:
    graph = FlowGraph(
        version(
            [("s", "START"), ("a", "LLM"), ("b", "LLM"), ("c", "LLM"), ("o", "LLM"), ("z", "LLM")],
            [
                ("t1", "s", "a"),
                ("t2", "a", "b"),
                ("t3", "b", "a"),  # a <-> b loop
                ("t4", "a", "c"),
                ("t5", "o", "c"),  # o is an orphan feeding c
                ("t6", "z", "z"),  # z loops on itself, reachable by no one
            ],
        )
    )
    assert graph.start_step_ids == ("s",)
    assert graph.reachable == {"s", "a", "b", "c"}
    assert graph.unreachable == ("o", "z")
    assert graph.terminal_step_ids == ("c",)
    assert graph.reaches_terminal == {"s", "a", "b", "c", "o"}
    assert graph.cyclic_components == (("a", "b"),)
    assert sorted(map(sorted, graph.strong_components)) == [["a", "b"], ["c"], ["o"], ["s"], ["z"]]
    assert graph.self_loops == ("t6",)
    assert graph.ancestors("c") == {"s", "a", "b", "o"}
    assert graph.ancestors("a") == {"s", "a", "b"}
    assert graph.descendants("s") == {"a", "b", "c"}
    assert graph.ancestors("missing") == frozenset()
    assert sorted(map(sorted, graph.cycles())) == [["a", "b"], ["z"]]
    assert len(graph.cycles(limit=1)) == 1


def test_no_start_means_nothing_is_reachable() -> None:
    graph = FlowGraph(version([("a", "LLM")], []))
    assert graph.start_step_ids == ()
    assert graph.unreachable == ("a",)


def test_paths_point_into_the_document() -> None:
    flow = load(DATA / "linear_flow.json").flows[0]
    graph = FlowGraph.of(flow)
    first = flow.current_version.steps[1]
    assert graph.path == "$.current_version"
    assert graph.step_path(first.id) == "$.current_version.steps[1]"
    transition = flow.current_version.step_transitions[0]
    assert graph.transition_path(transition.id) == "$.current_version.step_transitions[0]"
    assert graph.flow_id == flow.id
    assert graph.version_id == flow.current_version.id


def test_graph_of_a_session_uses_its_version() -> None:
    session = load(DATA / "session.json").items[0]
    graph = FlowGraph.of(session)
    assert graph.path == "$.flow_version"
    assert graph.sessions == (session,)
    assert graph.session_locations == (ROOT,)
    at = FlowGraph.of(session, path="$[3]")
    assert at.location == (3, "flow_version")
    assert at.session_locations == ((3,),)


def test_locations_are_data_and_paths_their_text() -> None:
    flow = load(DATA / "linear_flow.json").flows[0]
    graph = FlowGraph.of(flow, path="$['all flows'][0]")
    step = flow.current_version.steps[1].id
    assert graph.location == ("all flows", 0, "current_version")
    assert graph.flow_location == ("all flows", 0)
    assert graph.step_location(step) == (*graph.location, "steps", 1)
    assert graph.step_path(step) == "$['all flows'][0].current_version.steps[1]"
    assert graph.transition_location(flow.current_version.step_transitions[0].id) == (
        *graph.location,
        "step_transitions",
        0,
    )
    assert FlowGraph(flow.current_version, path="$.x[2]").location == ("x", 2)
    with pytest.raises(ConfigError, match="is not a JSON path"):
        FlowGraph(flow.current_version, path="x[2]")


def test_a_version_ref_gives_the_graph_its_sessions_locations() -> None:
    flow = load(EXAMPLES / "support-triage.json").flows[0]
    for ref in flow.versions(location=("flows", 1)).values():
        graph = FlowGraph.of(ref)
        assert graph.session_locations == ref.session_locations
        assert graph.flow_location == ("flows", 1)
        assert graph.location == ref.location
    version = flow.current_version
    told = FlowGraph(version, sessions=flow.sessions[:1], session_locations=[("s", 9)])
    assert told.session_locations == (("s", 9),)


def test_without_a_ref_the_flow_and_sessions_are_found_from_the_version() -> None:
    """FlowGraph built directly: the flow holds the version (as its current version or
    a session's copy) and the sessions are found in the flow's list."""
    flow = load(EXAMPLES / "support-triage.json").flows[0]
    old = flow.sessions[2]
    assert old.flow_version is not None
    copy = FlowGraph(
        old.flow_version,
        path="$.flows[1].sessions[2].flow_version",
        flow=flow,
        sessions=[flow.sessions[3], old],
    )
    assert copy.flow_location == ("flows", 1)
    assert copy.session_locations == (("flows", 1, "sessions", 3), ("flows", 1, "sessions", 2))
    current = FlowGraph(flow.current_version, path="$.current_version", flow=flow)
    assert current.flow_location == ROOT
    elsewhere = FlowGraph(flow.current_version, path="$.v", flow=flow, sessions=[old])
    assert elsewhere.flow_location is None
    assert elsewhere.session_locations == (("v",),)  # unknown: the version it ran on
    lone = FlowGraph(flow.current_version, path="$[4].flow_version", sessions=[old])
    assert lone.flow_location is None
    assert lone.session_locations == ((4,),)


@pytest.mark.slow  # hypothesis property
@given(flow_versions(max_steps=15), st.randoms(use_true_random=False))
def test_generated_versions_are_fully_reachable(v: FlowVersion, rnd: random.Random) -> None:
    graph = FlowGraph(v)
    assert graph.unreachable == ()
    assert graph.dangling == ()
    assert graph.cyclic_components == ()
    assert set(graph.reaches_terminal) == set(graph.steps)


@pytest.mark.slow  # hypothesis property
@given(flow_versions(max_steps=15), st.randoms(use_true_random=False))
def test_canonical_order_ignores_list_order(v: FlowVersion, rnd: random.Random) -> None:
    shuffled = v.model_copy(
        update={
            "steps": rnd.sample(v.steps, len(v.steps)),
            "step_transitions": rnd.sample(v.step_transitions, len(v.step_transitions)),
        }
    )
    assert FlowGraph(shuffled).bfs_order == FlowGraph(v).bfs_order
    assert FlowGraph(v).bfs_order[0] == v.steps[0].id
    assert sorted(FlowGraph(v).bfs_order) == sorted(s.id for s in v.steps)


# -- the linear queries agree with networkx's own algorithms (hypothesis) ------------------


@st.composite
def random_graphs(draw: st.DrawFn) -> FlowGraph:
    """Any small directed multigraph: self-loops, parallel edges, several START steps."""
    count = draw(st.integers(0, 9))
    ids = [f"s{i}" for i in range(count)]
    types = draw(st.lists(st.sampled_from(["START", "LLM"]), min_size=count, max_size=count))
    pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids))
    edges = draw(st.lists(pairs, max_size=20)) if ids else []
    return FlowGraph(
        version(
            list(zip(ids, types, strict=True)),
            [(f"t{i}", s, t) for i, (s, t) in enumerate(edges)],
        )
    )


@pytest.mark.slow  # hypothesis oracle, 300 examples
@settings(max_examples=300, deadline=None)
@given(random_graphs())
def test_linear_queries_agree_with_networkx(graph: FlowGraph) -> None:
    g = graph.graph
    ours = [set(c) for c in graph.strong_components]
    assert sorted(map(sorted, ours)) == sorted(map(sorted, nx.strongly_connected_components(g)))
    position = {step: i for i, component in enumerate(ours) for step in component}
    for source, target in g.edges():  # reverse topological order
        assert position[source] >= position[target]
    starts = graph.start_step_ids
    expected_reachable = set(starts).union(*(nx.descendants(g, s) for s in starts))
    assert graph.reachable == expected_reachable
    terminals = [s for s in g if g.out_degree(s) == 0]
    assert graph.reaches_terminal == set(terminals).union(*(nx.ancestors(g, t) for t in terminals))
    loops = sorted((g.edges[s, t, k]["index"], k) for s, t, k in nx.selfloop_edges(g, keys=True))
    assert graph.self_loops == tuple(k for _, k in loops)
    names: dict[str, list[str]] = {}
    for step_id in graph.steps:
        names.setdefault(graph.steps[step_id].name, []).append(step_id)
    assert graph.steps_by_name == {name: tuple(ids) for name, ids in names.items()}
