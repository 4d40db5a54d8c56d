"""Clear errors for every way the API can say no, and the key never leaks."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from liveflow_graph import (
    AuthenticationError,
    ClientError,
    LiveFlowError,
    NotFoundError,
    RequestRejectedError,
    ResponseError,
    TrueStateClient,
)
from liveflow_graph.api.messages import render_detail
from tests.api.conftest import MakeClient
from tests.api.helpers import JSON, KEY, ORG, SESSION_ID, SESSIONS_FLOW, base_url, data

FASTAPI_422 = {
    "detail": [
        {"loc": ["header", "Current-Org-Id"], "msg": "field required", "type": "missing"},
        {"loc": ["path", "live_flow_id"], "msg": "invalid uuid", "type": "uuid_parsing"},
    ]
}


def test_401_says_to_check_the_key_and_organisation(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.expect_request("/live_flows/").respond_with_json(
        {"detail": "Invalid API key"}, status=401
    )
    with pytest.raises(AuthenticationError) as caught:
        make_client().list_flows()
    assert str(caught.value) == (
        "GET /live_flows/: the API refused the credentials (401 Unauthorized): check the API "
        f"key (TRUESTATE_API_KEY, sent as Api-key) and the organisation id '{ORG}'; the key "
        "must belong to that organisation (the API said: Invalid API key)"
    )
    assert caught.value.status == 401
    assert isinstance(caught.value, PermissionError)
    assert sleeps == []  # not retried


def test_401_in_bearer_mode_without_an_organisation(
    server: HTTPServer, make_client: MakeClient
) -> None:
    server.expect_request("/live_flows/").respond_with_data(b"", status=401)
    with pytest.raises(AuthenticationError) as caught:
        make_client(auth="bearer", organisation_id=None).list_flows()
    message = str(caught.value)
    assert "sent as a Bearer token" in message
    assert "organisation id (none set; TRUESTATE_ORGANISATION_ID)" in message
    assert "the API said" not in message


def test_403(server: HTTPServer, make_client: MakeClient) -> None:
    server.expect_request("/live_flows/").respond_with_json({"detail": "Forbidden"}, status=403)
    with pytest.raises(AuthenticationError, match=r"denied access \(403 Forbidden\)") as caught:
        make_client().list_flows()
    assert caught.value.status == 403


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.get_flow("f-404"), "GET /live_flows/f-404/: no live flow 'f-404' "),
        (lambda c: c.list_sessions("f-404"), "GET /live_flows/f-404/sessions/: no live flow"),
        (
            lambda c: c.get_session("f-404", "s-9"),
            "GET /live_flows/f-404/sessions/s-9/: no session 's-9' in live flow 'f-404' ",
        ),
        (lambda c: c.list_flows(), "GET /live_flows/: the API has no /live_flows/ endpoint"),
    ],
)
def test_404_names_what_is_missing(
    server: HTTPServer,
    make_client: MakeClient,
    call: Callable[[TrueStateClient], object],
    message: str,
) -> None:
    server.expect_request(path_or_any()).respond_with_json({"detail": "Not Found"}, status=404)
    with pytest.raises(NotFoundError) as caught:
        call(make_client())
    assert str(caught.value).startswith(message)
    assert str(caught.value).endswith(
        "(404 Not Found): check the id and the organisation (the API said: Not Found)"
    )
    assert isinstance(caught.value, LookupError)


def path_or_any() -> str:
    return ""  # pytest-httpserver: an empty uri matches every path


def test_422_renders_fastapi_details(server: HTTPServer, make_client: MakeClient) -> None:
    server.expect_request("/live_flows/x/").respond_with_json(FASTAPI_422, status=422)
    with pytest.raises(RequestRejectedError) as caught:
        make_client().get_flow("x")
    assert str(caught.value) == (
        "GET /live_flows/x/: the API rejected the request (422 Unprocessable Entity): "
        "header.Current-Org-Id: field required (missing); "
        "path.live_flow_id: invalid uuid (uuid_parsing)"
    )
    assert caught.value.status == 422


@pytest.mark.parametrize(
    ("status", "body", "content_type", "said"),
    [
        (400, b'{"detail": "bad request"}', JSON, ": bad request"),
        (405, b"Method Not Allowed", "text/plain", ": Method Not Allowed"),
        (409, b"<html>conflict</html>", "text/html", ""),
    ],
)
def test_other_4xx_are_rejections(
    server: HTTPServer,
    make_client: MakeClient,
    status: int,
    body: bytes,
    content_type: str,
    said: str,
) -> None:
    server.expect_request("/live_flows/").respond_with_data(
        body, status=status, content_type=content_type
    )
    with pytest.raises(RequestRejectedError) as caught:
        make_client().list_flows()
    assert str(caught.value).endswith(f"rejected the request ({status} {_phrase(status)}){said}")
    assert len(server.log) == 1


def _phrase(status: int) -> str:
    return {400: "Bad Request", 405: "Method Not Allowed", 409: "Conflict"}[status]


def test_wrong_content_type(server: HTTPServer, make_client: MakeClient) -> None:
    server.expect_request("/live_flows/").respond_with_data(
        b"<!doctype html><title>Sign in</title>", content_type="text/html; charset=utf-8"
    )
    with pytest.raises(ResponseError) as caught:
        make_client().list_flows()
    assert str(caught.value) == (
        "GET /live_flows/: expected a JSON document but the server sent 'text/html' "
        "(starting '<!doctype html><title>Sign in</title>'): check that TRUESTATE_HOST "
        f"({base_url(server)}) is the TrueState API"
    )
    assert len(server.log) == 1


def test_json_suffix_types_and_no_content_type_are_accepted(
    server: HTTPServer, make_client: MakeClient
) -> None:
    server.expect_oneshot_request("/live_flows/").respond_with_data(
        b"[]", content_type="application/vnd.truestate+json"
    )
    server.expect_oneshot_request("/live_flows/").respond_with_response(_no_content_type(b"[]"))
    client = make_client()
    assert client.list_flows() == []
    assert client.list_flows() == []


def _no_content_type(body: bytes) -> Response:
    response = Response(body)
    del response.headers["Content-Type"]
    return response


def test_truncated_json(server: HTTPServer, make_client: MakeClient) -> None:
    body = data("linear_flow.json")[:120]
    server.expect_request("/live_flows/x/").respond_with_data(body, content_type=JSON)
    with pytest.raises(ResponseError) as caught:
        make_client().get_flow("x")
    message = str(caught.value)
    assert message.startswith(
        "GET /live_flows/x/: the response is truncated JSON "
        "(120 bytes of 120 received): invalid JSON at line "
    )
    assert len(server.log) == 1


def test_an_empty_body(server: HTTPServer, make_client: MakeClient) -> None:
    server.expect_request("/live_flows/").respond_with_data(b"", content_type=JSON)
    with pytest.raises(
        ResponseError,
        match=r"^GET /live_flows/: the response body is empty \(expected a JSON document\)$",
    ):
        make_client().list_flows()


def test_a_body_that_is_not_json(server: HTTPServer, make_client: MakeClient) -> None:
    server.expect_request("/live_flows/").respond_with_data(b"[1, 2,, 3]", content_type=JSON)
    with pytest.raises(ResponseError) as caught:
        make_client().list_flows()
    assert str(caught.value).startswith(
        "GET /live_flows/: the response is not valid JSON (10 bytes of 10 received): "
        "invalid JSON at line 1, column 7: "
    )


def test_redirects_are_not_followed(server: HTTPServer, make_client: MakeClient) -> None:
    server.expect_request("/live_flows/").respond_with_data(
        b"", status=302, headers={"Location": "https://evil.invalid/steal"}
    )
    with pytest.raises(ResponseError) as caught:
        make_client().list_flows()
    assert "redirected (302 Found) to 'https://evil.invalid/steal'" in str(caught.value)
    assert "set TRUESTATE_HOST to the final address" in str(caught.value)
    assert len(server.log) == 1


def test_a_body_over_the_limit(server: HTTPServer, make_client: MakeClient) -> None:
    server.expect_request("/live_flows/").respond_with_data(
        data("flows_list.json"), content_type=JSON
    )
    with pytest.raises(ResponseError, match="larger than the limit of 1,000 bytes"):
        make_client(max_bytes=1000).list_flows()
    assert make_client(max_bytes=None).list_flows()


def test_render_detail() -> None:
    assert render_detail("plain") == "plain"
    assert render_detail({"code": 1}) == '{"code":1}'
    items = [{"loc": ["body", i], "msg": "bad", "type": "t"} for i in range(7)]
    assert render_detail(items, limit=2) == "body.0: bad (t); body.1: bad (t); and 5 more"
    assert render_detail([{"msg": "no loc"}, 3]) == "no loc; 3"


# -- the key never leaks --------------------------------------------------------------------

LEAKY_BODY = f'{{"detail": "bad key {KEY}", "input": "{KEY}"}}'.encode()
FAILURES: dict[str, Callable[[HTTPServer], None]] = {
    "401 echoing the key": lambda s: s.expect_request("/live_flows/").respond_with_data(
        LEAKY_BODY, status=401, content_type=JSON
    ),
    "403": lambda s: s.expect_request("/live_flows/").respond_with_data(b"", status=403),
    "404": lambda s: s.expect_request("/live_flows/").respond_with_data(
        LEAKY_BODY, status=404, content_type=JSON
    ),
    "422 echoing the key": lambda s: s.expect_request("/live_flows/").respond_with_json(
        {"detail": [{"loc": ["header", "Api-key"], "msg": f"bad {KEY}", "type": KEY}]},
        status=422,
    ),
    "500 echoing the key": lambda s: s.expect_request("/live_flows/").respond_with_data(
        f"traceback ... Api-key: {KEY}".encode(), status=500, content_type="text/plain"
    ),
    "429": lambda s: s.expect_request("/live_flows/").respond_with_data(b"", status=429),
    "html page with the key": lambda s: s.expect_request("/live_flows/").respond_with_data(
        f"<p>{KEY}</p>".encode(), content_type="text/html"
    ),
    "truncated JSON": lambda s: s.expect_request("/live_flows/").respond_with_data(
        LEAKY_BODY[:30], content_type=JSON
    ),
    "redirect carrying the key": lambda s: s.expect_request("/live_flows/").respond_with_data(
        b"", status=307, headers={"Location": f"https://x.invalid/?k={KEY}"}
    ),
    "schema error": lambda s: s.expect_request("/live_flows/").respond_with_json([{"id": KEY}]),
}


@pytest.mark.parametrize("auth", ["api-key", "bearer"])
@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_the_key_never_leaks(
    server: HTTPServer,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
    failure: str,
    auth: str,
) -> None:
    FAILURES[failure](server)
    caplog.set_level(logging.DEBUG)
    client = make_client(auth=auth, retry=1)
    with pytest.raises(LiveFlowError) as caught:
        client.list_flows()
    error = caught.value
    if failure != "schema error":  # the body itself is bad there: a PayloadError names it
        assert isinstance(error, ClientError)
        assert "\n" not in str(error)
    records = caplog.records  # httpcore's DEBUG trace of the response headers included
    texts = [
        str(error),
        repr(error),
        "".join(traceback.format_exception(error)),
        repr(vars(error)),
        repr(error.args),
        repr(client),
        *(record.getMessage() for record in records),
        *(repr(record.args) for record in records),
    ]
    assert not [text for text in texts if KEY in text]
    assert error.__cause__ is None
    if isinstance(error, ClientError):  # raised outside any handler: nothing attached
        assert error.__context__ is None
    else:  # the parser's errors are raised `from None`
        assert error.__suppress_context__
    assert any(r.name == "liveflow_graph.api.client" for r in caplog.records)


def test_client_log_records_are_debug_and_name_the_request(
    server: HTTPServer, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    server.expect_oneshot_request("/live_flows/").respond_with_data(b"", status=500)
    server.expect_request("/live_flows/").respond_with_data(b"[]", content_type=JSON)
    caplog.set_level(logging.DEBUG, logger="liveflow_graph.api.client")
    make_client().list_flows()
    ours = [r for r in caplog.records if r.name == "liveflow_graph.api.client"]
    assert {r.levelno for r in ours} == {logging.DEBUG}
    messages = [r.getMessage() for r in ours]
    assert messages[0].startswith("GET /live_flows/ -> 500 (0 bytes, ")
    assert messages[1] == (
        "GET /live_flows/ failed (the API failed (500 Internal Server Error)); "
        "retry 1 of 3 in 0.50 s"
    )
    assert messages[2].startswith("GET /live_flows/ -> 200 (2 bytes, ")


def test_sessions_endpoints_share_the_error_handling(
    server: HTTPServer, make_client: MakeClient
) -> None:
    server.expect_request(f"/live_flows/{SESSIONS_FLOW}/sessions/{SESSION_ID}/").respond_with_data(
        b"oops", content_type="text/plain"
    )
    with pytest.raises(ResponseError, match="'text/plain'"):
        make_client().get_session(SESSIONS_FLOW, SESSION_ID)
