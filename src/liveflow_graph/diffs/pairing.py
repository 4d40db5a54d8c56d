"""Which step of the old version is which step of the new one, and the order of them all.

Steps are paired by id, or through an explicit rename map (old id -> new id, like
Terraform's ``moved`` blocks) when ids changed.  Every step of either version becomes one
:data:`~liveflow_graph.diffs.order.Pair` of the union, ranked in the canonical order of
:mod:`~liveflow_graph.diffs.order`; transitions and findings name steps through these pairs
(their *tokens*), so that a renamed id still names the same step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from typing import Any

from liveflow_graph.diffs.order import Pair, breadth_first, rank_key
from liveflow_graph.diffs.sides import DiffInput
from liveflow_graph.errors import ConfigError

__all__ = ["StepPairing", "Token", "check_renames"]

Token = Pair | str
"""A step as both versions can name it: its pair, or a raw id that names nothing in the
version (a dangling end)."""


def check_renames(renames: Mapping[str, str], old: DiffInput, new: DiffInput) -> dict[str, str]:
    """``renames`` as a dict, or :class:`~liveflow_graph.errors.ConfigError` for an entry
    that is not two step ids, names a step the versions do not have, or maps two steps to
    one."""
    checked: dict[str, str] = {}
    claimed: dict[str, str] = {}
    for old_id, new_id in renames.items():
        if not isinstance(old_id, str) or not isinstance(new_id, str):
            raise ConfigError(f"rename map entries must be step ids, not {old_id!r}: {new_id!r}")
        if old_id not in old.steps:
            raise ConfigError(f"rename map: no step {old_id!r} in the old version {old.version_id}")
        if new_id not in new.steps:
            raise ConfigError(f"rename map: no step {new_id!r} in the new version {new.version_id}")
        if new_id in claimed:
            raise ConfigError(
                f"rename map: steps {claimed[new_id]!r} and {old_id!r} both map to {new_id!r}"
            )
        claimed[new_id] = old_id
        checked[old_id] = new_id
    return checked


class StepPairing:
    """The steps of ``old`` and ``new`` paired up and ranked.

    Each pair is a *node* numbered from 0: ``old_node``/``new_node`` give the node of
    every step id of that version, ``node_old``/``node_new`` the ids of every node (``None``
    on the side that lacks it), and ``rank_of`` each node's position in the canonical order
    (START steps of either version first).  The pairs themselves (``old_pair``,
    ``new_pair``, ``order``, ``rank``) are built when first read.
    """

    def __init__(self, old: DiffInput, new: DiffInput, renames: Mapping[str, str]) -> None:
        self.old = old
        self.new = new
        self.renames = check_renames(renames, old, new)
        old_steps, new_steps = old.steps, new.steps
        key: Callable[[int], Any]
        if self.renames:
            pairs = _paired_with_renames(old_steps, new_steps, self.renames)
            self.node_old: list[str | None] = [p[0] for p in pairs]
            self.node_new: list[str | None] = [p[1] for p in pairs]
            self.old_node = {p[0]: n for n, p in enumerate(pairs) if p[0] is not None}
            self.new_node = {p[1]: n for n, p in enumerate(pairs) if p[1] is not None}
            key = [rank_key(pair) for pair in pairs].__getitem__
        else:
            # same id, same step; each pair holds one id, which orders the pairs as
            # rank_key does (a test checks this)
            self.old_node = {sid: n for n, sid in enumerate(old_steps)}
            self.node_old = [*old_steps]
            self.node_new = [sid if sid in new_steps else None for sid in old_steps]
            self.new_node = {}
            for sid in new_steps:
                node = self.old_node.get(sid)
                if node is None:
                    node = len(self.node_old)
                    self.node_old.append(None)
                    self.node_new.append(sid)
                self.new_node[sid] = node
            ids = [
                o if o is not None else n for o, n in zip(self.node_old, self.node_new, strict=True)
            ]
            key = ids.__getitem__
        successors: list[list[int]] = [[] for _ in self.node_old]
        # the ids that transitions of either version name and that are no steps of it
        self.dangling: set[str] = set()
        for ends, graph in ((self.old_node, old), (self.new_node, new)):
            for t in graph.transitions.values():
                source_id, target_id = t.source_step_id, t.target_step_id
                source, target = ends.get(source_id), ends.get(target_id)
                if source is not None and target is not None:
                    successors[source].append(target)
                    continue
                if source is None:
                    self.dangling.add(source_id)
                if target is None:
                    self.dangling.add(target_id)
        starts = [self.old_node[s] for s in old.start_step_ids]
        starts += [self.new_node[s] for s in new.start_step_ids]
        self.ranked_nodes = breadth_first(starts, successors, key)
        self.rank_of = [0] * len(successors)
        for rank, node in enumerate(self.ranked_nodes):
            self.rank_of[node] = rank

    @cached_property
    def old_pair(self) -> dict[str, Pair]:
        """The pair of every step id of the old version."""
        pairs = self._pairs
        return {sid: pairs[node] for sid, node in self.old_node.items()}

    @cached_property
    def new_pair(self) -> dict[str, Pair]:
        """The pair of every step id of the new version."""
        pairs = self._pairs
        return {sid: pairs[node] for sid, node in self.new_node.items()}

    @cached_property
    def _pairs(self) -> list[Pair]:
        return list(zip(self.node_old, self.node_new, strict=True))

    @cached_property
    def order(self) -> list[Pair]:
        """Every pair in the canonical order."""
        pairs = self._pairs
        return [pairs[node] for node in self.ranked_nodes]

    @cached_property
    def rank(self) -> dict[Pair, int]:
        """The position of every pair in the canonical order."""
        return {pair: rank for rank, pair in enumerate(self.order)}

    def old_token(self, step_id: str) -> Token:
        """What the old version's ``step_id`` stands for in both versions."""
        return self.old_pair.get(step_id) or step_id

    def new_token(self, step_id: str) -> Token:
        """What the new version's ``step_id`` stands for in both versions."""
        return self.new_pair.get(step_id) or step_id

    def pair_rank(self, pair: Pair) -> int:
        """The position of ``pair`` (a pair of this pairing) in the canonical order."""
        old_id, new_id = pair
        node = self.old_node[old_id] if old_id is not None else self.new_node[str(new_id)]
        return self.rank_of[node]

    def ranked(self, pairs: Iterable[Pair]) -> list[Pair]:
        """``pairs`` in canonical order."""
        return sorted(pairs, key=self.pair_rank)


def _paired_with_renames(
    old_steps: Mapping[str, object], new_steps: Mapping[str, object], renames: Mapping[str, str]
) -> list[Pair]:
    """The pairs of both versions' step ids: a renamed step with its new id, a step of
    both versions not claimed by a rename with itself, every other step alone."""
    claimed = set(renames.values())
    pairs: list[Pair] = []
    for sid in old_steps:
        if sid in renames:
            pairs.append((sid, renames[sid]))
        elif sid in new_steps and sid not in claimed:
            pairs.append((sid, sid))
        else:
            pairs.append((sid, None))
    paired = {p[1] for p in pairs}
    pairs.extend((None, sid) for sid in new_steps if sid not in paired)
    return pairs
