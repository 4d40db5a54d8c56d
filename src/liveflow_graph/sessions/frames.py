"""pandas DataFrames of steps, transitions, sessions and diagnostics (``pip install
liveflow-graph[pandas]``).

Each function returns one tidy table with one row per item and plain columns (strings,
integers, timestamps), in document order, ready for ``groupby`` and plotting.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from liveflow_graph.errors import MissingDependencyError
from liveflow_graph.model.jsonpath import render
from liveflow_graph.model.payload import Payload, VersionRef

if TYPE_CHECKING:
    import pandas as pd

    from liveflow_graph.validation.diagnostics import Diagnostic

__all__ = [
    "diagnostics_frame",
    "sessions_frame",
    "steps_frame",
    "transitions_frame",
]


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    try:
        import pandas  # optional dependency: imported on use
    except ImportError:
        raise MissingDependencyError(
            "this needs pandas: pip install 'liveflow-graph[pandas]'"
        ) from None
    return pandas.DataFrame(rows, columns=columns)


def _refs(source: Payload | Iterable[VersionRef]) -> list[VersionRef]:
    return source.versions() if isinstance(source, Payload) else list(source)


def steps_frame(source: Payload | Iterable[VersionRef]) -> pd.DataFrame:
    """One row per step of every version: flow, version, current?, step fields, path."""
    rows = [
        {
            "flow_id": ref.flow.id if ref.flow is not None else ref.version.flow_id,
            "version_id": ref.id,
            "is_current": ref.is_current,
            "step_id": step.id,
            "name": step.name,
            "step_type": step.step_type,
            "prompt_type": step.prompt_template.type if step.prompt_template else None,
            "created_at": step.created_at,
            "updated_at": step.updated_at,
            "path": render((*ref.location, "steps", index)),
        }
        for ref in _refs(source)
        for index, step in enumerate(ref.version.steps)
    ]
    return _frame(rows, _STEP_COLUMNS)


def transitions_frame(source: Payload | Iterable[VersionRef]) -> pd.DataFrame:
    """One row per transition of every version, with source and target step names."""
    rows = []
    for ref in _refs(source):
        names = {step.id: step.name for step in ref.version.steps}
        for index, transition in enumerate(ref.version.step_transitions):
            rows.append(
                {
                    "flow_id": ref.flow.id if ref.flow is not None else ref.version.flow_id,
                    "version_id": ref.id,
                    "transition_id": transition.id,
                    "source_step_id": transition.source_step_id,
                    "source_name": names.get(transition.source_step_id),
                    "target_step_id": transition.target_step_id,
                    "target_name": names.get(transition.target_step_id),
                    "label": transition.label,
                    "path": render((*ref.location, "step_transitions", index)),
                }
            )
    return _frame(rows, _TRANSITION_COLUMNS)


def sessions_frame(source: Payload | Iterable[VersionRef]) -> pd.DataFrame:
    """One row per session: status, version, step counts, current step, error, times."""
    rows = []
    for ref in _refs(source):
        for session, location in zip(ref.sessions, ref.session_locations, strict=True):
            current = session.current_step.step if session.current_step is not None else None
            rows.append(
                {
                    "flow_id": ref.flow.id if ref.flow is not None else ref.version.flow_id,
                    "version_id": ref.id,
                    "on_current_version": ref.is_current,
                    "session_id": session.id,
                    "status": session.status,
                    "steps_count": session.steps_count,
                    "steps_run": len(session.steps),
                    "current_step_id": current.id if current is not None else None,
                    "current_step_name": current.name if current is not None else None,
                    "error": None if session.error is None else str(session.error),
                    "created_at": session.created_at,
                    "updated_at": session.updated_at,
                    "path": render(location),
                }
            )
    return _frame(rows, _SESSION_COLUMNS)


def diagnostics_frame(diagnostics: Iterable[Diagnostic]) -> pd.DataFrame:
    """One row per diagnostic (ids joined with commas)."""
    rows = [
        {
            "flow_id": d.flow_id,
            "version_id": d.version_id,
            "code": d.code,
            "rule": d.rule,
            "severity": d.severity.value,
            "message": d.message,
            "step_ids": ",".join(d.step_ids),
            "transition_ids": ",".join(d.transition_ids),
            "path": d.path,
        }
        for d in diagnostics
    ]
    return _frame(rows, _DIAGNOSTIC_COLUMNS)


_STEP_COLUMNS = [
    "flow_id",
    "version_id",
    "is_current",
    "step_id",
    "name",
    "step_type",
    "prompt_type",
    "created_at",
    "updated_at",
    "path",
]
_TRANSITION_COLUMNS = [
    "flow_id",
    "version_id",
    "transition_id",
    "source_step_id",
    "source_name",
    "target_step_id",
    "target_name",
    "label",
    "path",
]
_SESSION_COLUMNS = [
    "flow_id",
    "version_id",
    "on_current_version",
    "session_id",
    "status",
    "steps_count",
    "steps_run",
    "current_step_id",
    "current_step_name",
    "error",
    "created_at",
    "updated_at",
    "path",
]
_DIAGNOSTIC_COLUMNS = [
    "flow_id",
    "version_id",
    "code",
    "rule",
    "severity",
    "message",
    "step_ids",
    "transition_ids",
    "path",
]
