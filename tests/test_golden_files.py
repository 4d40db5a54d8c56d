"""The golden-file helper: what it compares, what its failures say, what UPDATE_GOLDEN does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden_files import GOLDEN, assert_golden, golden_path


def test_golden_files_live_under_tests_golden() -> None:
    assert golden_path("diffs", "x.txt") == GOLDEN / "diffs" / "x.txt"
    assert (GOLDEN / "validation" / "report.sarif").is_file()


def test_equal_text_passes_and_different_text_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UPDATE_GOLDEN", raising=False)
    (tmp_path / "a.txt").write_text("one\ntwo\n", encoding="utf-8")
    assert_golden(tmp_path, "a.txt", "one\ntwo\n")
    with pytest.raises(
        AssertionError, match=r"a\.txt differs from its golden file .*UPDATE_GOLDEN=1"
    ):
        assert_golden(tmp_path, "a.txt", "one\n2\n")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "one\ntwo\n"


@pytest.mark.parametrize("value", [None, "0", "true", "yes"])
def test_a_missing_file_fails_unless_update_golden_is_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv("UPDATE_GOLDEN", raising=False)
    else:
        monkeypatch.setenv("UPDATE_GOLDEN", value)
    with pytest.raises(AssertionError, match=r"missing golden file .*run with UPDATE_GOLDEN=1"):
        assert_golden(tmp_path / "new", "b.txt", "text\n")
    assert not (tmp_path / "new").exists()


def test_update_golden_1_rewrites_and_creates_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UPDATE_GOLDEN", "1")
    assert_golden(tmp_path / "new", "c.txt", "first\n")
    assert_golden(tmp_path / "new", "c.txt", "second\n")
    assert (tmp_path / "new" / "c.txt").read_bytes() == b"second\n"
