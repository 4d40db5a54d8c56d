"""The overview of a big flow: groups of steps drawn as one node each.

Graphviz cannot lay out tens of thousands of steps in reasonable time, and nobody could
read the drawing if it did.  An overview draws at most about :data:`OVERVIEW_NODES`
nodes, grouping steps (:mod:`~liveflow_graph.diagrams.grouping`) in the first of these
ways that fits:

1. **chains**: every maximal linear chain (each link the only transition out of one step
   and the only one into the next) becomes one node, "first … N steps … last".  Nothing
   about branching, merging or looping is lost: a step with two ways in or out stays a
   node of its own (and so does START);
2. **distance bands**, when there are too many chains: steps are banded by their
   distance from START (breadth-first, in transitions), each band as narrow as fits;
   either the steps of a band that transitions inside it join make one group
   (``"distance"``: parallel branches stay apart) or the whole band does (``"bands"``),
   whichever leaves the biggest group smaller.  START steps stay nodes of their own.

Steps not reached from START are banded by their distance from the first of them, apart
from the reached ones.  Transitions between two nodes are drawn as one edge with their
count; transitions inside a group are not drawn (its tooltip counts them).  A group shows
the worst finding severity and the session marks of its steps, and its tooltip names the
steps (those with findings or session notes first).  A group of one step is drawn as the
step.  Everything is derived from the full :class:`~liveflow_graph.diagrams.view.Diagram`
in its canonical order, so the same flow always gives the same overview.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from liveflow_graph.diagrams.grouping import Grouping, choose_grouping
from liveflow_graph.diagrams.overlays import finding_class, session_class
from liveflow_graph.diagrams.style import (
    EDGE_COLOR,
    GROUP_STYLE,
    SESSION_COLORS,
    SEVERITY_COLORS,
    UNREACHABLE_STYLE,
)
from liveflow_graph.diagrams.view import Diagram, EdgeView, NodeView, Overview, tooltip_text
from liveflow_graph.validation.diagnostics import Severity

__all__ = ["OVERVIEW_NODES", "OVERVIEW_STEPS", "OverviewWarning", "overview_of"]

OVERVIEW_STEPS = 2500
"""Above this many drawn steps, a diagram is an overview unless
``DiagramOptions(overview=False)`` (CLI ``--no-overview``).  Below it Graphviz lays a
generated flow out in well under a minute (``benchmarks/RESULTS.md``)."""

OVERVIEW_NODES = 300
"""The most nodes an overview aims at (steps and groups)."""


class OverviewWarning(UserWarning):
    """A diagram was drawn as an overview because its flow is big (the message says how
    to draw every step instead)."""


# -- the steps of a diagram, grouped --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Steps:
    """The step nodes of a diagram (ids in drawing order) and the edges between them."""

    order: tuple[str, ...]
    starts: tuple[str, ...]
    alone: frozenset[str]
    """Nodes never grouped: START steps and the focus step."""
    successors: Mapping[str, list[str]]
    out_degree: Counter[str]
    in_degree: Counter[str]

    @classmethod
    def of(cls, diagram: Diagram) -> _Steps:
        order = tuple(node.node_id for node in diagram.nodes if node.kind == "step")
        steps = set(order)
        successors: dict[str, list[str]] = {node: [] for node in order}
        out_degree: Counter[str] = Counter()
        in_degree: Counter[str] = Counter()
        for edge in diagram.edges:  # every drawn edge counts as a way in or out
            out_degree[edge.source] += 1
            in_degree[edge.target] += 1
            if edge.source in steps and edge.target in steps:
                successors[edge.source].append(edge.target)
        starts = tuple(node for node in diagram.start_node_ids if node in steps)
        focus = {node.node_id for node in diagram.nodes if "focus" in node.classes}
        alone = frozenset(starts) | (focus & steps)
        return cls(order, starts, alone, successors, out_degree, in_degree)


# -- the overview diagram ---------------------------------------------------------------------


def overview_of(diagram: Diagram, overview: bool | None, *, budget: int | None = None) -> Diagram:
    """``diagram`` as an overview when ``overview`` is ``True``, or ``None`` and it has
    more than :data:`OVERVIEW_STEPS` steps (then with an :class:`OverviewWarning`); else
    ``diagram`` itself.  ``budget``: the most groups (default :data:`OVERVIEW_NODES`)."""
    steps = _Steps.of(diagram)
    if overview is False or (overview is None and len(steps.order) <= OVERVIEW_STEPS):
        return diagram
    grouping = choose_grouping(
        steps.order,
        steps.successors,
        steps.out_degree,
        steps.in_degree,
        steps.starts,
        alone=steps.alone,
        budget=OVERVIEW_NODES if budget is None else budget,
    )
    drawn = _collapsed(diagram, grouping, automatic=overview is None)
    if drawn.overview is not None and drawn.overview.automatic:
        warnings.warn(
            f"the flow has more than {OVERVIEW_STEPS:,} steps, so this is an "
            f"{drawn.overview.note}; DiagramOptions(overview=False) (CLI --no-overview) "
            "draws every step, focus=STEP (CLI --focus STEP --radius N) one neighbourhood",
            OverviewWarning,
            stacklevel=4,
        )
    return drawn


_SEVERITIES = sorted(Severity, key=lambda s: -s.rank)
_MARKS = ("failed", "current", "visited")


def _collapsed(diagram: Diagram, grouping: Grouping, *, automatic: bool) -> Diagram:
    """``diagram`` with each group of two or more steps drawn as one node."""
    by_id = {node.node_id: node for node in diagram.nodes}
    group_of: dict[str, str] = {}
    group_ids: dict[tuple[str, ...], str] = {}
    for group in grouping.groups:
        if len(group) > 1:
            group_ids[group] = group_id = f"g{len(group_ids)}"
            group_of.update(dict.fromkeys(group, group_id))

    pairs, inside = _pairs(diagram.edges, group_of)
    hidden: Counter[str] = Counter()
    back: set[tuple[str, str]] = set()
    if grouping.kind != "chains":
        band = {
            group_of.get(node, node): grouping.distance[node] // grouping.width
            for group in grouping.groups
            for node in group
        }
        limit = len(grouping.groups)
        pairs, hidden, back = _without_extra_back_edges(pairs, band, limit)
    edges = [
        replace(bundle[0], source=source, target=target, constraint=(source, target) not in back)
        if len(bundle) == 1
        else _bundle_edge(f"a{number}", source, target, bundle, (source, target) not in back)
        for number, ((source, target), bundle) in enumerate(pairs.items())
    ]
    group_by_id = {group_id: group for group, group_id in group_ids.items()}
    nodes: list[NodeView] = []
    for node in diagram.nodes:  # a group where the first of its steps was
        owner = group_of.get(node.node_id)
        if owner is None:
            nodes.append(_with_hidden(node, hidden[node.node_id]))
        elif owner in group_by_id:
            members = [by_id[member] for member in group_by_id.pop(owner)]
            drawn = _group_node(owner, members, inside.get(owner, []), grouping)
            nodes.append(_with_hidden(drawn, hidden[owner]))
    members_of = {
        group_ids[group]: tuple(str(by_id[member].step_id) for member in group)
        for group in group_ids
    }
    summary = Overview(
        steps=sum(len(group) for group in grouping.groups),
        nodes=len(grouping.groups),
        grouping=grouping.kind,
        width=grouping.width,
        groups=members_of,
        automatic=automatic,
        hidden=sum(hidden.values()),
    )
    title = f"{diagram.title}\n{summary.note}" if diagram.title else None
    starts = tuple(node for node in diagram.start_node_ids if node not in group_of)
    starts += tuple(dict.fromkeys(group_of[n] for n in diagram.start_node_ids if n in group_of))
    return replace(
        diagram,
        title=title,
        nodes=tuple(nodes),
        edges=tuple(edges),
        start_node_ids=starts,
        overview=summary,
    )


Pairs = dict[tuple[str, str], list[EdgeView]]
"""The edges between each two drawn nodes (source, target), in drawing order."""


def _pairs(
    edges: Sequence[EdgeView], group_of: Mapping[str, str]
) -> tuple[Pairs, dict[str, list[EdgeView]]]:
    """The edges between drawn nodes, by pair of nodes, and the edges inside each group."""
    inside: dict[str, list[EdgeView]] = {}
    pairs: Pairs = {}
    for edge in edges:
        source = group_of.get(edge.source, edge.source)
        target = group_of.get(edge.target, edge.target)
        if source == target and edge.source in group_of:
            inside.setdefault(source, []).append(edge)
            continue
        pairs.setdefault((source, target), []).append(edge)
    return pairs, inside


def _without_extra_back_edges(
    pairs: Pairs, band: Mapping[str, int], limit: int
) -> tuple[Pairs, Counter[str], set[tuple[str, str]]]:
    """``pairs`` with at most ``limit`` of the pairs that lead back to a nearer ``band``
    (the ones with the most transitions, then the first drawn), how many transitions
    were left out, by source node, and the back pairs kept."""
    back = [
        (-len(bundle), number, pair)
        for number, (pair, bundle) in enumerate(pairs.items())
        if pair[0] in band and pair[1] in band and band[pair[1]] < band[pair[0]]
    ]
    left_out = {pair for _, _, pair in sorted(back)[limit:]}
    hidden: Counter[str] = Counter()
    for source, target in left_out:
        hidden[source] += len(pairs[source, target])
    kept = {pair: bundle for pair, bundle in pairs.items() if pair not in left_out}
    return kept, hidden, {pair for _, _, pair in back} - left_out


def _with_hidden(node: NodeView, hidden: int) -> NodeView:
    """``node`` with a tooltip line saying how many of its transitions are not drawn."""
    if not hidden:
        return node
    line = f"{hidden:,} transition{'s' * (hidden != 1)} from here to steps nearer START not drawn"
    return replace(node, tooltip=tooltip_text([line, node.tooltip]))


def _bundle_edge(
    edge_id: str, source: str, target: str, bundle: Sequence[EdgeView], constraint: bool
) -> EdgeView:
    """One edge standing for the edges of ``bundle`` (two or more) between two nodes."""
    classes = {c for edge in bundle for c in edge.classes}
    severity = _worst(classes)
    color = SEVERITY_COLORS[severity] if severity is not None else EDGE_COLOR
    labels = Counter(edge.label for edge in bundle if edge.label)
    tip = [f"{len(bundle):,} transitions"]
    tip.extend(f"{count:,} labelled {label!r}" for label, count in sorted(labels.items()))
    tip.extend(edge.tooltip for edge in bundle if _worst(edge.classes) is not None)
    extra = [finding_class(severity)] if severity is not None else []
    if "session-path" in classes:
        extra.append("session-path")
    return EdgeView(
        edge_id=edge_id,
        source=source,
        target=target,
        transition_id=None,
        label="",
        tooltip=tooltip_text(tip),
        classes=("transition", "bundle", *extra),
        color=color,
        penwidth=round(min(1.0 + math.log2(len(bundle)), 5.0), 1),
        style="dashed" if all(edge.style == "dashed" for edge in bundle) else None,
        xlabel=f"×{len(bundle):,}",
        constraint=constraint,
    )


def _group_node(
    group_id: str, members: Sequence[NodeView], inside: Sequence[EdgeView], grouping: Grouping
) -> NodeView:
    """The node drawing ``members`` (two or more step nodes) with the edges ``inside``."""
    count = len(members)
    first, last = (_name(members[0]), _name(members[-1]))
    if grouping.kind == "chains":
        label = f"{first}\n… {count:,} steps …\n{last}"
    else:
        near = [grouping.distance[node.node_id] for node in members]
        lo, hi = min(near), max(near)
        span = f"{lo}" if lo == hi else f"{lo}–{hi}"
        origin = "START" if members[0].node_id in grouping.reached else "an unreached step"
        label = f"{count:,} steps\ndistance {span} from {origin}\nfirst: {first}"
    classes = {c for node in members for c in node.classes} | {
        c for edge in inside for c in edge.classes
    }
    severity = _worst(classes)
    mark = next((m for m in _MARKS if session_class(m) in classes), None)
    unreachable = all("unreachable" in node.classes for node in members)
    flagged = [node for node in members if node.overlay]
    kinds = Counter(node.style.legend for node in members)
    tip = [
        f"{count:,} steps: " + ", ".join(f"{n:,} {kind}" for kind, n in sorted(kinds.items())),
        f"{len(inside):,} transitions between them",
    ]
    tip.extend(f"{_name(node)}: {' · '.join(node.overlay)}" for node in flagged)
    tip.extend(_name(node) for node in members if not node.overlay)
    extra: list[str] = []
    xlabels: list[str] = []
    color: str | None = None
    penwidth: float | None = None
    if severity is not None:
        extra.append(finding_class(severity))
        color, penwidth = SEVERITY_COLORS[severity], 3.0
        with_findings = sum(1 for node in members if _worst(node.classes) is not None)
        if with_findings:
            xlabels.append(f"{with_findings:,} with findings")
    if mark is not None:
        extra.append(session_class(mark))
        if color is None or mark != "visited":
            color, penwidth = SESSION_COLORS[mark], 3.0
    reached = sum(1 for node in members if "session-reached" in node.classes)
    if reached:
        extra.append("session-reached")
        xlabels.append(f"sessions reached {reached:,}")
    style = GROUP_STYLE
    if unreachable:
        extra.append(UNREACHABLE_STYLE.css_class)
        style = replace(GROUP_STYLE, style="dashed,filled", color=UNREACHABLE_STYLE.color)
    return NodeView(
        node_id=group_id,
        kind="group",
        step_id=None,
        label=label,
        tooltip=tooltip_text(tip),
        style=style,
        classes=("group", *extra),
        xlabel="\n".join(xlabels) or None,
        color=color,
        penwidth=penwidth,
    )


def _name(node: NodeView) -> str:
    """A step node's name as drawn (the first line of its label)."""
    return node.label.split("\n", 1)[0]


def _worst(classes: Iterable[str]) -> Severity | None:
    """The worst severity among the finding classes in ``classes``."""
    present = set(classes)
    return next((s for s in _SEVERITIES if finding_class(s) in present), None)
