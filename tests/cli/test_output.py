"""Results are written atomically: never half a file, an old file kept on failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from liveflow_graph.cli.output import OutputError, write_atomic, write_output


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
