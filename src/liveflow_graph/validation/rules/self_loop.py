"""A transition from a step back to the same step.

**Our judgement**: the documentation says nothing about loops.  A self-loop repeats one
step for as long as its label's condition holds; if that condition never changes, a
session never leaves the step.

**Why it matters.** A session can spin on one step forever (and call the model on every
turn), or the transition was drawn by mistake.

**Example.**

```json
{"id": "t5", "source_step_id": "ask_customer", "target_step_id": "ask_customer",
 "label": "retry"}
```

**How to fix.** Point the transition at the step that should run next; if the repeat is
intended, make sure another transition leaves the step, and ignore this rule for the flow.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF201"
NAME = "self-loop"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = True


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per self-loop transition."""
    graph = ctx.graph
    for transition_id in graph.self_loops:
        transition = graph.transitions[transition_id]
        label = f" {quote(transition.label)}" if transition.label else ""
        yield Finding(
            f"transition {quote(transition_id)}{label} leads from "
            f"{ctx.step(transition.source_step_id)} back to itself",
            step_ids=(transition.source_step_id,),
            transition_ids=(transition_id,),
        )
