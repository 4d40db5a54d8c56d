"""A usage error (unknown command or option, missing argument, bad value) is one line on
stderr and exit code 2, through :func:`main`, Typer's test runner and the real process;
help, ``--version`` and running with no arguments behave as before."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from liveflow_graph.cli import app, main
from tests.conftest import DATA

Run = Callable[[list[str]], tuple[int, str, str]]
"""Run the CLI on an argv; return its exit code, stdout and stderr."""

PREFIX = "liveflow-graph: error: "


def _run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _run_typer(argv: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, argv, prog_name="liveflow-graph")
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(params=["main", "CliRunner"])
def run(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]) -> Run:
    """The CLI run in process, through :func:`main` and through Typer's ``CliRunner``."""
    if request.param == "main":
        return lambda argv: _run_main(argv, capsys)
    return _run_typer


def _the_error_line(code: int, out: str, err: str) -> str:
    """The one error line of a usage error, after checking it is exactly that."""
    assert code == 2, (code, err)
    assert out == ""
    assert err.endswith("\n"), err
    assert err.count("\n") == 1, err
    assert err.startswith(PREFIX), err
    assert "Usage:" not in err
    assert "Traceback" not in err
    return err[len(PREFIX) : -1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        # unknown option, on a command and on the program
        (
            ["validate", "--bogus", "x.json"],
            "no such option: --bogus (did you mean --jobs?) (see 'liveflow-graph validate -h')",
        ),
        (["--bogus"], "no such option: --bogus (see 'liveflow-graph -h')"),
        # unknown command, with and without a suggestion
        (["nosuch"], "no such command 'nosuch' (see 'liveflow-graph -h')"),
        (
            ["sumary", "x.json"],
            "no such command 'sumary'. Did you mean 'summary'? (see 'liveflow-graph -h')",
        ),
        # missing argument
        (["render"], "missing argument 'path' (see 'liveflow-graph render -h')"),
        (["summary"], "missing argument 'PATH...' (see 'liveflow-graph summary -h')"),
        (["diff"], "missing argument 'OLD' (see 'liveflow-graph diff -h')"),
        # an option without its value, or with a value it does not take
        (
            ["validate", "x.json", "-f"],
            "option '-f' requires an argument (see 'liveflow-graph validate -h')",
        ),
        (
            ["validate", "--isolated=yes", "x.json"],
            "option '--isolated' does not take a value (see 'liveflow-graph validate -h')",
        ),
        (
            ["rules", "--explain"],
            "option '--explain' requires an argument (see 'liveflow-graph rules -h')",
        ),
        (["--version=1"], "option '--version' does not take a value (see 'liveflow-graph -h')"),
        # too many arguments
        (
            ["render", "a.json", "b.json"],
            "got unexpected extra argument(s) (b.json) (see 'liveflow-graph render -h')",
        ),
        # an option name or command holding a line break and an escape stays one line
        (
            ["validate", "--bo\x1bgus\nx", "x.json"],
            "no such option: --bo\\x1bgus\\x0ax (see 'liveflow-graph validate -h')",
        ),
        (["no\nsuch"], "no such command 'no\\nsuch' (see 'liveflow-graph -h')"),
    ],
)
def test_a_usage_error_is_one_line(run: Run, argv: list[str], message: str) -> None:
    assert _the_error_line(*run(argv)) == message


@pytest.mark.parametrize(
    ("argv", "option", "command"),
    [
        (["render", "--timeout", "abc", "x.json"], "--timeout", "render"),
        (["render", "--radius", "x", "x.json"], "--radius", "render"),
        (["diff", "--timeout", "soon", "a.json"], "--timeout", "diff"),
    ],
)
def test_a_bad_option_value_is_one_line(
    run: Run, argv: list[str], option: str, command: str
) -> None:
    line = _the_error_line(*run(argv))
    # what follows the option name is the type's complaint, worded by typer
    assert line.startswith(f"invalid value for '{option}': "), line
    assert line.endswith(f" (see 'liveflow-graph {command} -h')"), line


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["validate", "--format", "yaml", "x.json"],
            "unknown --format 'yaml' (must be one of text, json, sarif, github, gitlab)",
        ),
        (
            ["render", "--backend", "gpu", "x.json"],
            "unknown --backend 'gpu' (must be one of auto, wasm, dot)",
        ),
    ],
)
def test_a_bad_choice_reads_like_a_usage_error(run: Run, argv: list[str], message: str) -> None:
    """Choices are checked by the commands (:func:`fail`), in the same one-line form."""
    assert _the_error_line(*run(argv)) == message


@pytest.mark.slow  # subprocess
def test_the_installed_entry_point_prints_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "liveflow_graph", "validate", "--bogus", "x.json"],
        capture_output=True,
        text=True,
        check=False,
    )
    line = _the_error_line(result.returncode, result.stdout, result.stderr)
    assert line == (
        "no such option: --bogus (did you mean --jobs?) (see 'liveflow-graph validate -h')"
    )


@pytest.mark.parametrize(
    "argv", [["-h"], ["--help"], ["validate", "-h"], ["render", "--help"], ["rules", "-h"]]
)
def test_help_is_unchanged(run: Run, argv: list[str]) -> None:
    code, out, err = run(argv)
    assert code == 0
    assert out.startswith("Usage: liveflow-graph"), out
    assert "Options:" in out
    assert "-h, --help" in out
    assert err == ""


def test_no_arguments_still_prints_the_help(run: Run) -> None:
    code, out, err = run([])
    assert code == 2
    assert out == ""
    assert err.startswith("Usage: liveflow-graph [OPTIONS] COMMAND [ARGS]...\n"), err
    assert "Commands:" in err
    assert "validate" in err
    assert "error" not in err


def test_version_success_and_findings_keep_their_exit_codes(run: Run) -> None:
    code, out, err = run(["--version"])
    assert (code, err) == (0, "")
    assert out.startswith("liveflow-graph ")
    code, out, err = run(["summary", str(DATA / "linear_flow.json")])
    assert (code, err) == (0, "")
    assert out.startswith("flow document from ")
    code, out, err = run(["validate", "--isolated", str(DATA / "dangling_flow.json")])
    assert (code, err) == (1, "")
    assert out != ""
