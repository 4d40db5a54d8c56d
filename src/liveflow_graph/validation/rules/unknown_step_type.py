"""A step type liveflow-graph does not know.

Known types: `START` (documented), `LLM` and `USER_INPUT` (our reading of the
documentation's "LLM step" and "Input step", whose literal values are not published),
plus any listed under `extra-step-types` in `[tool.liveflow-graph]`.  An unknown type
is kept as data, never a parse error; this rule only tells you about it.

**Why it matters.** It may be a typo (`LMM`), or a step type newer than this tool, in
which case the other rules treat it as an ordinary step.

**Example.** `"step_type": "WEBHOOK"`.

**How to fix.** Correct the typo, or add the type to `extra-step-types` in your
configuration.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF401"
NAME = "unknown-step-type"
SEVERITY = Severity.INFO
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per step whose `step_type` is not a known type."""
    graph = ctx.graph
    known_types = ctx.known_step_types
    known = ""  # the list for the message, written on the first finding
    for step_id, step in graph.steps.items():
        if step.step_type in known_types:
            continue
        if not known:
            known = ", ".join(sorted(known_types))
        yield Finding(
            f"{ctx.step(step_id)} has the unknown step type {quote(step.step_type)} "
            f"(known: {known})",
            step_ids=(step_id,),
            location=(*graph.step_location(step_id), "step_type"),
            extra={"step_type": step.step_type},
        )
