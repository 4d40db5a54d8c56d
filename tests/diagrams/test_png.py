"""PNG output: resvg in process, the shipped font when the system has none, a size cap."""

from __future__ import annotations

import struct
import sys
import warnings

import pytest

from liveflow_graph import (
    BackendUnavailableError,
    ConfigError,
    DiagramOptions,
    LargeDiagramWarning,
    RenderError,
    load,
    render_png,
    render_svg,
    svg_to_png,
    to_dot,
    validate,
)
from liveflow_graph.diagrams import png
from tests.conftest import EXAMPLES

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    assert data.startswith(SIGNATURE)
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _example_svg() -> str:
    flow = load(EXAMPLES / "support-triage.json").flows[0]
    options = DiagramOptions(findings=list(validate(flow)))
    return render_svg(to_dot(flow, options), backend="wasm")


def _svg_size(svg: str) -> tuple[float, float]:
    found = png._SIZE.search(svg)
    assert found is not None
    return float(found[1]) * 96 / 72, float(found[2]) * 96 / 72


@pytest.mark.parametrize("scale", [1, 2, 0.5])
def test_the_png_is_the_svg_at_scale(scale: float) -> None:
    svg = _example_svg()
    width, height = _svg_size(svg)
    got = _size(svg_to_png(svg, scale=scale))
    assert got[0] == pytest.approx(width * scale, abs=1)
    assert got[1] == pytest.approx(height * scale, abs=1)


def test_render_png_renders_dot() -> None:
    flow = load(EXAMPLES / "support-triage.json").flows[0]
    assert _size(render_png(to_dot(flow), backend="wasm", scale=1))[0] > 300


def test_the_shipped_font_draws_the_text_on_a_machine_without_fonts() -> None:
    """``system_fonts=False`` is a machine with no font at all: the labels are still drawn
    (in the shipped Liberation Sans), and the pixels are the same run to run."""
    svg = _example_svg()
    without_text = svg.replace(">LF204<", "><").replace(">draft_reply<", "><")
    alone = svg_to_png(svg, scale=1, system_fonts=False)
    assert alone == svg_to_png(svg, scale=1, system_fonts=False)
    assert alone != svg_to_png(without_text, scale=1, system_fonts=False)


def test_graphviz_font_names_become_ones_resvg_finds() -> None:
    svg = _example_svg()
    assert 'font-family="Helvetica,sans-Serif"' in svg
    assert "sans-Serif" not in png._FONT_FAMILY.sub(png._FAMILIES, svg)
    for path in png.FONT_FILES:
        with open(path, "rb") as font:
            assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType font


@pytest.mark.parametrize("scale", [0, -1, 17, float("nan"), float("inf"), True, "2"])
def test_bad_scales_are_refused(scale: object) -> None:
    with pytest.raises(ConfigError, match="scale must be"):
        svg_to_png(_example_svg(), scale=scale)  # type: ignore[arg-type]


def test_a_huge_drawing_is_drawn_smaller_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(png, "MAX_PNG_PIXELS", 100_000)
    svg = _example_svg()
    with pytest.warns(LargeDiagramWarning, match="drawn at scale"):
        width, height = _size(svg_to_png(svg, scale=2))
    assert width * height <= 100_000 * 1.01


def test_an_ordinary_drawing_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        svg_to_png(_example_svg(), scale=2)


def test_an_svg_resvg_cannot_read_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="cannot draw the PNG"):
        svg_to_png("<svg xmlns='http://www.w3.org/2000/svg' width='0' height='0'></svg>")


def test_without_resvg_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "resvg_py", None)
    with pytest.raises(BackendUnavailableError, match="pip install 'resvg-py"):
        svg_to_png(_example_svg())
