"""A small deterministic SVG line chart (log-log), so the benchmarks need no matplotlib.

The same series give byte-identical SVG: fixed size, fixed number formatting, no
timestamps or random ids.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

__all__ = ["Series", "svg_chart"]

Series = tuple[str, str, Sequence[tuple[float, float]]]
"""(name, colour, [(x, y), ...]) with x and y > 0."""

WIDTH, HEIGHT = 560, 360
LEFT, RIGHT, TOP, BOTTOM = 70, 150, 40, 50


def _decades(low: float, high: float) -> list[int]:
    return list(range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1))


def _tick(exponent: int) -> str:
    value = 10.0**exponent
    if exponent >= 3:
        return f"{value / 1000:g}k" if exponent < 6 else f"{value / 1e6:g}M"
    return f"{value:g}"


def svg_chart(title: str, x_label: str, y_label: str, series: Sequence[Series]) -> str:
    """An SVG document plotting each series on log-log axes with a legend on the right."""
    xs = [x for _, _, points in series for x, _ in points]
    ys = [y for _, _, points in series for _, y in points]
    x_dec, y_dec = _decades(min(xs), max(xs)), _decades(min(ys), max(ys))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        span = x_dec[-1] - x_dec[0] or 1
        return LEFT + (math.log10(x) - x_dec[0]) / span * plot_w

    def py(y: float) -> float:
        span = y_dec[-1] - y_dec[0] or 1
        return TOP + plot_h - (math.log10(y) - y_dec[0]) / span * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{WIDTH / 2:.1f}" y="22" text-anchor="middle" font-size="14">'
        f"{escape(title)}</text>",
    ]
    for exponent in x_dec:
        x = px(10.0**exponent)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">'
            f"{_tick(exponent)}</text>"
        )
    for exponent in y_dec:
        y = py(10.0**exponent)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_tick(exponent)}</text>'
        )
    out.append(
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#333"/>'
    )
    out.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 12}" text-anchor="middle">'
        f"{escape(x_label)}</text>"
    )
    out.append(
        f'<text x="16" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 16 {TOP + plot_h / 2:.1f})">{escape(y_label)}</text>'
    )
    for index, (name, colour, points) in enumerate(series):
        coords = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in points:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="{colour}"/>')
        ly = TOP + 14 + index * 20
        lx = LEFT + plot_w + 12
        out.append(
            f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 20}" y2="{ly - 4}" stroke="{colour}" '
            'stroke-width="2"/>'
        )
        out.append(f'<text x="{lx + 26}" y="{ly}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
