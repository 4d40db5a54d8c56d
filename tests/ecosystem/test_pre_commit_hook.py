"""The pre-commit hook (``.pre-commit-hooks.yaml``): its definition, and ``pre-commit
try-repo`` on a temporary git repository of flows, as a user's ``pre-commit run`` would.

``try-repo`` clones this repository at HEAD (plus uncommitted changes to tracked files) and
installs the package into a fresh virtualenv from its declared dependencies (PyPI), so the
test also catches a dependency that is used but not declared. It builds that environment in
a temporary store of its own on every call, whatever ``PRE_COMMIT_HOME`` says, so nothing is
gained by keeping a cache between runs: ``PRE_COMMIT_HOME`` points into the test's
temporary folder only so that the developer's ``~/.cache/pre-commit`` is left untouched
(pre-commit writes its database and its error log there). Measured: about 15 s per call
with a warm pip cache, 19 s with a cold one (2-core machine).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from pre_commit.clientlib import load_manifest

from tests.conftest import ROOT
from tests.ecosystem.flow_repo import CLEAN, FINDINGS, WARNING_ONLY, cli_env, flow_repo, git

HOOKS = ROOT / ".pre-commit-hooks.yaml"
HOOK_ID = "liveflow-graph"


def _hooks() -> list[dict[str, Any]]:
    hooks = yaml.safe_load(HOOKS.read_text())
    assert isinstance(hooks, list)
    return hooks


def test_the_hook_definition() -> None:
    # pre-commit's own schema of a hooks file (unknown keys, wrong types, bad regexes)
    load_manifest(str(HOOKS))
    (hook,) = _hooks()
    assert hook["id"] == HOOK_ID
    assert hook["language"] == "python"
    assert hook["types"] == ["json"]
    # one process gets every file: validate spreads them over the cores itself (--jobs)
    assert hook["require_serial"] is True
    # the files being committed are passed (the default)
    assert hook.get("pass_filenames", True) is True
    assert hook["name"]
    assert hook["description"]
    # the entry is the console script this package installs
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    command, subcommand, *options = hook["entry"].split()
    assert command in scripts
    assert subcommand == "validate"
    # exclude applies to the staged files pre-commit names, as in ruff's hook
    assert options == ["--force-exclude"]


def _repo_root_under_git() -> None:
    """try-repo clones the repository: skip (saying why) when this checkout is no git work
    tree, and fail when the hook file is not in git (try-repo would not see it)."""
    inside = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        pytest.skip(f"{ROOT} is not a git work tree: pre-commit try-repo clones the repository")
    tracked = git(ROOT, "ls-files", "--", HOOKS.name)
    assert HOOKS.name in tracked.split(), f"git add {HOOKS.name}: try-repo sees only git's files"


@pytest.mark.slow  # pre-commit builds a virtualenv and installs the package (about 15 s)
@pytest.mark.parametrize(
    ("files", "passes"),
    [((FINDINGS, CLEAN), False), ((CLEAN, WARNING_ONLY), True)],
    ids=["with-findings", "clean"],
)
def test_pre_commit_try_repo(tmp_path: Path, files: tuple[str, ...], passes: bool) -> None:
    repo = flow_repo(tmp_path / "repo", files=files)
    _repo_root_under_git()
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), HOOK_ID, "--all-files"],
        cwd=repo,
        env=cli_env({"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    output = done.stdout + done.stderr
    log = tmp_path / "pre-commit-home" / "pre-commit.log"
    if log.exists():  # pre-commit's own failure (not the hook's): its log says why
        output += "\n--- pre-commit.log ---\n" + log.read_text()
    if passes:
        assert done.returncode == 0, output
        assert "Passed" in output
        return
    assert done.returncode == 1, output
    assert "Failed" in output
    # the hook's verdict is 1 (findings), not 2: notes.md and the git-ignored draft were not
    # given to it (types: [json], and --all-files means git's files)
    assert "- exit code: 1" in output, output
    assert "LF104" in output
    assert "support-triage.json" in output
    assert "notes.md" not in output
    assert "draft.json" not in output
