"""Session coverage: which steps and transitions of each flow version the sessions that
ran on it exercised, as test coverage does for code.

>>> from liveflow_graph import coverage, load
>>> report = coverage(load("examples/support-triage.json"))  # doctest: +SKIP
>>> print(report.to_text())  # doctest: +SKIP

Per version (the versions a document carries: each flow's current version, and every
version a session ran on): each step with how many sessions ran it, how many times, and
how many stopped or failed there; each transition with how many sessions took it; the
share of steps and of transitions exercised; and, per session, its path
(:mod:`~liveflow_graph.sessions.traces`), including the places where the session does
not carry enough to tell which transition it took.  Those transitions are not counted
as exercised.  Transitions to a missing step cannot be taken and are not counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson

from liveflow_graph.escape import one_line
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import LiveFlow, Session, VersionRef, collect_versions
from liveflow_graph.model.payload import Payload
from liveflow_graph.sessions.traces import SessionTrace, trace

__all__ = [
    "Coverage",
    "StepCoverage",
    "TransitionCoverage",
    "VersionCoverage",
    "coverage",
    "graph_coverage",
    "version_coverage",
]

_LISTED = 20
"""Items listed per section of the text before "and N more"."""


@dataclass(frozen=True, slots=True)
class StepCoverage:
    """One step: ``sessions`` that ran it, ``runs`` (times it ran, all sessions together),
    ``stopped`` (session status -> sessions that are at it or ended at it) and ``failed``
    (sessions that failed at it)."""

    step_id: str
    name: str
    sessions: int = 0
    runs: int = 0
    stopped: tuple[tuple[str, int], ...] = ()
    failed: int = 0

    @property
    def exercised(self) -> bool:
        """Whether some session ran the step."""
        return self.sessions > 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "step_id": self.step_id,
            "name": self.name,
            "sessions": self.sessions,
            "runs": self.runs,
            "stopped": dict(self.stopped),
            "failed": self.failed,
        }


@dataclass(frozen=True, slots=True)
class TransitionCoverage:
    """One transition between existing steps and the number of ``sessions`` known to
    have taken it."""

    transition_id: str
    source_step_id: str
    target_step_id: str
    label: str | None
    sessions: int = 0

    @property
    def exercised(self) -> bool:
        """Whether some session is known to have taken the transition."""
        return self.sessions > 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "transition_id": self.transition_id,
            "source_step_id": self.source_step_id,
            "target_step_id": self.target_step_id,
            "label": self.label,
            "sessions": self.sessions,
        }


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _percent(part: int, whole: int) -> str:
    share = _share(part, whole)
    return "n/a" if share is None else f"{share:.0%}"


@dataclass(frozen=True)
class VersionCoverage:
    """The coverage of one version by the sessions that ran on it.

    ``steps`` are in the canonical order (breadth-first from START, ties by id);
    ``transitions`` by their source and target in that order, then id; ``sessions`` in
    document order.
    """

    version_id: str
    flow_id: str | None
    flow_name: str | None
    is_current: bool | None
    steps: tuple[StepCoverage, ...]
    transitions: tuple[TransitionCoverage, ...]
    sessions: tuple[SessionTrace, ...]

    @property
    def unexercised_steps(self) -> tuple[StepCoverage, ...]:
        """Steps no session ran."""
        return tuple(s for s in self.steps if not s.exercised)

    @property
    def unexercised_transitions(self) -> tuple[TransitionCoverage, ...]:
        """Transitions no session is known to have taken."""
        return tuple(t for t in self.transitions if not t.exercised)

    @property
    def step_share(self) -> float | None:
        """The share of steps some session ran (``None`` without steps)."""
        return _share(len(self.steps) - len(self.unexercised_steps), len(self.steps))

    @property
    def transition_share(self) -> float | None:
        """The share of transitions known to be taken (``None`` without transitions)."""
        whole = len(self.transitions)
        return _share(whole - len(self.unexercised_transitions), whole)

    @property
    def undetermined(self) -> tuple[SessionTrace, ...]:
        """Sessions with a place where the transition taken cannot be told."""
        return tuple(s for s in self.sessions if s.undetermined)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        steps_done = len(self.steps) - len(self.unexercised_steps)
        moves_done = len(self.transitions) - len(self.unexercised_transitions)
        return {
            "flow_id": self.flow_id,
            "flow_name": self.flow_name,
            "version_id": self.version_id,
            "is_current": self.is_current,
            "summary": {
                "sessions": len(self.sessions),
                "steps": {
                    "exercised": steps_done,
                    "total": len(self.steps),
                    "share": self.step_share,
                },
                "transitions": {
                    "exercised": moves_done,
                    "total": len(self.transitions),
                    "share": self.transition_share,
                },
                "sessions_undetermined": len(self.undetermined),
            },
            "unexercised_step_ids": [s.step_id for s in self.unexercised_steps],
            "unexercised_transition_ids": [t.transition_id for t in self.unexercised_transitions],
            "steps": [s.to_dict() for s in self.steps],
            "transitions": [t.to_dict() for t in self.transitions],
            "sessions": [s.to_dict() for s in self.sessions],
        }


@dataclass(frozen=True)
class Coverage:
    """The coverage of every version of a document (see :func:`coverage`).

    ``unattributed`` are the ids of sessions without a ``flow_version``: nobody can say
    which version they ran on, so they count nowhere.
    """

    versions: tuple[VersionCoverage, ...]
    unattributed: tuple[str, ...] = ()

    def __iter__(self) -> Any:
        return iter(self.versions)

    def __len__(self) -> int:
        return len(self.versions)

    def version(self, version_id: str) -> VersionCoverage:
        """The coverage of one version; :class:`KeyError` when the document lacks it."""
        for found in self.versions:
            if found.version_id == version_id:
                return found
        raise KeyError(version_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``versions`` and ``unattributed_session_ids``."""
        return {
            "versions": [v.to_dict() for v in self.versions],
            "unattributed_session_ids": list(self.unattributed),
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON with a final newline."""
        return orjson.dumps(self.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n"

    def to_text(self) -> str:
        """A terminal report, one block per version (user text on one line each)."""
        blocks = [_version_text(v) for v in self.versions]
        if self.unattributed:
            count = len(self.unattributed)
            blocks.append(
                f"{count} session{'s' * (count != 1)} without a flow_version counted "
                f"nowhere: {', '.join(one_line(s, 40) for s in self.unattributed[:_LISTED])}"
            )
        return "\n\n".join(blocks) + "\n" if blocks else "no flow versions\n"

    def __repr__(self) -> str:
        return f"<Coverage versions={len(self.versions)}>"


def coverage(source: Payload | LiveFlow | VersionRef | Session | Iterable[Session]) -> Coverage:
    """The session coverage of every version in ``source`` (a document, a flow, one
    version with its sessions, or sessions): see the module docstring."""
    unattributed: list[str] = []
    if isinstance(source, Payload):
        refs = source.versions()
        unattributed = [s.id for s in source.sessions if s.flow_version is None]
    elif isinstance(source, LiveFlow):
        refs = list(source.versions().values())
        unattributed = [s.id for s in source.sessions if s.flow_version is None]
    elif isinstance(source, VersionRef):
        refs = [source]
    else:
        sessions = [source] if isinstance(source, Session) else list(source)
        refs = list(collect_versions([(s, ()) for s in sessions]).values())
        unattributed = [s.id for s in sessions if s.flow_version is None]
    return Coverage(tuple(version_coverage(ref) for ref in refs), tuple(unattributed))


def version_coverage(ref: VersionRef) -> VersionCoverage:
    """The coverage of one version by the sessions listed on ``ref``."""
    return graph_coverage(FlowGraph.of(ref))


def graph_coverage(graph: FlowGraph) -> VersionCoverage:
    """The coverage of ``graph``'s version by ``graph.sessions``."""
    traces = tuple(trace(session, graph) for session in graph.sessions)
    sessions: Counter[str] = Counter()
    runs: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    stopped: dict[str, Counter[str]] = {}
    taken: Counter[str] = Counter()
    for path in traces:
        runs.update(path.step_ids)
        sessions.update(set(path.step_ids))
        taken.update(set(path.taken))
        if path.stopped_at is not None:
            stopped.setdefault(path.stopped_at, Counter())[path.status or "no status"] += 1
        if path.failed_at is not None:
            failed[path.failed_at] += 1
    steps = tuple(
        StepCoverage(
            step_id=sid,
            name=graph.steps[sid].name,
            sessions=sessions[sid],
            runs=runs[sid],
            stopped=tuple(sorted(stopped.get(sid, Counter()).items())),
            failed=failed[sid],
        )
        for sid in graph.bfs_order
    )
    position = {sid: i for i, sid in enumerate(graph.bfs_order)}
    moves = sorted(
        (position[source], position[target], key)
        for source, targets in graph.adjacency.items()
        for target, keyed in targets.items()
        for key in keyed
    )
    transitions = tuple(
        TransitionCoverage(
            transition_id=key,
            source_step_id=graph.transitions[key].source_step_id,
            target_step_id=graph.transitions[key].target_step_id,
            label=graph.transitions[key].label,
            sessions=taken[key],
        )
        for _, _, key in moves
    )
    flow = graph.flow
    return VersionCoverage(
        version_id=graph.version_id,
        flow_id=graph.flow_id,
        flow_name=flow.name if flow is not None else None,
        is_current=flow.current_version.id == graph.version_id if flow is not None else None,
        steps=steps,
        transitions=transitions,
        sessions=traces,
    )


# -- text -----------------------------------------------------------------------------------


def _step_text(step: StepCoverage) -> str:
    return f"'{one_line(step.name)}' ({one_line(step.step_id, 40)})"


def _listed(lines: list[str]) -> list[str]:
    shown = [f"    {line}" for line in lines[:_LISTED]]
    if len(lines) > _LISTED:
        shown.append(f"    ... and {len(lines) - _LISTED} more")
    return shown


def _version_text(v: VersionCoverage) -> str:
    flow = (
        f"flow '{one_line(v.flow_name)}' ({one_line(v.flow_id or '', 40)}) · "
        if v.flow_name is not None
        else ""
    )
    current = " (current)" if v.is_current else ""
    lines = [f"{flow}version {one_line(v.version_id, 40)}{current}"]
    count = len(v.sessions)
    if not count:
        lines.append("  no session ran on this version: nothing is exercised")
    done = len(v.steps) - len(v.unexercised_steps)
    lines.append(
        f"  steps: {done} of {len(v.steps)} exercised ({_percent(done, len(v.steps))}) "
        f"by {count} session{'s' * (count != 1)}"
    )
    moved = len(v.transitions) - len(v.unexercised_transitions)
    lines.append(
        f"  transitions: {moved} of {len(v.transitions)} exercised "
        f"({_percent(moved, len(v.transitions))})"
    )
    if not count:
        return "\n".join(lines)
    by_id = {s.step_id: s for s in v.steps}
    if v.unexercised_steps:
        lines.append("  steps no session ran:")
        lines.extend(_listed([_step_text(s) for s in v.unexercised_steps]))
    if v.unexercised_transitions:
        lines.append("  transitions no session is known to have taken:")
        lines.extend(
            _listed(
                [
                    f"'{one_line(t.transition_id, 40)}' {_step_text(by_id[t.source_step_id])} -> "
                    f"{_step_text(by_id[t.target_step_id])}"
                    + (f" ({one_line(t.label)})" if t.label else "")
                    for t in v.unexercised_transitions
                ]
            )
        )
    ended = [s for s in v.steps if s.stopped]
    if ended:
        lines.append("  where sessions stopped:")
        lines.extend(
            _listed(
                [
                    f"{_step_text(s)}: "
                    + ", ".join(f"{n} {one_line(status)}" for status, n in s.stopped)
                    for s in ended
                ]
            )
        )
    failed = [s for s in v.steps if s.failed]
    if failed:
        lines.append("  where sessions failed:")
        lines.extend(_listed([f"{_step_text(s)}: {s.failed}" for s in failed]))
    if v.undetermined:
        lines.append("  where a session does not tell which transition it took:")
        lines.extend(
            _listed(
                [
                    f"session {one_line(s.session_id, 40)}: {note}"
                    for s in v.undetermined
                    for note in s.undetermined
                ]
            )
        )
    return "\n".join(lines)
