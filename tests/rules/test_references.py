"""Reference extraction from prompt templates."""

from __future__ import annotations

import pytest

from liveflow_graph.models import Step
from liveflow_graph.references import Reference, scan_text, step_references


def _kinds(text: str) -> list[tuple[str, str | None]]:
    found, _ = scan_text(text)
    return [(r.kind, r.name) for r in found]


def test_result_and_inputs_references() -> None:
    text = "Use ${classify.result}, ${INPUTS} and ${INPUTS.customer.email}"
    assert _kinds(text) == [
        ("result", "classify"),
        ("inputs", None),
        ("inputs", "customer.email"),
    ]


def test_reference_carries_text_path_and_offset() -> None:
    found, unknown = scan_text("ab ${x.result}", "$.steps[1].prompt_template.text")
    assert unknown == []
    assert found == [Reference("result", "x", "${x.result}", "$.steps[1].prompt_template.text", 3)]


def test_names_with_spaces_and_dots_are_step_names() -> None:
    assert _kinds("${my step.result} ${v1.2.result}") == [
        ("result", "my step"),
        ("result", "v1.2"),
    ]


def test_inputs_result_is_a_field_of_the_trigger_payload() -> None:
    assert _kinds("${INPUTS.result}") == [("inputs", "result")]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("${ticket}", "a step result is written ${name.result}"),
        ("${a.output}", "only .result of a step can be referenced"),
        ("${ a.result }", "blanks around the name are not a documented form"),
        ("${inputs.x}", "the trigger payload is spelt INPUTS (upper case)"),
        ("${INPUTS.}", "expected ${INPUTS} or ${INPUTS.field}"),
        ("${}", "the reference is empty"),
        ("${a.result", "'${' is not closed by '}'"),
    ],
)
def test_forms_we_do_not_understand_are_reported(text: str, reason: str) -> None:
    found, unknown = scan_text(f"x {text} y")
    assert found == []
    assert [(u.text.strip(), u.reason) for u in unknown] == [(text, reason)]


def test_an_unclosed_reference_does_not_swallow_the_next_one() -> None:
    found, unknown = scan_text("${a ${b.result}")
    assert [r.name for r in found] == ["b"]
    assert [u.text for u in unknown] == ["${a"]


def test_plain_dollars_and_braces_are_not_references() -> None:
    assert scan_text("costs $5 {x} $ {y.result} $$") == ([], [])


def test_every_string_of_the_template_is_scanned_with_its_path() -> None:
    step = Step.model_validate(
        {
            "id": "s1",
            "name": "n",
            "step_type": "LLM",
            "prompt_template": {
                "type": "chat",
                "messages": [{"role": "user", "content": "${a.result}"}],
                "system": "${b.result} ${bad}",
                "odd key": "${c.result}",
            },
        }
    )
    refs = step_references(step, "$.steps[4]")
    assert [(r.name, r.path) for r in refs.results] == [
        ("a", "$.steps[4].prompt_template.messages[0].content"),
        ("b", "$.steps[4].prompt_template.system"),
        ("c", "$.steps[4].prompt_template['odd key']"),
    ]
    assert [(u.text, u.path) for u in refs.unknown] == [
        ("${bad}", "$.steps[4].prompt_template.system")
    ]


def test_step_without_template_has_no_references() -> None:
    step = Step.model_validate({"id": "s", "name": "n", "step_type": "START"})
    refs = step_references(step, "$.steps[0]")
    assert refs.references == ()
    assert refs.unknown == ()
