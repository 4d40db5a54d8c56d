"""Which step of the old version is which step of the new one, and the order of them all.

Steps are paired by id, or through an explicit rename map (old id -> new id, like
Terraform's ``moved`` blocks) when ids changed.  Every step of either version becomes one
:data:`~liveflow_graph.diffs.order.Pair` of the union, ranked in the canonical order of
:mod:`~liveflow_graph.diffs.order`; transitions and findings name steps through these pairs
(their *tokens*), so that a renamed id still names the same step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property

from liveflow_graph.diffs.order import Pair, breadth_first, rank_key
from liveflow_graph.errors import ConfigError
from liveflow_graph.graph.flowgraph import FlowGraph

__all__ = ["StepPairing", "Token", "check_renames"]

Token = Pair | str
"""A step as both versions can name it: its pair, or a raw id that names nothing in the
version (a dangling end)."""


def check_renames(renames: Mapping[str, str], old: FlowGraph, new: FlowGraph) -> dict[str, str]:
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

    ``old_pair``/``new_pair`` give the pair of every step id of that version (a step of
    both versions has one pair object, shared by both dicts); ``order`` is every pair in
    the canonical order (START steps of either version first), and
    ``old_rank``/``new_rank`` the position in it of every step id of that version.
    """

    def __init__(self, old: FlowGraph, new: FlowGraph, renames: Mapping[str, str]) -> None:
        self.old = old
        self.new = new
        self.renames = check_renames(renames, old, new)
        old_steps, new_steps = old.steps, new.steps
        if self.renames:
            self.old_pair, self.new_pair = _paired_with_renames(old_steps, new_steps, self.renames)
            nodes = sorted([*self.old_pair.values(), *self._only_new()], key=rank_key)
        else:
            # same id, same step: each pair holds one id, and the pairs' rank keys order
            # them as their ids do (a test checks this against rank_key)
            self.old_pair = {s: (s, s) if s in new_steps else (s, None) for s in old_steps}
            only_new = {s: (None, s) for s in new_steps if s not in old_steps}
            self.new_pair = {s: self.old_pair.get(s) or only_new[s] for s in new_steps}
            by_id = {**self.old_pair, **only_new}
            nodes = [by_id[sid] for sid in sorted(by_id)]
        old_node: dict[str, int] = {}
        new_node: dict[str, int] = {}
        for number, (old_id, new_id) in enumerate(nodes):
            if old_id is not None:
                old_node[old_id] = number
            if new_id is not None:
                new_node[new_id] = number
        successors: list[list[int]] = [[] for _ in nodes]
        for ends, graph in ((old_node, old), (new_node, new)):
            for t in graph.transitions.values():
                source, target = ends.get(t.source_step_id), ends.get(t.target_step_id)
                if source is not None and target is not None:
                    successors[source].append(target)
        starts = [old_node[s] for s in old.start_step_ids]
        starts += [new_node[s] for s in new.start_step_ids]
        ranked = breadth_first(starts, successors)
        self.order: list[Pair] = [nodes[node] for node in ranked]
        rank_of = [0] * len(nodes)
        for rank, node in enumerate(ranked):
            rank_of[node] = rank
        self.old_rank = {sid: rank_of[node] for sid, node in old_node.items()}
        self.new_rank = {sid: rank_of[node] for sid, node in new_node.items()}

    def _only_new(self) -> list[Pair]:
        return [p for p in self.new_pair.values() if p[0] is None]

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
        return self.old_rank[old_id] if old_id is not None else self.new_rank[str(new_id)]

    def ranked(self, pairs: Iterable[Pair]) -> list[Pair]:
        """``pairs`` in canonical order."""
        return sorted(pairs, key=self.pair_rank)


def _paired_with_renames(
    old_steps: Mapping[str, object], new_steps: Mapping[str, object], renames: Mapping[str, str]
) -> tuple[dict[str, Pair], dict[str, Pair]]:
    """The pairs of both versions' step ids: a renamed step with its new id, a step of
    both versions not claimed by a rename with itself, every other step alone."""
    claimed = set(renames.values())
    old_pair: dict[str, Pair] = {}
    new_pair: dict[str, Pair] = {}
    for sid in old_steps:
        if sid in renames:
            pair: Pair = (sid, renames[sid])
        elif sid in new_steps and sid not in claimed:
            pair = (sid, sid)
        else:
            pair = (sid, None)
        old_pair[sid] = pair
        if pair[1] is not None:
            new_pair[pair[1]] = pair
    for sid in new_steps:
        if sid not in new_pair:
            new_pair[sid] = (None, sid)
    return old_pair, new_pair
