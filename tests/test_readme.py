"""The README's Python example runs and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from tests.conftest import ROOT


def _python_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"## In Python\n\n```python\n(.*?)```", text, re.DOTALL)
    assert found is not None
    return found[1]


def test_the_python_example_prints_what_its_comments_say(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    output = io.StringIO()
    monkeypatch.chdir(ROOT)  # the example reads examples/support-triage.json
    with contextlib.redirect_stdout(output):
        exec(_python_block(), {})  # our own README
    lines = output.getvalue().splitlines()
    assert lines[0].startswith("LF104 error unreachable-step: 'legacy_escalation'")
    assert "('legacy_escalation',)" in lines
    diff_line = next(line for line in lines if line.startswith('flow "Support ticket triage"'))
    assert diff_line.endswith(
        "-> version ae000000-0000-4000-8000-000000000003: 1 step added, 2 changed; "
        "2 transitions added, 2 removed, 1 moved; 2 findings appeared"
    )
    assert "ae000000-0000-4000-8000-000000000002 ->" in diff_line
