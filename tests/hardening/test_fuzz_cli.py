"""Fuzzing the CLI in process: every command on hostile files, and any command line made of
real and made-up commands, options and values, ends with exit 0 or 1, or exit 2 with
exactly one line on stderr, and never a traceback."""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
import warnings
from pathlib import Path

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.core import TyperGroup

from liveflow_graph.cli import app, main
from tests.conftest import DATA
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


@pytest.mark.slow  # fuzzing: every command on 80 hostile files
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


def _command_options() -> dict[str, list[str]]:
    """Each command's option names, read from the app, leaving out what reaches the network
    (``fetch``, ``--remote``), writes files (``-o``) or reads a configuration file."""
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    unsafe = {"-o", "--output", "--remote", "--config"}
    return {
        name: sorted(
            {
                opt
                for param in command.params
                for opt in (*param.opts, *param.secondary_opts)
                if opt.startswith("-") and opt not in unsafe
            }
        )
        for name, command in root.commands.items()
        if name != "fetch"
    }


OPTIONS = _command_options()
MISTAKES = ["nosuch", "sumary", "--bogus", "-z", "--version=1", "-h"]
"""Words that are not commands or options, or are misplaced (and help, which exits 0)."""
VALUES = st.one_of(
    st.sampled_from(
        [
            str(DATA / "linear_flow.json"),
            str(DATA / "dangling_flow.json"),
            "/no/such/file.json",
            "abc",
            "0",
            "-1",
            "1e999",
            "nan",
            "text",
            "json",
            "dot",
            "mermaid",
            "LR",
            "E=warning",
            "",
        ]
    ),
    # never '-' (stdin) nor an option: those come only from OPTIONS and MISTAKES (NUL
    # included: a real command line cannot hold one, an in-process call can)
    st.text(max_size=8).filter(lambda text: not text.startswith("-")),
)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command (or a mistaken one) followed by a few of its options, mistakes and values."""
    command = draw(st.sampled_from([*sorted(OPTIONS), *MISTAKES]))
    option = st.sampled_from(OPTIONS.get(command) or MISTAKES)
    token = st.one_of(
        option,
        st.builds(lambda opt, value: f"{opt}={value}", option, VALUES),
        st.sampled_from(MISTAKES),
        VALUES,
    )
    return [command, *draw(st.lists(token, max_size=6))]


USAGE_ERROR = re.compile(r"liveflow-graph: error: .* \(see 'liveflow-graph[^']* -h'\)\n")


def check_command_line_outcome(argv: list[str], code: int, err: str) -> None:
    """:func:`check_outcome`, except that ``validate`` reports each input it cannot read on
    a line of its own and goes on, so several bad inputs give several lines.  A usage error
    (it ends by pointing to the help) is always the only line."""
    if argv[0] == "validate" and code == 2 and not USAGE_ERROR.fullmatch(err):
        assert "Traceback" not in err
        lines = err.splitlines()
        assert lines, "exit 2 without saying why"
        assert all(
            line.startswith(("liveflow-graph: error:", "liveflow-graph: warning:"))
            for line in lines
        ), err
        return
    check_outcome(code, err)
    if code == 2 and "(see 'liveflow-graph" in err:
        assert USAGE_ERROR.fullmatch(err), err


@pytest.mark.slow  # fuzzing: 200 generated command lines
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argv=command_lines())
def test_every_command_line_ends_in_a_known_way(argv: list[str]) -> None:
    """Usage errors included: unknown commands and options, missing arguments, bad values."""
    err = io.StringIO()
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(err),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        code = main(argv)
    check_command_line_outcome(argv, code, err.getvalue())


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
