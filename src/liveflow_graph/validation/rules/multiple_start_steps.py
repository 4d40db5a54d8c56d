"""The version has more than one `START` step.

**Our judgement**: TrueState's documentation describes one Start step per flow and says
nothing about several.  Each START step after the first is reported once.

**Why it matters.** Which START a session begins at is not defined: the steps only the
other START leads to may never run, or run in sessions you did not expect.

**Example.** Two steps with `"step_type": "START"`, named `start` and `start_copy`
(typically left over from duplicating a flow in the editor).

**How to fix.** Keep one START step; connect what the others led to from it, then delete
them.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding

CODE = "LF102"
NAME = "multiple-start-steps"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = True


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per START step after the first (document order)."""
    first, *others = ctx.graph.start_step_ids or ("",)
    for step_id in others:
        yield Finding(
            f"{ctx.step(step_id)} is a second START step (the first is {ctx.step(first)}): "
            "a flow has one entry point",
            step_ids=(step_id, first),
        )
