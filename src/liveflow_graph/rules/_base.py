"""What every rule module shares: the :class:`Finding` a rule yields and the
:class:`Context` it reads.

A rule is a pure function ``check(ctx) -> Iterable[Finding]``.  It says only what it
knows (a message and the ids involved, sometimes a more precise JSON path); the engine
stamps the code, name, severity, flow id, version id and, when the rule gives none, the
path of the first transition or step involved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from liveflow_graph.escape import clean_text, truncate
from liveflow_graph.graph import FlowGraph
from liveflow_graph.jsonpath import child
from liveflow_graph.models import Session, StepType
from liveflow_graph.references import StepReferences, step_references

__all__ = ["Check", "Context", "Finding", "quote"]

NAME_LIMIT = 80
"""Longest step name (in characters) quoted in a message."""


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: a message, the ids involved (most relevant first), optionally
    the JSON path of the exact place and extra data for machine consumers."""

    message: str
    step_ids: tuple[str, ...] = ()
    transition_ids: tuple[str, ...] = ()
    path: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


Check = Callable[["Context"], Iterable[Finding]]
"""The signature of a rule's ``check`` function."""


def quote(text: str) -> str:
    """``text`` as a single-line, length-limited, quoted name for a message."""
    return "'" + truncate(clean_text(text).replace("\n", " "), NAME_LIMIT) + "'"


class Context:
    """One flow version as the rules see it: the cached graph plus what is derived from it
    once and shared (references, session paths, the known step types)."""

    def __init__(
        self,
        graph: FlowGraph,
        *,
        extra_step_types: Iterable[str] = (),
        session_paths: Iterable[str] | None = None,
    ) -> None:
        self.graph = graph
        self.known_step_types: frozenset[str] = frozenset(
            {*(t.value for t in StepType), *extra_step_types}
        )
        self._session_paths = tuple(session_paths) if session_paths is not None else None
        self._labels: dict[str, str] = {}

    def step(self, step_id: str) -> str:
        """``'name' (id)`` of an existing step, or ``'id'`` when there is no such step
        (memoised: messages name the same steps again and again)."""
        label = self._labels.get(step_id)
        if label is None:
            found = self.graph.steps.get(step_id)
            if found is None:
                label = quote(step_id)
            else:
                label = f"{quote(found.name)} ({clean_text(step_id)})"
            self._labels[step_id] = label
        return label

    @cached_property
    def references(self) -> tuple[StepReferences, ...]:
        """The references of every step that has any, in document order."""
        found = []
        for step_id, step in self.graph.steps.items():
            refs = step_references(step, self.graph.step_path(step_id))
            if refs.references or refs.unknown:
                found.append(refs)
        return tuple(found)

    @cached_property
    def flow_path(self) -> str | None:
        """The JSON path of the flow that holds the version, when there is one."""
        match = _VERSION_IN.fullmatch(self.graph.path)
        if self.graph.flow is None or match is None:
            return None
        return match.group("flow")

    @cached_property
    def session_paths(self) -> tuple[str, ...]:
        """The JSON path of each of ``graph.sessions`` (same order)."""
        sessions = self.graph.sessions
        if self._session_paths is not None and len(self._session_paths) == len(sessions):
            return self._session_paths
        return tuple(self._guess_session_path(s) for s in sessions)

    def _guess_session_path(self, session: Session) -> str:
        """Where a session is when the caller did not say: in its flow's ``sessions``,
        or the document holding the version (a lone session)."""
        graph = self.graph
        flow_path = self.flow_path
        if graph.flow is not None and flow_path is not None:
            for position, candidate in enumerate(graph.flow.sessions):
                if candidate is session:
                    return child(child(flow_path, "sessions"), position)
        if graph.path.endswith(".flow_version") and len(graph.sessions) == 1:
            return graph.path[: -len(".flow_version")]
        return graph.path  # unknown: point at the version the session ran on


_VERSION_IN = re.compile(r"(?P<flow>.*?)(?:\.current_version|\.sessions\[\d+\]\.flow_version)")
