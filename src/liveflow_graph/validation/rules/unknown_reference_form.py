"""A `${...}` in a prompt that is not a reference form we know.

**Our judgement**: the documentation shows `${node_name.result}` and an `INPUTS`
variable; the exact syntax of anything else is not published.  Rather than guess, any
other `${...}` (`${ticket}`, `${classify.output}`, `${ x.result }`, `${inputs}`,
a `${` never closed) is reported for a human to look at.

**Why it matters.** It is most likely a typo for a real reference, and is probably sent
to the model as written.

**Example.** `Ticket: ${INPUT.ticket}` (missing `S`) or `${classify_ticket}`
(missing `.result`).

**How to fix.** Write `${step_name.result}`, `${INPUTS}` or `${INPUTS.field}`; if
the text is meant literally, ignore this rule (it is informational).
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF303"
NAME = "unknown-reference-form"
SEVERITY = Severity.INFO
OWN_JUDGEMENT = True


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per `${...}` that is not `${name.result}` or `${INPUTS[.x]}`."""
    for step_id, odd in ctx.unknown_references:
        yield Finding(
            f"the prompt of {ctx.step(step_id)} contains {quote(odd.text)}, "
            f"which is not a known reference form: {odd.reason}",
            step_ids=(step_id,),
            location=odd.location,
            extra={"reference": odd.text, "offset": odd.offset},
        )
