"""TrueStateClient against a real server: endpoints, models, headers, settings."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer

from liveflow_graph import (
    AuthenticationError,
    ConfigError,
    LiveFlow,
    PayloadKind,
    SchemaError,
    Session,
    TrueStateClient,
    UnknownShapeError,
    fetch_payload,
    load,
)
from liveflow_graph.api.credentials import DEFAULT_HOST
from tests.api.conftest import MakeClient
from tests.api.helpers import (
    FLOW_FILES,
    JSON,
    KEY,
    ORG,
    SESSION_ID,
    SESSIONS_FLOW,
    base_url,
    data,
    flow_id,
    serve_documented,
)
from tests.conftest import DATA


@pytest.mark.parametrize("name", FLOW_FILES)
def test_get_flow_returns_the_model_the_file_gives(
    server: HTTPServer, make_client: MakeClient, name: str
) -> None:
    serve_documented(server)
    flow = make_client().get_flow(flow_id(name))
    assert isinstance(flow, LiveFlow)
    assert flow == load(DATA / name).flows[0]


def test_list_flows(server: HTTPServer, make_client: MakeClient) -> None:
    serve_documented(server)
    flows = make_client().list_flows()
    assert [f.id for f in flows] == [f.id for f in load(DATA / "flows_list.json").flows]
    assert all(isinstance(f, LiveFlow) for f in flows)


def test_list_and_get_sessions(server: HTTPServer, make_client: MakeClient) -> None:
    serve_documented(server)
    client = make_client()
    sessions = client.list_sessions(SESSIONS_FLOW)
    assert sessions == load(DATA / "sessions_list.json").sessions
    one = client.get_session(SESSIONS_FLOW, SESSION_ID)
    assert isinstance(one, Session)
    assert one == load(DATA / "session.json").sessions[0]
    paths = [request.path for request, _ in server.log]
    assert paths == [
        f"/live_flows/{SESSIONS_FLOW}/sessions/",
        f"/live_flows/{SESSIONS_FLOW}/sessions/{SESSION_ID}/",
    ]


def test_fetch_raw_is_the_document_as_sent(server: HTTPServer, make_client: MakeClient) -> None:
    serve_documented(server)
    client = make_client()
    flow = client.fetch_raw(flow_id("forward_compat_flow.json"))
    expected = json.loads(data("forward_compat_flow.json"))
    assert flow == expected
    assert list(flow) == list(expected)  # the API's key order is kept
    assert client.fetch_raw() == json.loads(data("flows_list.json"))
    assert client.fetch_raw(SESSIONS_FLOW, sessions=True) == json.loads(data("sessions_list.json"))
    assert client.fetch_raw(SESSIONS_FLOW, SESSION_ID) == json.loads(data("session.json"))


def test_fetch_raw_argument_combinations(make_client: MakeClient) -> None:
    client = make_client()
    with pytest.raises(ConfigError, match="live_flow_id"):
        client.fetch_raw(sessions=True)
    with pytest.raises(ConfigError, match="live_flow_id"):
        client.fetch_raw(None, SESSION_ID)
    with pytest.raises(ConfigError, match="not both"):
        client.fetch_raw(SESSIONS_FLOW, SESSION_ID, sessions=True)


def test_api_key_and_organisation_headers(server: HTTPServer, make_client: MakeClient) -> None:
    serve_documented(server)
    make_client().list_flows()
    (request, _), *_ = server.log
    assert request.headers["Api-key"] == KEY
    assert request.headers["Current-Org-Id"] == ORG
    assert request.headers["Accept"] == JSON
    assert request.headers["User-Agent"].startswith("liveflow-graph/")
    assert "Authorization" not in request.headers


def test_bearer_mode(server: HTTPServer, make_client: MakeClient) -> None:
    serve_documented(server)
    make_client(auth="bearer").list_flows()
    (request, _), *_ = server.log
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert "Api-key" not in request.headers
    assert request.headers["Current-Org-Id"] == ORG


def test_no_organisation_sends_no_org_header(server: HTTPServer, make_client: MakeClient) -> None:
    serve_documented(server)
    make_client(organisation_id=None).list_flows()
    (request, _), *_ = server.log
    assert "Current-Org-Id" not in request.headers


def test_settings_come_from_the_environment(server: HTTPServer, make_client: MakeClient) -> None:
    serve_documented(server)
    env = {
        "TRUESTATE_API_KEY": " lfk_from_env \n",
        "TRUESTATE_ORGANISATION_ID": "org_env",
        "TRUESTATE_HOST": base_url(server) + "/",
    }
    client = make_client(api_key=None, organisation_id=None, host=None, env=env)
    assert client.host == base_url(server)
    assert client.organisation_id == "org_env"
    client.list_flows()
    (request, _), *_ = server.log
    assert request.headers["Api-key"] == "lfk_from_env"
    assert request.headers["Current-Org-Id"] == "org_env"


def test_arguments_beat_the_environment(server: HTTPServer, make_client: MakeClient) -> None:
    serve_documented(server)
    env = {
        "TRUESTATE_API_KEY": "lfk_env",
        "TRUESTATE_ORGANISATION_ID": "org_env",
        "TRUESTATE_HOST": "https://elsewhere.invalid",
    }
    make_client(env=env).list_flows()
    (request, _), *_ = server.log
    assert request.headers["Api-key"] == KEY
    assert request.headers["Current-Org-Id"] == ORG


def test_os_environ_is_the_default(
    server: HTTPServer, monkeypatch: pytest.MonkeyPatch, make_client: MakeClient
) -> None:
    monkeypatch.setenv("TRUESTATE_API_KEY", KEY)
    monkeypatch.setenv("TRUESTATE_HOST", base_url(server))
    monkeypatch.delenv("TRUESTATE_ORGANISATION_ID", raising=False)
    with TrueStateClient() as client:
        assert client.host == base_url(server)
        assert client.organisation_id is None
    monkeypatch.delenv("TRUESTATE_HOST")
    with TrueStateClient() as client:
        assert client.host == DEFAULT_HOST


@pytest.mark.parametrize("env", [{}, {"TRUESTATE_API_KEY": "  "}])
def test_a_missing_key_is_an_authentication_error(env: dict[str, str]) -> None:
    with pytest.raises(AuthenticationError, match="TRUESTATE_API_KEY"):
        TrueStateClient(env=env)


@pytest.mark.parametrize("key", ["lfk with space", "lfk_é", "lfk\x00x"])
def test_a_key_that_cannot_be_a_header_is_refused_without_echoing_it(key: str) -> None:
    with pytest.raises(AuthenticationError) as caught:
        TrueStateClient(key, env={})
    assert key not in str(caught.value)


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("ftp://api.truestate.io", "http"),
        ("https://", "http"),
        ("https://user:pw@api.truestate.io", "credentials"),
        ("https://api.truestate.io/?x=1", "query"),
        ("http://api.truestate.io", "plain http"),
    ],
)
def test_bad_hosts_are_config_errors(host: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        TrueStateClient(KEY, host=host, env={})


def test_host_forms() -> None:
    with TrueStateClient(KEY, host="api.example.com/base/", env={}) as client:
        assert client.host == "https://api.example.com/base"
    with TrueStateClient(KEY, host="http://api.example.com", allow_http=True, env={}) as client:
        assert client.host == "http://api.example.com"


def test_a_base_path_prefixes_every_request(server: HTTPServer, make_client: MakeClient) -> None:
    server.expect_request("/api/v1/live_flows/").respond_with_data(b"[]", content_type=JSON)
    assert make_client(host=base_url(server) + "/api/v1/").list_flows() == []


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"auth": "basic"}, "unknown auth"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": float("inf")}, "timeout"),
        ({"retry": -1}, "retries"),
        ({"organisation_id": "org\nX"}, "organisation id"),
    ],
)
def test_bad_settings(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        TrueStateClient(KEY, env={}, **settings)  # type: ignore[arg-type]  # deliberately bad


def test_ids_are_quoted_as_one_path_segment(server: HTTPServer, make_client: MakeClient) -> None:
    server.expect_request("/live_flows/a/b?c#d %/").respond_with_data(
        data("linear_flow.json"), content_type=JSON
    )
    make_client().get_flow("a/b?c#d %")
    (request, _), *_ = server.log
    assert request.environ["REQUEST_URI"] == "/live_flows/a%2Fb%3Fc%23d%20%25/"


@pytest.mark.parametrize("bad", ["", "  ", ".", ".."])
def test_empty_and_dot_ids_are_refused(make_client: MakeClient, bad: str) -> None:
    with pytest.raises(ConfigError):
        make_client().get_flow(bad)


def test_a_body_of_the_wrong_shape_names_the_request(
    server: HTTPServer, make_client: MakeClient
) -> None:
    server.expect_request("/live_flows/x/").respond_with_json({"current_version": 3})
    with pytest.raises(SchemaError) as caught:
        make_client().get_flow("x")
    assert caught.value.source == "GET /live_flows/x/"
    assert str(caught.value).startswith("GET /live_flows/x/: $.id: field required")
    assert "$.current_version: expected an object, got the number 3" in str(caught.value)


def test_a_list_endpoint_answering_an_object(server: HTTPServer, make_client: MakeClient) -> None:
    server.expect_request("/live_flows/").respond_with_json({"items": []})
    with pytest.raises(SchemaError, match="expected a list") as caught:
        make_client().list_flows()
    assert caught.value.source == "GET /live_flows/"
    with pytest.raises(SchemaError):
        make_client().fetch_raw()
    assert make_client().fetch_raw(validate=False) == {"items": []}


def test_an_unknown_kind_of_document_for_one_flow(
    server: HTTPServer, make_client: MakeClient
) -> None:
    server.expect_request("/live_flows/x/").respond_with_json(["not", "a", "flow"])
    with pytest.raises((SchemaError, UnknownShapeError)):
        make_client().get_flow("x")


def test_fetch_payload(server: HTTPServer, make_client: MakeClient) -> None:
    serve_documented(server)
    fid = flow_id("merge_flow.json")
    payload = fetch_payload(fid, client=make_client())
    assert payload.kind is PayloadKind.FLOW
    assert payload.source == f"truestate:live_flows/{fid}"
    assert payload.flows == load(DATA / "merge_flow.json").flows


def test_fetch_payload_makes_and_closes_its_own_client(
    server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_documented(server)
    monkeypatch.setenv("TRUESTATE_API_KEY", KEY)
    monkeypatch.setenv("TRUESTATE_HOST", base_url(server))
    payload = fetch_payload(flow_id("linear_flow.json"))
    assert payload.flows[0].id == flow_id("linear_flow.json")


def test_fetch_payload_errors_name_the_remote_source(
    server: HTTPServer, make_client: MakeClient
) -> None:
    server.expect_request("/live_flows/x/").respond_with_json({"current_version": 3})
    with pytest.raises(SchemaError) as caught:
        fetch_payload("x", client=make_client())
    assert caught.value.source == "truestate:live_flows/x"


def test_context_manager_closes(make_client: MakeClient) -> None:
    client = make_client()
    with client as entered:
        assert entered is client
        assert not client.closed
    assert client.closed


def test_repr_shows_settings_not_the_key(make_client: MakeClient) -> None:
    client = make_client(auth="bearer")
    text = repr(client)
    assert KEY not in text
    assert "api_key=<hidden>" in text
    assert ORG in text
    assert "bearer" in text
    assert all(KEY not in repr(value) for value in vars(client).values())
