"""The report page's own layout, for flows too big for a Graphviz layout in reasonable time.

Graphviz's ``dot`` layout grows super-linearly (about 0.5 s for 200 steps, 8 s for 500 and
minutes for 1,000 on a 2-core machine), so above a size the page draws the flow itself from
positions computed here in linear time (plus sorting): each node goes on the layer of its
breadth-first distance from START (steps START cannot reach follow, from their own roots),
nodes within a layer are ordered by the mean position of their parents (one top-down
barycentre sweep) and a layer wider than :data:`ROW_WIDTH` nodes wraps onto several rows.
Transitions are drawn straight by the page; a transition that goes back up is drawn curved.

Nodes are the steps of a version and the missing steps its dangling transitions name.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["NODE_HEIGHT", "NODE_WIDTH", "ROW_WIDTH", "Layout", "layered_layout"]

NODE_WIDTH = 160
NODE_HEIGHT = 36
GAP_X = 24
GAP_Y = 56
ROW_WIDTH = 24
"""Most nodes on one row: a wider layer wraps."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Node centres (``positions[node] = (x, y)``) in a ``width`` × ``height`` box, and
    the layer of each node (``layers[node]``, 0 for START)."""

    positions: dict[str, tuple[int, int]]
    layers: dict[str, int]
    width: int
    height: int


def layered_layout(
    nodes: Sequence[str], edges: Iterable[tuple[str, str]], roots: Sequence[str]
) -> Layout:
    """Positions for ``nodes`` (in canonical order) joined by ``edges`` (source, target),
    laid out in layers from ``roots`` (the START steps; when there is none, the nodes
    nothing leads to, else the first node)."""
    order = {node: i for i, node in enumerate(nodes)}
    children: dict[str, list[str]] = {node: [] for node in nodes}
    parents: dict[str, list[str]] = {node: [] for node in nodes}
    for source, target in edges:
        if source in order and target in order and source != target:
            children[source].append(target)
            parents[target].append(source)
    layers = _layers(nodes, children, parents, [r for r in roots if r in order])
    rows = _rows(nodes, layers, parents, order)
    positions: dict[str, tuple[int, int]] = {}
    widest = max((len(row) for row in rows), default=0)
    width = max(widest * (NODE_WIDTH + GAP_X) - GAP_X, NODE_WIDTH) + 2 * GAP_X
    for number, row in enumerate(rows):
        span = len(row) * (NODE_WIDTH + GAP_X) - GAP_X
        left = (width - span) // 2
        y = GAP_Y // 2 + number * (NODE_HEIGHT + GAP_Y) + NODE_HEIGHT // 2
        for index, node in enumerate(row):
            positions[node] = (left + index * (NODE_WIDTH + GAP_X) + NODE_WIDTH // 2, y)
    height = len(rows) * (NODE_HEIGHT + GAP_Y) + GAP_Y // 2
    return Layout(positions, layers, width, max(height, NODE_HEIGHT + GAP_Y))


def _layers(
    nodes: Sequence[str],
    children: dict[str, list[str]],
    parents: dict[str, list[str]],
    roots: list[str],
) -> dict[str, int]:
    """Breadth-first distance from ``roots``; what they do not reach is laid out below,
    from the nodes nothing leads to, then (cycles) from the first node still unplaced."""
    if not roots:
        roots = [node for node in nodes if not parents[node]] or list(nodes[:1])
    layers: dict[str, int] = {}

    def walk(starts: Iterable[str], base: int) -> None:
        queue: deque[str] = deque()
        for node in starts:
            if node not in layers:
                layers[node] = base
                queue.append(node)
        while queue:
            node = queue.popleft()
            for child in children[node]:
                if child not in layers:
                    layers[child] = layers[node] + 1
                    queue.append(child)

    walk(roots, 0)
    if len(layers) < len(nodes):
        walk((n for n in nodes if n not in layers and not parents[n]), _below(layers))
    for node in nodes:
        if node not in layers:
            walk([node], _below(layers))
    return layers


def _below(layers: dict[str, int]) -> int:
    """The first layer under everything placed so far."""
    return max(layers.values(), default=-1) + 1


def _rows(
    nodes: Sequence[str],
    layers: dict[str, int],
    parents: dict[str, list[str]],
    order: dict[str, int],
) -> list[list[str]]:
    """The rows of the drawing: each layer ordered by its parents' mean position, wrapped
    at :data:`ROW_WIDTH` nodes."""
    by_layer: dict[int, list[str]] = {}
    for node in nodes:
        by_layer.setdefault(layers[node], []).append(node)
    where: dict[str, float] = {}  # placed node -> its place across its layer, 0 to 1
    rows: list[list[str]] = []
    for layer in sorted(by_layer):
        members = by_layer[layer]

        def key(node: str) -> tuple[float, int]:
            placed = [where[p] for p in parents[node] if p in where]
            return (sum(placed) / len(placed) if placed else 2.0, order[node])

        members.sort(key=key)
        count = len(members)
        for index, node in enumerate(members):
            where[node] = (index + 0.5) / count
        for begin in range(0, count, ROW_WIDTH):
            rows.append(members[begin : begin + ROW_WIDTH])
    return rows
