"""What the overlays add to a flow diagram: findings and sessions.

Findings (``DiagramOptions.findings``) are placed on the steps and transitions they name;
a node or edge with findings gets a border coloured by the worst severity and the messages
in its tooltip, and findings tied to nothing drawn go to one notes box.  One session
(``DiagramOptions.session``) marks the steps it ran, the step it is at or failed at and the
transitions it took; all sessions (``DiagramOptions.sessions``) count, per step and per
transition, how many sessions reached it, are at it, failed at it or took it, and draw the
session coverage (:mod:`~liveflow_graph.sessions.coverage`): steps no session ran greyed,
the others shaded by how many sessions ran them, transitions as thick as the number of
sessions known to have taken them.

:mod:`~liveflow_graph.diagrams.build` applies these to the nodes and edges it builds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace

from liveflow_graph.diagrams.style import SEVERITY_COLORS, NodeStyle
from liveflow_graph.diagrams.view import NodeView, tooltip_text
from liveflow_graph.errors import ConfigError
from liveflow_graph.escape import truncate
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import FAILED_STATUSES, Session
from liveflow_graph.sessions.analytics import analyze_sessions
from liveflow_graph.sessions.coverage import graph_coverage
from liveflow_graph.validation.diagnostics import Diagnostic, Severity

__all__ = [
    "COVERAGE_LEVELS",
    "COVERAGE_NEVER_STYLE",
    "COVERAGE_REACHED_STYLE",
    "PlacedFindings",
    "SessionCounts",
    "SessionPath",
    "chosen_session",
    "coverage_style",
    "finding_class",
    "finding_lines",
    "notes_node",
    "place_findings",
    "session_class",
    "session_counts",
    "session_path",
    "worst",
]


# -- findings -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlacedFindings:
    """The findings of one version by where they are drawn."""

    steps: dict[str, list[Diagnostic]] = field(default_factory=dict)
    """Step id (or missing step id) -> the findings that name it."""
    transitions: dict[str, list[Diagnostic]] = field(default_factory=dict)
    """Transition id -> the findings that name it."""
    notes: list[Diagnostic] = field(default_factory=list)
    """Findings that name no step or transition of the diagram (the notes box)."""


def place_findings(
    graph: FlowGraph, findings: Sequence[Diagnostic], missing_ids: Collection[str]
) -> PlacedFindings:
    """``findings`` placed on the steps, missing steps (``missing_ids``) and transitions of
    ``graph`` they name; findings of another version are left out."""
    placed = PlacedFindings()
    for finding in findings:
        if finding.version_id is not None and finding.version_id != graph.version_id:
            continue
        found = False
        for sid in finding.step_ids:
            if sid in graph.steps or sid in missing_ids:
                placed.steps.setdefault(sid, []).append(finding)
                found = True
        for tid in finding.transition_ids:
            if tid in graph.transitions:
                placed.transitions.setdefault(tid, []).append(finding)
                found = True
        if not found:
            placed.notes.append(finding)
    return placed


def worst(findings: Sequence[Diagnostic]) -> Severity:
    """The highest severity among ``findings`` (not empty)."""
    return max((Severity(f.severity) for f in findings), key=lambda s: s.rank)


def finding_class(severity: Severity) -> str:
    """The CSS class of a node or edge whose worst finding has ``severity``."""
    return f"finding-{severity.value}"


def finding_lines(findings: Sequence[Diagnostic]) -> list[str]:
    """One tooltip line per finding, the most severe first."""
    ordered = sorted(findings, key=lambda f: (-Severity(f.severity).rank, f.code, f.message))
    return [f"{f.code} {f.rule} ({Severity(f.severity).value}): {f.message}" for f in ordered]


def notes_node(notes: Sequence[Diagnostic]) -> NodeView:
    """The box that lists the findings tied to no step (``notes``, not empty)."""
    lines = finding_lines(notes)
    shown = [truncate(line, 80) for line in lines[:8]]
    if len(lines) > len(shown):
        shown.append(f"... and {len(lines) - len(shown)} more")
    severity = worst(notes)
    return NodeView(
        node_id="notes",
        kind="note",
        step_id=None,
        label="\n".join(["findings not tied to a step:", *shown]),
        tooltip=tooltip_text(lines),
        style=NodeStyle(
            legend="findings",
            css_class="notes",
            shape="note",
            style="filled",
            fillcolor="#fffde7",
            color=SEVERITY_COLORS[severity],
            fontcolor="#212121",
            mermaid_open="[",
            mermaid_close="]",
        ),
        classes=("notes", finding_class(severity)),
    )


# -- one session ----------------------------------------------------------------------------


def session_class(mark: str) -> str:
    """The CSS class of a step a session marks ``"visited"``, ``"current"`` or ``"failed"``."""
    return f"session-{mark}"


def chosen_session(graph: FlowGraph, chosen: Session | str | None) -> Session | None:
    """The session ``DiagramOptions.session`` names (an id of one of ``graph``'s sessions,
    or a session of ``graph``'s version), or :class:`ConfigError`."""
    if chosen is None:
        return None
    if isinstance(chosen, str):
        found = next((s for s in graph.sessions if s.id == chosen), None)
        if found is None:
            known = ", ".join(s.id for s in graph.sessions) or "none"
            raise ConfigError(
                f"no session {chosen!r} ran on version {graph.version_id} (sessions: {known})"
            )
        return found
    ran_on = chosen.flow_version.id if chosen.flow_version is not None else None
    if ran_on is not None and ran_on != graph.version_id:
        raise ConfigError(
            f"session {chosen.id} ran on version {ran_on}, the diagram shows version "
            f"{graph.version_id}: draw the session itself or its version"
        )
    return chosen


@dataclass(frozen=True, slots=True)
class SessionPath:
    """One session drawn on its version."""

    marks: dict[str, str] = field(default_factory=dict)
    """Step id -> ``"visited"``, ``"current"`` or ``"failed"``."""
    notes: dict[str, str] = field(default_factory=dict)
    """Step id -> when the session ran it (``"#1, #4 failed (FAILED)"``)."""
    edges: set[str] = field(default_factory=set)
    """Ids of the transitions the session took."""


def session_path(graph: FlowGraph, session: Session | None) -> SessionPath:
    """Where ``session`` went on ``graph`` (nothing for ``None``)."""
    if session is None:
        return SessionPath()
    marks: dict[str, str] = {}
    notes: dict[str, list[str]] = {}
    path_edges: set[str] = set()
    previous: str | None = None
    for position, run in enumerate(session.steps, start=1):
        sid = run.step_id
        if sid is None or sid not in graph.steps:
            continue
        marks.setdefault(sid, "visited")
        note = f"#{position}"
        if (run.status or "") in FAILED_STATUSES:
            marks[sid] = "failed"
            note += " failed"
        notes.setdefault(sid, []).append(note)
        if previous is not None and graph.graph.has_edge(previous, sid):
            path_edges.update(graph.graph[previous][sid])
        previous = sid
    current = session.current_step.step_id if session.current_step is not None else None
    if current is not None and current in graph.steps:
        failed = (session.status or "") in FAILED_STATUSES
        if failed or marks.get(current) != "failed":
            marks[current] = "failed" if failed else "current"
        status = session.status or "no status"
        here = notes.setdefault(current, [])
        if failed and here and here[-1].endswith(" failed"):
            here[-1] += f" ({status})"  # "#4 failed (FAILED)", not "failed" twice
        else:
            here.append(f"{'failed' if failed else 'current'} ({status})")
    return SessionPath(marks, {sid: ", ".join(n) for sid, n in notes.items()}, path_edges)


# -- all sessions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionCounts:
    """All sessions of a version, counted on its steps and transitions."""

    steps: dict[str, str] = field(default_factory=dict)
    """Step id -> ``"reached 5, at 1, failed 2"`` (steps no session reached are left out)."""
    edges: Counter[str] = field(default_factory=Counter)
    """Transition id -> how many sessions are known to have taken it."""
    reached: dict[str, int] = field(default_factory=dict)
    """Step id -> how many sessions ran it, for every step of the version (0: none)."""

    @property
    def most(self) -> int:
        """The most sessions any step was reached by (0 when none was)."""
        return max(self.reached.values(), default=0)


def session_counts(graph: FlowGraph) -> SessionCounts:
    """How many of ``graph``'s sessions reached, are at and failed at each step, and how
    many took each transition (the coverage's reading of the sessions' paths)."""
    stats = analyze_sessions(graph.sessions)
    counts: dict[str, str] = {}
    for sid, activity in stats.steps.items():
        if sid not in graph.steps:
            continue
        parts = [f"reached {activity.reached}"] if activity.reached else []
        if activity.current:
            parts.append(f"at {activity.current}")
        if activity.failed:
            parts.append(f"failed {activity.failed}")
        if parts:
            counts[sid] = ", ".join(parts)
    covered = graph_coverage(graph)
    edge_counts: Counter[str] = Counter(
        {t.transition_id: t.sessions for t in covered.transitions if t.sessions}
    )
    reached = {step.step_id: step.sessions for step in covered.steps}
    return SessionCounts(counts, edge_counts, reached)


# -- coverage -------------------------------------------------------------------------------

COVERAGE_NEVER_STYLE = NodeStyle(
    legend="no session ran it",
    css_class="coverage-never",
    shape="box",
    style="filled",
    fillcolor="#f5f5f5",
    color="#bdbdbd",
    fontcolor="#616161",
    mermaid_open="[",
    mermaid_close="]",
)
"""The fill, border and text of a step no session ran (its shape stays its type's)."""

COVERAGE_REACHED_STYLE = NodeStyle(
    legend="ran by sessions (darker: more of them)",
    css_class="coverage-reached",
    shape="box",
    style="filled",
    fillcolor="#ce93d8",
    color="#6a1b9a",
    fontcolor="#4a148c",
    mermaid_open="[",
    mermaid_close="]",
)
"""A step the most sessions ran; fewer sessions give a lighter fill (down to
:data:`_LIGHTEST`), always with this text colour (contrast 5:1 or more)."""

_LIGHTEST = "#f3e5f5"

COVERAGE_LEVELS = 4
"""Shades of the reached fill, from :data:`_LIGHTEST` to the darkest."""


def _mix(light: str, dark: str, weight: float) -> str:
    """The colour ``weight`` of the way from ``light`` to ``dark`` (0 to 1)."""
    channels = (
        round(int(light[i : i + 2], 16) * (1 - weight) + int(dark[i : i + 2], 16) * weight)
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{c:02x}" for c in channels)


def coverage_style(base: NodeStyle, sessions: int, most: int) -> tuple[NodeStyle, str]:
    """``base`` (a step type's style, shape kept) filled for a step ``sessions`` of the
    version's sessions ran, ``most`` being the most any step was run by; and the CSS class
    of the mark (``coverage-never`` or ``coverage-reached``).

    Fills come in :data:`COVERAGE_LEVELS` shades (the share of ``most``, rounded up), so
    a diagram has few distinct looks; the style's ``css_class`` names its shade
    (``llm-coverage-3``) for writers that style nodes by class (Mermaid)."""
    words = [word for word in base.style.split(",") if word not in ("filled", "dashed")]
    if sessions <= 0 or most <= 0:
        mark, level, fill = COVERAGE_NEVER_STYLE, 0, COVERAGE_NEVER_STYLE.fillcolor
    else:
        mark = COVERAGE_REACHED_STYLE
        level = max(1, min(COVERAGE_LEVELS, -(-sessions * COVERAGE_LEVELS // most)))
        fill = _mix(_LIGHTEST, mark.fillcolor, (level - 1) / (COVERAGE_LEVELS - 1))
    shaded = replace(
        base,
        css_class=f"{base.css_class}-coverage-{level}",
        style=",".join(["filled", *words]),
        fillcolor=fill,
        color=mark.color,
        fontcolor=mark.fontcolor,
    )
    return shaded, mark.css_class
