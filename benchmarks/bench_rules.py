"""Time of the reference and prompt rules, one by one, on the benchmark documents.

Run: ``.venv/bin/python benchmarks/bench_rules.py [--sizes 10000] [--stray 0] [--repeat 5]``.

Every flow version of the document (``bench_parse.document``: 3 versions of n, 2n/3 and
n/3 steps; with ``--stray K`` each prompt also references K random steps of the flow, most
of which do not run before it: thousands of ``reference-not-upstream`` findings) gets its
:class:`FlowGraph` once, with the graph's own cached queries (components, names,
predecessors) computed before any timing: they belong to the graph, not to these rules.
Then each rule runs on a *fresh* :class:`Context` per version, so its time includes the
prompt scan it would trigger first in a real run; ``all`` is every rule below on one shared
context (the scan paid once), as the engine runs them, and ``all but unused-result`` the
ones that run by default.  Times are medians of ``--repeat``
runs, with the cyclic GC off (as the engine runs), in milliseconds.

``--json`` prints the medians as one JSON object (for comparing two checkouts: run this
script alternately with ``PYTHONPATH`` set to each one's ``src``).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_flow

from liveflow_graph import loads
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.validation.rules import RULES, Context

RULE_NAMES = (
    "undefined-reference",
    "reference-not-upstream",
    "start-result-reference",
    "unknown-reference-form",
    "empty-prompt",
    "unknown-step-type",
    "unused-result",
)
DEFAULT = RULE_NAMES[:-1]  # unused-result is off unless selected


def graphs(steps: int, stray: int) -> list[FlowGraph]:
    """The graph of every version of the benchmark document, graph caches warm."""
    data = orjson.dumps(make_flow(steps, sessions=3, versions=3, seed=7, stray=stray))
    found = [FlowGraph.of(ref) for ref in loads(data, max_bytes=None).versions()]
    for graph in found:
        for warm in ("steps_by_name", "strong_components", "reachable", "self_loops"):
            getattr(graph, warm)
    return found


def measure(found: list[FlowGraph], repeat: int) -> dict[str, float]:
    """Median milliseconds per rule (fresh contexts) and for all of them on one context."""
    checks = {rule.name: rule.check for rule in RULES if rule.name in RULE_NAMES}
    times: dict[str, list[float]] = {
        name: [] for name in (*RULE_NAMES, "all", "all but unused-result")
    }
    counts: dict[str, int] = {}
    gc.disable()
    try:
        for _ in range(repeat):
            for name in RULE_NAMES:
                check = checks[name]
                assert check is not None
                total = 0.0
                count = 0
                for graph in found:
                    ctx = Context(graph)
                    start = time.perf_counter()
                    count += len(list(check(ctx)))
                    total += time.perf_counter() - start
                times[name].append(total * 1000)
                counts[name] = count
                gc.collect()
            for total, names in (("all", RULE_NAMES), ("all but unused-result", DEFAULT)):
                start = time.perf_counter()
                for graph in found:
                    ctx = Context(graph)
                    for name in names:
                        check = checks[name]
                        assert check is not None
                        list(check(ctx))
                times[total].append((time.perf_counter() - start) * 1000)
                gc.collect()
    finally:
        gc.enable()
    result = {name: statistics.median(values) for name, values in times.items()}
    result.update({f"{name} findings": float(n) for name, n in counts.items()})
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--stray", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    out: dict[str, dict[str, float]] = {}
    for steps in (int(s) for s in args.sizes.split(",")):
        out[str(steps)] = measure(graphs(steps, args.stray), args.repeat)
    if args.json:
        print(json.dumps(out))
        return 0
    for steps, result in out.items():
        print(f"{int(steps):,} steps, stray={args.stray} (ms, medians of {args.repeat}):")
        for name in (*RULE_NAMES, "all", "all but unused-result"):
            findings = result.get(f"{name} findings")
            shown = "" if findings is None else f"  ({findings:.0f} findings)"
            print(f"  {name:<24} {result[name]:8.1f}{shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
