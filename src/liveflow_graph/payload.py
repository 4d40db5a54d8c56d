"""What a parsed document holds: its shape, its objects, and every flow version it carries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from liveflow_graph.jsonpath import ROOT, child
from liveflow_graph.models import FlowVersion, LiveFlow, Session

__all__ = ["Payload", "PayloadKind", "VersionRef", "collect_versions"]


class PayloadKind(StrEnum):
    """The shapes of document the API returns."""

    FLOW = "flow"
    """``GET /live_flows/{id}/``: one live flow."""
    FLOWS = "flows"
    """``GET /live_flows/``: a list of live flows."""
    VERSION = "version"
    """A bare flow version (as found in ``current_version`` or a session's ``flow_version``)."""
    SESSION = "session"
    """``GET /live_flows/{id}/sessions/{session_id}/``: one session."""
    SESSIONS = "sessions"
    """``GET /live_flows/{id}/sessions/``: a list of sessions."""


@dataclass(frozen=True, slots=True)
class VersionRef:
    """A flow version found in a document, where it was found and who ran on it.

    ``path`` is the JSON path of the version's first occurrence (the flow's
    ``current_version`` when it is the current one); ``sessions`` are the sessions whose
    ``flow_version`` has this id, in document order, with ``session_paths`` beside them.
    """

    version: FlowVersion
    path: str
    flow: LiveFlow | None = None
    flow_path: str | None = None
    is_current: bool = False
    sessions: tuple[Session, ...] = ()
    session_paths: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The version id."""
        return self.version.id

    @property
    def session_ids(self) -> tuple[str, ...]:
        """Ids of the sessions that ran on this version."""
        return tuple(s.id for s in self.sessions)


@dataclass
class _VersionAcc:
    version: FlowVersion
    path: str
    is_current: bool
    sessions: list[Session] = field(default_factory=list)
    session_paths: list[str] = field(default_factory=list)


def collect_versions(
    sessions: Sequence[tuple[Session, str]],
    *,
    current: FlowVersion | None = None,
    current_path: str = ROOT,
    flow: LiveFlow | None = None,
    flow_path: str | None = None,
) -> dict[str, VersionRef]:
    """Every distinct version, keyed by id: ``current`` first, then in document order.

    ``sessions`` pairs each session with its JSON path; a session without a
    ``flow_version`` belongs to no version.
    """
    found: dict[str, _VersionAcc] = {}
    if current is not None:
        found[current.id] = _VersionAcc(current, current_path, is_current=True)
    for session, session_path in sessions:
        version = session.flow_version
        if version is None:
            continue
        acc = found.get(version.id)
        if acc is None:
            acc = found[version.id] = _VersionAcc(
                version, child(session_path, "flow_version"), is_current=False
            )
        acc.sessions.append(session)
        acc.session_paths.append(session_path)
    return {
        vid: VersionRef(
            version=acc.version,
            path=acc.path,
            flow=flow,
            flow_path=flow_path,
            is_current=acc.is_current,
            sessions=tuple(acc.sessions),
            session_paths=tuple(acc.session_paths),
        )
        for vid, acc in found.items()
    }


@dataclass(frozen=True, slots=True)
class Payload:
    """A parsed document: its :class:`PayloadKind` and the objects it holds.

    ``items`` are the top-level objects (one for ``flow``, ``version`` and ``session``)
    and ``paths`` their JSON paths (``$`` or ``$[i]``).  ``source`` names where the
    document came from (a file name, ``<stdin>``, or ``None``).
    """

    kind: PayloadKind
    items: tuple[LiveFlow | FlowVersion | Session, ...]
    paths: tuple[str, ...]
    source: str | None = None

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[LiveFlow | FlowVersion | Session]:
        return iter(self.items)

    @property
    def flows(self) -> list[LiveFlow]:
        """The live flows of a ``flow`` or ``flows`` document (empty otherwise)."""
        return [item for item in self.items if isinstance(item, LiveFlow)]

    @property
    def sessions(self) -> list[Session]:
        """Every session in the document, top-level or inside flows."""
        out: list[Session] = []
        for item in self.items:
            if isinstance(item, LiveFlow):
                out.extend(item.sessions)
            elif isinstance(item, Session):
                out.append(item)
        return out

    def flow_entries(self) -> list[tuple[LiveFlow, str]]:
        """Each live flow with its JSON path."""
        return [
            (item, path)
            for item, path in zip(self.items, self.paths, strict=True)
            if isinstance(item, LiveFlow)
        ]

    def versions(self) -> list[VersionRef]:
        """Every flow version in the document, each flow's current version first.

        For flows, versions are distinct per flow (a version id seen in two flows is
        listed under each); for a bare version, the one version; for sessions, each
        distinct ``flow_version`` with the sessions that ran on it.
        """
        refs: list[VersionRef] = []
        loose_sessions: list[tuple[Session, str]] = []
        for item, path in zip(self.items, self.paths, strict=True):
            if isinstance(item, LiveFlow):
                refs.extend(item.versions(path).values())
            elif isinstance(item, FlowVersion):
                refs.append(VersionRef(version=item, path=path))
            else:
                loose_sessions.append((item, path))
        refs.extend(collect_versions(loose_sessions).values())
        return refs
