"""The diff's fast paths give exactly what the plain formulations they replace give.

``diff`` on large versions writes a few per-element checks out by hand (sort keys, "is
this the same ref", "is this the same template", "are there unknown fields"); each is
checked here against the simple expression it stands for, over generated inputs.
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liveflow_graph import FieldChange, FlowGraph, FlowVersion, PromptTemplate, diff
from liveflow_graph.diffs.fields import same_template
from liveflow_graph.diffs.model import StepChange, StepRef, TransitionChange, TransitionRef
from liveflow_graph.diffs.order import Pair, pair_key
from liveflow_graph.diffs.pairing import StepPairing
from liveflow_graph.diffs.transitions import TransitionOrder, same_ref, transition_ref
from liveflow_graph.model.models import Step, StepTransition
from tests.diffs.helpers import BASE_EDGES, BASE_STEPS, base

IDS = st.sampled_from(["a", "b", "c", "B", "é", ""])
LABELS = st.none() | st.sampled_from(["", "next", "done", "Next"])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", "x", "y\nz"]),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(IDS, inner, max_size=2),
    max_leaves=4,
)


@given(st.tuples(st.none() | IDS, st.none() | IDS))
def test_pair_key_is_the_sorted_ids(pair: Pair) -> None:
    assert pair_key(pair) == tuple(sorted(sid for sid in pair if sid is not None))
    assert pair_key(pair) == pair_key((pair[1], pair[0]))


def templates() -> st.SearchStrategy[dict[str, Any] | None]:
    return st.none() | st.fixed_dictionaries(
        {"type": st.sampled_from(["text", "chat"])},
        optional={"text": st.sampled_from(["", "hi", "hi\nthere"]), "meta": JSON},
    )


def template(doc: dict[str, Any] | None) -> PromptTemplate | None:
    return None if doc is None else PromptTemplate.model_validate(doc)


@given(templates(), templates())
def test_same_template_is_true_only_when_pydantic_equality_is(
    old_doc: dict[str, Any] | None, new_doc: dict[str, Any] | None
) -> None:
    old, new = template(old_doc), template(new_doc)
    if same_template(old, new):
        assert old == new
    # and it does answer True for equal templates, separately validated
    assert same_template(old, template(old_doc))


def test_same_template_looks_at_unknown_fields_and_the_class() -> None:
    plain = PromptTemplate.model_validate({"type": "text", "text": "hi"})
    assert not same_template(plain, PromptTemplate.model_validate({"type": "text"}))
    assert not same_template(plain, PromptTemplate.model_validate({"type": "text", "text": ""}))

    class Special(PromptTemplate):
        pass

    assert not same_template(plain, Special.model_validate({"type": "text", "text": "hi"}))
    assert not same_template(plain, None)
    assert same_template(None, None)


def steps_named(names: dict[str, str]) -> dict[str, Step]:
    return {
        sid: Step.model_validate({"id": sid, "name": name, "step_type": "LLM"})
        for sid, name in names.items()
    }


@given(
    st.dictionaries(IDS, st.sampled_from(["alpha", "beta"]), max_size=3),
    st.tuples(IDS, IDS, IDS, LABELS),
    st.tuples(IDS, IDS, IDS, LABELS, st.none() | st.sampled_from(["alpha", "beta"])),
)
def test_same_ref_is_equality_with_the_built_ref(
    names: dict[str, str],
    fields: tuple[str, str, str, str | None],
    other: tuple[str, str, str, str | None, str | None],
) -> None:
    steps = steps_named(names)
    tid, source, target, label = fields
    transition = StepTransition(id=tid, source_step_id=source, target_step_id=target, label=label)
    built = transition_ref(steps, transition)
    assert same_ref(steps, transition, built)
    ref = TransitionRef(other[0], other[1], other[2], other[3], other[4], other[4])
    assert same_ref(steps, transition, ref) == (built == ref)


def reference_key(
    pairing: StepPairing, old: StepTransition | None, new: StepTransition | None
) -> tuple[Any, ...]:
    """The transition sort key as first written: ``sorted`` of each field's two values."""

    def end(step_id: str, pairs: dict[str, Pair]) -> tuple[int, str]:
        pair = pairs.get(step_id)
        return (pairing.rank[pair], "") if pair is not None else (len(pairing.rank), step_id)

    if old is None or new is None:
        t, pairs = (new, pairing.new_pair) if old is None else (old, pairing.old_pair)
        assert t is not None
        source, target = end(t.source_step_id, pairs), end(t.target_step_id, pairs)
        return (source, source, target, target, t.label or "", t.label or "", t.id, t.id)
    olds, news = pairing.old_pair, pairing.new_pair
    return (
        *sorted((end(old.source_step_id, olds), end(new.source_step_id, news))),
        *sorted((end(old.target_step_id, olds), end(new.target_step_id, news))),
        *sorted((old.label or "", new.label or "")),
        *sorted((old.id, new.id)),
    )


ENDS = st.sampled_from(["s", "a", "b", "c", "ghost"])
EDGES = st.lists(st.tuples(st.sampled_from(["t1", "t2", "t3", "t4"]), ENDS, ENDS, LABELS))


@settings(max_examples=60)
@given(EDGES, EDGES)
def test_transition_key_orders_as_the_sorted_formulation(
    old_edges: list[tuple[str, str, str, str | None]],
    new_edges: list[tuple[str, str, str, str | None]],
) -> None:
    steps = [*BASE_STEPS, ("c", "gamma", "LLM")]
    old = FlowGraph.of(base(steps=steps[:3], edges=old_edges))
    new = FlowGraph.of(base(steps=steps[1:], edges=new_edges))
    pairing = StepPairing(old, new, {})
    order = TransitionOrder(pairing)
    # the keys are integers where the formulation has (rank, id) tuples: they must order
    # every two candidates alike (and tie exactly when it ties)
    keys = [
        (order.key(before, after), reference_key(pairing, before, after))
        for before in [None, *old.transitions.values()]
        for after in [None, *new.transitions.values()]
        if before is not None or after is not None
    ]
    for fast, plain in keys:
        for other_fast, other_plain in keys:
            assert (fast < other_fast) == (plain < other_plain)
            assert (fast == other_fast) == (plain == other_plain)
    for before in old.transitions.values():
        assert order.old_key(before) == order.key(before, None)
    for after in new.transitions.values():
        assert order.new_key(after) == order.key(None, after)


def with_extra(version: FlowVersion, transition: int, **fields: Any) -> FlowVersion:
    """A copy of ``version`` whose transition number ``transition`` has unknown fields."""
    doc = version.model_dump(mode="json", exclude_unset=True)
    doc["step_transitions"][transition].update(fields)
    return FlowVersion.model_validate(doc)


def test_an_unknown_transition_field_is_a_change_not_a_move() -> None:
    old = with_extra(base(), 1, weight=1)
    result = diff(old, with_extra(base(), 1, weight=2), validity=False)
    [changed] = result.transitions_changed
    assert changed.changes == (FieldChange("weight", 1, 2),)
    assert not changed.moved
    assert result.transitions_moved == ()
    [added] = diff(base(), with_extra(base(), 0, color="red"), validity=False).transitions_changed
    assert added.changes == (FieldChange("color", None, "red"),)
    assert diff(old, old).is_empty


def test_a_move_with_an_unknown_field_change_is_a_move() -> None:
    steps = [*BASE_STEPS, ("c", "gamma", "LLM")]
    old = with_extra(base(steps=steps), 1, weight=1)
    new = with_extra(base(steps=steps, edges=[BASE_EDGES[0], ("t2", "a", "c", "next")]), 1)
    result = diff(old, new, validity=False)
    [moved] = result.transitions_moved
    assert moved.changes == (
        FieldChange("target_step_id", "b", "c"),
        FieldChange("weight", 1, None),
    )
    assert result.transitions_changed == ()


@pytest.mark.slow  # subprocesses
def test_a_rename_map_that_swaps_two_start_steps_is_ordered_the_same_in_every_process() -> None:
    """`(x, y)` and `(y, x)` share a pair key; their order must not depend on set order
    (string hashing differs between processes)."""
    script = (
        "from liveflow_graph import FlowVersion\n"
        "from liveflow_graph.diffs import diff\n"
        "def v(vid, names):\n"
        "    return FlowVersion.model_validate({'id': vid, 'step_transitions': [], 'steps': [\n"
        "        {'id': i, 'name': n, 'step_type': 'START'} for i, n in names]})\n"
        "d = diff(v('v1', [('x', 'one'), ('y', 'two')]), v('v2', [('x', 'uno'), ('y', 'dos')]),\n"
        "         rename_map={'x': 'y', 'y': 'x'}, validity=False)\n"
        "print(d.to_json())\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "2", "3", "4", "5")
    }
    assert len(outputs) == 1


def generated(cls: type) -> type:
    """``cls`` as ``@dataclass(frozen=True, slots=True)`` would make it, with the
    ``__init__`` that dataclass generates (the records write their own, faster one)."""
    return dataclasses.make_dataclass(
        cls.__name__,
        [(f.name, f.type, dataclasses.field(default=f.default)) for f in dataclasses.fields(cls)],
        frozen=True,
        slots=True,
    )


VALUES = st.none() | st.text(max_size=3) | st.tuples(st.integers())


@pytest.mark.parametrize("cls", [StepRef, StepChange, TransitionRef, TransitionChange])
@given(data=st.data())
def test_hand_written_record_inits_are_the_generated_ones(cls: type, data: st.DataObject) -> None:
    fields = dataclasses.fields(cls)
    reference = generated(cls)
    required = [f for f in fields if f.default is dataclasses.MISSING]
    args = data.draw(st.lists(VALUES, min_size=len(required), max_size=len(fields)))
    names = [f.name for f in fields]
    keywords = dict(zip(names, args, strict=False))
    for made, expected in [
        (cls(*args), reference(*args)),
        (cls(**keywords), reference(**keywords)),
    ]:
        assert [getattr(made, n) for n in names] == [getattr(expected, n) for n in names]
        assert dataclasses.astuple(made) == dataclasses.astuple(expected)
    assert cls(*args) == cls(**keywords)
    assert hash(cls(*args)) == hash(cls(**keywords))
    made = cls(*args)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, names[0], "changed")
    assert dataclasses.replace(made) == made
    # the same parameters (names, kinds, defaults, annotations)
    assert inspect.signature(cls).parameters == inspect.signature(reference).parameters
