"""The diff's JSON Schema is generated from the types of ``to_dict()``, and real documents
match it exactly.

``to_dict()`` is annotated with the ``TypedDict`` s of ``diffs/documents.py`` (mypy checks
each literal against its type); the schema is generated from those types, with every object
closed in ``EXACT_JSON_SCHEMA``.  So a key added to ``to_dict()`` and not to its type fails
here at run time, as well as in ``make typecheck``.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any, get_args

import jsonschema
import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from liveflow_graph import FlowVersion, Severity, VersionDiff, diff, load
from liveflow_graph.diffs.documents import SCHEMA_VERSION, DiagnosticDict, VersionDiffDict
from liveflow_graph.diffs.schema import (
    EXACT_JSON_SCHEMA,
    EXACT_MULTI_JSON_SCHEMA,
    JSON_SCHEMA,
    MULTI_JSON_SCHEMA,
)
from liveflow_graph.validation.diagnostics import Diagnostic
from tests.conftest import DATA
from tests.diffs.helpers import BASE_EDGES, BASE_STEPS, V1, V2, V3, base, example_refs
from tests.diffs.strategies import Edits, edits

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_exact(result: VersionDiff) -> None:
    """``result`` and its mirror, through JSON, match the exact schema (and so the open one)."""
    for one in (result, result.mirror()):
        document = orjson.loads(one.to_json())
        jsonschema.validate(document, EXACT_JSON_SCHEMA)
        jsonschema.validate(document, JSON_SCHEMA)


def objects(schema: Any) -> list[dict[str, Any]]:
    """Every object schema (one with ``properties``) inside ``schema``."""
    if isinstance(schema, list):
        return [found for item in schema for found in objects(item)]
    if not isinstance(schema, dict):
        return []
    own = [schema] if "properties" in schema else []
    return own + [found for value in schema.values() for found in objects(value)]


def test_the_schemas_are_draft_2020_12_and_exact_ones_close_every_object() -> None:
    pairs = [(EXACT_JSON_SCHEMA, JSON_SCHEMA), (EXACT_MULTI_JSON_SCHEMA, MULTI_JSON_SCHEMA)]
    for exact, open_ in pairs:
        jsonschema.Draft202012Validator.check_schema(exact)
        jsonschema.Draft202012Validator.check_schema(open_)
        assert (
            exact["$schema"] == open_["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        )
        assert len(objects(exact)) == len(objects(open_)) > 10
        assert all(o["additionalProperties"] is False for o in objects(exact))
        assert all("additionalProperties" not in o for o in objects(open_))
    assert EXACT_JSON_SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert set(EXACT_JSON_SCHEMA["required"]) == VersionDiffDict.__required_keys__


def test_example_diffs_match_the_exact_schema() -> None:
    refs = example_refs()
    for old, new in ((V1, V2), (V2, V3), (V1, V3), (V3, V3)):
        assert_exact(diff(refs[old], refs[new]))
        assert_exact(diff(refs[old], refs[new], validity=False))


def test_diffs_with_every_kind_of_change_match_the_exact_schema() -> None:
    steps = [*BASE_STEPS, ("c", "gamma", "LLM")]
    renamed = base(steps=[BASE_STEPS[0], ("a2", "alpha", "CODE", "new prompt"), BASE_STEPS[2]],
                   edges=[("t1", "s", "a2", "next"), ("t2", "a2", "b", "done")])  # fmt: skip
    assert_exact(diff(base(), renamed, rename_map={"a": "a2"}))
    moved = base(steps=steps, edges=[BASE_EDGES[0], ("t2", "a", "c", None), ("t3", "b", "zz", "x")])
    assert_exact(diff(base(), moved))
    fresh_ids = base(edges=[("u1", "s", "a", "next"), ("u2", "a", "b", "other")])
    assert_exact(diff(base(), fresh_ids))
    start = base(steps=[("s", "start", "LLM", ""), *BASE_STEPS[1:]])
    assert_exact(diff(base(), start))


def rule_fixture_diffs() -> list[VersionDiff]:
    """Each rule's valid fixture against each of its invalid ones: the rule's findings
    appear (and, mirrored, disappear), ``extra`` details included."""
    found = []
    for invalid in sorted((DATA / "rules").glob("*/invalid*.json")):
        if ".expected" in invalid.name:
            continue
        [valid, *_] = sorted(invalid.parent.glob("valid*.json"))
        before, after = _first_version(valid), _first_version(invalid)
        found.append(diff(before, after))
    return found


def _first_version(path: Path) -> FlowVersion:
    return load(path).versions()[0].version


@pytest.mark.slow  # diffs every rule's fixtures
def test_rule_findings_in_a_diff_match_the_exact_schema() -> None:
    results = rule_fixture_diffs()
    for result in results:
        assert_exact(result)
    findings = [d for r in results for d in r.diagnostics_appeared]
    assert {d.rule for d in findings} >= {"cycle", "dangling-transition", "unreachable-step"}
    assert any(d.extra for d in findings), "no finding with extra details was checked"


def test_the_finding_type_is_the_diagnostic_record() -> None:
    """``DiagnosticDict`` describes ``Diagnostic.to_dict()`` (built with ``asdict`` in the
    validation layer): the same keys, ``extra`` only when there is any, every severity."""
    # the record keeps its place as data (``location``); its JSON form has the text (``path``)
    keys = {f.name for f in dataclasses.fields(Diagnostic)} - {"location"} | {"path"}
    assert DiagnosticDict.__required_keys__ | DiagnosticDict.__optional_keys__ == keys
    assert DiagnosticDict.__optional_keys__ == {"extra"}
    severities = get_args(DiagnosticDict.__annotations__["severity"])
    assert set(severities) == {s.value for s in Severity}
    plain = Diagnostic("LF000", "rule", Severity.INFO, "message", "$")
    assert set(plain.to_dict()) == DiagnosticDict.__required_keys__
    detailed = dataclasses.replace(plain, extra={"name": "x"})
    assert set(detailed.to_dict()) == keys


@pytest.mark.slow  # hypothesis: many examples
@SETTINGS
@given(edits())
def test_generated_diffs_match_the_exact_schema(case: Edits) -> None:
    old, new = FlowVersion.model_validate(case.old), FlowVersion.model_validate(case.shuffled)
    assert_exact(diff(old, new))
    fresh = {
        **case.new,
        "step_transitions": [{**t, "id": "x-" + t["id"]} for t in case.new["step_transitions"]],
    }
    assert_exact(diff(old, FlowVersion.model_validate(fresh), validity=False))


def places(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """One object of each kind in a full diff document, by where it is (as PLACES)."""
    return {
        "top": document,
        "side": document["old"],
        "counts": document["counts"],
        "steps": document["steps"],
        "step": document["steps"]["added"][0],
        "step change": document["steps"]["changed"][0],
        "field change": document["steps"]["changed"][0]["changes"][0],
        "text diff": next(
            t for c in document["steps"]["changed"] for f in c["changes"] for t in f["text_diffs"]
        ),
        "transitions": document["transitions"],
        "transition": document["transitions"]["added"][0],
        "transition change": document["transitions"]["moved"][0],
        "validity": document["validity"],
        "finding": document["validity"]["appeared"][0],
    }


PLACES = [
    "top", "side", "counts", "steps", "step", "step change", "field change", "text diff",
    "transitions", "transition", "transition change", "validity", "finding",
]  # fmt: skip


@pytest.mark.parametrize("where", PLACES)
def test_a_key_the_type_does_not_list_fails_the_exact_schema(where: str) -> None:
    refs = example_refs()
    document = diff(refs[V2], refs[V3]).to_dict()
    jsonschema.validate(document, EXACT_JSON_SCHEMA)
    grown = copy.deepcopy(document)
    places(grown)[where]["new_key"] = 1
    with pytest.raises(jsonschema.ValidationError, match="new_key"):
        jsonschema.validate(grown, EXACT_JSON_SCHEMA)
    jsonschema.validate(grown, JSON_SCHEMA)  # the open schema lets consumers take new keys
    shrunk = copy.deepcopy(document)
    key = next(iter(places(shrunk)[where]))
    del places(shrunk)[where][key]
    with pytest.raises(jsonschema.ValidationError, match=key):
        jsonschema.validate(shrunk, JSON_SCHEMA)
