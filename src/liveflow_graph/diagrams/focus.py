"""The focus view (``--focus STEP --radius N``): one step and its neighbourhood.

Only the steps within ``radius`` transitions of the focus step, in either direction, are
drawn; each drawn step with neighbours left out gets a "+N upstream" or "+N downstream"
stub, so the cut is visible.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from liveflow_graph.diagrams.style import STUB_STYLE
from liveflow_graph.diagrams.view import EdgeView, NodeView
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.graph.names import resolve_step

__all__ = ["Focus", "focus_of", "focus_stubs"]


@dataclass(frozen=True, slots=True)
class Focus:
    """The step a diagram is focused on and the steps it draws."""

    centre: str
    """The id of the focus step."""
    radius: int
    steps: frozenset[str]
    """The ids of the steps within ``radius`` transitions of ``centre`` (itself included)."""


def focus_of(graph: FlowGraph, focus: str | None, radius: int) -> Focus | None:
    """The focus on the step with id or name ``focus`` (``None`` for no focus); raises
    :class:`ConfigError` when no step, or several steps, answer to it."""
    if focus is None:
        return None
    centre = _centre(graph, focus)
    return Focus(centre, radius, _neighbourhood(graph, centre, radius))


def _centre(graph: FlowGraph, focus: str) -> str:
    return resolve_step(graph, focus)


def _neighbourhood(graph: FlowGraph, centre: str, radius: int) -> frozenset[str]:
    """The steps within ``radius`` transitions of ``centre``: a breadth-first search that
    stops when it runs out of steps, so its cost is bounded by the graph, not the radius."""
    seen = {centre}
    frontier = [centre]
    g = graph.graph
    depth = 0
    while frontier and depth < radius:
        depth += 1
        nxt: list[str] = []
        for sid in frontier:
            for other in (*g.successors(sid), *g.predecessors(sid)):
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    return frozenset(seen)


def focus_stubs(
    graph: FlowGraph, node_ids: Mapping[str, str], shown: Sequence[str], focus: Focus
) -> tuple[list[NodeView], list[EdgeView]]:
    """The stub nodes, and the dashed edges to them, for the neighbours of the ``shown``
    steps that the focus leaves out (``node_ids``: step id -> node id)."""
    g = graph.graph
    included = focus.steps
    nodes: list[NodeView] = []
    edges: list[EdgeView] = []
    for sid in shown:
        node_id = node_ids[sid]
        upstream = {p for p in g.predecessors(sid) if p not in included}
        downstream = {s for s in g.successors(sid) if s not in included}
        for direction, others in (("upstream", upstream), ("downstream", downstream)):
            if not others:
                continue
            stub_id = f"{node_id}_{'up' if direction == 'upstream' else 'down'}"
            nodes.append(
                NodeView(
                    node_id=stub_id,
                    kind="stub",
                    step_id=None,
                    label=f"+{len(others)} {direction}",
                    tooltip=f"{len(others)} {direction} step(s) not shown",
                    style=STUB_STYLE,
                    classes=("stub",),
                )
            )
            source, target = (stub_id, node_id) if direction == "upstream" else (node_id, stub_id)
            edges.append(
                EdgeView(
                    edge_id=f"{stub_id}_edge",
                    source=source,
                    target=target,
                    transition_id=None,
                    label="",
                    tooltip=f"{direction} steps not shown",
                    classes=("stub",),
                    color="#9e9e9e",
                    style="dashed",
                )
            )
    return nodes, edges
