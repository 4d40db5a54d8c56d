"""A transition leads into a `START` step.

**Our judgement**: the documentation only says that flows start with a Start step, whose
prompt and result are empty; what happens when a transition re-enters it is not said.

**Why it matters.** The START step is the entry point.  A transition into it either
restarts the flow (a loop through START whose result is always empty) or is a wiring
mistake, usually a transition drawn in the wrong direction.

**Example.**

```json
{"id": "t9", "source_step_id": "review", "target_step_id": "start", "label": "retry"}
```

**How to fix.** Point the transition at the first real step instead, or reverse it if
it was meant to leave START.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF103"
NAME = "start-step-has-incoming"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = True


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per transition whose target is a START step."""
    graph = ctx.graph
    for start in graph.start_step_ids:
        for transition in graph.in_transitions(start):
            label = f" {quote(transition.label)}" if transition.label else ""
            yield Finding(
                f"transition {quote(transition.id)}{label} from "
                f"{ctx.step(transition.source_step_id)} leads into the START step "
                f"{ctx.step(start)}",
                step_ids=(start, transition.source_step_id),
                transition_ids=(transition.id,),
            )
