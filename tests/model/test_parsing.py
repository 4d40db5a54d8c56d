"""One entry point reads every API document shape, from every kind of source."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from liveflow_graph import (
    FlowVersion,
    InputError,
    InvalidJSONError,
    LiveFlow,
    LiveFlowError,
    PayloadError,
    PayloadKind,
    PayloadTooLargeError,
    SchemaError,
    Session,
    UnknownShapeError,
    load,
    loads,
)
from tests.conftest import DATA, EXAMPLES

SHAPES = [
    ("linear_flow.json", PayloadKind.FLOW, LiveFlow, 1),
    ("merge_flow.json", PayloadKind.FLOW, LiveFlow, 1),
    ("flows_list.json", PayloadKind.FLOWS, LiveFlow, 3),
    ("bare_version.json", PayloadKind.VERSION, FlowVersion, 1),
    ("session.json", PayloadKind.SESSION, Session, 1),
    ("sessions_list.json", PayloadKind.SESSIONS, Session, 3),
    ("old_versions_flow.json", PayloadKind.FLOW, LiveFlow, 1),
    ("nulls_flow.json", PayloadKind.FLOW, LiveFlow, 1),
    ("forward_compat_flow.json", PayloadKind.FLOW, LiveFlow, 1),
    ("dangling_flow.json", PayloadKind.FLOW, LiveFlow, 1),
]


@pytest.mark.parametrize(("name", "kind", "model", "count"), SHAPES)
def test_detects_each_shape_from_a_path(
    name: str, kind: PayloadKind, model: type, count: int
) -> None:
    payload = load(DATA / name)
    assert payload.kind is kind
    assert len(payload) == count
    assert all(isinstance(item, model) for item in payload)
    assert payload.source == str(DATA / name)


@pytest.mark.parametrize(("name", "kind", "model", "count"), SHAPES)
def test_every_source_form_gives_the_same_payload(
    name: str, kind: PayloadKind, model: type, count: int
) -> None:
    path = DATA / name
    raw = path.read_bytes()
    expected = load(path).items
    assert load(str(path)).items == expected
    assert load(raw).items == expected
    assert load(raw.decode()).items == expected
    assert loads(raw).items == expected
    assert load(json.loads(raw)).items == expected
    with path.open("rb") as handle:
        assert load(handle).items == expected


def test_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = (DATA / "session.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    payload = load("-")
    assert payload.kind is PayloadKind.SESSION
    assert payload.source == "<stdin>"


def test_list_paths_are_indexed() -> None:
    payload = load(DATA / "flows_list.json")
    assert payload.paths == ("$[0]", "$[1]", "$[2]")


def test_empty_list_is_an_empty_list_of_flows() -> None:
    payload = load([])
    assert payload.kind is PayloadKind.FLOWS
    assert len(payload) == 0


def test_kind_can_be_forced() -> None:
    doc = {"id": "v", "steps": [], "step_transitions": [], "status": "odd"}
    assert load(doc).kind is PayloadKind.SESSION  # `status` looks like a session
    assert load(doc, kind="version").kind is PayloadKind.VERSION


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(UnknownShapeError, match="unknown payload kind 'flowz'"):
        load({}, kind="flowz")


MALFORMED = json.loads((DATA / "malformed" / "expected.json").read_text())


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_payloads_name_where_and_what(name: str) -> None:
    expected = MALFORMED[name]
    path = DATA / "malformed" / name
    with pytest.raises(LiveFlowError) as caught:
        load(path)
    error = caught.value
    assert isinstance(error, ValueError)  # callers can catch the builtin
    if "line" in expected:
        assert isinstance(error, InvalidJSONError)
        assert (error.line, error.column) == (expected["line"], expected["column"])
        assert f"line {expected['line']}, column {expected['column']}" in str(error)
    else:
        assert error.path == expected["path"]
        assert expected["contains"] in error.message.lower()
        assert str(error).startswith(f"{path}: {expected['path']}: ")


def test_schema_error_lists_every_problem() -> None:
    doc = {"id": "v", "steps": [{"id": 1}, {"name": "x"}], "step_transitions": []}
    with pytest.raises(SchemaError) as caught:
        load(doc)
    paths = [detail.path for detail in caught.value.errors]
    assert "$.steps[0].id" in paths
    assert "$.steps[0].name" in paths
    assert "$.steps[1].id" in paths
    assert "also $.steps" in str(caught.value)


def test_nan_is_not_json() -> None:
    with pytest.raises(InvalidJSONError):
        loads('{"id": NaN}')


def test_bytes_that_are_not_utf8_are_reported() -> None:
    with pytest.raises(InvalidJSONError, match="not valid UTF-8"):
        loads(b'{"name": "\xff"}')


def test_a_list_of_versions_is_rejected_with_advice() -> None:
    with pytest.raises(UnknownShapeError, match="one version at a time"):
        load([{"id": "v", "steps": [], "step_transitions": []}])


def test_a_list_of_scalars_is_rejected_at_its_first_item() -> None:
    with pytest.raises(UnknownShapeError) as caught:
        load([1, 2])
    assert caught.value.path == "$[0]"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as caught:
        load(tmp_path / "nope.json")
    assert isinstance(caught.value, OSError)


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load(tmp_path)


def test_a_file_name_with_a_nul_character_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a valid file name"):
        load(str(tmp_path / "a\x00b.json"))


def test_dangling_transitions_are_kept_by_the_parser() -> None:
    payload = load(DATA / "dangling_flow.json")
    version = payload.flows[0].current_version
    step_ids = {s.id for s in version.steps}
    dangling = [
        t
        for t in version.step_transitions
        if t.source_step_id not in step_ids or t.target_step_id not in step_ids
    ]
    assert len(dangling) == 2


def test_extra_fields_survive_a_dump() -> None:
    raw = json.loads((DATA / "forward_compat_flow.json").read_text())
    flow = load(raw).flows[0]
    assert flow.to_dict() == raw


def test_bundled_example_parses() -> None:
    payload = load(EXAMPLES / "support-triage.json")
    assert payload.kind is PayloadKind.FLOW


def test_identical_version_copies_are_parsed_once_and_shared() -> None:
    raw = json.loads((EXAMPLES / "support-triage.json").read_text())
    before = json.dumps(raw)
    flow = load(raw).flows[0]
    assert json.dumps(raw) == before  # the caller's objects are not mutated
    by_id: dict[str, object] = {}
    for session in flow.sessions:
        assert session.flow_version is not None
        first = by_id.setdefault(session.flow_version.id, session.flow_version)
        assert first is session.flow_version
    current = [s for s in flow.sessions if s.flow_version == flow.current_version]
    assert current
    assert all(s.flow_version is flow.current_version for s in current)


def test_a_differing_copy_with_the_same_id_is_kept_as_it_is() -> None:
    raw = json.loads((EXAMPLES / "support-triage.json").read_text())
    copy = raw["sessions"][1]["flow_version"]
    copy["steps"][0]["name"] = "changed"
    flow = load(raw).flows[0]
    first, second = flow.sessions[0].flow_version, flow.sessions[1].flow_version
    assert first is not None
    assert second is not None
    assert first.id == second.id
    assert first.steps[0].name != "changed"
    assert second.steps[0].name == "changed"


def test_an_invalid_shared_version_is_reported_at_its_own_path() -> None:
    raw = json.loads((EXAMPLES / "support-triage.json").read_text())
    del raw["sessions"][2]["flow_version"]["steps"][1]["id"]
    with pytest.raises(SchemaError) as caught:
        load(raw)
    assert caught.value.path == "$.sessions[2].flow_version.steps[1].id"


def test_inputs_over_the_size_limit_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"[" + b" " * 2000 + b"]")
    with pytest.raises(PayloadTooLargeError, match="larger than the limit of 1,000 bytes"):
        load(path, max_bytes=1000)
    with pytest.raises(PayloadTooLargeError):
        load(path.read_bytes(), max_bytes=1000)
    with path.open("rb") as handle, pytest.raises(PayloadTooLargeError):
        load(handle, max_bytes=1000)
    assert load(path, max_bytes=None).kind is PayloadKind.FLOWS


def test_deep_nesting_is_a_clear_error() -> None:
    deep = '{"id": "v", "steps": [], "step_transitions": [], "x": ' + "[" * 5000 + "]" * 5000 + "}"
    with pytest.raises(InvalidJSONError, match="nested more than 1,024 levels"):
        loads(deep)


def _linear_flow() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "linear_flow.json").read_text())
    return loaded


def test_a_value_that_contains_itself_is_refused_where_the_cycle_closes() -> None:
    flow = _linear_flow()
    flow["current_version"]["steps"][0]["prompt_template"]["again"] = flow
    with pytest.raises(PayloadError, match="contains itself") as caught:
        load(flow)
    assert caught.value.path == "$.current_version.steps[0].prompt_template.again"
    looped: list[Any] = []
    looped.append(looped)
    with pytest.raises(PayloadError, match="reference cycle") as in_list:
        load(looped)
    assert in_list.value.path == "$[0]"


def test_a_value_referenced_twice_but_not_inside_itself_is_accepted() -> None:
    flow = _linear_flow()
    template = flow["current_version"]["steps"][0]["prompt_template"]
    flow["current_version"]["steps"][1]["prompt_template"] = template
    flow["current_version"]["extra"] = [template, template]
    assert load(flow).kind is PayloadKind.FLOW


def test_a_lone_surrogate_is_refused_at_its_path() -> None:
    flow = _linear_flow()
    flow["current_version"]["steps"][1]["name"] = "a\ud800b"
    with pytest.raises(PayloadError, match="surrogate") as caught:
        load(flow)
    assert caught.value.path == "$.current_version.steps[1].name"
    str(caught.value).encode("utf-8")  # the message itself can be printed


def test_a_lone_surrogate_in_a_key_is_refused_at_its_object() -> None:
    flow = _linear_flow()
    flow["current_version"]["steps"][1]["x\udfff"] = 1
    with pytest.raises(PayloadError, match="surrogate") as caught:
        load(flow)
    assert caught.value.path == "$.current_version.steps[1]"
    str(caught.value).encode("utf-8")


def test_astral_characters_are_accepted() -> None:
    flow = _linear_flow()
    flow["current_version"]["steps"][1]["name"] = "a\U0001f600b"
    flow["current_version"]["steps"][1]["\U0001f600"] = "\U0001f600"
    step = load(flow).items[0].current_version.steps[1]
    assert step.name == "a\U0001f600b"


@pytest.mark.parametrize("prefix", [b"\xef\xbb\xbf", "\ufeff"])
def test_one_leading_utf8_bom_is_ignored(prefix: bytes | str) -> None:
    text = (DATA / "linear_flow.json").read_text()
    source = prefix + (text.encode() if isinstance(prefix, bytes) else text)
    assert load(source).kind is PayloadKind.FLOW
    assert loads(source).kind is PayloadKind.FLOW
    with pytest.raises(InvalidJSONError):
        loads(prefix * 2 + (b"{}" if isinstance(prefix, bytes) else "{}"))


def test_a_bom_in_a_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / "linear_flow.json").read_bytes())
    assert load(path).kind is PayloadKind.FLOW
    with path.open("rb") as handle:
        assert load(handle).kind is PayloadKind.FLOW


def test_errors_after_a_bom_keep_their_line_and_column() -> None:
    document = '{\n  "id": "v",\n  "steps": [1,,]\n}'
    with pytest.raises(InvalidJSONError) as plain:
        loads(document)
    for source in (b"\xef\xbb\xbf" + document.encode(), "\ufeff" + document):
        with pytest.raises(InvalidJSONError) as with_bom:
            loads(source)
        assert (with_bom.value.line, with_bom.value.column) == (
            plain.value.line,
            plain.value.column,
        )
        assert with_bom.value.message == plain.value.message


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32"), ("utf-32-be", "UTF-32")],
)
def test_a_utf16_or_utf32_bom_names_the_encoding(encoding: str, name: str) -> None:
    data = ("\ufeff" if encoding.endswith("-be") else "") + '{"id": "v"}'
    with pytest.raises(InvalidJSONError) as caught:
        loads(data.encode(encoding))
    assert f"the input is {name} text (with a byte-order mark); JSON files must be UTF-8" in str(
        caught.value
    )
