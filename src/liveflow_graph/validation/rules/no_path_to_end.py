"""A step from which no end step can be reached.

An end step is one with no transition leaving it.  **Our judgement**: the documentation
does not define how a flow ends; we take a step with no downstream step to be where a
session finishes.  Every step that cannot reach one is reported (typically the steps of a
loop with no exit, and the steps that lead only into it).

**Why it matters.** A session that reaches the step can never finish: it keeps looping
until someone cancels it.

**Example.** `a -> b -> a` with no other transition leaving `a` or `b`.

**How to fix.** Add a transition from the loop to a step that ends the flow (or that
leads to one).
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding

CODE = "LF203"
NAME = "no-path-to-end"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = True


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per step outside `graph.reaches_terminal` (document order)."""
    graph = ctx.graph
    ending = graph.reaches_terminal
    if len(ending) == len(graph.steps):
        return
    for step_id in graph.steps:
        if step_id not in ending:
            yield Finding(
                f"no end step can be reached from {ctx.step(step_id)}: "
                "a session that gets here never finishes",
                step_ids=(step_id,),
            )
