"""The composite GitHub Action (``action.yml``): its structure, and its shell steps run here
the way a runner would run them.

The runner is imitated closely enough to test the action's own logic: ``${{ ... }}``
expressions are evaluated (inputs with their defaults, ``github.action_path``, step
outputs), ``if:`` conditions decide which steps run (a step without a status function runs
only while no earlier step failed), ``run:`` scripts run under ``bash --noprofile --norc -eo
pipefail`` as GitHub runs ``shell: bash``, with ``GITHUB_OUTPUT`` and ``RUNNER_TEMP``, and the
installed ``liveflow-graph`` of this environment on PATH. ``uses:`` steps are recorded, not
run; the install step is skipped (the package is installed already), its command checked by
the structure test. An expression or condition outside what the imitation understands fails
the test, so that it is extended rather than silently wrong.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.ecosystem.flow_repo import CLEAN, WARNING_ONLY, cli_env, flow_repo

ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
STEP_REF = re.compile(r"steps\.([\w-]+)\.outputs\.([\w-]+)")
INPUT_REF = re.compile(r"inputs\.([\w-]+)")


def _action() -> dict[str, Any]:
    action = yaml.safe_load(ACTION.read_text())
    assert isinstance(action, dict)
    return action


def _steps() -> list[dict[str, Any]]:
    steps = _action()["runs"]["steps"]
    assert isinstance(steps, list)
    return steps


def _step(step_id: str) -> dict[str, Any]:
    (step,) = (s for s in _steps() if s.get("id") == step_id)
    return step


def test_a_composite_action_with_documented_inputs_and_outputs() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert action["name"]
    assert action["description"]
    inputs = action["inputs"]
    assert inputs["paths"]["required"] is True
    assert set(inputs) >= {"paths", "args", "baseline", "fail-on", "upload-sarif", "sarif-file"}
    assert all(spec.get("description") for spec in inputs.values())
    # every declared input is used, and every input used is declared
    used = set(INPUT_REF.findall(ACTION.read_text()))
    assert used == set(inputs)
    outputs = action["outputs"]
    assert set(outputs) == {"sarif-file", "exit-code"}
    script = _step("validate")["run"]
    for name, spec in outputs.items():
        assert spec["description"]
        assert spec["value"] == f"${{{{ steps.validate.outputs.{name} }}}}"
        assert f'echo "{name}=' in script
        assert '>> "$GITHUB_OUTPUT"' in script


def test_steps_set_up_python_install_this_package_and_upload_sarif() -> None:
    steps = _steps()
    assert steps[0]["uses"].startswith("actions/setup-python@v")
    assert steps[0]["with"]["python-version"] == "${{ inputs.python-version }}"
    (install,) = (s for s in steps if "pip install" in s.get("run", ""))
    # the package from the action's own checkout, whatever ref the workflow pinned
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '"$ACTION_PATH"' in install["run"]
    (upload,) = (s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@v")
    assert upload["with"]["sarif_file"] == "${{ steps.validate.outputs.sarif-file }}"
    assert "inputs.upload-sarif == 'true'" in upload["if"]
    # the upload comes before the step that fails the job on findings
    assert steps.index(upload) < len(steps) - 1
    assert "exit-code" in steps[-1]["if"]


def test_no_expression_is_pasted_into_a_script() -> None:
    """Inputs reach scripts through ``env:`` only: ``${{ inputs.args }}`` inside ``run:``
    would let a workflow's input inject shell code."""
    for step in _steps():
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], step["name"]


# -- the imitation of the runner ------------------------------------------------------------


@dataclass
class Job:
    """What running the action did."""

    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    uses: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    failed: str | None = None  # the name of the step that failed
    exit_code: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.log)

    def action_output(self, name: str) -> str:
        return _substitute(_action()["outputs"][name]["value"], self.context({}))

    def context(self, inputs: dict[str, str]) -> dict[str, str]:
        values = {f"inputs.{k}": v for k, v in inputs.items()}
        values["github.action_path"] = str(ROOT)
        for step_id, outputs in self.outputs.items():
            values.update({f"steps.{step_id}.outputs.{k}": v for k, v in outputs.items()})
        return values


def _value(expression: str, context: dict[str, str]) -> str:
    if STEP_REF.fullmatch(expression):
        return context.get(expression, "")  # an output never written is empty
    if expression in context:
        return context[expression]
    raise AssertionError(f"the imitation of the runner does not know ${{{{ {expression} }}}}")


def _substitute(text: str, context: dict[str, str]) -> str:
    return EXPRESSION.sub(lambda m: _value(m[1], context), text)


def _condition(condition: str | None, context: dict[str, str], failed: bool) -> bool:
    """``if:``: terms joined by ``&&``, each a status function or ``X == 'v'`` / ``X != 'v'``."""
    if condition is None:
        return not failed
    match = EXPRESSION.fullmatch(condition.strip())
    expression = match[1] if match else condition
    status = None
    result = True
    for term in (t.strip() for t in expression.split("&&")):
        if term in ("always()", "!cancelled()"):
            status = True
        elif term == "success()":
            status = not failed
        elif term == "failure()":
            status = failed
        elif compared := re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", term):
            equal = _value(compared[1], context) == compared[3]
            result = result and (equal if compared[2] == "==" else not equal)
        else:
            raise AssertionError(f"the imitation of the runner does not know if: {term}")
    return result and (status if status is not None else not failed)


def _run_action(inputs: dict[str, str], workspace: Path, runner: Path) -> Job:
    action = _action()
    given = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    given.update(inputs)
    job = Job()
    runner.mkdir(parents=True, exist_ok=True)
    for number, step in enumerate(action["runs"]["steps"]):
        context = job.context(given)
        if not _condition(step.get("if"), context, job.failed is not None):
            continue
        if "uses" in step:
            with_ = {k: _substitute(str(v), context) for k, v in step.get("with", {}).items()}
            job.uses.append((step["uses"].split("@")[0], with_))
            continue
        if "pip install" in step["run"]:
            continue  # installed already: this environment's liveflow-graph is on PATH
        output_file = runner / f"output-{number}"
        output_file.write_text("")
        script = runner / f"step-{number}.sh"
        script.write_text(step["run"])
        env = cli_env(
            {
                "GITHUB_OUTPUT": str(output_file),
                "RUNNER_TEMP": str(runner),
                **{k: _substitute(str(v), context) for k, v in step.get("env", {}).items()},
            }
        )
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        job.log += [f"## {step['name']}", done.stdout, done.stderr]
        if "id" in step:
            pairs = (line.split("=", 1) for line in output_file.read_text().splitlines())
            job.outputs[step["id"]] = dict(pairs)
        if done.returncode != 0:
            job.failed = step["name"]
            job.exit_code = done.returncode
    return job


def _sarif_results(path: str) -> list[dict[str, Any]]:
    sarif = json.loads(Path(path).read_text())
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    results = run["results"]
    assert isinstance(results, list)
    return results


@pytest.mark.slow  # subprocesses
def test_findings_annotate_upload_sarif_then_fail_the_job(tmp_path: Path) -> None:
    repo = flow_repo(tmp_path / "repo")
    job = _run_action({"paths": "flows", "upload-sarif": "true"}, repo, tmp_path / "runner")
    sarif = job.action_output("sarif-file")
    assert job.action_output("exit-code") == "1", job.text
    assert Path(sarif).parent == tmp_path / "runner"  # RUNNER_TEMP, not the checkout
    assert "LF104" in {r["ruleId"] for r in _sarif_results(sarif)}
    # annotations as workflow commands, for the file as the workspace names it
    assert re.search(r"^::error file=flows/support-triage\.json,line=\d+,col=\d+", job.text, re.M)
    # the upload ran on findings, with the report the validate step wrote ...
    assert job.uses[-1] == (
        "github/codeql-action/upload-sarif",
        {"sarif_file": sarif, "category": "liveflow-graph"},
    )
    # ... and the job fails afterwards, with validate's exit code
    assert job.failed == _steps()[-1]["name"]
    assert job.exit_code == 1


@pytest.mark.slow  # subprocesses
def test_clean_flows_pass_and_upload_only_when_asked(tmp_path: Path) -> None:
    repo = flow_repo(tmp_path / "repo")
    # paths separated by whitespace (newlines too), one of them a glob
    paths = f"{CLEAN}\n  flows/l*.json"
    job = _run_action({"paths": paths}, repo, tmp_path / "runner")
    assert job.failed is None, job.text
    assert job.action_output("exit-code") == "0"
    assert [name for name, _ in job.uses] == ["actions/setup-python"]  # no upload
    assert _sarif_results(job.action_output("sarif-file"))  # the LF204 warning of lead.json
    assert "::warning file=flows/lead.json" in job.text


@pytest.mark.slow  # subprocesses
@pytest.mark.parametrize(
    ("inputs", "exit_code"),
    [
        ({"fail-on": "warning"}, "1"),  # lead.json's warning fails the run
        ({"fail-on": "warning", "args": "--ignore LF204"}, "0"),
        ({"args": "--select LF2 --fail-on warning"}, "1"),
    ],
)
def test_fail_on_and_args_reach_validate(
    tmp_path: Path, inputs: dict[str, str], exit_code: str
) -> None:
    repo = flow_repo(tmp_path / "repo", files=(CLEAN, WARNING_ONLY))
    job = _run_action({"paths": "flows", **inputs}, repo, tmp_path / "runner")
    assert job.action_output("exit-code") == exit_code, job.text
    assert (job.failed is None) == (exit_code == "0")


@pytest.mark.slow  # subprocesses
def test_a_baseline_hides_todays_findings(tmp_path: Path) -> None:
    repo = flow_repo(tmp_path / "repo")
    written = subprocess.run(
        ["liveflow-graph", "validate", "flows", "--write-baseline", "baseline.json"],
        cwd=repo,
        env=cli_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert written.returncode == 0, written.stderr
    job = _run_action(
        {"paths": "flows", "baseline": "baseline.json", "upload-sarif": "true"},
        repo,
        tmp_path / "runner",
    )
    assert job.failed is None, job.text
    assert job.action_output("exit-code") == "0"
    assert _sarif_results(job.action_output("sarif-file")) == []
    assert "::error" not in job.text


@pytest.mark.slow  # subprocesses
def test_unreadable_input_fails_with_exit_code_2(tmp_path: Path) -> None:
    repo = flow_repo(tmp_path / "repo", files=(CLEAN,))
    (repo / "flows" / "broken.json").write_text('{"steps": [')
    job = _run_action({"paths": "flows"}, repo, tmp_path / "runner")
    assert job.action_output("exit-code") == "2", job.text
    assert job.exit_code == 2


@pytest.mark.slow  # subprocess
@pytest.mark.parametrize("paths", ["", "  \n "])
def test_empty_paths_stop_the_action(tmp_path: Path, paths: str) -> None:
    """The runner only warns about a missing required input: the script checks it."""
    repo = flow_repo(tmp_path / "repo", files=(CLEAN,))
    job = _run_action({"paths": paths}, repo, tmp_path / "runner")
    assert job.failed == _step("validate")["name"]
    assert job.exit_code == 2
    assert "::error title=liveflow-graph::" in job.text
    assert [name for name, _ in job.uses] == ["actions/setup-python"]  # nothing uploaded
