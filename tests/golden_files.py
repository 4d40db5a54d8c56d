"""The one golden-file helper of the test suite: ``assert_golden(folder, name, text)``.

Golden files live in ``tests/golden/<folder>/<name>``.  ``UPDATE_GOLDEN=1`` (exactly that
value) rewrites each one from the current output before comparing; read the diff before
committing it: a golden file must be right, not just current.  (The module is not called
``golden.py``: ``tests/golden/`` is the folder of the files.)
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def updating() -> bool:
    """Whether this run rewrites the golden files (``UPDATE_GOLDEN=1``)."""
    return os.environ.get("UPDATE_GOLDEN") == "1"


def golden_path(folder: str | Path, name: str) -> Path:
    """``tests/golden/<folder>/<name>`` (an absolute ``folder`` is used as it is)."""
    return GOLDEN / folder / name


def assert_golden(folder: str | Path, name: str, text: str) -> None:
    """Compare ``text`` with ``tests/golden/<folder>/<name>`` (``UPDATE_GOLDEN=1`` rewrites
    the file first, creating its folder if needed)."""
    path = golden_path(folder, name)
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.is_file(), f"missing golden file {path}: run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file {path}: run with UPDATE_GOLDEN=1 to rewrite it "
        "(and read the diff)"
    )
