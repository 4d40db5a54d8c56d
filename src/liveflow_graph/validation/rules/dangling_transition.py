"""A transition whose source or target step does not exist in the version.

The message says which end is missing (the source, the target, or both).  The graph keeps
such transitions aside instead of inventing steps for them, so no other rule follows
them; `no-path-to-end` alone counts one whose source exists as a way on that leads
nowhere (a step whose every way on is dangling is not an end step).

**Why it matters.** A missing target means the flow stops (or fails) where it should go
on; a missing source means a step that was meant to lead somewhere was deleted and the
transition left behind.

**Example.**

```json
{"id": "t4", "source_step_id": "s2", "target_step_id": "deleted-step", "label": "next"}
```

**How to fix.** Point the transition at an existing step, or delete it.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF105"
NAME = "dangling-transition"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per dangling transition."""
    graph = ctx.graph
    for dangling in graph.dangling:
        transition = dangling.transition
        base = graph.transition_location(transition.id)
        source, target = transition.source_step_id, transition.target_step_id
        missing_end = dangling.missing_end
        if missing_end == "both":
            what = f"neither its source {quote(source)} nor its target {quote(target)} exists"
            location = base
            missing: tuple[str, ...] = (source, target)
        elif missing_end == "source":
            what = f"its source step {quote(source)} does not exist"
            location = (*base, "source_step_id")
            missing = (source,)
        else:
            what = f"its target step {quote(target)} does not exist"
            location = (*base, "target_step_id")
            missing = (target,)
        present = tuple(s for s in (source, target) if s in graph.steps)
        yield Finding(
            f"transition {quote(transition.id)} is dangling: {what}",
            step_ids=present,
            transition_ids=(transition.id,),
            location=location,
            extra={"missing_end": missing_end, "missing_step_ids": list(missing)},
        )
