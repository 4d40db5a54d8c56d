"""Per-rule fixtures: `tests/data/rules/<rule-name>/valid*.json` must not trigger the rule;
each `invalid*.json` must trigger exactly the diagnostics in `invalid*.expected.json`
(code, severity, JSON path, step ids, transition ids, in engine order)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from liveflow_graph.model.parsing import load
from liveflow_graph.validation.engine import validate
from liveflow_graph.validation.rules import RULES, get_rule
from tests.conftest import DATA

FIXTURES = DATA / "rules"
CHECKED_RULES = [rule for rule in RULES if rule.check is not None]


def _cases(prefix: str) -> list[Path]:
    return sorted(p for p in FIXTURES.glob(f"*/{prefix}*.json") if ".expected" not in p.name)


def _found(path: Path) -> list[dict[str, Any]]:
    rule = get_rule(path.parent.name)
    report = validate(load(path), all_versions=True)
    return [
        {
            "code": d.code,
            "severity": d.severity.value,
            "path": d.path,
            "step_ids": list(d.step_ids),
            "transition_ids": list(d.transition_ids),
        }
        for d in report
        if d.rule == rule.name
    ]


@pytest.mark.parametrize("path", _cases("valid"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_valid_fixture_is_silent(path: Path) -> None:
    assert _found(path) == []


@pytest.mark.parametrize("path", _cases("invalid"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_invalid_fixture_gives_exactly_the_expected_diagnostics(path: Path) -> None:
    expected = json.loads(path.with_name(f"{path.stem}.expected.json").read_text())
    assert expected, "an invalid fixture must expect at least one diagnostic"
    assert _found(path) == expected


@pytest.mark.parametrize("rule", CHECKED_RULES, ids=lambda r: r.name)
def test_every_rule_has_valid_and_invalid_fixtures(rule: Any) -> None:
    folder = FIXTURES / rule.name
    assert list(folder.glob("valid*.json")), f"no valid fixture for {rule.name}"
    invalid = [p for p in folder.glob("invalid*.json") if ".expected" not in p.name]
    assert invalid, f"no invalid fixture for {rule.name}"
    for path in invalid:
        assert path.with_name(f"{path.stem}.expected.json").is_file()


def test_fixture_folders_are_rule_names() -> None:
    names = {rule.name for rule in CHECKED_RULES}
    assert {p.name for p in FIXTURES.iterdir() if p.is_dir()} == names


def test_messages_name_steps_by_name_and_id() -> None:
    report = validate(load(FIXTURES / "unreachable-step" / "invalid.json"))
    messages = [d.message for d in report if d.rule == "unreachable-step"]
    assert messages[0] == "'orphan' (s4) is unreachable: no path from START leads to it"


def test_undefined_reference_suggests_a_name_differing_in_case() -> None:
    report = validate(load(FIXTURES / "undefined-reference" / "invalid.json"))
    messages = [d.message for d in report if d.rule == "undefined-reference"]
    assert "no step is named 'summary'" in messages[0]
    assert "(did you mean 'a'?)" not in messages[0]
    assert messages[1].endswith("but no step is named 'A' (did you mean 'a'?)")


def test_dangling_transition_says_which_end() -> None:
    report = validate(load(FIXTURES / "dangling-transition" / "invalid.json"))
    ends = [d.extra["missing_end"] for d in report if d.rule == "dangling-transition"]
    assert ends == ["target", "source", "both"]
    messages = [d.message for d in report if d.rule == "dangling-transition"]
    assert "its target step 'missing' does not exist" in messages[0]
    assert "its source step 'ghost' does not exist" in messages[1]
    assert "neither its source 'x' nor its target 'y' exists" in messages[2]
