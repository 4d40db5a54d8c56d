"""The version has no `START` step.

TrueState's documentation says a live flow starts with a Start step: it is where every
session begins.  When this rule fires, the reachability rules (`unreachable-step`) stay
silent, since without a START step every step would be "unreachable".

**Why it matters.** A session has nowhere to begin: the flow cannot run at all.

**Example.** A version whose steps are all `LLM` steps:

```json
{"steps": [{"id": "s1", "name": "classify", "step_type": "LLM"}], "step_transitions": []}
```

**How to fix.** Add a step with `"step_type": "START"` and a transition from it to the
first real step (or restore the START step that was deleted).
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding

CODE = "LF101"
NAME = "start-step-required"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding when no step has step type `START`."""
    graph = ctx.graph
    if graph.start_step_ids:
        return
    count = len(graph.steps)
    what = "no steps at all" if count == 0 else f"{count} steps but none of type START"
    yield Finding(
        f"the version has {what}: a session has nowhere to begin",
        location=(*graph.location, "steps"),
    )
