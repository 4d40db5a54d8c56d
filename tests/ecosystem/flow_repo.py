"""A temporary git repository of flows: the input of the ecosystem tests (pre-commit hook,
GitHub Action, the README's "Use in CI" recipes), and how they run the installed CLI.

Layout (``flows/`` is what the README's recipes validate)::

    flows/support-triage.json   the bundled example: LF104 and LF302 (errors), LF204 (warning)
    flows/invoice.json          tests/data/linear_flow.json: no findings
    flows/lead.json             tests/data/merge_flow.json: one LF204 warning
    flows/scratch/draft.json    not JSON at all, but ignored by .gitignore
    .gitignore                  flows/scratch/
    notes.md                    not a flow (the pre-commit hook must not be given it)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.conftest import DATA, EXAMPLES

__all__ = [
    "CLEAN",
    "FINDINGS",
    "WARNING_ONLY",
    "cli_env",
    "flow_repo",
    "git",
    "require_git",
]

FINDINGS = "flows/support-triage.json"
CLEAN = "flows/invoice.json"
WARNING_ONLY = "flows/lead.json"

# a flow's file name says which of the three documents it holds, in any folder
_SOURCES = {
    "support-triage.json": EXAMPLES / "support-triage.json",
    "invoice.json": DATA / "linear_flow.json",
    "lead.json": DATA / "merge_flow.json",
}

# a fixed identity and no user or system configuration: the tests behave the same on every
# machine (CI runs as root with no ~/.gitconfig)
_GIT_ENV = {
    "GIT_AUTHOR_NAME": "liveflow-graph tests",
    "GIT_AUTHOR_EMAIL": "tests@liveflow-graph.invalid",
    "GIT_COMMITTER_NAME": "liveflow-graph tests",
    "GIT_COMMITTER_EMAIL": "tests@liveflow-graph.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def require_git() -> str:
    """The ``git`` executable, or skip the test saying why."""
    found = shutil.which("git")
    if found is None:
        pytest.skip("git is not installed: the test needs a git repository of flows")
    return found


def git(repo: Path, *args: str) -> str:
    """Run ``git`` in ``repo``; its standard output."""
    done = subprocess.run(
        [require_git(), *args],
        cwd=repo,
        env={**os.environ, **_GIT_ENV},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def flow_repo(root: Path, *, files: tuple[str, ...] = (FINDINGS, CLEAN, WARNING_ONLY)) -> Path:
    """A git repository at ``root`` holding ``files`` (paths whose file name is one of the
    layout's: ``flows/legacy/lead.json`` holds the warning-only flow), the ignored scratch
    draft and ``notes.md``, all added to the index; ``root``."""
    for name in files:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_SOURCES[target.name], target)
    (root / "flows" / "scratch").mkdir(parents=True, exist_ok=True)
    (root / "flows" / "scratch" / "draft.json").write_text("{ not json, and git-ignored\n")
    (root / ".gitignore").write_text("flows/scratch/\n")
    (root / "notes.md").write_text("# Notes\n\nNot a flow.\n")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", ".")
    return root


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for running the installed ``liveflow-graph`` as a person would: the
    interpreter's scripts folder (the project's .venv/bin) first on PATH, no colour, and no
    limits or debug switches inherited from the calling shell."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LIVEFLOW_GRAPH_", "TRUESTATE_")) and key != "FORCE_COLOR"
    }
    scripts = Path(sys.executable).parent
    env["PATH"] = os.pathsep.join([str(scripts), env.get("PATH", "")])
    env["NO_COLOR"] = "1"
    env.update(_GIT_ENV)
    env.update(extra or {})
    return env
