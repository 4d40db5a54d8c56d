"""Two transitions share one id.

Each transition after the first with an id is reported, with its own position in
`step_transitions`; it is left out of the graph, so no other rule sees it.

**Why it matters.** The later transition is ignored when the flow is read as a graph (and
possibly by TrueState): the path it was meant to add may not exist.

**Example.** `step_transitions[2]` and `step_transitions[5]` both have
`"id": "7a00...03"`.

**How to fix.** Give the later transition a fresh id, or delete it if it repeats the
first.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF107"
NAME = "duplicate-transition-id"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per transition whose id an earlier transition already has."""
    graph = ctx.graph
    for duplicate in graph.duplicate_transitions:
        transition = duplicate.item
        yield Finding(
            f"transition at step_transitions[{duplicate.index}] (from "
            f"{ctx.step(transition.source_step_id)} to {ctx.step(transition.target_step_id)}) "
            f"reuses the id {quote(transition.id)} of step_transitions[{duplicate.first_index}]",
            step_ids=tuple(
                s
                for s in dict.fromkeys((transition.source_step_id, transition.target_step_id))
                if s in graph.steps
            ),
            transition_ids=(transition.id,),
            location=(*graph.location, "step_transitions", duplicate.index, "id"),
        )
