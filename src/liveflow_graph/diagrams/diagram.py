"""What a diagram shows, before it is written as DOT or Mermaid.

:func:`build_diagram` turns a :class:`~liveflow_graph.graph.flowgraph.FlowGraph` and
:class:`DiagramOptions` into a :class:`Diagram`: nodes and edges in canonical order (BFS from
START, ties by id) with generated ids, labels, tooltips, CSS classes and overlay styling.
The DOT and Mermaid writers only format it, so both always agree.  Text here is raw user
text: each writer escapes it for its own language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from liveflow_graph.diagrams.style import (
    EDGE_COLOR,
    LABEL_LIMIT,
    MISSING_STEP_STYLE,
    SESSION_COLORS,
    SEVERITY_COLORS,
    STEP_STYLES,
    STUB_STYLE,
    TOOLTIP_LIMIT,
    UNREACHABLE_STYLE,
    NodeStyle,
    step_style,
)
from liveflow_graph.errors import ConfigError
from liveflow_graph.escape import truncate
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import (
    FAILED_STATUSES,
    FlowVersion,
    LiveFlow,
    Session,
)
from liveflow_graph.model.payload import Payload, VersionRef
from liveflow_graph.sessions.analytics import analyze_sessions
from liveflow_graph.validation.diagnostics import Diagnostic, Severity

__all__ = [
    "RANKDIRS",
    "Diagram",
    "DiagramOptions",
    "Diagrammable",
    "EdgeView",
    "LegendEntry",
    "NodeView",
    "build_diagram",
    "diagram_of",
    "flow_graph_of",
    "node_ids_for",
    "style_legend",
]

RANKDIRS = ("TB", "LR", "BT", "RL")
"""Accepted layout directions (top-down, left-right, bottom-up, right-left)."""


def style_legend(present: set[str], *extra: NodeStyle) -> list[LegendEntry]:
    """Legend entries for the step-type styles (then ``extra`` styles) whose CSS class is
    among ``present``, in a fixed order."""
    return [
        LegendEntry(style.css_class, style.legend, style)
        for style in (*STEP_STYLES.values(), step_style(None), *extra)
        if style.css_class in present
    ]


def checked_rankdir(value: object) -> str:
    """``value`` as an upper-case Graphviz rankdir, or :class:`ConfigError`."""
    rankdir = value.upper() if isinstance(value, str) else value
    if not isinstance(rankdir, str) or rankdir not in RANKDIRS:
        raise ConfigError(f"unknown rankdir {value!r} (must be one of {', '.join(RANKDIRS)})")
    return rankdir


@dataclass(frozen=True)
class DiagramOptions:
    """What to draw and how.

    ``rankdir``: ``"TB"`` (top-down, default), ``"LR"``, ``"BT"`` or ``"RL"``.
    ``findings``: diagnostics to overlay (colour by severity, codes next to the node, the
    messages in tooltips); findings of another version are ignored.
    ``session``: a :class:`~liveflow_graph.model.models.Session` (or the id of one of the graph's
    sessions) whose path, current step and failed step are overlaid.
    ``sessions``: overlay how many of the graph's sessions reached, are at and failed at
    each step (exclusive with ``session``).
    ``focus``: a step id or name; only steps within ``radius`` transitions of it (in either
    direction) are drawn, with "+N upstream/downstream" stubs for what is cut off.
    ``legend`` and ``title`` switch the legend and the title line on or off.
    """

    rankdir: str = "TB"
    findings: Sequence[Diagnostic] = ()
    session: Session | str | None = None
    sessions: bool = False
    focus: str | None = None
    radius: int = 1
    legend: bool = True
    title: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "rankdir", checked_rankdir(self.rankdir))
        if isinstance(self.radius, bool) or not isinstance(self.radius, int) or self.radius < 0:
            raise ConfigError(f"radius must be a whole number >= 0, not {self.radius!r}")
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
    """One node: a step, a missing-step placeholder, a focus stub or the notes box.

    ``label``, ``tooltip`` and ``xlabel`` are raw text; ``color`` and ``penwidth``
    override the style's border when an overlay applies.
    """

    node_id: str
    kind: Literal["step", "missing", "stub", "note"]
    step_id: str | None
    label: str
    tooltip: str
    style: NodeStyle
    classes: tuple[str, ...]
    xlabel: str | None = None
    color: str | None = None
    penwidth: float | None = None
    peripheries: int | None = None


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


def node_ids_for(step_ids: Iterable[str], prefix: str = "s") -> dict[str, str]:
    """Generated node ids (``s0``, ``s1``, ...) for step ids, in the order given.

    User ids are never used as DOT ids: ``graphviz`` reads ``a:b`` as node ``a``, port ``b``.
    """
    return {sid: f"{prefix}{i}" for i, sid in enumerate(dict.fromkeys(step_ids))}


Diagrammable = Payload | LiveFlow | FlowVersion | Session | VersionRef | FlowGraph
"""What the diagram functions accept."""


def flow_graph_of(obj: Diagrammable) -> FlowGraph:
    """The :class:`FlowGraph` of a flow (its current version), version, session or ref."""
    return obj if isinstance(obj, FlowGraph) else FlowGraph.of(obj)


def diagram_of(obj: Diagrammable, options: DiagramOptions | None = None) -> Diagram:
    """The renderer-neutral :class:`~liveflow_graph.diagrams.diagram.Diagram` of ``obj``."""
    return build_diagram(flow_graph_of(obj), options)


def build_diagram(graph: FlowGraph, options: DiagramOptions | None = None) -> Diagram:
    """The diagram of ``graph`` under ``options``; raises :class:`ConfigError` for a focus
    step or session that the graph does not have."""
    return _Builder(graph, options or DiagramOptions()).build()


class _Builder:
    def __init__(self, graph: FlowGraph, options: DiagramOptions) -> None:
        self.graph = graph
        self.options = options
        self.node_ids = node_ids_for(graph.bfs_order)
        self.order = {sid: i for i, sid in enumerate(graph.bfs_order)}
        missing = sorted(
            {d.transition.source_step_id for d in graph.dangling if d.missing_source}
            | {d.transition.target_step_id for d in graph.dangling if d.missing_target}
        )
        self.missing_ids = node_ids_for(missing, prefix="m")
        self.step_findings: dict[str, list[Diagnostic]] = {}
        self.transition_findings: dict[str, list[Diagnostic]] = {}
        self.notes: list[Diagnostic] = []
        self.focus_id: str | None = None
        self._sort_findings()

    # -- inputs ---------------------------------------------------------------------------

    def _sort_findings(self) -> None:
        for finding in self.options.findings:
            if finding.version_id is not None and finding.version_id != self.graph.version_id:
                continue
            placed = False
            for sid in finding.step_ids:
                if sid in self.node_ids or sid in self.missing_ids:
                    self.step_findings.setdefault(sid, []).append(finding)
                    placed = True
            for tid in finding.transition_ids:
                if tid in self.graph.transitions:
                    self.transition_findings.setdefault(tid, []).append(finding)
                    placed = True
            if not placed:
                self.notes.append(finding)

    def _focus_set(self) -> frozenset[str] | None:
        focus = self.options.focus
        if focus is None:
            return None
        if focus in self.graph.steps:
            centre = focus
        else:
            by_name = self.graph.steps_by_name.get(focus, ())
            if not by_name:
                raise ConfigError(
                    f"no step with id or name {focus!r} in version {self.graph.version_id}"
                )
            if len(by_name) > 1:
                raise ConfigError(
                    f"step name {focus!r} is used by {len(by_name)} steps "
                    f"({', '.join(sorted(by_name))}): focus on one of these ids"
                )
            centre = by_name[0]
        self.focus_id = centre
        seen = {centre}
        frontier = [centre]
        g = self.graph.graph
        for _ in range(self.options.radius):
            nxt: list[str] = []
            for sid in frontier:
                for other in (*g.successors(sid), *g.predecessors(sid)):
                    if other not in seen:
                        seen.add(other)
                        nxt.append(other)
            frontier = nxt
        return frozenset(seen)

    def _session(self) -> Session | None:
        chosen = self.options.session
        if chosen is None:
            return None
        if isinstance(chosen, str):
            found = next((s for s in self.graph.sessions if s.id == chosen), None)
            if found is None:
                known = ", ".join(s.id for s in self.graph.sessions) or "none"
                raise ConfigError(
                    f"no session {chosen!r} ran on version {self.graph.version_id} "
                    f"(sessions: {known})"
                )
            return found
        ran_on = chosen.flow_version.id if chosen.flow_version is not None else None
        if ran_on is not None and ran_on != self.graph.version_id:
            raise ConfigError(
                f"session {chosen.id} ran on version {ran_on}, the diagram shows version "
                f"{self.graph.version_id}: draw the session itself or its version"
            )
        return chosen

    # -- building -------------------------------------------------------------------------

    def build(self) -> Diagram:
        included = self._focus_set()
        shown = [sid for sid in self.graph.bfs_order if included is None or sid in included]
        session = self._session()
        marks, notes_by_step, path_edges = self._session_overlay(session)
        counts, edge_counts = self._sessions_overlay()

        nodes = [
            self._step_node(sid, marks.get(sid), notes_by_step.get(sid), counts.get(sid))
            for sid in shown
        ]
        shown_set = set(shown)
        edges = self._edges(shown_set, path_edges, edge_counts)
        edges_dangling, missing_nodes = self._dangling(included)
        nodes.extend(missing_nodes)
        edges.extend(edges_dangling)
        if included is not None:
            stub_nodes, stub_edges = self._stubs(shown, included)
            nodes.extend(stub_nodes)
            edges.extend(stub_edges)
        if self.notes:
            nodes.append(self._notes_node())
        starts = tuple(
            self.node_ids[sid] for sid in sorted(self.graph.start_step_ids) if sid in shown_set
        )
        legend = self._legend(nodes, edges) if self.options.legend else ()
        return Diagram(
            title=self._title(session) if self.options.title else None,
            rankdir=self.options.rankdir,
            nodes=tuple(nodes),
            edges=tuple(edges),
            start_node_ids=starts,
            legend=legend,
            node_ids=dict(self.node_ids),
            missing_node_ids=dict(self.missing_ids),
        )

    def _title(self, session: Session | None) -> str:
        parts = []
        if self.graph.flow is not None:
            parts.append(self.graph.flow.name)
        parts.append(f"version {self.graph.version_id}")
        if session is not None:
            parts.append(f"session {session.id} ({session.status or 'no status'})")
        elif self.options.sessions:
            parts.append(f"{len(self.graph.sessions)} sessions")
        if self.focus_id is not None:
            name = self.graph.steps[self.focus_id].name
            parts.append(f"around {name} (radius {self.options.radius})")
        return " · ".join(parts)

    def _step_node(
        self,
        sid: str,
        mark: str | None,
        session_note: str | None,
        counts: str | None,
    ) -> NodeView:
        step = self.graph.steps[sid]
        base = step_style(step.step_type)
        unreachable = sid not in self.graph.reachable
        style = base
        classes = ["step", base.css_class]
        lines = [truncate(step.name, LABEL_LIMIT)]
        if step.step_type not in STEP_STYLES:
            lines.append(f"[{truncate(step.step_type, LABEL_LIMIT)}]")
        if unreachable:
            style = _unreachable(base)
            classes.append(UNREACHABLE_STYLE.css_class)
            lines.append("(unreachable)")
        tip = [step.name, f"id: {sid}", f"type: {step.step_type}"]
        if unreachable:
            tip.append("unreachable from START")
        if step.prompt_template is not None:
            texts = [text for _, text in step.prompt_template.strings() if text.strip()]
            if texts:
                tip.append("prompt: " + "\n".join(texts))
        color: str | None = None
        penwidth: float | None = None
        xlabels: list[str] = []
        findings = self.step_findings.get(sid, [])
        if findings:
            worst = _worst(findings)
            classes.append(f"finding-{worst.value}")
            color, penwidth = SEVERITY_COLORS[worst], 3.0
            xlabels.append(" ".join(sorted({f.code for f in findings})))
            tip = [*_finding_lines(findings), *tip]
        if mark is not None:
            classes.append(f"session-{mark}")
            if color is None or mark != "visited":
                color, penwidth = SESSION_COLORS[mark], 3.0
        if session_note:
            xlabels.append(session_note)
            tip.append(f"session: {session_note}")
        if counts:
            classes.append("session-reached")
            xlabels.append(counts)
            tip.append(f"sessions: {counts}")
        return NodeView(
            node_id=self.node_ids[sid],
            kind="step",
            step_id=sid,
            label="\n".join(lines),
            tooltip=truncate("\n".join(tip), TOOLTIP_LIMIT),
            style=style,
            classes=(*classes, "focus") if sid == self.focus_id else tuple(classes),
            xlabel="\n".join(xlabels) or None,
            color=color,
            penwidth=penwidth,
            peripheries=2 if sid == self.focus_id else None,
        )

    def _edges(
        self,
        shown: set[str],
        path_edges: set[str],
        edge_counts: Counter[str],
    ) -> list[EdgeView]:
        out: list[EdgeView] = []
        number = 0
        busiest = max(edge_counts.values(), default=0)
        order = self.order
        # one pass over the edges (a networkx view per step costs more than the edges)
        outgoing_of: dict[str, list[tuple[int, str, str]]] = {}
        for source, target, key in self.graph.graph.edges(keys=True):
            outgoing_of.setdefault(source, []).append((order[target], key, target))
        for source in self.graph.bfs_order:
            outgoing = outgoing_of.get(source)
            if not outgoing:
                continue
            outgoing.sort()  # by (BFS position of the target, transition id): canonical
            for _, key, target in outgoing:
                edge_id = f"t{number}"
                number += 1
                if source not in shown or target not in shown:
                    continue
                transition = self.graph.transitions[key]
                classes = ["transition"]
                color, penwidth, style = EDGE_COLOR, None, None
                label = transition.label or ""
                tip = [label, f"transition {key}"] if label else [f"transition {key}"]
                findings = self.transition_findings.get(key, [])
                if findings:
                    worst = _worst(findings)
                    classes.append(f"finding-{worst.value}")
                    color, penwidth = SEVERITY_COLORS[worst], 2.5
                    tip = [*_finding_lines(findings), *tip]
                if key in path_edges:
                    classes.append("session-path")
                    color, penwidth, style = SESSION_COLORS["visited"], 2.5, "bold"
                count = edge_counts.get(key, 0)
                if count:
                    classes.append("session-path")
                    penwidth = round(1.0 + 3.0 * count / busiest, 1)
                    tip.append(f"{count} session{'s' * (count != 1)} took it")
                out.append(
                    EdgeView(
                        edge_id=edge_id,
                        source=self.node_ids[source],
                        target=self.node_ids[target],
                        transition_id=key,
                        label=truncate(label, LABEL_LIMIT),
                        tooltip=truncate("\n".join(tip), TOOLTIP_LIMIT),
                        classes=tuple(classes),
                        color=color,
                        penwidth=penwidth,
                        style=style,
                    )
                )
        return out

    def _dangling(self, included: frozenset[str] | None) -> tuple[list[EdgeView], list[NodeView]]:
        edges: list[EdgeView] = []
        used: set[str] = set()
        for number, dangling in enumerate(
            sorted(self.graph.dangling, key=lambda d: d.transition.id)
        ):
            transition = dangling.transition
            ends = (transition.source_step_id, transition.target_step_id)
            present = [sid for sid in ends if sid in self.graph.steps]
            if included is not None and not any(sid in included for sid in present):
                continue
            source, target = (self.node_ids.get(e) or self.missing_ids[e] for e in ends)
            used.update(e for e in ends if e not in self.graph.steps)
            label = transition.label or ""
            tip = [f"dangling transition {transition.id}: {dangling.missing_end} step missing"]
            classes = ["transition", "dangling"]
            findings = self.transition_findings.get(transition.id, [])
            color = MISSING_STEP_STYLE.color
            if findings:
                classes.append(f"finding-{_worst(findings).value}")
                tip = [*_finding_lines(findings), *tip]
            edges.append(
                EdgeView(
                    edge_id=f"d{number}",
                    source=source,
                    target=target,
                    transition_id=transition.id,
                    label=truncate(label, LABEL_LIMIT),
                    tooltip=truncate("\n".join(tip), TOOLTIP_LIMIT),
                    classes=tuple(classes),
                    color=color,
                    style="dashed",
                )
            )
        nodes = []
        for missing_id, node_id in self.missing_ids.items():
            if missing_id not in used:
                continue
            findings = self.step_findings.get(missing_id, [])
            tip = [f"no step has id {missing_id}", *_finding_lines(findings)]
            nodes.append(
                NodeView(
                    node_id=node_id,
                    kind="missing",
                    step_id=missing_id,
                    label=f"missing step\n{truncate(missing_id, LABEL_LIMIT)}",
                    tooltip=truncate("\n".join(tip), TOOLTIP_LIMIT),
                    style=MISSING_STEP_STYLE,
                    classes=("missing",),
                )
            )
        return edges, nodes

    def _stubs(
        self, shown: list[str], included: frozenset[str]
    ) -> tuple[list[NodeView], list[EdgeView]]:
        g = self.graph.graph
        nodes: list[NodeView] = []
        edges: list[EdgeView] = []
        for sid in shown:
            node_id = self.node_ids[sid]
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
                source, target = (
                    (stub_id, node_id) if direction == "upstream" else (node_id, stub_id)
                )
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

    def _notes_node(self) -> NodeView:
        lines = _finding_lines(self.notes)
        shown = [truncate(line, 80) for line in lines[:8]]
        if len(lines) > len(shown):
            shown.append(f"... and {len(lines) - len(shown)} more")
        worst = _worst(self.notes)
        return NodeView(
            node_id="notes",
            kind="note",
            step_id=None,
            label="\n".join(["findings not tied to a step:", *shown]),
            tooltip=truncate("\n".join(lines), TOOLTIP_LIMIT),
            style=NodeStyle(
                legend="findings",
                css_class="notes",
                shape="note",
                style="filled",
                fillcolor="#fffde7",
                color=SEVERITY_COLORS[worst],
                fontcolor="#212121",
                mermaid_open="[",
                mermaid_close="]",
            ),
            classes=("notes", f"finding-{worst.value}"),
        )

    # -- overlays -------------------------------------------------------------------------

    def _session_overlay(
        self, session: Session | None
    ) -> tuple[dict[str, str], dict[str, str], set[str]]:
        marks: dict[str, str] = {}
        notes: dict[str, list[str]] = {}
        path_edges: set[str] = set()
        if session is None:
            return marks, {}, path_edges
        previous: str | None = None
        for position, run in enumerate(session.steps, start=1):
            sid = run.step_id
            if sid is None or sid not in self.graph.steps:
                continue
            marks.setdefault(sid, "visited")
            note = f"#{position}"
            if (run.status or "") in FAILED_STATUSES:
                marks[sid] = "failed"
                note += " failed"
            notes.setdefault(sid, []).append(note)
            if previous is not None and self.graph.graph.has_edge(previous, sid):
                path_edges.update(self.graph.graph[previous][sid])
            previous = sid
        current = session.current_step.step_id if session.current_step is not None else None
        if current is not None and current in self.graph.steps:
            failed = (session.status or "") in FAILED_STATUSES
            if failed or marks.get(current) != "failed":
                marks[current] = "failed" if failed else "current"
            status = session.status or "no status"
            here = notes.setdefault(current, [])
            if failed and here and here[-1].endswith(" failed"):
                here[-1] += f" ({status})"  # "#4 failed (FAILED)", not "failed" twice
            else:
                here.append(f"{'failed' if failed else 'current'} ({status})")
        return marks, {sid: ", ".join(n) for sid, n in notes.items()}, path_edges

    def _sessions_overlay(self) -> tuple[dict[str, str], Counter[str]]:
        if not self.options.sessions:
            return {}, Counter()
        stats = analyze_sessions(self.graph.sessions)
        counts: dict[str, str] = {}
        for sid, activity in stats.steps.items():
            if sid not in self.graph.steps:
                continue
            parts = [f"reached {activity.reached}"] if activity.reached else []
            if activity.current:
                parts.append(f"at {activity.current}")
            if activity.failed:
                parts.append(f"failed {activity.failed}")
            if parts:
                counts[sid] = ", ".join(parts)
        edge_counts: Counter[str] = Counter()
        for session in self.graph.sessions:
            ids = [run.step_id for run in session.steps if run.step_id in self.graph.steps]
            taken: set[str] = set()
            for a, b in pairwise(ids):
                if a is not None and b is not None and self.graph.graph.has_edge(a, b):
                    taken.update(self.graph.graph[a][b])
            edge_counts.update(taken)
        return counts, edge_counts

    def _legend(self, nodes: list[NodeView], edges: list[EdgeView]) -> tuple[LegendEntry, ...]:
        classes = {c for node in nodes for c in node.classes} | {
            c for edge in edges for c in edge.classes
        }
        entries = style_legend(classes, MISSING_STEP_STYLE, UNREACHABLE_STYLE)
        for severity in Severity:
            if f"finding-{severity.value}" in classes:
                entries.append(
                    _ring(f"finding-{severity.value}", f"{severity.value} finding", severity)
                )
        for mark, text in (
            ("visited", "step the session ran"),
            ("current", "step the session is at"),
            ("failed", "step the session failed at"),
        ):
            if f"session-{mark}" in classes:
                entries.append(_ring(f"session-{mark}", text, SESSION_COLORS[mark]))
        return tuple(entries)


def _ring(key: str, text: str, color: str | Severity) -> LegendEntry:
    colour = SEVERITY_COLORS[color] if isinstance(color, Severity) else color
    return LegendEntry(
        key,
        text,
        NodeStyle(
            legend=text,
            css_class=key,
            shape="box",
            style="filled,rounded",
            fillcolor="#ffffff",
            color=colour,
            fontcolor="#212121",
            mermaid_open="(",
            mermaid_close=")",
            penwidth=3.0,
        ),
    )


def _unreachable(base: NodeStyle) -> NodeStyle:
    rounded = ",rounded" if "rounded" in base.style else ""
    return NodeStyle(
        legend=base.legend,
        css_class=base.css_class,
        shape=base.shape,
        style=f"dashed,filled{rounded}",
        fillcolor=UNREACHABLE_STYLE.fillcolor,
        color=UNREACHABLE_STYLE.color,
        fontcolor=UNREACHABLE_STYLE.fontcolor,
        mermaid_open=base.mermaid_open,
        mermaid_close=base.mermaid_close,
        penwidth=base.penwidth,
    )


def _worst(findings: Sequence[Diagnostic]) -> Severity:
    return max((Severity(f.severity) for f in findings), key=lambda s: s.rank)


def _finding_lines(findings: Sequence[Diagnostic]) -> list[str]:
    ordered = sorted(findings, key=lambda f: (-Severity(f.severity).rank, f.code, f.message))
    return [f"{f.code} {f.rule} ({Severity(f.severity).value}): {f.message}" for f in ordered]
