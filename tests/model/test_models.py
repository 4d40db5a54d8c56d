"""The models keep what they do not know and coerce nothing."""

from __future__ import annotations

import pytest

from liveflow_graph import FlowVersion, LiveFlow, SchemaError, Step, StepType, load


def _version(**step_fields: object) -> dict[str, object]:
    step = {"id": "s1", "name": "start", "step_type": "START", **step_fields}
    return {"id": "v1", "steps": [step], "step_transitions": []}


def test_unknown_step_type_is_kept_as_its_string() -> None:
    version = FlowVersion.model_validate(_version(step_type="WEB_SEARCH"))
    assert version.steps[0].step_type == "WEB_SEARCH"
    assert not version.steps[0].is_start


def test_known_step_type_compares_equal_to_its_enum() -> None:
    step = Step.model_validate({"id": "s", "name": "n", "step_type": "START"})
    assert step.step_type == StepType.START
    assert step.is_start


def test_unknown_fields_are_preserved_at_every_level() -> None:
    doc = _version(model="gpt-4o", prompt_template={"type": "chat", "messages": [{"a": 1}]})
    doc["published"] = True
    version = FlowVersion.model_validate(doc)
    assert version.extra_fields == {"published": True}
    assert version.steps[0].extra_fields == {"model": "gpt-4o"}
    dumped = version.to_dict()
    assert dumped["published"] is True
    assert dumped["steps"][0]["model"] == "gpt-4o"
    assert dumped["steps"][0]["prompt_template"] == {"type": "chat", "messages": [{"a": 1}]}


def test_prompt_template_strings_lists_every_string_with_its_path() -> None:
    doc = _version(
        prompt_template={
            "type": "chat",
            "messages": [{"role": "user", "content": "Hi ${a.result}"}],
            "odd key": "x",
        }
    )
    template = FlowVersion.model_validate(doc).steps[0].prompt_template
    assert template is not None
    assert template.strings() == [
        (".messages[0].role", "user"),
        (".messages[0].content", "Hi ${a.result}"),
        ("['odd key']", "x"),
    ]


def test_strings_are_not_coerced_to_integers() -> None:
    with pytest.raises(SchemaError) as caught:
        load({"id": "x", "steps_count": "3", "status": "NEW"})
    assert caught.value.path == "$.steps_count"
    assert "expected an integer, got the string '3'" in caught.value.message


def test_integers_are_not_coerced_to_strings() -> None:
    with pytest.raises(SchemaError) as caught:
        load({"id": 7, "steps": [], "step_transitions": []})
    assert caught.value.path == "$.id"
    assert caught.value.message == "expected a string, got the number 7"


def test_nullable_fields_accept_null() -> None:
    flow = LiveFlow.model_validate(
        {
            "id": "f",
            "name": "n",
            "description": None,
            "organisation_id": None,
            "current_version": {"id": "v", "steps": [], "step_transitions": []},
            "sessions": [
                {
                    "id": "s",
                    "error": None,
                    "status": None,
                    "current_step": None,
                    "flow_version": None,
                    "steps": [{"id": "ss", "result": None, "error": None, "user_input": None}],
                }
            ],
        }
    )
    assert flow.description is None
    assert flow.sessions[0].current_step is None
    assert flow.sessions[0].steps[0].result is None


def test_timestamps_round_trip_in_their_api_form() -> None:
    doc = _version(created_at="2023-11-07T05:31:56Z", updated_at="2023-11-07T05:31:56Z")
    version = FlowVersion.model_validate(doc)
    assert version.to_dict()["steps"][0]["created_at"] == "2023-11-07T05:31:56Z"
