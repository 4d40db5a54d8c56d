"""The DOT writer writes exactly what ``graphviz.Digraph.node``/``.edge`` would write.

``add_step_node`` and ``add_transition_edge`` format their statements themselves (for
speed); these tests build the same statements through ``graphviz``'s own API, with the
attribute rules the writer documents, and compare the bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

import graphviz
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liveflow_graph import DiagramOptions, load, to_dot
from liveflow_graph.diagrams.build import diagram_of
from liveflow_graph.diagrams.dot import (
    add_step_node,
    add_transition_edge,
    dot_text,
    legend_label,
    new_digraph,
)
from liveflow_graph.diagrams.style import (
    DEFAULT_STEP_STYLE,
    EDGE_COLOR,
    MISSING_STEP_STYLE,
    STEP_STYLES,
    UNREACHABLE_STYLE,
    NodeStyle,
    readable_on,
)
from liveflow_graph.diagrams.view import Diagram
from liveflow_graph.graph.flowgraph import FlowGraph
from tests.conftest import DATA, EXAMPLES
from tests.diagrams.test_hostile import HOSTILE, findings_for, hostile_flow

STYLES = [*STEP_STYLES.values(), DEFAULT_STEP_STYLE, MISSING_STEP_STYLE, UNREACHABLE_STYLE]
LOOK_KEYS = ("shape", "style", "fillcolor", "color", "fontcolor", "penwidth")


def reference_node(
    dot: graphviz.Digraph,
    node_id: str,
    label: str,
    style: NodeStyle,
    *,
    tooltip: str | None = None,
    classes: Iterable[str] = (),
    xlabel: str | None = None,
    color: str | None = None,
    penwidth: float | None = None,
    peripheries: int | None = None,
) -> None:
    """``add_step_node`` written with ``Digraph.node``."""
    width = penwidth if penwidth is not None else style.penwidth
    values = (style.shape, style.style, style.fillcolor, color or style.color, style.fontcolor)
    look = dict(zip(LOOK_KEYS, (*values, f"{width:g}"), strict=True))
    attrs = {"id": node_id, "class": " ".join(classes) or style.css_class}
    attrs.update((key, value) for key, value in look.items() if dot.node_attr.get(key) != value)
    if tooltip is not None:
        attrs["tooltip"] = dot_text(tooltip)
    if xlabel:
        attrs["xlabel"] = dot_text(xlabel)
    if peripheries is not None:
        attrs["peripheries"] = str(peripheries)
    dot.node(node_id, label=dot_text(label), _attributes=attrs)


def reference_edge(
    dot: graphviz.Digraph,
    edge_id: str,
    source_id: str,
    target_id: str,
    *,
    label: str = "",
    tooltip: str | None = None,
    classes: Iterable[str] = ("transition",),
    color: str = EDGE_COLOR,
    penwidth: float | None = None,
    style: str | None = None,
    xlabel: str | None = None,
) -> None:
    """``add_transition_edge`` written with ``Digraph.edge``."""
    attrs = {"id": edge_id, "class": " ".join(classes)}
    if color != dot.edge_attr.get("color"):
        attrs["color"] = color
        attrs["fontcolor"] = readable_on(color)
    if tooltip is not None:
        attrs["tooltip"] = dot_text(tooltip)
    if penwidth is not None:
        attrs["penwidth"] = f"{penwidth:g}"
    if style is not None:
        attrs["style"] = style
    if xlabel:
        attrs["xlabel"] = dot_text(xlabel)
    dot.edge(source_id, target_id, label=dot_text(label) if label else None, _attributes=attrs)


def reference_dot(diagram: Diagram) -> str:
    """A whole diagram written with ``graphviz``'s API only."""
    dot = new_digraph(rankdir=diagram.rankdir, title=diagram.title)
    for node in diagram.nodes:
        reference_node(
            dot,
            node.node_id,
            node.label,
            node.style,
            tooltip=node.tooltip,
            classes=node.classes,
            xlabel=node.xlabel,
            color=node.color,
            penwidth=node.penwidth,
            peripheries=node.peripheries,
        )
    for edge in diagram.edges:
        reference_edge(
            dot,
            edge.edge_id,
            edge.source,
            edge.target,
            label=edge.label,
            tooltip=edge.tooltip,
            classes=edge.classes,
            color=edge.color,
            penwidth=edge.penwidth,
            style=edge.style,
            xlabel=edge.xlabel,
        )
    if diagram.start_node_ids:
        with dot.subgraph(name="start_rank") as rank:
            rank.attr(rank="source")
            for node_id in diagram.start_node_ids:
                rank.node(node_id)
    if diagram.legend:
        with dot.subgraph(name="legend_corner") as corner:
            corner.attr(rank="sink")
            legend = {"class": "legend", "fontcolor": "#212121", "fontsize": "10"}
            legend.update(id="legend", shape="plain", style="solid")
            corner.node("legend", label=f"<{legend_label(diagram.legend)}>", _attributes=legend)
    source: str = dot.source
    return source


def graphs() -> list[tuple[str, FlowGraph, DiagramOptions]]:
    cases: list[tuple[str, FlowGraph, DiagramOptions]] = []
    for path in [*sorted(DATA.glob("*_flow.json")), EXAMPLES / "support-triage.json"]:
        for ref in load(path).versions():
            graph = FlowGraph.of(ref)
            cases.append((f"{path.stem}:{ref.version}", graph, DiagramOptions()))
            cases.append(
                (f"{path.stem}:{ref.version}:sessions", graph, DiagramOptions(sessions=True))
            )
    hostile = FlowGraph.of(hostile_flow())
    cases.append(("hostile", hostile, DiagramOptions(findings=findings_for(hostile_flow()))))
    cases.append(("hostile:focus", hostile, DiagramOptions(focus="a:b", radius=2, rankdir="LR")))
    return cases


@pytest.mark.parametrize(("name", "graph", "options"), graphs(), ids=lambda v: str(v)[:40])
def test_whole_diagrams_match_the_graphviz_api(
    name: str, graph: FlowGraph, options: DiagramOptions
) -> None:
    assert to_dot(graph, options) == reference_dot(diagram_of(graph, options)), name


texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
ids = st.one_of(
    st.sampled_from(["s0", "m12", "legend3", "node", "Edge", "a:b", "a:b:n", "x y", "-1.5", "_"]),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_:]{0,8}", fullmatch=True),
)
colors = st.sampled_from([None, "#d32f2f", "red", "#455a64", "#1565c0"])


@pytest.mark.slow  # hypothesis oracle, 300 examples
@settings(max_examples=300, deadline=None)
@given(
    node_id=ids,
    label=texts,
    style=st.sampled_from(STYLES),
    tooltip=st.one_of(st.none(), texts),
    classes=st.lists(st.sampled_from(["step", "llm", "finding-error", "focus"]), max_size=3),
    xlabel=st.one_of(st.none(), texts),
    color=colors,
    penwidth=st.sampled_from([None, 1.0, 1.2, 2.5, 3.0]),
    peripheries=st.sampled_from([None, 2]),
    legend=st.booleans(),
)
def test_node_statements_match_the_graphviz_api(
    node_id: str,
    label: str,
    style: NodeStyle,
    tooltip: str | None,
    classes: list[str],
    xlabel: str | None,
    color: str | None,
    penwidth: float | None,
    peripheries: int | None,
    legend: bool,
) -> None:
    ours, theirs = new_digraph(title=label), new_digraph(title=label)
    if legend:  # a subgraph: no node defaults, every look attribute is written
        ours, theirs = graphviz.Digraph(name="cluster_x"), graphviz.Digraph(name="cluster_x")
    for add, dot in ((add_step_node, ours), (reference_node, theirs)):
        add(
            dot,
            node_id,
            label,
            style,
            tooltip=tooltip,
            classes=classes,
            xlabel=xlabel,
            color=color,
            penwidth=penwidth,
            peripheries=peripheries,
        )
    assert ours.source == theirs.source


@pytest.mark.slow  # hypothesis oracle, 300 examples
@settings(max_examples=300, deadline=None)
@given(
    ends=st.tuples(ids, ids, ids),
    label=texts,
    tooltip=st.one_of(st.none(), texts),
    classes=st.lists(st.sampled_from(["transition", "dangling", "session-path"]), max_size=3),
    color=colors.filter(lambda c: c is not None),
    penwidth=st.sampled_from([None, 1.0, 2.5, 3.7]),
    style=st.sampled_from([None, "dashed", "bold"]),
    xlabel=st.one_of(st.none(), texts),
)
def test_edge_statements_match_the_graphviz_api(
    ends: tuple[str, str, str],
    label: str,
    tooltip: str | None,
    classes: list[str],
    color: str,
    penwidth: float | None,
    style: str | None,
    xlabel: str | None,
) -> None:
    ours, theirs = new_digraph(), new_digraph()
    for add, dot in ((add_transition_edge, ours), (reference_edge, theirs)):
        add(
            dot,
            *ends,
            label=label,
            tooltip=tooltip,
            classes=classes,
            color=color,
            penwidth=penwidth,
            style=style,
            xlabel=xlabel,
        )
    assert ours.source == theirs.source
