"""What a parsed document holds: its shape, its objects, and every flow version it carries."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from liveflow_graph.errors import ConfigError
from liveflow_graph.model.jsonpath import ROOT, JSONPath, parse, render
from liveflow_graph.model.models import FlowVersion, LiveFlow, Session, VersionRef, collect_versions

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


@dataclass(frozen=True, slots=True, init=False)
class Payload:
    """A parsed document: its :class:`PayloadKind` and the objects it holds.

    ``items`` are the top-level objects (one for ``flow``, ``version`` and ``session``)
    and ``locations`` their places (``()`` or ``(i,)``), ``paths`` the same as text (``$``
    or ``$[i]``; the constructor takes either form, and works them out from ``kind`` when
    given neither).  ``source`` names where the document came from (a file name,
    ``<stdin>``, or ``None``).
    """

    kind: PayloadKind
    items: tuple[LiveFlow | FlowVersion | Session, ...]
    locations: tuple[JSONPath, ...]
    source: str | None = None

    def __init__(
        self,
        kind: PayloadKind,
        items: tuple[LiveFlow | FlowVersion | Session, ...],
        paths: tuple[str, ...] = (),
        source: str | None = None,
        *,
        locations: tuple[JSONPath, ...] | None = None,
    ) -> None:
        if locations is None:
            locations = tuple(map(parse, paths)) if paths else _item_locations(kind, len(items))
        elif paths and paths != tuple(map(render, locations)):
            raise ConfigError("paths and locations name different places")
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "locations", locations)
        object.__setattr__(self, "source", source)

    @property
    def paths(self) -> tuple[str, ...]:
        """The JSON paths of :attr:`locations`."""
        return tuple(map(render, self.locations))

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

    def versions(self) -> list[VersionRef]:
        """Every flow version in the document, each flow's current version first (then
        its others oldest first, as :meth:`LiveFlow.versions` orders them).

        For flows, versions are distinct per flow (a version id seen in two flows is
        listed under each); for a bare version, the one version; for sessions, each
        distinct ``flow_version`` with the sessions that ran on it.
        """
        refs: list[VersionRef] = []
        loose_sessions: list[tuple[Session, JSONPath]] = []
        for item, location in zip(self.items, self.locations, strict=True):
            if isinstance(item, LiveFlow):
                history = item.versions(location=location).values()
                refs.extend(sorted(history, key=lambda ref: not ref.is_current))
            elif isinstance(item, FlowVersion):
                refs.append(VersionRef(item, location=location))
            else:
                loose_sessions.append((item, location))
        refs.extend(collect_versions(loose_sessions).values())
        return refs


def _item_locations(kind: PayloadKind, count: int) -> tuple[JSONPath, ...]:
    """Where the items of a document of this kind are: ``$`` alone, or ``$[i]`` each."""
    if kind in (PayloadKind.FLOWS, PayloadKind.SESSIONS):
        return tuple((i,) for i in range(count))
    return (ROOT,) * count
