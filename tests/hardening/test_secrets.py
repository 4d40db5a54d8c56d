"""The API key never shows: not in any command's output, error message, or log record."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from liveflow_graph.cli import main
from tests.api.helpers import base_url, flow_id, serve_documented
from tests.conftest import DATA

SECRET = "lfk_SECRET_hardening_7f3a9c"
FLOW = flow_id("linear_flow.json")


def _commands(host: str, out: Path) -> list[list[str]]:
    linear = str(DATA / "linear_flow.json")
    return [
        ["fetch", "--host", host, FLOW],
        ["fetch", "--host", host, "-o", str(out / "flow.json"), FLOW],
        ["fetch", "--host", host, "--all"],
        ["fetch", "--host", host, "--sessions", FLOW],
        ["fetch", "--host", host, "--retries", "0", "00000000-dead-4000-8000-000000000000"],
        ["fetch", "--host", host, "--auth", "bearer", FLOW],
        ["fetch", "--host", "http://127.0.0.1:9", "--retries", "0", "--timeout", "0.5", FLOW],
        ["fetch", "--host", "not a url", FLOW],
        ["fetch", "--host", host, "--auth", "nonsense", FLOW],
        ["validate", "--isolated", linear],
        ["validate", "--isolated", "-f", "json", linear],
        ["render", "--format", "dot", linear],
        ["summary", linear],
        ["diff", str(DATA / "old_versions_flow.json")],
        ["--version"],
        ["fetch", "--help"],
    ]


@pytest.mark.parametrize("how", ["environment", "flag"])
def test_the_key_never_appears(
    how: str,
    server: HTTPServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    serve_documented(server)
    server.expect_request("/boom/").respond_with_data("no", status=500)
    monkeypatch.setenv("TRUESTATE_ORGANISATION_ID", "org_u13TesTDumMyEe5P")
    if how == "environment":
        monkeypatch.setenv("TRUESTATE_API_KEY", SECRET)
    caplog.set_level(logging.DEBUG)  # httpx, httpcore and our own loggers, everything
    seen_fetch = 0
    for argv in _commands(base_url(server), tmp_path):
        if argv[0] == "fetch" and "--help" not in argv:
            argv = [*argv, "--retries", "0"]  # no real back-off sleeps in a test
            if how == "flag":
                argv += ["--api-key", SECRET]
        code = main(argv)
        captured = capsys.readouterr()
        for stream in (captured.out, captured.err):
            assert SECRET not in stream, argv
            assert SECRET[4:] not in stream, argv  # not even without its prefix
        seen_fetch += argv[0] == "fetch" and code == 0
    assert seen_fetch >= 4  # the successful fetches did run
    # the server did receive the key (so it was really in play) ...
    assert any(SECRET in str(request.headers) for request, _ in server.log)
    # ... but no log record and no written file holds it
    for record in caplog.records:
        assert SECRET not in record.getMessage()
        assert SECRET not in str(record.args)
    for path in tmp_path.iterdir():
        assert SECRET.encode() not in path.read_bytes()


def test_a_key_rejected_by_the_server_is_not_repeated(
    server: HTTPServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server.expect_request(f"/live_flows/{FLOW}/").respond_with_json(
        {"detail": f"invalid key {SECRET}"}, status=401
    )
    monkeypatch.setenv("TRUESTATE_API_KEY", SECRET)
    code = main(["fetch", "--host", base_url(server), "--retries", "0", FLOW])
    captured = capsys.readouterr()
    assert code == 2
    assert len(captured.err.strip().splitlines()) == 1
    assert SECRET not in captured.out + captured.err


@pytest.mark.parametrize(
    "bad",
    [
        "lfk_SECRET_with\nnewline",
        "lfk_SECRET_\u2603snow",
        "lfk_SECRET_\r\nX-Evil: 1",
        " lfk_SECRET_sp ",
    ],
)
def test_a_malformed_key_is_refused_without_echoing_it(
    bad: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TRUESTATE_API_KEY", bad)
    code = main(["fetch", "--host", "http://127.0.0.1:9", "--retries", "0", FLOW])
    captured = capsys.readouterr()
    assert code == 2
    assert "lfk_SECRET" not in captured.out + captured.err
