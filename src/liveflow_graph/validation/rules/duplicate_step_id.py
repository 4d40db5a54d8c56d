"""Two steps share one id.

The first step with an id is the one transitions and sessions resolve to; each later step
with the same id is reported (with its own position in `steps`).

**Why it matters.** Ids are how transitions and sessions name steps: with two steps under
one id, which one a transition leads to is undefined, and the later step is invisible to
every other check.

**Example.** `steps[1]` and `steps[4]` both have `"id": "5e00...02"` (typically a
step copied by hand in the JSON).

**How to fix.** Give the later step a fresh id (and re-point the transitions that were
meant for it), or delete it if it is a stale copy.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF106"
NAME = "duplicate-step-id"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per step whose id an earlier step already has."""
    graph = ctx.graph
    for duplicate in graph.duplicate_steps:
        step = duplicate.item
        yield Finding(
            f"step {quote(step.name)} at steps[{duplicate.index}] reuses the id of "
            f"{ctx.step(step.id)} at steps[{duplicate.first_index}]",
            step_ids=(step.id,),
            location=(*graph.location, "steps", duplicate.index, "id"),
        )
