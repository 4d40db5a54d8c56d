"""Partitions of a directed graph's nodes for an overview: chains and distance bands.

Pure functions over node ids (a drawing order, successor lists, degrees), so they know
nothing of steps or drawings; :mod:`~liveflow_graph.diagrams.overview` applies them to a
diagram.  Every result depends only on the graph and the order given.

- :func:`chain_groups`: maximal linear chains (lossless: every node with two ways in or
  out stays a group of its own);
- :func:`distances` and :func:`distance_groups`: bands of breadth-first distance from the
  start nodes, whole or split into the pieces their own edges join;
- :func:`choose_grouping`: the chains when they fit a budget of groups, else the distance
  bands (as narrow as fits) whose biggest group is smaller.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Grouping",
    "Groups",
    "chain_groups",
    "choose_grouping",
    "distance_groups",
    "distances",
]

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
    budget: int,
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
