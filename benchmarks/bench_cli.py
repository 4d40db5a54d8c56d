"""Whole processes: the ``liveflow-graph`` command against the least a Python process must do.

Run: ``.venv/bin/python benchmarks/bench_cli.py [--repeat N] [--steps N]``.

What a user waits for is a whole process: interpreter start-up, imports, the work, the
output and the exit.  The in-process benchmarks (``bench_parse.py``, ``bench_import.py``)
leave out everything but the work, so issue 16 also sets targets on whole processes:

(a) ``liveflow-graph validate FLOW --format json`` of a ``--steps``-step flow
    (``make_flow(steps, sessions=3, versions=3, seed=7)``), against a fresh ``python``
    running a small script that does what ``bench_parse.baseline`` does: ``json.load`` of
    the same file and a bare ``networkx.MultiDiGraph`` per distinct version (target
    <= 2.0);
(b) ``liveflow-graph validate examples/support-triage.json`` against
    ``python -c "import networkx, pydantic"`` (target <= 1.2): a small flow costs little
    more than the imports the package cannot avoid;
(c) ``python -c "import liveflow_graph"`` against the same (target <= 1.0).

How: each row's two commands run in ``--repeat`` pairs, one after the other, the order
flipping on every pair; every command's output goes to ``/dev/null``.  A small launcher
interpreter starts each command (``posix_spawn``) and reaps it (``os.wait4``): a run's wall
time is read just before the start and just after the reaping; its CPU time (user +
system) and peak resident set are the kernel's accounting of the child.  (A child's peak
RSS never reads below the resident set of the process it was spawned from, hence the
launcher of about 10 MiB rather than this process; the output states that floor, the
figure of a child that does nothing.)
The ratio is the median of the pairs' ratios -- pairing keeps a ratio meaningful when the
machine's speed drifts -- and the times shown are medians too.  The target is judged on
wall time, what the user waits for; CPU time is shown beside it because it is less
disturbed by other work on a shared machine.  The children run with
``PYTHONDONTWRITEBYTECODE`` unset, after one untimed warm-up run of each command, so the
``.pyc`` files exist as they do for users (the warm-up also checks each command works).
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import make_flow  # noqa: E402  (after the sys.path line: benchmarks/ is no package)
from measure import user_environment  # noqa: E402

STEPS = 20_000
SESSIONS = 3
VERSIONS = 3
REPEAT = 11
EXAMPLE = ROOT / "examples" / "support-triage.json"
IMPORTS = "import networkx, pydantic"

BASELINE_SCRIPT = '''\
"""json.load + one bare networkx.MultiDiGraph per distinct version (bench_parse.baseline)."""
import json
import sys

import networkx as nx


def graphs(value):
    versions = [value["current_version"], *(s["flow_version"] for s in value["sessions"])]
    out = {}
    for version in versions:
        if version["id"] in out:
            continue
        graph = nx.MultiDiGraph()
        for step in version["steps"]:
            graph.add_node(step["id"])
        for transition in version["step_transitions"]:
            graph.add_edge(
                transition["source_step_id"], transition["target_step_id"], key=transition["id"]
            )
        out[version["id"]] = graph
    return out


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as handle:
        graphs(json.load(handle))
'''
"""The baseline of row (a), written next to the flow: the same work as
``bench_parse.baseline`` (a test holds the two to the same graphs), without importing the
benchmark modules, which import the library."""


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    wall: float
    """Seconds from just before the start to just after the child was reaped."""
    cpu: float
    """User + system seconds of the child (the kernel's accounting)."""
    rss: int
    """Peak resident set of the child, bytes."""


@dataclass(frozen=True)
class Command:
    """A command line and the exit codes that mean it did its work."""

    argv: tuple[str, ...]
    exit_codes: frozenset[int] = frozenset({0})
    json_output: bool = False
    """Whether the warm-up checks that standard output is JSON."""

    @property
    def label(self) -> str:
        """The command as a reader would type it (paths shortened)."""
        words = []
        for word in self.argv:
            path = Path(word)
            if path.is_absolute():  # the venv's programs by name, files from the repo root
                in_repo = path.is_relative_to(ROOT) and path.parent != Path(sys.executable).parent
                word = str(path.relative_to(ROOT)) if in_repo else path.name
            words.append(word)
        return shlex.join(words)


@dataclass(frozen=True)
class Row:
    """One comparison to run: the library's command against its baseline's."""

    key: str
    """Short name for the history (``validate``, ``example``, ``import``)."""
    name: str
    library: Command
    baseline: Command
    target: float


@dataclass(frozen=True)
class PairedComparison:
    """The pairs of runs of one row, and what they say."""

    row: Row
    library: tuple[Run, ...]
    baseline: tuple[Run, ...]
    note: str = ""
    rss_floor: int = 0
    """Peak RSS of a child that does nothing (``true``): no run's figure reads below it."""

    def _ratios(self, field: str) -> list[float]:
        return [
            getattr(lib, field) / getattr(base, field)
            for lib, base in zip(self.library, self.baseline, strict=True)
        ]

    def ratio(self, field: str = "wall") -> float:
        """Median of the pairs' ratios library / baseline of ``wall``, ``cpu`` or ``rss``."""
        return statistics.median(self._ratios(field))

    def spread(self, field: str = "wall") -> tuple[float, float]:
        """Smallest and largest of the pairs' ratios (a wide range: a noisy machine)."""
        ratios = self._ratios(field)
        return min(ratios), max(ratios)

    def median(self, side: str, field: str = "wall") -> float:
        """Median ``field`` of the ``library`` or ``baseline`` runs."""
        runs: tuple[Run, ...] = getattr(self, side)
        return float(statistics.median(getattr(run, field) for run in runs))

    @property
    def pairs(self) -> int:
        """How many pairs were timed."""
        return len(self.library)

    @property
    def met(self) -> bool:
        """Whether the median wall-time ratio is within the target."""
        return self.ratio() <= self.row.target


def cli_script() -> Path:
    """The venv's ``liveflow-graph`` console script (next to this interpreter)."""
    path = Path(sys.executable).parent / "liveflow-graph"
    if not path.exists():
        raise SystemExit(f"no {path}: install the package first (make install)")
    return path


def rows(workdir: Path, steps: int = STEPS) -> list[Row]:
    """The three comparisons; writes the generated flow and the baseline script into
    ``workdir``."""
    flow = workdir / f"flow-{steps}.json"
    flow.write_bytes(orjson.dumps(make_flow(steps, sessions=SESSIONS, versions=VERSIONS, seed=7)))
    script = workdir / "baseline.py"
    script.write_text(BASELINE_SCRIPT, encoding="utf-8")
    cli = str(cli_script())
    python = sys.executable
    imports = Command((python, "-c", IMPORTS))
    findings = frozenset({0, 1})  # 1: findings at or above --fail-on, still a full run
    return [
        Row(
            "validate",
            f"`validate --format json`, {steps:,}-step flow "
            f"({flow.stat().st_size / 1e6:.1f} MB) vs `json.load` + `MultiDiGraph`",
            Command((cli, "validate", str(flow), "--format", "json"), findings, True),
            Command((python, str(script), str(flow))),
            2.0,
        ),
        Row(
            "example",
            "`validate examples/support-triage.json` vs `import networkx, pydantic`",
            Command((cli, "validate", str(EXAMPLE)), findings),
            imports,
            1.2,
        ),
        Row(
            "import",
            "`python -c 'import liveflow_graph'` vs `import networkx, pydantic`",
            Command((python, "-c", "import liveflow_graph")),
            imports,
            1.0,
        ),
    ]


LAUNCHER = """\
import json, os, sys, time
for line in sys.stdin:
    argv, out_path, err_path = json.loads(line)
    out = os.open(out_path or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    err = os.open(err_path or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_DUP2, out, 1),
        (os.POSIX_SPAWN_DUP2, err, 2),
    ]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    os.close(out)
    os.close(err)
    cpu = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps([wall, cpu, usage.ru_maxrss * 1024, code]), flush=True)
"""
"""Starts and reaps each measured command, in a small interpreter of its own.

A child's peak resident set as the kernel reports it (``ru_maxrss``) never reads below
the resident set of the process it was spawned from at that moment: spawned from the
benchmark process, which holds the generated flow (and, under ``run.py``, the debris of
the 100k-step runs), every child read the same figure.  This launcher stays at about
10 MiB (``-I -S``: no site packages); :class:`Launcher` measures that floor by spawning
``true``.  It also reads the wall clock right around the child, not around the pipe."""


class Launcher:
    """The launcher process; a context manager that ends it on exit."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=user_environment(),  # the children's environment
            cwd=ROOT,
            text=True,
        )
        true = shutil.which("true")
        self.floor = self.run(Command((true,)))[0].rss if true else 0
        """The peak resident set of a child that does nothing, bytes: no figure reads
        below it (0 when there is no ``true`` program to measure it with)."""

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc: object) -> None:
        process = self._process
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.close()  # the launcher's loop ends: it exits
        process.wait()
        process.stdout.close()

    def run(self, command: Command, stdout: Path | None = None) -> tuple[Run, int]:
        """Start ``command``, wait for it, and return its figures and exit code.

        Standard output goes to ``/dev/null``, or to ``stdout`` when given (standard error
        then next to it, suffix ``.err``)."""
        process = self._process
        assert process.stdin is not None
        assert process.stdout is not None
        err = None if stdout is None else str(stdout.with_suffix(".err"))
        out = None if stdout is None else str(stdout)
        process.stdin.write(json.dumps([list(command.argv), out, err]) + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the launcher stopped (exit code {process.wait()})")
        wall, cpu, rss, code = json.loads(line)
        return Run(wall, cpu, rss), code


def warm_up(command: Command, workdir: Path, launcher: Launcher) -> str:
    """One untimed run (writes the ``.pyc`` files, fills the file cache) that must work:
    raises ``RuntimeError`` with the command's error output when it does not.  Returns a
    note on its output."""
    out = workdir / "warm-up.out"
    _, code = launcher.run(command, stdout=out)
    if code not in command.exit_codes:
        err = out.with_suffix(".err").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{command.label} exited {code}:\n{err}")
    data = out.read_bytes()
    if command.json_output:
        json.loads(data)  # raises if the command did not write JSON
        return f"it writes {len(data) / 1e6:.1f} MB of JSON"
    return ""


def compare(row: Row, repeat: int, workdir: Path, launcher: Launcher) -> PairedComparison:
    """Warm each command up, then time ``repeat`` pairs, alternating which goes first."""
    notes = [warm_up(row.library, workdir, launcher), warm_up(row.baseline, workdir, launcher)]
    library: list[Run] = []
    baseline: list[Run] = []
    for pair in range(repeat):
        sides = ((row.library, library), (row.baseline, baseline))
        for command, runs in sides if pair % 2 == 0 else reversed(sides):
            runs.append(launcher.run(command)[0])
    return PairedComparison(row, tuple(library), tuple(baseline), "; ".join(n for n in notes if n))


def run(
    repeat: int = REPEAT, steps: int = STEPS, progress: Callable[[str], object] = print
) -> list[PairedComparison]:
    """Every row, in a temporary directory that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="bench_cli-") as tmp, Launcher() as launcher:
        workdir = Path(tmp)
        results = []
        for row in rows(workdir, steps):
            progress(f"  {row.library.label} ...")
            results.append(compare(row, repeat, workdir, launcher))
        return [replace(c, rss_floor=launcher.floor) for c in results]


METHOD = (
    "Whole processes, output to /dev/null; `PYTHONDONTWRITEBYTECODE` unset and one untimed "
    "warm-up run of each command first, so `.pyc` files exist (as for users); {pairs} pairs "
    "per row, alternating which command goes first; ratio = median of the pairs' ratios "
    "(library ÷ baseline), times = medians; the target is judged on wall time."
)


def _verdict(c: PairedComparison) -> str:
    return "met" if c.met else "missed"


def report(results: Sequence[PairedComparison]) -> str:
    """Plain-text lines for the terminal."""
    pairs = min((c.pairs for c in results), default=0)
    lines = [METHOD.format(pairs=pairs).replace("`", "")]
    for c in results:
        low, high = c.spread()
        lines += [
            f"{c.row.name.replace('`', '')}",
            f"    library:  {c.row.library.label}",
            f"    baseline: {c.row.baseline.label}",
            f"    wall  {c.median('library'):7.3f} s vs {c.median('baseline'):7.3f} s: "
            f"ratio {c.ratio():.2f} (pairs {low:.2f}-{high:.2f}; target <= {c.row.target:g}: "
            f"{_verdict(c)})",
            f"    CPU   {c.median('library', 'cpu'):7.3f} s vs "
            f"{c.median('baseline', 'cpu'):7.3f} s: ratio {c.ratio('cpu'):.2f}",
            f"    peak RSS {c.median('library', 'rss') / 2**20:.0f} MiB vs "
            f"{c.median('baseline', 'rss') / 2**20:.0f} MiB: ratio {c.ratio('rss'):.2f} "
            f"(floor: {c.rss_floor / 2**20:.0f} MiB)",
        ]
        if c.note:
            lines.append(f"    ({c.note})")
    return "\n".join(lines)


def markdown(results: Sequence[PairedComparison]) -> list[str]:
    """The RESULTS.md section body: a table with target and met/missed, then the commands."""
    pairs = min((c.pairs for c in results), default=0)
    lines = [
        METHOD.format(pairs=pairs),
        "",
        "| comparison | library wall | baseline wall | ratio (pairs' range) | library CPU | "
        "baseline CPU | CPU ratio | peak RSS ratio | target | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for c in results:
        low, high = c.spread()
        verdict = "met" if c.met else "**missed**"
        lines.append(
            f"| {c.row.name} | {_seconds(c.median('library'))} | "
            f"{_seconds(c.median('baseline'))} | {c.ratio():.2f}× ({low:.2f}–{high:.2f}) | "
            f"{_seconds(c.median('library', 'cpu'))} | {_seconds(c.median('baseline', 'cpu'))} | "
            f"{c.ratio('cpu'):.2f}× | {c.ratio('rss'):.2f}× | ≤ {c.row.target:.1f}× | {verdict} |"
        )
    floor = max((c.rss_floor for c in results), default=0)
    lines += [
        "",
        f"Peak RSS is the kernel's figure for each child; none reads below that of a "
        f"child that does nothing ({floor / 2**20:.0f} MiB). Commands (library; baseline):",
        "",
    ]
    for c in results:
        note = f" ({c.note})" if c.note else ""
        lines.append(f"- `{c.row.library.label}`{note}; `{c.row.baseline.label}`")
    return lines


def headline(results: Sequence[PairedComparison]) -> dict[str, float]:
    """The wall-time ratio of each row, by key, for the history."""
    return {c.row.key: round(c.ratio(), 2) for c in results}


def _seconds(value: float) -> str:
    return f"{value * 1000:,.0f} ms" if value < 1 else f"{value:,.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=REPEAT, help="pairs per comparison")
    parser.add_argument("--steps", type=int, default=STEPS, help="steps of row (a)'s flow")
    args = parser.parse_args(argv)
    results = run(args.repeat, args.steps)
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
