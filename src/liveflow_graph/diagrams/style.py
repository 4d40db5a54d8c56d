"""How diagrams look: one shape and colour set per step type, per severity and per overlay.

DOT (:mod:`liveflow_graph.diagrams.dot`), Mermaid (:mod:`liveflow_graph.diagrams.mermaid`)
and the version diff diagrams all read these constants, so every diagram speaks the same
visual language.
Every value here is ours (never user text), so it may be written into DOT or Mermaid as is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from liveflow_graph.model.models import StepType
from liveflow_graph.validation.diagnostics import Severity

__all__ = [
    "BACKGROUND",
    "CHANGE_COLORS",
    "DEFAULT_STEP_STYLE",
    "EDGE_COLOR",
    "FONT",
    "GROUP_STYLE",
    "MIN_CONTRAST",
    "MISSING_STEP_STYLE",
    "SESSION_COLORS",
    "SEVERITY_COLORS",
    "STEP_STYLES",
    "STUB_STYLE",
    "UNREACHABLE_STYLE",
    "NodeStyle",
    "contrast_ratio",
    "readable_on",
    "step_style",
]

FONT = "Helvetica"
"""Font family of every diagram.

One family that Graphviz knows: it sizes nodes, labels and the title with its own metrics
of the font named, and a name it does not know (a CSS list such as
``"Helvetica,Arial,sans-serif"``) gets Times metrics, about 10% narrower than the Helvetica
or Arial a browser draws, so text overflowed its box and a title wider than the graph was
clipped at both ends.  The SVG names it ``"Helvetica,sans-Serif"``.
"""

EDGE_COLOR = "#455a64"
"""Colour of an ordinary transition."""

BACKGROUND = "#ffffff"
"""The page behind a diagram: what edge labels and the title are drawn on."""

MIN_CONTRAST = 4.5
"""The least contrast ratio between any text and what is drawn behind it (WCAG 2's level
AA for text of normal size: our labels are 9-13 pt)."""


_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def _luminance(color: str) -> float:
    """The relative luminance (WCAG 2) of a ``#rrggbb`` colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 (none) to 21."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_on(color: str, background: str = BACKGROUND) -> str:
    """``color`` for text on ``background``: itself when the two contrast by at least
    :data:`MIN_CONTRAST`, else the same hue darkened (mixed with black in 5% steps) until
    they do.  An orange border (``#ef6c00``, 3.1:1 on white) labels its edge in
    ``#bf5600``.  A colour not written ``#rrggbb`` (a Graphviz name) is left as it is."""
    if not (_HEX.fullmatch(color) and _HEX.fullmatch(background)):
        return color
    if contrast_ratio(color, background) >= MIN_CONTRAST:
        return color
    channels = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    shade = color
    for step in range(1, 21):
        shade = "#" + "".join(f"{round(c * (1 - step / 20)):02x}" for c in channels)
        if contrast_ratio(shade, background) >= MIN_CONTRAST:
            break
    return shade


@dataclass(frozen=True, slots=True)
class NodeStyle:
    """The look of one kind of node.

    ``shape`` and ``style`` are Graphviz attribute values; ``mermaid_open`` and
    ``mermaid_close`` are the brackets of the same shape in Mermaid; ``css_class`` is the
    class written on the node (an identifier: letters, digits and ``-``); ``legend`` is
    the text of its legend entry.
    """

    legend: str
    css_class: str
    shape: str
    style: str
    fillcolor: str
    color: str
    fontcolor: str
    mermaid_open: str
    mermaid_close: str
    penwidth: float = 1.2


STEP_STYLES: Mapping[str, NodeStyle] = MappingProxyType(
    {
        StepType.START.value: NodeStyle(
            legend="START step",
            css_class="start",
            shape="oval",
            style="filled,bold",
            fillcolor="#2e7d32",
            color="#1b5e20",
            fontcolor="#ffffff",
            mermaid_open="([",
            mermaid_close="])",
            penwidth=2.0,
        ),
        StepType.LLM.value: NodeStyle(
            legend="LLM step",
            css_class="llm",
            shape="box",
            style="filled,rounded",
            fillcolor="#e3f2fd",
            color="#1565c0",
            fontcolor="#0d47a1",
            mermaid_open="(",
            mermaid_close=")",
        ),
        StepType.USER_INPUT.value: NodeStyle(
            legend="user input step",
            css_class="user-input",
            shape="parallelogram",
            style="filled",
            fillcolor="#fff8e1",
            color="#f9a825",
            fontcolor="#5d4037",
            mermaid_open="[/",
            mermaid_close="/]",
        ),
    }
)
"""The style of each known step type, keyed by ``step_type``."""

DEFAULT_STEP_STYLE = NodeStyle(
    legend="other step type",
    css_class="other-type",
    shape="box",
    style="filled",
    fillcolor="#f5f5f5",
    color="#616161",
    fontcolor="#212121",
    mermaid_open="[",
    mermaid_close="]",
)
"""The style of a step whose type we do not know (types are an open set)."""

MISSING_STEP_STYLE = NodeStyle(
    legend="missing step (a transition points at no step)",
    css_class="missing",
    shape="box",
    style="dashed,filled",
    fillcolor="#ffebee",
    color="#c62828",
    fontcolor="#b71c1c",
    mermaid_open="{{",
    mermaid_close="}}",
    penwidth=1.5,
)
"""The placeholder a dangling transition leads to (or comes from)."""

UNREACHABLE_STYLE = NodeStyle(
    legend="unreachable from START",
    css_class="unreachable",
    shape="box",
    style="dashed,filled",
    fillcolor="#eeeeee",
    color="#9e9e9e",
    fontcolor="#616161",
    mermaid_open="[",
    mermaid_close="]",
)
"""Overrides the fill, border and text colours (and dashes the border) of unreachable
steps; their shape stays the one of their type."""

SEVERITY_COLORS: Mapping[Severity, str] = MappingProxyType(
    {
        Severity.ERROR: "#d32f2f",
        Severity.WARNING: "#ef6c00",
        Severity.INFO: "#1976d2",
    }
)
"""Border colour of a step or transition with a finding of this severity."""

SESSION_COLORS: Mapping[str, str] = MappingProxyType(
    {
        "visited": "#6a1b9a",
        "current": "#00838f",
        "failed": "#d32f2f",
    }
)
"""Session overlay colours: steps a session ran, the step it is at, the step it failed at."""

CHANGE_COLORS: Mapping[str, str] = MappingProxyType(
    {
        "added": "#2e7d32",
        "removed": "#c62828",
        "changed": "#ef6c00",
    }
)
"""Colours of added, removed and changed elements in diff diagrams."""


def step_style(step_type: str | None) -> NodeStyle:
    """The style of a step type, :data:`DEFAULT_STEP_STYLE` for a type we do not know."""
    if step_type is None:
        return DEFAULT_STEP_STYLE
    return STEP_STYLES.get(step_type, DEFAULT_STEP_STYLE)


STUB_STYLE = NodeStyle(
    legend="steps left out of the focus view",
    css_class="stub",
    shape="plaintext",
    style="solid",
    fillcolor="#ffffff",
    color="#9e9e9e",
    fontcolor="#757575",
    mermaid_open="[",
    mermaid_close="]",
)
"""The "+N upstream/downstream" placeholders of a focus view."""

GROUP_STYLE = NodeStyle(
    legend="several steps drawn as one (overview)",
    css_class="group",
    shape="box3d",
    style="filled",
    fillcolor="#eceff1",
    color="#546e7a",
    fontcolor="#263238",
    mermaid_open="[[",
    mermaid_close="]]",
)
"""A group of steps in the overview of a big flow (a chain, or the steps at similar
distances from START)."""


LABEL_LIMIT = 48
"""Longest step name or transition label drawn in full (the tooltip has the rest)."""

TOOLTIP_LIMIT = 600
"""Longest tooltip text."""

TITLE_WIDTH = 120
"""Longest title line, in characters: a longer one wraps."""

TITLE_NAME_LIMIT = 100
"""Longest user string (flow name, version or session id, status, focus step name) drawn
in full in a title, so that one fits a line with the words around it (the tooltip has
them whole)."""
