"""Mermaid flowchart text for a flow, with the same content, ids and styling as the DOT.

GitHub renders it in Markdown (a fenced ``mermaid`` block).  Node ids are generated
(``s0``, ``s1``, ...), so no user text can be read as Mermaid syntax (``end``, ``click``,
``-->``, ``%%``...); every label is quoted and special characters are entity codes.
The helpers (:func:`mermaid_label`, :func:`node_line`, :func:`edge_line`,
:func:`class_def`) are public for other diagrams (version diffs).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable

from liveflow_graph.diagrams.build import Diagrammable, diagram_of
from liveflow_graph.diagrams.style import EDGE_COLOR, SESSION_COLORS, SEVERITY_COLORS, NodeStyle
from liveflow_graph.diagrams.view import Diagram, DiagramOptions, EdgeView, NodeView
from liveflow_graph.escape import mermaid_text

__all__ = [
    "MERMAID_MAX_EDGES",
    "MERMAID_MAX_TEXT",
    "MermaidSizeWarning",
    "class_def",
    "edge_line",
    "mermaid_label",
    "node_line",
    "to_mermaid",
    "write_mermaid",
]

MERMAID_MAX_EDGES = 500
"""Mermaid's default ``maxEdges``: bigger diagrams do not render with default settings."""

MERMAID_MAX_TEXT = 50_000
"""Mermaid's default ``maxTextSize`` (characters)."""


class MermaidSizeWarning(UserWarning):
    """The Mermaid text is over Mermaid's default limits (edges or characters)."""


def mermaid_label(text: str) -> str:
    """``text`` as a double-quoted Mermaid label that renders literally.

    Quotes, brackets, braces, pipes, ``<``, ``>``, ``&``, ``#``, ``;``, ``%`` and the like
    become Mermaid entity codes; newlines become ``<br/>``.
    """
    return '"' + mermaid_text(text) + '"'


def node_line(node_id: str, text: str, style: NodeStyle) -> str:
    """One node statement, ``s0(["start"])``, in the shape of ``style``."""
    return f"    {node_id}{style.mermaid_open}{mermaid_label(text)}{style.mermaid_close}"


def edge_line(source_id: str, target_id: str, label: str = "", *, dashed: bool = False) -> str:
    """One edge statement, ``s0 -->|"next"| s1`` (``-.->`` when ``dashed``)."""
    arrow = "-.->" if dashed else "-->"
    text = f"|{mermaid_label(label)}|" if label else ""
    return f"    {source_id} {arrow}{text} {target_id}"


def class_def(name: str, *, fill: str, stroke: str, color: str, width: float, dashed: bool) -> str:
    """A ``classDef`` line (``name`` must be an identifier we chose)."""
    dash = ",stroke-dasharray:5 3" if dashed else ""
    look = f"fill:{fill},stroke:{stroke},color:{color},stroke-width:{width:g}px{dash}"
    return f"    classDef {name} {look}"


def to_mermaid(obj: Diagrammable, options: DiagramOptions | None = None) -> str:
    """Mermaid flowchart of a flow (its current version), a version, a session or a graph.

    Deterministic; warns with :class:`MermaidSizeWarning` above Mermaid's default limits.
    """
    diagram = diagram_of(obj, options)
    text = write_mermaid(diagram)
    if len(diagram.edges) > MERMAID_MAX_EDGES or len(text) > MERMAID_MAX_TEXT:
        warnings.warn(
            f"the Mermaid diagram has {len(diagram.edges)} edges and {len(text)} characters; "
            f"Mermaid's defaults stop at {MERMAID_MAX_EDGES} edges and {MERMAID_MAX_TEXT} "
            "characters: draw a neighbourhood (focus=..., radius=...) or use DOT/SVG",
            MermaidSizeWarning,
            stacklevel=2,
        )
    return text


def write_mermaid(diagram: Diagram) -> str:
    """The Mermaid text of ``diagram`` (ends with a newline)."""
    direction = diagram.rankdir
    lines = ["flowchart " + direction]
    if diagram.title:
        lines.append(f"    %% {_comment(diagram.title)}")
    lines.extend(node_line(node.node_id, _node_text(node), node.style) for node in diagram.nodes)
    link_styles: list[str] = []
    for number, edge in enumerate(diagram.edges):
        lines.append(edge_line(edge.source, edge.target, edge.label, dashed=edge.style == "dashed"))
        style = _link_style(edge)
        if style:
            link_styles.append(f"    linkStyle {number} {style}")
    if diagram.legend:
        lines.append('    subgraph legend ["Legend"]')
        lines.append("        direction TB")
        for number, entry in enumerate(diagram.legend):
            lines.append("    " + node_line(f"legend{number}", entry.text, entry.style))
        lines.append("    end")
    lines.extend(link_styles)
    lines.extend(_class_lines(diagram))
    return "\n".join(lines) + "\n"


def _comment(text: str) -> str:
    # a comment runs to the end of its line: keep it on one line and ASCII-safe
    return re.sub(r"[^\w .,:()/·-]", "_", text.replace("\n", " "))


def _node_text(node: NodeView) -> str:
    return f"{node.label}\n{node.xlabel}" if node.xlabel else node.label


def _link_style(edge: EdgeView) -> str:
    if edge.color == EDGE_COLOR and edge.penwidth is None:
        return ""
    width = edge.penwidth if edge.penwidth is not None else 1.0
    return f"stroke:{edge.color},stroke-width:{width:g}px"


def _class_lines(diagram: Diagram) -> list[str]:
    styles: dict[str, NodeStyle] = {}
    members: dict[str, list[str]] = {}

    def add(name: str, style: NodeStyle, node_id: str) -> None:
        styles.setdefault(name, style)
        members.setdefault(name, []).append(node_id)

    for node in diagram.nodes:
        name = node.style.css_class
        if "unreachable" in node.classes and node.kind == "step":
            name += "-unreachable"
        add(_class_name(name), node.style, node.node_id)
    for number, entry in enumerate(diagram.legend):
        add(_class_name(f"legend-{entry.key}"), entry.style, f"legend{number}")
    lines = [
        class_def(
            name,
            fill=style.fillcolor,
            stroke=style.color,
            color=style.fontcolor,
            width=style.penwidth,
            dashed="dashed" in style.style,
        )
        for name, style in styles.items()
    ]
    lines.extend(_assign(name, ids) for name, ids in members.items())
    # overlays (findings, session marks) restyle the border on top of the type's class
    overlays: dict[str, tuple[str, list[str]]] = {}
    for node in diagram.nodes:
        for css in node.classes:
            colour = _overlay_colour(css)
            if colour is not None:
                overlays.setdefault(_class_name(css), (colour, []))[1].append(node.node_id)
    for name, (colour, ids) in overlays.items():
        lines.append(f"    classDef {name} stroke:{colour},stroke-width:3px")
        lines.append(_assign(name, ids))
    return lines


def _class_name(css: str) -> str:
    return css.replace("-", "_")


def _overlay_colour(css: str) -> str | None:
    if css.startswith("finding-"):
        for severity, colour in SEVERITY_COLORS.items():
            if css == f"finding-{severity.value}":
                return colour
    if css.startswith("session-"):
        return SESSION_COLORS.get(css.removeprefix("session-"))
    return None


def _assign(name: str, ids: Iterable[str]) -> str:
    return f"    class {','.join(ids)} {name}"
