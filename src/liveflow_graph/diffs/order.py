"""The canonical order of a diff: breadth-first over the union of both versions.

Each step of the union is a *pair* ``(old_id, new_id)`` (``None`` on the side that lacks
it).  The order starts from every pair that is a START step on either side and follows the
transitions of both versions, breaking ties by the pair's ids; what no START reaches
follows by id.  Swapping the two sides swaps every pair and keeps the order, which is what
makes ``diff(b, a)`` the exact mirror of ``diff(a, b)``; nothing depends on the order of the
payload's lists.

The search itself runs on integers (:func:`breadth_first`): the pairs are sorted once by
their tie-breaking key, and a pair is its position in that list, so every tie is broken by
comparing two small integers instead of two tuples of strings.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence

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


def breadth_first(starts: Iterable[int], successors: Sequence[Sequence[int]]) -> list[int]:
    """Nodes ``0 .. len(successors) - 1`` in breadth-first order: from ``starts`` (in
    ascending order), each node's successors in ascending order, then every node not
    reached (ascending), each followed by what it reaches.  Linear in nodes + edges, plus
    sorting the successors of the nodes that have several."""
    count = len(successors)
    seen = [False] * count
    order: list[int] = []
    queue: deque[int] = deque()
    pop, push, visit = queue.popleft, queue.append, order.append

    def search() -> None:
        while queue:
            following = successors[pop()]
            if len(following) > 1:
                following = sorted(set(following))
            for nxt in following:
                if not seen[nxt]:
                    seen[nxt] = True
                    visit(nxt)
                    push(nxt)

    for root in sorted(set(starts)):
        if not seen[root]:
            seen[root] = True
            visit(root)
            push(root)
    search()
    if len(order) < count:
        for root in range(count):
            if not seen[root]:
                seen[root] = True
                visit(root)
                push(root)
                search()
    return order


def union_order(
    pairs: Iterable[Pair], starts: Iterable[Pair], edges: Iterable[tuple[Pair, Pair]]
) -> dict[Pair, int]:
    """The rank of every pair: BFS from ``starts`` over ``edges``, ties by
    :func:`rank_key`, then the pairs not reached (by :func:`rank_key`), each followed by
    what it reaches (see :func:`breadth_first`)."""
    starts, edges = list(starts), list(edges)
    every = {*pairs, *starts, *(p for edge in edges for p in edge)}
    nodes = sorted(every, key=rank_key)
    index = {pair: number for number, pair in enumerate(nodes)}
    successors: list[list[int]] = [[] for _ in nodes]
    for source, target in edges:
        successors[index[source]].append(index[target])
    order = breadth_first([index[p] for p in starts], successors)
    return {nodes[node]: rank for rank, node in enumerate(order)}
