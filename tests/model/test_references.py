"""Reference extraction from prompt templates."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from liveflow_graph.model import references
from liveflow_graph.model.jsonpath import render
from liveflow_graph.model.models import PromptTemplate, Step, template_strings
from liveflow_graph.model.references import (
    Reference,
    _scan_fast,
    _scan_slow,
    _scan_split,
    _scan_usual,
    add_result_names,
    marked_strings,
    result_names,
    result_offsets,
    scan_text,
    step_references,
    usual_result_names,
)


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
    where = ("steps", 1, "prompt_template", "text")
    found, unknown = scan_text("ab ${x.result}", where)
    assert unknown == []
    assert found == [Reference("result", "x", "${x.result}", where, 3)]
    assert found[0].path == "$.steps[1].prompt_template.text"


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
    refs = step_references(step, ("steps", 4))
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
    refs = step_references(step, ("steps", 0))
    assert refs.references == ()
    assert refs.unknown == ()


# -- the fast paths agree with the exact scanner (hypothesis) ------------------------------

_PIECES = st.sampled_from(
    ["${", "}", "{", "$", ".result", "INPUTS", "INPUTS.", ".", " ", "\n", "a", "é", "x y"]
)
# `${` + a body made of the pieces that matter + `}`: near-misses of the understood forms
_REFERENCES = st.lists(
    st.sampled_from(
        ["INPUTS", "INPUTS.", "inputs", ".", "result", ".result", " ", "a", "b c", "$", "{"]
    ),
    max_size=4,
).map(lambda body: "${" + "".join(body) + "}")
_TEXTS = st.lists(_REFERENCES | _PIECES | st.text(max_size=4), max_size=10).map("".join)


@pytest.mark.slow  # hypothesis oracle, 400 examples
@settings(max_examples=400, deadline=None)
@given(_TEXTS)
@example("${INPUTS..result}")
@example("${INPUTS.a b.result} ${INPUTSa.result}")
@example("${ a.result} ${a .result} ${a.result }")
@example("${a.${b.result}} ${a.result")
def test_fast_scan_agrees_with_the_exact_scanner(text: str) -> None:
    exact = _scan_slow(text, ("t",))
    fast = _scan_fast(text, ("t",))
    if fast is not None:  # it only answers when every `${` is understood
        assert exact == (fast, [])
    else:
        assert exact[1] != []
    assert scan_text(text, ("t",)) == exact


_VALUES = st.recursive(
    _TEXTS | st.integers() | st.none(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXTS, inner, max_size=3),
    max_leaves=8,
)


@pytest.mark.slow  # hypothesis oracle, 300 examples
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["text", "system", "odd key", "messages"]), _VALUES))
@example({"text": " \n", "messages": [{"content": "\t"}]})  # only blanks: no text
@example({"odd key": ["${a.result}", {"x": "${INPUTS} ${b.result}"}]})
def test_result_names_and_marked_strings_agree_with_step_references(extra: dict[str, Any]) -> None:
    template = PromptTemplate.model_validate({"type": "t", **extra})
    step = Step.model_validate(
        {"id": "s", "name": "n", "step_type": "LLM", "prompt_template": template.to_dict()}
    )
    refs = step_references(step, ("steps", 0))
    names, odd = result_names(template)
    assert names == [r.name for r in refs.results]
    assert odd == bool(refs.unknown)
    assert marked_strings(template) == [
        (location, text) for location, text in template_strings(template) if "${" in text
    ]
    assert template.strings() == [
        (render(location, ""), text) for location, text in template_strings(template)
    ]
    assert template.has_text() == any(text.strip() for _, text in template.strings())


class _CountingSearch:
    """Stands in for ``references._CLOSE``: counts the characters its searches read."""

    def __init__(self) -> None:
        self.read = 0

    def search(self, text: str, pos: int) -> re.Match[str] | None:
        match = re.compile(r"\}").search(text, pos)
        self.read += (match.end() if match is not None else len(text)) - pos
        return match


@pytest.mark.parametrize(
    "text",
    [
        ("${" + "a" * 200) * 500,  # every ${ unclosed
        ("${" + "a" * 200) * 500 + "}",  # closed only at the very end
        ("${x.result} ${" + "b" * 50) * 500,
    ],
    ids=["unclosed", "closed-at-the-end", "mixed"],
)
def test_the_scan_reads_the_text_about_once(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Looking for the closing brace is linear in the text, not in text x references."""
    counter = _CountingSearch()
    monkeypatch.setattr(references, "_CLOSE", counter)
    scan_text(text)
    assert counter.read <= 2 * len(text)


# the usual forms and their near misses, for the regex and str.find fast paths
_USUAL_PIECES = st.sampled_from(
    [
        "${a.result}",
        "${b_c.result}",
        "${x-1.result}",
        "${é9.result}",
        "${INPUTS}",
        "${INPUTS.q}",
        "${INPUTS.result}",
        "${INPUTSa.result}",
        "${INPUTS.a b.result}",
        "${INPUTS..result}",
        "${.result}",
        "${a.b.result}",
        "${a .result}",
        "${a.result.result}",
        "${ab.result",
        " ",
        "x",
        "${",
        "}",
        "$",
        "{",
        ".result}",
        "\u3000",
        "\x1c",
    ]
)
_USUAL_TEXTS = st.lists(_USUAL_PIECES, max_size=8).map("".join)


@pytest.mark.slow  # hypothesis oracle
@settings(max_examples=400, deadline=None)
@given(_USUAL_TEXTS | _TEXTS)
@example("${a\u3000.result} ${\x1ca.result} ${INPUTS.\x1c}")
@example("${a.result}${a.result}${INPUTS}${a.result}")
@example("${INPUTS..result} ${.result}")
def test_each_fast_reading_agrees_with_the_exact_scanner(text: str) -> None:
    """The regex of the usual forms, the split reading and the names-only readings answer
    what the exact scanner answers, or nothing (then the scanner is asked)."""
    exact, unknown = _scan_slow(text, ("t",))
    exact_names = [r.name for r in exact if r.kind == "result"]
    for fast in (_scan_usual, _scan_split):
        found = fast(text, ("t",))
        assert found is None or (found == exact and unknown == [])
    if unknown == []:
        assert _scan_split(text, ("t",)) == exact  # it knows every understood form
    names = usual_result_names(text)
    if names is not None:
        assert unknown == []
        assert list(names) == exact_names
        assert result_offsets(text, names) == [r.offset for r in exact if r.kind == "result"]
    added: list[str] = ["before"]
    assert add_result_names(text, added) == (unknown != [])
    assert added == ["before", *exact_names]
