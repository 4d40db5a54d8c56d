"""The flow graph: a :class:`networkx.MultiDiGraph` of one flow version, with cached queries.

Nodes are step ids (attributes ``step``, ``name``, ``step_type``, ``index``); edges are
transitions keyed by transition id (attributes ``transition``, ``label``, ``index``).
Nothing in the version is dropped: a transition whose source or target step does not exist
is kept in :attr:`FlowGraph.dangling` (never turned into a fake node), and a second step or
transition with an id already used is kept in :attr:`FlowGraph.duplicate_steps` /
:attr:`FlowGraph.duplicate_transitions`.

Every query that the validators, renderers and diffs need is computed once, in time linear
in steps + transitions, and cached on the instance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from itertools import islice
from typing import TYPE_CHECKING, Any

from liveflow_graph._hooks import Drawable, mimebundle
from liveflow_graph.errors import ConfigError, PayloadError
from liveflow_graph.gc_pause import paused_gc
from liveflow_graph.graph.algorithms import (
    breadth_first_order,
    edges_in_document_order,
    reachable,
    strongly_connected_components,
)
from liveflow_graph.graph.building import (
    Built,
    DanglingTransition,
    Duplicate,
    build,
    to_networkx,
)
from liveflow_graph.graph.names import StepNames, resolve_step
from liveflow_graph.model.jsonpath import ROOT_PATH, JSONPath, located, render
from liveflow_graph.model.models import (
    FlowVersion,
    LiveFlow,
    Session,
    Step,
    StepTransition,
    StepType,
)
from liveflow_graph.model.payload import Payload, VersionRef

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["FlowGraph"]


class FlowGraph(Drawable):
    """One flow version as a graph, with the queries rules and renderers share.

    ``location`` is the place of the version in its document (for diagnostics; ``path``
    is its text, and the constructor takes either); ``flow`` is the live flow it belongs
    to, when known, at ``flow_location``; ``sessions`` ran on it, at
    ``session_locations``.  :meth:`of` knows all of these places; given to the
    constructor without them, the flow's and the sessions' are worked out from where the
    version is (see :attr:`flow_location`, :attr:`session_locations`).
    """

    def __init__(
        self,
        version: FlowVersion,
        *,
        path: str = ROOT_PATH,
        flow: LiveFlow | None = None,
        sessions: Iterable[Session] = (),
        location: JSONPath | None = None,
        flow_location: JSONPath | None = None,
        session_locations: Sequence[JSONPath] | None = None,
    ) -> None:
        self.version = version
        self.location: JSONPath = located(path, location)
        self.flow = flow
        self.sessions: tuple[Session, ...] = tuple(sessions)
        self._flow_location = flow_location
        self._session_locations = (
            tuple(session_locations) if session_locations is not None else None
        )
        with paused_gc():
            built = build(version)
        self._built: Built = built
        self.steps: dict[str, Step] = built.steps
        self.step_index: dict[str, int] = built.step_index
        self.transitions: dict[str, StepTransition] = built.transitions
        self.transition_index: dict[str, int] = built.transition_index
        self.dangling: tuple[DanglingTransition, ...] = built.dangling
        self.duplicate_steps: tuple[Duplicate[Step], ...] = built.duplicate_steps
        self.duplicate_transitions: tuple[Duplicate[StepTransition], ...] = (
            built.duplicate_transitions
        )
        self._ancestors: dict[str, frozenset[str]] = {}
        self._descendants: dict[str, frozenset[str]] = {}

    # -- construction -----------------------------------------------------------------

    @classmethod
    def of(
        cls,
        obj: Payload | LiveFlow | FlowVersion | Session | VersionRef,
        *,
        path: str = ROOT_PATH,
        location: JSONPath | None = None,
    ) -> FlowGraph:
        """The graph of a flow's current version, a version, a session's version or a ref;
        of a :class:`Payload` that holds exactly one of those, that one's.  ``path`` (or
        ``location``) is where ``obj`` is in its document (a ref and a payload know).

        Raises :class:`~liveflow_graph.errors.PayloadError` for a payload holding several
        objects (or none) or a session without a version, and :class:`TypeError` for
        anything else."""
        if isinstance(obj, Payload):
            if len(obj.items) != 1:
                raise PayloadError(
                    f"the {obj.kind.value} document holds {len(obj.items)} objects: pass "
                    "one of them (for example payload.items[0]) to draw or check it",
                    source=obj.source,
                )
            return cls.of(obj.items[0], location=obj.locations[0])
        if isinstance(obj, VersionRef):
            return cls(
                obj.version,
                location=obj.location,
                flow=obj.flow,
                flow_location=obj.flow_location,
                sessions=obj.sessions,
                session_locations=obj.session_locations,
            )
        where = located(path, location)
        if isinstance(obj, LiveFlow):
            return cls.of(obj.versions(location=where)[obj.current_version.id])
        if isinstance(obj, Session):
            if obj.flow_version is None:
                raise PayloadError(
                    "the session has no flow_version", path=render((*where, "flow_version"))
                )
            return cls(
                obj.flow_version,
                location=(*where, "flow_version"),
                sessions=(obj,),
                session_locations=(where,),
            )
        if isinstance(obj, FlowVersion):
            return cls(obj, location=where)
        raise TypeError(
            "expected a Payload, LiveFlow, FlowVersion, Session or VersionRef, not "
            f"{type(obj).__name__}"
        )

    # -- identity and paths -------------------------------------------------------------

    @property
    def version_id(self) -> str:
        """The version's id."""
        return self.version.id

    @property
    def flow_id(self) -> str | None:
        """The flow's id (from the flow when known, else the version's ``flow_id``)."""
        return self.flow.id if self.flow is not None else self.version.flow_id

    @property
    def path(self) -> str:
        """The JSON path of :attr:`location` (``$.current_version``)."""
        return render(self.location)

    def step_location(self, step_id: str) -> JSONPath:
        """The place of the (first) step with this id."""
        return (*self.location, "steps", self.step_index[step_id])

    def transition_location(self, transition_id: str) -> JSONPath:
        """The place of the (first) transition with this id."""
        return (*self.location, "step_transitions", self.transition_index[transition_id])

    def step_path(self, step_id: str) -> str:
        """JSON path of the (first) step with this id."""
        return render(self.step_location(step_id))

    def transition_path(self, transition_id: str) -> str:
        """JSON path of the (first) transition with this id."""
        return render(self.transition_location(transition_id))

    @cached_property
    def flow_location(self) -> JSONPath | None:
        """The place of :attr:`flow` (``None`` without one).  When the constructor was not
        told, the flow is the object holding the version: its ``current_version`` or a
        session's ``flow_version`` (``None`` when the version is elsewhere)."""
        if self.flow is None or self._flow_location is not None:
            return self._flow_location
        where = self.location
        if where[-1:] == ("current_version",):
            return where[:-1]
        if (
            len(where) >= 3
            and where[-1] == "flow_version"
            and where[-3] == "sessions"
            and isinstance(where[-2], int)
        ):
            return where[:-3]
        return None

    @cached_property
    def session_locations(self) -> tuple[JSONPath, ...]:
        """The place of each of :attr:`sessions` (same order).  When the constructor was not
        told: in the flow's ``sessions`` list, or the object holding the version for a
        lone session; else (unknown) the version the session ran on."""
        if self._session_locations is not None and len(self._session_locations) == len(
            self.sessions
        ):
            return self._session_locations
        position: dict[int, int] = {}
        flow_location = self.flow_location
        if self.flow is not None and flow_location is not None:
            position = {id(s): i for i, s in enumerate(self.flow.sessions)}
        lone = len(self.sessions) == 1 and self.location[-1:] == ("flow_version",)
        found: list[JSONPath] = []
        for session in self.sessions:
            index = position.get(id(session))
            if index is not None and flow_location is not None:
                found.append((*flow_location, "sessions", index))
            elif lone:
                found.append(self.location[:-1])
            else:
                found.append(self.location)
        return tuple(found)

    def __len__(self) -> int:
        return len(self.steps)

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> dict[str, object]:
        return mimebundle(self)

    def __repr__(self) -> str:
        return (
            f"<FlowGraph version={self.version.id!r} steps={len(self.steps)} "
            f"transitions={len(self.transitions) - len(self.dangling)} "
            f"dangling={len(self.dangling)}>"
        )

    # -- cached queries -------------------------------------------------------------------

    @cached_property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The ``networkx.MultiDiGraph`` of the version: nodes are step ids (attributes
        ``step``, ``name``, ``step_type``, ``index``), edges transitions keyed by id
        (``transition``, ``label``, ``index``).  Built on first access, around the same
        dicts as :attr:`adjacency` (validation never needs it, so it never imports
        networkx)."""
        return to_networkx(self._built, version_id=self.version.id, flow_id=self.version.flow_id)

    @property
    def adjacency(self) -> Mapping[str, Mapping[str, Mapping[str, dict[str, Any]]]]:
        """``{step id: {target id: {transition id: edge data}}}``: the successor dicts
        (networkx's own, once :attr:`graph` is built), read-only by contract (much faster
        than its views in hot loops)."""
        return self._built.succ

    @property
    def reverse_adjacency(self) -> Mapping[str, Mapping[str, Mapping[str, dict[str, Any]]]]:
        """``{step id: {source id: {transition id: edge data}}}`` (see :attr:`adjacency`)."""
        return self._built.pred

    @cached_property
    def start_step_ids(self) -> tuple[str, ...]:
        """Ids of the START steps, in document order."""
        start: str = StepType.START  # a plain str comparison in the loop
        return tuple([sid for sid, step in self.steps.items() if step.step_type == start])

    @cached_property
    def steps_by_name(self) -> dict[str, tuple[str, ...]]:
        """Step ids for each step name (a name used twice maps to several ids)."""
        first: dict[str, tuple[str, ...]] = {}
        again: dict[str, list[str]] = {}
        for sid, step in self.steps.items():
            name = step.name
            if name in first:
                again.setdefault(name, [*first[name]]).append(sid)
            else:
                first[name] = (sid,)
        for name, ids in again.items():
            first[name] = tuple(ids)
        return first

    @cached_property
    def by_name(self) -> StepNames:
        """The queries of this graph answered in step names, each taking a step's id or
        name: ``graph.by_name.unreachable``, ``graph.by_name.descendants("draft_reply")``
        (see :mod:`~liveflow_graph.graph.names`)."""
        return StepNames(self)

    def step_id(self, step: str) -> str:
        """The id of the step that ``step`` names: a step id (ids win) or the name of
        exactly one step; raises :class:`~liveflow_graph.errors.ConfigError` otherwise."""
        return resolve_step(self, step)

    @cached_property
    def reachable(self) -> frozenset[str]:
        """Steps some path from a START step reaches (START steps included)."""
        return frozenset(reachable(self.start_step_ids, self.adjacency))

    @cached_property
    def unreachable(self) -> tuple[str, ...]:
        """Steps no path from START reaches, in document order (all steps if no START)."""
        reachable = self.reachable
        if len(reachable) == len(self.steps):
            return ()
        return tuple([sid for sid in self.steps if sid not in reachable])

    @cached_property
    def terminal_step_ids(self) -> tuple[str, ...]:
        """Steps with no outgoing transition to an existing step, in document order."""
        adjacency = self.adjacency
        return tuple(sid for sid in self.steps if not adjacency[sid])

    @cached_property
    def reaches_terminal(self) -> frozenset[str]:
        """Steps from which some terminal step can be reached."""
        return frozenset(reachable(self.terminal_step_ids, self.reverse_adjacency))

    @cached_property
    def self_loops(self) -> tuple[str, ...]:
        """Ids of transitions whose source is their target, in document order."""
        loops = [
            (data["index"], key)
            for step_id, targets in self.adjacency.items()
            if step_id in targets
            for key, data in targets[step_id].items()
        ]
        return tuple(key for _, key in sorted(loops))

    @cached_property
    def strong_components(self) -> tuple[frozenset[str], ...]:
        """Every strongly connected component (single steps included), computed once
        (Tarjan, linear time) and shared by the queries and rules that need them.

        Components come in reverse topological order: every transition between two
        components leads from a later one in this tuple to an earlier one.
        """
        return tuple(frozenset(c) for c in strongly_connected_components(self.adjacency))

    @cached_property
    def cyclic_components(self) -> tuple[tuple[str, ...], ...]:
        """Strongly connected components with a cycle through two or more steps.

        Each component's steps are in document order; components are ordered by their
        first step.  Linear time (Tarjan); self-loops are in :attr:`self_loops`.
        """
        components = [
            tuple(sorted(comp, key=self.step_index.__getitem__))
            for comp in self.strong_components
            if len(comp) > 1
        ]
        return tuple(sorted(components, key=lambda comp: self.step_index[comp[0]]))

    @cached_property
    def bfs_order(self) -> tuple[str, ...]:
        """Every step once: breadth-first from START (ties by step id), then the rest by id.

        This canonical order does not depend on the order of the payload's lists.
        """
        return breadth_first_order(self.start_step_ids, self.steps, self.adjacency)

    # -- per-step queries (memoised) ------------------------------------------------------

    def ancestors(self, step_id: str) -> frozenset[str]:
        """Steps with a path to ``step_id`` (itself only when on a cycle)."""
        found = self._ancestors.get(step_id)
        if found is None:
            found = frozenset(
                reachable(self.reverse_adjacency.get(step_id, ()), self.reverse_adjacency)
            )
            self._ancestors[step_id] = found
        return found

    def descendants(self, step_id: str) -> frozenset[str]:
        """Steps a path from ``step_id`` reaches (itself only when on a cycle)."""
        found = self._descendants.get(step_id)
        if found is None:
            successors = self.adjacency
            found = frozenset(reachable(successors.get(step_id, ()), successors))
            self._descendants[step_id] = found
        return found

    def cycles(self, limit: int = 100) -> list[list[str]]:
        """Up to ``limit`` elementary cycles (lists of step ids).  Enumeration is capped
        because a graph can have exponentially many.

        Raises :class:`~liveflow_graph.errors.ConfigError` when ``limit`` is not a
        non-negative integer."""
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise ConfigError(f"cycles(limit=...) must be an integer >= 0, not {limit!r}")
        import networkx as nx

        return [list(c) for c in islice(nx.simple_cycles(self.graph), limit)]

    def out_transitions(self, step_id: str) -> list[StepTransition]:
        """Transitions leaving ``step_id`` to existing steps, in document order."""
        return edges_in_document_order(self.adjacency[step_id])

    def in_transitions(self, step_id: str) -> list[StepTransition]:
        """Transitions entering ``step_id`` from existing steps, in document order."""
        return edges_in_document_order(self.reverse_adjacency[step_id])
