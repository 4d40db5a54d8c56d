"""Every accepted depth works in every command and format: documents nested just under
the decoder's 1,024-level limit are checked, diffed and fetched without a RecursionError."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liveflow_graph._deepjson import _pieces, dumps, equal
from liveflow_graph.cli import main
from liveflow_graph.testing import json_values
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


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_of_deep_templates_in_every_format(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(deep_flow("${missing.result}"))
    new.write_text(deep_flow("${missing.other}"))
    main(["diff", "--format", fmt, str(old), str(new)])
    captured = capsys.readouterr()
    assert "internal error" not in captured.err
    assert "extract_fields" in captured.out
    if fmt == "json":
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(10 * DEEP)
        try:
            document = json.loads(captured.out)
        finally:
            sys.setrecursionlimit(limit)
        (change,) = document["steps"]["changed"]
        (field,) = change["changes"]
        assert field["field"] == "prompt_template"
        assert equal(field["new"]["x"], _nested("${missing.other}", DEEP))
        assert field["new"]["text"] == "hi"


def test_diff_of_equal_deep_templates_finds_no_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(deep_flow())
    new.write_text(deep_flow())
    main(["diff", "--format", "json", str(old), str(new)])
    captured = capsys.readouterr()
    assert "internal error" not in captured.err
    assert '"changed": []' in captured.out


@given(json_values(), st.booleans(), st.booleans())
def test_deep_dumps_lays_out_values_as_orjson_does(
    value: Any, indent: bool, sort_keys: bool
) -> None:
    option = (orjson.OPT_INDENT_2 if indent else 0) | (orjson.OPT_SORT_KEYS if sort_keys else 0)
    expected = orjson.dumps(value, option=option).decode()
    assert "".join(_pieces(value, indent=indent, sort_keys=sort_keys)) == expected
    assert equal(value, value)


def test_deep_equal_and_dumps_take_any_depth() -> None:
    value = _nested("leaf", 10 * DEEP)
    assert equal(value, _nested("leaf", 10 * DEEP))
    assert not equal(value, _nested("other", 10 * DEEP))
    assert not equal(value, _nested("leaf", 10 * DEEP + 1))
    assert dumps(value) == "[" * 10 * DEEP + '"leaf"' + "]" * 10 * DEEP


def test_validate_sarif_reads_a_fifo_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SARIF line numbers come from the bytes that were parsed: a second read of a FIFO
    would block forever (the writer has gone)."""
    fifo = tmp_path / "flow.json"
    os.mkfifo(fifo)
    text = deep_flow(depth=3).replace(', "', ',\n "')
    writer = threading.Thread(target=fifo.write_text, args=(text,), daemon=True)
    writer.start()
    finished: list[int] = []
    runner = threading.Thread(
        target=lambda: finished.append(main(["validate", "--format", "sarif", str(fifo)])),
        daemon=True,
    )
    runner.start()
    runner.join(timeout=30)
    if runner.is_alive():  # unblock the second read so the thread can end
        with fifo.open("w"):
            pass
        runner.join(timeout=10)
        pytest.fail("validate --format sarif read the FIFO a second time")
    assert finished == [1]
    (result,) = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    expected = next(i for i, line in enumerate(text.splitlines(), 1) if "missing" in line)
    assert region["startLine"] == expected
