"""``liveflow-graph diff``: sides, formats, exit codes, atomic writes, errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import orjson
import pytest

from liveflow_graph.cli import main
from liveflow_graph.diffs.schema import EXACT_JSON_SCHEMA, EXACT_MULTI_JSON_SCHEMA
from tests.conftest import DATA
from tests.diffs.helpers import EXAMPLE, V1, V2, V3

FILE = str(EXAMPLE)


def test_two_versions_of_one_file_differ(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", f"{FILE}#{V2}", FILE]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f'Diff of flow "Support ticket triage": version {V2} (2 sessions)')
    assert "Summary: 1 step added, 2 changed; 2 transitions added, 2 removed, 1 moved" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_same_version_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", f"{FILE}#{V3}", FILE]) == 0
    assert "No differences." in capsys.readouterr().out


def test_every_version_against_the_current_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", FILE]) == 1
    out = capsys.readouterr().out
    assert f"version {V1} (2 sessions) -> version {V3} (2 sessions)" in out
    assert f"version {V2} (2 sessions) -> version {V3} (2 sessions)" in out
    assert out.count("Summary:") == 2


def test_every_version_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", FILE, "--format", "json"]) == 1
    document = orjson.loads(capsys.readouterr().out)
    jsonschema.validate(document, EXACT_MULTI_JSON_SCHEMA)
    assert [(d["old"]["version_id"], d["old"]["sessions"]) for d in document["diffs"]] == [
        (V1, 2),
        (V2, 2),
    ]


def test_a_file_with_one_version_has_nothing_to_compare(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["diff", str(DATA / "linear_flow.json")]) == 0
    assert "only its current version" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("json", lambda text: jsonschema.validate(orjson.loads(text), EXACT_JSON_SCHEMA)),
        ("markdown", lambda text: text.startswith("### Flow diff: Support ticket triage")),
        ("dot", lambda text: text.startswith("digraph liveflow {")),
        ("mermaid", lambda text: text.startswith("flowchart TB\n")),
        ("svg", lambda text: ET.fromstring(text).tag.endswith("svg")),
    ],
)
def test_formats_to_files(tmp_path: Path, fmt: str, check: object) -> None:
    out = tmp_path / f"diff.{fmt}"
    args = ["diff", f"{FILE}#{V1}", FILE, "--format", fmt, "-o", str(out)]
    assert main(args) == 1
    result = check(out.read_text(encoding="utf-8"))  # type: ignore[operator]  # a test lambda
    assert result is not False
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_format_from_the_output_suffix(tmp_path: Path) -> None:
    out = tmp_path / "diff.md"
    assert main(["diff", f"{FILE}#{V1}", FILE, "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8").startswith("### Flow diff")


def test_rename_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    version = orjson.loads(EXAMPLE.read_bytes())["current_version"]
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_bytes(orjson.dumps(version))
    renamed = orjson.dumps(version).replace(b"5e000000-0000-4000-8000-000000000008", b"esc")
    new.write_bytes(renamed)
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    assert orjson.loads(capsys.readouterr().out)["counts"]["steps_added"] == 1
    args = ["diff", str(old), str(new), "--rename", "5e000000-0000-4000-8000-000000000008=esc"]
    assert main([*args, "--format", "json"]) == 1
    document = orjson.loads(capsys.readouterr().out)
    assert document["counts"]["steps_added"] == 0
    assert document["steps"]["changed"][0]["changes"][0] == {
        "field": "id",
        "old": "5e000000-0000-4000-8000-000000000008",
        "new": "esc",
        "text_diffs": [],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["diff", f"{FILE}#nope", FILE],
            f"no version 'nope' in {FILE} (versions: {V3}, {V1}, {V2})",
        ),
        (["diff", FILE, FILE, "--format", "png"], "unknown --format 'png'"),
        (["diff", FILE, FILE, "-o", "x.svg", "--format", "dot"], "does not match"),
        (["diff", FILE, FILE, "--rename", "a"], "--rename takes OLD_ID=NEW_ID"),
        (["diff", FILE, FILE, "--rename", "a=b"], "rename map: no step 'a'"),
        (["diff", FILE, "--format", "dot"], "draws one diff"),
        (["diff", f"{FILE}#{V1}"], "give a second side"),
        (["diff", str(DATA / "flows_list.json"), FILE], "name one as"),
        (["diff", str(DATA / "sessions_list.json")], "has no current version"),
        (["diff", "missing.json", FILE], "missing.json"),
        (["diff", FILE, FILE, "--rankdir", "XY"], "unknown rankdir"),
    ],
)
def test_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_unwritable_output_exits_2_and_files_are_replaced(tmp_path: Path) -> None:
    out = tmp_path / "diff.txt"
    out.write_text("old", encoding="utf-8")
    assert main(["diff", f"{FILE}#{V1}", FILE, "-o", str(tmp_path / "no" / "diff.txt")]) == 2
    assert main(["diff", f"{FILE}#{V1}", FILE, "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8").startswith("Diff of flow")
