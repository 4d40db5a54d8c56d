"""Properties of ``diff`` over generated versions and random edits.

* ``diff(a, a)`` is empty; ``diff(b, a)`` is the mirror of ``diff(a, b)``;
* shuffling the steps and transitions lists changes nothing (findings are compared by code
  and sets of ids: their JSON paths, and the order in which they list the steps involved,
  follow the lists, as they should);
* random edits (add, remove and rename steps, edit prompts, retarget, relabel, add and
  remove transitions) are reported as exactly those edits.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from liveflow_graph import FlowVersion, VersionDiff, diff
from liveflow_graph.testing import flow_version_documents, live_flows
from tests.diffs.strategies import Document, Edits, edits

# make test-fast leaves these out (slow): hypothesis properties over generated and edited versions
# (the unit tests are test_compute.py)
pytestmark = pytest.mark.slow

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
