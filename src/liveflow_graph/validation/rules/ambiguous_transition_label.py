"""A step with two transitions that carry the same label to different steps.

**Our judgement**: the documentation does not say what a transition `label` means; where
a step's transitions carry different labels, the labels are what tell its branches apart
(the condition under which each is taken).  In such a step, two transitions with the same
label (compared exactly; no label and an empty label are the same) and different target
steps are reported once per step and label, listing every transition with that label.

A step whose transitions all carry one label does not branch on labels: it simply has
several downstream steps (`start -> classify` and `start -> lookup`, both `next`), which
is `multiple-downstream-steps`' finding, so it is not reported again here.  Transitions
to missing steps are `dangling-transition`'s; two with the same label to the *same* step
are `duplicate-transition`'s.

**Why it matters.** When the label's condition holds, which of the transitions runs is
undefined: the session may go to either step, and not always the same one.

**Example.**

```json
[{"id": "t4", "source_step_id": "classify", "target_step_id": "refund", "label": "billing"},
 {"id": "t5", "source_step_id": "classify", "target_step_id": "invoice", "label": "billing"},
 {"id": "t6", "source_step_id": "classify", "target_step_id": "reply", "label": "other"}]
```

**How to fix.** Give each branch its own label, or delete the transition that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF206"
NAME = "ambiguous-transition-label"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = True


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per step that branches on labels and label shared by transitions to
    two or more steps."""
    graph = ctx.graph
    for step_id, targets in graph.adjacency.items():
        if len(targets) < 2:  # one target: nothing to choose between
            continue
        labels = {data["label"] for keyed in targets.values() for data in keyed.values()}
        if len(labels) < 2:  # one label for all (fast path of the check below)
            continue
        by_label: dict[str, list[tuple[int, str, str]]] = {}
        for target, keyed in targets.items():
            for key, data in keyed.items():
                by_label.setdefault(data["label"] or "", []).append((data["index"], key, target))
        if len(by_label) < 2:  # one label for all: several downstream steps, not a branch
            continue
        for label, found in sorted(by_label.items(), key=lambda item: min(item[1])):
            chosen = dict.fromkeys(target for _, _, target in sorted(found))
            if len(chosen) < 2:
                continue
            found.sort()
            shown = f"the label {quote(label)}" if label else "no label"
            listed = ", ".join(ctx.step(t) for t in chosen)
            yield Finding(
                f"{ctx.step(step_id)} has {len(found)} transitions with {shown} to "
                f"{len(chosen)} different steps ({listed}): which one runs is undefined",
                step_ids=tuple(dict.fromkeys((step_id, *chosen))),
                transition_ids=tuple(key for _, key, _ in found),
                location=graph.step_location(step_id),
                extra={"label": label},
            )
