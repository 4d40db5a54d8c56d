"""Properties of the rules over generated flows (hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from liveflow_graph.escape import clean_text
from liveflow_graph.graph.ancestry import Ancestry, Upstream
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import FlowVersion
from liveflow_graph.model.parsing import parse_value
from liveflow_graph.model.references import step_references
from liveflow_graph.testing import flow_version_documents, live_flow_documents, payloads
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.engine import iter_diagnostics, validate
from liveflow_graph.validation.rules._base import Context, quote

# make test-fast leaves these out (slow): hypothesis properties and oracles over generated flows
# (the unit tests are tests/validation/rules/test_fixtures.py)
pytestmark = pytest.mark.slow

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(live_flow_documents())
def test_generated_valid_flows_raise_no_error(doc: dict[str, Any]) -> None:
    report = validate(parse_value(doc), all_versions=True)
    errors = [d for d in report if d.severity is Severity.ERROR]
    assert errors == []


@SETTINGS
@given(flow_version_documents(), st.data())
def test_an_orphan_step_gives_exactly_one_unreachable_step(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    names = {s["name"] for s in doc["steps"]}
    ids = {s["id"] for s in doc["steps"]}
    orphan = {
        "id": data.draw(st.text(min_size=1, max_size=8).filter(lambda i: i not in ids)),
        "name": data.draw(st.text(max_size=8).filter(lambda n: n not in names)),
        "step_type": data.draw(st.sampled_from(["LLM", "USER_INPUT"])),
        "prompt_template": {"type": "text", "text": "hello"},
    }
    position = data.draw(st.integers(min_value=1, max_value=len(doc["steps"])))
    doc["steps"].insert(position, orphan)
    found = [d for d in validate(parse_value(doc)) if d.rule == "unreachable-step"]
    assert [d.step_ids for d in found] == [(orphan["id"],)]
    assert found[0].path == f"$.steps[{position}]"


@SETTINGS
@given(flow_version_documents(min_steps=2), st.data())
def test_removing_a_step_leaves_a_dangling_transition_for_each_transition_it_touched(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(doc["steps"]) - 1))
    removed = doc["steps"].pop(index)["id"]
    touching = {
        t["id"]
        for t in doc["step_transitions"]
        if removed in (t["source_step_id"], t["target_step_id"])
    }
    found = [d for d in validate(parse_value(doc)) if d.rule == "dangling-transition"]
    assert sorted(d.transition_ids[0] for d in found) == sorted(touching)
    assert all(removed not in d.step_ids for d in found)


# -- arbitrary (mostly broken) versions ---------------------------------------------------

_IDS = st.sampled_from(["s1", "s2", "s3", "s4", "s5", "x"])
_STAMPS = st.sampled_from(
    [None, "2025-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00", "2025-06-01"]
)
_TEXT = st.lists(
    st.sampled_from(
        ["${s1.result}", "${n2.result}", "${INPUTS}", "${INPUTS.a}", "${", "}", "${x}", "hi", " "]
    )
    | st.text(max_size=5),
    max_size=6,
).map("".join)
_TEMPLATES = st.none() | st.fixed_dictionaries(
    {"type": st.just("text")},
    optional={
        "text": _TEXT,
        "messages": st.lists(st.fixed_dictionaries({"content": _TEXT}), max_size=2),
    },
)


@st.composite
def broken_versions(draw: st.DrawFn) -> dict[str, Any]:
    steps = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "id": _IDS,
                    "name": st.sampled_from(["n1", "n2", "n3", "s1", "", "INPUTS"]),
                    "step_type": st.sampled_from(["START", "LLM", "USER_INPUT", "X", ""]),
                    "prompt_template": _TEMPLATES,
                    "created_at": _STAMPS,
                    "updated_at": _STAMPS,
                }
            ),
            max_size=7,
        )
    )
    transitions = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "id": st.sampled_from(["t1", "t2", "t3", "t4", "t5", "t6"]),
                    "source_step_id": _IDS,
                    "target_step_id": _IDS,
                    "label": st.none() | st.sampled_from(["next", "", "retry"]),
                }
            ),
            max_size=10,
        )
    )
    return {
        "id": "v",
        "flow_id": draw(st.sampled_from(["f", "g", None])),
        "steps": steps,
        "step_transitions": transitions,
        "created_at": draw(_STAMPS),
        "updated_at": draw(_STAMPS),
    }


@st.composite
def broken_flows(draw: st.DrawFn) -> dict[str, Any]:
    version = draw(broken_versions())
    step = st.sampled_from(version["steps"]) if version["steps"] else st.none()
    session_step = st.fixed_dictionaries({"id": st.sampled_from(["a", "b"]), "step": step})
    sessions = st.lists(
        st.fixed_dictionaries(
            {"id": st.just("ses"), "flow_version": st.just(version)},
            optional={
                "current_step": st.none() | session_step,
                "steps": st.lists(session_step, max_size=3),
                "created_at": _STAMPS,
                "updated_at": _STAMPS,
            },
        ),
        max_size=2,
    )
    return {
        "id": "f",
        "name": "flow",
        "current_version": version,
        "sessions": draw(sessions),
        "created_at": draw(_STAMPS),
        "updated_at": draw(_STAMPS),
    }


@settings(max_examples=300, deadline=None)
@given(broken_flows())
def test_rules_never_raise_on_broken_flows(doc: dict[str, Any]) -> None:
    report = validate(parse_value(doc), all_versions=True)
    assert [d for d in report if d.code == "LF000"] == []


@SETTINGS
@given(payloads())
def test_rules_never_raise_on_any_generated_payload(doc: Any) -> None:
    report = validate(parse_value(doc), all_versions=True)
    assert [d for d in report if d.code == "LF000"] == []


@settings(max_examples=300, deadline=None)
@given(broken_versions())
def test_upstream_bitsets_agree_with_graph_ancestors(doc: dict[str, Any]) -> None:
    graph = FlowGraph(FlowVersion.model_validate(doc))
    upstream = Upstream(graph, [(t, s) for t in graph.steps for s in graph.steps])
    for step_id in graph.steps:
        ancestors = graph.ancestors(step_id)
        for target in graph.steps:
            assert upstream.is_upstream(target, step_id) == (target in ancestors)


@SETTINGS
@given(broken_versions())
def test_diagnostics_are_deterministic(doc: dict[str, Any]) -> None:
    first = list(iter_diagnostics(FlowGraph(FlowVersion.model_validate(doc))))
    second = list(iter_diagnostics(FlowGraph(FlowVersion.model_validate(doc))))
    assert first == second


@settings(max_examples=300, deadline=None)
@given(broken_versions())
def test_reference_rules_agree_with_a_brute_force_oracle(doc: dict[str, Any]) -> None:
    """The shortcuts (parents, grandparents, one pass for the rest) change nothing: a
    reference is reported exactly when none of the named steps is an ancestor."""
    graph = FlowGraph(FlowVersion.model_validate(doc))
    expected_upstream, expected_undefined = [], []
    for step_id, step in graph.steps.items():
        for ref in step_references(step, graph.step_location(step_id)).results:
            targets = graph.steps_by_name.get(ref.name or "")
            if targets is None:
                expected_undefined.append((ref.path, ref.text))
            elif not any(t in graph.ancestors(step_id) for t in targets):
                expected_upstream.append((ref.path, ref.text))
    found = list(iter_diagnostics(graph))  # (their order is the engine's, tested elsewhere)
    upstream = [(d.path, d.extra["reference"]) for d in found if d.code == "LF302"]
    assert sorted(upstream) == sorted(expected_upstream)
    undefined = [(d.path, d.extra["reference"]) for d in found if d.code == "LF301"]
    assert sorted(undefined) == sorted(expected_undefined)


_PARALLEL = {  # s -> b, s -> a, s -> b again: targets b, a; transitions in document order
    "id": "v",
    "steps": [{"id": i, "name": i, "step_type": "LLM"} for i in ("s", "a", "b")],
    "step_transitions": [
        {"id": tid, "source_step_id": "s", "target_step_id": target}
        for tid, target in (("t1", "b"), ("t2", "a"), ("t3", "b"))
    ],
}


@settings(max_examples=300, deadline=None)
@given(broken_versions())
@example(_PARALLEL)
def test_multiple_downstream_steps_agree_with_the_transitions_in_document_order(
    doc: dict[str, Any],
) -> None:
    graph = FlowGraph(FlowVersion.model_validate(doc))
    expected = []
    for step_id in graph.steps:
        # document order; a self-loop is a retry, not a downstream step
        transitions = [t for t in graph.out_transitions(step_id) if t.target_step_id != step_id]
        targets = tuple(dict.fromkeys(t.target_step_id for t in transitions))
        if len(targets) > 1:
            expected.append(((step_id, *targets), tuple(t.id for t in transitions)))
    found = [(d.step_ids, d.transition_ids) for d in iter_diagnostics(graph) if d.code == "LF204"]
    assert found == expected


_PRINTABLE = st.characters(min_codepoint=32, max_codepoint=126)


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=10) | st.text(_PRINTABLE, min_size=78, max_size=84),
    st.text(min_size=1, max_size=10),
)
def test_step_labels_take_the_fast_path_only_when_it_gives_the_same_text(
    name: str, step_id: str
) -> None:
    doc = {"id": "v", "steps": [{"id": step_id, "name": name, "step_type": "LLM"}]}
    ctx = Context(FlowGraph(FlowVersion.model_validate({**doc, "step_transitions": []})))
    assert ctx.step(step_id) == f"{quote(name)} ({clean_text(step_id)})"
    assert ctx.step(step_id + "?") == quote(step_id + "?")  # no such step


# -- the reference rules' fast paths against plain counterparts -----------------------------


def _plain_upstream(graph: FlowGraph, target: str, step_id: str) -> bool:
    """A path leads from ``target`` to ``step_id`` (a step is its own ancestor only on a
    loop): networkx, no shortcut."""
    import networkx as nx

    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    g.add_nodes_from(graph.steps)
    g.add_edges_from((s, t) for s, targets in graph.adjacency.items() for t in targets)
    if target != step_id:
        return nx.has_path(g, target, step_id)
    return any(nx.has_path(g, s, step_id) for s in g.successors(step_id))


@settings(max_examples=300, deadline=None)
@given(broken_versions())
@example(_PARALLEL)
def test_interval_labels_and_their_pass_agree_with_networkx(doc: dict[str, Any]) -> None:
    """Every pair, settled by the labels or left to the bit-set pass, and every pair sent
    to the pass alone, is answered as networkx answers it."""
    graph = FlowGraph(FlowVersion.model_validate(doc))
    pairs = [(t, s) for t in graph.steps for s in graph.steps]
    ancestry = Ancestry(graph)
    expected = {pair for pair in pairs if _plain_upstream(graph, *pair)}
    assert ancestry.upstream(pairs) == expected  # the pass alone (few targets)
    ancestry.FEW = 0
    assert ancestry.upstream(pairs) == expected  # the labels, then the pass
    # the pass alone, on every pair of distinct components in topological order
    component = ancestry.component
    ordered = [(t, s) for t, s in pairs if component[t] < component[s]]
    passed: set[tuple[str, str]] = set()
    ancestry._pass(ordered, passed)
    assert passed == {pair for pair in ordered if pair in expected}


@settings(max_examples=300, deadline=None)
@given(broken_versions())
def test_context_scan_agrees_with_a_full_scan_of_every_step(doc: dict[str, Any]) -> None:
    """Context's one pass (one-string templates read in place, the usual forms by one
    regex, offsets by str.find) gives what the full scanner gives step by step."""
    graph = FlowGraph(FlowVersion.model_validate(doc))
    ctx = Context(graph)
    full = {
        sid: step_references(step, graph.step_location(sid)) for sid, step in graph.steps.items()
    }
    expected_names = [
        (sid, tuple(r.name for r in refs.results)) for sid, refs in full.items() if refs.results
    ]
    assert list(ctx.result_names) == expected_names
    assert ctx.referenced_names == {name for _, names in expected_names for name in names}
    assert list(ctx.unknown_references) == [
        (sid, odd) for sid, refs in full.items() for odd in refs.unknown
    ]
    for sid, names in ctx.result_names:
        for ordinal in range(len(names)):
            assert ctx.result_reference(sid, ordinal) == full[sid].results[ordinal]


@settings(max_examples=300, deadline=None)
@given(broken_versions())
def test_empty_prompt_agrees_with_template_has_text(doc: dict[str, Any]) -> None:
    graph = FlowGraph(FlowVersion.model_validate(doc))
    found = [d.step_ids[0] for d in iter_diagnostics(graph) if d.rule == "empty-prompt"]
    expected = [
        sid
        for sid, step in graph.steps.items()
        if step.step_type == "LLM"
        and (step.prompt_template is None or not step.prompt_template.has_text())
    ]
    assert sorted(found) == sorted(expected)
