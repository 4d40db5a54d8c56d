"""Properties over generated payloads: round trips and no surprise exceptions."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liveflow_graph import LiveFlowError, Payload, load, loads
from liveflow_graph.testing import json_values, payloads

# make test-fast leaves these out (slow): hypothesis properties over generated payloads (the unit
# tests are test_parsing.py and test_models.py)
pytestmark = pytest.mark.slow


def dump(payload: Payload) -> Any:
    items = [item.to_dict() for item in payload.items]
    return items if payload.kind.value.endswith("s") else items[0]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(payloads())
def test_parse_dump_parse_round_trips(document: Any) -> None:
    first = load(document)
    dumped = dump(first)
    assert dumped == document  # nothing dropped, nothing added
    second = load(orjson.dumps(dumped))
    assert second.kind is first.kind
    assert second.items == first.items


@given(json_values())
def test_any_json_value_parses_or_raises_a_liveflow_error(value: Any) -> None:
    try:
        payload = load(value)
    except LiveFlowError as error:
        assert str(error)
    else:
        assert isinstance(payload, Payload)


@given(st.binary(max_size=200))
def test_any_bytes_parse_or_raise_a_liveflow_error(raw: bytes) -> None:
    try:
        loads(raw)
    except LiveFlowError as error:
        assert str(error)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
@given(payloads(), st.data())
def test_mutated_documents_never_escape_the_error_family(
    document: Any, data: st.DataObject
) -> None:
    mutated = _mutate(document, data)
    try:
        load(mutated)
    except LiveFlowError as error:
        assert error.path is None or error.path.startswith("$")


def _mutate(value: Any, data: st.DataObject) -> Any:
    """Replace, drop or retype one value somewhere inside ``value``."""
    if isinstance(value, dict) and value and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(value)))
        copy = dict(value)
        action = data.draw(st.sampled_from(["drop", "null", "retype", "recurse"]))
        if action == "drop":
            del copy[key]
        elif action == "null":
            copy[key] = None
        elif action == "retype":
            copy[key] = data.draw(json_values(max_leaves=3))
        else:
            copy[key] = _mutate(copy[key], data)
        return copy
    if isinstance(value, list) and value:
        index = data.draw(st.integers(min_value=0, max_value=len(value) - 1))
        copy = list(value)
        copy[index] = _mutate(copy[index], data)
        return copy
    return data.draw(json_values(max_leaves=3))
