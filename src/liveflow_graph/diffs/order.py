"""The canonical order of a diff: breadth-first over the union of both versions.

Each step of the union is a *pair* ``(old_id, new_id)`` (``None`` on the side that lacks
it).  The order starts from every pair that is a START step on either side and follows the
transitions of both versions, breaking ties by the pair's ids; what no START reaches
follows by id.  Swapping the two sides swaps every pair and keeps the order, which is what
makes ``diff(b, a)`` the exact mirror of ``diff(a, b)``; nothing depends on the order of the
payload's lists.

The search itself (:func:`breadth_first`) runs on node numbers with a sort key per node:
ties are broken among the few successors of one node and the roots, never by sorting
every pair.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import Any

__all__ = ["Pair", "breadth_first", "pair_key", "rank_key", "union_order"]

Pair = tuple[str | None, str | None]
"""A step of the union: ``(id in the old version, id in the new version)``."""


def pair_key(pair: Pair) -> tuple[str, ...]:
    """A sort key that is the same for ``(a, b)`` and ``(b, a)``: the pair's ids, sorted
    (``None`` left out).  Written out for two ids (it is called once per step and per
    successor); a test checks it against ``tuple(sorted(...))``."""
    old, new = pair
    if old is None:
        return () if new is None else (new,)
    if new is None:
        return (old,)
    return (new, old) if new < old else (old, new)


def rank_key(pair: Pair) -> tuple[tuple[str, ...], tuple[tuple[bool, str], ...]]:
    """:func:`pair_key`, then the pair itself: ``(a, b)`` and ``(b, a)`` (a rename map
    that swaps two ids) share a :func:`pair_key`, and must not be ordered by chance.  No
    two pairs have the same key, so it orders any set of pairs completely."""
    return pair_key(pair), tuple((sid is None, sid or "") for sid in pair)


def breadth_first(
    starts: Iterable[int], successors: Sequence[Sequence[int]], key: Callable[[int], Any]
) -> list[int]:
    """Nodes ``0 .. len(successors) - 1`` in breadth-first order: from ``starts`` (by
    ``key``), each node's successors by ``key``, then every node not reached (by ``key``),
    each followed by what it reaches.  ``key`` must order the nodes completely (no two
    nodes with equal keys).  Linear in nodes + edges, plus sorting the successors of the
    nodes that have several and the nodes no start reaches."""
    count = len(successors)
    seen = [False] * count
    order: list[int] = []
    queue: deque[int] = deque()
    pop, push, visit = queue.popleft, queue.append, order.append

    def reach(root: int) -> None:
        seen[root] = True
        visit(root)
        push(root)

    def drain() -> None:
        while queue:
            following = successors[pop()]
            if len(following) > 1:
                following = sorted(set(following), key=key)
            for nxt in following:
                if not seen[nxt]:  # reach(nxt), inline: once per edge
                    seen[nxt] = True
                    visit(nxt)
                    push(nxt)

    for root in sorted(set(starts), key=key):  # all starts first, then breadth-first
        reach(root)
    drain()
    if len(order) < count:
        for root in sorted((node for node in range(count) if not seen[node]), key=key):
            if not seen[root]:
                reach(root)
                drain()
    return order


def union_order(
    pairs: Iterable[Pair], starts: Iterable[Pair], edges: Iterable[tuple[Pair, Pair]]
) -> dict[Pair, int]:
    """The rank of every pair: BFS from ``starts`` over ``edges``, ties by
    :func:`rank_key`, then the pairs not reached (by :func:`rank_key`), each followed by
    what it reaches (see :func:`breadth_first`).  Pairs named only by ``starts`` or
    ``edges`` are ranked as if ``pairs`` held them."""
    starts, edges = list(starts), list(edges)
    nodes = list({*pairs, *starts, *(p for edge in edges for p in edge)})
    index = {pair: number for number, pair in enumerate(nodes)}
    keys = [rank_key(pair) for pair in nodes]
    successors: list[list[int]] = [[] for _ in nodes]
    for source, target in edges:
        successors[index[source]].append(index[target])
    order = breadth_first([index[p] for p in starts], successors, keys.__getitem__)
    return {nodes[node]: rank for rank, node in enumerate(order)}
