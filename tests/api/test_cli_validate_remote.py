"""`liveflow-graph validate --remote ID` fetches the flow from the API and checks it."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer

from liveflow_graph.cli import main
from tests.api.helpers import KEY, ORG, base_url, data, flow_id, serve_documented
from tests.conftest import EXAMPLES


@pytest.fixture
def api_env(server: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUESTATE_API_KEY", KEY)
    monkeypatch.setenv("TRUESTATE_ORGANISATION_ID", ORG)
    monkeypatch.setenv("TRUESTATE_HOST", base_url(server))


@pytest.mark.usefixtures("api_env")
def test_remote_flow_is_fetched_and_validated(
    server: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    example = EXAMPLES / "support-triage.json"
    example_id = json.loads(example.read_text())["id"]
    server.expect_request(f"/live_flows/{example_id}/").respond_with_data(
        example.read_bytes(), content_type="application/json"
    )
    assert main(["validate", "--remote", example_id, "--format", "json"]) == 1
    out = capsys.readouterr()
    report = json.loads(out.out)
    rules = {d["rule"] for r in report["results"] for d in r["diagnostics"]}
    assert {"unreachable-step", "reference-not-upstream"} <= rules
    assert KEY not in out.out + out.err
    request, _ = server.log[-1]
    assert request.headers["Api-key"] == KEY
    assert request.headers["Current-Org-Id"] == ORG


@pytest.mark.usefixtures("api_env")
def test_remote_and_local_inputs_combine(
    server: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_documented(server)
    linear = flow_id("linear_flow.json")
    local = str(EXAMPLES / "support-triage.json")
    assert main(["validate", local, "--remote", linear, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {r["flow_id"] for r in report["results"]} == {
        json.loads(data("linear_flow.json"))["id"],
        "f1000000-0000-4000-8000-000000000001",
    }


@pytest.mark.usefixtures("api_env")
def test_remote_not_found_exits_2_with_one_line(
    server: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.expect_request("/live_flows/nope/").respond_with_data("{}", status=404)
    assert main(["validate", "--remote", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("liveflow-graph: error: ")
    assert "nope" in err
    assert KEY not in err


def test_nothing_to_check_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 2
    assert "nothing to check" in capsys.readouterr().err
