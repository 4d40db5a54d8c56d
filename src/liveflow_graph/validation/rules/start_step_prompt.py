"""A `START` step with prompt text.

TrueState's documentation says the Start step's prompt and result are empty.  The rule
reports the first non-blank string in a START step's `prompt_template`.

**Why it matters.** The text is never sent to anyone: an author who wrote instructions
there believes the flow does something it does not.

**Example.**

```json
{"name": "start", "step_type": "START",
 "prompt_template": {"type": "text", "text": "Classify the ticket"}}
```

**How to fix.** Move the text into the first LLM step's prompt and leave the START
step's prompt empty.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.model.models import template_strings
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF110"
NAME = "start-step-prompt"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per START step whose template holds non-blank text."""
    graph = ctx.graph
    for step_id in graph.start_step_ids:
        template = graph.steps[step_id].prompt_template
        if template is None:
            continue
        for suffix, text in template_strings(template):
            if text.strip():
                yield Finding(
                    f"the START step {ctx.step(step_id)} has prompt text {quote(text)}, "
                    "which is never used: a START step's prompt is empty",
                    step_ids=(step_id,),
                    location=(*graph.step_location(step_id), "prompt_template", *suffix),
                )
                break
