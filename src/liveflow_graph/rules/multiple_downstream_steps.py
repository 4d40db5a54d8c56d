"""A step with transitions to more than one downstream step.

TrueState's documentation says: "Steps can have multiple upstream steps but only one
downstream step."  A step whose transitions lead to two or more distinct steps is
reported once.  Newer flows may branch on transition labels, which is why this is a
warning by default: raise it to an error, or switch it off, in your configuration.

**Why it matters.** If the runtime follows a single downstream step, the other branches
never run, or run in an order nobody chose.

**Example.** `start` with transitions to both `classify_ticket` and
`lookup_account`.

**How to fix.** Chain the steps (`start -> classify_ticket -> lookup_account`), or, if
your TrueState version branches on labels, set this rule's severity to `info` or ignore
it.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.diagnostics import Severity
from liveflow_graph.rules._base import Context, Finding

CODE = "LF204"
NAME = "multiple-downstream-steps"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per step whose outgoing transitions reach two or more steps."""
    graph = ctx.graph
    successors = graph.adjacency  # {step: {target: {transition id: data}}}
    for step_id in graph.steps:
        if len(successors[step_id]) < 2:  # fewer than two distinct targets
            continue
        transitions = graph.out_transitions(step_id)
        targets = tuple(dict.fromkeys(t.target_step_id for t in transitions))
        if len(targets) < 2:
            continue
        listed = ", ".join(ctx.step(t) for t in targets)
        yield Finding(
            f"{ctx.step(step_id)} has {len(targets)} downstream steps ({listed}); "
            "the documentation allows one",
            step_ids=tuple(dict.fromkeys((step_id, *targets))),
            transition_ids=tuple(t.id for t in transitions),
            path=graph.step_path(step_id),
        )
