"""``liveflow-graph render``: formats, selection, overlays, atomic writes, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from liveflow_graph.cli import main
from tests.conftest import DATA, EXAMPLES
from tests.diagrams.helpers import parse_svg, svg_ids

EXAMPLE = str(EXAMPLES / "support-triage.json")
FAILED_SESSION = "5a000000-0000-4000-8000-000000000002"
OLD_VERSION = "ae000000-0000-4000-8000-000000000001"


def test_svg_file(tmp_path: Path) -> None:
    out = tmp_path / "flow.svg"
    assert main(["render", EXAMPLE, "-o", str(out)]) == 0
    ids = svg_ids(parse_svg(out.read_text(encoding="utf-8")))
    assert {f"s{i}" for i in range(8)} <= set(ids)
    assert [p.name for p in tmp_path.iterdir()] == ["flow.svg"]  # no temp file left


@pytest.mark.parametrize(
    ("suffix", "start"),
    [(".dot", "digraph liveflow {"), (".gv", "digraph"), (".mmd", "flowchart TB")],
)
def test_format_from_suffix(tmp_path: Path, suffix: str, start: str) -> None:
    out = tmp_path / f"flow{suffix}"
    assert main(["render", EXAMPLE, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith(start)


def test_overwrites_atomically_and_keeps_the_mode(tmp_path: Path) -> None:
    out = tmp_path / "flow.dot"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert main(["render", EXAMPLE, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("digraph")
    assert out.stat().st_mode & 0o777 == 0o640


def test_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", EXAMPLE, "-o", "-", "--format", "mermaid", "--rankdir", "LR"]) == 0
    assert capsys.readouterr().out.startswith("flowchart LR\n")


def test_default_is_svg_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", EXAMPLE, "--backend", "wasm"]) == 0
    parse_svg(capsys.readouterr().out)


def test_session_selects_its_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", EXAMPLE, "--format", "dot", "--session", FAILED_SESSION]) == 0
    out = capsys.readouterr().out
    assert f"version {OLD_VERSION} · session {FAILED_SESSION} (FAILED)" in out
    assert "session-failed" in out
    assert "write_reply" in out


def test_version_focus_and_sessions(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["render", EXAMPLE, "--format", "dot", "--version", OLD_VERSION, "--sessions"]
    assert main([*args, "--focus", "write_reply", "--radius", "1"]) == 0
    out = capsys.readouterr().out
    assert "around write_reply (radius 1)" in out
    assert "reached 2" in out


def test_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["render", EXAMPLE, "--format", "dot", "--findings"])
    captured = capsys.readouterr()
    assert code == 0
    assert "finding-" in captured.out  # the example has deliberate defects


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "flow.txt"], "cannot tell the format of 'flow.txt'"),
        (["-o", "flow.svg", "--format", "dot"], "--format dot does not match"),
        (["--format", "jpeg"], "unknown --format 'jpeg'"),
        (["--backend", "cairo"], "unknown --backend 'cairo'"),
        (["--engine", "bogus"], "unknown --engine 'bogus'"),
        (["--radius", "2"], "--radius needs --focus"),
        (["--session", "x", "--sessions"], "either --session ID or --sessions"),
        (["--session", "nope"], "no session 'nope'"),
        (["--version", "nope"], "no version 'nope'"),
        (
            ["--version", OLD_VERSION, "--session", "5a000000-0000-4000-8000-000000000005"],
            "did not run on version",
        ),
        (["--focus", "nope"], "no step with id or name 'nope'"),
        (["--rankdir", "XY"], "unknown rankdir 'XY'"),
        (["-o", "/nonexistent-dir/flow.svg"], "/nonexistent-dir/flow.svg: cannot write: "),
    ],
)
def test_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", EXAMPLE, *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_many_versions_need_a_choice(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(DATA / "flows_list.json"), "--format", "dot"]) == 2
    assert "choose one with --version ID" in capsys.readouterr().err


def test_large_diagram_warning_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("liveflow_graph.diagrams.svg.LARGE_DIAGRAM_EDGES", 2)
    assert main(["render", EXAMPLE]) == 0
    err = capsys.readouterr().err
    assert err.startswith("liveflow-graph: warning: the diagram has about")


def test_png_file(tmp_path: Path) -> None:
    out = tmp_path / "flow.png"
    assert main(["render", EXAMPLE, "--findings", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    other = tmp_path / "picture"
    assert main(["render", EXAMPLE, "--format", "png", "-o", str(other)]) == 0
    assert other.read_bytes().startswith(b"\x89PNG")


def test_png_refuses_a_svg_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", EXAMPLE, "--format", "png", "-o", str(tmp_path / "x.svg")]) == 2
    assert "does not match" in capsys.readouterr().err
