"""Hypothesis strategies of the diff tests: a generated version and a copy with random edits,
with what a diff of the two must report."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from liveflow_graph.testing import flow_version_documents

Document = dict[str, Any]


@dataclass
class Edits:
    """A version before and after random edits, and what a diff must report."""

    old: Document
    new: Document
    shuffled: Document
    steps_added: set[str] = field(default_factory=set)
    steps_removed: set[str] = field(default_factory=set)
    steps_changed: dict[str, set[str]] = field(default_factory=dict)
    transitions_added: set[str] = field(default_factory=set)
    transitions_removed: set[str] = field(default_factory=set)
    transitions_moved: set[str] = field(default_factory=set)
    transitions_changed: set[str] = field(default_factory=set)


@st.composite
def edits(draw: st.DrawFn) -> Edits:
    old = draw(flow_version_documents(min_steps=2, max_steps=10))
    new = copy.deepcopy(old)
    new["id"] = old["id"] + "-next"
    done = Edits(old=old, new=new, shuffled=new)
    # never the START step, nor the step after it: its first transition always persists,
    # so transitions are matched by id (see test_without_persistent_transition_ids)
    others = [s["id"] for s in new["steps"][2:]]
    done.steps_removed = draw(st.sets(st.sampled_from(others), max_size=2)) if others else set()
    new["steps"] = [s for s in new["steps"] if s["id"] not in done.steps_removed]
    live = [s["id"] for s in new["steps"]]
    for step in new["steps"]:
        fields = set()
        if draw(st.integers(0, 3)) == 0:
            step["name"] += "_R"  # generated names are lowercase: still unique
            fields.add("name")
        if draw(st.integers(0, 3)) == 0:
            step["prompt_template"]["text"] += "\nedited"
            fields.add("prompt_template")
        if fields:
            done.steps_changed[step["id"]] = fields
    kept = []
    for number, t in enumerate(new["step_transitions"]):
        ends = {t["source_step_id"], t["target_step_id"]}
        if ends & done.steps_removed or (number and draw(st.integers(0, 5)) == 0):
            done.transitions_removed.add(t["id"])
        else:
            kept.append(t)
    for t in kept:
        targets = [sid for sid in live if sid != t["target_step_id"]]
        if targets and draw(st.integers(0, 3)) == 0:
            t["target_step_id"] = draw(st.sampled_from(targets))
            done.transitions_moved.add(t["id"])
        if draw(st.integers(0, 4)) == 0:
            t["label"] = (t["label"] or "") + "_x"
            if t["id"] not in done.transitions_moved:
                done.transitions_changed.add(t["id"])
    for number in range(draw(st.integers(0, 2))):
        sid = f"added-step-{number}"
        new["steps"].append(
            {
                "id": sid,
                "name": f"ADDED{number}",
                "step_type": "LLM",
                "prompt_template": {"type": "text", "text": "new"},
            }
        )
        done.steps_added.add(sid)
        kept.append(
            {
                "id": f"added-link-{number}",
                "source_step_id": draw(st.sampled_from(live)),
                "target_step_id": sid,
                "label": "next",
            }
        )
        done.transitions_added.add(f"added-link-{number}")
    for number in range(draw(st.integers(0, 2))):
        kept.append(
            {
                "id": f"added-transition-{number}",
                "source_step_id": draw(st.sampled_from(live)),
                "target_step_id": draw(st.sampled_from(live)),
                "label": None,
            }
        )
        done.transitions_added.add(f"added-transition-{number}")
    new["step_transitions"] = kept
    done.shuffled = {
        **new,
        "steps": draw(st.permutations(new["steps"])),
        "step_transitions": draw(st.permutations(kept)),
    }
    return done
