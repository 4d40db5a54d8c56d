"""A step with transitions to more than one downstream step.

TrueState's documentation says: "Steps can have multiple upstream steps but only one
downstream step."  A step whose transitions lead to two or more distinct other steps is
reported once.  A self-loop is not a downstream step: it repeats the step (a retry, see
`self-loop`), so `draft -> review` with `draft -> draft` labelled `retry` has one
downstream step.  Newer flows may branch on transition labels, which is why this is a
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

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding

CODE = "LF204"
NAME = "multiple-downstream-steps"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per step whose outgoing transitions reach two or more other steps."""
    graph = ctx.graph
    label = ctx.step
    index = graph.transition_index
    # {step: {target: {transition id: data}}}, steps in document order, each step's
    # targets in the order of their first transition
    for step_id, targets in graph.adjacency.items():
        if len(targets) < 2:  # fewer than two distinct targets
            continue
        if step_id in targets:  # a retry is not a downstream step
            targets = {t: keyed for t, keyed in targets.items() if t != step_id}
            if len(targets) < 2:
                continue
        transitions = [tid for keyed in targets.values() for tid in keyed]
        if len(transitions) > len(targets):  # parallel transitions: sort them all
            transitions.sort(key=index.__getitem__)
        yield Finding(
            f"{label(step_id)} has {len(targets)} downstream steps "
            f"({', '.join(map(label, targets))}); the documentation allows one",
            (step_id, *targets),
            tuple(transitions),
            graph.step_location(step_id),
        )
