"""An LLM step whose result no later prompt uses.

**Our judgement**: the documentation's one way to use a step's output is a
`${name.result}` reference in the prompt of a step that runs after it.  An `LLM` step
is reported when no prompt of a step downstream of it (a step a path of transitions
leads to from it) references its name, and it is not an end step (a step no transition
leaves for another step: its result is the flow's answer).  Steps that never run
(unreachable from START: `unreachable-step`) are left out.  A reference from a step
that does not run after it does not count (`reference-not-upstream` reports it).

Off by default: TrueState may hand a step's output to the next step without a
reference (the documentation does not say), and then every such step would be
reported.  Turn it on by naming it in `select` (`--select unused-result`, or
`select = ["unused-result"]`); a code prefix such as `LF3` does not turn it on.

**Why it matters.** The model is called and billed, and its answer goes nowhere
explicit: either a reference was forgotten, or the step is left over from an edit.

**Example.** `start -> summarise_ticket -> classify_ticket -> reply` where no prompt
after `summarise_ticket` contains `${summarise_ticket.result}`.

**How to fix.** Reference the result where it is needed, or delete the step.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.graph.ancestry import Upstream
from liveflow_graph.model.models import StepType
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF305"
NAME = "unused-result"
SEVERITY = Severity.INFO
OWN_JUDGEMENT = True
DEFAULT_ENABLED = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per LLM step (document order) whose name no downstream prompt uses."""
    graph = ctx.graph
    llm: str = StepType.LLM
    ends = ctx.end_steps
    runs = graph.reachable if graph.start_step_ids else None
    candidates = [
        step_id
        for step_id, step in graph.steps.items()
        if step.step_type == llm and step_id not in ends and (runs is None or step_id in runs)
    ]
    if not candidates:
        return
    wanted = {graph.steps[step_id].name for step_id in candidates}
    users: dict[str, list[str]] = {}  # name -> steps whose prompt references it
    for step_id, names in ctx.result_names:
        for name in dict.fromkeys(names):
            if name in wanted:
                users.setdefault(name, []).append(step_id)
    upstream = Upstream(
        graph,
        (
            (step_id, user)
            for step_id in candidates
            for user in users.get(graph.steps[step_id].name, ())
        ),
    )
    for step_id in candidates:
        name = graph.steps[step_id].name
        if any(upstream.is_upstream(step_id, user) for user in users.get(name, ())):
            continue
        yield Finding(
            f"the result of the LLM step {ctx.step(step_id)} is never used: no prompt "
            f"after it references {quote('${' + name + '.result}')}",
            step_ids=(step_id,),
            extra={"name": name},
        )
