"""Two steps share one name.

Prompts refer to an earlier step's output by its *name* (`${classify.result}`), so a
name used twice makes every such reference ambiguous.  Each step after the first with a
name is reported.

**Why it matters.** `${name.result}` may pick up the result of the wrong step, silently
feeding the model the wrong text.

**Example.** Two steps named `summarise`: one summarising the ticket, one the account.

**How to fix.** Rename one of them and update the prompts that reference it.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding

CODE = "LF108"
NAME = "duplicate-step-name"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per step whose name an earlier step already has."""
    graph = ctx.graph
    for step_ids in graph.steps_by_name.values():
        first, *others = step_ids
        for step_id in others:
            yield Finding(
                f"{ctx.step(step_id)} has the same name as {ctx.step(first)}: "
                "a ${name.result} reference to it is ambiguous",
                step_ids=(step_id, first),
                location=(*graph.step_location(step_id), "name"),
            )
