"""The two sides of a diff: what the comparison reads of each version.

Matching steps and transitions needs each version's steps and transitions by id and its
START steps; never the graph's adjacency.  A :class:`~liveflow_graph.graph.FlowGraph` has
all of these, and :func:`~liveflow_graph.diffs.compute.diff` compares graphs as they are; a
version, ref or flow is read into a :class:`VersionIndex` instead, one pass over its steps
and one over its transitions, which is several times cheaper than building its graph (the
validation rules, when the diff runs them, still get the graph).  Both are
:class:`DiffInput`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TypeVar

from liveflow_graph.model.models import (
    FlowVersion,
    LiveFlow,
    Session,
    Step,
    StepTransition,
    StepType,
)
from liveflow_graph.model.payload import VersionRef

__all__ = ["DiffInput", "VersionIndex", "index_of"]


class DiffInput(Protocol):
    """What the diff reads of a version (the attributes of those names of
    :class:`~liveflow_graph.graph.FlowGraph`, which is one)."""

    @property
    def version(self) -> FlowVersion: ...

    @property
    def flow(self) -> LiveFlow | None: ...

    @property
    def sessions(self) -> tuple[Session, ...]: ...

    @property
    def steps(self) -> Mapping[str, Step]: ...

    @property
    def transitions(self) -> Mapping[str, StepTransition]: ...

    @property
    def start_step_ids(self) -> tuple[str, ...]: ...

    @property
    def version_id(self) -> str: ...

    @property
    def flow_id(self) -> str | None: ...


class VersionIndex:
    """One version's steps and transitions by id, as a
    :class:`~liveflow_graph.graph.FlowGraph` of it has them: the first step or transition
    with an id is the one kept (a test compares the two on generated versions), steps and
    transitions in document order; ``start_step_ids`` the START steps in document order."""

    __slots__ = ("flow", "sessions", "start_step_ids", "steps", "transitions", "version")

    def __init__(
        self, version: FlowVersion, flow: LiveFlow | None = None, sessions: tuple[Session, ...] = ()
    ) -> None:
        self.version = version
        self.flow = flow
        self.sessions = sessions
        self.steps: dict[str, Step] = _by_id(version.steps)
        self.transitions: dict[str, StepTransition] = _by_id(version.step_transitions)
        start: str = StepType.START  # a plain str comparison in the loop
        self.start_step_ids: tuple[str, ...] = tuple(
            [sid for sid, step in self.steps.items() if step.step_type == start]
        )

    @property
    def version_id(self) -> str:
        """The version's id."""
        return self.version.id

    @property
    def flow_id(self) -> str | None:
        """The flow's id (from the flow when known, else the version's ``flow_id``)."""
        return self.flow.id if self.flow is not None else self.version.flow_id


_Item = TypeVar("_Item", Step, StepTransition)


def _by_id(items: list[_Item]) -> dict[str, _Item]:
    """``items`` by id, the first of each id kept, in document order."""
    by_id = {item.id: item for item in items}
    if len(by_id) == len(items):
        return by_id  # no id used twice (the usual case): that dict is the answer
    first: dict[str, _Item] = {}
    for item in items:
        first.setdefault(item.id, item)
    return first


def index_of(obj: FlowVersion | VersionRef | LiveFlow) -> VersionIndex:
    """The :class:`VersionIndex` of a version, a ref, or a flow's current version (with
    the flow and sessions :meth:`FlowGraph.of` would give its graph)."""
    if isinstance(obj, LiveFlow):
        obj = obj.versions()[obj.current_version.id]
    if isinstance(obj, VersionRef):
        return VersionIndex(obj.version, obj.flow, tuple(obj.sessions))
    return VersionIndex(obj)
