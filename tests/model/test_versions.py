"""A flow exposes every version it carries, with the sessions that ran on each."""

from __future__ import annotations

import pytest

from liveflow_graph import FlowVersion, LiveFlow, Payload, PayloadKind, VersionRef, load
from liveflow_graph.errors import ConfigError
from liveflow_graph.model.jsonpath import render
from tests.conftest import DATA, EXAMPLES


def test_old_versions_are_collected_with_their_sessions() -> None:
    flow = load(DATA / "old_versions_flow.json").flows[0]
    versions = flow.versions()
    assert len(versions) == 3
    refs = list(versions.values())  # oldest first: the current version last
    assert refs[-1].is_current
    assert refs[-1].id == flow.current_version.id
    assert refs[-1].path == "$.current_version"
    assert not any(ref.is_current for ref in refs[:-1])
    ran = {ref.id: ref.session_ids for ref in refs}
    for index, session in enumerate(flow.sessions):
        assert session.flow_version is not None
        assert session.id in ran[session.flow_version.id]
        ref = versions[session.flow_version.id]
        assert f"$.sessions[{index}]" in ref.session_paths
    # a version first seen in a session points at that session's copy
    for ref in refs[:-1]:
        assert ref.path.startswith("$.sessions[")
        assert ref.path.endswith("].flow_version")


def test_payload_versions_cover_every_shape() -> None:
    assert len(load(DATA / "bare_version.json").versions()) == 1
    session_refs = load(DATA / "sessions_list.json").versions()
    assert sum(len(ref.sessions) for ref in session_refs) == 3
    listed = load(DATA / "flows_list.json")
    assert {ref.flow_path for ref in listed.versions()} == {"$[0]", "$[1]", "$[2]"}


def test_example_carries_three_versions() -> None:
    flow = load(EXAMPLES / "support-triage.json").flows[0]
    refs = flow.versions()
    assert len(refs) == 3
    assert sum(len(ref.sessions) for ref in refs.values()) == len(flow.sessions) == 6


def test_refs_carry_locations_and_give_them_as_text() -> None:
    listed = load(DATA / "flows_list.json")
    assert listed.locations == ((0,), (1,), (2,))
    assert listed.paths == ("$[0]", "$[1]", "$[2]")
    ref = next(r for r in listed.versions() if r.flow_path == "$[1]")
    assert ref.flow_location == (1,)
    assert ref.location == (1, "current_version")
    assert ref.path == "$[1].current_version"
    flow = load(DATA / "old_versions_flow.json").flows[0]
    for ref in flow.versions(location=("flows", 4)).values():
        assert ref.flow_path == "$.flows[4]"
        assert all(where[:3] == ("flows", 4, "sessions") for where in ref.session_locations)
        assert ref.session_paths == tuple(map(render, ref.session_locations))
    assert flow.versions("$.flows[4]") == flow.versions(location=("flows", 4))


def test_a_version_ref_built_from_text_keeps_that_text() -> None:
    version = load(DATA / "bare_version.json").items[0]
    assert isinstance(version, FlowVersion)
    ref = VersionRef(version, "$['my flows'][2].current_version", None, "$['my flows'][2]")
    assert ref.location == ("my flows", 2, "current_version")
    assert ref.path == "$['my flows'][2].current_version"
    assert ref.flow_path == "$['my flows'][2]"
    assert ref.session_paths == ()
    assert ref == VersionRef(
        version, location=("my flows", 2, "current_version"), flow_location=("my flows", 2)
    )
    assert VersionRef(version).path == "$"
    with pytest.raises(ConfigError, match="is not a JSON path"):
        VersionRef(version, "current_version")
    with pytest.raises(ConfigError, match="different places"):
        VersionRef(version, session_paths=("$[0]",), session_locations=((1,),))


def test_a_payload_built_from_text_keeps_that_text() -> None:
    payload = load(DATA / "sessions_list.json")
    items = payload.items
    assert Payload(PayloadKind.SESSIONS, items).paths == payload.paths  # worked out
    again = Payload(PayloadKind.SESSIONS, items, tuple(f"$.s[{i}]" for i in range(len(items))))
    assert again.locations == tuple(("s", i) for i in range(len(items)))
    assert again.paths[0] == "$.s[0]"
    assert Payload(PayloadKind.FLOW, payload.items[:1]).locations == ((),)
    with pytest.raises(ConfigError, match="different places"):
        Payload(PayloadKind.FLOW, items[:1], ("$.a",), locations=(("b",),))


def _flow_with_versions(versions: list[tuple[str, str | None, str | None]]) -> LiveFlow:
    """A flow whose current version is ``cur`` and whose sessions ran on ``versions``:
    ``(version id, version created_at, session created_at)`` each, in document order."""

    def version(vid: str, created: str | None) -> dict[str, object]:
        return {"id": vid, "steps": [], "step_transitions": [], "created_at": created}

    return LiveFlow.model_validate(
        {
            "id": "f",
            "name": "f",
            "current_version": version("cur", "2020-01-01T00:00:00Z"),
            "sessions": [
                {"id": f"s{i}", "flow_version": version(vid, made), "created_at": ran}
                for i, (vid, made, ran) in enumerate(versions)
            ],
        }
    )


def test_versions_run_oldest_to_newest() -> None:
    flow = load(EXAMPLES / "support-triage.json").flows[0]
    ids = list(flow.versions())
    assert ids == [f"ae000000-0000-4000-8000-00000000000{n}" for n in (1, 2, 3)]
    # the README's example: the previous version against the current one
    *_, previous, current = flow.versions().values()
    assert current.is_current
    assert previous.id.endswith("2")


def test_version_order_uses_created_at_then_sessions_then_document_order() -> None:
    flow = _flow_with_versions(
        [
            ("undated-a", None, None),
            ("late", "2024-06-01T00:00:00Z", None),
            ("early", "2024-01-01T00:00:00+02:00", None),
            ("by-session", None, "2024-03-01T00:00:00"),  # no zone: taken as UTC
            ("undated-b", None, None),
        ]
    )
    # the current version is last even though its created_at is the oldest
    assert list(flow.versions()) == ["early", "by-session", "late", "undated-a", "undated-b", "cur"]


def test_payload_versions_still_list_the_current_version_first() -> None:
    payload = load(EXAMPLES / "support-triage.json")
    refs = payload.versions()
    assert refs[0].is_current
    assert [ref.id for ref in refs[1:]] == list(payload.flows[0].versions())[:-1]
