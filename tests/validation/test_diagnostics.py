"""The Diagnostic record: a location as data, its path as text, one JSON form."""

from __future__ import annotations

from dataclasses import replace

import pytest

from liveflow_graph.errors import ConfigError
from liveflow_graph.validation.diagnostics import Diagnostic, Severity


def _diagnostic(**kwargs: object) -> Diagnostic:
    return Diagnostic("LF104", "unreachable-step", Severity.ERROR, "m", **kwargs)  # type: ignore[arg-type]


def test_a_path_given_as_text_is_kept_as_data_and_given_back() -> None:
    d = _diagnostic(path="$.current_version.steps[3]['odd key']")
    assert d.location == ("current_version", "steps", 3, "odd key")
    assert d.path == "$.current_version.steps[3]['odd key']"
    assert d == _diagnostic(location=("current_version", "steps", 3, "odd key"))
    assert _diagnostic().path == "$"


def test_a_path_that_is_not_one_is_refused() -> None:
    with pytest.raises(ConfigError, match="'steps/3' is not a JSON path"):
        _diagnostic(path="steps/3")
    with pytest.raises(ConfigError, match="different places"):
        _diagnostic(path="$.a", location=("b",))


def test_extra_is_a_new_dict_each_time_and_not_compared() -> None:
    first, second = _diagnostic(), _diagnostic()
    assert first.extra == {}
    assert first.extra is not second.extra
    assert _diagnostic(extra={"a": 1}) == first
    assert hash(_diagnostic(extra={"a": 1})) == hash(first)


def test_replace_keeps_the_location() -> None:
    d = _diagnostic(path="$.steps[1]", extra={"k": [1]})
    moved = replace(d, message="n")
    assert (moved.path, moved.message, moved.extra) == ("$.steps[1]", "n", {"k": [1]})


def test_to_dict_is_the_one_json_form() -> None:
    d = Diagnostic(
        "LF302",
        "reference-not-upstream",
        Severity.WARNING,
        "m",
        "$.steps[1]",
        ("s1",),
        ("t1",),
        "f",
        "v",
        {"reference": ["x"]},
    )
    data = d.to_dict()
    assert data == {
        "code": "LF302",
        "rule": "reference-not-upstream",
        "severity": "warning",
        "message": "m",
        "path": "$.steps[1]",
        "step_ids": ["s1"],
        "transition_ids": ["t1"],
        "flow_id": "f",
        "version_id": "v",
        "extra": {"reference": ["x"]},
    }
    data["extra"]["reference"].append("y")  # a copy: the diagnostic is unchanged
    assert d.extra == {"reference": ["x"]}
    assert "extra" not in _diagnostic().to_dict()
