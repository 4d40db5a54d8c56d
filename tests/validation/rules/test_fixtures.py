"""Per-rule fixtures: `tests/data/rules/<rule-name>/valid*.json` must not trigger the rule;
each `invalid*.json` must trigger exactly the diagnostics in `invalid*.expected.json`
(code, severity, JSON path, step ids, transition ids, in engine order)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from liveflow_graph.model.parsing import load
from liveflow_graph.validation.config import Config
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.engine import validate
from liveflow_graph.validation.rules import RULES, get_rule
from tests.conftest import DATA

FIXTURES = DATA / "rules"
CHECKED_RULES = [rule for rule in RULES if rule.check is not None]
DEFAULT_CODES = tuple(rule.code for rule in RULES if rule.default_enabled)


def _cases(prefix: str) -> list[Path]:
    return sorted(p for p in FIXTURES.glob(f"*/{prefix}*.json") if ".expected" not in p.name)


def _found(path: Path) -> list[dict[str, Any]]:
    rule = get_rule(path.parent.name)
    # a rule that is off by default runs when named in select (with the default rules)
    config = None if rule.default_enabled else Config(select=(*DEFAULT_CODES, rule.name))
    report = validate(load(path), config=config, all_versions=True)
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


def _of(rule: str, fixture: str) -> list[Any]:
    found = validate(load(FIXTURES / rule / fixture), all_versions=True)
    return [d for d in found if d.rule == rule]


def test_dangling_transition_suggests_the_closest_existing_step_id() -> None:
    typo, far = _of("dangling-transition", "invalid-typo.json")
    existing = "5e000000-0000-4000-8000-000000000003"
    assert typo.message.endswith(f"(the closest existing step is 'reply' ({existing}))")
    assert typo.extra["suggestion"] == existing
    assert typo.extra["suggestions"] == {"5e000000-0000-4000-8000-00000000003": existing}
    # a random id is close to no step: no suggestion rather than a wrong one
    assert "closest" not in far.message
    assert "suggestion" not in far.extra


def test_undefined_reference_names_the_renamed_step_then_the_closest_name() -> None:
    renamed, typo = _of("undefined-reference", "invalid-renamed.json")
    assert renamed.message.endswith(
        "(did you mean 'summarize'? 'summarize' (s2) was named 'summarise' in version 'v1')"
    )
    assert renamed.extra == {
        "reference": "${summarise.result}",
        "name": "summarise",
        "offset": renamed.extra["offset"],
        "suggestion": "summarize",
        "renamed_step_id": "s2",
        "renamed_in_version": "v1",
    }
    assert typo.message.endswith("(did you mean 'classify'?)")
    assert typo.extra["suggestion"] == "classify"


def test_no_path_to_end_says_the_dangling_transition_is_why() -> None:
    draft, review, send = _of("no-path-to-end", "invalid-dangling.json")
    assert send.message == (
        "no end step can be reached from 'send' (s4): its only way on, transition 't4', "
        "leads to the missing step 'deleted-step', so it is not an end step"
    )
    assert send.extra == {"reason": "dangling", "dangling_transition_ids": ["t4"]}
    for upstream in (draft, review):
        assert "its way on is cut at 'send' (s4)" in upstream.message
        assert upstream.extra["cut_step_id"] == "s4"
    (loop, _) = _of("no-path-to-end", "invalid.json")
    assert loop.message.endswith("a session that gets here never finishes")
    assert loop.extra == {"reason": "loop"}


def test_a_retry_on_the_last_step_is_one_warning_that_explains_it() -> None:
    report = validate(load(FIXTURES / "no-path-to-end" / "valid-retry-on-last-step.json"))
    assert [(d.rule, d.severity.value) for d in report] == [("self-loop", "warning")]
    assert "read as a retry, the step repeats while 'retry' holds" in report.diagnostics[0].message
    assert report.diagnostics[0].extra == {"retry": True}
    # a self-loop beside another way on (here a dangling one) is the plain warning
    report = validate(load(FIXTURES / "no-path-to-end" / "invalid-dangling.json"))
    (plain,) = [d for d in report if d.rule == "self-loop"]
    assert plain.message == "transition 't5' 'retry' leads from 'send' (s4) back to itself"
    assert plain.extra == {}


def test_loop_without_user_input_is_an_error_only_without_a_way_out() -> None:
    with_exit, without = _of("loop-without-user-input", "invalid.json")
    assert with_exit.severity is Severity.WARNING
    assert with_exit.extra == {"ways_out": ["t4"]}
    assert without.severity is Severity.ERROR
    assert "nothing leaves the loop" in without.message
    # a configured severity applies to both
    config = Config(severity=(("loop-without-user-input", "info"),))
    report = validate(load(FIXTURES / "loop-without-user-input" / "invalid.json"), config=config)
    assert {d.severity for d in report if d.code == "LF205"} == {Severity.INFO}
