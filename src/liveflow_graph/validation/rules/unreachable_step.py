"""A step that no path from the `START` step reaches.

Every such step is reported, each once.  Silent when the version has no START step
(`start-step-required` reports that instead).

**Why it matters.** The step never runs: its prompt is dead text, and steps that
reference its result get nothing.  It is usually a step whose incoming transition was
deleted, or one added in the editor and never connected.

**Example.** A step `legacy_escalation` with no transition leading to it:

```json
{"id": "s8", "name": "legacy_escalation", "step_type": "LLM"}
```

**How to fix.** Add a transition to it from the step that should run before it, or
delete it if it is no longer needed.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding

CODE = "LF104"
NAME = "unreachable-step"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per step outside the set reachable from START."""
    graph = ctx.graph
    if not graph.start_step_ids:
        return
    for step_id in graph.unreachable:
        yield Finding(
            f"{ctx.step(step_id)} is unreachable: no path from START leads to it",
            step_ids=(step_id,),
        )
