"""A transition from a step back to the same step.

**Our judgement**: the documentation says nothing about loops.  We read a transition's
label as the condition under which it is taken, so a self-loop repeats one step for as
long as its label's condition holds; if that condition never changes, a session never
leaves the step.  When the self-loops are the only transitions leaving a step, the step
is the last one of its path with a retry: it repeats while the condition holds and the
flow ends there once it no longer does.  That is reported here, once per self-loop, as a
warning that says so; `no-path-to-end` counts such a step as an end step and stays
silent about it.

**Why it matters.** A session can spin on one step forever (and call the model on every
turn), or the transition was drawn by mistake.

**Example.**

```json
{"id": "t5", "source_step_id": "ask_customer", "target_step_id": "ask_customer",
 "label": "retry"}
```

A self-loop on the last step, `send_reply -> send_reply` labelled `retry` with no
other transition leaving `send_reply`, reads as "send the reply again while `retry`
holds, then finish".

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
    """One finding per self-loop transition; the retry reading is spelled out when the
    self-loops are the only transitions leaving the step."""
    graph = ctx.graph
    for transition_id in graph.self_loops:
        transition = graph.transitions[transition_id]
        step_id = transition.source_step_id
        label = f" {quote(transition.label)}" if transition.label else ""
        message = (
            f"transition {quote(transition_id)}{label} leads from {ctx.step(step_id)} "
            "back to itself"
        )
        retry = step_id in ctx.end_steps
        if retry:
            condition = (
                f"while {quote(transition.label)} holds"
                if transition.label
                else ("while its (unlabelled) condition holds")
            )
            message += (
                f", and no other transition leaves it: read as a retry, the step repeats "
                f"{condition} and the flow ends there once it no longer does (if the "
                "condition never changes, the session never finishes)"
            )
        yield Finding(
            message,
            step_ids=(step_id,),
            transition_ids=(transition_id,),
            extra={"retry": True} if retry else {},
        )
