"""Every accepted depth works in every command and format: documents nested just under
the decoder's 1,024-level limit are checked, diffed and fetched without a RecursionError."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from liveflow_graph.cli import main
from tests.conftest import DATA

DEEP = 1000
"""Levels of list nesting in a prompt template: just under the decoder's limit."""


def _nested(leaf: str, depth: int) -> Any:
    """``leaf`` inside ``depth`` lists, built without recursion."""
    value: Any = leaf
    for _ in range(depth):
        value = [value]
    return value


def _dumps(value: Any) -> str:
    """JSON text of a deeply nested value (the stdlib encoder recurses)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * DEEP))
    try:
        return json.dumps(value)
    finally:
        sys.setrecursionlimit(limit)


def deep_flow(leaf: str = "${missing.result}", depth: int = DEEP) -> str:
    """The linear test flow with one prompt template nested ``depth`` lists deep."""
    flow = json.loads((DATA / "linear_flow.json").read_text())
    step = flow["current_version"]["steps"][1]
    step["prompt_template"] = {"type": "text", "text": "hi", "x": _nested(leaf, depth)}
    return _dumps(flow)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_validate_a_deep_template_in_every_format(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.json"
    path.write_text(deep_flow())
    assert main(["validate", "--format", fmt, str(path)]) == 1
    out = capsys.readouterr().out
    assert "missing" in out
    if fmt == "sarif":
        (result,) = json.loads(out)["runs"][0]["results"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == 1
        assert region["startColumn"] > DEEP  # the leaf string, past the opening brackets
