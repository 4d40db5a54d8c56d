"""The canonical order of a diff: breadth-first over the union of both versions.

Each step of the union is a *pair* ``(old_id, new_id)`` (``None`` on the side that lacks
it).  The order starts from every pair that is a START step on either side and follows the
transitions of both versions, breaking ties by the pair's ids; what no START reaches
follows by id.  Swapping the two sides swaps every pair and keeps the order, which is what
makes ``diff(b, a)`` the exact mirror of ``diff(a, b)``; nothing depends on the order of the
payload's lists.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

__all__ = ["Pair", "pair_key", "union_order"]

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


def _rank_key(pair: Pair) -> tuple[tuple[str, ...], tuple[tuple[bool, str], ...]]:
    """:func:`pair_key`, then the pair itself: ``(a, b)`` and ``(b, a)`` (a rename map
    that swaps two ids) share a :func:`pair_key`, and must not be ordered by chance."""
    return pair_key(pair), tuple((sid is None, sid or "") for sid in pair)


def union_order(
    pairs: Iterable[Pair], starts: Iterable[Pair], edges: Iterable[tuple[Pair, Pair]]
) -> dict[Pair, int]:
    """The rank of every pair: BFS from ``starts`` over ``edges``, ties by :func:`_rank_key`,
    then the pairs not reached, each followed by what it reaches.  Linear in pairs + edges
    (plus sorting each step's successors)."""
    successors: dict[Pair, set[Pair]] = {}
    for source, target in edges:
        successors.setdefault(source, set()).add(target)
    order: dict[Pair, int] = {}

    def visit(roots: list[Pair]) -> None:
        queue: deque[Pair] = deque()
        for root in roots:
            if root not in order:
                order[root] = len(order)
                queue.append(root)
        while queue:
            following = successors.get(queue.popleft())
            if not following:
                continue
            for nxt in sorted(following, key=_rank_key) if len(following) > 1 else following:
                if nxt not in order:
                    order[nxt] = len(order)
                    queue.append(nxt)

    visit(sorted(set(starts), key=_rank_key))
    for pair in sorted(pairs, key=_rank_key):
        if pair not in order:
            visit([pair])
    return order
