"""``liveflow-graph fetch`` in-process against the test server."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from liveflow_graph.cli import main
from liveflow_graph.cli.fetch import write_json
from liveflow_graph.cli.progress import progress_bar as progress
from tests.api.helpers import (
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
from tests.hardening.test_deep_documents import deep_flow

LINEAR = flow_id("linear_flow.json")


@pytest.fixture(autouse=True)
def _environment(server: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUESTATE_API_KEY", KEY)
    monkeypatch.setenv("TRUESTATE_ORGANISATION_ID", ORG)
    monkeypatch.setenv("TRUESTATE_HOST", base_url(server))


def pretty(name: str) -> str:
    """The file's document as fetch writes it: API key order, indent 2, final newline."""
    return json.dumps(json.loads(data(name)), indent=2, ensure_ascii=False) + "\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["fetch", *args])
    out, err = capsys.readouterr()
    assert KEY not in out
    assert KEY not in err
    return code, out, err


def test_one_flow_to_stdout(server: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    serve_documented(server)
    code, out, err = run(capsys, LINEAR)
    assert (code, err) == (0, "")
    assert out == pretty("linear_flow.json")
    (request, _), *_ = server.log
    assert request.headers["Api-key"] == KEY
    assert request.headers["Current-Org-Id"] == ORG


def test_one_flow_to_a_file(
    server: HTTPServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    serve_documented(server)
    target = tmp_path / "flow.json"
    code, out, err = run(capsys, LINEAR, "-o", str(target))
    assert (code, out) == (0, "")
    assert err == f"liveflow-graph: wrote 1 live flow to {target}\n"
    assert target.read_text(encoding="utf-8") == pretty("linear_flow.json")
    assert [p.name for p in tmp_path.iterdir()] == ["flow.json"]  # no temporary file left


def test_the_written_file_reads_back(
    server: HTTPServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    serve_documented(server)
    target = tmp_path / "flows.json"
    assert run(capsys, "--all", "-o", str(target))[0] == 0
    assert main(["summary", str(target)]) == 0
    assert "Meeting notes summariser" in capsys.readouterr().out


def test_sessions_of_a_flow(server: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    serve_documented(server)
    code, out, _ = run(capsys, SESSIONS_FLOW, "--sessions")
    assert code == 0
    assert out == pretty("sessions_list.json")


def test_one_session(server: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    serve_documented(server)
    code, out, _ = run(capsys, SESSIONS_FLOW, "--session", SESSION_ID)
    assert code == 0
    assert out == pretty("session.json")


def test_all_flows(server: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    serve_documented(server)
    code, out, _ = run(capsys, "--all")
    assert code == 0
    assert out == pretty("flows_list.json")
    assert len(server.log) == 1


def test_several_flows_make_a_list(server: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    serve_documented(server)
    merge = flow_id("merge_flow.json")
    code, out, _ = run(capsys, LINEAR, merge)
    assert code == 0
    assert json.loads(out) == [
        json.loads(data("linear_flow.json")),
        json.loads(data("merge_flow.json")),
    ]


def test_sessions_of_every_flow(
    server: HTTPServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    flows = [{**flow, "sessions": []} for flow in json.loads(data("flows_list.json"))]
    flows[1]["id"] = SESSIONS_FLOW
    server.expect_request("/live_flows/").respond_with_json(flows)
    serve_documented(server)
    for flow in flows:
        if flow["id"] != SESSIONS_FLOW:
            server.expect_request(f"/live_flows/{flow['id']}/sessions/").respond_with_data(
                b"[]", content_type=JSON
            )
    target = tmp_path / "sessions.json"
    code, _, err = run(capsys, "--all", "--sessions", "-o", str(target))
    assert code == 0
    assert err == f"liveflow-graph: wrote 3 sessions to {target}\n"  # no progress: not a TTY
    assert json.loads(target.read_text()) == json.loads(data("sessions_list.json"))
    assert [r.path for r, _ in server.log] == [
        "/live_flows/",
        *(f"/live_flows/{flow['id']}/sessions/" for flow in flows),
    ]


def test_connection_options(
    server: HTTPServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TRUESTATE_API_KEY", "TRUESTATE_ORGANISATION_ID", "TRUESTATE_HOST"):
        monkeypatch.delenv(name)
    serve_documented(server)
    code, out, _ = run(
        capsys,
        LINEAR,
        "--host",
        base_url(server),
        "--api-key",
        KEY,
        "--org",
        "org_flag",
        "--auth",
        "bearer",
        "--timeout",
        "3",
        "--retries",
        "0",
    )
    assert code == 0
    assert out == pretty("linear_flow.json")
    (request, _), *_ = server.log
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert request.headers["Current-Org-Id"] == "org_flag"


def test_retries_option(server: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.expect_request(f"/live_flows/{LINEAR}/").respond_with_data(b"", status=500)
    code, out, err = run(capsys, LINEAR, "--retries", "0")
    assert (code, out) == (2, "")
    assert err == (
        f"liveflow-graph: error: GET /live_flows/{LINEAR}/: the API failed "
        "(500 Internal Server Error) (gave up after 1 attempt)\n"
    )
    assert len(server.log) == 1


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, "refused the credentials"),
        (403, "denied access"),
        (404, "no live flow"),
        (422, "rejected"),
    ],
)
def test_client_errors_are_one_line_and_exit_2(
    server: HTTPServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    status: int,
    kind: str,
) -> None:
    server.expect_request(f"/live_flows/{LINEAR}/").respond_with_json(
        {"detail": f"nope {KEY}"}, status=status
    )
    target = tmp_path / "keep.json"
    target.write_text("old")
    code, out, err = run(capsys, LINEAR, "-o", str(target), "--api-key", KEY)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"liveflow-graph: error: GET /live_flows/{LINEAR}/: ")
    assert kind in err
    assert target.read_text() == "old"  # a failed fetch leaves the old file alone
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]


def test_a_missing_key(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRUESTATE_API_KEY")
    code, out, err = run(capsys, LINEAR)
    assert (code, out) == (2, "")
    assert err.startswith("liveflow-graph: error: no API key: set TRUESTATE_API_KEY")


def test_a_bad_host(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, LINEAR, "--host", "ftp://x")
    assert code == 2
    assert err.startswith("liveflow-graph: error: TRUESTATE_HOST must be an http(s) URL")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give a LIVE_FLOW_ID, or --all"),
        ((LINEAR, "--all"), "give LIVE_FLOW_IDs or --all, not both"),
        (("--all", "--session", "s"), "--session SESSION_ID needs exactly one LIVE_FLOW_ID"),
        ((LINEAR, "--sessions", "--session", "s"), "--session SESSION_ID needs exactly one"),
        ((LINEAR, "--auth", "basic"), "unknown --auth 'basic' (must be one of api-key, bearer)"),
        ((LINEAR, "--timeout", "0"), "--timeout must be a positive number of seconds, got 0"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"liveflow-graph: error: {message}")
    assert err.count("\n") == 1


def test_an_unwritable_output(
    server: HTTPServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    serve_documented(server)
    code, _, err = run(capsys, LINEAR, "-o", str(tmp_path / "missing" / "out.json"))
    assert code == 2
    assert err.startswith(
        f"liveflow-graph: error: {tmp_path / 'missing' / 'out.json'}: cannot write: "
    )
    assert err.count("\n") == 1


def test_an_invalid_body_is_refused_unless_asked(
    server: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.expect_request(f"/live_flows/{LINEAR}/").respond_with_json({"current_version": {}})
    code, out, err = run(capsys, LINEAR)
    assert (code, out) == (2, "")
    assert err.startswith(f"liveflow-graph: error: GET /live_flows/{LINEAR}/: $.")
    code, out, _ = run(capsys, LINEAR, "--no-validate")
    assert code == 0
    assert json.loads(out) == {"current_version": {}}


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_on_a_terminal_only() -> None:
    terminal = _Terminal()
    with progress(3, "fetching sessions", stream=terminal) as advance:
        for _ in range(3):
            advance()
    assert "fetching sessions" in terminal.getvalue()
    assert "3/3" in terminal.getvalue()
    for stream, total in ((io.StringIO(), 3), (_Terminal(), 1)):
        with progress(total, "fetching", stream=stream) as advance:
            advance()
        assert stream.getvalue() == ""


def test_fetching_many_shows_progress_on_a_tty_stderr(
    server: HTTPServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_documented(server)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["fetch", LINEAR, flow_id("merge_flow.json")]) == 0
    assert "fetching live flows" in terminal.getvalue()
    assert "2/2" in terminal.getvalue()
    assert KEY not in terminal.getvalue()
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_write_json_keeps_order_and_text(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    write_json(str(target), {"z": 1, "a": ["é", 1.5, None]})
    assert target.read_text(encoding="utf-8") == (
        '{\n  "z": 1,\n  "a": [\n    "é",\n    1.5,\n    null\n  ]\n}\n'
    )


def test_a_flow_nested_1000_levels_is_written_out(
    server: HTTPServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """orjson writes at most 255 levels; fetch writes any depth the decoder accepted, in
    the same layout (API key order, indent 2, final newline)."""
    body = deep_flow()
    server.expect_request(f"/live_flows/{LINEAR}/", method="GET").respond_with_data(
        body, content_type=JSON
    )
    target = tmp_path / "deep.json"
    code, _, err = run(capsys, LINEAR, "-o", str(target))
    assert code == 0, err
    assert err.startswith("liveflow-graph: wrote 1 live flow")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)
    try:
        expected = json.dumps(json.loads(body), indent=2, ensure_ascii=False) + "\n"
    finally:
        sys.setrecursionlimit(limit)
    assert target.read_text() == expected
