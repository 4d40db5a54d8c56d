"""Configuration: selectors, severity overrides, pyproject tables, errors naming the key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from liveflow_graph.errors import ConfigError, InputError
from liveflow_graph.validation.config import Config
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules import RULES, get_rule


def _codes(config: Config) -> list[str]:
    return [rule.code for rule in config.enabled_rules]


def test_default_runs_every_rule_at_its_default_severity() -> None:
    config = Config()
    assert config.enabled_rules == tuple(rule for rule in RULES if rule.default_enabled)
    assert [rule.name for rule in RULES if not rule.default_enabled] == ["unused-result"]
    rule = get_rule("cycle")
    assert config.severity_of(rule) is Severity.WARNING
    assert config.fail_on is Severity.ERROR


def test_select_by_prefix_code_and_name_and_ignore_wins() -> None:
    config = Config(select=("LF3", "LF104", "cycle"), ignore=("LF303", "LF1"))
    assert _codes(config) == ["LF202", "LF301", "LF302", "LF304"]


def test_selectors_are_case_insensitive() -> None:
    assert _codes(Config(select=("lf50",))) == ["LF501", "LF502", "LF503"]
    assert _codes(Config(select=("Cycle",))) == ["LF202"]


def test_severity_overrides_apply_in_order() -> None:
    config = Config(severity=(("LF2", "info"), ("cycle", "error")))
    assert config.severity_of(get_rule("cycle")) is Severity.ERROR
    assert config.severity_of(get_rule("self-loop")) is Severity.INFO
    assert config.severity_of(get_rule("unreachable-step")) is Severity.ERROR
    as_mapping = Config(severity={"cycle": "error"})  # type: ignore[arg-type]  # mappings are accepted too
    assert as_mapping.severity == (("cycle", Severity.ERROR),)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"select": ("LF9",)}, "select: 'LF9' is not a rule name, code or code prefix"),
        ({"ignore": ("cycel",)}, "ignore: 'cycel' is not a rule name"),
        ({"severity": (("cycle", "fatal"),)}, "severity.cycle: 'fatal' is not a severity"),
        ({"severity": (("nope", "error"),)}, "severity.nope: 'nope' is not a rule name"),
        ({"fail_on": "sometimes"}, "fail-on: 'sometimes' is not a severity"),
        ({"extra_step_types": (3,)}, "extra-step-types: must be a list of strings"),
    ],
)
def test_invalid_settings_name_the_key(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(".", r"\.")):
        Config(**kwargs)  # type: ignore[arg-type]  # invalid on purpose


def test_config_is_frozen_and_hashable() -> None:
    config = Config(select=("LF1",))
    with pytest.raises(AttributeError):
        config.select = ()  # type: ignore[misc]  # frozen on purpose
    assert hash(config) == hash(Config(select=("LF1",)))
    assert config == Config(select=("LF1",))


def test_merged_cli_options_override_the_file() -> None:
    base = Config(select=("LF1",), ignore=("LF104",), fail_on="warning")  # type: ignore[arg-type]  # parsed
    merged = base.merged(select=["LF2"], ignore=["cycle"], severity=[("LF2", "error")])
    assert _codes(merged) == ["LF201", "LF203", "LF204", "LF205", "LF206", "LF207"]
    assert merged.fail_on is Severity.WARNING
    assert merged.severity_of(get_rule("self-loop")) is Severity.ERROR
    assert base.merged(fail_on="info").fail_on is Severity.INFO
    assert base.merged().select == ("LF1",)


def _pyproject(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_from_pyproject_reads_the_table(tmp_path: Path) -> None:
    path = _pyproject(
        tmp_path,
        """
[project]
name = "x"

[tool.liveflow-graph]
select = ["LF1", "LF3"]
ignore = ["LF303"]
extra-step-types = ["WEBHOOK"]
fail-on = "warning"

[tool.liveflow-graph.severity]
unreachable-step = "warning"
""",
    )
    config = Config.from_pyproject(path)
    assert config.select == ("LF1", "LF3")
    assert config.ignore == ("LF303",)
    assert config.extra_step_types == ("WEBHOOK",)
    assert config.fail_on is Severity.WARNING
    assert config.severity_of(get_rule("unreachable-step")) is Severity.WARNING


def test_from_pyproject_without_table_is_the_default(tmp_path: Path) -> None:
    assert Config.from_pyproject(_pyproject(tmp_path, "[project]\nname='x'\n")) == Config()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[tool.liveflow-graph]\nsellect = ["LF1"]\n', "unknown key 'sellect'"),
        ("[tool.liveflow-graph]\nselect = 3\n", "select: must be a list of strings"),
        ('[tool.liveflow-graph]\nfail-on = "never"\n', "fail-on: 'never' is not a severity"),
        ('[tool.liveflow-graph]\nseverity = "x"\n', "severity: must be a table"),
        ('[tool.liveflow-graph.severity]\ncycle = "loud"\n', "severity.cycle: 'loud'"),
        ("[tool.liveflow-graph\n", "invalid TOML"),
    ],
)
def test_bad_pyproject_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = _pyproject(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        Config.from_pyproject(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_pyproject_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        Config.from_pyproject(tmp_path / "nope.toml")


def test_discover_finds_the_nearest_table(tmp_path: Path) -> None:
    _pyproject(tmp_path, '[tool.liveflow-graph]\nignore = ["cycle"]\n')
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname='no table'\n")
    config, found = Config.discover(inner)
    assert found == tmp_path / "pyproject.toml"
    assert config.ignore == ("cycle",)


# Every iterable setting may be a one-shot iterator (a generator, iter(), filter()): Config must
# read it once. It used to check the items with all(...) and then copy them with tuple(...),
# so the copy found the iterator exhausted and stored (): an empty select runs every rule.
ONE_SHOT = [
    pytest.param(lambda items: (item for item in items), id="generator"),
    pytest.param(lambda items: iter(list(items)), id="iter"),
    pytest.param(lambda items: filter(None, items), id="filter"),
]


@pytest.mark.parametrize("one_shot", ONE_SHOT)
def test_iterable_settings_may_be_one_shot_iterators(one_shot: Callable[[Any], Any]) -> None:
    config = Config(
        select=one_shot(["LF3", "cycle"]),
        ignore=one_shot(["LF303"]),
        extra_step_types=one_shot(["WEBHOOK"]),
    )
    expected = Config(select=("LF3", "cycle"), ignore=("LF303",), extra_step_types=("WEBHOOK",))
    assert _codes(config) == ["LF202", "LF301", "LF302", "LF304"] == _codes(expected)
    assert config == expected
    assert config.is_ignored(get_rule("LF303"))


@pytest.mark.parametrize("one_shot", ONE_SHOT)
def test_severity_may_be_a_one_shot_iterator(one_shot: Callable[[Any], Any]) -> None:
    config = Config(severity=one_shot([("LF2", "info"), ("cycle", "error")]))
    assert config.severity == (("LF2", Severity.INFO), ("cycle", Severity.ERROR))
    assert config.severity_of(get_rule("self-loop")) is Severity.INFO


@pytest.mark.parametrize("key", ["select", "ignore", "extra_step_types"])
def test_a_one_shot_iterator_with_a_bad_item_names_the_items(key: str) -> None:
    with pytest.raises(ConfigError, match=r"must be a list of strings, got \('LF1', 3\)"):
        Config(**{key: (item for item in ["LF1", 3])})  # type: ignore[arg-type]  # on purpose


def test_a_rule_off_by_default_runs_only_when_named() -> None:
    assert "LF305" not in _codes(Config(select=("LF3",)))
    assert "LF305" not in _codes(Config(select=("LF",)))
    assert "LF305" in _codes(Config(select=("LF3", "unused-result")))
    assert _codes(Config(select=("lf305",))) == ["LF305"]
    assert _codes(Config(select=("Unused-Result",))) == ["LF305"]
    assert "LF305" not in _codes(Config(select=("unused-result",), ignore=("LF3",)))
    # a severity override does not turn it on
    assert "LF305" not in _codes(Config(severity=(("unused-result", "error"),)))


def test_flow_size_limits_from_the_table() -> None:
    config = Config.from_mapping({"flow-size": {"max-steps": 40, "max-path-length": 12}})
    assert (config.flow_size.max_steps, config.flow_size.max_path_length) == (40, 12)
    default = Config().flow_size
    assert (default.max_steps, default.max_path_length) == (100, 50)
    only_steps = Config.from_mapping({"flow-size": {"max-steps": 7}}).flow_size
    assert (only_steps.max_steps, only_steps.max_path_length) == (7, 50)
    assert Config().merged(fail_on="info").flow_size == default


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"flow-size": 3}, "flow-size: must be a table of limits, got 3"),
        ({"flow-size": {"max-step": 3}}, "flow-size: unknown key 'max-step' (known keys: "),
        ({"flow-size": {"max-steps": 0}}, "flow-size.max-steps: must be a whole number >= 1"),
        ({"flow-size": {"max-path-length": "9"}}, "flow-size.max-path-length: must be a whole"),
        ({"flow-size": {"max-path-length": True}}, "flow-size.max-path-length: must be a whole"),
        ({"flow-size": {"max-steps": 2.5}}, "flow-size.max-steps: must be a whole number"),
    ],
)
def test_invalid_flow_size_settings_name_the_key(table: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(".", r"\.")):
        Config.from_mapping(table, source="pyproject.toml")
