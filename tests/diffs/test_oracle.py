"""The fast ``diff`` equals the plain one it replaced, on every input.

``tests.diffs.oracle`` keeps the diff as it was before its fast paths (integer ranks, the
one-pass step and transition comparisons): each property here draws two versions and
checks that ``liveflow_graph.diffs.diff`` and the oracle give equal results (the whole
:class:`VersionDiff`, unchanged steps and transitions and their order included), in both
directions, with and without validity and rename maps.

The versions are drawn two ways: a generated version and a copy with random edits (what
diffs are for), and hostile versions over a handful of ids, so that duplicate ids,
dangling transitions, several START steps, shared ids between steps and transitions,
unknown fields and ``(a, b)``/``(b, a)`` rename pairs all occur.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liveflow_graph import FlowGraph, FlowVersion, LiveFlow, VersionDiff, diff
from liveflow_graph.diffs.pairing import StepPairing
from liveflow_graph.diffs.sides import VersionIndex
from liveflow_graph.testing import live_flows
from tests.diffs.oracle.compute import diff as oracle_diff
from tests.diffs.oracle.pairing import StepPairing as OraclePairing
from tests.diffs.strategies import Document, Edits, edits

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

IDS = ["a", "b", "c", "d", "B", "é", ""]
LABELS = st.none() | st.sampled_from(["", "next", "done", "Next"])
SCALARS = st.none() | st.booleans() | st.integers(-2, 2) | st.sampled_from(["", "x", "y\nz"])
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.sampled_from(IDS), inner, max_size=2)
    ),
    max_leaves=4,
)
EXTRAS = st.dictionaries(st.sampled_from(["weight", "color", "meta"]), JSON, max_size=2)


@st.composite
def step_documents(draw: st.DrawFn) -> Document:
    step: Document = {
        "id": draw(st.sampled_from(IDS)),
        "name": draw(st.sampled_from(["alpha", "beta", "gamma", "start"])),
        "step_type": draw(st.sampled_from(["START", "LLM", "TOOL"])),
        **draw(EXTRAS),
    }
    template = draw(
        st.none()
        | st.fixed_dictionaries(
            {"type": st.sampled_from(["text", "chat"])},
            optional={"text": st.sampled_from(["", "hi", "hi\nthere"]), "meta": JSON},
        )
    )
    if template is not None or draw(st.booleans()):
        step["prompt_template"] = template
    return step


@st.composite
def transition_documents(draw: st.DrawFn, steps: list[str]) -> Document:
    """A transition between ``steps`` (mostly), or naming ids that are no steps."""
    ends = st.sampled_from([*steps, "ghost"]) if steps else st.sampled_from(["ghost", "a"])
    ends = ends | st.sampled_from(["phantom", *IDS]) if draw(st.integers(0, 4)) == 0 else ends
    return {
        "id": draw(st.sampled_from(["t1", "t2", "t3", "t4", "t5", "t6", "t7", "a"])),
        "source_step_id": draw(ends),
        "target_step_id": draw(ends),
        "label": draw(LABELS),
        **draw(EXTRAS),
    }


@st.composite
def hostile_versions(draw: st.DrawFn, version_id: str) -> FlowVersion:
    steps = draw(st.lists(step_documents(), max_size=7))
    ids = sorted({s["id"] for s in steps})
    return FlowVersion.model_validate(
        {
            "id": version_id,
            "steps": steps,
            "step_transitions": draw(st.lists(transition_documents(ids), max_size=10)),
        }
    )


@st.composite
def rename_maps(draw: st.DrawFn, old: FlowVersion, new: FlowVersion) -> dict[str, str]:
    """A valid rename map: old step ids to distinct new step ids (swaps included)."""
    olds = sorted({s.id for s in old.steps})
    news = sorted({s.id for s in new.steps})
    if not olds or not news or not draw(st.booleans()):
        return {}
    sources = draw(st.lists(st.sampled_from(olds), unique=True, max_size=3))
    targets = draw(st.permutations(news))
    return dict(zip(sources, targets, strict=False))


def check(old: Any, new: Any, renames: dict[str, str], *, validity: bool) -> VersionDiff:
    """Assert that the library and the oracle agree, both ways; the library's result."""
    result = diff(old, new, rename_map=renames, validity=validity)
    expected = oracle_diff(old, new, rename_map=renames, validity=validity)
    assert result == expected
    assert result.to_json() == expected.to_json()  # records and their order, as JSON
    inverse = {after: before for before, after in renames.items()}
    assert diff(new, old, rename_map=inverse, validity=validity) == oracle_diff(
        new, old, rename_map=inverse, validity=validity
    )
    return result


def parse(document: Document) -> FlowVersion:
    return FlowVersion.model_validate(document)


@SETTINGS
@given(edits(), st.booleans())
def test_edited_versions(case: Edits, validity: bool) -> None:
    old, new = parse(case.old), parse(case.new)
    check(old, new, {}, validity=validity)
    check(old, parse(case.shuffled), {}, validity=validity)
    check(FlowGraph.of(old), FlowGraph.of(new), {}, validity=validity)


@SETTINGS
@given(edits(), st.data())
def test_edited_versions_with_renames(case: Edits, data: st.DataObject) -> None:
    old, new = parse(case.old), parse(case.shuffled)
    check(old, new, data.draw(rename_maps(old, new)), validity=False)


@SETTINGS
@given(edits())
def test_edited_versions_without_persistent_transition_ids(case: Edits) -> None:
    fresh = {
        **case.shuffled,
        "step_transitions": [
            {**t, "id": "x-" + t["id"]} for t in case.shuffled["step_transitions"]
        ],
    }
    result = check(parse(case.old), parse(fresh), {}, validity=False)
    assert result.transition_matching == "source_label" or not case.old["step_transitions"]


@SETTINGS
@given(hostile_versions("v1"), hostile_versions("v2"), st.data())
def test_hostile_versions(old: FlowVersion, new: FlowVersion, data: st.DataObject) -> None:
    renames = data.draw(rename_maps(old, new))
    check(old, new, renames, validity=False)
    check(old, old, {}, validity=False)


@pytest.mark.slow  # every validation rule on both sides
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_versions("v1"), hostile_versions("v2"), st.data())
def test_hostile_versions_with_validity(
    old: FlowVersion, new: FlowVersion, data: st.DataObject
) -> None:
    check(old, new, data.draw(rename_maps(old, new)), validity=True)


@SETTINGS
@given(live_flows(max_versions=3, max_sessions=3), live_flows(max_versions=2, max_sessions=2))
def test_refs_and_flows(flow: LiveFlow, other: LiveFlow) -> None:
    """Refs and flows are read into a VersionIndex (the oracle builds their graphs):
    the sides' flow names, ids and session counts come out the same."""
    refs = [*flow.versions().values(), *other.versions().values()]
    for before, after in itertools.pairwise(refs):
        check(before, after, {}, validity=False)
    check(flow, other, {}, validity=False)
    check(other, refs[0], {}, validity=False)


@SETTINGS
@given(hostile_versions("v1"), hostile_versions("v2"))
def test_the_index_reads_a_version_as_its_graph_does(
    version: FlowVersion, other: FlowVersion
) -> None:
    index, graph = VersionIndex(version), FlowGraph.of(version)
    assert list(index.steps.items()) == list(graph.steps.items())
    assert list(index.transitions.items()) == list(graph.transitions.items())
    assert index.start_step_ids == graph.start_step_ids
    assert (index.version_id, index.flow_id) == (graph.version_id, graph.flow_id)
    # and the pairing finds the ends that name no step as a plain scan does
    expected = plain_dangling(version) | plain_dangling(other)
    assert StepPairing(index, VersionIndex(other), {}).dangling == expected
    assert StepPairing(graph, FlowGraph.of(other), {}).dangling == expected


def plain_dangling(version: FlowVersion) -> set[str]:
    """The ends that name no step, of the first transition with each id (the graph keeps
    the others as duplicates, and the diff does not read them)."""
    steps = {s.id for s in version.steps}
    seen: set[str] = set()
    out: set[str] = set()
    for t in version.step_transitions:
        if t.id not in seen:
            seen.add(t.id)
            out |= {t.source_step_id, t.target_step_id} - steps
    return out


@SETTINGS
@given(hostile_versions("v1"), hostile_versions("v2"), st.data())
def test_the_canonical_order_is_the_plain_one(
    old: FlowVersion, new: FlowVersion, data: st.DataObject
) -> None:
    """The pairing's breadth-first search on node numbers (ids as tie-breakers when there
    is no rename map) ranks the pairs as the oracle's search over pairs does."""
    before, after = FlowGraph.of(old), FlowGraph.of(new)
    renames = data.draw(rename_maps(old, new))
    fast = StepPairing(before, after, renames)
    plain = OraclePairing(before, after, renames)
    assert fast.rank == plain.rank
    assert fast.old_pair == plain.old_pair
    assert fast.new_pair == plain.new_pair
    assert fast.order == sorted(plain.rank, key=plain.rank.__getitem__)
