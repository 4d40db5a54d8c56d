"""The API endpoints the client reads: their paths, what their bodies hold, what a 404 means.

Ids are encoded as single URL path segments, so no id can reach another endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from liveflow_graph.api.messages import one_line
from liveflow_graph.errors import ConfigError
from liveflow_graph.model.payload import PayloadKind

__all__ = ["Endpoint", "endpoint"]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One ``GET`` endpoint: its path, the kind of document it answers with, and what a
    ``404`` from it means (e.g. ``"no live flow 'x'"``)."""

    path: str
    kind: PayloadKind
    missing: str

    @property
    def source(self) -> str:
        """The endpoint as errors name their source: ``GET /live_flows/<id>/``."""
        return f"GET {self.path}"


def endpoint(
    live_flow_id: str | None = None, session_id: str | None = None, *, sessions: bool = False
) -> Endpoint:
    """The endpoint of all live flows (no arguments), one live flow, its sessions
    (``sessions=True``) or one of its sessions (``session_id``)."""
    if live_flow_id is None:
        if session_id is not None or sessions:
            raise ConfigError("sessions belong to a live flow: give its live_flow_id")
        return Endpoint("/live_flows/", PayloadKind.FLOWS, "the API has no /live_flows/ endpoint")
    flow = _segment(live_flow_id, "live flow id")
    shown = repr(one_line(live_flow_id))
    if session_id is not None:
        if sessions:
            raise ConfigError("give either session_id or sessions=True, not both")
        session = _segment(session_id, "session id")
        return Endpoint(
            f"/live_flows/{flow}/sessions/{session}/",
            PayloadKind.SESSION,
            f"no session {one_line(session_id)!r} in live flow {shown}",
        )
    if sessions:
        return Endpoint(
            f"/live_flows/{flow}/sessions/", PayloadKind.SESSIONS, f"no live flow {shown}"
        )
    return Endpoint(f"/live_flows/{flow}/", PayloadKind.FLOW, f"no live flow {shown}")


def _segment(value: str, what: str) -> str:
    """``value`` as one URL path segment (``/``, ``?``, ``#``, ``%`` and the like encoded)."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"the {what} is empty")
    if value in (".", ".."):
        raise ConfigError(f"{value!r} is not a valid {what}")
    return quote(value, safe="")
