"""`liveflow-graph validate` where linters live: directories, globs, settings per directory,
baselines, ignores, machine formats and FILE:LINE:COL text, in-process."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from liveflow_graph.cli import main
from liveflow_graph.validation.schema import EXACT_REPORT_JSON_SCHEMA
from tests.conftest import DATA, EXAMPLES

EXAMPLE = EXAMPLES / "support-triage.json"
LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<code>LF\d{3}) ", re.M)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of flows: two copies of the example, a clean flow, an ignored and an
    excluded folder, a file that is not JSON."""
    flows = tmp_path / "flows"
    (flows / "team").mkdir(parents=True)
    shutil.copy(EXAMPLE, flows / "triage.json")
    shutil.copy(EXAMPLE, flows / "team" / "triage-copy.json")
    shutil.copy(DATA / "linear_flow.json", flows / "team" / "linear.json")
    (flows / "build").mkdir()
    shutil.copy(DATA / "malformed" / "invalid_json.json", flows / "build" / "out.json")
    (flows / "drafts").mkdir()
    shutil.copy(DATA / "malformed" / "invalid_json.json", flows / "drafts" / "wip.json")
    (flows / "notes.txt").write_text("not a flow")
    (tmp_path / ".git").mkdir()  # the root of a repository: its .gitignore counts
    (tmp_path / ".gitignore").write_text("generated/\n")
    (flows / "generated").mkdir()
    shutil.copy(DATA / "malformed" / "invalid_json.json", flows / "generated" / "x.json")
    (tmp_path / "pyproject.toml").write_text('[tool.liveflow-graph]\nexclude = ["flows/drafts/"]\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return tmp_path


def _files(out: str) -> list[str]:
    return sorted({m["file"] for m in LINE.finditer(out)})


def test_a_directory_is_searched_respecting_gitignore_and_exclude(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "validate", "flows")
    assert code == 1, err
    assert _files(out) == ["flows/team/triage-copy.json", "flows/triage.json"]
    assert "linear.json" not in out  # checked (it is counted), clean: not shown
    assert out.splitlines()[-1].endswith("in 3 flow versions of 2 flows.")
    data = json.loads(_run(capsys, "validate", "flows", "--format", "json")[1])
    sources = [r["source"] for r in data["results"]]
    assert sources == ["flows/team/linear.json", "flows/team/triage-copy.json", "flows/triage.json"]


def test_every_text_line_names_file_line_and_column_that_hold_the_finding(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run(capsys, "validate", "flows/triage.json")
    found = list(LINE.finditer(out))
    assert [m["code"] for m in found] == ["LF104", "LF204", "LF302"]
    lines = Path("flows/triage.json").read_text(encoding="utf-8").splitlines()
    for match in found:
        at = lines[int(match["line"]) - 1][int(match["col"]) - 1 :]
        if match["code"] == "LF302":
            assert at.startswith("${send_reply.result}")  # the reference itself
        else:
            assert at.startswith("{")  # the step object


def test_explicit_files_are_checked_even_when_excluded_or_ignored(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "validate", "flows/drafts/wip.json")
    assert code == 2
    assert "flows/drafts/wip.json:" in out
    assert "LF001 input-error" in out


def test_globs_and_exclude_option(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "validate", "flows/**/triage*.json")
    assert _files(out) == ["flows/team/triage-copy.json", "flows/triage.json"]
    _, out, _ = _run(capsys, "validate", "flows", "--exclude", "team/")
    assert _files(out) == ["flows/triage.json"]
    code, out, _ = _run(capsys, "validate", "flows", "--no-respect-gitignore")
    assert code == 2
    assert "flows/generated/x.json:" in out


def test_no_json_in_a_directory_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "empty").mkdir()
    code, _, err = _run(capsys, "validate", "empty")
    assert code == 2
    assert "no *.json files found in empty" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_results_are_in_input_order_for_any_number_of_jobs(
    repo: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    many = repo / "many"
    many.mkdir()
    for index in range(40):
        shutil.copy(EXAMPLE if index % 3 else DATA / "linear_flow.json", many / f"f{index:02}.json")
    shutil.copy(DATA / "malformed" / "missing_step_id.json", many / "f07.json")
    code, out, err = _run(capsys, "validate", "many", "--format", "json", "--jobs", jobs)
    assert code == 2
    data = json.loads(out)
    jsonschema.validate(data, EXACT_REPORT_JSON_SCHEMA)
    expected = sorted(f"many/f{i:02}.json" for i in range(40) if i != 7)
    assert [r["source"] for r in data["results"]] == expected
    assert [f["source"] for f in data["input_errors"]] == ["many/f07.json"]
    assert err.count("\n") == 1
    assert "many/f07.json" in err
    if jobs == "2":
        assert out == _run(capsys, "validate", "many", "--format", "json", "--jobs", "1")[1]


def test_an_unreadable_input_is_a_finding_in_every_format(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = str(DATA / "malformed" / "invalid_json.json")
    schema = str(DATA / "malformed" / "missing_step_id.json")
    code, out, _ = _run(capsys, "validate", bad, schema, "flows/triage.json", "--format", "json")
    assert code == 2
    data = json.loads(out)
    jsonschema.validate(data, EXACT_REPORT_JSON_SCHEMA)
    [invalid, shape] = data["input_errors"]
    assert invalid["diagnostics"][0]["code"] == "LF001"
    assert invalid["diagnostics"][0]["line"] is not None
    assert shape["diagnostics"][0]["path"].startswith("$.current_version.steps")
    assert shape["diagnostics"][0]["line"] is not None
    assert data["summary"]["inputs_failed"] == 2
    _, sarif, _ = _run(capsys, "validate", bad, "--format", "sarif")
    [result] = json.loads(sarif)["runs"][0]["results"]
    assert result["ruleId"] == "LF001"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "invalid_json.json"
    )
    _, github, _ = _run(capsys, "validate", bad, "--format", "github")
    assert github.startswith("::error file=")
    assert "title=LF001 input-error::" in github
    _, gitlab, _ = _run(capsys, "validate", "missing.json", "--format", "gitlab")
    [issue] = json.loads(gitlab)
    assert issue["check_name"] == "LF001"
    assert issue["location"] == {"path": "missing.json", "lines": {"begin": 1}}


def test_show_all_errors_lists_every_schema_problem_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(EXAMPLE.read_text())
    for step in document["current_version"]["steps"][:3]:
        del step["id"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document, indent=2))
    code, out, err = _run(capsys, "validate", str(broken), "--format", "json")
    assert code == 2
    [failure] = json.loads(out)["input_errors"]
    problems = len(failure["diagnostics"])  # the report always has them all
    assert problems >= 3
    assert all(d["line"] is not None for d in failure["diagnostics"])
    assert err.count("\n") == 1
    assert f"(and {problems - 1} more problems; --show-all-errors lists them)" in err
    _, _, err = _run(capsys, "validate", str(broken), "--show-all-errors")
    assert err.count("\n") == problems
    assert "more problems" not in err


def test_github_annotations(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "validate", "flows/triage.json", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(
        "::error file=flows/triage.json,line=87,col=7,title=LF104 unreachable-step::"
    )
    assert lines[1].startswith("::warning file=flows/triage.json,line=10,col=7,")
    assert lines[2].startswith("::error file=flows/triage.json,line=71,col=218,")


def test_github_values_cannot_break_out_of_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(EXAMPLE.read_text())
    document["current_version"]["steps"][7]["name"] = "x\n::error::forged,%0A"
    odd = tmp_path / "a,b:c.json"
    odd.write_text(json.dumps(document))
    _, out, _ = _run(capsys, "validate", str(odd), "--format", "github")
    assert len(out.splitlines()) == 3
    assert all(line.startswith(("::error file=", "::warning file=")) for line in out.splitlines())
    assert "a%2Cb%3Ac.json" in out
    assert "%250A" in out


def test_config_is_discovered_per_directory_and_the_nearest_wins(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "flows" / "team" / ".liveflow-graph.toml").write_text('ignore = ["LF104"]\n')
    _, out, _ = _run(capsys, "validate", "flows")
    codes = {(m["file"], m["code"]) for m in LINE.finditer(out)}
    assert ("flows/triage.json", "LF104") in codes
    assert ("flows/team/triage-copy.json", "LF104") not in codes
    assert ("flows/team/triage-copy.json", "LF302") in codes


def test_fail_on_is_that_of_each_files_settings(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "flows" / "team" / ".liveflow-graph.toml").write_text(
        'ignore = ["LF104", "LF302"]\nfail-on = "warning"\n'
    )
    code, _, _ = _run(capsys, "validate", "flows/team/triage-copy.json")
    assert code == 1  # its LF204 warning fails under its own fail-on
    (repo / "flows" / "team" / ".liveflow-graph.toml").write_text('ignore = ["LF104", "LF302"]\n')
    code, _, _ = _run(capsys, "validate", "flows/team/triage-copy.json")
    assert code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[tool.liveflow-graph]\nselect = ["LF1"\n', "pyproject.toml:3:1: invalid TOML"),
        (
            "[tool.liveflow-graph]\n\nselct = []\n",
            "pyproject.toml:3: unknown key 'selct' (did you mean 'select'?",
        ),
        (
            '[tool.liveflow-graph]\nignore = ["unreachable-stp"]\n',
            "pyproject.toml:2: ignore: 'unreachable-stp' is not a rule name, code or code prefix "
            "(did you mean 'unreachable-step'?)",
        ),
        (
            '[tool.liveflow-graph.per-step-ignores]\nlegacy = ["LF1044"]\n',
            "per-step-ignores.legacy: 'LF1044' is not a rule name, code or code prefix "
            "(did you mean 'LF104'"
            "",
        ),
    ],
)
def test_a_malformed_config_is_an_error_with_file_and_line(
    repo: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    (repo / "pyproject.toml").write_text(text)
    code, out, err = _run(capsys, "validate", "flows")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err


def test_a_malformed_dotfile_is_never_skipped(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "flows" / ".liveflow-graph.toml").write_text("fail-on = \n")
    code, _, err = _run(capsys, "validate", "flows/triage.json")
    assert code == 2
    assert ".liveflow-graph.toml:1:" in err
    assert "invalid TOML" in err


def test_per_flow_and_per_step_ignores(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text(
        "[tool.liveflow-graph.per-step-ignores]\n"
        'legacy_escalation = ["unreachable-step"]\n'
        '"Support ticket triage::review_reply" = ["LF3"]\n'
        "[tool.liveflow-graph.per-flow-ignores]\n"
        '"f1000000-0000-4000-8000-000000000001" = ["multiple-downstream-steps"]\n'
    )
    code, out, _ = _run(capsys, "validate", "flows/triage.json")
    assert code == 0
    assert "No problems found" in out
    (repo / "pyproject.toml").write_text(
        '[tool.liveflow-graph.per-step-ignores]\n"Another flow::review_reply" = ["LF3"]\n'
    )
    _, out, _ = _run(capsys, "validate", "flows/triage.json")
    assert "LF302" in out  # the key names another flow


def test_baseline_hides_known_findings_and_survives_moves(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "validate", "flows", "--write-baseline", "baseline.json")
    assert code == 0
    assert "wrote 6 finding(s) to baseline.json" in err
    code, out, _ = _run(capsys, "validate", "flows", "--baseline", "baseline.json")
    assert code == 0
    assert "6 findings hidden by the baseline." in out
    # move every finding down by inserting lines, and add a new problem
    document = json.loads(Path("flows/triage.json").read_text())
    document["current_version"]["steps"][1]["prompt_template"]["text"] += " ${nowhere.result}"
    Path("flows/triage.json").write_text("\n\n\n" + json.dumps(document, indent=4))
    code, out, _ = _run(capsys, "validate", "flows", "--baseline", "baseline.json")
    assert code == 1
    assert [m["code"] for m in LINE.finditer(out)] == ["LF301"]
    assert "6 findings hidden by the baseline." in out
    data = json.loads(
        _run(capsys, "validate", "flows", "--baseline", "baseline.json", "-f", "json")[1]
    )
    assert data["summary"]["baselined"] == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "baseline.json:1:2: not a baseline: invalid JSON"),
        ('{"findings": []}', "baseline schema_version None is not supported"),
        ('{"schema_version": 1, "findings": [{}]}', "findings[0]: expected an object"),
    ],
)
def test_a_bad_baseline_is_an_error(
    repo: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    Path("baseline.json").write_text(content)
    code, _, err = _run(capsys, "validate", "flows", "--baseline", "baseline.json")
    assert code == 2
    assert message in err


def test_rules_json_and_explain_by_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)
    assert {"code", "name", "severity", "summary", "url"} <= set(rules[0])
    assert all(r["url"].endswith(f"#{r['code'].lower()}-{r['name']}") for r in rules)
    code, out, _ = _run(capsys, "rules", "--explain", "LF2")
    assert code == 0
    explained = re.findall(r"^(LF\d{3}) ", out, re.M)
    assert explained
    assert all(code.startswith("LF2") for code in explained)
    code, _, err = _run(capsys, "rules", "--explain", "unreachable-stp")
    assert code == 2
    assert "did you mean 'unreachable-step'?" in err


def test_root_options_are_accepted_after_the_command(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "validate", "flows/triage.json", "--color", "always")
    assert code == 1
    assert "\x1b[" in out
    code, _, err = _run(capsys, "validate", "flows/triage.json", "--max-bytes", "10")
    assert code == 2
    assert "larger than" in err or "limit" in err
    code, _, err = _run(capsys, "validate", "flows/triage.json", "--max-depth=0")
    assert code == 2


@pytest.mark.parametrize(
    ("env", "color"),
    [({"FORCE_COLOR": "1"}, True), ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False), ({}, False)],
)
def test_colour_follows_the_environment_when_auto(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    color: bool,
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    _, out, _ = _run(capsys, "validate", "flows/triage.json")
    assert ("\x1b[" in out) is color


def test_help_shows_choices_not_python_types(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["validate"], ["rules"], ["diff"], ["render"], []):
        main([*command, "--help"])
        out = capsys.readouterr().out
        assert not re.search(r"<(list\[)?(str|int|float|path|bool)", out), (command, out)
    main(["validate", "--help"])
    out = capsys.readouterr().out
    assert "<text|json|sarif|github|gitlab>" in out
    assert "may also be given after the command" in " ".join(out.split())


def test_shell_completion_is_available(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--help"])
    assert "--install-completion" in capsys.readouterr().out


def test_force_exclude_applies_exclude_to_named_files(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = _run(capsys, "validate", "flows/drafts/wip.json", "flows/team/linear.json")
    assert code == 2  # named explicitly: checked although excluded
    code, out, _ = _run(
        capsys, "validate", "--force-exclude", "flows/drafts/wip.json", "flows/team/linear.json"
    )
    assert code == 0
    assert "wip.json" not in out


def test_the_runs_own_baseline_and_report_are_not_read_as_flows(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = _run(capsys, "validate", "flows", "--write-baseline", "flows/baseline.json")
    assert code == 0
    code, out, _ = _run(capsys, "validate", "flows", "--baseline", "flows/baseline.json")
    assert code == 0
    assert "baseline.json" not in out
    Path("flows/baseline.json").unlink()  # any other run would read it (README: keep it out)
    code, _, _ = _run(capsys, "validate", "flows", "-f", "sarif", "-o", "flows/report.sarif.json")
    assert code == 1
    code, _, _ = _run(capsys, "validate", "flows", "-f", "json", "-o", "flows/report.sarif.json")
    assert code == 1  # the earlier report in the tree is not an input
