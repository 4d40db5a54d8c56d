"""An unexpected error is a crash with its own exit code, never mistaken for findings."""

from __future__ import annotations

import pytest

import liveflow_graph.cli.summary as summary_command
from liveflow_graph.cli import main
from liveflow_graph.cli._app import DEBUG_ENV, EXIT_CRASH
from tests.conftest import EXAMPLES

EXAMPLE = str(EXAMPLES / "support-triage.json")


@pytest.fixture
def broken_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> str:
        raise RuntimeError("boom\nwith a second line")

    monkeypatch.setattr(summary_command, "summarize", boom)
    monkeypatch.delenv(DEBUG_ENV, raising=False)


@pytest.mark.usefixtures("broken_summary")
def test_a_crash_exits_3_with_one_line_and_no_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["summary", EXAMPLE]) == EXIT_CRASH == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "a bug in liveflow-graph: RuntimeError: boom with a second line" in err
    assert "please report it at https://" in err
    assert "--debug" in err
    assert "Traceback" not in err


@pytest.mark.usefixtures("broken_summary")
def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--debug", "summary", EXAMPLE]) == EXIT_CRASH
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert "in boom" in err
    assert err.splitlines()[-1].startswith("liveflow-graph: error: internal error")


@pytest.mark.usefixtures("broken_summary")
@pytest.mark.parametrize(("value", "traceback"), [("1", True), ("0", False), ("", False)])
def test_the_environment_variable_turns_debug_on(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    value: str,
    traceback: bool,
) -> None:
    monkeypatch.setenv(DEBUG_ENV, value)
    assert main(["summary", EXAMPLE]) == EXIT_CRASH
    assert ("Traceback" in capsys.readouterr().err) is traceback


@pytest.mark.usefixtures("broken_summary")
def test_debug_lasts_one_invocation(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--debug", "summary", EXAMPLE])
    capsys.readouterr()
    main(["summary", EXAMPLE])
    assert "Traceback" not in capsys.readouterr().err


def test_findings_and_bad_input_keep_their_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", EXAMPLE]) == 1  # the example has deliberate defects
    assert main(["validate", "no-such-file.json"]) == 2
