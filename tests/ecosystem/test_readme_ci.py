"""The README's "Use in CI" section does what it says.

Conventions of that section, which these tests read:

* In a ```` ```console ```` block, a line starting with ``$ `` is a ``liveflow-graph`` command.
  It must exit 0, unless it ends with a comment ``# exit N``. The lines after it, up to the
  next command, are output that must appear: each is found within some line of the command's
  output, with ``...`` standing for any text (a line of only ``...`` stands for lines left
  out).
* A ```` ```toml ```` block starts with a comment naming its file (``# pyproject.toml``); it is
  written to that path when the blocks are played in order.
* ```` ```yaml ```` blocks are a pre-commit configuration, GitHub workflows and a GitLab CI
  file: they must parse, name the hook that ``.pre-commit-hooks.yaml`` defines and the inputs
  that ``action.yml`` declares, and their ``liveflow-graph`` commands are run too.

Every command runs in a temporary git repository of flows (tests/ecosystem/flow_repo.py):
``flows/support-triage.json`` (findings), ``flows/invoice.json`` (clean) and
``flows/legacy/lead.json`` (one warning).
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from pre_commit.clientlib import load_config

from tests.conftest import ROOT
from tests.ecosystem.flow_repo import cli_env, flow_repo

README = ROOT / "README.md"
HEADING = "## Use in CI"
LAYOUT = ("flows/support-triage.json", "flows/invoice.json", "flows/legacy/lead.json")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)
EXIT = re.compile(r"#\s*exit\s+(\d+)\b")
FILE_COMMENT = re.compile(r"#\s*([\w./-]+\.toml)\s*$")


@dataclass(frozen=True)
class Block:
    language: str
    text: str
    line: int  # where the block starts in README.md


@dataclass
class Command:
    text: str
    exit_code: int
    line: int
    output: list[str] = field(default_factory=list)


def _section() -> tuple[str, int]:
    text = README.read_text()
    start = text.index(f"\n{HEADING}\n") + 1
    end = text.find("\n## ", start)
    return text[start : end if end != -1 else len(text)], text.count("\n", 0, start) + 1


def _blocks() -> list[Block]:
    section, first_line = _section()
    return [
        Block(m[1], m[2], first_line + section.count("\n", 0, m.start()))
        for m in FENCE.finditer(section)
    ]


def _commands(block: Block) -> list[Command]:
    commands: list[Command] = []
    for number, line in enumerate(block.text.splitlines(), start=block.line + 1):
        if line.startswith("$ "):
            stated = EXIT.search(line)
            commands.append(Command(line[2:], int(stated[1]) if stated else 0, number))
        elif line.strip():
            assert commands, f"README.md:{number}: output before any command"
            commands[-1].output.append(line)
    return commands


def _yaml_blocks() -> list[Any]:
    return [yaml.safe_load(b.text) for b in _blocks() if b.language == "yaml"]


def _run(command: str, repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", command],
        cwd=repo,
        env=cli_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _shown(pattern: str, output: str) -> bool:
    regex = ".*".join(re.escape(part) for part in pattern.split("..."))
    return any(re.search(regex, line) for line in output.splitlines())


def test_the_section_follows_its_conventions() -> None:
    blocks = _blocks()
    languages = [b.language for b in blocks]
    assert {"console", "yaml", "toml"} <= set(languages)
    assert set(languages) <= {"console", "yaml", "toml"}, "a block the tests do not read"
    commands = [c for b in blocks if b.language == "console" for c in _commands(b)]
    assert len(commands) >= 5
    for command in commands:
        # only this project's command line is run from the README
        assert shlex.split(command.text, comments=True)[0] == "liveflow-graph", command
        assert command.exit_code in (0, 1, 2), command
    for block in blocks:
        if block.language == "toml":
            first = block.text.splitlines()[0]
            assert FILE_COMMENT.fullmatch(first), f"README.md:{block.line}: # FILE first"
            tomllib.loads(block.text)


def test_the_yaml_snippets_name_the_hook_and_the_action(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    project_url = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    repository = "/".join(project_url["Documentation"].split("/")[3:5])  # owner/name
    snippets = _yaml_blocks()

    (pre_commit,) = (s for s in snippets if "repos" in s)
    config = tmp_path / ".pre-commit-config.yaml"  # pre-commit's own schema of its config
    config.write_text(yaml.safe_dump(pre_commit))
    load_config(str(config))
    (repo,) = pre_commit["repos"]
    assert repo["repo"] == f"https://github.com/{repository}"
    assert repo["rev"]
    assert [hook["id"] for hook in repo["hooks"]] == [hooks[0]["id"]]

    steps = [
        step for s in snippets if "jobs" in s for job in s["jobs"].values() for step in job["steps"]
    ]
    (uses_action,) = (s for s in steps if s.get("uses", "").startswith(f"{repository}@"))
    given = set(uses_action["with"])
    assert given <= set(action["inputs"]), given - set(action["inputs"])
    assert {n for n, spec in action["inputs"].items() if spec.get("required")} <= given
    for workflow in (s for s in snippets if "jobs" in s):
        for job in workflow["jobs"].values():
            uploads = any("upload-sarif" in str(step.get("uses", "")) for step in job["steps"])
            uploads = uploads or any(
                step.get("with", {}).get("upload-sarif") is True for step in job["steps"]
            )
            permissions = job.get("permissions") or workflow.get("permissions") or {}
            if uploads:  # code scanning refuses the upload without it
                assert permissions.get("security-events") == "write", workflow

    (upload,) = (s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload"))
    # the report is uploaded also when validate failed on findings
    assert "!cancelled()" in upload["if"] or "always()" in upload["if"]
    (sarif_run,) = (s for s in steps if "--format sarif" in s.get("run", ""))
    assert _option(sarif_run["run"], "-o") == upload["with"]["sarif_file"]

    (gitlab,) = (
        job for s in snippets if "repos" not in s and "jobs" not in s for job in s.values()
    )
    assert gitlab["artifacts"]["when"] == "always"
    report = gitlab["artifacts"]["reports"]["codequality"]
    assert any(_option(line, "-o") == report for line in gitlab["script"] if "gitlab" in line)


def _option(command: str, name: str) -> str | None:
    words = shlex.split(command, comments=True)
    return words[words.index(name) + 1] if name in words else None


@pytest.mark.slow  # subprocesses
def test_the_console_commands_and_configuration_files(tmp_path: Path) -> None:
    repo = flow_repo(tmp_path / "repo", files=LAYOUT)
    ran = 0
    for block in _blocks():
        if block.language == "toml":
            named = FILE_COMMENT.fullmatch(block.text.splitlines()[0])
            assert named, f"README.md:{block.line}: a toml block starts with # FILE"
            name = named[1]
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            (repo / name).write_text(block.text)
            continue
        if block.language != "console":
            continue
        for command in _commands(block):
            done = _run(command.text, repo)
            output = done.stdout + done.stderr
            where = f"README.md:{command.line}: $ {command.text}\n{output}"
            assert done.returncode == command.exit_code, where
            for expected in command.output:
                assert expected == "..." or _shown(expected, output), f"{expected!r}\n{where}"
            ran += 1
    assert ran >= 5


def _ci_commands() -> list[tuple[str, list[str]]]:
    """The liveflow-graph commands of each CI snippet, in the snippet's order."""
    found = []
    for snippet in _yaml_blocks():
        if "jobs" in snippet:
            for name, job in snippet["jobs"].items():
                runs = [s["run"] for s in job["steps"] if "run" in s]
                found.append((name, [r for r in runs if r.startswith("liveflow-graph ")]))
        elif "repos" not in snippet:
            for name, job in snippet.items():
                found.append((name, [c for c in job["script"] if c.startswith("liveflow-graph ")]))
    return [(name, commands) for name, commands in found if commands]


@pytest.mark.slow  # subprocesses
@pytest.mark.parametrize("index", range(2))
def test_the_ci_snippets_commands_write_their_reports(tmp_path: Path, index: int) -> None:
    snippets = _ci_commands()
    assert len(snippets) == 2  # the plain-steps workflow and the GitLab job
    name, commands = snippets[index]
    repo = flow_repo(tmp_path / "repo", files=LAYOUT)
    for command in commands:
        done = _run(command, repo)
        # the flows have findings: a step may fail on them (1), never on its own usage (2)
        assert done.returncode in (0, 1), f"{name}: {command}\n{done.stdout}{done.stderr}"
        report = _option(command, "-o")
        if report is None:
            continue
        assert (repo / report).is_file(), f"{name}: {command} wrote no {report}"
        data = json.loads((repo / report).read_text())
        if "--format sarif" in command:
            (run,) = data["runs"]
            assert "LF104" in {result["ruleId"] for result in run["results"]}
        else:  # GitLab Code Quality: a list of issues
            assert isinstance(data, list)
            assert data
            for issue in data:
                assert {"description", "check_name", "fingerprint", "severity"} <= set(issue)
                assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
                assert issue["location"]["path"].startswith("flows/")
                assert isinstance(issue["location"]["lines"]["begin"], int)
            assert len({issue["fingerprint"] for issue in data}) == len(data)
