"""A session whose current step (or an executed step) is not a step of the version it ran
on.

Each session carries the version it ran on (`flow_version`); its `current_step` and
its `steps` name step definitions by id.  A step id that the version does not have is
reported, once per session step.

**Why it matters.** The session and its version disagree: the payload was assembled from
different versions, or the version was edited under a running session.  Session overlays
and analytics for the step are then wrong.

**Example.** A session whose `current_step.step.id` is `5e...09` while its
`flow_version` has steps `5e...01` to `5e...08`.

**How to fix.** Fetch the session again; if it persists, the session ran on a version
that no longer matches, and it should be cancelled and restarted.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.model.jsonpath import JSONPath
from liveflow_graph.model.models import SessionStep
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF502"
NAME = "session-step-unknown"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per session step naming a step the version lacks."""
    graph = ctx.graph
    for session, where in zip(graph.sessions, ctx.session_locations, strict=True):
        current = session.current_step
        checked: list[tuple[SessionStep, JSONPath, str]] = []
        if current is not None:
            checked.append((current, (*where, "current_step"), "current step"))
        for index, executed in enumerate(session.steps):
            if current is None or executed.id != current.id:
                checked.append((executed, (*where, "steps", index), f"step {index}"))
        for session_step, location, what in checked:
            step = session_step.step
            if step is None or step.id in graph.steps:
                continue
            yield Finding(
                f"the {what} of session {quote(session.id)} is step {quote(step.name)} "
                f"({step.id}), which is not a step of version {quote(graph.version_id)} "
                "that the session ran on",
                step_ids=(step.id,),
                location=(*location, "step", "id"),
                extra={"session_id": session.id},
            )
