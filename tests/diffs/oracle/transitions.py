"""Matching the transitions of two versions, and what became of each.

Transitions are matched by id when the versions share any transition id.  Otherwise ids
do not persist and transitions are paired by (source step, label): an unchanged transition
first, then one whose target changed (one *moved* transition); what is left is paired by
(source step, target step) (a *changed* label); the rest is added or removed.  Steps are
compared through their pairs (:class:`~liveflow_graph.diffs.pairing.StepPairing`), so a
transition whose end step was renamed through the rename map has not moved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from liveflow_graph.diffs.documents import TransitionMatching
from liveflow_graph.diffs.records import FieldChange, TransitionChange, TransitionRef
from liveflow_graph.model.models import Step, StepTransition
from tests.diffs.oracle.fields import extra_changes
from tests.diffs.oracle.pairing import StepPairing

__all__ = [
    "TransitionComparison",
    "TransitionOrder",
    "compare_transitions",
    "match_transitions",
    "same_ref",
    "transition_changes",
    "transition_ref",
]

TransitionPair = tuple[StepTransition, StepTransition]
"""A transition of the old version and the one of the new version it was matched with."""

_ENDS = ("source_step_id", "target_step_id")
"""The fields whose change makes a transition change a move."""


@dataclass(frozen=True, slots=True)
class TransitionComparison:
    """The transitions of both versions, sorted by what became of them, in canonical
    order; ``pairs`` are the matched transitions (the findings are compared through them)."""

    matching: TransitionMatching
    pairs: list[TransitionPair]
    added: tuple[TransitionRef, ...]
    removed: tuple[TransitionRef, ...]
    changed: tuple[TransitionChange, ...]
    moved: tuple[TransitionChange, ...]
    unchanged: tuple[TransitionChange, ...]


def compare_transitions(pairing: StepPairing) -> TransitionComparison:
    """Match the transitions of ``pairing``'s versions and sort them by what became of
    them."""
    order = TransitionOrder(pairing)
    old_steps, new_steps = pairing.old.steps, pairing.new.steps
    matching, pairs, gone, new = match_transitions(pairing, order)
    moved, relabelled, same = [], [], []
    for old_t, new_t in sorted(pairs, key=lambda p: order.key(*p)):
        new_ref = transition_ref(new_steps, new_t)
        if same_ref(old_steps, old_t, new_ref):
            old_ref = new_ref  # share equal refs (less memory)
        else:
            old_ref = transition_ref(old_steps, old_t)
        changes, is_move = transition_changes(pairing, old_t, new_t)
        t_change = TransitionChange(old_ref, new_ref, changes)
        if is_move:
            moved.append(t_change)
        elif changes:
            relabelled.append(t_change)
        else:
            same.append(t_change)
    return TransitionComparison(
        matching=matching,
        pairs=pairs,
        added=tuple(
            transition_ref(new_steps, t) for t in sorted(new, key=lambda t: order.key(None, t))
        ),
        removed=tuple(
            transition_ref(old_steps, t) for t in sorted(gone, key=lambda t: order.key(t, None))
        ),
        changed=tuple(relabelled),
        moved=tuple(moved),
        unchanged=tuple(same),
    )


class TransitionOrder:
    """The canonical order of transitions and of transition pairs: by source step, target
    step (each by its pair's rank; an end naming no step after every step, by id), label
    and id, the same from both sides."""

    def __init__(self, pairing: StepPairing) -> None:
        # the sort key of a transition end that names a step of its version: (rank, "");
        # an end naming no step sorts after every step, by id (see end_key)
        rank = pairing.rank
        self.old_end = {sid: (rank[pair], "") for sid, pair in pairing.old_pair.items()}
        self.new_end = {sid: (rank[pair], "") for sid, pair in pairing.new_pair.items()}
        self.dangling_rank = len(rank)

    def end_key(self, step_id: str, ends: dict[str, tuple[int, str]]) -> tuple[int, str]:
        """``(rank, "")`` for an end naming a step, else ``(number of union steps, id)``."""
        return ends.get(step_id) or (self.dangling_rank, step_id)

    def key(self, old: StepTransition | None, new: StepTransition | None) -> tuple[Any, ...]:
        """The same key for (old, new) as for (new, old) seen from the other side: for each
        of source, target, label and id, the two sides' values in ascending order."""
        if old is None or new is None:
            t, ends = (new, self.new_end) if old is None else (old, self.old_end)
            assert t is not None  # one side is always set
            source = self.end_key(t.source_step_id, ends)
            target = self.end_key(t.target_step_id, ends)
            label = t.label or ""
            return (source, source, target, target, label, label, t.id, t.id)
        # called once per transition pair when sorting: each sorted((x, y)) written out as
        # one comparison (sorted keeps x first unless y < x)
        old_end, new_end, far = self.old_end, self.new_end, self.dangling_rank
        s1 = old_end.get(old.source_step_id) or (far, old.source_step_id)
        s2 = new_end.get(new.source_step_id) or (far, new.source_step_id)
        if s2 < s1:
            s1, s2 = s2, s1
        t1 = old_end.get(old.target_step_id) or (far, old.target_step_id)
        t2 = new_end.get(new.target_step_id) or (far, new.target_step_id)
        if t2 < t1:
            t1, t2 = t2, t1
        l1, l2 = old.label or "", new.label or ""
        if l2 < l1:
            l1, l2 = l2, l1
        i1, i2 = old.id, new.id
        if i2 < i1:
            i1, i2 = i2, i1
        return (s1, s2, t1, t2, l1, l2, i1, i2)


def match_transitions(
    pairing: StepPairing, order: TransitionOrder
) -> tuple[TransitionMatching, list[TransitionPair], list[StepTransition], list[StepTransition]]:
    """How the transitions were matched, the pairs, and the old and new transitions left
    unmatched (removed and added)."""
    old, new = pairing.old.transitions, pairing.new.transitions
    shared = old.keys() & new.keys()
    if shared:
        return (
            "id",
            [(old[tid], new[tid]) for tid in shared],
            [t for tid, t in old.items() if tid not in shared],
            [t for tid, t in new.items() if tid not in shared],
        )
    left_old, left_new = list(old.values()), list(new.values())
    pairs: list[TransitionPair] = []
    old_token, new_token = pairing.old_token, pairing.new_token
    keys: list[tuple[Callable[[StepTransition], object], Callable[[StepTransition], object]]]
    keys = [
        # unchanged: same source, label and target
        (lambda t: (old_token(t.source_step_id), t.label or "", old_token(t.target_step_id)),
         lambda t: (new_token(t.source_step_id), t.label or "", new_token(t.target_step_id))),
        # moved: same source and label
        (lambda t: (old_token(t.source_step_id), t.label or ""),
         lambda t: (new_token(t.source_step_id), t.label or "")),
        # relabelled: same source and target
        (lambda t: (old_token(t.source_step_id), old_token(t.target_step_id)),
         lambda t: (new_token(t.source_step_id), new_token(t.target_step_id))),
    ]  # fmt: skip
    for old_key, new_key in keys:
        found, left_old, left_new = _pair_up(order, left_old, left_new, old_key, new_key)
        pairs.extend(found)
    return "source_label", pairs, left_old, left_new


def _pair_up(
    order: TransitionOrder,
    olds: Sequence[StepTransition],
    news: Sequence[StepTransition],
    old_key: Callable[[StepTransition], object],
    new_key: Callable[[StepTransition], object],
) -> tuple[list[TransitionPair], list[StepTransition], list[StepTransition]]:
    """Pair transitions with equal keys; within a key, in (target, label, id) order on
    both sides (an order that does not depend on which side is which)."""
    by_key: dict[object, list[StepTransition]] = {}
    for t in news:
        by_key.setdefault(new_key(t), []).append(t)
    grouped_old: dict[object, list[StepTransition]] = {}
    for t in olds:
        grouped_old.setdefault(old_key(t), []).append(t)
    pairs: list[TransitionPair] = []
    left_old: list[StepTransition] = []
    used: set[str] = set()
    for key, group in grouped_old.items():
        candidates = by_key.get(key)
        if not candidates:
            left_old.extend(group)
            continue
        group = sorted(group, key=lambda t: order.key(t, None))
        candidates = sorted(candidates, key=lambda t: order.key(None, t))
        for before, after in zip(group, candidates, strict=False):
            pairs.append((before, after))
            used.add(after.id)
        left_old.extend(group[len(candidates) :])
    left_new = [t for t in news if t.id not in used]
    return pairs, left_old, left_new


def transition_changes(
    pairing: StepPairing, old: StepTransition, new: StepTransition
) -> tuple[tuple[FieldChange, ...], bool]:
    """The fields of a transition pair that differ, and whether that is a move (a
    change of source or target: :attr:`TransitionChange.moved`)."""
    old_pair, new_pair = pairing.old_pair, pairing.new_pair
    old_source, new_source = old.source_step_id, new.source_step_id
    old_target, new_target = old.target_step_id, new.target_step_id
    out = []
    # the tokens of old_token/new_token, looked up inline (once per transition pair)
    if (old_pair.get(old_source) or old_source) != (new_pair.get(new_source) or new_source):
        out.append(FieldChange("source_step_id", old_source, new_source))
    if (old_pair.get(old_target) or old_target) != (new_pair.get(new_target) or new_target):
        out.append(FieldChange("target_step_id", old_target, new_target))
    is_move = bool(out)
    if old.label != new.label:
        out.append(FieldChange("label", old.label, new.label))
    if old.__pydantic_extra__ or new.__pydantic_extra__:  # see steps.step_changes
        extra = extra_changes(old.extra_fields, new.extra_fields)
        is_move = is_move or any(c.field in _ENDS for c in extra)
        out.extend(extra)
    return tuple(out), is_move


def transition_ref(steps: Mapping[str, Step], t: StepTransition) -> TransitionRef:
    """``t`` as its version (whose steps are ``steps``) has it."""
    source, target = steps.get(t.source_step_id), steps.get(t.target_step_id)
    return TransitionRef(
        id=t.id,
        source_step_id=t.source_step_id,
        target_step_id=t.target_step_id,
        label=t.label,
        source_name=source.name if source is not None else None,
        target_name=target.name if target is not None else None,
    )


def same_ref(steps: Mapping[str, Step], t: StepTransition, ref: TransitionRef) -> bool:
    """Whether ``transition_ref(steps, t) == ref``, without building the ref (its fields
    are strings or ``None``, compared one by one as the dataclass's ``==`` does)."""
    if (
        t.id != ref.id
        or t.source_step_id != ref.source_step_id
        or t.target_step_id != ref.target_step_id
        or t.label != ref.label
    ):
        return False
    source, target = steps.get(t.source_step_id), steps.get(t.target_step_id)
    return (source.name if source is not None else None) == ref.source_name and (
        target.name if target is not None else None
    ) == ref.target_name
