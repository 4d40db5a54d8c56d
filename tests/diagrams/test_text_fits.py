"""Drawn text fits its drawing: the title lies inside the SVG, a label inside its node.

A browser draws our text in Helvetica (or Arial, whose widths are the same), so each text
element's extent is estimated here from Helvetica's character widths and its font size.
Graphviz once sized everything with Times metrics (narrower) because it did not know the
font name, and a browser showed the example's title clipped ("upport ticket triage…").
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from liveflow_graph import DiagramOptions, LiveFlow, diff, load, render_svg, to_dot
from tests.conftest import EXAMPLES
from tests.diagrams.helpers import SVG_NS, make_version, parse_svg

EXAMPLE = EXAMPLES / "support-triage.json"
V1 = "ae000000-0000-4000-8000-000000000001"

# Helvetica's advance widths (1/1000 em, from its AFM file) for printable ASCII
_ASCII_WIDTHS = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 "
    "556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 "
    "556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 "
    "500 500 500 334 260 334 584"
)
WIDTHS = {chr(32 + i): int(w) for i, w in enumerate(_ASCII_WIDTHS.split())}
WIDTHS.update({"·": 278, "…": 1000})
OTHER = 1000  # an arrow, a letter from another script: as wide as an em, to be safe


def text_width(text: str, size: float) -> float:
    """The width of ``text`` drawn in Helvetica at ``size`` points."""
    return sum(WIDTHS.get(char, OTHER) for char in text) * size / 1000


def _shift(graph: ET.Element) -> tuple[float, float]:
    """The translation of the graph group (Graphviz draws with y upwards from there)."""
    transform = graph.attrib["transform"]
    scale = re.search(r"scale\(([\d.]+) ([\d.]+)\)", transform)
    assert scale is not None
    assert (scale[1], scale[2]) == ("1", "1")
    shift = re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", transform)
    assert shift is not None
    return float(shift[1]), float(shift[2])


def _extent(text: ET.Element) -> tuple[float, float]:
    """The left and right ends of a text element, in the graph's coordinates."""
    x, size = float(text.attrib["x"]), float(text.attrib["font-size"])
    width = text_width(text.text or "", size)
    anchor = text.attrib.get("text-anchor", "start")
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return left, left + width


def _title_texts(element: ET.Element) -> Iterator[ET.Element]:
    """The text elements of the graph itself (its title), not of a node, edge or cluster."""
    for child in element:
        if child.tag == f"{SVG_NS}text":
            yield child
        elif not {"node", "edge", "cluster"} & set(child.attrib.get("class", "").split()):
            yield from _title_texts(child)


def title_extents(svg: str) -> tuple[list[tuple[str, float, float]], float]:
    """Each title line with its left and right ends, in the SVG's coordinates, and the
    SVG's width (from its viewBox)."""
    root = parse_svg(svg)
    min_x, _, width, _ = (float(n) for n in root.attrib["viewBox"].split())
    graph = root.find(f"{SVG_NS}g")
    assert graph is not None
    dx, _ = _shift(graph)
    lines = []
    for text in _title_texts(graph):
        left, right = _extent(text)
        lines.append((text.text or "", left + dx - min_x, right + dx - min_x))
    return lines, width


def assert_title_inside(svg: str, lines: int) -> None:
    extents, width = title_extents(svg)
    assert len(extents) == lines
    for text, left, right in extents:
        assert left >= 0, f"{text!r} starts {-left:.1f} pt left of the drawing"
        assert right <= width, f"{text!r} ends {right - width:.1f} pt right of the drawing"


def _example() -> LiveFlow:
    return load(EXAMPLE).flows[0]


def test_the_examples_title_is_inside_its_drawing() -> None:
    assert_title_inside(render_svg(to_dot(_example()), backend="wasm"), lines=1)


def test_a_focus_views_title_is_inside_its_drawing() -> None:
    options = DiagramOptions(focus="send_reply", radius=1, legend=False)
    assert_title_inside(render_svg(to_dot(_example(), options), backend="wasm"), lines=1)


def test_a_diffs_title_is_inside_its_drawing() -> None:
    refs = {ref.id: ref for ref in load(EXAMPLE).versions()}
    result = diff(refs[V1], next(ref for ref in refs.values() if ref.is_current))
    assert_title_inside(result.to_svg(backend="wasm"), lines=2)


@pytest.mark.parametrize(
    "name",
    [
        "Quarterly enterprise customer onboarding and escalation handling for EMEA (prod)",
        "W" * 100,  # the widest letter, no space: cut, not wrapped
        "Wide words " * 30,  # wrapped onto lines, then cut
    ],
)
def test_a_long_title_over_a_narrow_graph_is_inside_its_drawing(name: str) -> None:
    version = make_version([("s", "start", "START")], [])
    flow = LiveFlow.model_validate({"id": "f1", "name": name, "current_version": version})
    svg = render_svg(to_dot(flow, DiagramOptions(legend=False)), backend="wasm")
    extents, _ = title_extents(svg)
    assert_title_inside(svg, lines=len(extents))


def _shape_extent(node: ET.Element) -> tuple[float, float]:
    """The left and right ends of a node's shape (polygon, path or ellipse)."""
    xs: list[float] = []
    for shape in node.iter():
        tag = shape.tag.removeprefix(SVG_NS)
        if tag == "ellipse":
            cx, rx = float(shape.attrib["cx"]), float(shape.attrib["rx"])
            xs += [cx - rx, cx + rx]
        elif tag in ("polygon", "path"):
            numbers = re.findall(r"-?[\d.]+", shape.attrib.get("points") or shape.attrib["d"])
            xs += [float(n) for n in numbers[0::2]]
    return min(xs), max(xs)


def test_long_step_names_are_inside_their_nodes() -> None:
    names = [
        "classify the inbound ticket by product area and urgency",
        "W" * 60,
        "MMMMMMMMMMMM mmmmmmmmmmmm @@@@@@@@@@ %%%%%%%%%%%%",
    ]
    steps = [("s", "start", "START"), *((f"a{i}", n, "LLM") for i, n in enumerate(names))]
    steps.append(("u", "ask the customer for the order number and the invoice", "USER_INPUT"))
    edges = [(f"t{i}", "s", sid, None) for i, (sid, _, _) in enumerate(steps[1:])]
    svg = render_svg(to_dot(make_version(steps, edges)), backend="wasm")
    root = parse_svg(svg)
    nodes = [g for g in root.iter(f"{SVG_NS}g") if "step" in g.attrib.get("class", "").split()]
    assert len(nodes) == len(steps)
    for node in nodes:
        low, high = _shape_extent(node)
        for text in node.iter(f"{SVG_NS}text"):
            left, right = _extent(text)
            assert low <= left
            assert right <= high, f"{text.text!r} overflows its node by {right - high:.1f} pt"
