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

**How to fix.** Point the transition at an existing step, or delete it.  The message
names the missing id and the existing step id closest to it (`difflib`'s ratio of at
least 0.8), when one is close enough: a typo or a truncated id.  The finding's `extra` has it too:
`suggestion` (the existing id, when one end is missing) and `suggestions` (missing id ->
existing id).
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Closest, Context, Finding, quote

CODE = "LF105"
NAME = "dangling-transition"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False

CUTOFF = 0.8
"""How alike (``difflib`` ratio) an existing step id must be to be suggested: ids are
often uuids, which share their layout, so the bar is higher than difflib's 0.6."""


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per dangling transition."""
    graph = ctx.graph
    nearest = Closest(graph.steps, CUTOFF)
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
        extra: dict[str, object] = {"missing_end": missing_end, "missing_step_ids": list(missing)}
        closest = {m: found for m in dict.fromkeys(missing) if (found := nearest(m)) is not None}
        if len(missing) == 1 and closest:
            what += f" (the closest existing step is {ctx.step(closest[missing[0]])})"
            extra["suggestion"] = closest[missing[0]]
        elif closest:
            listed = "; ".join(f"for {quote(m)}, {ctx.step(c)}" for m, c in closest.items())
            what += f" (the closest existing steps: {listed})"
        if closest:
            extra["suggestions"] = closest
        yield Finding(
            f"transition {quote(transition.id)} is dangling: {what}",
            step_ids=present,
            transition_ids=(transition.id,),
            location=location,
            extra=extra,
        )
