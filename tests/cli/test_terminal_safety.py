"""No text from a document or a file name can drive the terminal: every command that shows
user text drops control characters (escape sequences, NUL, C1), bidirectional controls and
zero-width characters, and keeps each value on its line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from liveflow_graph.cli import main
from tests.conftest import EXAMPLES

HOSTILE = (
    "\x1b[2J\x1b[31mred"  # clear screen, colour
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"  # an OSC 8 hyperlink
    "\x1b]0;new title\x07"  # an OSC 0 window title
    "\x00nul\x9bc1"  # NUL and a C1 CSI
    "\u202eevil\u202c\u2066x\u2069"  # bidirectional overrides and isolates
    "zero\u200bwidth\u2060\ufeff"  # zero-width characters
    "\nsecond line"
)
# what must never reach the terminal (tab and newline are fine between values)
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]"
)


@pytest.fixture
def hostile_flow(tmp_path: Path) -> Path:
    document = json.loads((EXAMPLES / "support-triage.json").read_text())
    document["name"] = "name " + HOSTILE
    document["description"] = "description " + HOSTILE
    document["sessions"][0]["status"] = "status " + HOSTILE
    document["current_version"]["steps"][1]["name"] = "step " + HOSTILE
    path = tmp_path / "file\x1b]0;title\x07.json"
    path.write_text(json.dumps(document))
    return path


@pytest.mark.parametrize(
    "command",
    [["summary"], ["validate"], ["validate", "--all-versions"]],
    ids=["summary", "validate", "validate-all"],
)
def test_document_text_cannot_reach_the_terminal(
    hostile_flow: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    main([*command, str(hostile_flow)])
    out, err = capsys.readouterr()
    assert "red" in out or "step" in out  # the text is shown, only neutralised
    assert FORBIDDEN.findall(out + err) == []


def test_the_summary_keeps_each_value_on_its_line(
    hostile_flow: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", str(hostile_flow)]) == 0
    out = capsys.readouterr().out
    assert not any(line.startswith("second line") for line in out.splitlines())


def test_an_error_line_about_a_hostile_file_name_is_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = HOSTILE.splitlines()[0].replace("\0", "").replace("/", "")
    path = tmp_path / f"bad{name}.json"
    path.write_text("{not json")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert FORBIDDEN.findall(err) == []
