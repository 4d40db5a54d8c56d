"""`liveflow-graph coverage`: text, JSON, one version, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liveflow_graph.cli import main
from tests.conftest import EXAMPLES

EXAMPLE = str(EXAMPLES / "support-triage.json")
V1 = "ae000000-0000-4000-8000-000000000001"


def test_text_of_every_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", EXAMPLE]) == 0
    out = capsys.readouterr().out
    assert out.count("· version ") == 3
    assert "steps: 7 of 8 exercised (88%) by 2 sessions" in out
    assert "where a session does not tell which transition it took:" in out


def test_json_of_one_version_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "coverage.json"
    assert main(["coverage", EXAMPLE, "--version", V1, "-f", "json", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    data = json.loads(target.read_text())
    assert data["source"] == EXAMPLE
    assert [v["version_id"] for v in data["versions"]] == [V1]
    assert data["versions"][0]["summary"]["steps"] == {"exercised": 5, "total": 5, "share": 1.0}


def test_several_files_are_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", EXAMPLE, EXAMPLE, "--version", V1]) == 0
    out = capsys.readouterr().out
    assert out.count(f"{EXAMPLE}:\n") == 2
    assert main(["coverage", EXAMPLE, EXAMPLE, "-f", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--version", "nope"], "no version 'nope' in "),
        (["--format", "svg"], "unknown --format 'svg' (must be one of text, json)"),
    ],
)
def test_usage_errors_are_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["coverage", EXAMPLE, *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
