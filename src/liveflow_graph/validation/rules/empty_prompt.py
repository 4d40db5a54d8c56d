"""An `LLM` step with no prompt text.

**Our judgement**: the documentation does not say a prompt is required, but an LLM step
whose `prompt_template` is missing or holds only blank strings sends nothing to the
model.

**Why it matters.** The model answers an empty prompt with noise, and every step that
uses this step's result inherits it.

**Example.**

```json
{"name": "draft_reply", "step_type": "LLM", "prompt_template": {"type": "text", "text": ""}}
```

**How to fix.** Write the prompt, or delete the step.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.model.models import StepType
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding

CODE = "LF402"
NAME = "empty-prompt"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = True


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per LLM step whose template has no non-blank string."""
    graph = ctx.graph
    llm = StepType.LLM.value  # a plain str: the cheapest comparison
    for step_id, step in graph.steps.items():
        if step.step_type != llm:
            continue
        template = step.prompt_template
        if template is not None:
            # the usual template holds one string: test it here, without a walk
            extra = template.__pydantic_extra__
            if extra is not None and len(extra) == 1:
                (text,) = extra.values()
                if type(text) is str:
                    if text and not text.isspace():
                        continue
                elif template.has_text():
                    continue
            elif template.has_text():
                continue
        yield Finding(
            f"the LLM step {ctx.step(step_id)} has no prompt text",
            step_ids=(step_id,),
            location=(*graph.step_location(step_id), "prompt_template"),
        )
