"""The path one session took through its version: its steps in the order they ran, the
transitions that order implies, and what the session does not say.

A session lists the steps it ran (``steps``, plus ``current_step`` when that one is not
listed).  The order comes from their ``created_at`` when every one has a time and the
times can be compared (all with a time zone or all without), ties kept in list order;
otherwise from the list itself, and the trace says so.

The transition into a step ``b`` is read from the steps that ran before it, since ``b``
last ran (flows fan out: ``start -> classify`` and ``start -> lookup`` may both run, one
after the other), or from ``b`` itself when it runs twice in a row (a retry): when
exactly one of them has a transition to ``b``, and exactly one such transition, that
transition was taken.  It cannot be told, and the trace says why,
when none of them leads to ``b`` (the session did not follow the version), when several
do (``b`` merges branches: whether one or all of the transitions carried the session is
not recorded), when one step leads to ``b`` by several transitions (parallel transitions
with different labels), or when that step and ``b`` started at the same instant.  A
session step that names no step of the version is left out, and said.
"""

from __future__ import annotations

from dataclasses import dataclass

from liveflow_graph.escape import one_line
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import FAILED_STATUSES, Session, SessionStep

__all__ = ["SessionTrace", "trace"]

_SHOWN = 40
"""Characters of a user string (an id) in a note."""


@dataclass(frozen=True, slots=True)
class SessionTrace:
    """Where one session went on its version.

    ``order`` is ``"timestamps"`` or ``"list"`` (how the steps were put in order);
    ``step_ids`` the version's steps it ran, in that order (repeats included);
    ``taken`` the transitions known to be taken, in order; ``undetermined`` one plain
    sentence per place where the transition taken cannot be told (or the order is a
    guess); ``stopped_at`` the step it is at or ended at; ``failed_at`` the step it
    failed at, if it failed at one.
    """

    session_id: str
    status: str | None
    order: str
    step_ids: tuple[str, ...]
    taken: tuple[str, ...]
    undetermined: tuple[str, ...]
    stopped_at: str | None
    failed_at: str | None

    @property
    def complete(self) -> bool:
        """Whether every transition of the session's path is known."""
        return not self.undetermined

    def to_dict(self) -> dict[str, object]:
        """The JSON form (lists for tuples)."""
        return {
            "session_id": self.session_id,
            "status": self.status,
            "order": self.order,
            "step_ids": list(self.step_ids),
            "taken": list(self.taken),
            "undetermined": list(self.undetermined),
            "stopped_at": self.stopped_at,
            "failed_at": self.failed_at,
        }


def _runs(session: Session) -> list[SessionStep]:
    """The session's steps, with ``current_step`` added when it is not among them."""
    runs = list(session.steps)
    current = session.current_step
    if current is not None and all(run.id != current.id for run in runs):
        runs.append(current)
    return runs


def _ordered(runs: list[SessionStep]) -> tuple[list[SessionStep], bool]:
    """``runs`` in the order they ran, and whether the timestamps gave that order."""
    stamps = [run.created_at for run in runs]
    known = [stamp for stamp in stamps if stamp is not None]
    comparable = len(known) == len(stamps) and len({s.tzinfo is None for s in known}) <= 1
    if not comparable:
        return runs, False
    # every run has a time (``known`` is ``stamps`` without Nones, so the same list)
    order = sorted(range(len(runs)), key=lambda i: (known[i], i))
    return [runs[i] for i in order], True


def _name(graph: FlowGraph, step_id: str) -> str:
    step = graph.steps[step_id]
    return f"'{one_line(step.name, _SHOWN)}' ({one_line(step_id, _SHOWN)})"


def trace(session: Session, graph: FlowGraph) -> SessionTrace:
    """The path ``session`` took on ``graph`` (the version it ran on); see the module
    docstring for how the order and the transitions are worked out."""
    runs = _runs(session)
    ordered, by_time = _ordered(runs)
    notes: list[str] = []
    if not by_time and len(runs) > 1:
        notes.append(
            "its steps do not all carry comparable created_at times: their order, and so "
            "the transitions, are taken from the list"
        )
    step_ids: list[str] = []
    taken: list[str] = []
    failed_at: str | None = None
    latest: dict[str, SessionStep] = {}  # step id -> its latest run so far
    for position, run in enumerate(ordered, start=1):
        step_id = run.step_id
        if step_id is None or step_id not in graph.steps:
            what = (
                "names no step"
                if step_id is None
                else f"is step '{one_line(step_id, _SHOWN)}', not a step of this version"
            )
            notes.append(f"its step #{position} {what}: it is left out")
            continue
        if step_ids:
            note = _into(graph, latest, run, by_time, taken)
            if note is not None:
                notes.append(note)
        step_ids.append(step_id)
        if (run.status or "") in FAILED_STATUSES:
            failed_at = step_id
        # dicts keep insertion order: re-inserting keeps ``latest`` ordered by last run
        latest.pop(step_id, None)
        latest[step_id] = run
    current = session.current_step
    at = current.step_id if current is not None else None
    stopped_at = (
        at if at is not None and at in graph.steps else (step_ids[-1] if step_ids else None)
    )
    if (session.status or "") in FAILED_STATUSES and stopped_at is not None:
        failed_at = stopped_at
    return SessionTrace(
        session_id=session.id,
        status=session.status,
        order="timestamps" if by_time else "list",
        step_ids=tuple(step_ids),
        taken=tuple(taken),
        undetermined=tuple(notes),
        stopped_at=stopped_at,
        failed_at=failed_at,
    )


def _into(
    graph: FlowGraph,
    latest: dict[str, SessionStep],
    run: SessionStep,
    by_time: bool,
    taken: list[str],
) -> str | None:
    """Add the transition that led into ``run`` to ``taken`` when it is known, or say why
    it is not.  ``latest`` holds the latest run of each step so far, ordered by it."""
    target = run.step_id
    assert target is not None  # a step of the graph
    predecessors = graph.reverse_adjacency[target]
    # the steps that ran since the target last ran; the target itself (a retry) when
    # nothing else ran since
    recent = list(latest)
    if target in latest:
        recent = recent[recent.index(target) + 1 :] or [target]
    sources = [sid for sid in recent if sid in predecessors]
    here = _name(graph, target)
    if not sources:
        return f"no step that ran before {here} (since it last ran) has a transition to it"
    if len(sources) > 1:
        listed = ", ".join(_name(graph, sid) for sid in sources)
        return (
            f"{listed} all ran before {here} and lead to it: which of their transitions "
            "carried the session (one or all) is not recorded"
        )
    source = sources[0]
    pair = f"{_name(graph, source)} to {here}"
    if by_time and latest[source].created_at == run.created_at:
        return (
            f"{_name(graph, source)} and {here} started at the same time: which ran first, "
            "and so the transition, is not known"
        )
    between = predecessors[source]
    if len(between) == 1:
        taken.extend(between)
        return None
    ids = ", ".join(f"'{one_line(t, _SHOWN)}'" for t in sorted(between))
    return f"{len(between)} transitions lead from {pair} ({ids}): which one was taken is unknown"
