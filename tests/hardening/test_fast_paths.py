"""The speed-ups in parsing and graph building give exactly what the plain code gives."""

from __future__ import annotations

import gc
from typing import Any

import networkx as nx
import orjson
import pydantic_core
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liveflow_graph import FlowGraph, FlowVersion, InvalidJSONError, loads
from liveflow_graph.model.decoding import decode_json
from liveflow_graph.testing import flow_version_documents, json_values
from tests.hardening.fuzz import hostile_bytes


def _plain_graph(version: FlowVersion) -> nx.MultiDiGraph[str]:
    """The graph built with networkx's public add_node/add_edge, as FlowGraph once did."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(version_id=version.id, flow_id=version.flow_id)
    for index, step in enumerate(version.steps):
        if step.id not in graph:
            graph.add_node(
                step.id, step=step, name=step.name, step_type=step.step_type, index=index
            )
    seen: set[str] = set()
    for index, t in enumerate(version.step_transitions):
        if t.id in seen:
            continue
        seen.add(t.id)
        if t.source_step_id in graph and t.target_step_id in graph:
            graph.add_edge(
                t.source_step_id,
                t.target_step_id,
                key=t.id,
                transition=t,
                label=t.label,
                index=index,
            )
    return graph


@st.composite
def messy_versions(draw: st.DrawFn) -> FlowVersion:
    """Valid versions plus duplicated steps/transitions, dangling ends and self-loops."""
    doc: dict[str, Any] = draw(flow_version_documents(max_steps=10))
    steps, transitions = doc["steps"], doc["step_transitions"]
    ids = [s["id"] for s in steps] + ["missing"]
    for _ in range(draw(st.integers(0, 6))):
        transitions.append(
            {
                "id": draw(st.sampled_from([t["id"] for t in transitions] + ["t-extra"])),
                "source_step_id": draw(st.sampled_from(ids)),
                "target_step_id": draw(st.sampled_from(ids)),
            }
        )
    if draw(st.booleans()):
        steps.append(dict(steps[-1], name="again"))
    return FlowVersion.model_validate(doc)


@pytest.mark.slow  # hypothesis oracle
@settings(max_examples=60, deadline=None)
@given(messy_versions())
def test_flow_graph_equals_the_plainly_built_graph(version: FlowVersion) -> None:
    built = FlowGraph(version).graph
    plain = _plain_graph(version)
    assert nx.utils.graphs_equal(built, plain)
    assert list(built.nodes) == list(plain.nodes)
    assert list(built.edges(keys=True, data=True)) == list(plain.edges(keys=True, data=True))
    assert dict(built.in_degree) == dict(plain.in_degree)
    assert list(built.successors(version.steps[0].id)) == list(
        plain.successors(version.steps[0].id)
    )


@pytest.mark.slow  # hypothesis oracle
@settings(max_examples=200, deadline=None)
@given(json_values())
def test_decoding_equals_orjson_on_json(value: Any) -> None:
    data = orjson.dumps(value)
    assert decode_json(data, name=None) == orjson.loads(data)


@pytest.mark.slow  # fuzzing: hostile bytes
@settings(max_examples=150, deadline=None)
@given(hostile_bytes())
def test_decoding_gives_jiters_value_or_an_invalid_json_error(data: bytes) -> None:
    """Whatever the bytes: the exact value pydantic-core reads, or an InvalidJSONError with
    a position (never another exception, never orjson's rounding of a big integer)."""
    try:
        expected: Any = pydantic_core.from_json(data, allow_inf_nan=False)
    except ValueError:
        try:
            decode_json(data, name=None)
        except InvalidJSONError as error:
            assert error.line >= 1
            assert error.column >= 1
    else:
        assert decode_json(data, name=None) == expected


@pytest.mark.parametrize(
    "text",
    [b"18446744073709551616", b"-9223372036854775809", b"[123456789012345678901234567890]"],
)
def test_integers_beyond_64_bits_are_exact(text: bytes) -> None:
    assert decode_json(text) == pydantic_core.from_json(text)
    assert str(decode_json(text)).strip("[]") == text.decode().strip("[]")


def test_a_5000_digit_integer_is_an_honest_error() -> None:
    with pytest.raises(InvalidJSONError, match="a number is too large to read exactly"):
        decode_json(b'{"a": ' + b"9" * 5000 + b"}")


@pytest.mark.parametrize("enabled", [True, False])
def test_parsing_restores_the_garbage_collector_state(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        loads('{"id": "v", "steps": [], "step_transitions": []}')
        assert gc.isenabled() is enabled
        with pytest.raises(InvalidJSONError):
            loads("{")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
