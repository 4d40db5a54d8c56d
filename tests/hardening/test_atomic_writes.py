"""Every command that writes a file replaces it atomically: when the write fails the old
file is intact and no temporary file is left behind."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

import liveflow_graph.cli.output as output_module
from liveflow_graph.cli import main
from tests.api.helpers import KEY, base_url, flow_id, serve_documented
from tests.conftest import DATA

OLD = b"the previous, complete output\n"
LINEAR = str(DATA / "linear_flow.json")
OLD_VERSIONS = str(DATA / "old_versions_flow.json")

COMMANDS: dict[str, Callable[[Path, str], list[str]]] = {
    "render dot": lambda out, host: ["render", "-o", str(out / "out.dot"), LINEAR],
    "render mermaid": lambda out, host: ["render", "-o", str(out / "out.mmd"), LINEAR],
    "validate": lambda out, host: ["validate", "--isolated", "-o", str(out / "out.txt"), LINEAR],
    "diff": lambda out, host: ["diff", "-o", str(out / "out.txt"), OLD_VERSIONS],
    "fetch": lambda out, host: [
        "fetch",
        "--host",
        host,
        "--retries",
        "0",
        "-o",
        str(out / "out.json"),
        flow_id("linear_flow.json"),
    ],
}


def _target(argv: list[str]) -> Path:
    return Path(argv[argv.index("-o") + 1])


class _HalfWriter:
    """A file that takes half of what is written, then fails as a full disk would."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


def _fail_replace(src: object, dst: object) -> None:
    raise OSError(errno.EACCES, "Permission denied")


@pytest.fixture
def host(server: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> str:
    serve_documented(server)
    monkeypatch.setenv("TRUESTATE_API_KEY", KEY)
    return base_url(server)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_writes_a_complete_file(
    command: str, tmp_path: Path, host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = COMMANDS[command](tmp_path, host)
    _target(argv).write_bytes(OLD)
    assert main(argv) in (0, 1), capsys.readouterr().err
    written = _target(argv).read_bytes()
    assert written
    assert written != OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == [_target(argv).name]


@pytest.mark.parametrize("failure", ["replace", "half-write"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_failed_write_keeps_the_old_file(
    command: str,
    failure: str,
    tmp_path: Path,
    host: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = COMMANDS[command](tmp_path, host)
    target = _target(argv)
    target.write_bytes(OLD)
    if failure == "replace":
        monkeypatch.setattr(output_module.os, "replace", _fail_replace)
    else:
        real_fdopen = os.fdopen
        monkeypatch.setattr(
            output_module.os, "fdopen", lambda fd, mode: _HalfWriter(real_fdopen(fd, mode))
        )
    code = main(argv)
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert "cannot write" in err
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
