"""A prompt-template key of 5,000 digits (regression): every command that validates.

Findings used to be sorted by their paths' text with each run of digits read as a
number: ``int()`` refuses more than 4,300 digits, so `validate` (every format),
`render --findings` and `diff` crashed.  Paths are now compared as data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from liveflow_graph.cli import main

LOW, HIGH = "1" * 5000, "2" * 5000


def _flow(reply: str) -> dict[str, Any]:
    template = {"type": "text", HIGH: "${other.result}", LOW: reply}
    return {
        "id": "f",
        "name": "digits",
        "current_version": {
            "id": "v",
            "flow_id": "f",
            "steps": [
                {"id": "s", "name": "start", "step_type": "START"},
                {"id": "a", "name": "a", "step_type": "LLM", "prompt_template": template},
            ],
            "step_transitions": [{"id": "t", "source_step_id": "s", "target_step_id": "a"}],
        },
    }


@pytest.fixture
def flows(tmp_path: Path) -> tuple[str, str]:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(_flow("${missing.result}"), indent=1), encoding="utf-8")
    new.write_text(json.dumps(_flow("${gone.result} ${x}"), indent=1), encoding="utf-8")
    return str(old), str(new)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert err == ""
    return code, out


def test_validate_in_every_format(
    flows: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    low = f"$.current_version.steps[1].prompt_template['{LOW}']"
    high = f"$.current_version.steps[1].prompt_template['{HIGH}']"
    code, text = _run(capsys, "validate", flows[0])
    assert code == 1
    assert 0 < text.index(low) < text.index(high)  # keys compare as text
    code, out = _run(capsys, "validate", flows[0], "--format", "json")
    assert code == 1
    paths = [d["path"] for r in json.loads(out)["results"] for d in r["diagnostics"]]
    assert paths == [low, high]
    code, out = _run(capsys, "validate", flows[0], "--format", "sarif")
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    assert [r["properties"]["json_path"] for r in results] == [low, high]
    lines = Path(flows[0]).read_text(encoding="utf-8").splitlines()
    for result, key in zip(results, (LOW, HIGH), strict=True):  # on the reference itself
        region = result["locations"][0]["physicalLocation"]["region"]
        line = lines[region["startLine"] - 1]
        assert line.lstrip().startswith(f'"{key}": ')
        assert line[region["startColumn"] - 1 :].startswith("${")


def test_render_findings(flows: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "render", flows[0], "--format", "dot", "--findings")
    assert code == 0
    assert "LF301" in out


def test_diff(flows: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "diff", *flows)
    assert code == 1
    assert "LF303" in out  # the new `${x}`: validity is compared too
    code, out = _run(capsys, "diff", *flows, "--format", "json")
    assert code == 1
    [appeared] = json.loads(out)["validity"]["appeared"]
    assert appeared["path"].endswith(f".prompt_template['{LOW}']")
