"""The rule registry stays honest: every module registered, codes and names unique and
stable, docstrings complete, docs/rules.md current."""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

import pytest

import liveflow_graph.validation.rules as rules_package
from liveflow_graph.errors import ConfigError
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.docs import main as docs_main
from liveflow_graph.validation.docs import rules_markdown
from liveflow_graph.validation.rules import RULES, Rule, get_rule, match_rules
from tests.conftest import ROOT

# Every code ever published, with its name.  A code is never reused: when a rule is
# retired its line stays here (and no new rule may take the code).
PUBLISHED = {
    "LF000": "internal-error",
    "LF001": "input-error",
    "LF101": "start-step-required",
    "LF102": "multiple-start-steps",
    "LF103": "start-step-has-incoming",
    "LF104": "unreachable-step",
    "LF105": "dangling-transition",
    "LF106": "duplicate-step-id",
    "LF107": "duplicate-transition-id",
    "LF108": "duplicate-step-name",
    "LF109": "duplicate-transition",
    "LF110": "start-step-prompt",
    "LF201": "self-loop",
    "LF202": "cycle",
    "LF203": "no-path-to-end",
    "LF204": "multiple-downstream-steps",
    "LF205": "loop-without-user-input",
    "LF206": "ambiguous-transition-label",
    "LF207": "flow-size",
    "LF301": "undefined-reference",
    "LF302": "reference-not-upstream",
    "LF303": "unknown-reference-form",
    "LF304": "start-result-reference",
    "LF305": "unused-result",
    "LF401": "unknown-step-type",
    "LF402": "empty-prompt",
    "LF501": "flow-id-mismatch",
    "LF502": "session-step-unknown",
    "LF503": "timestamp-order",
}


def test_every_rule_module_is_registered() -> None:
    modules = {
        f"{rules_package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(rules_package.__path__)
        if not info.name.startswith("_")
    }
    assert modules == {rule.module for rule in RULES}


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for rule in RULES:
        assert re.fullmatch(r"LF[0-5]\d\d", rule.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert rule.module.rsplit(".", 1)[1] == rule.name.replace("-", "_")


def test_codes_are_stable_and_never_reused() -> None:
    for rule in RULES:
        assert PUBLISHED.get(rule.code) == rule.name, f"{rule.code} is not {rule.name}"


def test_registry_is_in_code_order() -> None:
    assert [r.code for r in RULES] == sorted(r.code for r in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_docstring_is_complete(rule: Rule) -> None:
    assert rule.summary.endswith(".")
    assert rule.sections == (), f"{rule.name} lacks {rule.sections}"
    assert isinstance(rule.severity, Severity)
    # own-judgement rules say so in their documentation, and only they do
    assert ("Our judgement" in rule.doc) == rule.own_judgement


def test_only_internal_and_input_error_have_no_check() -> None:
    assert [rule.code for rule in RULES if rule.check is None] == ["LF000", "LF001"]


def test_lookup_by_code_or_name() -> None:
    assert get_rule("lf104").name == "unreachable-step"
    assert get_rule("unreachable-step").code == "LF104"
    assert [r.code for r in match_rules("LF3")] == ["LF301", "LF302", "LF303", "LF304", "LF305"]
    with pytest.raises(ConfigError, match="did you mean 'unreachable-step'"):
        get_rule("unreachable-steps")
    with pytest.raises(ConfigError, match="not a rule name, code or code prefix"):
        match_rules("LF9")


def test_docs_rules_md_is_current() -> None:
    path = ROOT / "docs" / "rules.md"
    assert path.read_text(encoding="utf-8") == rules_markdown(), "run `make docs`"


def test_docs_command_writes_and_checks(tmp_path: Path) -> None:
    target = tmp_path / "rules.md"
    assert docs_main(["--check", str(target)]) == 1
    assert docs_main([str(target)]) == 0
    assert docs_main(["--check", str(target)]) == 0
    assert docs_main([]) == 2


def test_docs_list_every_rule_with_an_anchor() -> None:
    text = rules_markdown()
    for rule in RULES:
        assert f"### {rule.code} {rule.name}\n" in text
        assert f"(#{rule.code.lower()}-{rule.name})" in text
