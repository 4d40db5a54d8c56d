"""Diff benchmark (not a test): two generated 10,000-step versions.

Run: ``.venv/bin/python benchmarks/bench_diff.py [--steps N] [--repeat N]``.

The two JSON documents are a generated version (:mod:`generate`) and a copy with edits
spread through it: steps renamed, prompts edited, transitions retargeted and relabelled,
steps and transitions added and removed (transition ids persist).  Reported, as medians of
interleaved repetitions in this one process:

* parsing one version (``liveflow_graph.load`` of its JSON bytes: the target is that the
  diff is faster than this);
* ``diff(a, b, validity=False)`` from parsed versions (graphs, matching, prompt text
  diffs, canonical order), the same from already built ``FlowGraph`` objects, and
  ``diff(a, b)`` which also runs every validation rule on
  both versions;
* the baseline on the same two JSON documents, grouped by id: ``deepdiff.DeepDiff`` with
  ``group_by="id"`` when deepdiff is installed (it is not a dependency), otherwise a plain
  dict-by-id comparison (``==`` on each step and transition dict, no text diffs, no graph
  meaning).  The output says which baseline ran.
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_version  # benchmarks/ is no package: found through sys.path

from liveflow_graph import FlowGraph, FlowVersion, diff, load

Document = dict[str, Any]


def versions(steps: int, seed: int = 11) -> tuple[Document, Document, dict[str, int]]:
    """A version of ``steps`` steps and an edited copy, with the number of each edit."""
    rng = random.Random(seed)
    ids = [f"{rng.getrandbits(128):032x}" for _ in range(steps + 50)]
    names = ["start"] + [f"step_{i}" for i in range(1, steps + 50)]
    old = make_version(rng, "bench-flow", ids[:steps], names[:steps])
    new = copy.deepcopy(old)
    new["id"] = old["id"] + "-next"
    edits = {"renamed": 0, "prompts": 0, "retargeted": 0, "relabelled": 0}
    for index, step in enumerate(new["steps"][1:], start=1):
        if index % 50 == 0:
            step["name"] += "_v2"
            edits["renamed"] += 1
        if index % 20 == 0:
            step["prompt_template"]["text"] += "\nAnswer in one sentence."
            edits["prompts"] += 1
    removed = {s["id"] for s in new["steps"][100::400]}
    new["steps"] = [s for s in new["steps"] if s["id"] not in removed]
    live = [s["id"] for s in new["steps"]]
    kept = []
    for index, t in enumerate(new["step_transitions"]):
        if t["source_step_id"] in removed or t["target_step_id"] in removed or index % 300 == 7:
            continue
        if index % 40 == 3:
            t["target_step_id"] = live[(index * 7919) % len(live)]
            edits["retargeted"] += 1
        elif index % 60 == 5:
            t["label"] = "on_complete"
            edits["relabelled"] += 1
        kept.append(t)
    for number in range(50):
        sid = ids[steps + number]
        new["steps"].append(
            {
                "id": sid,
                "name": names[steps + number],
                "step_type": "LLM",
                "prompt_template": {"type": "text", "text": "a new step"},
            }
        )
        kept.append(
            {"id": f"new-{number}", "source_step_id": live[number * 37], "target_step_id": sid}
        )
    new["step_transitions"] = kept
    edits["steps removed"] = len(removed)
    edits["steps added"] = 50
    return old, new, edits


def plain_baseline(a: Document, b: Document) -> dict[str, list[str]]:
    """The simplest generic diff: group both lists by id and compare the dicts."""
    out: dict[str, list[str]] = {}
    for key in ("steps", "step_transitions"):
        before = {item["id"]: item for item in a[key]}
        after = {item["id"]: item for item in b[key]}
        out[f"{key} added"] = [i for i in after if i not in before]
        out[f"{key} removed"] = [i for i in before if i not in after]
        out[f"{key} changed"] = [i for i in after if i in before and before[i] != after[i]]
    return out


def baseline() -> tuple[str, Callable[[Document, Document], object]]:
    """deepdiff grouped by id when it is installed, else :func:`plain_baseline`."""
    try:
        from deepdiff import DeepDiff  # type: ignore[import-not-found]  # optional
    except ImportError:
        return "plain dict-by-id comparison (deepdiff is not installed)", plain_baseline

    def deep(a: Document, b: Document) -> object:
        return {
            key: DeepDiff(a[key], b[key], group_by="id") for key in ("steps", "step_transitions")
        }

    return "deepdiff.DeepDiff(group_by='id')", deep


def interleaved(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds of each action, the actions run in turn ``repeat`` times."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    old_doc, new_doc, edits = versions(args.steps)
    old_bytes, new_bytes = orjson.dumps(old_doc), orjson.dumps(new_doc)
    old, new = FlowVersion.model_validate(old_doc), FlowVersion.model_validate(new_doc)
    g_old, g_new = FlowGraph.of(old), FlowGraph.of(new)
    result = diff(old, new)
    name, base = baseline()
    medians = interleaved(
        {
            "parse one version": lambda: load(old_bytes),
            "diff (no validity)": lambda: diff(old, new, validity=False),
            "diff of built graphs (no validity)": lambda: diff(g_old, g_new, validity=False),
            "diff (with validity)": lambda: diff(old, new),
            "baseline": lambda: base(orjson.loads(old_bytes), orjson.loads(new_bytes)),
        },
        args.repeat,
    )
    print(f"## Version diff ({args.steps:,} steps, median of {args.repeat})\n")
    print("Edits: " + ", ".join(f"{count} {kind}" for kind, count in edits.items()))
    print(f"Result: {result.summary}\n")
    print(f"Baseline: {name}\n")
    print("| what | median |")
    print("| --- | --- |")
    for what, seconds in medians.items():
        print(f"| {what} | {seconds * 1000:.1f} ms |")
    parse = medians["parse one version"]
    print()
    for what in (
        "diff (no validity)",
        "diff of built graphs (no validity)",
        "diff (with validity)",
    ):
        ratio = medians[what] / parse
        verdict = "faster" if ratio < 1 else "slower"
        print(f"- {what}: {ratio:.2f}x the parse time ({verdict} than parsing one version)")
    ratio = medians["diff (no validity)"] / medians["baseline"]
    print(f"- diff (no validity) / baseline: {ratio:.2f}")


if __name__ == "__main__":
    main()
