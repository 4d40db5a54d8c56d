"""Limits that turn a hang or a memory blow-up into a clear error: payload size, nesting
depth, render time, and the number of cycles enumerated."""

from __future__ import annotations

import io
import json
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liveflow_graph import (
    ConfigError,
    FlowGraph,
    FlowVersion,
    InvalidJSONError,
    PayloadTooDeepError,
    PayloadTooLargeError,
    RenderError,
    RenderTimeoutError,
    TrueStateClient,
    load,
    loads,
    parse_value,
    render_svg,
    to_dot,
)
from liveflow_graph.diagrams.svg import available_backends
from liveflow_graph.model.decoding import too_deep
from liveflow_graph.testing import flow_versions, json_values
from tests.conftest import DATA

LINEAR = DATA / "linear_flow.json"


@pytest.mark.parametrize(
    "source",
    [
        lambda: LINEAR.read_bytes(),
        lambda: LINEAR.read_text(),
        lambda: LINEAR,
        lambda: str(LINEAR),
        lambda: io.BytesIO(LINEAR.read_bytes()),
    ],
    ids=["bytes", "text", "path", "path-string", "stream"],
)
def test_max_bytes_is_configurable_for_every_source(source: Callable[[], object]) -> None:
    size = LINEAR.stat().st_size
    assert load(source(), max_bytes=size).kind == "flow"
    with pytest.raises(PayloadTooLargeError, match=rf"larger than the limit of {size - 1:,} bytes"):
        load(source(), max_bytes=size - 1)
    assert load(source(), max_bytes=None).kind == "flow"


def test_a_large_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"[" + b" " * 10_000 + b"]")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(PayloadTooLargeError, match=r"big\.json"):
        load(path, max_bytes=1_000)


@pytest.mark.parametrize("depth", [199, 201, 1_000])
def test_nesting_within_the_decoder_limit_parses(depth: int) -> None:
    deep = "[" * depth + "]" * depth
    text = '{"id": "v", "steps": [], "step_transitions": [], "x": ' + deep + "}"
    assert loads(text).kind == "version"


@pytest.mark.parametrize("depth", [1_100, 100_000])
def test_deeper_nesting_is_a_clear_error(depth: int) -> None:
    deep = "[" * depth + "]" * depth
    text = '{"id": "v", "steps": [], "step_transitions": [], "x": ' + deep + "}"
    with pytest.raises(InvalidJSONError, match="nested more than 1,024 levels"):
        loads(text)


def _nested(depth: int) -> str:
    """A version whose extra field ``x`` holds lists ``depth`` levels deep (the version
    object itself is level 1, so the deepest list is level ``depth + 1``)."""
    return (
        '{"id": "v", "steps": [], "step_transitions": [], "x": ' + "[" * depth + "]" * depth + "}"
    )


@pytest.mark.parametrize(
    "source",
    [
        lambda text: text,
        lambda text: text.encode(),
        lambda text: io.StringIO(text),
        lambda text: json.loads(text),
    ],
    ids=["text", "bytes", "stream", "decoded"],
)
def test_max_depth_is_configurable_for_every_source(source: Callable[[str], object]) -> None:
    assert load(source(_nested(4)), max_depth=5).kind == "version"
    with pytest.raises(PayloadTooDeepError, match="nested more than 4 levels") as caught:
        load(source(_nested(4)), max_depth=4)
    assert caught.value.path == "$.x[0][0][0]"
    assert isinstance(caught.value, PayloadTooLargeError)
    assert load(source(_nested(4)), max_depth=None).kind == "version"


def test_max_depth_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(_nested(10))
    with pytest.raises(
        PayloadTooDeepError, match=r"deep\.json: \$\.x(\[0\]){8}: objects and lists are nested"
    ):
        load(path, max_depth=9)


@pytest.mark.parametrize("max_depth", [0, -3, True, 2.5, "10"])
def test_a_bad_max_depth_is_a_config_error(max_depth: object) -> None:
    with pytest.raises(ConfigError, match="max_depth must be a positive integer"):
        loads(_nested(1), max_depth=max_depth)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="max_depth must be a positive integer"):
        parse_value(json.loads(_nested(1)), max_depth=max_depth)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="max_depth must be a positive integer"):
        TrueStateClient("key", max_depth=max_depth)  # type: ignore[arg-type]


def test_max_depth_for_text_cannot_exceed_the_decoder_limit() -> None:
    with pytest.raises(ConfigError, match="above the JSON decoder's own limit of 1,024"):
        loads(_nested(1), max_depth=1_025)
    # a decoded value has no decoder limit: any depth can be checked
    assert parse_value(json.loads(_nested(3)), max_depth=5_000).kind == "version"


def _depth(value: object) -> int:
    """Nesting depth of objects and lists, recursively (the oracle)."""
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


@pytest.mark.slow  # hypothesis oracle, 300 examples
@settings(max_examples=300, deadline=None)
@given(json_values(max_leaves=40), st.integers(1, 8))
def test_the_depth_check_agrees_with_a_recursive_oracle(value: object, limit: int) -> None:
    found = too_deep(value, limit)  # type: ignore[arg-type]
    assert (found is None) == (_depth(value) <= limit)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(token: str) -> None:
    with pytest.raises(InvalidJSONError, match="line 1, column"):
        loads('{"id": "v", "steps": [], "step_transitions": [], "x": ' + token + "}")


def test_bytes_that_are_not_utf8_are_a_clear_error() -> None:
    with pytest.raises(InvalidJSONError, match="not valid UTF-8"):
        loads(b'{"id": "v\xff", "steps": [], "step_transitions": []}')


def _complete_graph(size: int) -> FlowGraph:
    """Every step linked to every other: (size-1)! cycles and more."""
    steps = [{"id": f"s{i}", "name": f"n{i}", "step_type": "LLM"} for i in range(size)]
    transitions = [
        {"id": f"t{i}_{j}", "source_step_id": f"s{i}", "target_step_id": f"s{j}"}
        for i in range(size)
        for j in range(size)
        if i != j
    ]
    version = {"id": "v", "steps": steps, "step_transitions": transitions}
    return FlowGraph(FlowVersion.model_validate(version))


def test_cycle_enumeration_is_capped() -> None:
    graph = _complete_graph(14)  # more than 10**10 elementary cycles
    start = time.perf_counter()
    cycles = graph.cycles(limit=500)
    assert len(cycles) == 500
    assert time.perf_counter() - start < 5
    assert len(graph.cycles()) == 100  # the default cap
    assert graph.cycles(limit=0) == []


@pytest.mark.parametrize("limit", [-1, 1.5, "10", True])
def test_a_bad_cycle_limit_is_a_config_error(limit: object) -> None:
    with pytest.raises(ConfigError, match="must be an integer >= 0"):
        _complete_graph(3).cycles(limit=limit)  # type: ignore[arg-type]  # deliberately wrong


@pytest.mark.skipif("wasm" not in available_backends(), reason="needs the WASM renderer")
def test_a_render_that_takes_too_long_is_stopped() -> None:
    source = to_dot(_complete_graph(60))  # 3,540 edges: seconds of layout
    # compile the WASM module first (once per process, seconds on a busy machine): the clock
    # is for the render only, whichever test ran before this one in the process
    render_svg("digraph { a }", backend="wasm")
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the large-diagram warning
        with pytest.raises(RenderTimeoutError) as caught:
            render_svg(source, backend="wasm", timeout=0.3)
    assert time.perf_counter() - start < 5
    assert "0.3" in str(caught.value)


@pytest.mark.parametrize("timeout", [0, -1.0])
def test_a_bad_timeout_is_a_config_error(timeout: float) -> None:
    with pytest.raises(ConfigError, match="timeout must be a positive number"):
        render_svg("digraph { a }", timeout=timeout)


@pytest.mark.slow  # SVG renders of fuzzed flows
@pytest.mark.skipif(not available_backends(), reason="needs an SVG renderer")
@settings(max_examples=8, deadline=None)
@given(flow_versions(max_steps=8), st.sampled_from(["TB", "LR"]))
def test_svg_of_small_fuzzed_flows(version: FlowVersion, rankdir: str) -> None:
    from liveflow_graph import DiagramOptions

    try:
        svg = render_svg(to_dot(version, DiagramOptions(rankdir=rankdir)), timeout=20)
    except RenderError as error:  # a timeout on a loaded machine is allowed, with a message
        assert str(error)
        return
    assert svg.lstrip().startswith(("<?xml", "<svg", "<!DOCTYPE"))
    assert "</svg>" in svg
