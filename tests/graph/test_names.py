"""``graph.by_name``: the graph's queries in step names, taking ids or names."""

from __future__ import annotations

import pytest

from liveflow_graph import ConfigError, FlowGraph, load
from tests.conftest import EXAMPLES
from tests.diagrams.helpers import make_version


def _example() -> FlowGraph:
    return FlowGraph.of(load(EXAMPLES / "support-triage.json").flows[0])


def test_graph_wide_queries_answer_in_names() -> None:
    graph = _example()
    names = graph.by_name
    assert names.unreachable == ("legacy_escalation",)
    assert names.start_steps == ("start",)
    assert names.terminal_steps == ("send_reply", "legacy_escalation")
    assert "legacy_escalation" not in names.reachable
    assert len(names.reachable) == 7
    assert names.bfs_order[0] == "start"
    assert len(names) == len(list(names)) == 8
    assert "draft_reply" in names
    assert names.cycles() == []


def test_each_query_matches_its_id_form() -> None:
    graph = _example()
    names = graph.by_name

    def named(ids: object) -> set[str]:
        assert isinstance(ids, (tuple, frozenset, set))
        return {graph.steps[sid].name for sid in ids}

    assert set(names.unreachable) == named(graph.unreachable)
    assert set(names.terminal_steps) == named(graph.terminal_step_ids)
    for step_id, step in graph.steps.items():
        for key in (step_id, step.name):  # a step's id or its name
            assert names.ancestors(key) == named(graph.ancestors(step_id))
            assert names.descendants(key) == named(graph.descendants(step_id))
            successors = {t.target_step_id for t in graph.out_transitions(step_id)}
            assert set(names.successors(key)) == named(successors)
            predecessors = {t.source_step_id for t in graph.in_transitions(step_id)}
            assert set(names.predecessors(key)) == named(predecessors)
        assert names[step.name] is step
        assert names.name(step_id) == step.name
        assert names.ids(step.name) == (step_id,)
        assert graph.step_id(step.name) == graph.step_id(step_id) == step_id


def test_neighbours_come_in_canonical_order() -> None:
    names = _example().by_name
    assert names.successors("start") == ("classify_ticket", "lookup_account")
    assert names.predecessors("draft_reply") == ("lookup_account", "ask_customer")


def test_a_shared_name_is_refused_where_one_step_is_meant() -> None:
    version = make_version(
        [("a", "start", "START"), ("b", "twin", "LLM"), ("c", "twin", "LLM")],
        [("t1", "a", "b", None), ("t2", "a", "c", None)],
    )
    graph = FlowGraph.of(version)
    names = graph.by_name
    assert names.successors("start") == ("twin", "twin")  # one entry per step
    assert names.descendants("a") == frozenset({"twin"})
    assert names.ids("twin") == ("b", "c")
    with pytest.raises(ConfigError, match=r"'twin' is used by 2 steps \(b, c\)"):
        names.ancestors("twin")
    assert names.ancestors("b") == frozenset({"start"})  # by id, it is one step
    with pytest.raises(ConfigError, match="no step with id or name 'nope'"):
        graph.step_id("nope")
    with pytest.raises(ConfigError, match="no step with id 'twin'"):
        names.name("twin")


def test_an_id_wins_over_a_name() -> None:
    version = make_version(
        [("a", "start", "START"), ("b", "a", "LLM")],  # step b is *named* "a"
        [("t1", "a", "b", None)],
    )
    graph = FlowGraph.of(version)
    assert graph.step_id("a") == "a"
    assert graph.by_name.successors("a") == ("a",)  # from step a (START) to step b ("a")
