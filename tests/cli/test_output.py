"""Results are written atomically: never half a file, an old file kept on failure."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from liveflow_graph.cli.output import write_atomic, write_output
from liveflow_graph.errors import OutputError


def test_writes_and_replaces_keeping_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_output(target, "first")
    assert target.read_text() == "first"
    target.chmod(0o640)
    write_output(target, b"second")
    assert target.read_bytes() == b"second"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="cannot write: No space left on device") as caught:
        write_atomic(target, b"new")
    assert isinstance(caught.value, OSError)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_output(tmp_path / "nope" / "x.svg", "data")
    assert str(caught.value).startswith(f"{tmp_path / 'nope' / 'x.svg'}: cannot write: ")


def test_dash_is_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    write_output("-", "hello\n")
    assert capsys.readouterr().out == "hello\n"


# -- what -o does with what is already at the path: the shell's ">" semantics ---------------


def _leftovers(folder: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.svg"
    real.write_text("old")
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    write_output(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert _leftovers(tmp_path) == ["link.svg", "real.svg"]


def test_a_dangling_symlink_creates_what_it_points_to(tmp_path: Path) -> None:
    link = tmp_path / "link.svg"
    link.symlink_to(tmp_path / "missing.svg")
    write_output(link, "new")
    assert link.is_symlink()
    assert (tmp_path / "missing.svg").read_text() == "new"


def test_a_hard_linked_file_is_written_in_place(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text("old")
    second = tmp_path / "b.txt"
    os.link(first, second)
    write_output(first, "new")
    assert second.read_text() == "new"
    assert first.stat().st_ino == second.stat().st_ino
    assert first.stat().st_nlink == 2


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_output(fifo, "through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_a_character_device_stays_a_device(tmp_path: Path) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the same device as /dev/null
    except OSError as error:  # e.g. a file system mounted nodev
        pytest.skip(f"cannot create a device node here: {error}")
    write_output(null, "discarded")
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert _leftovers(tmp_path) == ["null"]


def test_a_new_file_gets_the_umask_mode_without_changing_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    umask = os.umask(0o027)
    try:

        def no_umask(mask: int) -> int:
            raise AssertionError("the process umask must not change")

        monkeypatch.setattr(os, "umask", no_umask)
        write_output(tmp_path / "new.txt", "x")
    finally:
        monkeypatch.undo()
        os.umask(umask)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_an_existing_file_keeps_its_owner_and_mode(tmp_path: Path) -> None:
    target = tmp_path / "theirs.txt"
    target.write_text("old")
    os.chown(target, 12345, 23456)
    target.chmod(0o604)
    write_output(target, "new")
    info = target.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (12345, 23456, 0o604)
    assert target.read_text() == "new"


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_when_the_owner_cannot_be_kept_the_file_is_written_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "theirs.txt"
    target.write_text("old")
    os.chown(target, 12345, 23456)
    inode = target.stat().st_ino

    def refused(path: object, uid: int, gid: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", refused)
    write_output(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_ino == inode  # the same file, not a replacement
    assert target.stat().st_uid == 12345
    assert _leftovers(tmp_path) == ["theirs.txt"]


def test_a_file_the_user_may_not_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "readonly.txt"
    target.write_text("old")
    target.chmod(0o444)
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as a non-root user sees it
    with pytest.raises(OutputError, match="Permission denied"):
        write_output(target, "new")
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == ["readonly.txt"]


@pytest.mark.parametrize("length", [240, 255])
def test_long_names_work(tmp_path: Path, length: int) -> None:
    target = tmp_path / ("n" * (length - 4) + ".svg")
    write_output(target, "x")
    assert target.read_text() == "x"
    assert _leftovers(tmp_path) == [target.name]


def test_a_nul_in_the_name_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="NUL character") as caught:
        write_output(str(tmp_path / "a\0b.svg"), "x")
    assert "\n" not in str(caught.value)


_SLOW_REPLACE = """
import os, sys, time
from pathlib import Path
from liveflow_graph.cli.output import write_atomic
os.replace = lambda src, dst: time.sleep(60)  # hold the write between temp file and rename
write_atomic(Path(sys.argv[1]), b"new")
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    process = subprocess.Popen([sys.executable, "-c", _SLOW_REPLACE, str(target)])
    deadline = time.monotonic() + 120  # a loaded machine starts Python slowly
    while len(_leftovers(tmp_path)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(_leftovers(tmp_path)) == 2, "the temporary file never appeared"
    process.send_signal(signum)
    assert process.wait(timeout=30) != 0
    assert _leftovers(tmp_path) == ["out.txt"]
    assert target.read_text() == "old"
