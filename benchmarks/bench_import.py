"""``import liveflow_graph`` against importing its two heavy dependencies, networkx and pydantic.

Run: ``.venv/bin/python benchmarks/bench_import.py [--repeat N]``.

Each repetition starts two fresh interpreters (alternating which goes first), with
``PYTHONDONTWRITEBYTECODE`` unset and after one warm-up import of each, so ``.pyc`` files
exist as they do for users, and times only the import statement inside each (interpreter
start-up excluded); the result is the ratio of the medians.  Target (issue 16): <= 1.0,
importing the package costs no more than importing the two dependencies it cannot do
without (its public names load lazily).  ``bench_cli.py`` measures the same comparison as
whole processes, start-up included.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import Comparison, user_environment

LIBRARY = "import liveflow_graph"
BASELINE = "import networkx, pydantic"
TARGET = 1.0
_TIMER = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"


def import_seconds(statement: str) -> float:
    """Seconds ``statement`` takes in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", _TIMER.format(statement=statement)],
        capture_output=True,
        text=True,
        check=True,
        env=user_environment(),
    )
    return float(done.stdout.strip())


def run(repeat: int = 11) -> Comparison:
    """Medians of ``repeat`` fresh-process imports of each side, alternated."""
    times: dict[str, list[float]] = {LIBRARY: [], BASELINE: []}
    for statement in (LIBRARY, BASELINE):  # warm the file system cache and __pycache__
        import_seconds(statement)
    for rep in range(repeat):
        order = (LIBRARY, BASELINE) if rep % 2 == 0 else (BASELINE, LIBRARY)
        for statement in order:
            times[statement].append(import_seconds(statement))
    return Comparison(
        "`import liveflow_graph` vs `import networkx, pydantic`",
        statistics.median(times[LIBRARY]),
        statistics.median(times[BASELINE]),
        "s",
        repeat,
        TARGET,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    result = run(parser.parse_args(argv).repeat)
    print(
        f"import liveflow_graph: {result.library * 1000:.0f} ms; "
        f"import networkx, pydantic: {result.baseline * 1000:.0f} ms; ratio {result.ratio:.2f} "
        f"(target <= {TARGET:g}: {'met' if result.met else 'missed'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
