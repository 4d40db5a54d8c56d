"""The `make demo` job: validate, render and diff the bundled example payload.

Runs the same commands a user would type, in-process, and writes every file to the output
folder (default ``out/``).  The example carries deliberate defects, so ``validate`` finding
them (exit code 1) is expected; any exit code 2 (bad input or usage) fails the demo.

Usage: python examples/demo.py [OUT_DIR]
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from liveflow_graph import load
from liveflow_graph.cli import main

EXAMPLE = Path(__file__).with_name("support-triage.json")


def run(*args: str) -> int:
    """Run one CLI command, echoing it first; stop the demo on a usage or input error."""
    print(f"\n$ liveflow-graph {shlex.join(args)}", flush=True)
    code = main(list(args))
    sys.stdout.flush()
    if code not in (0, 1):
        raise SystemExit(f"demo: 'liveflow-graph {shlex.join(args)}' failed with exit code {code}")
    return code


def demo(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    example = os.path.relpath(EXAMPLE)
    flow = load(EXAMPLE).flows[0]
    older = [ref.id for ref in flow.versions().values() if not ref.is_current]
    previous = f"{example}#{older[-1]}"

    run("summary", example)
    run("validate", example)
    run(
        "validate",
        example,
        "--all-versions",
        "--format",
        "sarif",
        "-o",
        str(out / "findings.sarif"),
    )
    run("render", example, "--findings", "-o", str(out / "support-triage.svg"))
    run("render", example, "--findings", "-o", str(out / "support-triage.png"))
    run("render", example, "-o", str(out / "support-triage.dot"))
    run("render", example, "-o", str(out / "support-triage.mmd"))
    run("render", example, "--sessions", "-o", str(out / "support-triage-sessions.svg"))
    run("diff", example)
    run("diff", previous, example)
    run("diff", previous, example, "--format", "svg", "-o", str(out / "diff.svg"))
    run("diff", previous, example, "--format", "markdown", "-o", str(out / "diff.md"))

    print(f"\nwrote {len(list(out.iterdir()))} files to {out}/:")
    for path in sorted(out.iterdir()):
        print(f"  {path.name} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    demo(Path(sys.argv[1] if len(sys.argv) > 1 else "out"))
