"""The README's Python example runs and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _python_blocks() -> list[str]:
    """The Python examples of the README's "In Python" section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## In Python", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)


def test_the_python_examples_do_what_their_comments_say(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    output = io.StringIO()
    first, drawing = _python_blocks()
    namespace: dict[str, object] = {}
    monkeypatch.chdir(ROOT)  # the example reads examples/support-triage.json
    with contextlib.redirect_stdout(output):
        exec(first, namespace)  # our own README
    monkeypatch.chdir(tmp_path)  # the second saves flow.png
    exec(drawing, namespace)
    assert (tmp_path / "flow.png").read_bytes().startswith(b"\x89PNG")
    lines = output.getvalue().splitlines()
    assert lines[0].startswith("LF104 error unreachable-step: 'legacy_escalation'")
    assert "('legacy_escalation',)" in lines
    diff_line = next(line for line in lines if line.startswith('flow "Support ticket triage"'))
    assert diff_line.endswith(
        "-> version ae000000-0000-4000-8000-000000000003: 1 step added, 2 changed; "
        "2 transitions added, 2 removed, 1 moved; 2 findings appeared"
    )
    assert "ae000000-0000-4000-8000-000000000002 ->" in diff_line
