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

from liveflow_graph.diffs.documents import TransitionMatching
from liveflow_graph.diffs.fields import extra_changes
from liveflow_graph.diffs.pairing import StepPairing
from liveflow_graph.diffs.records import FieldChange, TransitionChange, TransitionRef
from liveflow_graph.diffs.sides import DiffInput
from liveflow_graph.model.models import Step, StepTransition

__all__ = [
    "TransitionComparison",
    "TransitionOrder",
    "compare_transitions",
    "field_changes",
    "match_transitions",
    "same_ref",
    "transition_changes",
    "transition_ref",
]

_Key = tuple[int, int, int, int, str, str, str, str]
"""The sort key of a transition or a transition pair (see :class:`TransitionOrder`)."""

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


def compare_transitions(
    pairing: StepPairing, names: tuple[list[str | None], list[str | None]] | None = None
) -> TransitionComparison:
    """Match the transitions of ``pairing``'s versions and sort them by what became of
    them.

    Each matched pair is settled in one pass, in the new version's document order (the
    order its objects were made in, kind to the memory caches): its sort key, its refs and
    what changed.  A pair whose ends name the same steps (equal end keys, see
    :class:`TransitionOrder`), whose labels are equal and that has no fields the models do
    not know is unchanged without a field-by-field comparison; only the others go through
    :func:`field_changes`.  The records are then sorted once, by key.  ``names`` are the
    names of each version's steps by rank, when known (see
    :class:`~liveflow_graph.diffs.steps.StepComparison`).
    """
    order = TransitionOrder(pairing, names)
    old_steps, new_steps = pairing.old.steps, pairing.new.steps
    matching, pairs, gone, new = match_transitions(pairing, order)
    old_end, new_end = order.old_end, order.new_end
    old_names, new_names = order.old_names, order.new_names
    keyed: list[tuple[_Key, int, TransitionChange]] = []
    for old_t, new_t in pairs:
        old_id, old_source, old_target, old_label = (
            old_t.id,
            old_t.source_step_id,
            old_t.target_step_id,
            old_t.label,
        )
        new_id, new_source, new_target, new_label = (
            new_t.id,
            new_t.source_step_id,
            new_t.target_step_id,
            new_t.label,
        )
        # the ends' keys are equal exactly when the ends name the same step (or the
        # same missing id): the tokens transition_changes compares
        s1, s2 = old_end[old_source], new_end[new_source]
        t1, t2 = old_end[old_target], new_end[new_target]
        source_name, target_name = new_names[s2], new_names[t2]
        new_ref = TransitionRef(new_id, new_source, new_target, new_label, source_name, target_name)
        old_source_name, old_target_name = old_names[s1], old_names[t1]
        if (
            old_id == new_id
            and old_source == new_source
            and old_target == new_target
            and old_label == new_label
            and old_source_name == source_name
            and old_target_name == target_name
        ):
            old_ref = new_ref  # share equal refs (less memory)
        else:
            old_ref = TransitionRef(
                old_id, old_source, old_target, old_label, old_source_name, old_target_name
            )
        if (
            s1 == s2
            and t1 == t2
            and old_label == new_label
            and not old_t.__pydantic_extra__
            and not new_t.__pydantic_extra__
        ):
            kind, record = _UNCHANGED, TransitionChange(old_ref, new_ref)
        else:
            changes, is_move = field_changes(old_t, new_t, s1 != s2, t1 != t2)
            kind = _MOVED if is_move else _CHANGED if changes else _UNCHANGED
            record = TransitionChange(old_ref, new_ref, changes)
        # TransitionOrder.key, inline: each sorted((x, y)) as one comparison
        if s2 < s1:
            s1, s2 = s2, s1
        if t2 < t1:
            t1, t2 = t2, t1
        l1, l2 = old_label or "", new_label or ""
        if l2 < l1:
            l1, l2 = l2, l1
        i1, i2 = (new_id, old_id) if new_id < old_id else (old_id, new_id)
        keyed.append(((s1, s2, t1, t2, l1, l2, i1, i2), kind, record))
    keyed.sort(key=_first)
    found: tuple[list[TransitionChange], ...] = ([], [], [])
    for _, kind, record in keyed:
        found[kind].append(record)
    moved, relabelled, same = found
    return TransitionComparison(
        matching=matching,
        pairs=pairs,
        added=tuple(transition_ref(new_steps, t) for t in sorted(new, key=order.new_key)),
        removed=tuple(transition_ref(old_steps, t) for t in sorted(gone, key=order.old_key)),
        changed=tuple(relabelled),
        moved=tuple(moved),
        unchanged=tuple(same),
    )


_MOVED, _CHANGED, _UNCHANGED = range(3)


def _first(item: tuple[_Key, int, TransitionChange]) -> _Key:
    return item[0]


class TransitionOrder:
    """The canonical order of transitions and of transition pairs: by source step, target
    step (each by its pair's rank; an end naming no step after every step, by id), label
    and id, the same from both sides.

    Every end is an integer: a step's rank, or, for an id naming no step of its version,
    the number of union steps plus its position among all such ids of both versions (in
    id order), which orders ends as ``(rank, "")`` and ``(number of union steps, id)``
    would.  Two ends have equal keys exactly when they name the same pair of steps, or
    the same id that names no step on either side.
    """

    def __init__(
        self,
        pairing: StepPairing,
        names: tuple[list[str | None], list[str | None]] | None = None,
    ) -> None:
        rank_of = pairing.rank_of
        far = len(rank_of)
        beyond = {sid: far + number for number, sid in enumerate(sorted(pairing.dangling))}
        self.old_end: dict[str, int] = {**beyond, **_ranks(pairing.old_node, rank_of)}
        self.new_end: dict[str, int] = {**beyond, **_ranks(pairing.new_node, rank_of)}
        if names is None:
            names = _names(pairing.old, self.old_end, far), _names(pairing.new, self.new_end, far)
        padding: list[str | None] = [None] * len(beyond)
        # the name of the step at each key, of each version (None: no step there)
        self.old_names: list[str | None] = [*names[0], *padding]
        self.new_names: list[str | None] = [*names[1], *padding]

    def old_key(self, t: StepTransition) -> _Key:
        """The key of ``t``, a transition only the old version has."""
        return self._side_key(t, self.old_end)

    def new_key(self, t: StepTransition) -> _Key:
        """The key of ``t``, a transition only the new version has."""
        return self._side_key(t, self.new_end)

    @staticmethod
    def _side_key(t: StepTransition, ends: dict[str, int]) -> _Key:
        source, target = ends[t.source_step_id], ends[t.target_step_id]
        label = t.label or ""
        return (source, source, target, target, label, label, t.id, t.id)

    def key(self, old: StepTransition | None, new: StepTransition | None) -> _Key:
        """The same key for (old, new) as for (new, old) seen from the other side: for each
        of source, target, label and id, the two sides' values in ascending order."""
        if old is None or new is None:
            if old is not None:
                return self._side_key(old, self.old_end)
            assert new is not None  # one side is always set
            return self._side_key(new, self.new_end)
        # called once per transition pair: each sorted((x, y)) written out as one
        # comparison (sorted keeps x first unless y < x)
        old_end, new_end = self.old_end, self.new_end
        s1, s2 = old_end[old.source_step_id], new_end[new.source_step_id]
        if s2 < s1:
            s1, s2 = s2, s1
        t1, t2 = old_end[old.target_step_id], new_end[new.target_step_id]
        if t2 < t1:
            t1, t2 = t2, t1
        l1, l2 = old.label or "", new.label or ""
        if l2 < l1:
            l1, l2 = l2, l1
        i1, i2 = old.id, new.id
        if i2 < i1:
            i1, i2 = i2, i1
        return (s1, s2, t1, t2, l1, l2, i1, i2)


def _ranks(nodes: dict[str, int], rank_of: list[int]) -> dict[str, int]:
    """The rank of each step id of one version."""
    return {sid: rank_of[node] for sid, node in nodes.items()}


def _names(side: DiffInput, ends: dict[str, int], size: int) -> list[str | None]:
    """The name of ``side``'s step of each rank (``None``: no step there)."""
    names: list[str | None] = [None] * size
    for sid, step in side.steps.items():
        names[ends[sid]] = step.name
    return names


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
            [(old[tid], t) for tid, t in new.items() if tid in shared],
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
        group = sorted(group, key=order.old_key)
        candidates = sorted(candidates, key=order.new_key)
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
    return field_changes(
        old,
        new,
        (old_pair.get(old_source) or old_source) != (new_pair.get(new_source) or new_source),
        (old_pair.get(old_target) or old_target) != (new_pair.get(new_target) or new_target),
    )


def field_changes(
    old: StepTransition, new: StepTransition, source_moved: bool, target_moved: bool
) -> tuple[tuple[FieldChange, ...], bool]:
    """:func:`transition_changes`, told whether the ends name other steps (their tokens
    differ)."""
    out = []
    if source_moved:
        out.append(FieldChange("source_step_id", old.source_step_id, new.source_step_id))
    if target_moved:
        out.append(FieldChange("target_step_id", old.target_step_id, new.target_step_id))
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
