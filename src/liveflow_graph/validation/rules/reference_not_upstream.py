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

from liveflow_graph.graph.ancestry import Ancestry
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF302"
NAME = "reference-not-upstream"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per `${name.result}` whose named steps are none of them ancestors."""
    graph = ctx.graph
    names = graph.steps_by_name
    predecessors = graph.reverse_adjacency
    # references that a look at the parents and grandparents cannot settle
    doubtful: list[tuple[str, int, tuple[str, ...]]] = []
    for step_id, referenced in ctx.result_names:
        before = predecessors[step_id]
        for ordinal, name in enumerate(referenced):
            targets = names.get(name)
            if targets is None:
                continue  # undefined-reference's job
            if len(targets) == 1:  # the common case, without generators
                target = targets[0]
                if target in before:
                    continue
                for parent in before:
                    if target in predecessors[parent]:
                        break
                else:
                    doubtful.append((step_id, ordinal, targets))
                continue
            if any(t in before for t in targets):
                continue
            if not any(t in predecessors[p] for p in before for t in targets):
                doubtful.append((step_id, ordinal, targets))
    if not doubtful:
        return
    upstream = Ancestry(graph).upstream(
        (t, step_id) for step_id, _, targets in doubtful for t in targets
    )
    for step_id, ordinal, targets in doubtful:
        if len(targets) == 1:
            if (targets[0], step_id) in upstream:
                continue
        elif any((target, step_id) in upstream for target in targets):
            continue
        if len(targets) == 1:
            target = targets[0]
            if target == step_id:
                why = "that is its own result, which does not exist while it runs"
                involved: tuple[str, ...] = (step_id,)
            else:
                why = (
                    f"{ctx.step(target)} does not run before it (no path of transitions "
                    "leads from it here)"
                )
                involved = (step_id, target)
        else:
            listed = " or ".join([ctx.step(t) for t in targets])
            why = f"{listed} does not run before it (no path of transitions leads from it here)"
            involved = tuple(dict.fromkeys((step_id, *targets)))
        ref = ctx.result_reference(step_id, ordinal)
        yield Finding(
            f"the prompt of {ctx.step(step_id)} references {quote(ref.text)}, but {why}",
            step_ids=involved,
            location=ref.location,
            extra={"reference": ref.text, "name": ref.name, "offset": ref.offset},
        )
