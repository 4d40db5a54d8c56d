"""The progress spinner: on a terminal after the delay, never on a pipe, never for quick
work, never with ``NO_COLOR`` or ``TERM=dumb``; ``render`` shows it while it draws."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import struct
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

from liveflow_graph.cli import main
from liveflow_graph.cli import progress as progress_module
from liveflow_graph.cli.progress import progress, wants_progress

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "support-triage.json")


@pytest.fixture(autouse=True)
def _terminal_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@contextmanager
def terminal() -> Iterator[tuple[IO[str], list[bytes]]]:
    """A real pseudo-terminal (80 columns): the stream to write to and what it received
    (read when the block ends)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    received: list[bytes] = []
    stream = os.fdopen(follower, "w", encoding="utf-8")
    try:
        yield stream, received
        stream.flush()
        while select.select([leader], [], [], 0.2)[0]:
            chunk = os.read(leader, 65536)
            if not chunk:
                break
            received.append(chunk)
    finally:
        stream.close()
        os.close(leader)


@contextmanager
def pipe() -> Iterator[tuple[IO[str], list[bytes]]]:
    """A pipe: the stream to write to and what came out of it."""
    reader, writer = os.pipe()
    received: list[bytes] = []
    stream = os.fdopen(writer, "w", encoding="utf-8")
    try:
        yield stream, received
    finally:
        stream.close()
        with os.fdopen(reader, "rb") as out:
            received.append(out.read())


def test_the_spinner_appears_on_a_terminal_after_the_delay() -> None:
    with terminal() as (stream, received):
        assert wants_progress(stream)
        with progress("drawing 2,000 steps as SVG", stream=stream, delay=0.1):
            time.sleep(0.6)
    shown = b"".join(received).decode("utf-8", "replace")
    assert "drawing 2,000 steps as SVG" in shown
    assert " s" in shown  # the seconds elapsed


def test_quick_work_shows_nothing_even_on_a_terminal() -> None:
    with terminal() as (stream, received), progress("drawing", stream=stream, delay=5):
        time.sleep(0.05)
    assert b"".join(received) == b""


def test_never_on_a_pipe() -> None:
    with pipe() as (stream, received):
        assert not wants_progress(stream)
        with progress("drawing", stream=stream, delay=0):
            time.sleep(0.3)
    assert received == [b""]


@pytest.mark.parametrize(("name", "value"), [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_never_when_the_terminal_asks_for_plain_output(
    name: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    with terminal() as (stream, received):
        assert not wants_progress(stream)
        with progress("drawing", stream=stream, delay=0):
            time.sleep(0.3)
    assert b"".join(received) == b""


def test_streams_without_a_terminal_behind_them() -> None:
    assert not wants_progress(io.StringIO())
    closed = io.StringIO()
    closed.close()
    assert not wants_progress(closed)


def test_an_error_in_the_work_stops_the_spinner() -> None:
    with (  # noqa: PT012
        terminal() as (stream, received),
        pytest.raises(RuntimeError, match="boom"),
        progress("drawing", stream=stream, delay=0),
    ):
        time.sleep(0.2)
        raise RuntimeError("boom")
    assert b"".join(received).endswith(b"\x1b[2K")  # the spinner line was erased


def test_render_shows_it_on_a_terminal_and_nothing_on_a_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(progress_module, "PROGRESS_DELAY", 0.0)
    with terminal() as (stream, received):
        monkeypatch.setattr("sys.stderr", stream)
        assert main(["render", EXAMPLE, "-o", str(tmp_path / "a.dot")]) == 0
        monkeypatch.undo()
    assert "drawing 8 steps as DOT" in b"".join(received).decode("utf-8", "replace")
    monkeypatch.setattr(progress_module, "PROGRESS_DELAY", 0.0)
    assert main(["render", EXAMPLE, "-o", str(tmp_path / "b.dot")]) == 0  # stderr: captured
    assert capsys.readouterr().err == ""
