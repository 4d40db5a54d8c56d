"""Diff benchmark (not a test): the library against deepdiff on two 10,000-step versions.

Run: ``.venv/bin/python benchmarks/bench_diff.py [--steps N] [--repeat N]`` (``make bench``
installs deepdiff, the ``bench`` extra; without it the deepdiff row is left out and the
output says so).

The two JSON documents are a generated version (:mod:`generate`) and a copy with edits
spread through it: steps renamed, prompts edited, transitions retargeted and relabelled,
steps and transitions added and removed (transition ids persist).  Every measurement is a
median of repetitions interleaved in this one process.

**Library against the baselines.**  Each side starts from the same decoded input: both
JSON documents decoded once (``orjson.loads``), before any timing, into dicts that every
side reads and none changes.  Each side finds the steps added, removed and changed and the
transitions added, removed and changed, by id; the output checks that the three find the
same ids.

* *library*: ``load(doc).versions()[0]`` for each document (pydantic validation into typed
  models: what ``load`` does with a decoded version), then ``diff(a, b, validity=False)``:
  the graph of each version, steps matched by id, transitions by id (ids persist here),
  each changed step's fields (id, name, type, prompt template, fields the models do not
  know; not ``created_at``/``updated_at``) with the prompt strings that changed (their
  unified diff is computed only when read, so not here), each changed transition's fields
  (source, target, label, unknown fields) told apart as moved or changed, refs naming
  each transition's end steps, and everything in canonical flow order (a breadth-first
  order over both versions), unchanged steps and transitions included;
* *deepdiff*: ``DeepDiff(a[key], b[key], group_by="id")`` for ``key`` in ``steps`` and
  ``step_transitions`` (default options; the ``text`` view).  It deep-copies both lists,
  groups each by id into a dict, and compares every field of every item recursively, all
  six step fields included (``created_at``/``updated_at`` are equal in both versions, so
  they add work and no result), with a unified diff of each changed multi-line string
  (the edited prompts) computed eagerly; no graph, no order, no names of end steps;
* *plain*: both lists grouped by id into dicts and each item compared with ``==``: the
  least work that finds the same ids (no field-level result, no text diffs).

Ratios are library ÷ baseline (below 1: the library is faster).

**The library alone.**  Parsing one version (``load`` of its JSON bytes; the target is a
diff faster than this), ``diff(a, b, validity=False)`` from already parsed versions and
from already built ``FlowGraph`` objects, and ``diff(a, b)``, which also runs every
validation rule on both versions and compares the findings.
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

from liveflow_graph import FlowGraph, FlowVersion, VersionDiff, diff, load

Document = dict[str, Any]
Found = dict[str, set[str]]
"""Ids of the steps and transitions added, removed and changed, by kind."""

KINDS = ("steps", "step_transitions")
BASELINES = ("deepdiff", "plain")


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
            {
                "id": f"new-{number}",
                "source_step_id": live[number * 37 % len(live)],
                "target_step_id": sid,
            }
        )
    new["step_transitions"] = kept
    edits["steps removed"] = len(removed)
    edits["steps added"] = 50
    return old, new, edits


def library_diff(a: Document, b: Document) -> VersionDiff:
    """The library from decoded documents: validate both, then diff (no validity)."""
    return diff(load(a).versions()[0], load(b).versions()[0], validity=False)


def plain_baseline(a: Document, b: Document) -> Found:
    """The simplest generic diff: group both lists by id and compare the dicts."""
    out: Found = {}
    for key in KINDS:
        before = {item["id"]: item for item in a[key]}
        after = {item["id"]: item for item in b[key]}
        out[f"{key} added"] = {i for i in after if i not in before}
        out[f"{key} removed"] = {i for i in before if i not in after}
        out[f"{key} changed"] = {i for i in after if i in before and before[i] != after[i]}
    return out


def deepdiff_baseline() -> Callable[[Document, Document], dict[str, Any]] | None:
    """``DeepDiff`` of each list grouped by id, or ``None`` when deepdiff is not installed."""
    try:
        from deepdiff import DeepDiff
    except ImportError:
        return None

    def deep(a: Document, b: Document) -> dict[str, Any]:
        return {key: DeepDiff(a[key], b[key], group_by="id") for key in KINDS}

    return deep


def found_by_library(result: VersionDiff) -> Found:
    """The ids a library diff reports (no rename map here: a changed step keeps its id)."""
    return {
        "steps added": {s.id for s in result.steps_added},
        "steps removed": {s.id for s in result.steps_removed},
        "steps changed": {c.new.id for c in result.steps_changed},
        "step_transitions added": {t.id for t in result.transitions_added},
        "step_transitions removed": {t.id for t in result.transitions_removed},
        "step_transitions changed": {
            c.new.id for c in (*result.transitions_changed, *result.transitions_moved)
        },
    }


def found_by_deepdiff(result: dict[str, Any]) -> Found:
    """The ids a deepdiff result reports: an item added or removed at the top of a grouped
    list (its path is just ``[id]``), or anything inside an item (changed)."""
    out: Found = {}
    for key in KINDS:
        added, removed, changed = set(), set(), set()
        for report, levels in result[key].tree.items():
            for level in levels:
                path = level.path(output_format="list")
                if len(path) > 1:
                    changed.add(path[0])
                elif report == "dictionary_item_added":
                    added.add(path[0])
                elif report == "dictionary_item_removed":
                    removed.add(path[0])
                else:  # a whole item replaced: only with other options than ours
                    changed.add(path[0])
        out[f"{key} added"], out[f"{key} removed"] = added, removed
        out[f"{key} changed"] = changed
    return out


def interleaved(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds of each action, the actions run in turn ``repeat`` times."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def _counts(found: Found) -> str:
    return ", ".join(f"{len(ids)} {kind}" for kind, ids in found.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    old_doc, new_doc, edits = versions(args.steps)
    old_bytes, new_bytes = orjson.dumps(old_doc), orjson.dumps(new_doc)
    a, b = orjson.loads(old_bytes), orjson.loads(new_bytes)  # the decoded input of every side
    old, new = FlowVersion.model_validate(a), FlowVersion.model_validate(b)
    g_old, g_new = FlowGraph.of(old), FlowGraph.of(new)
    result = diff(old, new)
    deep = deepdiff_baseline()

    found = {"library": found_by_library(library_diff(a, b))}
    if deep is not None:
        found["deepdiff"] = found_by_deepdiff(deep(a, b))
    found["plain"] = plain_baseline(a, b)
    rows: dict[str, tuple[str, Callable[[], object]]] = {
        "library": ("library: load + diff(validity=False)", lambda: library_diff(a, b))
    }
    if deep is not None:
        rows["deepdiff"] = ("deepdiff: DeepDiff(group_by='id')", lambda: deep(a, b))
    rows["plain"] = ("plain: dicts by id, ==", lambda: plain_baseline(a, b))
    rows["parse"] = ("parse one version (load of JSON bytes)", lambda: load(old_bytes))
    rows["versions"] = (
        "diff of parsed versions (no validity)",
        lambda: diff(old, new, validity=False),
    )
    rows["graphs"] = (
        "diff of built graphs (no validity)",
        lambda: diff(g_old, g_new, validity=False),
    )
    rows["validity"] = ("diff of parsed versions (with validity)", lambda: diff(old, new))
    medians = interleaved({key: action for key, (_, action) in rows.items()}, args.repeat)

    print(f"## Version diff ({args.steps:,} steps, median of {args.repeat})\n")
    print("Edits: " + ", ".join(f"{count} {kind}" for kind, count in edits.items()))
    print(f"Result: {result.summary}\n")
    if deep is None:
        print("deepdiff is not installed (pip install -e '.[bench]'): its row is left out.\n")
    print("Ids found (from the same decoded documents):\n")
    for side, ids in found.items():
        same = "same ids as the library" if ids == found["library"] else "**ids differ**"
        print(f"- {side}: {_counts(ids)} ({same})")
    print("\n| what | median | library ÷ this |")
    print("| --- | ---: | ---: |")
    for key, (what, _) in rows.items():
        ratio = f"{medians['library'] / medians[key]:.2f}" if key in BASELINES else ""
        print(f"| {what} | {medians[key] * 1000:.1f} ms | {ratio} |")
    print()
    for key in BASELINES:
        if key in medians:
            ratio = medians["library"] / medians[key]
            verdict = "faster" if ratio < 1 else "slower"
            print(f"- library / {key}: {ratio:.2f} (the library is {verdict})")
    parse = medians["parse"]
    for key in ("versions", "graphs", "validity"):
        ratio = medians[key] / parse
        verdict = "faster" if ratio < 1 else "slower"
        print(f"- {rows[key][0]}: {ratio:.2f}x the parse time ({verdict} than parsing one version)")


if __name__ == "__main__":
    main()
