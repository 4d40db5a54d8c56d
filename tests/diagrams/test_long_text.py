"""Long user text in diagrams: what is drawn is cut (the tooltips keep it), so a 100,000
character name cannot make a drawing hundreds of thousands of points wide."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from liveflow_graph import DiagramOptions, LiveFlow, diff, render_svg, to_dot, to_mermaid
from liveflow_graph.diagrams.build import build_diagram
from liveflow_graph.diagrams.style import TITLE_NAME_LIMIT, TITLE_WIDTH, TOOLTIP_LIMIT
from liveflow_graph.diagrams.view import wrap_title
from liveflow_graph.graph.flowgraph import FlowGraph
from tests.conftest import EXAMPLES
from tests.diagrams.helpers import parse_svg

LONG = 100_000
SESSION = "5a000000-0000-4000-8000-000000000005"  # runs on the example's current version


def _example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "support-triage.json").read_text("utf-8"))
    return data


def _long(version: dict[str, Any], mark: str) -> None:
    """Every user string of ``version`` drawn in a diagram made 100,000 characters long."""
    version["id"] = f"{mark}{'V' * LONG}"
    for step in version["steps"]:
        step["name"] += " " + "S" * LONG  # a space: titles wrap at spaces, then cut
        if step["step_type"] not in ("START", "LLM", "USER_INPUT"):
            step["step_type"] += "T" * LONG
    for transition in version["step_transitions"]:
        transition["label"] = "L" * LONG


def long_flow() -> LiveFlow:
    """The example with a 100,000-character flow name, version id, step names, labels,
    and one session (id and status) on it."""
    data = _example()
    data["name"] = "N" * LONG
    version = data["current_version"]
    _long(version, "v")
    version["steps"][1]["step_type"] = "T" * LONG
    session = next(s for s in data["sessions"] if s["id"] == SESSION)
    session.update(id="I" * LONG, status="X" * LONG, flow_version=copy.deepcopy(version))
    data["sessions"] = [session]
    return LiveFlow.model_validate(data)


OPTIONS = {
    "plain": DiagramOptions(),
    "session": DiagramOptions(session="I" * LONG),
    "sessions": DiagramOptions(sessions=True),
    "focus": DiagramOptions(focus="5e000000-0000-4000-8000-000000000005", radius=1),
}


def _svg_size(svg: str) -> tuple[float, float]:
    root = parse_svg(svg)
    width, height = (float(root.attrib[key].removesuffix("pt")) for key in ("width", "height"))
    view = [float(n) for n in root.attrib["viewBox"].split()]
    assert view[2:] == pytest.approx([width, height], abs=1)
    return width, height


def _longest_run(text: str) -> int:
    """The longest run of one letter repeated (how much of a long name a text holds: at
    most LABEL_LIMIT in a label, TITLE_NAME_LIMIT in the title)."""
    return max((len(m.group()) for m in re.finditer(r"([A-Z])\1*", text)), default=0)


@pytest.mark.parametrize("name", sorted(OPTIONS))
def test_long_names_give_a_small_dot_and_mermaid(name: str) -> None:
    flow = long_flow()
    dot = to_dot(flow, OPTIONS[name])
    mermaid = to_mermaid(flow, OPTIONS[name])
    assert len(dot) < 40_000  # tooltips: at most TOOLTIP_LIMIT characters each
    assert len(mermaid) < 5_000
    assert _longest_run(mermaid) <= TITLE_NAME_LIMIT
    drawn = re.sub(r'tooltip="(?:[^"\\]|\\.)*"', "", dot)  # what Graphviz draws
    assert _longest_run(drawn) <= TITLE_NAME_LIMIT


@pytest.mark.parametrize("name", ["session", "focus"])
def test_long_names_give_a_drawing_of_sensible_size(name: str) -> None:
    width, height = _svg_size(render_svg(to_dot(long_flow(), OPTIONS[name]), backend="wasm"))
    assert width < 3_000
    assert height < 3_000


def test_the_whole_title_is_the_tooltip() -> None:
    diagram = build_diagram(FlowGraph.of(long_flow()), OPTIONS["session"])
    assert diagram.title is not None
    assert diagram.title.splitlines() == [
        "N" * (TITLE_NAME_LIMIT - 1) + "…",
        "version v" + "V" * (TITLE_NAME_LIMIT - 2) + "…",
        "session " + "I" * (TITLE_NAME_LIMIT - 1) + "…",
        "(" + "X" * (TITLE_NAME_LIMIT - 1) + "…)",
    ]
    assert all(len(line) <= TITLE_WIDTH for line in diagram.title.splitlines())
    assert diagram.title_tooltip == "N" * (TOOLTIP_LIMIT - 1) + "…"
    assert 'tooltip="NNNN' in to_dot(long_flow(), OPTIONS["session"]).splitlines()[1]


def test_an_ordinary_title_has_no_tooltip() -> None:
    flow = LiveFlow.model_validate(_example())
    diagram = build_diagram(FlowGraph.of(flow))
    assert diagram.title == "Support ticket triage · version ae000000-0000-4000-8000-000000000003"
    assert diagram.title_tooltip is None
    assert "tooltip" not in to_dot(flow).splitlines()[1]


def _long_diff_flows() -> tuple[LiveFlow, LiveFlow]:
    """The example's versions 1 and 3, everything long."""
    data = _example()
    version_1 = copy.deepcopy(data["sessions"][0]["flow_version"])
    data.update(name="N" * LONG, sessions=[])
    old = {**copy.deepcopy(data), "current_version": version_1}
    _long(old["current_version"], "a")
    _long(data["current_version"], "b")
    return LiveFlow.model_validate(old), LiveFlow.model_validate(data)


def test_long_names_give_a_small_diff_diagram() -> None:
    old, new = _long_diff_flows()
    result = diff(old, new)
    dot, mermaid = result.to_dot(), result.to_mermaid()
    assert len(dot) < 40_000
    assert len(mermaid) < 10_000
    assert _longest_run(mermaid) <= TITLE_NAME_LIMIT
    assert _longest_run(re.sub(r'tooltip="(?:[^"\\]|\\.)*"', "", dot)) <= TITLE_NAME_LIMIT
    width, height = _svg_size(result.to_svg(backend="wasm"))
    assert width < 3_000
    assert height < 3_000


@pytest.mark.parametrize(
    ("title", "width", "wrapped"),
    [
        ("short · title", 20, "short · title"),
        ("alpha · beta · gamma", 12, "alpha · beta\ngamma"),
        ("alpha beta gamma · delta", 10, "alpha beta\ngamma\ndelta"),
        ("abcdefghijkl · x", 5, "abcde\nfghij\nkl\nx"),
        ("abcdefghijkl · x", 6, "abcdef\nghijkl\nx"),
        ("abcdefgh · x", 6, "abcdef\ngh · x"),
        ("first line\nalpha · beta", 10, "first line\nalpha\nbeta"),
    ],
)
def test_wrap_title(title: str, width: int, wrapped: str) -> None:
    assert wrap_title(title, width) == wrapped
