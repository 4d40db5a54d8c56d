"""Building the diagram of a flow: from a :class:`FlowGraph` and :class:`DiagramOptions` to a
:class:`~liveflow_graph.diagrams.view.Diagram`.

:func:`build_diagram` lays out the nodes and edges in canonical order (BFS from START, ties
by id) with generated ids, labels and tooltips, draws dangling transitions to missing-step
placeholders, and applies the focus (:mod:`~liveflow_graph.diagrams.focus`), the overlays
(:mod:`~liveflow_graph.diagrams.overlays`) and the legend
(:mod:`~liveflow_graph.diagrams.legend`).  The DOT and Mermaid writers only format the
result, so both always agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from liveflow_graph.diagrams.focus import Focus, focus_of, focus_stubs
from liveflow_graph.diagrams.legend import diagram_legend
from liveflow_graph.diagrams.overlays import (
    SessionCounts,
    chosen_session,
    coverage_style,
    finding_class,
    finding_lines,
    notes_node,
    place_findings,
    session_class,
    session_counts,
    session_path,
    worst,
)
from liveflow_graph.diagrams.overview import overview_of
from liveflow_graph.diagrams.style import (
    EDGE_COLOR,
    LABEL_LIMIT,
    MISSING_STEP_STYLE,
    SESSION_COLORS,
    SEVERITY_COLORS,
    STEP_STYLES,
    UNREACHABLE_STYLE,
    NodeStyle,
    step_style,
)
from liveflow_graph.diagrams.view import (
    Diagram,
    DiagramOptions,
    EdgeView,
    NodeView,
    drawn_title,
    node_ids_for,
    tooltip_text,
)
from liveflow_graph.escape import truncate
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import FlowVersion, LiveFlow, Session
from liveflow_graph.model.payload import Payload, VersionRef

__all__ = ["Diagrammable", "build_diagram", "diagram_of", "flow_graph_of"]


Diagrammable = Payload | LiveFlow | FlowVersion | Session | VersionRef | FlowGraph
"""What the diagram functions accept."""


def flow_graph_of(obj: Diagrammable) -> FlowGraph:
    """The :class:`FlowGraph` of a flow (its current version), version, session or ref."""
    return obj if isinstance(obj, FlowGraph) else FlowGraph.of(obj)


def diagram_of(obj: Diagrammable, options: DiagramOptions | None = None) -> Diagram:
    """The renderer-neutral :class:`~liveflow_graph.diagrams.view.Diagram` of ``obj``."""
    return build_diagram(flow_graph_of(obj), options)


def build_diagram(graph: FlowGraph, options: DiagramOptions | None = None) -> Diagram:
    """The diagram of ``graph`` under ``options`` (an overview, when ``options.overview``
    asks for one or the flow is too big to draw whole:
    :mod:`~liveflow_graph.diagrams.overview`); raises :class:`ConfigError` for a focus
    step or session that the graph does not have."""
    options = options or DiagramOptions()
    whole = _Builder(graph, options).build()
    diagram = overview_of(whole, options.overview)
    if diagram is not whole and options.legend:
        diagram = replace(diagram, legend=diagram_legend(diagram.nodes, diagram.edges))
    return diagram


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
        self.findings = place_findings(graph, options.findings, self.missing_ids)
        self.coverage = SessionCounts()

    def build(self) -> Diagram:
        focus = focus_of(self.graph, self.options.focus, self.options.radius)
        included = focus.steps if focus is not None else None
        shown = [sid for sid in self.graph.bfs_order if included is None or sid in included]
        session = chosen_session(self.graph, self.options.session)
        path = session_path(self.graph, session)
        counts = session_counts(self.graph) if self.options.sessions else SessionCounts()
        self.coverage = counts
        centre = focus.centre if focus is not None else None

        nodes = [
            self._step_node(
                sid,
                path.marks.get(sid),
                path.notes.get(sid),
                counts.steps.get(sid),
                focused=sid == centre,
            )
            for sid in shown
        ]
        shown_set = set(shown)
        edges = self._edges(shown_set, path.edges, counts.edges)
        edges_dangling, missing_nodes = self._dangling(included)
        nodes.extend(missing_nodes)
        edges.extend(edges_dangling)
        if focus is not None:
            stub_nodes, stub_edges = focus_stubs(self.graph, self.node_ids, shown, focus)
            nodes.extend(stub_nodes)
            edges.extend(stub_edges)
        if self.findings.notes:
            nodes.append(notes_node(self.findings.notes))
        starts = tuple(
            self.node_ids[sid] for sid in sorted(self.graph.start_step_ids) if sid in shown_set
        )
        title, title_tooltip = (
            drawn_title(lambda quote: self._title(session, focus, quote))
            if self.options.title
            else (None, None)
        )
        return Diagram(
            title=title,
            rankdir=self.options.rankdir,
            nodes=tuple(nodes),
            edges=tuple(edges),
            start_node_ids=starts,
            legend=diagram_legend(nodes, edges) if self.options.legend else (),
            node_ids=dict(self.node_ids),
            missing_node_ids=dict(self.missing_ids),
            title_tooltip=title_tooltip,
        )

    def _title(
        self, session: Session | None, focus: Focus | None, quote: Callable[[str], str]
    ) -> str:
        """The title line, each user string in it passed through ``quote``."""
        parts = []
        if self.graph.flow is not None:
            parts.append(quote(self.graph.flow.name))
        parts.append(f"version {quote(self.graph.version_id)}")
        if session is not None:
            status = quote(session.status or "no status")
            parts.append(f"session {quote(session.id)} ({status})")
        elif self.options.sessions:
            parts.append(f"{len(self.graph.sessions)} sessions")
        if focus is not None:
            name = quote(self.graph.steps[focus.centre].name)
            parts.append(f"around {name} (radius {focus.radius})")
        return " · ".join(parts)

    def _step_node(
        self,
        sid: str,
        mark: str | None,
        session_note: str | None,
        counts: str | None,
        *,
        focused: bool,
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
        elif self.options.sessions:  # the coverage: greyed, or shaded by sessions
            style, mark_class = coverage_style(
                base, self.coverage.reached.get(sid, 0), self.coverage.most
            )
            classes.append(mark_class)
        tip = [step.name, f"id: {sid}", f"type: {step.step_type}"]
        if unreachable:
            tip.append("unreachable from START")
        if step.prompt_template is not None:
            texts = [text for _, text in step.prompt_template.strings() if text.strip()]
            if texts:
                tip.append("prompt: " + "\n".join(texts))
        color: str | None = None
        penwidth: float | None = None
        # the overlays' words (finding codes, session notes) go inside the node, under its
        # name: drawn in the node's own text colour on its own fill (which contrast), clear
        # of its border and of every other node, and never mistaken for a neighbour's
        overlay_lines: list[str] = []
        findings = self.findings.steps.get(sid, [])
        if findings:
            severity = worst(findings)
            classes.append(finding_class(severity))
            color, penwidth = SEVERITY_COLORS[severity], 3.0
            overlay_lines.append(" ".join(sorted({f.code for f in findings})))
            tip = [*finding_lines(findings), *tip]
        if mark is not None:
            classes.append(session_class(mark))
            if color is None or mark != "visited":
                color, penwidth = SESSION_COLORS[mark], 3.0
        if session_note:
            overlay_lines.append(session_note)
            tip.append(f"session: {session_note}")
        if counts:
            classes.append("session-reached")
            overlay_lines.append(counts)
            tip.append(f"sessions: {counts}")
        return NodeView(
            node_id=self.node_ids[sid],
            kind="step",
            step_id=sid,
            label="\n".join([*lines, *(truncate(line, LABEL_LIMIT) for line in overlay_lines)]),
            tooltip=tooltip_text(tip),
            style=style,
            classes=(*classes, "focus") if focused else tuple(classes),
            color=color,
            penwidth=penwidth,
            peripheries=2 if focused else None,
            overlay=tuple(overlay_lines),
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
                findings = self.findings.transitions.get(key, [])
                if findings:
                    severity = worst(findings)
                    classes.append(finding_class(severity))
                    color, penwidth = SEVERITY_COLORS[severity], 2.5
                    tip = [*finding_lines(findings), *tip]
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
                        tooltip=tooltip_text(tip),
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
            findings = self.findings.transitions.get(transition.id, [])
            if findings:
                classes.append(finding_class(worst(findings)))
                tip = [*finding_lines(findings), *tip]
            edges.append(
                EdgeView(
                    edge_id=f"d{number}",
                    source=source,
                    target=target,
                    transition_id=transition.id,
                    label=truncate(label, LABEL_LIMIT),
                    tooltip=tooltip_text(tip),
                    classes=tuple(classes),
                    color=MISSING_STEP_STYLE.color,
                    style="dashed",
                )
            )
        nodes = []
        for missing_id, node_id in self.missing_ids.items():
            if missing_id not in used:
                continue
            findings = self.findings.steps.get(missing_id, [])
            tip = [f"no step has id {missing_id}", *finding_lines(findings)]
            nodes.append(
                NodeView(
                    node_id=node_id,
                    kind="missing",
                    step_id=missing_id,
                    label=f"missing step\n{truncate(missing_id, LABEL_LIMIT)}",
                    tooltip=tooltip_text(tip),
                    style=MISSING_STEP_STYLE,
                    classes=("missing",),
                )
            )
        return edges, nodes


def _unreachable(base: NodeStyle) -> NodeStyle:
    """``base`` greyed and dashed (its shape and legend kept), for a step START cannot reach."""
    rounded = ",rounded" if "rounded" in base.style else ""
    return replace(
        base,
        style=f"dashed,filled{rounded}",
        fillcolor=UNREACHABLE_STYLE.fillcolor,
        color=UNREACHABLE_STYLE.color,
        fontcolor=UNREACHABLE_STYLE.fontcolor,
    )
