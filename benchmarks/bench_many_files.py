"""Many-files benchmark (not a test): a repository of 1,000 example-sized flows, validated in
one command against one process per file.

Run: ``.venv/bin/python benchmarks/bench_many_files.py [--files N] [--repeat N]
[--processes N] [--keep DIR]``; ``make bench`` runs it with the defaults.

The flows are variants of ``examples/support-triage.json`` (85 kB: three versions, sessions),
each with its own flow name and ids (every id's second group becomes the file's number, so
references inside a file still agree), in folders of 100 under ``flows/``. Every file has
the example's findings, so every command must exit 1 and name every file in its output; a
row whose command does not (for instance a CLI without ``validate DIR``) reports why instead
of a time.

Rows, the installed ``liveflow-graph`` run as a subprocess in the folder above ``flows/``:

1. ``liveflow-graph validate flows`` -- one process, the directory searched, default
   ``--jobs`` (all cores);
2. ``liveflow-graph validate flows --jobs 1`` -- the same on one core;
3. ``liveflow-graph validate FILE...`` -- one process given the 1,000 paths, as the
   pre-commit hook (``require_serial``) passes them;
4. one process per file, one after another (a shell loop, or ``xargs -n1``): ``--processes``
   (default 100) of them are timed, spread over the folders, and the total is scaled to all
   the files, since every process does the same work (start-up, import, one file); this keeps
   ``make bench`` short. ``--processes`` equal to ``--files`` runs them all (on a 2-core
   machine, about a second each).

Rows 1-3 run alternately ``--repeat`` times, in a rotating order, and report medians; the
ratios divide by row 1. The load average is printed: on a shared machine it explains noise.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "support-triage.json"
CLI = str(Path(sys.executable).parent / "liveflow-graph")
PER_FOLDER = 100
ID_GROUP = "-0000-4000-8000-"  # the second group of every id in the example


def write_flows(root: Path, count: int) -> list[str]:
    """``count`` variants of the example under ``root/flows``; their paths relative to
    ``root``, in order."""
    text = EXAMPLE.read_text()
    name = json.loads(text)["name"]
    assert text.count(ID_GROUP) > 100, "the example's ids changed: update ID_GROUP"
    paths = []
    for number in range(1, count + 1):
        variant = text.replace(ID_GROUP, f"-{number:04d}-4000-8000-").replace(
            f'"name": "{name}"', f'"name": "{name} {number:04d}"', 1
        )
        relative = f"flows/{(number - 1) // PER_FOLDER:03d}/flow-{number:04d}.json"
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(variant)
        paths.append(relative)
    return paths


class RowError(Exception):
    """A command did not give the expected verdict (exit 1, every file named)."""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIVEFLOW_GRAPH_")}
    env["NO_COLOR"] = "1"
    return env


def run_once(args: list[str], cwd: Path, expect: list[str]) -> float:
    """Seconds taken by ``liveflow-graph *args`` in ``cwd``; checks the verdict."""
    start = time.perf_counter()
    done = subprocess.run(
        [CLI, *args], cwd=cwd, env=_env(), capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 1:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise RowError(f"exit {done.returncode}: {last[:200]}")
    missing = [path for path in expect if path not in done.stdout]
    if missing:
        raise RowError(f"{len(missing)} files not in the output, e.g. {missing[0]}")
    return elapsed


@dataclass
class Row:
    name: str
    command: str
    action: Callable[[], float]
    times: list[float]
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and self.error is None else None


def per_process(root: Path, paths: list[str], sample: int) -> tuple[float, float, int]:
    """One process per file for ``sample`` of ``paths`` (evenly spread): (total seconds
    scaled to all paths, median seconds per process, processes run)."""
    step = max(1, len(paths) // sample)
    chosen = paths[::step][:sample]
    each = []
    for path in chosen:
        each.append(run_once(["validate", path], root, [path]))
    return sum(each) * len(paths) / len(chosen), statistics.median(each), len(chosen)


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:,.0f} ms" if value < 1 else f"{value:,.2f} s"


def report(rows: list[Row], scaled: tuple[float, float, int] | str, files: int) -> str:
    base = rows[0].median
    lines = [
        "| command | median | ÷ row 1 |",
        "| --- | ---: | ---: |",
    ]
    for number, row in enumerate(rows, start=1):
        ratio = f"{row.median / base:.2f}" if row.median and base else "—"
        shown = _seconds(row.median) if row.error is None else f"failed: {row.error}"
        lines.append(f"| {number}. `{row.command}` | {shown} | {ratio} |")
    if isinstance(scaled, str):
        lines.append(f"| 4. one process per file | failed: {scaled} | — |")
    else:
        total, median, ran = scaled
        ratio = f"{total / base:.2f}" if base else "—"
        how = "all of them" if ran == files else f"{ran} timed, scaled to {files:,}"
        lines.append(
            f"| 4. {files:,} processes, one per file ({how}; median "
            f"{_seconds(median)} each) | {_seconds(total)} | {ratio} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="how many flow files")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of rows 1-3")
    parser.add_argument(
        "--processes", type=int, default=100, help="processes timed for row 4 (scaled)"
    )
    parser.add_argument("--keep", type=Path, help="write the flows here and keep them")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="lfg-many-") as scratch:
        root = args.keep or Path(scratch)
        start = time.perf_counter()
        paths = write_flows(root, args.files)
        size = sum((root / p).stat().st_size for p in paths)
        load = os.getloadavg()
        print(
            f"## Many files: {args.files:,} flows ({size / 2**20:.0f} MB, variants of "
            f"examples/{EXAMPLE.name}), written in {time.perf_counter() - start:.1f} s\n\n"
            f"{os.cpu_count()} logical cores; load average at the start "
            f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min); medians of "
            f"{args.repeat}\n",
            flush=True,
        )
        rows = [
            Row(
                "directory",
                "liveflow-graph validate flows",
                lambda: run_once(["validate", "flows"], root, paths),
                [],
            ),
            Row(
                "directory, one core",
                "liveflow-graph validate flows --jobs 1",
                lambda: run_once(["validate", "flows", "--jobs", "1"], root, paths),
                [],
            ),
            Row(
                "file arguments",
                f"liveflow-graph validate FILE... ({args.files:,} paths)",
                lambda: run_once(["validate", *paths], root, paths),
                [],
            ),
        ]
        for repetition in range(args.repeat):
            shift = repetition % len(rows)
            for row in rows[shift:] + rows[:shift]:
                if row.error is None:
                    try:
                        row.times.append(row.action())
                    except RowError as failure:
                        row.error = str(failure)
        scaled: tuple[float, float, int] | str
        try:
            scaled = per_process(root, paths, min(args.processes, args.files))
        except RowError as failure:
            scaled = str(failure)
    print(report(rows, scaled, args.files))
    base, one_core, arguments = (row.median for row in rows)
    summary = []
    if base and one_core:
        summary.append(f"`--jobs 1` takes {one_core / base:.2f}x the time of all cores")
    if not isinstance(scaled, str):
        for label, value in (("the directory", base), ("file arguments", arguments)):
            if value:
                summary.append(
                    f"a process per file takes {scaled[0] / value:.1f}x the time of one "
                    f"process ({label})"
                )
    print("", *(f"- {line}" for line in summary), sep="\n")
    return 0 if all(row.error is None for row in rows) and not isinstance(scaled, str) else 1


if __name__ == "__main__":
    raise SystemExit(main())
