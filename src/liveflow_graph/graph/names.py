"""The flow graph's queries in step names: ``graph.by_name``.

:class:`~liveflow_graph.graph.flowgraph.FlowGraph` answers in step ids, which are stable
but unreadable (``5e000000-…-08``).  Its :attr:`~liveflow_graph.graph.flowgraph.FlowGraph.by_name`
view asks the same questions and answers in step names; each query that names a step takes
its id or its name::

    >>> graph.by_name.unreachable                     # doctest: +SKIP
    ('legacy_escalation',)
    >>> graph.by_name.descendants("draft_reply")      # doctest: +SKIP
    frozenset({'review_reply', 'send_reply'})

Names are not unique in a flow: tuples keep one entry per step (a name used twice appears
twice), sets keep each name once, and a name that several steps share is refused where a
single step is meant (:class:`~liveflow_graph.errors.ConfigError`, naming their ids).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol

from liveflow_graph.errors import ConfigError
from liveflow_graph.model.models import Step

__all__ = ["NamedGraph", "StepNames", "resolve_step"]


class NamedGraph(Protocol):
    """What :class:`StepNames` reads of a flow graph (a ``FlowGraph`` has all of it)."""

    @property
    def version_id(self) -> str: ...
    @property
    def steps(self) -> dict[str, Step]: ...
    @property
    def steps_by_name(self) -> dict[str, tuple[str, ...]]: ...
    @property
    def start_step_ids(self) -> tuple[str, ...]: ...
    @property
    def terminal_step_ids(self) -> tuple[str, ...]: ...
    @property
    def reachable(self) -> frozenset[str]: ...
    @property
    def unreachable(self) -> tuple[str, ...]: ...
    @property
    def bfs_order(self) -> tuple[str, ...]: ...
    @property
    def adjacency(self) -> Mapping[str, Mapping[str, object]]: ...
    @property
    def reverse_adjacency(self) -> Mapping[str, Mapping[str, object]]: ...
    def ancestors(self, step_id: str) -> frozenset[str]: ...
    def descendants(self, step_id: str) -> frozenset[str]: ...
    def cycles(self, limit: int = 100) -> list[list[str]]: ...


def resolve_step(graph: NamedGraph, step: str) -> str:
    """The id of the step that ``step`` names: a step id (ids win), or the name of exactly
    one step; else :class:`ConfigError`."""
    if step in graph.steps:
        return step
    ids = graph.steps_by_name.get(step, ())
    if not ids:
        raise ConfigError(f"no step with id or name {step!r} in version {graph.version_id}")
    if len(ids) > 1:
        raise ConfigError(
            f"step name {step!r} is used by {len(ids)} steps ({', '.join(sorted(ids))}): "
            "name one of them by its id"
        )
    return ids[0]


class StepNames:
    """A flow graph's queries answered with step names (see the module documentation)."""

    __slots__ = ("_graph", "_position")

    def __init__(self, graph: NamedGraph) -> None:
        self._graph = graph
        self._position: dict[str, int] | None = None

    def __repr__(self) -> str:
        return f"<StepNames of version {self._graph.version_id!r}: {len(self)} steps>"

    # -- the steps, by name ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._graph.steps_by_name)

    def __iter__(self) -> Iterator[str]:
        """Each distinct step name, in document order."""
        return iter(self._graph.steps_by_name)

    def __contains__(self, name: object) -> bool:
        return name in self._graph.steps_by_name

    def __getitem__(self, step: str) -> Step:
        """The step with this name (or id); :class:`ConfigError` when none or several."""
        return self._graph.steps[resolve_step(self._graph, step)]

    def name(self, step_id: str) -> str:
        """The name of the step with id ``step_id`` (:class:`ConfigError` when none)."""
        found = self._graph.steps.get(step_id)
        if found is None:
            raise ConfigError(f"no step with id {step_id!r} in version {self._graph.version_id}")
        return found.name

    def ids(self, name: str) -> tuple[str, ...]:
        """The ids of the steps called ``name``, in document order (empty when none)."""
        return self._graph.steps_by_name.get(name, ())

    def _names(self, step_ids: Iterable[str]) -> tuple[str, ...]:
        steps = self._graph.steps
        return tuple(steps[sid].name for sid in step_ids)

    # -- graph-wide queries ---------------------------------------------------------------

    @property
    def start_steps(self) -> tuple[str, ...]:
        """Names of the START steps, in document order."""
        return self._names(self._graph.start_step_ids)

    @property
    def terminal_steps(self) -> tuple[str, ...]:
        """Names of the steps with no transition out, in document order."""
        return self._names(self._graph.terminal_step_ids)

    @property
    def unreachable(self) -> tuple[str, ...]:
        """Names of the steps no path from START reaches, in document order."""
        return self._names(self._graph.unreachable)

    @property
    def reachable(self) -> frozenset[str]:
        """Names of the steps some path from START reaches."""
        return frozenset(self._names(self._graph.reachable))

    @property
    def bfs_order(self) -> tuple[str, ...]:
        """Every step's name in the canonical order (breadth-first from START)."""
        return self._names(self._graph.bfs_order)

    def cycles(self, limit: int = 100) -> list[list[str]]:
        """Up to ``limit`` elementary cycles, as lists of step names."""
        return [list(self._names(cycle)) for cycle in self._graph.cycles(limit)]

    # -- one step's neighbourhood ---------------------------------------------------------

    def successors(self, step: str) -> tuple[str, ...]:
        """Names of the steps a transition from ``step`` (id or name) leads to, each once,
        in canonical order."""
        return self._ordered(self._graph.adjacency[resolve_step(self._graph, step)])

    def predecessors(self, step: str) -> tuple[str, ...]:
        """Names of the steps with a transition to ``step`` (id or name), each once, in
        canonical order."""
        return self._ordered(self._graph.reverse_adjacency[resolve_step(self._graph, step)])

    def ancestors(self, step: str) -> frozenset[str]:
        """Names of the steps with a path to ``step`` (id or name)."""
        return frozenset(self._names(self._graph.ancestors(resolve_step(self._graph, step))))

    def descendants(self, step: str) -> frozenset[str]:
        """Names of the steps a path from ``step`` (id or name) reaches."""
        return frozenset(self._names(self._graph.descendants(resolve_step(self._graph, step))))

    def _ordered(self, step_ids: Iterable[str]) -> tuple[str, ...]:
        if self._position is None:  # once per graph
            self._position = {sid: i for i, sid in enumerate(self._graph.bfs_order)}
        return self._names(sorted(step_ids, key=self._position.__getitem__))
