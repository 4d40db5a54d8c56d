"""Graph algorithms as free functions on plain adjacency mappings.

They take ``{node: neighbours}`` mappings (a :class:`~liveflow_graph.graph.FlowGraph`'s
``adjacency`` or ``reverse_adjacency``, or any dict of dicts or lists), never a graph
object, so each can be read, tested and reused on its own.  Every one is iterative (no
recursion limit) and linear in nodes + edges; where the order of a result matters it
follows the mapping's order, so results are deterministic.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

__all__ = [
    "breadth_first_order",
    "edges_in_document_order",
    "reachable",
    "strongly_connected_components",
]


def reachable(sources: Iterable[str], neighbours: Mapping[str, Iterable[str]]) -> set[str]:
    """Nodes some path from ``sources`` reaches, following ``neighbours`` (sources included).

    Level by level, so the per-edge work happens inside ``set.update`` (in C).
    """
    seen = set(sources)
    frontier = seen
    while frontier:
        found: set[str] = set()
        for node in frontier:
            found.update(neighbours[node])
        frontier = found - seen
        seen |= frontier
    return seen


def strongly_connected_components(successors: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of ``{node: successors}``, in reverse
    topological order: every edge between two components leads from a later one in the
    list to an earlier one.  Roots are taken in the mapping's order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in successors:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(successors[root]))]
        while work:
            node, pending = work[-1]
            for nxt in pending:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(successors[nxt])))
                    break
                if nxt in on_stack and index[nxt] < low[node]:
                    low[node] = index[nxt]
            else:  # every successor of node is done
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def breadth_first_order(
    roots: Iterable[str], nodes: Iterable[str], successors: Mapping[str, Iterable[str]]
) -> tuple[str, ...]:
    """Every node of ``nodes`` once: breadth-first from ``roots`` (sorted, and successors
    visited in sorted order), then breadth-first from each node still unvisited, taken in
    sorted order.  The result depends only on the graph, not on the order of its lists."""
    order: dict[str, None] = {}

    def visit(start: list[str]) -> None:
        order.update(dict.fromkeys(start))
        queue = deque(start)
        while queue:
            for nxt in sorted(set(successors[queue.popleft()])):
                if nxt not in order:
                    order[nxt] = None
                    queue.append(nxt)

    visit(sorted(roots))
    for node in sorted(nodes):
        if node not in order:
            visit([node])
    return tuple(order)


def edges_in_document_order(neighbours: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> list[Any]:
    """The ``transition`` of every edge in ``{neighbour: {key: data}}``, by ``index``."""
    edges = [data for keyed in neighbours.values() for data in keyed.values()]
    edges.sort(key=itemgetter("index"))
    return [data["transition"] for data in edges]
