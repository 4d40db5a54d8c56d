"""A prompt references the result of a step that does not run before it.

`${name.result}` can only be filled with the result of a step that has already run,
that is an *ancestor*: a step from which a path of transitions leads to the referencing
step.  A reference to a later step, a step on another branch, or the step itself (unless
it lies on a loop) is reported.  When two steps share the name, the reference is accepted
if either is an ancestor (`duplicate-step-name` reports the ambiguity).

**Why it matters.** When the step runs, the referenced result does not exist yet: the
model gets an empty or stale value and the session produces wrong output without failing.

**Example.** `review_reply` runs before `send_reply` but its prompt contains
`${send_reply.result}`.

**How to fix.** Reference a step that runs earlier, or move this step after the one it
needs (add a transition from it).
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.diagnostics import Severity
from liveflow_graph.rules._ancestry import Upstream
from liveflow_graph.rules._base import Context, Finding, quote

CODE = "LF302"
NAME = "reference-not-upstream"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per `${name.result}` whose named steps are none of them ancestors."""
    names = ctx.graph.steps_by_name
    resolved = [
        (refs.step_id, ref, names[ref.name])
        for refs in ctx.references
        for ref in refs.results
        if ref.name is not None and ref.name in names
    ]
    if not resolved:
        return
    upstream = Upstream(
        ctx.graph, ((t, step_id) for step_id, _, targets in resolved for t in targets)
    )
    for step_id, ref, targets in resolved:
        if any(upstream.is_upstream(target, step_id) for target in targets):
            continue
        if targets == (step_id,):
            why = "that is its own result, which does not exist while it runs"
        else:
            listed = " or ".join(ctx.step(t) for t in targets)
            why = f"{listed} does not run before it (no path of transitions leads from it here)"
        yield Finding(
            f"the prompt of {ctx.step(step_id)} references {quote(ref.text)}, but {why}",
            step_ids=tuple(dict.fromkeys((step_id, *targets))),
            path=ref.path,
            extra={"reference": ref.text, "name": ref.name},
        )
