"""Shared helpers of the diff tests: the example's versions and small versions built from
tuples (golden files: ``tests.golden_files``)."""

from __future__ import annotations

from typing import Any

from liveflow_graph import FlowVersion, load
from liveflow_graph.model.payload import VersionRef
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "support-triage.json"
V1 = "ae000000-0000-4000-8000-000000000001"
V2 = "ae000000-0000-4000-8000-000000000002"
V3 = "ae000000-0000-4000-8000-000000000003"


def example_refs() -> dict[str, VersionRef]:
    """The three versions of the example flow, by id."""
    return {ref.id: ref for ref in load(EXAMPLE).versions()}


Step = tuple[str, str, str] | tuple[str, str, str, str]
Edge = tuple[str, str, str, str | None]


def version(
    steps: list[Step], edges: list[Edge], *, version_id: str = "v", **extra: Any
) -> FlowVersion:
    """A version from ``(id, name, type[, prompt])`` steps and ``(id, source, target,
    label)`` transitions; the prompt defaults to ``"prompt of NAME"``."""
    return FlowVersion.model_validate(
        {
            "id": version_id,
            "flow_id": "f",
            "steps": [
                {
                    "id": step[0],
                    "name": step[1],
                    "step_type": step[2],
                    "prompt_template": {
                        "type": "text",
                        "text": step[3] if len(step) == 4 else f"prompt of {step[1]}",
                    },
                }
                for step in steps
            ],
            "step_transitions": [
                {"id": tid, "source_step_id": a, "target_step_id": b, "label": label}
                for tid, a, b, label in edges
            ],
            **extra,
        }
    )


BASE_STEPS: list[Step] = [("s", "start", "START", ""), ("a", "alpha", "LLM"), ("b", "beta", "LLM")]
BASE_EDGES: list[Edge] = [("t1", "s", "a", "next"), ("t2", "a", "b", "next")]


def base(**changes: Any) -> FlowVersion:
    """start -> alpha -> beta; keyword arguments replace ``steps`` or ``edges``."""
    return version(changes.get("steps", BASE_STEPS), changes.get("edges", BASE_EDGES))
