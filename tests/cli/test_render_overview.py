"""``liveflow-graph render --overview/--no-overview``: the overview of a big flow, and the
note saying so when it was chosen for the flow's size."""

from __future__ import annotations

from pathlib import Path

import pytest

from liveflow_graph.cli import main
from liveflow_graph.diagrams import overview as overview_module
from tests.conftest import EXAMPLES
from tests.diagrams.helpers import parse_svg, svg_ids

EXAMPLE = str(EXAMPLES / "support-triage.json")


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flows of more than 4 steps count as big (the example has 8)."""
    monkeypatch.setattr(overview_module, "OVERVIEW_STEPS", 4)


@pytest.mark.usefixtures("small_threshold")
def test_big_flows_get_an_overview_and_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "flow.dot"
    assert main(["render", EXAMPLE, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.startswith(
        "liveflow-graph: note: the flow has more than 4 steps, so this is an overview: 8 steps "
    )
    assert "--no-overview" in err
    assert len(err.splitlines()) == 1
    dot = out.read_text(encoding="utf-8")
    assert "overview: 8 steps as" in dot  # in the title, too
    assert "g0 [label=" in dot


@pytest.mark.usefixtures("small_threshold")
def test_no_overview_draws_every_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "flow.dot"
    assert main(["render", EXAMPLE, "-o", str(out), "--no-overview"]) == 0
    assert capsys.readouterr().err == ""
    dot = out.read_text(encoding="utf-8")
    assert "overview" not in dot
    assert all(f"\ts{i} [" in dot for i in range(8))


def test_an_overview_asked_for_needs_no_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "flow.svg"
    assert main(["render", EXAMPLE, "-o", str(out), "--overview", "--backend", "wasm"]) == 0
    assert capsys.readouterr().err == ""
    ids = svg_ids(parse_svg(out.read_text(encoding="utf-8")))
    assert "g0" in ids  # Graphviz drew the group node
    assert "s0" in ids  # START stays itself


def test_small_flows_are_drawn_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "flow.mmd"
    assert main(["render", EXAMPLE, "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert "overview" not in out.read_text(encoding="utf-8")
