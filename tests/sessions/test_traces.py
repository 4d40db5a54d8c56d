"""A session's path: the order of its steps and the transitions that order implies."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import FlowVersion, Session
from liveflow_graph.sessions.traces import trace


def _version(moves: list[tuple[str, str, str]], steps: str = "sabcd") -> dict[str, Any]:
    return {
        "id": "v",
        "steps": [{"id": s, "name": s, "step_type": "START" if s == "s" else "LLM"} for s in steps],
        "step_transitions": [
            {"id": tid, "source_step_id": a, "target_step_id": b, "label": "next"}
            for tid, a, b in moves
        ],
    }


def _session(version: dict[str, Any], ran: list[str | None], **extra: Any) -> Session:
    steps = [
        {
            "id": f"r{i}",
            "status": "FINISHED",
            "step": None if sid is None else {"id": sid, "name": sid, "step_type": "LLM"},
            "created_at": f"2025-01-01T10:00:{i:02d}Z",
        }
        for i, sid in enumerate(ran)
    ]
    return Session.model_validate(
        {"id": "ses", "status": "FINISHED", "flow_version": version, "steps": steps, **extra}
    )


def _trace(moves: list[tuple[str, str, str]], ran: list[str | None], **extra: Any) -> Any:
    version = _version(moves)
    session = _session(version, ran, **extra)
    return trace(session, FlowGraph(FlowVersion.model_validate(version)))


CHAIN = [("t1", "s", "a"), ("t2", "a", "b"), ("t3", "b", "c")]


def test_a_chain_is_fully_determined() -> None:
    path = _trace(CHAIN, ["s", "a", "b", "c"])
    assert path.order == "timestamps"
    assert path.step_ids == ("s", "a", "b", "c")
    assert path.taken == ("t1", "t2", "t3")
    assert path.undetermined == ()
    assert path.complete
    assert path.stopped_at == "c"
    assert path.failed_at is None


def test_timestamps_win_over_the_list_order() -> None:
    version = _version(CHAIN)
    session = _session(version, ["s", "a", "b", "c"])
    session.steps.reverse()
    path = trace(session, FlowGraph(FlowVersion.model_validate(version)))
    assert path.step_ids == ("s", "a", "b", "c")
    assert path.taken == ("t1", "t2", "t3")


def test_without_timestamps_the_list_gives_the_order_and_it_says_so() -> None:
    version = _version(CHAIN)
    session = _session(version, ["s", "a", "b"])
    session.steps[1].created_at = None
    path = trace(session, FlowGraph(FlowVersion.model_validate(version)))
    assert path.order == "list"
    assert path.taken == ("t1", "t2")
    assert path.undetermined == (
        "its steps do not all carry comparable created_at times: their order, and so the "
        "transitions, are taken from the list",
    )


def test_a_fan_out_reads_each_branch_from_the_step_it_left() -> None:
    moves = [("t1", "s", "a"), ("t2", "s", "b"), ("t3", "a", "c")]
    path = _trace(moves, ["s", "a", "b", "c"])
    assert path.taken == ("t1", "t2", "t3")
    assert path.complete


def test_a_merge_cannot_tell_which_branch_carried_the_session() -> None:
    moves = [("t1", "s", "a"), ("t2", "s", "b"), ("t3", "a", "c"), ("t4", "b", "c")]
    path = _trace(moves, ["s", "a", "b", "c"])
    assert path.taken == ("t1", "t2")
    assert path.undetermined == (
        "'a' (a), 'b' (b) all ran before 'c' (c) and lead to it: which of their transitions "
        "carried the session (one or all) is not recorded",
    )


def test_parallel_transitions_cannot_be_told_apart() -> None:
    path = _trace([("t1", "s", "a"), ("t9", "s", "a")], ["s", "a"])
    assert path.taken == ()
    assert path.undetermined == (
        "2 transitions lead from 's' (s) to 'a' (a) ('t1', 't9'): which one was taken is unknown",
    )


def test_a_step_no_transition_leads_to() -> None:
    path = _trace(CHAIN, ["s", "c"])
    assert path.undetermined == (
        "no step that ran before 'c' (c) (since it last ran) has a transition to it",
    )


def test_a_retry_and_a_loop() -> None:
    moves = [("t1", "s", "a"), ("t2", "a", "a"), ("t3", "a", "b"), ("t4", "b", "a")]
    path = _trace(moves, ["s", "a", "a", "b", "a", "b"])
    assert path.taken == ("t1", "t2", "t3", "t4", "t3")
    assert path.complete


def test_steps_at_the_same_instant_are_not_ordered() -> None:
    version = _version(CHAIN)
    session = _session(version, ["s", "a", "b"])
    session.steps[2].created_at = session.steps[1].created_at
    path = trace(session, FlowGraph(FlowVersion.model_validate(version)))
    assert path.taken == ("t1",)
    assert path.undetermined == (
        "'a' (a) and 'b' (b) started at the same time: which ran first, and so the "
        "transition, is not known",
    )


def test_unknown_steps_are_left_out_and_said() -> None:
    version = _version(CHAIN)
    session = _session(version, ["s", None, "a", "zz"])
    path = trace(session, FlowGraph(FlowVersion.model_validate(version)))
    assert path.step_ids == ("s", "a")
    assert path.taken == ("t1",)
    assert path.undetermined == (
        "its step #2 names no step: it is left out",
        "its step #4 is step 'zz', not a step of this version: it is left out",
    )


def test_where_it_stopped_and_failed() -> None:
    version = _version(CHAIN)
    current = {
        "id": "r9",
        "status": "RUNNING",
        "step": {"id": "c", "name": "c", "step_type": "LLM"},
    }
    session = _session(version, ["s", "a", "b"], current_step=current, status="FAILED")
    path = trace(session, FlowGraph(FlowVersion.model_validate(version)))
    assert path.step_ids == ("s", "a", "b", "c")  # the current step counts as run
    assert path.stopped_at == path.failed_at == "c"
    session.steps[1].status = "FAILED"
    session.status = "RUNNING"
    path = trace(session, FlowGraph(FlowVersion.model_validate(version)))
    assert (path.stopped_at, path.failed_at) == ("c", "a")


# -- property: on a tree, any order of the list with timestamps gives the walk back ---------


@st.composite
def _walks(draw: st.DrawFn) -> tuple[list[tuple[str, str, str]], list[str]]:
    """A tree of steps under START (each step has one parent) and the steps a session ran:
    START, then any steps whose parent already ran (fan-outs run one after the other)."""
    names = [f"n{i}" for i in range(draw(st.integers(1, 8)))]
    parents = {n: draw(st.sampled_from(["s", *names[:i]])) for i, n in enumerate(names)}
    moves = [(f"t{n}", parent, n) for n, parent in parents.items()]
    ran, waiting = ["s"], [n for n in names if parents[n] == "s"]
    while waiting and draw(st.booleans()):
        step = waiting.pop(draw(st.integers(0, len(waiting) - 1)))
        ran.append(step)
        waiting.extend(n for n in names if parents[n] == step)
    return moves, ran


@settings(max_examples=150, deadline=None)
@given(_walks(), st.randoms(use_true_random=False))
def test_a_walk_on_a_tree_is_read_back_whatever_the_list_order(
    walk: tuple[list[tuple[str, str, str]], list[str]], shuffle: random.Random
) -> None:
    moves, ran = walk
    version = {
        "id": "v",
        "steps": [
            {"id": s, "name": s, "step_type": "START" if s == "s" else "LLM"}
            for s in ["s", *sorted({b for _, _, b in moves})]
        ],
        "step_transitions": [
            {"id": t, "source_step_id": a, "target_step_id": b} for t, a, b in moves
        ],
    }
    session = _session(version, list(ran))
    shuffle.shuffle(session.steps)
    path = trace(session, FlowGraph(FlowVersion.model_validate(version)))
    assert path.step_ids == tuple(ran)
    assert path.taken == tuple(f"t{step}" for step in ran[1:])
    assert path.complete
