"""Parse + graph + all rules against ``json.loads`` + a bare ``networkx.MultiDiGraph``.

Run: ``.venv/bin/python benchmarks/bench_parse.py [--repeat N] [--sizes 1000,10000]``.

For each size (1k, 10k, 100k steps; 3 sessions on 3 versions, so each document carries
the current version and three session copies of versions of 1/3, 2/3 and all the steps),
the same bytes go through

* the library: ``validate(loads(data), all_versions=True)`` -- decode, validate into
  models, share identical version copies, build the :class:`FlowGraph` of every version
  and run every rule on it;
* the floor: ``loads(data)`` and ``FlowGraph.of(ref)`` for every ``payload.versions()``
  entry -- the typed parse and the graphs, no rule -- so the reader sees how much of the
  time budget is spent before the first rule runs;
* the baseline, the least work that still gives a graph: ``json.loads`` and, for each
  distinct version id, a ``networkx.MultiDiGraph`` with one node per step id and one edge
  per transition (keyed by its id), no attributes, no checks;

in turn in one process (the order rotates; medians of ``--repeat`` runs).  The targets
are issue 16's: library time <= 1.5x the baseline's, and time(100k)/time(10k) no worse
than the baseline's own ratio on the same documents in the same run (a fixed number
would judge the machine's caches, not the code: the baseline itself grows faster than
linearly).  The floor has no target: it is a yardstick.  Peak memory of one run of each
is measured with tracemalloc (target: ratio <= 1.5) and, as a cross-check that also sees
memory C code takes with ``malloc``, as the growth of the peak RSS of a fresh subprocess.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_flow
from measure import Comparison, interleaved_many, peak_memory

from liveflow_graph import FlowGraph, loads
from liveflow_graph.validation.engine import validate

SIZES = (1_000, 10_000, 100_000)
SESSIONS = 3
VERSIONS = 3
TIME_TARGET = 1.5
MEMORY_TARGET = 1.5
SMALL, LARGE = 10_000, 100_000
"""The two sizes of the scaling ratio time(LARGE) / time(SMALL)."""


def document(steps: int) -> bytes:
    """The benchmark document of ``steps`` steps, as the API would send it."""
    return orjson.dumps(make_flow(steps, sessions=SESSIONS, versions=VERSIONS, seed=7))


def library(data: bytes) -> object:
    """Everything ``liveflow-graph validate --all-versions`` does before printing."""
    return validate(loads(data, max_bytes=None), all_versions=True)


def floor(data: bytes) -> object:
    """The typed parse and every version's graph, no rule: what ``library`` spends before
    its first rule."""
    payload = loads(data, max_bytes=None)
    return payload, [FlowGraph.of(ref) for ref in payload.versions()]


def baseline(data: bytes) -> object:
    """``json.loads`` plus one bare MultiDiGraph per distinct version id."""
    value = json.loads(data)
    versions = [value["current_version"], *(s["flow_version"] for s in value["sessions"])]
    graphs: dict[str, nx.MultiDiGraph[str]] = {}
    for version in versions:
        if version["id"] in graphs:
            continue
        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        for step in version["steps"]:
            graph.add_node(step["id"])
        for transition in version["step_transitions"]:
            graph.add_edge(
                transition["source_step_id"], transition["target_step_id"], key=transition["id"]
            )
        graphs[version["id"]] = graph
    return value, graphs


@dataclass(frozen=True)
class SizeResult:
    """The measurements at one size."""

    steps: int
    megabytes: float
    time: Comparison
    memory: Comparison | None
    rss: Comparison | None
    floor: Comparison | None = None


def measure_size(steps: int, repeat: int, *, memory: bool = True, rss: bool = True) -> SizeResult:
    """Time (and memory) of library and baseline on the document of ``steps`` steps."""
    data = document(steps)
    library(data)  # warm up: imports, pydantic and regex compilation
    lib_s, floor_s, base_s = interleaved_many(
        (lambda: library(data), lambda: floor(data), lambda: baseline(data)), repeat
    )
    size = f"{steps:,} steps"
    time_cmp = Comparison(f"parse + graph + rules, {size}", lib_s, base_s, "s", repeat, TIME_TARGET)
    floor_cmp = Comparison(
        f"floor: parse + build graphs, no rules, {size}",
        floor_s,
        base_s,
        "s",
        repeat,
        note="yardstick; no target",
    )
    mem_cmp = rss_cmp = None
    if memory:
        mem_cmp = Comparison(
            f"peak memory (tracemalloc), {size}",
            peak_memory(lambda: library(data)),
            peak_memory(lambda: baseline(data)),
            "B",
            1,
            MEMORY_TARGET,
        )
    if rss:
        rss_cmp = Comparison(
            f"peak RSS growth (fresh process), {size}",
            _rss_growth(data, "library"),
            _rss_growth(data, "baseline"),
            "B",
            1,
            note="cross-check; no target",
        )
    return SizeResult(steps, len(data) / 1e6, time_cmp, mem_cmp, rss_cmp, floor_cmp)


def scaling(
    results: list[SizeResult],
    small: int = SMALL,
    large: int = LARGE,
    *,
    side: str = "library",
) -> float | None:
    """time(large) / time(small) of the library (or ``side="baseline"``), when both sizes
    were measured."""
    by_size: dict[int, float] = {r.steps: getattr(r.time, side) for r in results}
    if small in by_size and large in by_size:
        return by_size[large] / by_size[small]
    return None


@dataclass(frozen=True)
class Scaling:
    """time(LARGE) / time(SMALL) of the library against the baseline's own, same run.

    The target is the baseline's ratio: cost that grows no faster than the least work on
    the same documents does."""

    library: float
    baseline: float

    @property
    def met(self) -> bool:
        """Whether the library grows no faster than the baseline."""
        return self.library <= self.baseline


def scaling_of(results: list[SizeResult]) -> Scaling | None:
    """Both sides' growth, when both sizes were measured."""
    lib = scaling(results)
    base = scaling(results, side="baseline")
    return None if lib is None or base is None else Scaling(lib, base)


def _rss_growth(data: bytes, side: str) -> float:
    """Growth of the peak resident set of a fresh interpreter running one ``side``."""
    with tempfile.NamedTemporaryFile(suffix=".json") as handle:
        handle.write(data)
        handle.flush()
        done = subprocess.run(
            [sys.executable, __file__, "--rss-child", side, handle.name],
            capture_output=True,
            text=True,
            check=True,
        )
    return float(done.stdout.strip())


def _rss_child(side: str, path: str) -> None:
    data = Path(path).read_bytes()
    action = library if side == "library" else baseline
    action(document(10))  # warm up (lazy imports, compiled patterns) outside the peak
    gc.collect()
    before = _status_kib("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current RSS
    result = action(data)
    peak = _status_kib("VmHWM")
    del result
    print((peak - before) * 1024)


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status (Linux only)")


def run(repeat: int = 5, sizes: tuple[int, ...] = SIZES) -> list[SizeResult]:
    """Measure every size; repetitions shrink for the largest size (minimum 3)."""
    return [
        measure_size(steps, repeat if steps < 100_000 else max(3, repeat // 2)) for steps in sizes
    ]


def report(results: list[SizeResult]) -> str:
    """Plain-text lines for the terminal."""
    lines = []
    for r in results:
        t = r.time
        lines.append(
            f"{r.steps:>7,} steps ({r.megabytes:.1f} MB): library {t.library:.3f} s, "
            f"baseline {t.baseline:.3f} s, ratio {t.ratio:.2f} (target <= {t.target:g})"
        )
        if r.floor is not None:
            lines.append(
                f"          floor (parse + graphs, no rules): {r.floor.library:.3f} s, "
                f"ratio {r.floor.ratio:.2f} (the rules and the rest: "
                f"{r.time.ratio - r.floor.ratio:.2f} of the ratio)"
            )
        for m in (r.memory, r.rss):
            if m is not None:
                lines.append(
                    f"          {m.name.split(',')[0]}: library {m.library / 2**20:.0f} MiB, "
                    f"baseline {m.baseline / 2**20:.0f} MiB, ratio {m.ratio:.2f}"
                )
    growth = scaling_of(results)
    if growth is not None:
        lines.append(
            f"scaling time({LARGE:,})/time({SMALL:,}): library {growth.library:.1f}, "
            f"baseline {growth.baseline:.1f} (target: library <= baseline; "
            f"{'met' if growth.met else 'missed'})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--rss-child", nargs=2, metavar=("SIDE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child:
        _rss_child(*args.rss_child)
        return 0
    sizes = tuple(int(s) for s in args.sizes.split(","))
    print(report(run(args.repeat, sizes)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
