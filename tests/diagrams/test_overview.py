"""The overview of a big flow: chains and distance bands drawn as one node, every step and
every transition accounted for, overlays carried over, deterministic output."""

from __future__ import annotations

import itertools
import random
import re
import warnings
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liveflow_graph import ConfigError, DiagramOptions, FlowGraph, FlowVersion, Session
from liveflow_graph.diagrams import overview as overview_module
from liveflow_graph.diagrams.build import build_diagram
from liveflow_graph.diagrams.dot import write_diagram
from liveflow_graph.diagrams.grouping import chain_groups, choose_grouping, distances
from liveflow_graph.diagrams.mermaid import write_mermaid
from liveflow_graph.diagrams.overview import OverviewWarning, overview_of
from liveflow_graph.diagrams.style import GROUP_STYLE
from liveflow_graph.diagrams.svg import render_svg
from liveflow_graph.diagrams.view import Diagram
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from tests.diagrams.helpers import make_version, parse_svg, svg_texts

Edge = tuple[str, str, str, str | None]


def line_version(count: int) -> FlowVersion:
    """START -> step_1 -> ... -> step_{count - 1}."""
    steps = [("s0", "start", "START")] + [(f"s{i}", f"step_{i}", "LLM") for i in range(1, count)]
    edges: list[Edge] = [(f"t{i}", f"s{i - 1}", f"s{i}", "next") for i in range(1, count)]
    return make_version(steps, edges)


def full_and_overview(graph: FlowGraph, budget: int | None = None) -> tuple[Diagram, Diagram]:
    full = build_diagram(graph, DiagramOptions(overview=False))
    return full, overview_of(full, True, budget=budget)


# -- chains -----------------------------------------------------------------------------------


def test_a_line_is_start_and_one_chain() -> None:
    full, drawn = full_and_overview(FlowGraph.of(line_version(10)))
    assert drawn.overview is not None
    assert drawn.overview.grouping == "chains"
    assert [node.kind for node in drawn.nodes] == ["step", "group"]
    group = drawn.nodes[1]
    assert group.label == "step_1\n… 9 steps …\nstep_9"
    assert drawn.overview.groups == {"g0": tuple(f"s{i}" for i in range(1, 10))}
    assert (drawn.overview.steps, drawn.overview.nodes) == (10, 2)
    # the one transition into the chain stays the transition it was (id, label)
    (edge,) = drawn.edges
    assert (edge.source, edge.target, edge.transition_id, edge.label) == ("s0", "g0", "t1", "next")
    assert "8 transitions between them" in group.tooltip
    assert len(full.nodes) == 10


def test_branches_and_merges_stay_steps() -> None:
    """a has two ways out and d two ways in: only b1-b2 and c1-c2-c3 are chains."""
    steps = [("S", "start", "START")] + [
        (x, x, "LLM") for x in ("a", "b1", "b2", "c1", "c2", "c3", "d")
    ]
    edges: list[Edge] = [
        ("t0", "S", "a", None), ("t1", "a", "b1", None), ("t2", "b1", "b2", None),
        ("t3", "b2", "d", None), ("t4", "a", "c1", None), ("t5", "c1", "c2", None),
        ("t6", "c2", "c3", None), ("t7", "c3", "d", None),
    ]  # fmt: skip
    _, drawn = full_and_overview(FlowGraph.of(make_version(steps, edges)))
    assert drawn.overview is not None
    assert sorted(drawn.overview.groups.values()) == [("b1", "b2"), ("c1", "c2", "c3")]
    drawn_steps = {node.step_id for node in drawn.nodes if node.kind == "step"}
    assert drawn_steps == {"S", "a", "d"}


def test_start_is_never_inside_a_chain() -> None:
    order = ["S", "a", "b"]
    successors = {"S": ["a"], "a": ["b"], "b": []}
    degrees = {"S": 1, "a": 1, "b": 0}, {"S": 0, "a": 1, "b": 1}
    assert chain_groups(order, successors, *degrees, alone=["S"]) == [("S",), ("a", "b")]
    assert chain_groups(order, successors, *degrees) == [("S", "a", "b")]


def test_a_closed_loop_is_cut_before_its_first_node() -> None:
    order = ["x", "y", "z"]
    successors = {"x": ["y"], "y": ["z"], "z": ["x"]}
    ones = dict.fromkeys(order, 1)
    assert chain_groups(order, successors, ones, ones) == [("x", "y", "z")]
    assert chain_groups(["y", "z", "x"], successors, ones, ones) == [("y", "z", "x")]


def test_parallel_transitions_and_self_loops_end_chains() -> None:
    steps = [("S", "start", "START")] + [(x, x, "LLM") for x in "abcd"]
    edges: list[Edge] = [
        ("t0", "S", "a", None), ("t1", "a", "b", None), ("t2", "a", "b", "again"),
        ("t3", "b", "c", None), ("t4", "c", "c", "retry"), ("t5", "c", "d", None),
    ]  # fmt: skip
    _, drawn = full_and_overview(FlowGraph.of(make_version(steps, edges)))
    assert drawn.overview is not None
    assert drawn.overview.groups == {}  # a=>b doubled, c loops: nothing to chain
    assert [edge.transition_id for edge in drawn.edges if edge.source == edge.target] == ["t4"]


# -- distance bands ---------------------------------------------------------------------------


def ladder_version(rungs: int) -> FlowVersion:
    """START, then ``rungs`` pairs (l_i, r_i), each joined to both of the next pair: no
    chains at all, distances 1, 2, 3, ..."""
    steps = [("S", "start", "START")]
    edges: list[Edge] = [("tl0", "S", "l0", None), ("tr0", "S", "r0", None)]
    for i in range(rungs):
        steps += [(f"l{i}", f"l{i}", "LLM"), (f"r{i}", f"r{i}", "LLM")]
        if i + 1 < rungs:
            for a in "lr":
                for b in "lr":
                    edges.append((f"t{a}{b}{i}", f"{a}{i}", f"{b}{i + 1}", None))
    return make_version(steps, edges)


def test_too_many_chains_group_by_distance_from_start() -> None:
    graph = FlowGraph.of(ladder_version(20))
    _, drawn = full_and_overview(graph, budget=12)
    summary = drawn.overview
    assert summary is not None
    assert summary.grouping == "bands"  # the two steps of a rung are not joined to each other
    assert summary.width == 2
    assert summary.nodes <= 12
    distance = {"S": 0} | {f"{side}{i}": i + 1 for i in range(20) for side in "lr"}
    for members in summary.groups.values():
        assert len({distance[sid] // summary.width for sid in members}) == 1
    first = drawn.nodes[1]
    assert first.kind == "group"
    assert first.label == "2 steps\ndistance 1 from START\nfirst: l0"
    assert drawn.nodes[0].step_id == "S"  # START stays a node of its own


def test_joined_bands_keep_parallel_branches_apart() -> None:
    """Two long branches that never meet: within a band, each branch is its own group."""
    steps = [("S", "start", "START")]
    edges: list[Edge] = []
    for side in "ab":
        previous = "S"
        for i in range(12):
            node = f"{side}{i}"
            steps.append((node, node, "LLM"))
            edges.append((f"t{node}", previous, node, None))
            if i % 2 == 1:  # a detour makes every other step a merge: short chains
                detour = f"{side}{i}x"
                steps.append((detour, detour, "LLM"))
                edges += [
                    (f"t{detour}", previous, detour, None),
                    (f"u{detour}", detour, node, None),
                ]
            previous = node
    graph = FlowGraph.of(make_version(steps, edges))
    _, drawn = full_and_overview(graph, budget=10)
    summary = drawn.overview
    assert summary is not None
    assert summary.grouping == "distance"
    for members in summary.groups.values():
        assert len({sid[0] for sid in members}) == 1, members  # one branch per group


def test_steps_start_cannot_reach_are_banded_apart() -> None:
    steps = [("S", "start", "START"), ("a", "a", "LLM"), ("b", "b", "LLM")]
    steps += [(f"u{i}", f"u{i}", "LLM") for i in range(4)]
    edges: list[Edge] = [("t0", "S", "a", None), ("t1", "S", "b", None), ("t2", "u0", "u1", None)]
    edges += [("t3", "u0", "u2", None), ("t4", "u2", "u3", None), ("t5", "u1", "u3", None)]
    graph = FlowGraph.of(make_version(steps, edges))
    full = build_diagram(graph, DiagramOptions(overview=False))
    order = [node.node_id for node in full.nodes if node.kind == "step"]
    successors: dict[str, list[str]] = {node: [] for node in order}
    for edge in full.edges:
        successors[edge.source].append(edge.target)
    distance, reached = distances(order, successors, full.start_node_ids)
    ids = full.node_ids
    assert reached == {ids["S"], ids["a"], ids["b"]}
    assert [distance[ids[s]] for s in ("S", "a", "b", "u0", "u1", "u2", "u3")] == [
        0,
        1,
        1,
        0,
        1,
        1,
        2,
    ]
    grouping = choose_grouping(
        order, successors, Counter(), Counter(), full.start_node_ids, budget=3
    )
    assert (grouping.kind, grouping.width) == ("bands", 4)
    expected = [("S",), ("a", "b"), ("u0", "u1", "u2", "u3")]
    assert grouping.groups == [tuple(ids[s] for s in group) for group in expected]
    _, drawn = full_and_overview(graph, budget=3)
    unreached = next(node for node in drawn.nodes if "u0" in node.tooltip)
    assert "unreachable" in unreached.classes
    assert "from an unreached step" in unreached.label


def test_only_the_heaviest_edges_back_towards_start_are_drawn() -> None:
    """A line with many loops back: the overview draws as many back edges as it has
    groups, the ones standing for the most transitions, and counts the others."""
    count = 40
    steps = [("s0", "start", "START")] + [(f"s{i}", f"step_{i}", "LLM") for i in range(1, count)]
    edges: list[Edge] = [(f"t{i}", f"s{i - 1}", f"s{i}", None) for i in range(1, count)]
    edges += [
        (f"b{i}-{j}", f"s{i}", f"s{j}", None)
        for i in range(5, count)
        for j in (1, 9, 17, 25)
        if j < i - 4
    ]
    graph = FlowGraph.of(make_version(steps, edges))
    full, drawn = full_and_overview(graph, budget=8)
    summary = drawn.overview
    assert summary is not None
    assert (summary.grouping, summary.width, summary.nodes) == ("distance", 8, 6)
    back = [edge for edge in drawn.edges if not edge.constraint]
    assert 0 < len(back) <= summary.nodes
    assert summary.hidden > 0
    assert "transitions back towards START not drawn" in summary.note
    assert str(write_diagram(drawn).source).count("constraint=false") == len(back)
    _check_edges(full, drawn)


# -- every step and transition accounted for (any flow, any budget) --------------------------


@st.composite
def messy_versions(draw: st.DrawFn) -> FlowVersion:
    """Any shape: cycles, self loops, parallel transitions, unreachable steps, several or
    no START steps, transitions to missing steps."""
    count = draw(st.integers(1, 25))
    kinds = draw(
        st.lists(
            st.sampled_from(["START", "LLM", "LLM", "USER_INPUT"]), min_size=count, max_size=count
        )
    )
    steps = [(f"s{i}", f"step {i}", kind) for i, kind in enumerate(kinds)]
    ends = st.integers(0, count - 1).map(lambda i: f"s{i}") | st.just("missing")
    pairs = draw(st.lists(st.tuples(ends, ends), max_size=3 * count))
    edges: list[Edge] = [
        (f"t{i}", a, b, draw(st.sampled_from([None, "next", "x"])))
        for i, (a, b) in enumerate(pairs)
    ]
    return make_version(steps, edges)


def _drawn_node_of(drawn: Diagram, full: Diagram) -> dict[str, str]:
    """Full-diagram node id -> the overview node that draws it."""
    assert drawn.overview is not None
    of = {node.node_id: node.node_id for node in drawn.nodes if node.kind != "group"}
    for group_id, members in drawn.overview.groups.items():
        of.update(dict.fromkeys((full.node_ids[sid] for sid in members), group_id))
    return of


def _check_edges(full: Diagram, drawn: Diagram) -> None:
    """Each transition between two drawn nodes is drawn (alone, or counted on one edge for
    the pair), inside a group, or counted as not drawn."""
    assert drawn.overview is not None
    of = _drawn_node_of(drawn, full)
    groups = set(drawn.overview.groups)
    expected: dict[tuple[str, str], list[str]] = {}
    for edge in full.edges:
        source, target = of[edge.source], of[edge.target]
        if source == target and source in groups:
            continue
        expected.setdefault((source, target), []).append(edge.edge_id)
    found = {(edge.source, edge.target): edge for edge in drawn.edges}
    assert len(found) == len(drawn.edges)  # one edge per pair
    hidden = 0
    for pair, ids in expected.items():
        if pair not in found:
            hidden += len(ids)
            continue
        edge = found.pop(pair)
        if len(ids) == 1:
            assert edge.edge_id == ids[0]
        else:
            assert edge.xlabel == f"×{len(ids):,}"
            assert "bundle" in edge.classes
    assert not found  # nothing drawn that the flow does not have
    assert hidden == drawn.overview.hidden


@settings(max_examples=150, deadline=None)
@given(messy_versions(), st.sampled_from([None, 1, 2, 4, 8]))
def test_every_step_is_drawn_once_and_every_transition_accounted_for(
    version: FlowVersion, budget: int | None
) -> None:
    graph = FlowGraph.of(version)
    full, drawn = full_and_overview(graph, budget=budget)
    summary = drawn.overview
    assert summary is not None
    full_steps = [node.step_id for node in full.nodes if node.kind == "step"]
    singles = [node.step_id for node in drawn.nodes if node.kind == "step"]
    members = [sid for group in summary.groups.values() for sid in group]
    assert len(singles) == len(set(singles))
    assert sorted(map(str, singles + members)) == sorted(map(str, full_steps))  # once each
    assert summary.steps == len(full_steps)
    assert summary.nodes == len(singles) + len(summary.groups)
    assert all(len(group) >= 2 for group in summary.groups.values())
    groups = [node for node in drawn.nodes if node.kind == "group"]
    assert [node.node_id for node in groups] == list(summary.groups)
    for node in groups:  # each group's label counts its steps
        assert f"{len(summary.groups[node.node_id]):,} steps" in node.label
    # placeholders, stubs and notes are left as they are
    assert [n for n in drawn.nodes if n.kind not in ("step", "group")] == [
        n for n in full.nodes if n.kind not in ("step", "group")
    ]
    if summary.grouping == "chains":
        linked = {(e.source, e.target) for e in full.edges}
        for group in summary.groups.values():
            ids = [full.node_ids[sid] for sid in group]
            assert all((a, b) in linked for a, b in itertools.pairwise(ids))
    _check_edges(full, drawn)


def shuffled(version: FlowVersion, seed: int) -> FlowVersion:
    document = version.model_dump(mode="json")
    rng = random.Random(seed)
    rng.shuffle(document["steps"])
    rng.shuffle(document["step_transitions"])
    return FlowVersion.model_validate(document)


@settings(max_examples=40, deadline=None)
@given(messy_versions(), st.sampled_from([None, 2, 4]), st.integers(0, 1000))
def test_the_same_flow_gives_the_same_overview(
    version: FlowVersion, budget: int | None, seed: int
) -> None:
    def dot(v: FlowVersion) -> str:
        _, drawn = full_and_overview(FlowGraph.of(v), budget=budget)
        return str(write_diagram(drawn).source)

    assert dot(version) == dot(shuffled(version, seed))


# -- overlays, title, legend, when it applies -------------------------------------------------


def test_a_group_shows_its_worst_finding_and_the_session_marks() -> None:
    version = line_version(8)
    error = Diagnostic(
        code="LF999", rule="test-rule", severity=Severity.ERROR, message="broken", step_ids=("s4",)
    )
    info = Diagnostic(
        code="LF998", rule="test-rule", severity=Severity.INFO, message="fyi", step_ids=("s2",)
    )
    graph = FlowGraph.of(version)
    full = build_diagram(graph, DiagramOptions(overview=False, findings=[error, info]))
    drawn = overview_of(full, True)
    group = next(node for node in drawn.nodes if node.kind == "group")
    assert "finding-error" in group.classes
    assert "finding-info" not in group.classes
    assert group.color == "#d32f2f"
    assert group.xlabel == "2 with findings"
    assert group.tooltip.index("step_2: LF998") < group.tooltip.index("step_1")

    session = Session.model_validate(
        {
            "id": "run1",
            "status": "FAILED",
            "flow_version": version.model_dump(mode="json"),
            "current_step": {"id": "r3", "step": version.steps[3].model_dump(mode="json")},
            "steps": [
                {
                    "id": f"r{i}",
                    "status": "FINISHED",
                    "step": version.steps[i].model_dump(mode="json"),
                }
                for i in range(3)
            ],
        }
    )
    full = build_diagram(graph, DiagramOptions(overview=False, session=session))
    group = next(node for node in overview_of(full, True).nodes if node.kind == "group")
    assert "session-failed" in group.classes


def test_title_legend_and_mermaid_say_it_is_an_overview() -> None:
    drawn = build_diagram(FlowGraph.of(line_version(6)), DiagramOptions(overview=True))
    assert drawn.overview is not None
    assert not drawn.overview.automatic
    assert drawn.title is not None
    assert drawn.title.endswith(
        "\noverview: 6 steps as 2 nodes (each linear chain of steps drawn as one node)"
    )
    assert [entry.key for entry in drawn.legend] == ["start", "group"]
    assert drawn.legend[-1].style == GROUP_STYLE
    mermaid = write_mermaid(drawn)
    assert re.search(r"^    g0\[\[", mermaid, re.M)


def test_automatic_above_the_threshold_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = FlowGraph.of(line_version(12))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert build_diagram(graph).overview is None  # 12 steps: drawn whole
    monkeypatch.setattr(overview_module, "OVERVIEW_STEPS", 11)
    with pytest.warns(OverviewWarning, match="more than 11 steps.*overview=False"):
        drawn = build_diagram(graph)
    assert drawn.overview is not None
    assert drawn.overview.automatic
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert build_diagram(graph, DiagramOptions(overview=False)).overview is None


def test_overview_takes_booleans_or_none() -> None:
    with pytest.raises(ConfigError, match="overview must be True, False or None"):
        DiagramOptions(overview="yes")  # type: ignore[arg-type]


def test_a_focus_view_can_be_an_overview_too() -> None:
    graph = FlowGraph.of(line_version(30))
    drawn = build_diagram(graph, DiagramOptions(focus="s15", radius=5, overview=True))
    assert drawn.overview is not None
    kinds = Counter(node.kind for node in drawn.nodes)
    assert kinds == {"group": 2, "step": 1, "stub": 2}  # s10-s14, s15, s16-s20 + stubs
    assert drawn.overview.groups["g0"] == tuple(f"s{i}" for i in range(10, 15))
    focus = next(node for node in drawn.nodes if node.kind == "step")
    assert focus.step_id == "s15"
    assert "focus" in focus.classes


def test_hostile_names_in_a_group_stay_text() -> None:
    names = ['"><script>alert(1)</script>', "a\\Nb\\", "x\ny", "&amp; {x}|<y>"]
    steps = [("S", "start", "START")] + [(f"s{i}", name, "LLM") for i, name in enumerate(names)]
    edges: list[Edge] = [("t0", "S", "s0", None)]
    edges += [(f"t{i}", f"s{i - 1}", f"s{i}", '"><b>') for i in range(1, len(names))]
    drawn = build_diagram(FlowGraph.of(make_version(steps, edges)), DiagramOptions(overview=True))
    assert drawn.overview is not None
    assert drawn.overview.groups == {"g0": ("s0", "s1", "s2", "s3")}
    svg = render_svg(str(write_diagram(drawn).source), backend="wasm")
    root = parse_svg(svg)  # only what Graphviz writes: no script element, no handlers
    texts = " ".join(svg_texts(root))
    assert '"&gt;&lt;script&gt;' not in texts  # the parser decoded it: plain text
    assert '"><script>alert(1)</script>' in texts
    assert "<script" not in svg
    mermaid = write_mermaid(drawn)
    assert "<script" not in mermaid
