"""All rules together stay linear in steps + transitions: no per-step graph search."""

from __future__ import annotations

import time
from typing import Any

import pytest

from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import FlowVersion
from liveflow_graph.validation.config import Config
from liveflow_graph.validation.engine import iter_diagnostics
from liveflow_graph.validation.rules import RULES

# make test-fast leaves these out (slow): scale: validating 20,000 steps
pytestmark = pytest.mark.slow

EVERY_RULE = Config(select=tuple(rule.code for rule in RULES))  # those off by default too


def _chain(count: int) -> FlowVersion:
    """START then a chain whose second half loops; every prompt references the previous
    step, one further back and one further on, so every reference rule has work to do."""
    steps: list[dict[str, Any]] = [{"id": "s0", "name": "n0", "step_type": "START"}]
    for i in range(1, count):
        back, ahead = max(i - 5, 1), min(i + 3, count - 1)
        text = f"${{n{i - 1}.result}} ${{n{back}.result}} ${{n{ahead}.result}}"
        steps.append(
            {
                "id": f"s{i}",
                "name": f"n{i}",
                "step_type": "LLM",
                "prompt_template": {"type": "text", "text": text},
            }
        )
    transitions = [
        {"id": f"t{i}", "source_step_id": f"s{i - 1}", "target_step_id": f"s{i}"}
        for i in range(1, count)
    ]
    middle = f"s{count // 2}"
    transitions.append({"id": "loop", "source_step_id": f"s{count - 1}", "target_step_id": middle})
    return FlowVersion.model_validate({"id": "v", "steps": steps, "step_transitions": transitions})


def test_no_rule_searches_the_graph_per_step(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("per-step graph search")

    for name in ("ancestors", "descendants", "cycles"):
        monkeypatch.setattr(FlowGraph, name, forbidden)
    diagnostics = list(iter_diagnostics(FlowGraph(_chain(300)), EVERY_RULE))
    assert [d for d in diagnostics if d.code == "LF000"] == []
    assert _counts(diagnostics) == _expected(300)


def _counts(diagnostics: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for d in diagnostics:
        counts[d.rule] = counts.get(d.rule, 0) + 1
    return counts


def _expected(count: int) -> dict[str, int]:
    # steps 1 .. count//2 - 1 reference a step ahead of them (outside the loop), and step 1
    # also references itself; step 1 references START; no step can reach an end; the loop
    # is all LLM steps; the flow is longer than the default limits; every result is used
    return {
        "cycle": 1,
        "flow-size": 2,
        "loop-without-user-input": 1,
        "no-path-to-end": count,
        "reference-not-upstream": count // 2,
        "start-result-reference": 1,
    }


def test_twenty_thousand_steps_validate_quickly() -> None:
    graph = FlowGraph(_chain(20_000))
    start = time.perf_counter()
    diagnostics = list(iter_diagnostics(graph, EVERY_RULE))
    elapsed = time.perf_counter() - start
    assert elapsed < 15, f"{elapsed:.1f}s for 20,000 steps"  # ~1 s here; generous for CI
    assert _counts(diagnostics) == _expected(20_000)


def test_a_prompt_with_many_references_is_scanned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reporting each of thousands of references in one prompt must not rescan the prompt
    (or refilter its references) per finding: that was quadratic."""
    import liveflow_graph.model.references as references
    import liveflow_graph.validation.rules._base as base

    scans: list[str] = []
    filters: list[int] = []
    real_scan = base.step_references
    real_results = references.StepReferences.results

    def counted_scan(step: Any, path: str) -> Any:
        scans.append(step.id)
        return real_scan(step, path)

    def counted_results(self: Any) -> Any:
        filters.append(1)
        return real_results.fget(self)  # type: ignore[attr-defined]

    offsets: list[str] = []
    real_offsets = base.result_offsets

    def counted_offsets(text: str, names: Any) -> Any:
        offsets.append(text)
        return real_offsets(text, names)

    monkeypatch.setattr(base, "step_references", counted_scan)
    monkeypatch.setattr(base, "result_offsets", counted_offsets)
    monkeypatch.setattr(references.StepReferences, "results", property(counted_results))
    text = "${missing.result} ${later.result} " * 500
    version = FlowVersion.model_validate(
        {
            "id": "v",
            "steps": [
                {"id": "s", "name": "start", "step_type": "START"},
                {
                    "id": "a",
                    "name": "a",
                    "step_type": "LLM",
                    "prompt_template": {"type": "text", "text": text},
                },
                {"id": "b", "name": "later", "step_type": "LLM"},
            ],
            "step_transitions": [
                {"id": "t1", "source_step_id": "s", "target_step_id": "a"},
                {"id": "t2", "source_step_id": "a", "target_step_id": "b"},
            ],
        }
    )
    diagnostics = list(iter_diagnostics(FlowGraph(version)))
    assert _counts(diagnostics)["undefined-reference"] == 500
    assert _counts(diagnostics)["reference-not-upstream"] == 500
    # the prompt is read once more for the findings' offsets, in one of the two ways
    assert scans + offsets in (["a"], [text])
    assert len(filters) <= 1
