"""A loop whose steps are all LLM steps (no `USER_INPUT` step on it).

**Our judgement**: the documentation says nothing about loops.  A loop that passes through
a `USER_INPUT` step pauses for a person on every turn; a loop made only of other steps
(`LLM`, and any step type that does not wait for a person) runs on its own.  The rule
looks at the steps that are not `USER_INPUT` steps and the transitions between them:
each group of them joined in a loop through two or more steps (a strongly connected
component of that part of the graph) is reported once.  With no transition from the group
to a step outside it, the loop has no way out: **error**.  With one, the loop ends only
when a model's answer takes that way: **warning** (the default severity; the error is
given by the rule itself).  A transition to a missing step is not a way out
(`dangling-transition` reports it); self-loops are `self-loop`'s job.  A loop with no way
out is also reported step by step by `no-path-to-end`; this rule says why it costs.

**Why it matters.** Every turn of the loop calls the model and bills tokens, with nobody
to stop it: a loop with no way out spins until the session is cancelled, and one whose
exit depends on a model's answer may go round many more times than intended.

**Example.** `draft_reply -> critique_reply -> draft_reply`, both `LLM` steps: an
error if nothing else leaves the two, a warning with a transition
`critique_reply -> send_reply` labelled `approved`.

**How to fix.** Put a `USER_INPUT` step on the loop (a person approves each turn), add a
way out that does not depend on the model, or cap the loop in the prompts; ignore the
rule for flows that loop on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.graph.algorithms import strongly_connected_components
from liveflow_graph.model.models import StepType
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding

CODE = "LF205"
NAME = "loop-without-user-input"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = True

LISTED = 5
"""Steps named in the message before "and N more"."""


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per loop of non-USER_INPUT steps (in the order of its first step)."""
    graph = ctx.graph
    user_input: str = StepType.USER_INPUT
    steps = graph.steps
    # a loop of automatic steps lies inside one strongly connected component of the
    # whole graph: look for loops only inside the cyclic components
    for component in graph.cyclic_components:
        members = [sid for sid in component if steps[sid].step_type != user_input]
        if len(members) < 2:
            continue
        yield from _loops(ctx, members)


def _loops(ctx: Context, members: list[str]) -> Iterator[Finding]:
    """The findings for the loops of automatic steps among ``members`` (document order)."""
    graph = ctx.graph
    successors = graph.adjacency
    inside = set(members)
    sub = {sid: [t for t in successors[sid] if t in inside and t != sid] for sid in members}
    index = graph.step_index
    order = graph.transition_index
    loops = [
        sorted(group, key=index.__getitem__)
        for group in strongly_connected_components(sub)
        if len(group) > 1
    ]
    for loop in sorted(loops, key=lambda group: index[group[0]]):
        group = set(loop)
        ways_out = [
            key
            for sid in loop
            for target, keyed in successors[sid].items()
            if target not in group
            for key in keyed
        ]
        ways_out.sort(key=order.__getitem__)  # document order
        looping = [
            key
            for sid in loop
            for target, keyed in successors[sid].items()
            if target in group and target != sid
            for key in keyed
        ]
        looping.sort(key=order.__getitem__)
        names = ", ".join(ctx.step(s) for s in loop[:LISTED])
        more = f" and {len(loop) - LISTED} more" if len(loop) > LISTED else ""
        head = f"{len(loop)} steps loop with no USER_INPUT step between them ({names}{more})"
        if ways_out:
            count = len(ways_out)
            which = "its way out" if count == 1 else f"one of its {count} ways out"
            message = f"{head}: the loop ends only when a model's answer takes {which}"
            severity = None
        else:
            message = f"{head}, and nothing leaves the loop: it calls the model forever"
            severity = Severity.ERROR
        yield Finding(
            message,
            step_ids=tuple(loop),
            transition_ids=tuple(looping),
            location=graph.step_location(loop[0]),
            extra={"ways_out": ways_out},
            severity=severity,
        )
