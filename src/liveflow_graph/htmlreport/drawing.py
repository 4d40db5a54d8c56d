"""The diagrams of a report page: Graphviz SVG while it is affordable, else the page's own
layout of the same diagram.

Every diagram on the page starts as a renderer-neutral
:class:`~liveflow_graph.diagrams.view.Diagram` (the one ``render`` draws, findings
overlaid, without its title and legend: the page shows both itself).  :func:`draw` turns
it into the JSON the page reads: Graphviz's SVG when the diagram has at most
:attr:`Budget.max_steps` steps, a renderer is available and the page's :class:`Budget` of
layout time is not spent; otherwise the nodes and edges with positions from
:func:`~liveflow_graph.htmlreport.overview.layered_layout`, drawn by the page, and the
reason why.  Either way the page gets the map from node id to step id and from edge id to
transition id, so clicks, highlights and overlays work the same on both.
"""

from __future__ import annotations

import re
import time
import warnings
from dataclasses import dataclass, field
from typing import Any

from liveflow_graph.diagrams.dot import write_diagram
from liveflow_graph.diagrams.svg import render_svg
from liveflow_graph.diagrams.view import Diagram, NodeView
from liveflow_graph.errors import (
    BackendUnavailableError,
    RenderError,
    RenderTimeoutError,
)
from liveflow_graph.escape import truncate
from liveflow_graph.htmlreport.overview import NODE_HEIGHT, NODE_WIDTH, layered_layout

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_MAX_STEPS",
    "DIAGRAM_TIMEOUT",
    "MAX_SVG_BYTES",
    "Budget",
    "draw",
]

DEFAULT_MAX_STEPS = 300
"""Most steps a diagram is laid out by Graphviz for (about 1 s at 300 steps, 8 s at 500;
minutes at 1,000): a bigger one is drawn by the page."""

DEFAULT_BUDGET = 60.0
"""Seconds of Graphviz layout one page may spend, all diagrams together."""

DIAGRAM_TIMEOUT = 20.0
"""Most seconds one diagram's layout may take, so that one odd flow cannot spend the
whole budget: a layout stopped then is drawn by the page."""

MAX_SVG_BYTES = 40_000_000
"""Most bytes of Graphviz SVG one page holds; later diagrams are drawn by the page."""

_NODE_LABEL_LIMIT = 28
"""Longest label line the page's own layout draws in a node (the details panel has all)."""

_PROLOG = re.compile(r"\A(?:\s*<\?xml[^>]*\?>|\s*<!DOCTYPE[^>]*>|\s*<!--.*?-->)*\s*", re.S)


@dataclass
class Budget:
    """What the diagrams of one page may cost: ``max_steps`` per Graphviz layout,
    ``seconds`` of layout time in all (``None``: no limit), ``backend`` to render with."""

    max_steps: int = DEFAULT_MAX_STEPS
    seconds: float | None = DEFAULT_BUDGET
    backend: str = "auto"
    svg_bytes: int = 0
    started: float = field(default_factory=time.monotonic)
    unavailable: str | None = None
    """Why no renderer works, once a render found out (later diagrams do not try again)."""

    def remaining(self) -> float | None:
        """Seconds of layout left (``None``: no limit)."""
        if self.seconds is None:
            return None
        return self.seconds - (time.monotonic() - self.started)


def draw(diagram: Diagram, budget: Budget) -> dict[str, Any]:
    """The page's JSON form of ``diagram``: ``{"kind": "svg", "svg": ...}`` or
    ``{"kind": "layout", "reason": ..., "width", "height", "nodes", "edges"}``, both with
    ``"nodes"``/``"edges"`` maps (node id -> step id, edge id -> transition id)."""
    steps = sum(1 for node in diagram.nodes if node.kind == "step")
    reason = _why_not_graphviz(steps, budget)
    if reason is None:
        svg, reason = _graphviz(diagram, budget)
        if svg is not None:
            return {"kind": "svg", "svg": svg, **_maps(diagram)}
    return {"kind": "layout", "reason": reason, **_layout(diagram), **_maps(diagram)}


def _why_not_graphviz(steps: int, budget: Budget) -> str | None:
    if steps > budget.max_steps:
        return (
            f"{steps:,} steps: more than the {budget.max_steps:,} a Graphviz layout is made "
            "for in a report (it takes minutes at 1,000 steps)"
        )
    if budget.unavailable is not None:
        return budget.unavailable
    remaining = budget.remaining()
    if remaining is not None and remaining <= 0.5:
        return f"the {budget.seconds:g} s of Graphviz layout time for this report were used up"
    if budget.svg_bytes >= MAX_SVG_BYTES:
        return "the report already holds as much Graphviz SVG as it should"
    return None


def _graphviz(diagram: Diagram, budget: Budget) -> tuple[str | None, str]:
    left = budget.remaining()
    remaining = DIAGRAM_TIMEOUT if left is None else min(left, DIAGRAM_TIMEOUT)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # LargeDiagramWarning: the budget covers it
            svg = render_svg(
                write_diagram(diagram).source, backend=budget.backend, timeout=remaining
            )
    except RenderTimeoutError:
        return None, f"the Graphviz layout did not finish within {remaining:.0f} s"
    except BackendUnavailableError as error:
        budget.unavailable = f"no SVG renderer: {error.message}"
        return None, budget.unavailable
    except RenderError as error:
        return None, f"Graphviz failed: {truncate(error.message, 300)}"
    svg = _PROLOG.sub("", svg, count=1)
    budget.svg_bytes += len(svg)
    return svg, ""


def _maps(diagram: Diagram) -> dict[str, dict[str, str]]:
    return {
        "nodes": {n.node_id: n.step_id for n in diagram.nodes if n.step_id is not None},
        "edges": {e.edge_id: e.transition_id for e in diagram.edges if e.transition_id},
    }


def _layout(diagram: Diagram) -> dict[str, Any]:
    """The nodes and edges of ``diagram`` with positions, for the page to draw."""
    ids = [node.node_id for node in diagram.nodes]
    layout = layered_layout(
        ids, ((e.source, e.target) for e in diagram.edges), diagram.start_node_ids
    )
    return {
        "width": layout.width,
        "height": layout.height,
        "box": [NODE_WIDTH, NODE_HEIGHT],
        "shapes": [_shape(node, layout.positions[node.node_id]) for node in diagram.nodes],
        "lines": [
            [e.edge_id, e.source, e.target, e.color, 1 if e.style == "dashed" else 0]
            for e in diagram.edges
        ],
    }


def _shape(node: NodeView, at: tuple[int, int]) -> list[Any]:
    """``[node id, x, y, label, fill, border, text colour, dashed, round, classes]``."""
    style = node.style
    label = truncate(node.label.split("\n", 1)[0], _NODE_LABEL_LIMIT)
    return [
        node.node_id,
        at[0],
        at[1],
        label,
        style.fillcolor,
        node.color or style.color,
        style.fontcolor,
        1 if "dashed" in style.style else 0,
        1 if style.shape in ("oval", "ellipse") or "rounded" in style.style else 0,
        " ".join(node.classes),
    ]
