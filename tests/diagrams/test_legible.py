"""Every label can be read where it is drawn, and the legend is one small table in a corner.

Read from the rendered SVG: each text of a node lies inside the node's shape and contrasts
with its fill; each other text (edge labels, the title) contrasts with the white page; the
legend sits alone below the flow (or right of it), at the drawing's corner, with one swatch
per entry.  Contrast is WCAG 2's ratio, at least 4.5:1 (level AA for text of this size).
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liveflow_graph import DiagramOptions, LiveFlow, diff, load, render_svg, to_dot, validate
from liveflow_graph.diagrams.overlays import notes_node
from liveflow_graph.diagrams.style import (
    BACKGROUND,
    CHANGE_COLORS,
    DEFAULT_STEP_STYLE,
    EDGE_COLOR,
    MIN_CONTRAST,
    MISSING_STEP_STYLE,
    SESSION_COLORS,
    SEVERITY_COLORS,
    STEP_STYLES,
    STUB_STYLE,
    UNREACHABLE_STYLE,
    NodeStyle,
    contrast_ratio,
    readable_on,
)
from liveflow_graph.diffs.render.styles import CHANGE_TEXT, GHOST_COLOR, change_style
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from tests.conftest import EXAMPLES
from tests.diagrams.helpers import SVG_NS, parse_svg
from tests.diagrams.test_text_fits import text_width

EXAMPLE = EXAMPLES / "support-triage.json"
HAS_DOT = shutil.which("dot") is not None
BASE_STYLES = [*STEP_STYLES.values(), DEFAULT_STEP_STYLE]

# -- the palette --------------------------------------------------------------------------


def _all_node_styles() -> Iterator[NodeStyle]:
    yield from BASE_STYLES
    yield from (MISSING_STEP_STYLE, UNREACHABLE_STYLE, STUB_STYLE)
    note = Diagnostic("LF001", "x", Severity.INFO, "m")
    yield notes_node([note]).style
    for style in BASE_STYLES:
        for status in CHANGE_COLORS:
            yield change_style(style, status)


@pytest.mark.parametrize("style", list(_all_node_styles()), ids=lambda s: s.css_class)
def test_every_node_style_text_contrasts_with_its_fill(style: NodeStyle) -> None:
    ratio = contrast_ratio(style.fontcolor, style.fillcolor)
    assert ratio >= MIN_CONTRAST, f"{style.css_class}: {ratio:.2f}:1"


EDGE_COLORS = [
    EDGE_COLOR,
    GHOST_COLOR,
    MISSING_STEP_STYLE.color,
    CHANGE_TEXT,
    *SEVERITY_COLORS.values(),
    *SESSION_COLORS.values(),
    *CHANGE_COLORS.values(),
]


@pytest.mark.parametrize("color", EDGE_COLORS)
def test_edge_label_colours_contrast_with_the_page(color: str) -> None:
    assert contrast_ratio(readable_on(color), BACKGROUND) >= MIN_CONTRAST


hex_colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


@given(color=hex_colours)
def test_readable_on_keeps_legible_colours_and_darkens_the_rest(color: str) -> None:
    shade = readable_on(color)
    assert contrast_ratio(shade, BACKGROUND) >= MIN_CONTRAST
    if contrast_ratio(color, BACKGROUND) >= MIN_CONTRAST:
        assert shade == color
    else:  # the same hue, darker: no channel grows
        pairs = [(int(color[i : i + 2], 16), int(shade[i : i + 2], 16)) for i in (1, 3, 5)]
        assert all(after <= before for before, after in pairs)


def test_named_colours_are_left_alone() -> None:
    assert readable_on("red") == "red"


# -- the rendered SVG ---------------------------------------------------------------------


def _example() -> LiveFlow:
    return load(EXAMPLE).flows[0]


def _option_sets() -> list[tuple[str, DiagramOptions]]:
    flow = _example()
    running = next(s for s in flow.sessions if s.status == "RUNNING")
    return [
        ("findings", DiagramOptions(findings=list(validate(flow)))),
        ("sessions", DiagramOptions(sessions=True)),
        ("session", DiagramOptions(session=running.id, findings=list(validate(flow)))),
        ("lr", DiagramOptions(findings=list(validate(flow)), rankdir="LR")),
    ]


OPTION_SETS = _option_sets()


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


def _shape(node: ET.Element) -> tuple[str, list[float]]:
    """A node's outline: ``("ellipse", [cx, cy, rx, ry])`` or ``("polygon", [x, y, ...])``
    (a rounded box's path by its points)."""
    for element in node.iter():
        tag = element.tag.removeprefix(SVG_NS)
        if tag == "ellipse":
            return "ellipse", [float(element.attrib[k]) for k in ("cx", "cy", "rx", "ry")]
        if tag in ("polygon", "path"):
            return "polygon", _numbers(element.attrib.get("points") or element.attrib["d"])
    raise AssertionError("a node without a shape")


def _fill(node: ET.Element) -> str:
    for element in node.iter():
        if element.tag.removeprefix(SVG_NS) in ("ellipse", "polygon", "path"):
            return element.attrib["fill"]
    raise AssertionError("a node without a fill")


def _inside(point: tuple[float, float], kind: str, numbers: list[float]) -> bool:
    x, y = point
    if kind == "ellipse":
        cx, cy, rx, ry = numbers
        return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1
    xs, ys = numbers[0::2], numbers[1::2]
    inside = False  # even-odd ray casting
    for i in range(len(xs)):
        x1, y1, x2, y2 = xs[i - 1], ys[i - 1], xs[i], ys[i]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _text_box(text: ET.Element) -> tuple[float, float, float, float]:
    """``(left, top, right, bottom)`` of a text element: its advance width, from the cap
    height above the baseline to the descenders below."""
    x, y = float(text.attrib["x"]), float(text.attrib["y"])
    size = float(text.attrib["font-size"])
    width = text_width(text.text or "", size)
    anchor = text.attrib.get("text-anchor", "start")
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return left, y - 0.75 * size, left + width, y + 0.22 * size


def _groups(root: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG_NS}g") if kind in g.attrib.get("class", "").split()]


@pytest.mark.parametrize(("name", "options"), OPTION_SETS, ids=[n for n, _ in OPTION_SETS])
def test_node_texts_lie_inside_their_node_and_contrast_with_its_fill(
    name: str, options: DiagramOptions
) -> None:
    root = parse_svg(render_svg(to_dot(_example(), options), backend="wasm"))
    steps = _groups(root, "step")
    assert len(steps) == 8
    lines = 0
    for node in steps:
        kind, numbers = _shape(node)
        fill = _fill(node)
        for text in node.iter(f"{SVG_NS}text"):
            lines += 1
            left, top, right, bottom = _text_box(text)
            for corner in ((left, top), (right, top), (left, bottom), (right, bottom)):
                assert _inside(corner, kind, numbers), f"{text.text!r} crosses its border"
            ratio = contrast_ratio(text.attrib["fill"], fill)
            assert ratio >= MIN_CONTRAST, f"{text.text!r}: {ratio:.2f}:1 on {fill}"
    assert lines > len(steps)  # the overlays' lines are among them


@pytest.mark.parametrize(("name", "options"), OPTION_SETS, ids=[n for n, _ in OPTION_SETS])
def test_the_start_steps_overlay_is_drawn_on_it_and_legible(
    name: str, options: DiagramOptions
) -> None:
    root = parse_svg(render_svg(to_dot(_example(), options), backend="wasm"))
    start = next(g for g in _groups(root, "start") if "step" in g.attrib["class"].split())
    texts = list(start.iter(f"{SVG_NS}text"))
    assert texts[0].text == "start"
    expected = {"findings": "LF204", "lr": "LF204", "sessions": "reached 1"}.get(name, "#1")
    assert expected in " ".join(t.text or "" for t in texts[1:])
    for text in texts:
        assert contrast_ratio(text.attrib["fill"], _fill(start)) >= MIN_CONTRAST


@pytest.mark.parametrize(("name", "options"), OPTION_SETS, ids=[n for n, _ in OPTION_SETS])
def test_texts_outside_nodes_contrast_with_the_page(name: str, options: DiagramOptions) -> None:
    root = parse_svg(render_svg(to_dot(_example(), options), backend="wasm"))
    in_nodes = {id(t) for g in _groups(root, "node") for t in g.iter(f"{SVG_NS}text")}
    outside = [t for t in root.iter(f"{SVG_NS}text") if id(t) not in in_nodes]
    assert outside  # edge labels and the title
    for text in outside:
        colour = text.attrib.get("fill", "#000000")
        assert contrast_ratio(colour, BACKGROUND) >= MIN_CONTRAST, text.text


# -- the legend ---------------------------------------------------------------------------


def _extent(points: list[float]) -> tuple[float, float, float, float]:
    xs, ys = points[0::2], points[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _translation(group: ET.Element) -> tuple[float, float]:
    found = re.fullmatch(r"translate\(([-\d.]+),([-\d.]+)\)", group.attrib.get("transform", ""))
    return (float(found[1]), float(found[2])) if found else (0.0, 0.0)


def _legend_box(root: ET.Element) -> tuple[ET.Element, tuple[float, float, float, float]]:
    (legend,) = _groups(root, "legend")
    box = next(legend.iter(f"{SVG_NS}polygon"))
    left, top, right, bottom = _extent(_numbers(box.attrib["points"]))
    dx, dy = _translation(legend)
    return legend, (left + dx, top + dy, right + dx, bottom + dy)


def _drawing(root: ET.Element) -> tuple[float, float, float, float]:
    """The drawing's extent inside the page's 4 pt pad."""
    graph = root.find(f"{SVG_NS}g")
    assert graph is not None
    page = next(graph.iter(f"{SVG_NS}polygon"))
    left, top, right, bottom = _extent(_numbers(page.attrib["points"]))
    return left + 4, top + 4, right - 4, bottom - 4


def _node_boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    boxes = []
    for node in _groups(root, "step"):
        kind, numbers = _shape(node)
        if kind == "ellipse":
            cx, cy, rx, ry = numbers
            boxes.append((cx - rx, cy - ry, cx + rx, cy + ry))
        else:
            boxes.append(_extent(numbers))
    return boxes


BACKENDS = ["wasm", pytest.param("dot", marks=pytest.mark.skipif(not HAS_DOT, reason="no dot"))]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("rankdir", ["TB", "LR"])
def test_the_legend_is_one_small_table_in_the_corner(backend: str, rankdir: str) -> None:
    flow = _example()
    options = DiagramOptions(findings=list(validate(flow)), rankdir=rankdir)
    root = parse_svg(render_svg(to_dot(flow, options), backend=backend))
    legend, (left, top, right, bottom) = _legend_box(root)
    _, _, page_right, page_bottom = _drawing(root)
    nodes = _node_boxes(root)
    if rankdir == "TB":  # below every step, at the right end
        assert right == pytest.approx(page_right, abs=1)
        assert all(top > node_bottom for *_, node_bottom in nodes)
    else:  # right of every step, at the bottom
        assert bottom == pytest.approx(page_bottom, abs=1)
        assert all(left > node_right for _, _, node_right, _ in nodes)
    texts = [t.text for t in legend.iter(f"{SVG_NS}text")]
    entries = ["START step", "LLM step", "user input step", "unreachable from START"]
    assert texts == ["Legend", *entries, "error finding", "warning finding"]
    # small: a table, not a column as tall as the flow
    page_left, page_top, _, _ = _drawing(root)
    area = (page_right - page_left) * (page_bottom - page_top)
    assert (right - left) * (bottom - top) < 0.1 * area
    fills = [
        p.attrib["fill"]
        for p in legend.iter(f"{SVG_NS}polygon")
        if p.attrib["fill"] not in ("none", "#ffffff", "transparent")
    ]
    assert fills[:3] == [style.fillcolor for style in STEP_STYLES.values()]


def test_the_legend_lists_only_what_is_drawn() -> None:
    flow = _example()
    root = parse_svg(render_svg(to_dot(flow), backend="wasm"))
    legend, _ = _legend_box(root)
    texts = [t.text for t in legend.iter(f"{SVG_NS}text")]
    assert texts == [
        "Legend",
        "START step",
        "LLM step",
        "user input step",
        "unreachable from START",
    ]


def test_the_diff_legend_is_a_table_with_a_two_line_entry() -> None:
    refs = {ref.id: ref for ref in load(EXAMPLE).versions()}
    old = refs["ae000000-0000-4000-8000-000000000001"]
    new = next(ref for ref in refs.values() if ref.is_current)
    root = parse_svg(diff(old, new).to_svg(backend="wasm"))
    legend, (_, _, right, _) = _legend_box(root)
    texts = [t.text for t in legend.iter(f"{SVG_NS}text")]
    assert texts[-2:] == [
        "~ moved transition: solid to its new target,",
        "dashed ghost to its old one",
    ]
    swatches = [p for p in legend.iter(f"{SVG_NS}polygon") if "class" in p.attrib]
    assert len(swatches) == len(texts) - 2  # one per entry: the header and the 2nd line have none
    assert right == pytest.approx(_drawing(root)[2], abs=1)


def test_without_a_legend_nothing_is_added() -> None:
    svg = render_svg(to_dot(_example(), DiagramOptions(legend=False)), backend="wasm")
    assert not _groups(parse_svg(svg), "legend")
