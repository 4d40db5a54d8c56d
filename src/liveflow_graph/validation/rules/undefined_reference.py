"""A prompt references the result of a step that does not exist.

Every string inside a step's `prompt_template` is scanned for `${name.result}`;
`name` must be the name of a step of the same version.  `INPUTS` (`${INPUTS}`,
`${INPUTS.field}`) is the session's trigger payload, not a step, and is never reported.

**Why it matters.** The placeholder cannot be filled: depending on the runtime the model
receives the raw `${...}` text, an empty string, or the step fails.

**Example.** A prompt with `${clasify_ticket.result}` when the step is named
`classify_ticket`, or a reference to a step that was renamed or deleted.

**How to fix.** Correct the name (the message suggests a step whose name differs only in
case), or remove the reference.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF301"
NAME = "undefined-reference"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per `${name.result}` whose name no step has."""
    names = ctx.graph.steps_by_name
    folded: dict[str, str] = {}  # filled on the first unknown name
    for step_id, referenced in ctx.result_names:
        for ordinal, name in enumerate(referenced):
            if name in names:
                continue
            if not folded:
                for known in names:
                    folded.setdefault(known.casefold(), known)
            hint = folded.get(name.casefold())
            suggestion = f" (did you mean {quote(hint)}?)" if hint is not None else ""
            ref = ctx.result_reference(step_id, ordinal)
            yield Finding(
                f"the prompt of {ctx.step(step_id)} references {quote(ref.text)}, "
                f"but no step is named {quote(name)}{suggestion}",
                step_ids=(step_id,),
                location=ref.location,
                extra={"reference": ref.text, "name": name, "offset": ref.offset},
            )
