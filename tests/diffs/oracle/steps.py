"""What became of each step: added, removed, changed (field by field) or unchanged.

A paired step whose name changed is one *changed* step (renamed), never a removal plus an
addition; its fields are compared as :mod:`~liveflow_graph.diffs.fields` says.  The START
steps changed when the two versions' START steps are not the same pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

from liveflow_graph.diffs.records import FieldChange, StartChange, StepChange, StepRef
from liveflow_graph.model.models import Step
from tests.diffs.oracle.fields import extra_changes, prompt_change
from tests.diffs.oracle.pairing import StepPairing

__all__ = ["StepComparison", "compare_steps", "start_change", "step_changes", "step_ref"]


@dataclass(frozen=True, slots=True)
class StepComparison:
    """The steps of both versions, sorted by what became of them, in canonical order."""

    added: tuple[StepRef, ...]
    removed: tuple[StepRef, ...]
    changed: tuple[StepChange, ...]
    unchanged: tuple[StepChange, ...]


def compare_steps(pairing: StepPairing) -> StepComparison:
    """Every pair of ``pairing`` as an added, removed, changed or unchanged step."""
    added: list[StepRef] = []
    removed: list[StepRef] = []
    changed: list[StepChange] = []
    unchanged: list[StepChange] = []
    old_steps, new_steps = pairing.old.steps, pairing.new.steps
    for old_id, new_id in pairing.rank:
        if old_id is None:
            added.append(step_ref(new_steps[str(new_id)]))
        elif new_id is None:
            removed.append(step_ref(old_steps[old_id]))
        else:
            before, after = old_steps[old_id], new_steps[new_id]
            fields = step_changes(before, after)
            ref = StepRef(after.id, after.name, after.step_type)
            if fields:
                changed.append(StepChange(step_ref(before), ref, fields))
            else:  # same id, name and type: one ref for both sides
                unchanged.append(StepChange(ref, ref))
    return StepComparison(tuple(added), tuple(removed), tuple(changed), tuple(unchanged))


def start_change(pairing: StepPairing) -> StartChange | None:
    """The START steps of both versions, when they are not the same steps."""
    old, new = pairing.old, pairing.new
    before = {pairing.old_pair[s] for s in old.start_step_ids}
    after = {pairing.new_pair[s] for s in new.start_step_ids}
    if before == after:
        return None
    return StartChange(
        old=tuple(step_ref(old.steps[p[0]]) for p in pairing.ranked(before) if p[0]),
        new=tuple(step_ref(new.steps[p[1]]) for p in pairing.ranked(after) if p[1]),
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
