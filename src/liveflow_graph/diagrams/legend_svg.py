"""The legend in SVG: drawn where Graphviz cannot draw its table, and put in its corner.

:func:`~liveflow_graph.diagrams.dot.add_legend` writes a diagram's legend as one node whose
label is an HTML-like table (a swatch and a text per row), alone on the last rank.  The
Graphviz compiled to WebAssembly is built without an XML parser and cannot draw such labels
(it would draw the node's name instead), so for it :func:`prepare_legend` swaps the table
for a plain box with the same lines, indented where the swatches go (Graphviz still sizes
and places the box and its text), and :func:`finish_legend` draws the swatches into the SVG
and sets the header in bold.  With either backend :func:`finish_legend` then moves the
legend along its band to the drawing's corner: the right end of the bottom band, or the
bottom of the right band when the flow runs left to right.

Only the statement :func:`~liveflow_graph.diagrams.dot.add_legend` writes is recognised
(node ``legend`` with class ``legend`` and a table label): other DOT passes through as is.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from liveflow_graph.escape import dot_string, html_text

__all__ = ["LegendPlan", "LegendRow", "finish_legend", "prepare_legend"]


@dataclass(frozen=True, slots=True)
class LegendRow:
    """One row of the legend table: its swatch (``fill``, ``border``, border ``width``,
    ``dashed``) and its ``text`` (lines separated by ``\\n``)."""

    key: str
    fill: str
    border: str
    width: int
    dashed: bool
    text: str


@dataclass(frozen=True, slots=True)
class LegendPlan:
    """What :func:`finish_legend` does to the SVG: draw ``rows`` (``None``: Graphviz drew
    the table itself) and move the legend to the corner of a ``rankdir`` drawing."""

    rankdir: str
    rows: tuple[LegendRow, ...] | None


_STATEMENT = re.compile(
    r"^(\t+)legend \[label=<(<table[^\n]*</table>)> (class=legend [^\n]*id=legend[^\n]*)\]$",
    re.MULTILINE,
)
_RANKDIR = re.compile(r"\brankdir=\"?(\w+)")

_INDENT = " " * 10
"""Where the swatch goes, at the start of each entry line (Helvetica's space is 0.278 em:
28 pt at 10 pt)."""
_INDENT_WIDTH = 10 * 0.278 * 10
_SWATCH = (20.0, 8.5)
"""Swatch width and height, in points."""
_BORDER = "#bdbdbd"


def prepare_legend(dot_source: str, *, tables: bool) -> tuple[str, LegendPlan | None]:
    """``dot_source`` ready for a renderer, and the plan for :func:`finish_legend` (``None``
    when the source has no legend of ours).  ``tables``: whether the renderer draws
    HTML-like tables (the system ``dot`` does, the WASM build does not)."""
    if "\tlegend [label=<<table" not in dot_source:  # the fast, common test
        return dot_source, None
    found = _STATEMENT.search(dot_source)
    if found is None:
        return dot_source, None
    head = dot_source[: dot_source.find("\n", dot_source.find("graph ["))]
    rankdir_found = _RANKDIR.search(head)
    rankdir = rankdir_found[1].upper() if rankdir_found else "TB"
    if tables:
        return dot_source, LegendPlan(rankdir, None)
    try:
        rows = _rows(ET.fromstring(found[2]))
    except (ET.ParseError, KeyError, ValueError):  # not a table we wrote: leave it alone
        return dot_source, None
    lines = ["Legend"] + [_INDENT + line for row in rows for line in row.text.split("\n")]
    label = "".join(dot_string(line)[1:-1] + "\\l" for line in lines)
    placeholder = (
        f'{found[1]}legend [label="{label}" class=legend color="{_BORDER}" '
        'fillcolor="#ffffff" fontcolor="#212121" fontsize=10 id=legend margin="0.08,0.06" '
        "penwidth=1 shape=box style=filled]"
    )
    source = dot_source[: found.start()] + placeholder + dot_source[found.end() :]
    return source, LegendPlan(rankdir, rows)


def _rows(table: ET.Element) -> tuple[LegendRow, ...]:
    rows = []
    for row in table.findall("tr")[1:]:  # the first row is the header
        swatch, text = row.findall("td")
        lines = [text.text or ""]
        for child in text:  # <br align="left"/> between lines
            lines.append(child.tail or "")
        rows.append(
            LegendRow(
                key=swatch.attrib["id"].removeprefix("legend-"),
                fill=swatch.attrib["bgcolor"],
                border=swatch.attrib["color"],
                width=int(swatch.attrib.get("border", "1")),
                dashed=swatch.attrib.get("style") == "dashed",
                text="\n".join(lines),
            )
        )
    return tuple(rows)


_GROUP = re.compile(r'<g id="legend" class="node legend">\n(.*?)\n</g>\n', re.DOTALL)
_TEXT = re.compile(r'<text ([^>]*)x="([-\d.]+)" y="([-\d.]+)"([^>]*)>(.*?)</text>')
_POINTS = re.compile(r'points="([^"]*)"')
_BACKGROUND = re.compile(r'<polygon fill="white" stroke="(?:none|transparent)" points="([^"]*)"/>')
_PAD = 4.0
"""Graphviz's default ``pad``: the margin between the background's edge and the drawing."""


def finish_legend(svg: str, plan: LegendPlan) -> str:
    """``svg`` with the legend's swatches drawn (when ``plan`` has rows) and the legend
    moved to the corner of its band; unchanged when it has no legend group."""
    group = _GROUP.search(svg)
    if group is None:
        return svg
    body = group[1]
    if plan.rows is not None:
        body = _drawn(body, plan.rows)
    dx, dy = _to_corner(svg, body, plan.rankdir)
    opening = '<g id="legend" class="node legend"'
    if dx or dy:
        opening += f' transform="translate({dx:g},{dy:g})"'
    return f"{svg[: group.start()]}{opening}>\n{body}\n</g>\n{svg[group.end() :]}"


def _drawn(body: str, rows: tuple[LegendRow, ...]) -> str:
    """The placeholder's group with the header in bold, the indents taken out of the entry
    lines and a swatch before each entry's first line."""
    starts: dict[int, LegendRow] = {}
    line = 1
    for row in rows:
        starts[line] = row
        line += row.text.count("\n") + 1
    count = 0
    swatches: list[str] = []

    def text(match: re.Match[str]) -> str:
        nonlocal count
        number, count = count, count + 1
        before, x, y, after, content = match.groups()
        if number == 0:
            return f'<text {before}x="{x}" y="{y}"{after} font-weight="bold">{content}</text>'
        row = starts.get(number)
        if row is not None:
            swatches.append(_swatch(row, float(x) + 1.0, float(y)))
        content = re.sub(r"^(?: |&#160;)+", "", content)
        shifted = f"{float(x) + _INDENT_WIDTH:.2f}"
        return f'<text {before}x="{shifted}" y="{y}"{after}>{content}</text>'

    drawn = _TEXT.sub(text, body)
    return drawn + "".join(swatches)


def _swatch(row: LegendRow, left: float, baseline: float) -> str:
    """The swatch of ``row``: a box in its fill and border, beside a line of text whose
    baseline is at ``baseline``."""
    width, height = _SWATCH
    top, right, bottom = baseline - height, left + width, baseline
    points = (
        f"{left:.2f},{bottom:.2f} {left:.2f},{top:.2f} {right:.2f},{top:.2f} "
        f"{right:.2f},{bottom:.2f} {left:.2f},{bottom:.2f}"
    )
    dash = ' stroke-dasharray="5,2"' if row.dashed else ""
    return (
        f'\n<polygon class="legend-{html_text(row.key)}" fill="{html_text(row.fill)}" '
        f'stroke="{html_text(row.border)}" stroke-width="{row.width}"{dash} '
        f'points="{points}"/>'
    )


def _to_corner(svg: str, body: str, rankdir: str) -> tuple[float, float]:
    """How far to move the legend (whose group is ``body``) along its band to the corner."""
    background = _BACKGROUND.search(svg)
    box = _POINTS.search(body)
    if background is None or box is None:
        return 0.0, 0.0
    _, _, page_right, page_bottom = _extent(background[1])
    _, _, right, bottom = _extent(box[1])
    if rankdir in ("LR", "RL"):
        return 0.0, round(page_bottom - _PAD - bottom, 2)
    return round(page_right - _PAD - right, 2), 0.0


def _extent(points: str) -> tuple[float, float, float, float]:
    """``(left, top, right, bottom)`` of a polygon's ``points``."""
    xs, ys = [], []
    for point in points.split():
        x, y = point.split(",")
        xs.append(float(x))
        ys.append(float(y))
    return min(xs), min(ys), max(xs), max(ys)
