"""A flow exposes every version it carries, with the sessions that ran on each."""

from __future__ import annotations

from liveflow_graph import load
from tests.conftest import DATA, EXAMPLES


def test_old_versions_are_collected_with_their_sessions() -> None:
    flow = load(DATA / "old_versions_flow.json").flows[0]
    versions = flow.versions()
    assert len(versions) == 3
    refs = list(versions.values())
    assert refs[0].is_current
    assert refs[0].id == flow.current_version.id
    assert refs[0].path == "$.current_version"
    assert not any(ref.is_current for ref in refs[1:])
    ran = {ref.id: ref.session_ids for ref in refs}
    for index, session in enumerate(flow.sessions):
        assert session.flow_version is not None
        assert session.id in ran[session.flow_version.id]
        ref = versions[session.flow_version.id]
        assert f"$.sessions[{index}]" in ref.session_paths
    # a version first seen in a session points at that session's copy
    for ref in refs[1:]:
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
