"""Steps that form a loop (a cycle through two or more steps).

**Our judgement**: the documentation says nothing about cycles, and a step is documented
to have one downstream step, which leaves a loop no way out.  Each strongly connected
group of steps is reported once, listing its steps; self-loops are `self-loop`'s job.

**Why it matters.** A session that enters the loop can keep running forever (calling the
model, or asking the user, on every turn); when no transition leaves the loop,
`no-path-to-end` fires as well.

**Example.** `draft_reply -> review_reply -> draft_reply` with labels `next` and
`rejected`.

**How to fix.** Break the loop, or make sure a transition leaves it (and that the
condition on it eventually holds); ignore the rule for flows that loop on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding

CODE = "LF202"
NAME = "cycle"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = True

LISTED = 5
"""Steps named in the message before "and N more"."""


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per strongly connected component with two or more steps."""
    graph = ctx.graph
    successors = graph.adjacency
    order = graph.transition_index
    for component in graph.cyclic_components:
        members = set(component)
        inside = [
            key
            for step_id in component
            for target, keyed in successors[step_id].items()
            if target in members
            for key in keyed
        ]
        inside.sort(key=order.__getitem__)  # document order
        names = ", ".join(ctx.step(s) for s in component[:LISTED])
        more = f" and {len(component) - LISTED} more" if len(component) > LISTED else ""
        yield Finding(
            f"{len(component)} steps form a loop: {names}{more}",
            step_ids=component,
            transition_ids=tuple(inside),
            location=graph.step_location(component[0]),
        )
