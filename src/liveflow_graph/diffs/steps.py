"""What became of each step: added, removed, changed (field by field) or unchanged.

A paired step whose name changed is one *changed* step (renamed), never a removal plus an
addition; its fields are compared as :mod:`~liveflow_graph.diffs.fields` says.  The START
steps changed when the two versions' START steps are not the same pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from liveflow_graph.diffs.fields import extra_changes, prompt_change, same_template
from liveflow_graph.diffs.pairing import StepPairing
from liveflow_graph.diffs.records import FieldChange, StartChange, StepChange, StepRef
from liveflow_graph.model.models import Step

__all__ = [
    "StepComparison",
    "compare_steps",
    "same_step",
    "start_change",
    "step_changes",
    "step_ref",
]


@dataclass(frozen=True, slots=True)
class StepComparison:
    """The steps of both versions, sorted by what became of them, in canonical order, and
    the names of each version's steps by rank (the transitions' refs name their ends)."""

    added: tuple[StepRef, ...]
    removed: tuple[StepRef, ...]
    changed: tuple[StepChange, ...]
    unchanged: tuple[StepChange, ...]
    old_names: list[str | None]
    """The name of the old version's step of each rank (``None``: no step there)."""
    new_names: list[str | None]
    """The name of the new version's step of each rank."""


def compare_steps(pairing: StepPairing) -> StepComparison:
    """Every pair of ``pairing`` as an added, removed, changed or unchanged step.

    Most steps of two versions are the same: :func:`same_step` settles each of them with a
    few comparisons (no field-by-field records); only the others go through
    :func:`step_changes`.  The steps are visited in document order (the order their
    objects were made in, kind to the memory caches) and each record is put in its place
    in the canonical order by its rank: no sorting.
    """
    old_steps, rank_of, node_new = pairing.old.steps, pairing.rank_of, pairing.node_new
    placed: list[StepRef | StepChange | None] = [None] * len(rank_of)
    kind = bytearray(len(rank_of))  # what each rank holds: one of _ADDED .. _UNCHANGED
    old_names: list[str | None] = [None] * len(rank_of)
    new_names: list[str | None] = [None] * len(rank_of)
    for sid, node in pairing.old_node.items():
        if node_new[node] is None:
            rank = rank_of[node]
            placed[rank] = ref = step_ref(old_steps[sid])
            old_names[rank] = ref.name
            kind[rank] = _REMOVED
    node_old, new_node = pairing.node_old, pairing.new_node
    for sid, after in pairing.new.steps.items():  # sid is after.id
        node = new_node[sid]
        rank = rank_of[node]
        name, step_type = after.name, after.step_type
        new_names[rank] = name
        ref = StepRef(sid, name, step_type)
        old_id = node_old[node]
        if old_id is None:
            placed[rank] = ref
            kind[rank] = _ADDED
            continue
        before = old_steps[old_id]  # old_id is before.id
        old_names[rank] = old_name = before.name
        if before is after or (  # same_step(before, after), its reads shared with the ref
            old_id == sid
            and old_name == name
            and before.step_type == step_type
            and not before.__pydantic_extra__
            and not after.__pydantic_extra__
            and same_template(before.prompt_template, after.prompt_template)
        ):
            fields: tuple[FieldChange, ...] = ()
        else:
            fields = step_changes(before, after)
        if fields:
            placed[rank] = StepChange(step_ref(before), ref, fields)
            kind[rank] = _CHANGED
        else:  # same id, name and type: one ref for both sides
            placed[rank] = StepChange(ref, ref)
            kind[rank] = _UNCHANGED
    found: tuple[list[Any], ...] = ([], [], [], [])
    for rank, record in enumerate(placed):
        found[kind[rank]].append(record)
    added, removed, changed, unchanged = found
    return StepComparison(
        tuple(added), tuple(removed), tuple(changed), tuple(unchanged), old_names, new_names
    )


_ADDED, _REMOVED, _CHANGED, _UNCHANGED = range(4)


def same_step(old: Step, new: Step) -> bool:
    """A cheap test that is ``True`` only when :func:`step_changes` is empty: the same
    object, or the same id, name and type, the same template (:func:`same_template`) and
    no fields the models do not know on either side."""
    if old is new:
        return True
    return (
        old.id == new.id
        and old.name == new.name
        and old.step_type == new.step_type
        and not old.__pydantic_extra__
        and not new.__pydantic_extra__
        and same_template(old.prompt_template, new.prompt_template)
    )


def start_change(pairing: StepPairing) -> StartChange | None:
    """The START steps of both versions, when they are not the same steps."""
    old, new = pairing.old, pairing.new
    before = {pairing.old_node[s] for s in old.start_step_ids}
    after = {pairing.new_node[s] for s in new.start_step_ids}
    if before == after:
        return None
    rank_of, node_old, node_new = pairing.rank_of, pairing.node_old, pairing.node_new
    return StartChange(
        old=tuple(
            step_ref(old.steps[sid])
            for sid in (node_old[n] for n in sorted(before, key=rank_of.__getitem__))
            if sid  # kept as it was: a START step whose id is "" is left out
        ),
        new=tuple(
            step_ref(new.steps[sid])
            for sid in (node_new[n] for n in sorted(after, key=rank_of.__getitem__))
            if sid
        ),
    )


def step_ref(step: Step) -> StepRef:
    """``step``'s identity: id, name and type."""
    return StepRef(step.id, step.name, step.step_type)


def step_changes(old: Step, new: Step) -> tuple[FieldChange, ...]:
    """The fields of a step pair that differ: id (through a rename map), name, type,
    prompt template, then the fields the models do not know."""
    out = []
    if old.id != new.id:
        out.append(FieldChange("id", old.id, new.id))
    if old.name != new.name:
        out.append(FieldChange("name", old.name, new.name))
    if old.step_type != new.step_type:
        out.append(FieldChange("step_type", old.step_type, new.step_type))
    prompt = prompt_change(old.prompt_template, new.prompt_template)
    if prompt is not None:
        out.append(prompt)
    # extra_fields copies pydantic's dict of extras on every call: test the dicts
    # themselves first (extra_changes of two empty dicts is empty)
    if old.__pydantic_extra__ or new.__pydantic_extra__:
        out.extend(extra_changes(old.extra_fields, new.extra_fields))
    return tuple(out)
