"""A prompt references the result of the `START` step.

TrueState's documentation says the Start step's prompt and result are empty, so
`${start.result}` is always the empty string.

**Why it matters.** The author probably wanted the trigger payload, which is `INPUTS`;
the model gets nothing instead.

**Example.** `Classify this ticket: ${start.result}`.

**How to fix.** Use `${INPUTS}` or `${INPUTS.field}` for the data the session was
started with.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.diagnostics import Severity
from liveflow_graph.rules._base import Context, Finding, quote

CODE = "LF304"
NAME = "start-result-reference"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per `${name.result}` whose name belongs to a START step."""
    graph = ctx.graph
    for refs in ctx.references:
        for ref in refs.results:
            targets = graph.steps_by_name.get(ref.name or "", ())
            starts = [t for t in targets if graph.steps[t].is_start]
            if not starts:
                continue
            yield Finding(
                f"the prompt of {ctx.step(refs.step_id)} references {quote(ref.text)}, the "
                f"result of the START step {ctx.step(starts[0])}, which is always empty "
                "(the trigger payload is ${INPUTS})",
                step_ids=(refs.step_id, starts[0]),
                path=ref.path,
                extra={"reference": ref.text, "name": ref.name},
            )
