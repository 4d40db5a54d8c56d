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

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF304"
NAME = "start-result-reference"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per `${name.result}` whose name belongs to a START step."""
    start_names = ctx.start_names
    if ctx.referenced_names.isdisjoint(start_names):  # the common case: no loop at all
        return
    for step_id, referenced in ctx.result_names:
        for ordinal, name in enumerate(referenced):
            start = start_names.get(name)
            if start is None:
                continue
            ref = ctx.result_reference(step_id, ordinal)
            yield Finding(
                f"the prompt of {ctx.step(step_id)} references {quote(ref.text)}, the "
                f"result of the START step {ctx.step(start)}, which is always empty "
                "(the trigger payload is ${INPUTS})",
                step_ids=(step_id, start),
                location=ref.location,
                extra={"reference": ref.text, "name": name, "offset": ref.offset},
            )
