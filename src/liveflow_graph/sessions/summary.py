"""A short plain-text account of a document: its flows, versions and sessions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from liveflow_graph.escape import one_line
from liveflow_graph.model.models import LiveFlow, Session
from liveflow_graph.sessions.analytics import analyze_sessions

if TYPE_CHECKING:
    from liveflow_graph.model.payload import Payload, VersionRef

__all__ = ["status_counts", "summarize"]


def status_counts(sessions: Iterable[Session]) -> str:
    """``"3 sessions: 2 FINISHED, 1 FAILED; ..."`` (statuses by count, then name)."""
    return analyze_sessions(sessions).summary()


def _version_line(ref: VersionRef) -> str:
    version = ref.version
    mark = "*" if ref.is_current else " "
    tag = " (current)" if ref.is_current else ""
    return (
        f"  {mark} version {one_line(version.id)}{tag}: {len(version.steps)} steps, "
        f"{len(version.step_transitions)} transitions; {status_counts(ref.sessions)}"
    )


def summarize(payload: Payload) -> str:
    """Describe ``payload`` in a few lines: what it is, each flow, version and session.

    User text (names, ids, descriptions, statuses, the file name) is shown on one line
    each, without control, bidirectional or zero-width characters, and long text is cut:
    nothing in a document can move the cursor, recolour or retitle the terminal."""
    lines: list[str] = []
    source = f" from {one_line(payload.source, None)}" if payload.source else ""
    count = len(payload)
    lines.append(f"{payload.kind.value} document{source} ({count} item{'s' * (count != 1)})")
    refs = payload.versions()
    for item in payload.items:
        if isinstance(item, LiveFlow):
            lines.append("")
            lines.append(f"flow '{one_line(item.name)}' ({one_line(item.id)})")
            if item.description:
                lines.append(f"  {one_line(item.description, 200)}")
            lines.extend(_version_line(ref) for ref in refs if ref.flow is item)
            lines.append(f"  {status_counts(item.sessions)}")
    loose = [ref for ref in refs if ref.flow is None]
    if loose:
        lines.append("")
        lines.extend(_version_line(ref) for ref in loose)
    sessions = [item for item in payload.items if isinstance(item, Session)]
    if sessions:
        lines.append(f"  {status_counts(sessions)}")
    return "\n".join(lines)
