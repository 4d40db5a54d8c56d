"""PNG output, for places that show no SVG (chat, slides, some issue trackers).

:func:`render_svg`'s SVG is rasterised in this process by resvg (the ``resvg-py`` wheels,
Rust, no system library: cairosvg would need the system's cairo).  Text needs fonts: the
SVG's Helvetica is looked for among the system's fonts (Helvetica or Arial, which have the
same widths), and else drawn in Liberation Sans, shipped with this package for that (same
widths again, so labels fit their boxes as Graphviz sized them; SIL Open Font License,
``fonts/OFL.txt``).  A machine without any font still gets every Latin label; characters
Liberation Sans lacks (CJK, emoji) come from a system font that has them, if any.

Why resvg (measured on the example, 2x, on a loaded 2-core machine): resvg-py drew it
right in 0.33 s from a 2.9 MB abi3 wheel; cairosvg also right (0.31 s) but needs the
system's cairo; vl-convert (84 MB, its own resvg) drew no text without font set-up;
skia-python (51 MB) drew no text; PyMuPDF (116 MB) drew the labels but not the nodes.
"""

from __future__ import annotations

import math
import re
import warnings
from pathlib import Path

from liveflow_graph.diagrams.svg import LargeDiagramWarning, render_svg
from liveflow_graph.errors import BackendUnavailableError, ConfigError, RenderError

__all__ = ["FONT_FILES", "MAX_PNG_PIXELS", "PNG_SCALE", "checked_scale", "render_png", "svg_to_png"]

PNG_SCALE = 2.0
"""Pixels per CSS pixel of the SVG (96 per inch): 2 is sharp on high-density screens."""

MAX_PNG_PIXELS = 60_000_000
"""The most pixels a PNG may have (240 MB of RGBA while it is drawn): a bigger drawing is
drawn at the scale that fits, with a :class:`LargeDiagramWarning`."""

FONT_FILES = tuple(
    str(Path(__file__).parent / "fonts" / name)
    for name in ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")
)
"""The fonts shipped for the PNG's text (Liberation Sans 2.1.5, SIL OFL 1.1)."""

_FONT_FAMILY = re.compile(r'font-family="Helvetica,sans-Serif"')
# resvg takes "sans-Serif" (as Graphviz writes it) for a family name, not the generic
# family, and would draw no text where no font is called that
_FAMILIES = 'font-family="Helvetica,Arial,Liberation Sans,sans-serif"'
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def render_png(
    dot_source: str,
    *,
    backend: str = "auto",
    engine: str = "dot",
    timeout: float | None = 30.0,
    scale: float = PNG_SCALE,
    system_fonts: bool = True,
) -> bytes:
    """Render DOT source to a PNG image (bytes): :func:`render_svg` with the same
    ``backend``, ``engine`` and ``timeout``, then :func:`svg_to_png` at ``scale``."""
    checked_scale(scale)
    svg = render_svg(dot_source, backend=backend, engine=engine, timeout=timeout)
    return svg_to_png(svg, scale=scale, system_fonts=system_fonts)


def svg_to_png(svg: str, *, scale: float = PNG_SCALE, system_fonts: bool = True) -> bytes:
    """An SVG document (Graphviz's, as :func:`render_svg` writes it) as a PNG on white.

    ``scale`` is pixels per CSS pixel (a 100 pt wide drawing is 267 pixels wide at 2).
    ``system_fonts=False`` draws with the shipped fonts only: the same pixels on every
    machine (the README's picture is made so), at the cost of characters they lack.
    Raises :class:`~liveflow_graph.errors.ConfigError` for a bad ``scale``,
    :class:`~liveflow_graph.errors.BackendUnavailableError` without ``resvg-py`` and
    :class:`~liveflow_graph.errors.RenderError` for an SVG resvg cannot draw.
    """
    scale = _fitted(svg, checked_scale(scale))
    try:
        import resvg_py
    except ImportError:
        raise BackendUnavailableError(
            "PNG output needs the resvg-py package: pip install 'resvg-py>=0.5,<0.6'"
        ) from None
    try:
        png: bytes = resvg_py.svg_to_bytes(
            svg_string=_FONT_FAMILY.sub(_FAMILIES, svg),
            dpi=96,  # Graphviz sizes the SVG in pt; resvg's default (0) cannot convert them
            zoom=scale,
            background="#ffffff",
            font_files=list(FONT_FILES),
            skip_system_fonts=not system_fonts,
            sans_serif_family="Liberation Sans",
        )
    except ValueError as error:
        raise RenderError(f"cannot draw the PNG: {error}") from None
    return bytes(png)


def checked_scale(scale: object) -> float:
    """``scale`` as a positive, finite number of pixels per CSS pixel (at most 16), or
    :class:`ConfigError`."""
    if (
        isinstance(scale, bool)
        or not isinstance(scale, int | float)
        or not math.isfinite(scale)
        or not 0 < scale <= 16
    ):
        raise ConfigError(f"scale must be a number above 0 and at most 16, not {scale!r}")
    return float(scale)


def _fitted(svg: str, scale: float) -> float:
    """``scale``, or the smaller one at which the drawing has :data:`MAX_PNG_PIXELS`."""
    size = _SIZE.search(svg[:2000])
    if size is None:
        return scale
    width, height = (float(n) * 96 / 72 for n in size.groups())
    if width * height * scale * scale <= MAX_PNG_PIXELS:
        return scale
    fitted = math.sqrt(MAX_PNG_PIXELS / max(width * height, 1.0))
    warnings.warn(
        f"the drawing is {width:.0f} x {height:.0f} px: a PNG at scale {scale:g} would have "
        f"more than {MAX_PNG_PIXELS:,} pixels, so it is drawn at scale {fitted:.3g}; draw a "
        "neighbourhood (--focus STEP --radius N) or use SVG",
        LargeDiagramWarning,
        stacklevel=3,
    )
    return fitted
