"""Fuzzing the CLI in process: every command on hostile files ends with exit 0 or 1, or
exit 2 with exactly one line on stderr, and never a traceback."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from liveflow_graph.cli import main
from tests.hardening.fuzz import hostile_bytes

COMMANDS = [
    ["summary"],
    ["validate"],
    ["validate", "--isolated", "-f", "json", "--all-versions"],
    ["validate", "--isolated", "-f", "sarif"],
    ["render", "--format", "dot"],
    ["render", "--format", "mermaid"],
    ["diff"],
    ["diff", "--format", "json", "{file}"],
    ["diff", "--format", "markdown", "{file}"],
]


def check_outcome(code: int, err: str) -> None:
    """The only outcomes a command may have."""
    assert "Traceback" not in err
    assert code in (0, 1, 2), code
    if code == 2:
        lines = [line for line in err.splitlines() if line.startswith("liveflow-graph: error:")]
        assert len(lines) == 1, err
        assert err.count("\n") - err.count("liveflow-graph: warning:") == 1, err


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=hostile_bytes())
def test_every_command_on_hostile_files(data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.json"
        path.write_bytes(data)
        for command in COMMANDS:
            argv = [arg.replace("{file}", str(path)) for arg in command]
            if "{file}" not in command:
                argv.append(str(path))
            capsys.readouterr()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                code = main(argv)
            check_outcome(code, capsys.readouterr().err)


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "/no/such/file.json"],
        ["render", "/no/such/file.json"],
        ["diff", "/no/such/a.json", "/no/such/b.json"],
        ["summary", "/"],
        ["render", "--format", "png", "x.json"],
        ["render", "--format", "svg", "--timeout", "-1", "{data}/linear_flow.json"],
        ["diff", "{data}/linear_flow.json#no-such-version"],
        ["render", "--session", "line\nbreak", "{data}/linear_flow.json"],
        ["render", "-o", "/no/such/dir/out.dot", "{data}/linear_flow.json"],
    ],
)
def test_errors_are_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import DATA

    code = main([arg.replace("{data}", str(DATA)) for arg in argv])
    err = capsys.readouterr().err
    assert code == 2
    check_outcome(code, err)


def test_a_schema_error_with_many_problems_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": 1, "steps": [{"id": 2}], "step_transitions": 3}')
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "$.id: expected a string, got the number 1 (and 4 more problems)" in err
