"""`liveflow-graph validate` and `liveflow-graph rules`, run in-process."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from liveflow_graph.cli import main
from liveflow_graph.validation.rules import RULES
from tests.conftest import DATA, ROOT

EXAMPLE = "examples/support-triage.json"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_example_fails_with_its_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "validate", EXAMPLE)
    assert code == 1
    assert err == ""
    assert f"{EXAMPLE}:87:7: LF104 unreachable-step 'legacy_escalation'" in out
    assert f"{EXAMPLE}:71:218: LF302 reference-not-upstream the prompt of" in out
    assert "    error at $.current_version.steps[7] in flow 'Support ticket triage'" in out
    assert out.endswith(
        "Found 3 problems (2 errors, 1 warning, 0 info) in 1 flow version of 1 flow.\n"
    )
    assert "\x1b[" not in out  # captured output is not a terminal: no colour


def test_exit_zero_when_nothing_reaches_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "validate", EXAMPLE, "--ignore", "LF104,reference-not-upstream")
    assert code == 0
    assert "1 warning" in out
    code, _, _ = _run(
        capsys,
        "validate",
        EXAMPLE,
        "--ignore",
        "LF104",
        "--ignore",
        "LF302",
        "--fail-on",
        "warning",
    )
    assert code == 1


def test_clean_file_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "validate", str(DATA / "rules" / "cycle" / "valid.json"))
    assert code == 0
    assert out.endswith("No problems found in 1 flow version of 1 flow.\n")


def test_select_and_severity(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "validate", EXAMPLE, "--select", "LF2", "--severity", "LF204=info", "-f", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert [(d["code"], d["severity"]) for d in data["results"][0]["diagnostics"]] == [
        ("LF204", "info")
    ]


def test_all_versions(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "validate", EXAMPLE, "--all-versions", "--format", "json")
    assert json.loads(out)["summary"]["versions"] == 3


def test_json_and_sarif_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "validate", EXAMPLE, "--format", "json")
    assert code == 1
    assert json.loads(out)["summary"]["error"] == 2
    code, out, _ = _run(capsys, "validate", EXAMPLE, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    assert len(log["runs"][0]["results"]) == 3


def test_several_files_and_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / EXAMPLE).read_text()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = _run(capsys, "validate", EXAMPLE, "-", "--format", "sarif")
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    assert len(results) == 6
    assert "physicalLocation" not in results[-1]["locations"][0]  # stdin has no file


def test_lists_of_flows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "validate", str(DATA / "flows_list.json"), "-f", "json")
    data = json.loads(out)
    assert data["summary"]["flows"] == len(data["results"]) >= 2
    assert code in (0, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "unknown --format 'xml'"),
        (["--select", "LF9"], "select: 'LF9' is not a rule name"),
        (["--severity", "cycle"], "expected RULE=LEVEL"),
        (["--severity", "cycle=loud"], "'loud' is not a severity"),
        (["--fail-on", "never"], "unknown --fail-on 'never' (must be one of error, warning, info)"),
        (["--color", "sometimes"], "unknown --color 'sometimes'"),
        (["--config", "nope.toml"], "nope.toml: no such file"),
    ],
)
def test_bad_options_exit_two(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = _run(capsys, "validate", EXAMPLE, *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_bad_input_exits_two_but_reports_the_rest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "validate", "missing.json", EXAMPLE)
    assert code == 2
    assert "liveflow-graph: error: missing.json: no such file" in err
    assert "LF104" in out
    code, _, err = _run(capsys, "validate", str(DATA / "malformed" / "empty.json"))
    assert code == 2
    assert "error" in err


def test_config_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.liveflow-graph]\nignore = ["LF1", "LF3"]\nfail-on = "warning"\n')
    code, out, _ = _run(capsys, "validate", EXAMPLE, "--config", str(config))
    assert code == 1
    assert "LF104" not in out
    assert "LF204" in out
    code, _, _ = _run(capsys, "validate", EXAMPLE, "--config", str(config), "--fail-on", "error")
    assert code == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('[tool.liveflow-graph]\nselekt = ["LF1"]\n')
    code, _, err = _run(capsys, "validate", EXAMPLE, "--config", str(bad))
    assert code == 2
    assert "unknown key 'selekt'" in err


def test_discovered_config_and_isolated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.liveflow-graph]\nignore = ["LF104"]\n')
    target = tmp_path / "flow.json"
    target.write_text((ROOT / EXAMPLE).read_text())
    monkeypatch.chdir(tmp_path)
    _, out, _ = _run(capsys, "validate", "flow.json")
    assert "LF104" not in out
    _, out, _ = _run(capsys, "validate", "flow.json", "--isolated")
    assert "LF104" in out


def test_colour_always_and_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, out, _ = _run(capsys, "validate", EXAMPLE, "--color", "always")
    assert "\x1b[1;31m" in out
    target = tmp_path / "report.sarif"
    code, out, _ = _run(capsys, "validate", EXAMPLE, "-f", "sarif", "-o", str(target))
    assert code == 1
    assert out == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"


def test_colour_on_a_terminal_unless_no_color(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    main(["validate", EXAMPLE])
    assert "\x1b[" in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    plain = Terminal()
    monkeypatch.setattr(sys, "stdout", plain)
    main(["validate", EXAMPLE])
    assert "\x1b[" not in plain.getvalue()


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules")
    assert code == 0
    for rule in RULES:
        assert rule.code in out
        assert rule.name in out
    assert "cycle*" in out  # our judgement is marked


def test_rules_explain(capsys: pytest.CaptureFixture[str]) -> None:
    for key in ("unreachable-step", "LF104", "lf104"):
        code, out, _ = _run(capsys, "rules", "--explain", key)
        assert code == 0
        assert out.startswith("LF104 unreachable-step (default severity: error; structure;")
        assert "**How to fix.**" in out
    code, _, err = _run(capsys, "rules", "--explain", "unreachable")
    assert code == 2
    assert "did you mean 'unreachable-step'" in err


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "rules", "--format", "json")
    data: list[dict[str, Any]] = json.loads(out)
    assert [d["code"] for d in data] == [r.code for r in RULES]
    _, out, _ = _run(capsys, "rules", "--explain", "cycle", "-f", "json")
    assert json.loads(out)[0]["own_judgement"] is True


def test_bad_input_is_a_finding_and_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = str(DATA / "malformed" / "missing_step_id.json")
    assert main(["validate", source]) == 2
    captured = capsys.readouterr()
    assert f"{source}:" in captured.out
    assert "LF001 input-error" in captured.out
    assert "1 input could not be read or parsed" in captured.out
    assert captured.err.count("\n") == 1
