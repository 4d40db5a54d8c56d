"""Realistic large Live Flow payloads for the benchmarks (fixed seed, no hypothesis).

A flow of ``steps`` steps: START, then steps each fed by one or two earlier steps (merges),
a few back edges (cycles), prompts that reference upstream steps, and ``sessions`` sessions
spread over ``versions`` versions (older versions are prefixes of the current one).

Run ``python benchmarks/generate.py 10000 -o big.json`` to write one to a file.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import orjson

STAMP = "2025-03-04T09:12:44Z"


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}"


def make_version(
    rng: random.Random,
    flow_id: str,
    step_ids: list[str],
    names: list[str],
    *,
    stray: int = 0,
) -> dict[str, Any]:
    """One version over the given steps (the first is START).  ``stray``: how many extra
    references each prompt makes to random steps of the whole flow, most of which are not
    upstream (a flow with thousands of ``reference-not-upstream`` findings)."""
    steps = []
    transitions = []
    parents = [0]  # the main upstream step of each step
    for index, (sid, name) in enumerate(zip(step_ids, names, strict=True)):
        if index == 0:
            text, step_type = "", "START"
        else:
            parent = rng.randrange(max(index - 8, 0), index)
            # prompts use upstream results (the parent's, and the grandparent's); one step
            # in a hundred also references a random earlier step that need not be
            # upstream, so the rules have real findings to report
            upstream = {parent, parents[parent]}
            if index % 100 == 37:
                upstream.add(rng.randrange(index))
            parents.append(parent)
            refs = " ".join(f"${{{names[p]}.result}}" for p in sorted(upstream) if p)
            if stray:  # no draws without it: the default documents stay as they were
                picked = (rng.randrange(1, len(names)) for _ in range(stray))
                refs += "".join(f" ${{{names[p]}.result}}" for p in picked)
            text = f"Step {index}: use {refs} and ${{INPUTS.question}}".strip()
            step_type = "USER_INPUT" if index % 11 == 0 else "LLM"
            transitions.append((step_ids[parent], sid))
            if index % 5 == 0 and index > 2:  # a merge: a second upstream step
                transitions.append((step_ids[rng.randrange(index - 1)], sid))
            if index % 97 == 0:  # a retry loop back to an earlier step
                transitions.append((sid, step_ids[rng.randrange(1, index)]))
        steps.append(
            {
                "id": sid,
                "name": name,
                "step_type": step_type,
                "prompt_template": {"type": "text", "text": text},
                "created_at": STAMP,
                "updated_at": STAMP,
            }
        )
    return {
        "id": _uuid(rng),
        "flow_id": flow_id,
        "steps": steps,
        "step_transitions": [
            {"id": _uuid(rng), "source_step_id": s, "target_step_id": t, "label": "next"}
            for s, t in transitions
        ],
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def make_flow(
    steps: int, *, sessions: int = 50, versions: int = 3, seed: int = 7, stray: int = 0
) -> dict[str, Any]:
    """A live flow document with ``steps`` steps in its current version (``stray``: see
    :func:`make_version`)."""
    rng = random.Random(seed)
    flow_id = _uuid(rng)
    step_ids = [_uuid(rng) for _ in range(steps)]
    names = ["start"] + [f"step_{i}" for i in range(1, steps)]
    all_versions = [
        make_version(rng, flow_id, step_ids[:size], names[:size], stray=stray)
        for size in sorted({max(2, steps * (k + 1) // versions) for k in range(versions)})
    ]
    current = all_versions[-1]
    session_docs = []
    for number in range(sessions):
        version = all_versions[number % len(all_versions)]
        run = version["steps"][: min(len(version["steps"]), 6)]
        runs = [
            {
                "id": _uuid(rng),
                "status": "FINISHED",
                "prompt": {"type": "text", "text": step["prompt_template"]["text"]},
                "result": f"result {i}",
                "error": None,
                "user_input": None,
                "step": step,
                "created_at": STAMP,
                "updated_at": STAMP,
            }
            for i, step in enumerate(run)
        ]
        session_docs.append(
            {
                "id": _uuid(rng),
                "steps_count": len(runs),
                "inputs": {"question": f"q{number}"},
                "error": None,
                "status": "FINISHED",
                "flow_version": version,
                "current_step": None,
                "steps": runs,
                "created_at": STAMP,
                "updated_at": STAMP,
            }
        )
    return {
        "name": f"generated flow of {steps} steps",
        "description": "benchmark payload",
        "id": flow_id,
        "organisation_id": "org_bench",
        "current_version": current,
        "sessions": session_docs,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", type=int)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--stray", type=int, default=0, help="extra references per prompt to random steps"
    )
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args(argv)
    data = orjson.dumps(
        make_flow(
            args.steps,
            sessions=args.sessions,
            versions=args.versions,
            seed=args.seed,
            stray=args.stray,
        )
    )
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
