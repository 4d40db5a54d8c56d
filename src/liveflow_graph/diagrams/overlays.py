"""What the overlays add to a flow diagram: findings and sessions.

Findings (``DiagramOptions.findings``) are placed on the steps and transitions they name;
a node or edge with findings gets a border coloured by the worst severity and the messages
in its tooltip, and findings tied to nothing drawn go to one notes box.  One session
(``DiagramOptions.session``) marks the steps it ran, the step it is at or failed at and the
transitions it took; all sessions (``DiagramOptions.sessions``) count, per step and per
transition, how many sessions reached it, are at it, failed at it or took it.

:mod:`~liveflow_graph.diagrams.build` applies these to the nodes and edges it builds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from liveflow_graph.diagrams.style import SEVERITY_COLORS, NodeStyle
from liveflow_graph.diagrams.view import NodeView, tooltip_text
from liveflow_graph.errors import ConfigError
from liveflow_graph.escape import truncate
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import FAILED_STATUSES, Session
from liveflow_graph.sessions.analytics import analyze_sessions
from liveflow_graph.validation.diagnostics import Diagnostic, Severity

__all__ = [
    "PlacedFindings",
    "SessionCounts",
    "SessionPath",
    "chosen_session",
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
    """Transition id -> how many sessions took it."""


def session_counts(graph: FlowGraph) -> SessionCounts:
    """How many of ``graph``'s sessions reached, are at and failed at each step, and how
    many took each transition."""
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
    edge_counts: Counter[str] = Counter()
    for session in graph.sessions:
        ids = [run.step_id for run in session.steps if run.step_id in graph.steps]
        taken: set[str] = set()
        for a, b in pairwise(ids):
            if a is not None and b is not None and graph.graph.has_edge(a, b):
                taken.update(graph.graph[a][b])
        edge_counts.update(taken)
    return SessionCounts(counts, edge_counts)
