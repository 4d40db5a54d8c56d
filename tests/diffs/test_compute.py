"""``diff``: every kind of change on small example pairs, with the exact expected result."""

from __future__ import annotations

import pytest

from liveflow_graph import (
    ConfigError,
    FieldChange,
    FlowGraph,
    StartChange,
    StepChange,
    StepRef,
    TextDiff,
    TransitionRef,
    VersionDiff,
    diff,
    load,
)
from tests.diffs.helpers import (
    BASE_EDGES,
    BASE_STEPS,
    EXAMPLE,
    V1,
    V2,
    V3,
    base,
    example_refs,
    version,
)


def ids(items: tuple[StepRef | TransitionRef, ...]) -> list[str]:
    return [item.id for item in items]


def test_identical_versions_give_an_empty_diff() -> None:
    result = diff(base(), base())
    assert result.is_empty
    assert result.summary == "no differences"
    assert [c.new.id for c in result.steps_unchanged] == ["s", "a", "b"]
    assert [c.new.id for c in result.transitions_unchanged] == ["t1", "t2"]
    assert result.transition_matching == "id"


def test_added_and_removed_steps_with_their_transitions() -> None:
    new = base(
        steps=[*BASE_STEPS[:2], ("c", "gamma", "USER_INPUT")],
        edges=[BASE_EDGES[0], ("t3", "a", "c", "next")],
    )
    result = diff(base(), new)
    assert result.steps_added == (StepRef("c", "gamma", "USER_INPUT"),)
    assert result.steps_removed == (StepRef("b", "beta", "LLM"),)
    assert ids(result.transitions_added) == ["t3"]
    assert ids(result.transitions_removed) == ["t2"]
    assert result.transitions_removed[0] == TransitionRef("t2", "a", "b", "next", "alpha", "beta")
    assert result.steps_changed == result.transitions_moved == result.transitions_changed == ()
    assert result.summary.startswith("1 step added, 1 removed; 1 transition added, 1 removed")


def test_a_renamed_step_is_one_change() -> None:
    new = base(steps=[BASE_STEPS[0], ("a", "alpha_2", "LLM", "prompt of alpha"), BASE_STEPS[2]])
    result = diff(base(), new, validity=False)
    assert result.steps_added == result.steps_removed == ()
    assert result.steps_changed == (
        StepChange(
            StepRef("a", "alpha", "LLM"),
            StepRef("a", "alpha_2", "LLM"),
            (FieldChange("name", "alpha", "alpha_2"),),
        ),
    )
    assert result.steps_renamed == result.steps_changed
    assert result.summary == "1 step changed (1 renamed)"


def test_step_type_prompt_and_unknown_field_changes() -> None:
    old = version([("a", "alpha", "LLM", "line 1\nline 2\nline 3")], [])
    new = version([("a", "alpha", "CODE", "line 1\nline two\nline 3")], [])
    new.steps[0].__pydantic_extra__ = {"timeout_s": 30}
    [change] = diff(old, new, validity=False).steps_changed
    assert change.fields == ("step_type", "prompt_template", "timeout_s")
    assert change.change("step_type") == FieldChange("step_type", "LLM", "CODE")
    assert change.change("timeout_s") == FieldChange("timeout_s", None, 30)
    prompt = change.change("prompt_template")
    assert prompt is not None
    assert prompt.old == {"type": "text", "text": "line 1\nline 2\nline 3"}
    assert prompt.text_diffs == (
        TextDiff(".text", "line 1\nline 2\nline 3", "line 1\nline two\nline 3"),
    )
    assert prompt.text_diffs[0].unified == (
        "@@ -1,3 +1,3 @@", " line 1", "-line 2", "+line two", " line 3",
    )  # fmt: skip


def test_text_diff_of_strings_that_differ_only_in_line_endings() -> None:
    assert TextDiff(".text", "a\n", "a").unified == (
        "(only line endings or the final newline differ)",
    )
    assert TextDiff(".text", None, "").unified == ("(an empty string was added)",)
    assert TextDiff(".x", "a", None).unified == ("@@ -1 +0,0 @@", "-a")


def test_a_retargeted_transition_is_one_move() -> None:
    steps = [*BASE_STEPS, ("c", "gamma", "LLM")]
    old = base(steps=steps, edges=[*BASE_EDGES, ("t3", "b", "c", "next")])
    new = base(
        steps=steps, edges=[*BASE_EDGES[:1], ("t2", "a", "c", "next"), ("t3", "b", "c", "next")]
    )
    result = diff(old, new, validity=False)
    [moved] = result.transitions_moved
    assert moved.moved
    assert moved.changes == (FieldChange("target_step_id", "b", "c"),)
    assert (moved.old.target_name, moved.new.target_name) == ("beta", "gamma")
    assert (
        result.transitions_added == result.transitions_removed == result.transitions_changed == ()
    )
    assert result.summary == "1 transition moved"


def test_relabel_and_new_source() -> None:
    steps = [*BASE_STEPS, ("c", "gamma", "LLM")]
    old = base(steps=steps, edges=[*BASE_EDGES, ("t3", "b", "c", "next")])
    new = base(
        steps=steps, edges=[BASE_EDGES[0], ("t2", "a", "b", "done"), ("t3", "a", "c", "next")]
    )
    result = diff(old, new, validity=False)
    [relabelled] = result.transitions_changed
    assert relabelled.changes == (FieldChange("label", "next", "done"),)
    assert not relabelled.moved
    [moved] = result.transitions_moved
    assert moved.changes == (FieldChange("source_step_id", "b", "a"),)


def test_when_transition_ids_do_not_persist_they_match_by_source_and_label() -> None:
    steps = [*BASE_STEPS, ("c", "gamma", "LLM")]
    old = base(
        steps=steps,
        edges=[("t1", "s", "a", "next"), ("t2", "a", "b", "next"), ("t3", "b", "c", "x")],
    )
    new = base(
        steps=steps,
        edges=[("u1", "s", "a", "next"), ("u2", "a", "c", "next"), ("u3", "b", "c", "y")],
    )
    result = diff(old, new, validity=False)
    assert result.transition_matching == "source_label"
    [same] = result.transitions_unchanged
    assert (same.old.id, same.new.id) == ("t1", "u1")
    [moved] = result.transitions_moved
    assert (moved.old.id, moved.new.id, moved.fields) == ("t2", "u2", ("target_step_id",))
    [relabelled] = result.transitions_changed
    assert (relabelled.old.id, relabelled.new.id, relabelled.fields) == ("t3", "u3", ("label",))
    assert result.transitions_added == result.transitions_removed == ()


def test_source_label_matching_pairs_an_unchanged_twin_first() -> None:
    steps = [*BASE_STEPS, ("c", "gamma", "LLM")]
    old = base(steps=steps, edges=[("t1", "s", "a", "next"), ("t2", "s", "b", "next")])
    new = base(steps=steps, edges=[("u1", "s", "c", "next"), ("u2", "s", "b", "next")])
    result = diff(old, new, validity=False)
    assert [(c.old.id, c.new.id) for c in result.transitions_unchanged] == [("t2", "u2")]
    assert [(c.old.id, c.new.id) for c in result.transitions_moved] == [("t1", "u1")]


def test_rename_map_pairs_steps_whose_id_changed() -> None:
    new = base(
        steps=[BASE_STEPS[0], ("a2", "alpha", "LLM"), BASE_STEPS[2]],
        edges=[("t1", "s", "a2", "next"), ("t2", "a2", "b", "next")],
    )
    without = diff(base(), new, validity=False)
    assert ids(without.steps_added) == ["a2"]
    assert ids(without.steps_removed) == ["a"]
    assert len(without.transitions_moved) == 2
    result = diff(base(), new, rename_map={"a": "a2"}, validity=False)
    assert result.steps_added == result.steps_removed == ()
    [change] = result.steps_changed
    assert change.changes == (FieldChange("id", "a", "a2"),)
    assert result.transitions_moved == result.transitions_changed == ()
    assert result.rename_map == (("a", "a2"),)
    assert result.mirror() == diff(new, base(), rename_map={"a2": "a"}, validity=False)


@pytest.mark.parametrize(
    ("rename_map", "message"),
    [
        ({"zz": "b"}, "no step 'zz' in the old version"),
        ({"a": "zz"}, "no step 'zz' in the new version"),
        ({"a": "b", "s": "b"}, "both map to 'b'"),
    ],
)
def test_bad_rename_maps(rename_map: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        diff(base(), base(), rename_map=rename_map)


def test_start_change() -> None:
    new = base(steps=[("s", "start", "LLM"), ("a", "alpha", "START"), BASE_STEPS[2]])
    result = diff(base(), new, validity=False)
    assert result.start == StartChange(
        old=(StepRef("s", "start", "START"),), new=(StepRef("a", "alpha", "START"),)
    )
    assert "START changed" in result.summary


def test_validity_changes_compare_code_and_ids() -> None:
    orphan = base(steps=[*BASE_STEPS, ("c", "gamma", "LLM")])
    result = diff(base(), orphan)
    assert result.validity_checked
    appeared = {(d.code, d.rule, d.step_ids) for d in result.diagnostics_appeared}
    assert ("LF104", "unreachable-step", ("c",)) in appeared
    assert result.diagnostics_disappeared == ()
    back = diff(orphan, base())
    assert back.diagnostics_disappeared == result.diagnostics_appeared
    assert "finding" in result.summary
    assert "resolved" in back.summary


def test_validity_follows_renamed_ids() -> None:
    orphan = base(steps=[*BASE_STEPS, ("c", "gamma", "LLM")])
    moved = base(steps=[*BASE_STEPS, ("c2", "gamma", "LLM")])
    assert diff(orphan, moved, rename_map={"c": "c2"}).diagnostics_appeared == ()
    assert diff(orphan, moved).diagnostics_appeared != ()


def test_validity_can_be_skipped() -> None:
    result = diff(base(), base(steps=[*BASE_STEPS, ("c", "gamma", "LLM")]), validity=False)
    assert not result.validity_checked
    assert result.diagnostics_appeared == ()


def test_dangling_transitions_are_compared_too() -> None:
    old = base(edges=[*BASE_EDGES, ("t9", "b", "ghost", "next")])
    new = base(edges=[*BASE_EDGES, ("t9", "b", "phantom", "next")])
    [moved] = diff(old, new, validity=False).transitions_moved
    assert moved.changes == (FieldChange("target_step_id", "ghost", "phantom"),)
    assert moved.new.target_name is None
    assert diff(old, old).is_empty


def test_accepts_flows_refs_graphs_and_versions() -> None:
    refs = example_refs()
    flow = load(EXAMPLE).flows[0]
    expected = diff(refs[V1], refs[V3])
    assert diff(refs[V1], flow) == expected
    assert diff(FlowGraph.of(refs[V1]), FlowGraph.of(refs[V3])) == expected
    by_version = diff(refs[V1].version, refs[V3].version)
    assert by_version.steps_changed == expected.steps_changed
    assert (by_version.old.sessions, expected.old.sessions) == (0, 2)
    with pytest.raises(TypeError, match="cannot diff a dict"):
        diff({}, flow)  # type: ignore[arg-type]  # the error for a wrong type is the test


def test_example_v1_to_v2() -> None:
    refs = example_refs()
    result = diff(refs[V1], refs[V2])
    assert [s.name for s in result.steps_added] == ["lookup_account", "legacy_escalation"]
    assert [(c.old.name, c.new.name, c.fields) for c in result.steps_changed] == [
        ("classify_ticket", "classify_ticket", ("prompt_template",)),
        ("write_reply", "draft_reply", ("name", "prompt_template")),
        ("send_reply", "send_reply", ("prompt_template",)),
    ]
    assert [t.id[-2:] for t in result.transitions_added] == ["05", "06", "07"]
    assert result.steps_removed == result.transitions_removed == result.transitions_moved == ()
    [finding] = result.diagnostics_appeared  # START now has two downstream steps
    assert (finding.code, finding.step_ids[0][-2:]) == ("LF204", "01")
    assert result.summary == (
        "2 steps added, 3 changed (1 renamed); 3 transitions added; 1 finding appeared"
    )


def test_example_v2_to_v3() -> None:
    refs = example_refs()
    result = diff(refs[V2], refs[V3])
    assert [s.name for s in result.steps_added] == ["review_reply"]
    assert [t.id[-2:] for t in result.transitions_removed] == ["06", "07"]
    [moved] = result.transitions_moved
    assert (moved.old.target_name, moved.new.target_name) == ("send_reply", "review_reply")
    assert {(d.code, d.step_ids[0][-2:]) for d in result.diagnostics_appeared} == {
        ("LF104", "08"),
        ("LF302", "06"),
    }
    assert result.summary == (
        "1 step added, 2 changed; 2 transitions added, 2 removed, 1 moved; 2 findings appeared"
    )


def test_mirror_and_reverse() -> None:
    refs = example_refs()
    forward = diff(refs[V1], refs[V3])
    backward = diff(refs[V3], refs[V1])
    assert backward == forward.mirror() == forward.reverse()
    assert forward.mirror().mirror() == forward
    assert [s.name for s in backward.steps_removed] == [s.name for s in forward.steps_added]


def test_to_dict_is_stable_and_counts_everything() -> None:
    refs = example_refs()
    result: VersionDiff = diff(refs[V2], refs[V3])
    data = result.to_dict()
    assert data["schema_version"] == 1
    assert list(data) == [
        "schema_version", "old", "new", "summary", "is_empty", "transition_matching",
        "rename_map", "counts", "steps", "transitions", "start", "validity",
    ]  # fmt: skip
    assert data["counts"]["transitions_unchanged"] == 4  # 1, 2, 3, 5 (4 moved)
    assert data["transitions"]["moved"][0]["changes"][0]["field"] == "target_step_id"
