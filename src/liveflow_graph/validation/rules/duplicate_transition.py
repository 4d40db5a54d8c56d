"""Two transitions with the same source, target and label.

**Our judgement**: the documentation does not say what a transition `label` means, but
two transitions that agree on all three can only mean the same thing.  Each transition
after the first is reported.

**Why it matters.** The copy adds nothing; it is usually the trace of an editor
double-click or a bad merge, and it hides which transition later edits should change.

**Example.**

```json
[{"id": "t1", "source_step_id": "a", "target_step_id": "b", "label": "next"},
 {"id": "t7", "source_step_id": "a", "target_step_id": "b", "label": "next"}]
```

**How to fix.** Delete the copy.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF109"
NAME = "duplicate-transition"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = True


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per transition repeating an earlier one (dangling ones excluded)."""
    graph = ctx.graph
    # a repeat joins the same two steps as the transition it repeats: with no two
    # transitions between the same ordered pair of steps there is none (counted in C)
    pairs = sum(map(len, graph.adjacency.values()))
    joined = len(graph.transitions) - len(graph.dangling)
    if pairs == joined:
        return
    dangling = {d.transition.id for d in graph.dangling}
    seen: dict[tuple[str, str, str | None], str] = {}
    for transition_id, transition in graph.transitions.items():
        if transition_id in dangling:
            continue
        key = (transition.source_step_id, transition.target_step_id, transition.label)
        first = seen.setdefault(key, transition_id)
        if first == transition_id:
            continue
        label = quote(transition.label) if transition.label is not None else "no label"
        yield Finding(
            f"transition {quote(transition_id)} repeats {quote(first)}: same source "
            f"{ctx.step(key[0])}, target {ctx.step(key[1])} and label ({label})",
            step_ids=tuple(dict.fromkeys(key[:2])),
            transition_ids=(transition_id, first),
        )
