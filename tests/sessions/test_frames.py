"""DataFrame exports: one row per item, stable columns, a clear error without pandas."""

from __future__ import annotations

import builtins
import sys
from typing import Any

import pytest

from liveflow_graph import load
from liveflow_graph.sessions.frames import (
    MissingDependencyError,
    diagnostics_frame,
    sessions_frame,
    steps_frame,
    transitions_frame,
)
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from tests.conftest import EXAMPLES


def test_frames_of_the_example() -> None:
    payload = load(EXAMPLES / "support-triage.json")
    steps = steps_frame(payload)
    assert len(steps) == 8 + 5 + 7  # v3, v1, v2
    assert steps["is_current"].sum() == 8
    assert steps.loc[0, "path"] == "$.current_version.steps[0]"
    transitions = transitions_frame(payload)
    assert len(transitions) == 7 + 4 + 7
    assert set(transitions["source_name"].dropna()) >= {"start", "classify_ticket"}
    sessions = sessions_frame(payload)
    assert len(sessions) == 6
    assert sessions.groupby("status").size().to_dict()["FINISHED"] == 2
    assert sessions["path"].str.startswith("$.sessions[").all()


def test_diagnostics_frame() -> None:
    diag = Diagnostic("LF101", "unreachable-step", Severity.ERROR, "m", "$.x", ("a", "b"))
    frame = diagnostics_frame([diag])
    assert frame.loc[0, "step_ids"] == "a,b"
    assert frame.loc[0, "severity"] == "error"
    assert list(diagnostics_frame([]).columns) == list(frame.columns)


def test_missing_pandas_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas":
            raise ImportError("no pandas")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "pandas", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(MissingDependencyError, match=r"pip install 'liveflow-graph\[pandas\]'"):
        steps_frame(load(EXAMPLES / "support-triage.json"))
