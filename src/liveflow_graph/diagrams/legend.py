"""The legend of a diagram: one entry for each kind of node or mark the diagram shows.

Entries come in a fixed order (step types, then missing and unreachable steps, then
findings by severity, then session marks, then the session coverage) and only for CSS
classes the diagram uses, so a legend never explains what is not drawn.  The version diff
diagrams build theirs from :func:`style_legend` too.
"""

from __future__ import annotations

from collections.abc import Iterable

from liveflow_graph.diagrams.overlays import (
    COVERAGE_NEVER_STYLE,
    COVERAGE_REACHED_STYLE,
    finding_class,
    session_class,
)
from liveflow_graph.diagrams.style import (
    GROUP_STYLE,
    MISSING_STEP_STYLE,
    SESSION_COLORS,
    SEVERITY_COLORS,
    STEP_STYLES,
    UNREACHABLE_STYLE,
    NodeStyle,
    step_style,
)
from liveflow_graph.diagrams.view import EdgeView, LegendEntry, NodeView
from liveflow_graph.validation.diagnostics import Severity

__all__ = ["diagram_legend", "style_legend"]

_SESSION_MARKS = (
    ("visited", "step the session ran"),
    ("current", "step the session is at"),
    ("failed", "step the session failed at"),
)


def style_legend(present: set[str], *extra: NodeStyle) -> list[LegendEntry]:
    """Legend entries for the step-type styles (then ``extra`` styles) whose CSS class is
    among ``present``, in a fixed order."""
    return [
        LegendEntry(style.css_class, style.legend, style)
        for style in (*STEP_STYLES.values(), step_style(None), *extra)
        if style.css_class in present
    ]


def diagram_legend(nodes: Iterable[NodeView], edges: Iterable[EdgeView]) -> tuple[LegendEntry, ...]:
    """The legend of a flow diagram with these nodes and edges."""
    classes = {c for node in nodes for c in node.classes} | {
        c for edge in edges for c in edge.classes
    }
    entries = style_legend(classes, MISSING_STEP_STYLE, UNREACHABLE_STYLE, GROUP_STYLE)
    for severity in Severity:
        key = finding_class(severity)
        if key in classes:
            entries.append(_ring(key, f"{severity.value} finding", SEVERITY_COLORS[severity]))
    for mark, text in _SESSION_MARKS:
        key = session_class(mark)
        if key in classes:
            entries.append(_ring(key, text, SESSION_COLORS[mark]))
    for coverage in (COVERAGE_REACHED_STYLE, COVERAGE_NEVER_STYLE):
        if coverage.css_class in classes:
            entries.append(LegendEntry(coverage.css_class, coverage.legend, coverage))
    return tuple(entries)


def _ring(key: str, text: str, color: str) -> LegendEntry:
    """An entry drawn as a white box with a thick ``color`` border (an overlay's mark)."""
    return LegendEntry(
        key,
        text,
        NodeStyle(
            legend=text,
            css_class=key,
            shape="box",
            style="filled,rounded",
            fillcolor="#ffffff",
            color=color,
            fontcolor="#212121",
            mermaid_open="(",
            mermaid_close=")",
            penwidth=3.0,
        ),
    )
