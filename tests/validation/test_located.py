"""Findings placed in their files: positions inside strings, distinct fingerprints."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from liveflow_graph.model.parsing import loads
from liveflow_graph.model.positions import locate_spots
from liveflow_graph.validation.engine import validate
from liveflow_graph.validation.located import fingerprint
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "support-triage.json"


@given(
    before=st.text(max_size=20),
    after=st.text(max_size=5),
    ascii_only=st.booleans(),
    indent=st.sampled_from([None, 2]),
)
def test_a_spot_inside_a_string_is_the_character_it_names(
    before: str, after: str, ascii_only: bool, indent: int | None
) -> None:
    value = before + "${x.result}" + after
    text = json.dumps({"a": [1, {"b": value}]}, ensure_ascii=ascii_only, indent=indent)
    location = ("a", 1, "b")
    found = locate_spots(text, [(location, len(before)), (location, None)])
    lines = text.split("\n")
    line, column = found[(location, len(before))]
    assert lines[line - 1][column - 1 :].startswith("${x.result}")
    line, column = found[(location, None)]
    assert lines[line - 1][column - 1 :].startswith('"')


def test_out_of_range_and_non_string_spots_fall_back_to_the_value() -> None:
    text = '{"a": "xy", "n": 12}'
    found = locate_spots(text, [(("a",), 99), (("n",), 1), (("missing",), None)])
    assert found == {(("a",), 99): (1, 7), (("n",), 1): (1, 18)}


def test_the_same_reference_twice_gives_two_locations_and_fingerprints() -> None:
    document = json.loads(EXAMPLE.read_text())
    step = document["current_version"]["steps"][2]
    step["prompt_template"]["text"] = "first ${draft_reply.result}, again ${draft_reply.result}"
    text = json.dumps(document, indent=2)
    report = validate(loads(text, name="flow.json")).with_positions({"flow.json": text})
    upstream = [f for f in report.located() if f.diagnostic.code == "LF302"]
    twice = [f for f in upstream if f.diagnostic.step_ids[0] == step["id"]]
    assert len(twice) == 2
    assert len({(f.line, f.column) for f in twice}) == 2
    assert len({f.fingerprint for f in twice}) == 2
    lines = text.split("\n")
    for finding in twice:
        assert finding.line is not None
        assert finding.column is not None
        assert lines[finding.line - 1][finding.column - 1 :].startswith("${draft_reply.result}")


def test_a_finding_alone_keeps_the_fingerprint_of_earlier_releases() -> None:
    report = validate(loads(EXAMPLE.read_bytes(), name="flow.json"))
    alone = next(f for f in report.located() if f.diagnostic.code == "LF104")
    assert alone.fingerprint == fingerprint(alone.diagnostic)
