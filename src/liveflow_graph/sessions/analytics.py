"""Session analytics: what happened to the sessions of a flow, per status, version and step.

>>> from liveflow_graph import load, analyze_sessions
>>> stats = analyze_sessions(load("examples/support-triage.json"))  # doctest: +SKIP
>>> stats.by_status  # doctest: +SKIP
{'FINISHED': 2, 'FAILED': 1, ...}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from liveflow_graph.escape import html_text, one_line
from liveflow_graph.model.models import (
    FAILED_STATUSES,
    LiveFlow,
    Session,
    SessionStatus,
)
from liveflow_graph.model.payload import Payload

__all__ = ["FailureGroup", "SessionAnalytics", "StepActivity", "analyze_sessions"]

_WAITING = SessionStatus.WAITING_FOR_USER_INPUT.value
_FINAL = frozenset(
    {
        SessionStatus.FINISHED.value,
        SessionStatus.COMPLETED.value,
        SessionStatus.FAILED.value,
        SessionStatus.CANCELLED.value,
    }
)


@dataclass(frozen=True, slots=True)
class StepActivity:
    """How sessions met one step: ``reached`` (ran it), ``current`` (are at it now),
    ``failed`` (failed at it) and ``waiting`` (wait for user input at it)."""

    step_id: str
    name: str
    reached: int = 0
    current: int = 0
    failed: int = 0
    waiting: int = 0


@dataclass(frozen=True, slots=True)
class FailureGroup:
    """Sessions that failed with the same error message."""

    message: str
    session_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many sessions failed this way."""
        return len(self.session_ids)


@dataclass(frozen=True, repr=False)
class SessionAnalytics:
    """Counts over a set of sessions.  Build it with :func:`analyze_sessions`."""

    sessions: tuple[Session, ...]
    by_status: dict[str, int]
    by_version: dict[str, int]
    steps: dict[str, StepActivity]
    failures: tuple[FailureGroup, ...]
    waiting: tuple[Session, ...] = field(default=())

    @property
    def total(self) -> int:
        """The number of sessions."""
        return len(self.sessions)

    @property
    def active(self) -> tuple[Session, ...]:
        """Sessions not in a final status (finished, completed, failed, cancelled)."""
        return tuple(s for s in self.sessions if (s.status or "") not in _FINAL)

    def stuck(self, older_than: timedelta, *, now: datetime | None = None) -> list[Session]:
        """Sessions waiting for user input whose last update is older than ``older_than``.

        ``now`` defaults to the current UTC time; sessions without ``updated_at`` count as
        stuck (nobody can say when they last moved).
        """
        moment = now or datetime.now(UTC)
        out = []
        for session in self.waiting:
            stamp = session.updated_at or session.created_at
            if stamp is None:
                out.append(session)
                continue
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=UTC)
            if moment - stamp > older_than:
                out.append(session)
        return out

    def summary(self) -> str:
        """One line: ``6 sessions: 2 FINISHED, 1 FAILED, ...; 1 waiting for input``."""
        if not self.sessions:
            return "no sessions"
        parts = ", ".join(f"{n} {one_line(status)}" for status, n in self.by_status.items())
        text = f"{self.total} session{'s' * (self.total != 1)}: {parts}"
        if self.failures:
            text += f"; {len(self.failures)} distinct failure message(s)"
        return text

    def __repr__(self) -> str:
        return f"<SessionAnalytics {self.summary()}>"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html_text(a.name)}</td><td><code>{html_text(a.step_id)}</code></td>"
            f"<td>{a.reached}</td><td>{a.current}</td><td>{a.waiting}</td><td>{a.failed}</td></tr>"
            for a in self.steps.values()
        )
        return (
            f"<p>{html_text(self.summary())}</p>"
            "<table><thead><tr><th>step</th><th>id</th><th>reached</th><th>current</th>"
            f"<th>waiting</th><th>failed</th></tr></thead><tbody>{rows}</tbody></table>"
        )


def _sessions_of(source: Payload | LiveFlow | Iterable[Session]) -> tuple[Session, ...]:
    if isinstance(source, Payload):
        return tuple(source.sessions)
    if isinstance(source, LiveFlow):
        return tuple(source.sessions)
    return tuple(source)


def _ordered(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def analyze_sessions(source: Payload | LiveFlow | Iterable[Session]) -> SessionAnalytics:
    """Count the sessions of a payload, a flow, or any sessions, by status, version and step.

    Per step (keyed by step id, in order of first appearance): how many sessions reached it
    (a session step ran it), are currently at it, wait for user input at it, or failed at
    it (a failed session step, or a failed session whose current step it is).  Failures are
    grouped by their error message, most frequent first.
    """
    sessions = _sessions_of(source)
    by_status: Counter[str] = Counter()
    by_version: Counter[str] = Counter()
    names: dict[str, str] = {}
    reached: Counter[str] = Counter()
    current: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    waiting_at: Counter[str] = Counter()
    failures: dict[str, list[str]] = {}
    waiting: list[Session] = []

    for session in sessions:
        status = session.status or "UNKNOWN"
        by_status[status] += 1
        if session.flow_version is not None:
            by_version[session.flow_version.id] += 1
            for step in session.flow_version.steps:
                names.setdefault(step.id, step.name)
        failed_here: set[str] = set()
        for run in session.steps:
            if run.step is None:
                continue
            names.setdefault(run.step.id, run.step.name)
            reached[run.step.id] += 1
            if (run.status or "") in FAILED_STATUSES:
                failed_here.add(run.step.id)
        at = session.current_step.step if session.current_step is not None else None
        if at is not None:
            names.setdefault(at.id, at.name)
            current[at.id] += 1
            if status == _WAITING:
                waiting_at[at.id] += 1
            if status in FAILED_STATUSES:
                failed_here.add(at.id)
        failed.update(failed_here)
        if status == _WAITING:
            waiting.append(session)
        if status in FAILED_STATUSES or session.error:
            message = _error_text(session.error) or "(no error message)"
            failures.setdefault(message, []).append(session.id)

    steps = {
        sid: StepActivity(
            step_id=sid,
            name=name,
            reached=reached[sid],
            current=current[sid],
            failed=failed[sid],
            waiting=waiting_at[sid],
        )
        for sid, name in names.items()
    }
    groups = sorted(
        (FailureGroup(message, tuple(ids)) for message, ids in failures.items()),
        key=lambda g: (-g.count, g.message),
    )
    return SessionAnalytics(
        sessions=sessions,
        by_status=_ordered(by_status),
        by_version=_ordered(by_version),
        steps=steps,
        failures=tuple(groups),
        waiting=tuple(waiting),
    )


def _error_text(error: object) -> str:
    if error is None:
        return ""
    if isinstance(error, str):
        return error.strip()
    if isinstance(error, dict):
        for key in ("message", "detail", "error"):
            value = error.get(key)
            if isinstance(value, str):
                return value.strip()
    return str(error)
