"""Which step of the old version is which step of the new one, and the order of them all.

Steps are paired by id, or through an explicit rename map (old id -> new id, like
Terraform's ``moved`` blocks) when ids changed.  Every step of either version becomes one
:data:`~liveflow_graph.diffs.order.Pair` of the union, ranked in the canonical order of
:func:`~liveflow_graph.diffs.order.union_order`; transitions and findings name steps
through these pairs (their *tokens*), so that a renamed id still names the same step.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from liveflow_graph.errors import ConfigError
from liveflow_graph.graph.flowgraph import FlowGraph
from tests.diffs.oracle.order import Pair, union_order

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

    ``old_pair``/``new_pair`` give the pair of every step id of that version; ``rank`` the
    position of every pair in the canonical order (START steps of either version first).
    """

    def __init__(self, old: FlowGraph, new: FlowGraph, renames: Mapping[str, str]) -> None:
        self.old = old
        self.new = new
        self.renames = check_renames(renames, old, new)
        claimed = set(self.renames.values())
        self.old_pair: dict[str, Pair] = {}
        self.new_pair: dict[str, Pair] = {}
        for sid in old.steps:
            if sid in self.renames:
                pair: Pair = (sid, self.renames[sid])
            elif sid in new.steps and sid not in claimed:
                pair = (sid, sid)
            else:
                pair = (sid, None)
            self.old_pair[sid] = pair
            if pair[1] is not None:
                self.new_pair[pair[1]] = pair
        for sid in new.steps:
            if sid not in self.new_pair:
                self.new_pair[sid] = (None, sid)
        starts = [self.old_pair[s] for s in old.start_step_ids]
        starts += [self.new_pair[s] for s in new.start_step_ids]
        self.rank = union_order(
            [*self.old_pair.values(), *(p for p in self.new_pair.values() if p[0] is None)],
            starts,
            [*_edges(old, self.old_pair), *_edges(new, self.new_pair)],
        )

    def old_token(self, step_id: str) -> Token:
        """What the old version's ``step_id`` stands for in both versions."""
        return self.old_pair.get(step_id) or step_id

    def new_token(self, step_id: str) -> Token:
        """What the new version's ``step_id`` stands for in both versions."""
        return self.new_pair.get(step_id) or step_id

    def ranked(self, pairs: Iterable[Pair]) -> list[Pair]:
        """``pairs`` in canonical order."""
        return sorted(pairs, key=self.rank.__getitem__)


def _edges(graph: FlowGraph, pairs: dict[str, Pair]) -> Iterator[tuple[Pair, Pair]]:
    """The transitions of ``graph`` between two of its steps, as edges between pairs."""
    for t in graph.transitions.values():
        source, target = pairs.get(t.source_step_id), pairs.get(t.target_step_id)
        if source is not None and target is not None:
            yield source, target
