"""How a diff's merged diagram looks: the colours and markers of what changed, the node
styles of changed steps (derived from each step type's own), and the legend."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Literal

from liveflow_graph.diagrams.legend import style_legend
from liveflow_graph.diagrams.style import CHANGE_COLORS, MISSING_STEP_STYLE, NodeStyle, step_style
from liveflow_graph.diagrams.view import EdgeView, LegendEntry, NodeView
from liveflow_graph.model.models import StepType

__all__ = [
    "CHANGE_FILLS",
    "CHANGE_TEXT",
    "GHOST_COLOR",
    "MARKERS",
    "Status",
    "change_style",
    "diff_legend",
    "legend_style",
]

Status = Literal["added", "removed", "changed", "unchanged"]

CHANGE_FILLS = {"added": "#e8f5e9", "removed": "#ffebee", "changed": "#fff3e0"}
"""Fill colours of added, removed and changed steps (borders: ``style.CHANGE_COLORS``)."""

CHANGE_TEXT = "#212121"
"""Text colour of added, removed and changed steps (readable on their light fills)."""

GHOST_COLOR = "#ffb74d"
"""Colour of the dashed ghost edge from a moved transition's old source to its old target."""

MARKERS: dict[Status, str] = {"added": "+", "removed": "-", "changed": "~", "unchanged": ""}
"""The marker of each status in labels, so the diagram reads in black and white too."""


def diff_legend(nodes: Iterable[NodeView], edges: Iterable[EdgeView]) -> tuple[LegendEntry, ...]:
    """The legend of a diff's diagram: the step types drawn, then the kinds of change
    drawn, each with a sample."""
    present = {c for node in nodes for c in node.classes} | {
        c for edge in edges for c in edge.classes
    }
    entries = style_legend(present, MISSING_STEP_STYLE)
    sample = step_style(StepType.LLM.value)
    for status, text in (
        ("added", "+ added (green)"),
        ("removed", "- removed (red, dashed)"),
        ("changed", '~ changed (orange, with "(was: …)")'),
    ):
        if status in present:
            style = change_style(sample, status)
            entries.append(LegendEntry(f"diff-{status}", text, legend_style(style, status)))
    if "moved" in present:
        ghost = NodeStyle(
            legend="moved",
            css_class="diff-moved",
            shape="box",
            style="dashed,rounded",
            fillcolor="#ffffff",
            color=GHOST_COLOR,
            fontcolor=CHANGE_TEXT,
            mermaid_open="(",
            mermaid_close=")",
            penwidth=2.0,
        )
        entries.append(
            LegendEntry(
                "diff-moved",
                "~ moved transition: solid to its new target,\ndashed ghost to its old one",
                ghost,
            )
        )
    return tuple(entries)


def change_style(base: NodeStyle, status: str) -> NodeStyle:
    """``base`` (a step type's style) coloured as an added, removed or changed step; its
    shape (in DOT and Mermaid) and anything else it sets stay."""
    rounded = ",rounded" if "rounded" in base.style else ""
    dashed = "dashed," if status == "removed" else ""
    return replace(
        base,
        legend=f"{base.legend} ({status})",
        css_class=f"{base.css_class}-{status}",
        style=f"{dashed}filled{rounded}" + (",bold" if status != "removed" else ""),
        fillcolor=CHANGE_FILLS[status],
        color=CHANGE_COLORS[status],
        fontcolor=CHANGE_TEXT,
        penwidth=2.5,
    )


def legend_style(style: NodeStyle, status: str) -> NodeStyle:
    """The legend's sample of a change style: the same colours in a rounded box."""
    return replace(
        style,
        css_class=f"diff-{status}",
        shape="box",
        style=style.style.replace(",rounded", "") + ",rounded",
        mermaid_open="(",
        mermaid_close=")",
    )
