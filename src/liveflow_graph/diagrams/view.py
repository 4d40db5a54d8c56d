"""The renderer-neutral view of a flow diagram, and the options that choose what it shows.

A :class:`Diagram` is what the DOT and Mermaid writers format: :class:`NodeView` and
:class:`EdgeView` records in canonical order, with generated ids, labels, tooltips, CSS
classes and overlay styling, and the :class:`LegendEntry` lines that explain them.
:mod:`~liveflow_graph.diagrams.build` makes one from a flow and :class:`DiagramOptions`.
Text here is raw user text: each writer escapes it for its own language.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from liveflow_graph.diagrams.style import (
    EDGE_COLOR,
    TITLE_NAME_LIMIT,
    TITLE_WIDTH,
    TOOLTIP_LIMIT,
    NodeStyle,
)
from liveflow_graph.errors import ConfigError
from liveflow_graph.escape import truncate
from liveflow_graph.model.models import Session
from liveflow_graph.validation.diagnostics import Diagnostic

__all__ = [
    "MAX_RADIUS",
    "RANKDIRS",
    "Diagram",
    "DiagramOptions",
    "EdgeView",
    "LegendEntry",
    "NodeView",
    "Overview",
    "checked_radius",
    "checked_rankdir",
    "drawn_title",
    "node_ids_for",
    "title_part",
    "tooltip_text",
    "wrap_title",
]

RANKDIRS = ("TB", "LR", "BT", "RL")
"""Accepted layout directions (top-down, left-right, bottom-up, right-left)."""


def checked_rankdir(value: object) -> str:
    """``value`` as an upper-case Graphviz rankdir, or :class:`ConfigError`."""
    rankdir = value.upper() if isinstance(value, str) else value
    if not isinstance(rankdir, str) or rankdir not in RANKDIRS:
        raise ConfigError(f"unknown rankdir {value!r} (must be one of {', '.join(RANKDIRS)})")
    return rankdir


MAX_RADIUS = sys.maxsize
"""The largest focus radius accepted (far more transitions than any flow has: a larger
radius draws no more)."""


def checked_radius(value: object) -> int:
    """``value`` as a focus radius (a whole number from 0 to :data:`MAX_RADIUS`), or
    :class:`ConfigError`: floats (``1e9``, ``inf``), booleans and out-of-range ints."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_RADIUS:
        raise ConfigError(
            f"radius must be a whole number from 0 to {MAX_RADIUS}, not {_described(value)}"
        )
    return value


def _described(value: object) -> str:
    """``value`` for an error message: short, even for an int too long for ``repr`` (Python
    refuses to write out more than 4,300 digits)."""
    if isinstance(value, int) and value.bit_length() > 128:
        return f"a {value.bit_length()}-bit number" if value > 0 else "a large negative number"
    return truncate(repr(value), 40)


@dataclass(frozen=True)
class DiagramOptions:
    """What to draw and how.

    ``rankdir``: ``"TB"`` (top-down, default), ``"LR"``, ``"BT"`` or ``"RL"``.
    ``findings``: diagnostics to overlay (colour by severity, codes under the step's name,
    the messages in tooltips); findings of another version are ignored.
    ``session``: a :class:`~liveflow_graph.model.models.Session` (or the id of one of the graph's
    sessions) whose path, current step and failed step are overlaid.
    ``sessions``: overlay how many of the graph's sessions reached, are at and failed at
    each step (exclusive with ``session``).
    ``focus``: a step id or name; only steps within ``radius`` transitions of it (in either
    direction) are drawn, with "+N upstream/downstream" stubs for what is cut off; any
    ``radius`` up to :data:`MAX_RADIUS` costs at most one pass over the graph.
    ``legend`` and ``title`` switch the legend and the title line on or off.
    ``overview``: draw groups of steps instead of every step
    (:mod:`~liveflow_graph.diagrams.overview`): ``True`` always, ``False`` never, ``None``
    (default) when more than :data:`~liveflow_graph.diagrams.overview.OVERVIEW_STEPS`
    steps would be drawn; :attr:`Diagram.overview` then says what was grouped.
    """

    rankdir: str = "TB"
    findings: Sequence[Diagnostic] = ()
    session: Session | str | None = None
    sessions: bool = False
    focus: str | None = None
    radius: int = 1
    legend: bool = True
    title: bool = True
    overview: bool | None = None

    def __post_init__(self) -> None:
        if self.overview is not None and not isinstance(self.overview, bool):
            raise ConfigError(f"overview must be True, False or None, not {self.overview!r}")
        object.__setattr__(self, "rankdir", checked_rankdir(self.rankdir))
        object.__setattr__(self, "radius", checked_radius(self.radius))
        if self.session is not None and self.sessions:
            raise ConfigError("overlay either one session or all sessions, not both")
        object.__setattr__(self, "findings", tuple(self.findings))


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One legend line: a sample node drawn in ``style`` with ``text`` beside it."""

    key: str
    text: str
    style: NodeStyle


@dataclass(frozen=True, slots=True)
class NodeView:
    """One node: a step, a missing-step placeholder, a focus stub, the notes box or (in an
    overview) a group of steps.

    ``label``, ``tooltip`` and ``xlabel`` are raw text; ``color`` and ``penwidth``
    override the style's border when an overlay applies.  The overlays' words (finding
    codes, session notes) are lines of ``label``, under the step's name, and are kept as
    ``overlay`` too (for an overview's group to list them); ``xlabel``, text that Graphviz
    places beside the node wherever it finds room, is left to other diagrams.
    """

    node_id: str
    kind: Literal["step", "missing", "stub", "note", "group"]
    step_id: str | None
    label: str
    tooltip: str
    style: NodeStyle
    classes: tuple[str, ...]
    xlabel: str | None = None
    color: str | None = None
    penwidth: float | None = None
    peripheries: int | None = None
    overlay: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EdgeView:
    """One edge: a transition (possibly dangling) or a focus stub link."""

    edge_id: str
    source: str
    target: str
    transition_id: str | None
    label: str
    tooltip: str
    classes: tuple[str, ...]
    color: str = EDGE_COLOR
    penwidth: float | None = None
    style: str | None = None
    xlabel: str | None = None
    constraint: bool = True
    """``False``: the layout ranks nodes without this edge (an overview's edges back
    towards START)."""


@dataclass(frozen=True, slots=True)
class Diagram:
    """Everything a writer needs, in canonical order."""

    title: str | None
    rankdir: str
    nodes: tuple[NodeView, ...]
    edges: tuple[EdgeView, ...]
    start_node_ids: tuple[str, ...]
    legend: tuple[LegendEntry, ...]
    node_ids: dict[str, str] = field(default_factory=dict)
    """Step id -> node id for every step of the version (drawn or not)."""
    missing_node_ids: dict[str, str] = field(default_factory=dict)
    """Missing step id -> placeholder node id."""
    title_tooltip: str | None = None
    """The whole title, when the one drawn is shortened or wrapped (:func:`drawn_title`)."""
    overview: Overview | None = None
    """What an overview grouped (``None``: every step is drawn)."""


@dataclass(frozen=True, slots=True)
class Overview:
    """How an overview (:mod:`~liveflow_graph.diagrams.overview`) drew a big flow."""

    steps: int
    """The step nodes the full diagram has."""
    nodes: int
    """The step and group nodes drawn instead (each step in exactly one)."""
    grouping: Literal["chains", "distance", "bands"]
    """``"chains"``: linear chains of steps; ``"distance"``: steps joined by transitions
    within a band of distances from START; ``"bands"``: all steps of a band."""
    width: int
    """How many distances from START one band spans (0 for ``"chains"``)."""
    groups: Mapping[str, tuple[str, ...]]
    """Group node id -> the ids of its steps (two or more), in drawing order; steps in no
    group are drawn as themselves."""
    automatic: bool
    """Whether the overview was chosen for the flow's size (``DiagramOptions.overview`` is
    ``None``) rather than asked for."""
    hidden: int = 0
    """Transitions not drawn: when groups by distance have more edges back to groups
    nearer START than groups, only the edges that stand for the most transitions are
    drawn (the tooltip of each group counts the rest)."""

    @property
    def how(self) -> str:
        """What was grouped, in words."""
        if self.grouping == "chains":
            return "each linear chain of steps drawn as one node"
        what = "connected steps" if self.grouping == "distance" else "steps"
        band = f", {self.width} distances per band" if self.width > 1 else ""
        return f"{what} grouped by distance from START{band}"

    @property
    def note(self) -> str:
        """One line for the drawing and for a terminal: what the overview shows."""
        hidden = (
            f"; {self.hidden:,} transitions back towards START not drawn" if self.hidden else ""
        )
        return f"overview: {self.steps:,} steps as {self.nodes:,} nodes ({self.how}{hidden})"


def node_ids_for(step_ids: Iterable[str], prefix: str = "s") -> dict[str, str]:
    """Generated node ids (``s0``, ``s1``, ...) for step ids, in the order given.

    User ids are never used as DOT ids: ``graphviz`` reads ``a:b`` as node ``a``, port ``b``.
    """
    return {sid: f"{prefix}{i}" for i, sid in enumerate(dict.fromkeys(step_ids))}


def tooltip_text(lines: Iterable[str]) -> str:
    """A node's or edge's tooltip: ``lines`` one per line, cut to :data:`TOOLTIP_LIMIT`."""
    return truncate("\n".join(lines), TOOLTIP_LIMIT)


def title_part(text: str) -> str:
    """A user string (a flow or step name, an id, a status) as a title quotes it: cut to
    :data:`~liveflow_graph.diagrams.style.TITLE_NAME_LIMIT` characters."""
    return truncate(text, TITLE_NAME_LIMIT)


_SEPARATOR = " · "


def wrap_title(text: str, width: int = TITLE_WIDTH) -> str:
    """``text`` with each line longer than ``width`` characters broken between its
    `` · ``-separated parts, and a part longer than a line at spaces (anywhere when it has
    none).  Shorter lines stay as they are."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend([line] if len(line) <= width else _wrapped_line(line, width))
    return "\n".join(lines)


def _wrapped_line(line: str, width: int) -> list[str]:
    """One long title line as lines of at most ``width`` characters."""
    lines: list[str] = []
    current: str | None = None
    for part in line.split(_SEPARATOR):
        pieces = textwrap.wrap(part, width, break_on_hyphens=False) or [part]
        if current is not None and len(current) + len(_SEPARATOR) + len(pieces[0]) <= width:
            current += _SEPARATOR + pieces.pop(0)
        if pieces:
            if current is not None:
                lines.append(current)
            lines.extend(pieces[:-1])
            current = pieces[-1]
    if current is not None:
        lines.append(current)
    return lines


def drawn_title(compose: Callable[[Callable[[str], str]], str]) -> tuple[str, str | None]:
    """A diagram's title as drawn, and its tooltip.

    ``compose(quote)`` writes the title, passing each user string in it through ``quote``.
    The title drawn has those cut (:func:`title_part`) and its long lines wrapped
    (:func:`wrap_title`); when that changes it, the tooltip is the whole title (cut to
    :data:`TOOLTIP_LIMIT`), else ``None``.
    """
    whole = compose(str)
    drawn = wrap_title(compose(title_part))
    return drawn, tooltip_text([whole]) if drawn != whole else None
