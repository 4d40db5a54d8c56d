"""Notebooks are stored without outputs (the test suite executes them with nbmake)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_is_a_notebook() -> None:
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_outputs(path: object) -> None:
    notebook = json.loads(ROOT.joinpath("notebooks", getattr(path, "name", "")).read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path}: strip outputs before committing"
            assert cell.get("execution_count") is None
