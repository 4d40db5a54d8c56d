"""Fuzzing the library entry points: only a LiveFlowError (with a message) may escape.

Parse (``load``/``loads``/``parse_value``) hostile bytes and arbitrary JSON; on whatever
parses, build every version's graph and run DOT, Mermaid, validation, cycle enumeration
and version diffs.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liveflow_graph import (
    FlowGraph,
    LiveFlowError,
    Payload,
    load,
    loads,
    parse_value,
    to_dot,
    to_mermaid,
)
from liveflow_graph.diffs import diff
from liveflow_graph.testing import json_values, payloads
from liveflow_graph.validation.engine import iter_diagnostics, validate
from tests.hardening.fuzz import as_value, hostile_bytes, mutated_documents

# make test-fast leaves these out (slow): fuzzing: thousands of hostile and mutated documents
# through the whole library
pytestmark = pytest.mark.slow

T = TypeVar("T")
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def allowed(action: Callable[[], T]) -> T | None:
    """Run ``action``; a LiveFlowError with a message is an allowed outcome, anything else
    escapes and fails the test."""
    try:
        return action()
    except LiveFlowError as error:
        assert str(error).strip(), f"{type(error).__name__} without a message"
        return None


def exercise(payload: Payload) -> None:
    """Every library entry point that takes a parsed payload."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # size warnings (Mermaid, Graphviz) are fine here
        refs = payload.versions()
        graphs = [g for g in (allowed(lambda r=ref: FlowGraph.of(r)) for ref in refs[:3]) if g]
        for graph in graphs:
            allowed(lambda g=graph: to_dot(g))
            allowed(lambda g=graph: to_mermaid(g))
            allowed(lambda g=graph: list(iter_diagnostics(g)))
            allowed(lambda g=graph: g.cycles(limit=10))
            allowed(lambda g=graph: diff(g, g))
            allowed(lambda g=graph: diff(graphs[0], g).to_json())
        report = allowed(lambda: validate(payload, all_versions=True))
        if report is not None:
            allowed(report.to_dict)


@FUZZ
@given(hostile_bytes())
def test_hostile_bytes_parse_or_raise_a_liveflow_error(data: bytes) -> None:
    payload = allowed(lambda: loads(data))
    if payload is not None:
        exercise(payload)


@FUZZ
@given(mutated_documents())
def test_mutated_decoded_documents(document: Any) -> None:
    document = as_value(document)
    payload = allowed(lambda: parse_value(document))
    if payload is not None:
        exercise(payload)
        assert allowed(lambda: load(document)) is not None


@settings(max_examples=150, deadline=None)
@given(json_values(), st.sampled_from([None, "flow", "flows", "version", "session", "sessions"]))
def test_arbitrary_json_with_any_kind(value: Any, kind: str | None) -> None:
    payload = allowed(lambda: parse_value(value, kind=kind))
    if payload is not None:
        exercise(payload)


@settings(max_examples=30, deadline=None)
@given(payloads())
def test_valid_payloads_go_through_everything(document: Any) -> None:
    payload = loads(__import__("orjson").dumps(document))
    exercise(payload)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_text_as_json(text: str) -> None:
    allowed(lambda: loads(text))
    allowed(lambda: loads(text.encode("utf-8", "surrogatepass")))
