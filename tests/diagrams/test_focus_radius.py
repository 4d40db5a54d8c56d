"""The focus radius: any radius costs one pass over the graph; bad values are one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liveflow_graph import ConfigError, DiagramOptions, FlowGraph
from liveflow_graph.cli import main
from liveflow_graph.diagrams.build import build_diagram
from liveflow_graph.diagrams.focus import focus_of
from liveflow_graph.diagrams.view import MAX_RADIUS
from tests.diagrams.helpers import make_version

STEPS = 2_000


@pytest.fixture(scope="module")
def chain() -> FlowGraph:
    """s0 -> s1 -> ... -> s1999."""
    steps = [(f"s{i}", f"step {i}", "START" if i == 0 else "LLM") for i in range(STEPS)]
    edges = [(f"t{i}", f"s{i}", f"s{i + 1}", None) for i in range(STEPS - 1)]
    return FlowGraph.of(make_version(steps, edges))


def test_a_huge_radius_stops_when_the_graph_is_covered(chain: FlowGraph) -> None:
    """Before, the search went round ``radius`` times (10**9 empty rounds: minutes)."""
    huge = focus_of(chain, "s0", 10**9)
    assert huge is not None
    assert huge.steps == frozenset(chain.steps)
    whole = build_diagram(chain, DiagramOptions(focus="s0", radius=STEPS))
    drawn = build_diagram(chain, DiagramOptions(focus="s0", radius=10**9))
    assert drawn.nodes == whole.nodes
    assert drawn.edges == whole.edges
    assert build_diagram(chain, DiagramOptions(focus="s0", radius=MAX_RADIUS)).nodes == whole.nodes


def test_a_small_radius_still_cuts(chain: FlowGraph) -> None:
    focus = focus_of(chain, "s10", 3)
    assert focus is not None
    assert focus.steps == {f"s{i}" for i in range(7, 14)}
    assert focus_of(chain, "s10", 0) is not None


@pytest.mark.parametrize(
    ("radius", "shown"),
    [
        (-1, "not -1"),
        (1e9, "not 1000000000.0"),
        (float("inf"), "not inf"),
        (float("nan"), "not nan"),
        (True, "not True"),
        ("3", "not '3'"),
        (MAX_RADIUS + 1, f"not {MAX_RADIUS + 1}"),
        (10**5000, "not a 16610-bit number"),  # too long for repr(): no ValueError from it
        (-(10**5000), "not a large negative number"),
    ],
    ids=["negative", "float", "inf", "nan", "bool", "str", "over-max", "huge", "huge-negative"],
)
def test_bad_radius_is_a_one_line_config_error(radius: object, shown: str) -> None:
    with pytest.raises(ConfigError) as caught:
        DiagramOptions(focus="s0", radius=radius)  # type: ignore[arg-type]  # deliberately wrong
    message = str(caught.value)
    assert message.startswith(f"radius must be a whole number from 0 to {MAX_RADIUS}")
    assert message.endswith(shown)
    assert "\n" not in message


def _chain_file(tmp_path: Path, chain: FlowGraph) -> str:
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(chain.version.to_dict()), encoding="utf-8")
    return str(path)


def test_cli_huge_radius_draws_the_whole_chain(
    tmp_path: Path, chain: FlowGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _chain_file(tmp_path, chain)
    assert main(["render", path, "--format", "dot", "--focus", "s0", "--radius", "1000000000"]) == 0
    out = capsys.readouterr().out
    assert "(radius 1000000000)" in out
    assert "_down" not in out  # nothing left out
    assert f"s{STEPS - 1} [" in out


@pytest.mark.parametrize(
    ("radius", "message"),
    [
        ("1e9", "invalid value for '--radius'"),
        ("inf", "invalid value for '--radius'"),
        ("2.5", "invalid value for '--radius'"),
        ("-1", "radius must be a whole number from 0 to"),
        ("99999999999999999999999", "radius must be a whole number from 0 to"),
        ("9" * 5000, "invalid value for '--radius'"),
    ],
    ids=["1e9", "inf", "2.5", "-1", "over-max", "5000-digits"],
)
def test_cli_bad_radius_is_a_one_line_error(
    tmp_path: Path,
    chain: FlowGraph,
    capsys: pytest.CaptureFixture[str],
    radius: str,
    message: str,
) -> None:
    path = _chain_file(tmp_path, chain)
    assert main(["render", path, "--format", "dot", "--focus", "s0", f"--radius={radius}"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("liveflow-graph: error: ")
    assert message in err
    assert err.count("\n") == 1
