"""Properties of ``diff`` over generated versions and random edits.

* ``diff(a, a)`` is empty; ``diff(b, a)`` is the mirror of ``diff(a, b)``;
* shuffling the steps and transitions lists changes nothing (findings are compared by code
  and sets of ids: their JSON paths, and the order in which they list the steps involved,
  follow the lists, as they should);
* random edits (add, remove and rename steps, edit prompts, retarget, relabel, add and
  remove transitions) are reported as exactly those edits.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liveflow_graph import FlowVersion, VersionDiff, diff
from liveflow_graph.testing import flow_version_documents, live_flows

# make test-fast leaves these out (slow): hypothesis properties over generated and edited versions
# (the unit tests are test_compute.py)
pytestmark = pytest.mark.slow

Document = dict[str, Any]
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass
class Edits:
    """A version before and after random edits, and what a diff must report."""

    old: Document
    new: Document
    shuffled: Document
    steps_added: set[str] = field(default_factory=set)
    steps_removed: set[str] = field(default_factory=set)
    steps_changed: dict[str, set[str]] = field(default_factory=dict)
    transitions_added: set[str] = field(default_factory=set)
    transitions_removed: set[str] = field(default_factory=set)
    transitions_moved: set[str] = field(default_factory=set)
    transitions_changed: set[str] = field(default_factory=set)


@st.composite
def edits(draw: st.DrawFn) -> Edits:
    old = draw(flow_version_documents(min_steps=2, max_steps=10))
    new = copy.deepcopy(old)
    new["id"] = old["id"] + "-next"
    done = Edits(old=old, new=new, shuffled=new)
    # never the START step, nor the step after it: its first transition always persists,
    # so transitions are matched by id (see test_without_persistent_transition_ids)
    others = [s["id"] for s in new["steps"][2:]]
    done.steps_removed = draw(st.sets(st.sampled_from(others), max_size=2)) if others else set()
    new["steps"] = [s for s in new["steps"] if s["id"] not in done.steps_removed]
    live = [s["id"] for s in new["steps"]]
    for step in new["steps"]:
        fields = set()
        if draw(st.integers(0, 3)) == 0:
            step["name"] += "_R"  # generated names are lowercase: still unique
            fields.add("name")
        if draw(st.integers(0, 3)) == 0:
            step["prompt_template"]["text"] += "\nedited"
            fields.add("prompt_template")
        if fields:
            done.steps_changed[step["id"]] = fields
    kept = []
    for number, t in enumerate(new["step_transitions"]):
        ends = {t["source_step_id"], t["target_step_id"]}
        if ends & done.steps_removed or (number and draw(st.integers(0, 5)) == 0):
            done.transitions_removed.add(t["id"])
        else:
            kept.append(t)
    for t in kept:
        targets = [sid for sid in live if sid != t["target_step_id"]]
        if targets and draw(st.integers(0, 3)) == 0:
            t["target_step_id"] = draw(st.sampled_from(targets))
            done.transitions_moved.add(t["id"])
        if draw(st.integers(0, 4)) == 0:
            t["label"] = (t["label"] or "") + "_x"
            if t["id"] not in done.transitions_moved:
                done.transitions_changed.add(t["id"])
    for number in range(draw(st.integers(0, 2))):
        sid = f"added-step-{number}"
        new["steps"].append(
            {
                "id": sid,
                "name": f"ADDED{number}",
                "step_type": "LLM",
                "prompt_template": {"type": "text", "text": "new"},
            }
        )
        done.steps_added.add(sid)
        kept.append(
            {
                "id": f"added-link-{number}",
                "source_step_id": draw(st.sampled_from(live)),
                "target_step_id": sid,
                "label": "next",
            }
        )
        done.transitions_added.add(f"added-link-{number}")
    for number in range(draw(st.integers(0, 2))):
        kept.append(
            {
                "id": f"added-transition-{number}",
                "source_step_id": draw(st.sampled_from(live)),
                "target_step_id": draw(st.sampled_from(live)),
                "label": None,
            }
        )
        done.transitions_added.add(f"added-transition-{number}")
    new["step_transitions"] = kept
    done.shuffled = {
        **new,
        "steps": draw(st.permutations(new["steps"])),
        "step_transitions": draw(st.permutations(kept)),
    }
    return done


def parse(document: Document) -> FlowVersion:
    return FlowVersion.model_validate(document)


def comparable(result: VersionDiff) -> dict[str, Any]:
    """``to_dict()`` with findings reduced to what the diff compares them by."""
    data = result.to_dict()
    for key in ("appeared", "disappeared"):
        data["validity"][key] = sorted(
            (d["code"], sorted(d["step_ids"]), sorted(d["transition_ids"]))
            for d in data["validity"][key]
        )
    return data


@SETTINGS
@given(live_flows(max_versions=3, max_sessions=3))
def test_a_version_against_itself_is_empty(flow: Any) -> None:
    for ref in flow.versions().values():
        result = diff(ref, ref)
        assert result.is_empty
        assert result.summary == "no differences"
        assert len(result.steps_unchanged) == len({s.id for s in ref.version.steps})


@SETTINGS
@given(edits())
def test_edits_are_reported_exactly(case: Edits) -> None:
    result = diff(parse(case.old), parse(case.new))
    assert result.transition_matching == "id"
    assert {s.id for s in result.steps_added} == case.steps_added
    assert {s.id for s in result.steps_removed} == case.steps_removed
    assert {c.new.id: set(c.fields) for c in result.steps_changed} == case.steps_changed
    assert {c.new.id for c in result.steps_renamed} == {
        sid for sid, fields in case.steps_changed.items() if "name" in fields
    }
    assert {t.id for t in result.transitions_added} == case.transitions_added
    assert {t.id for t in result.transitions_removed} == case.transitions_removed
    assert {c.new.id for c in result.transitions_moved} == case.transitions_moved
    assert {c.new.id for c in result.transitions_changed} == case.transitions_changed
    assert result.start is None
    total = len(parse(case.new).step_transitions)
    matched = len(result.transitions_unchanged) + len(result.transitions_changed)
    assert matched + len(result.transitions_moved) + len(result.transitions_added) == total


@SETTINGS
@given(edits())
def test_mirror(case: Edits) -> None:
    old, new = parse(case.old), parse(case.new)
    assert diff(new, old) == diff(old, new).mirror()


@SETTINGS
@given(edits())
def test_shuffled_lists_change_nothing(case: Edits) -> None:
    old = parse(case.old)
    assert comparable(diff(old, parse(case.shuffled))) == comparable(diff(old, parse(case.new)))
    reversed_old = {**case.old, "steps": case.old["steps"][::-1]}
    assert comparable(diff(parse(reversed_old), parse(case.new))) == comparable(
        diff(old, parse(case.new))
    )


@SETTINGS
@given(edits())
def test_without_persistent_transition_ids(case: Edits) -> None:
    """New transition ids: matched by (source, label); still mirrored and order-free, and
    every transition is accounted for once."""
    fresh = {
        **case.shuffled,
        "step_transitions": [
            {**t, "id": "x-" + t["id"]} for t in case.shuffled["step_transitions"]
        ],
    }
    old, new = parse(case.old), parse(fresh)
    result = diff(old, new)
    assert result.transition_matching == "source_label" or not case.old["step_transitions"]
    assert diff(new, old) == result.mirror()
    paired = (*result.transitions_unchanged, *result.transitions_changed, *result.transitions_moved)
    assert len(paired) + len(result.transitions_added) == len(fresh["step_transitions"])
    assert len(paired) + len(result.transitions_removed) == len(case.old["step_transitions"])
    # the steps are matched by id exactly as before
    by_id = diff(old, parse(case.new))
    assert result.steps_changed == by_id.steps_changed
    assert result.steps_added == by_id.steps_added


@SETTINGS
@given(flow_version_documents(), flow_version_documents())
def test_mirror_of_unrelated_versions(a: Document, b: Document) -> None:
    first, second = parse(a), parse(b)
    assert diff(second, first) == diff(first, second).mirror()
