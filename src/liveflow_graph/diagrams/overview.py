"""The overview of a big flow: groups of steps drawn as one node each.

Graphviz cannot lay out tens of thousands of steps in reasonable time, and nobody could
read the drawing if it did.  An overview draws at most about :data:`OVERVIEW_NODES`
nodes, grouping steps in the first of these ways that fits:

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
from collections import Counter, deque
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

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

__all__ = [
    "OVERVIEW_NODES",
    "OVERVIEW_STEPS",
    "Grouping",
    "OverviewWarning",
    "chain_groups",
    "choose_grouping",
    "distance_groups",
    "distances",
    "overview_of",
]

OVERVIEW_STEPS = 2500
"""Above this many drawn steps, a diagram is an overview unless
``DiagramOptions(overview=False)`` (CLI ``--no-overview``).  Below it Graphviz lays a
generated flow out in well under a minute (``benchmarks/RESULTS.md``)."""

OVERVIEW_NODES = 300
"""The most nodes an overview aims at (steps and groups)."""


class OverviewWarning(UserWarning):
    """A diagram was drawn as an overview because its flow is big (the message says how
    to draw every step instead)."""


Groups = list[tuple[str, ...]]
"""A partition of step node ids: groups in drawing order, members in drawing order."""


@dataclass(frozen=True, slots=True)
class Grouping:
    """The groups an overview draws, and how they were made."""

    groups: Groups
    kind: Literal["chains", "distance", "bands"]
    width: int
    """Distances per band (0 for chains)."""
    distance: Mapping[str, int] = field(default_factory=dict)
    """Each node's distance (:func:`distances`; empty for chains)."""
    reached: frozenset[str] = frozenset()
    """The nodes START reaches (empty for chains)."""


# -- the graph of a diagram's steps -----------------------------------------------------------


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


def chain_groups(
    order: Sequence[str],
    successors: Mapping[str, Sequence[str]],
    out_degree: Mapping[str, int],
    in_degree: Mapping[str, int],
    alone: Iterable[str] = (),
) -> Groups:
    """``order`` (node ids) partitioned into maximal linear chains.

    ``u`` and ``v`` are linked when ``u``'s only way out (``out_degree`` 1, its one
    successor among ``successors``) is ``v`` and ``v``'s only way in is ``u``; a node of
    ``alone`` is never linked (START and the focus step stay nodes of their own).  A
    closed loop of such links is cut before its first node in ``order``.  Groups come in
    the order of their first node.
    """
    position = {node: i for i, node in enumerate(order)}
    heads = set(alone)
    following: dict[str, str] = {}
    for node in order:
        nxt = successors.get(node, ())
        if node not in heads and out_degree.get(node, 0) == 1 and len(nxt) == 1:
            target = nxt[0]
            if (
                target != node
                and target in position
                and target not in heads
                and in_degree.get(target, 0) == 1
            ):
                following[node] = target
    continued = set(following.values())
    placed: set[str] = set()
    groups: Groups = []
    # chain heads first (nodes nothing continues), then what is left: closed loops
    for node in (*(n for n in order if n not in continued), *order):
        if node in placed:
            continue
        chain = [node]
        placed.add(node)
        while (after := following.get(chain[-1])) is not None and after not in placed:
            chain.append(after)
            placed.add(after)
        groups.append(tuple(chain))
    groups.sort(key=lambda group: min(position[n] for n in group))
    return groups


def distances(
    order: Sequence[str], successors: Mapping[str, Sequence[str]], starts: Sequence[str]
) -> tuple[dict[str, int], frozenset[str]]:
    """Each node's breadth-first distance (in edges) from ``starts``, and the nodes they
    reach; every other node gets its distance from the first node of ``order`` not yet
    reached, breadth-first again, and so on."""
    distance: dict[str, int] = {}

    def visit(roots: Sequence[str]) -> None:
        queue = deque(roots)
        for root in roots:
            distance[root] = 0
        while queue:
            node = queue.popleft()
            for nxt in successors.get(node, ()):
                if nxt not in distance:
                    distance[nxt] = distance[node] + 1
                    queue.append(nxt)

    visit([node for node in dict.fromkeys(starts) if node in successors])
    reached = frozenset(distance)
    for node in order:
        if node not in distance:
            visit([node])
    return distance, reached


def distance_groups(
    order: Sequence[str],
    successors: Mapping[str, Sequence[str]],
    distance: Mapping[str, int],
    reached: frozenset[str],
    width: int,
    *,
    joined: bool = True,
    alone: Collection[str] = (),
) -> Groups:
    """``order`` partitioned by band of ``distance`` (``width`` distances each, the nodes
    in ``reached`` apart from the others, each of ``alone`` by itself); with ``joined``,
    each band further into the pieces that its own edges join (undirected)."""
    single = set(alone)

    def key(node: str) -> tuple[bool, int, str]:
        if node in single:
            return True, -1, node
        return node in reached, distance[node] // width, ""

    parent = {node: node for node in order}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    if joined:
        for node in order:
            for nxt in successors.get(node, ()):
                if key(nxt) == key(node):
                    a, b = root(node), root(nxt)
                    if a != b:
                        parent[b] = a
        label = root
    else:
        first: dict[tuple[bool, int, str], str] = {}

        def label(node: str) -> str:
            return first.setdefault(key(node), node)

    members: dict[str, list[str]] = {}
    for node in order:
        members.setdefault(label(node), []).append(node)
    return [tuple(group) for group in members.values()]  # by first member (dict order)


def choose_grouping(
    order: Sequence[str],
    successors: Mapping[str, Sequence[str]],
    out_degree: Mapping[str, int],
    in_degree: Mapping[str, int],
    starts: Sequence[str] = (),
    *,
    alone: Collection[str] = (),
    budget: int = OVERVIEW_NODES,
) -> Grouping:
    """How an overview groups ``order``: its chains when there are at most ``budget``;
    else, of the joined and the plain distance bands, each at the smallest width (1, 2,
    4, ...) that gives at most ``budget`` groups, the one whose biggest group is smaller
    (the joined bands on a tie: they keep parallel branches apart)."""
    keep = {*starts, *alone}
    chains = chain_groups(order, successors, out_degree, in_degree, keep)
    if len(chains) <= budget:
        return Grouping(chains, "chains", 0)
    distance, reached = distances(order, successors, starts)
    deepest = max(distance.values(), default=0)
    candidates: list[Grouping] = []
    for kind in ("distance", "bands"):
        for width in _doublings(deepest + 1):
            groups = distance_groups(
                order,
                successors,
                distance,
                reached,
                width,
                joined=kind == "distance",
                alone=keep,
            )
            # plain bands as wide as the flow: two groups and the START steps, a last resort
            if len(groups) <= budget or (kind == "bands" and width > deepest):
                candidates.append(Grouping(groups, kind, width, distance, reached))
                break
    return min(candidates, key=lambda grouping: max(map(len, grouping.groups)))


def _doublings(limit: int) -> Iterator[int]:
    """1, 2, 4, ... up to the first power of two at least ``limit``."""
    width = 1
    while True:
        yield width
        if width >= limit:
            return
        width *= 2


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
            f"{drawn.overview.note}: the flow has more than {OVERVIEW_STEPS:,} steps; "
            "DiagramOptions(overview=False) (CLI --no-overview) draws every step, "
            "focus=STEP (CLI --focus STEP --radius N) one neighbourhood",
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
    flagged = [node for node in members if node.xlabel]
    kinds = Counter(node.style.legend for node in members)
    tip = [
        f"{count:,} steps: " + ", ".join(f"{n:,} {kind}" for kind, n in sorted(kinds.items())),
        f"{len(inside):,} transitions between them",
    ]
    tip.extend(f"{_name(node)}: {' · '.join(str(node.xlabel).splitlines())}" for node in flagged)
    tip.extend(_name(node) for node in members if not node.xlabel)
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
