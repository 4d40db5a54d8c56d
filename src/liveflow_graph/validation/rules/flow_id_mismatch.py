"""A flow version whose `flow_id` is not the id of the flow that holds it.

Checked for the flow's current version and for every version a session of the flow ran
on (with `--all-versions`).

**Why it matters.** The version belongs to another flow: the document was assembled from
the wrong pieces, or sessions of one flow were attached to another.  Diffs, renders and
session counts then mix two flows.

**Example.** A flow with `"id": "f1..."` whose `current_version` has
`"flow_id": "f2..."`.

**How to fix.** Fetch the flow again from the API, or correct the document that was
edited by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF501"
NAME = "flow-id-mismatch"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding when the version's `flow_id` differs from its flow's `id`."""
    graph = ctx.graph
    flow, version = graph.flow, graph.version
    if flow is None or version.flow_id is None or version.flow_id == flow.id:
        return
    yield Finding(
        f"version {quote(version.id)} has flow_id {quote(version.flow_id)}, but it belongs "
        f"to flow {quote(flow.name)} ({flow.id})",
        location=(*graph.location, "flow_id"),
        extra={"expected": flow.id, "found": version.flow_id},
    )
