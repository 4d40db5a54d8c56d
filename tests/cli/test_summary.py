"""`liveflow-graph summary` and the CLI's error contract."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from liveflow_graph.cli import main
from tests.conftest import DATA, EXAMPLES


def test_summary_of_a_flow(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(DATA / "old_versions_flow.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("flow document from ")
    assert out.count("version ") >= 3
    assert "(current)" in out


def test_summary_of_every_shape(capsys: pytest.CaptureFixture[str]) -> None:
    names = ["flows_list.json", "bare_version.json", "session.json", "sessions_list.json"]
    assert main(["summary", *(str(DATA / n) for n in names)]) == 0
    out = capsys.readouterr().out
    for kind in ("flows document", "version document", "session document", "sessions document"):
        assert kind in out


def test_summary_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = (DATA / "bare_version.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    assert main(["summary", "-"]) == 0
    assert "version document from <stdin>" in capsys.readouterr().out


def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "malformed" / "missing_step_id.json"
    assert main(["summary", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("liveflow-graph: error: ")
    assert "$.current_version.steps[3].id: field required" in captured.err
    assert "Traceback" not in captured.err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    assert capsys.readouterr().err == (
        "liveflow-graph: error: no such command 'no-such-command' (see 'liveflow-graph -h')\n"
    )


@pytest.mark.slow  # subprocess
def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "liveflow_graph", "summary", str(EXAMPLES / "support-triage.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Support ticket triage" in result.stdout
