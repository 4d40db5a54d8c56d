"""An object updated before it was created (`updated_at` earlier than `created_at`).

Checked on the flow (with its current version), the version, its steps, the sessions that
ran on it and their steps.  Timestamps with and without a time zone cannot be compared and
are skipped.

**Why it matters.** The timestamps are wrong: clocks, a hand-edited document or a broken
export.  Anything that orders by time (the newest version, session durations) is then
wrong too.

**Example.** `"created_at": "2025-03-04T09:00:00Z", "updated_at": "2025-03-01T08:00:00Z"`.

**How to fix.** Fetch the object again from the API; correct hand-edited timestamps.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from liveflow_graph.model.jsonpath import JSONPath
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF503"
NAME = "timestamp-order"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per object whose `updated_at` is earlier than its `created_at`."""
    for what, created, updated, location, step_ids in _backwards(ctx):
        yield Finding(
            f"{what} was updated ({updated.isoformat()}) before it was created "
            f"({created.isoformat()})",
            step_ids=step_ids,
            location=(*location, "updated_at"),
        )


def _before(updated: datetime, created: datetime) -> bool:
    """Whether both are comparable (both with or both without a time zone) and
    ``updated`` is earlier."""
    return (created.tzinfo is None) == (updated.tzinfo is None) and updated < created


def _backwards(
    ctx: Context,
) -> Iterator[tuple[str, datetime, datetime, JSONPath, tuple[str, ...]]]:
    """`(what, created_at, updated_at, location, step_ids)` of each object updated before
    it was created (descriptions are built only for those)."""
    graph = ctx.graph
    flow, version = graph.flow, graph.version
    flow_location = graph.flow_location
    if flow is not None and flow.current_version is version and flow_location is not None:
        created, updated = flow.created_at, flow.updated_at
        if created is not None and updated is not None and _before(updated, created):
            yield f"flow {quote(flow.name)}", created, updated, flow_location, ()
    created, updated = version.created_at, version.updated_at
    if created is not None and updated is not None and _before(updated, created):
        yield f"version {quote(version.id)}", created, updated, graph.location, ()
    for step_id, step in graph.steps.items():
        created, updated = step.created_at, step.updated_at
        if created is not None and updated is not None and _before(updated, created):
            where = graph.step_location(step_id)
            yield f"step {ctx.step(step_id)}", created, updated, where, (step_id,)
    for session, where in zip(graph.sessions, ctx.session_locations, strict=True):
        what = f"session {quote(session.id)}"
        created, updated = session.created_at, session.updated_at
        if created is not None and updated is not None and _before(updated, created):
            yield what, created, updated, where, ()
        for index, executed in enumerate(session.steps):
            created, updated = executed.created_at, executed.updated_at
            if created is not None and updated is not None and _before(updated, created):
                yield (
                    f"step {index} of {what}",
                    created,
                    updated,
                    (*where, "steps", index),
                    (executed.step_id,) if executed.step_id is not None else (),
                )
