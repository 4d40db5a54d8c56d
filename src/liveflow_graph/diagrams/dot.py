"""DOT (Graphviz) source for a flow: deterministic, escaped, styled, with ids for the SVG.

:func:`to_dot` is the entry point.  The small builders below it (:func:`new_digraph`,
:func:`add_step_node`, :func:`add_transition_edge`, :func:`add_legend`, :func:`dot_text`)
are public so that other diagrams (version diffs) look the same and escape the same way.

Node ids are generated (``s0``, ``s1``, ... in BFS order from START, ``m0``... for missing
steps), never a user's step id: ``graphviz`` reads ``a:b`` as node ``a``, port ``b``.  Each
node and edge gets ``id`` and ``class`` attributes, which Graphviz copies into the SVG.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import graphviz

from liveflow_graph.diagrams.build import Diagrammable, diagram_of
from liveflow_graph.diagrams.layout import layout_attributes
from liveflow_graph.diagrams.style import EDGE_COLOR, FONT, STEP_STYLES, NodeStyle, readable_on
from liveflow_graph.diagrams.view import (
    Diagram,
    DiagramOptions,
    EdgeView,
    LegendEntry,
    NodeView,
    node_ids_for,
)
from liveflow_graph.escape import dot_string, html_text
from liveflow_graph.model.models import StepType

__all__ = [
    "LEGEND_ID",
    "DiagramOptions",
    "add_legend",
    "add_step_node",
    "add_transition_edge",
    "dot_text",
    "legend_label",
    "new_digraph",
    "node_ids_for",
    "to_digraph",
    "to_dot",
    "write_diagram",
]

# text made only of these characters needs no escaping at all (no quote, backslash, ``&``,
# ``<``, newline, control character or character XML cannot hold)
_PLAIN = re.compile(r"[\w .,:;()/'+=#$@!?%*{}\[\]|~^-]*")


def dot_text(text: str) -> str:
    """``text`` as a ``graphviz`` attribute value that Graphviz draws literally.

    Backslashes are doubled (so ``\\N``, ``\\G``, ``\\l`` stay text), quotes escaped,
    newlines become line breaks, ``&`` becomes ``&amp;`` (Graphviz decodes HTML entities in
    labels and tooltips) and control characters and characters XML cannot hold are
    dropped.  The value is marked so ``graphviz`` never reads ``<...>`` as an HTML label.
    """
    if _PLAIN.fullmatch(text):  # nothing to escape (the common case, and fast)
        plain: str = graphviz.nohtml(text)
        return plain
    body = dot_string(text)[1:-1]
    escaped: str = graphviz.nohtml(body)  # a str subclass: never read as an HTML label
    return escaped


def to_dot(obj: Diagrammable, options: DiagramOptions | None = None) -> str:
    """DOT source of a flow (its current version), a version, a session or a graph.

    The same flow and options always give byte-identical text.  Raises
    :class:`~liveflow_graph.errors.ConfigError` for a focus step or session the flow does
    not have.
    """
    source: str = to_digraph(obj, options).source
    return source


def to_digraph(obj: Diagrammable, options: DiagramOptions | None = None) -> graphviz.Digraph:
    """The ``graphviz.Digraph`` whose ``source`` :func:`to_dot` returns, for the
    ``graphviz`` package's own tools: ``.render()``, ``.pipe()``, ``.view()`` and its
    Jupyter display, which run the system Graphviz (``dot`` on ``PATH``).  Without one,
    :func:`~liveflow_graph.diagrams.svg.render_svg` draws ``.source`` in process.

    Raises :class:`~liveflow_graph.errors.ConfigError` as :func:`to_dot` does.
    """
    return write_diagram(diagram_of(obj, options))


def write_diagram(diagram: Diagram) -> graphviz.Digraph:
    """A ``graphviz.Digraph`` drawing ``diagram`` (with bounded layout searches when it is
    big: :mod:`~liveflow_graph.diagrams.layout`)."""
    dot = new_digraph(rankdir=diagram.rankdir, title=diagram.title, tooltip=diagram.title_tooltip)
    dot.graph_attr.update(layout_attributes(len(diagram.nodes), len(diagram.edges)))
    for node in diagram.nodes:
        _add_node_view(dot, node)
    for edge in diagram.edges:
        _add_edge_view(dot, edge)
    if diagram.start_node_ids:
        with dot.subgraph(name="start_rank") as rank:
            rank.attr(rank="source")
            for node_id in diagram.start_node_ids:
                rank.node(node_id)
    if diagram.legend:
        add_legend(dot, diagram.legend)
    return dot


def new_digraph(
    *, rankdir: str = "TB", title: str | None = None, tooltip: str | None = None
) -> graphviz.Digraph:
    """An empty ``Digraph`` with this library's fonts, colours and layout defaults.

    ``title`` (user text is fine: it is escaped) is drawn at the top; ``tooltip`` (also
    escaped), when given, is the whole diagram's tooltip (the whole of a shortened title).
    """
    graph_attr = {
        "rankdir": rankdir,
        "fontname": FONT,
        "fontsize": "13",
        "nodesep": "0.35",
        "ranksep": "0.45",
    }
    if title:
        graph_attr.update(label=dot_text(title), labelloc="t", labeljust="l")
    if tooltip:
        graph_attr["tooltip"] = dot_text(tooltip)
    return graphviz.Digraph(
        name="liveflow",
        graph_attr=graph_attr,
        node_attr={"fontname": FONT, "fontsize": "11", "margin": "0.15,0.06", **_DEFAULT_NODE},
        edge_attr={
            "fontname": FONT,
            "fontsize": "9",
            "color": EDGE_COLOR,
            "fontcolor": EDGE_COLOR,
            "arrowsize": "0.7",
        },
    )


def add_step_node(
    dot: graphviz.Digraph,
    node_id: str,
    label: str,
    style: NodeStyle,
    *,
    tooltip: str | None = None,
    classes: Iterable[str] = (),
    xlabel: str | None = None,
    color: str | None = None,
    penwidth: float | None = None,
    peripheries: int | None = None,
) -> None:
    """Add one node drawn in ``style`` with ``id=node_id``.

    ``label``, ``tooltip`` and ``xlabel`` are user text (escaped here); ``node_id`` and
    ``classes`` must be identifiers we generated; ``color`` and ``penwidth`` override the
    style's border (for overlays).
    """
    defaults = dot.node_attr
    look = _look_attributes(style, color, penwidth, tuple(map(defaults.get, _LOOK_KEYS)))
    attrs = dict(look)
    attrs["id"] = name = _dot_id(node_id)
    attrs["class"] = _quoted(" ".join(classes) or style.css_class)
    if tooltip is not None:
        attrs["tooltip"] = _text_value(tooltip)
    if xlabel:
        attrs["xlabel"] = _text_value(xlabel)
    if peripheries is not None:
        attrs["peripheries"] = _quoted(str(peripheries))
    dot.body.append(_statement(name, _text_value(label), attrs))


def add_transition_edge(
    dot: graphviz.Digraph,
    edge_id: str,
    source_id: str,
    target_id: str,
    *,
    label: str = "",
    tooltip: str | None = None,
    classes: Iterable[str] = ("transition",),
    color: str = EDGE_COLOR,
    penwidth: float | None = None,
    style: str | None = None,
    xlabel: str | None = None,
    constraint: bool = True,
) -> None:
    """Add one edge ``source_id -> target_id`` with ``id=edge_id``.

    ``label``, ``tooltip`` and ``xlabel`` are user text (escaped here); the ids and
    ``classes`` must be identifiers we generated; ``constraint=False`` leaves the edge out
    of ranking.
    """
    attrs = {"id": _dot_id(edge_id), "class": _quoted(" ".join(classes))}
    if color != dot.edge_attr.get("color"):
        attrs["color"] = _quoted(color)
        attrs["fontcolor"] = _quoted(readable_on(color))  # the label stays legible
    if tooltip is not None:
        attrs["tooltip"] = _text_value(tooltip)
    if penwidth is not None:
        attrs["penwidth"] = _quoted(_number(penwidth))
    if style is not None:
        attrs["style"] = _quoted(style)
    if xlabel:
        attrs["xlabel"] = _text_value(xlabel)
    if not constraint:
        attrs["constraint"] = "false"
    ends = f"{_edge_end(source_id)} -> {_edge_end(target_id)}"
    dot.body.append(_statement(ends, _text_value(label) if label else None, attrs))


LEGEND_ID = "legend"
"""Node id (and class) of a diagram's legend."""

LEGEND_TEXT = "#212121"
"""Text colour of the legend (on white)."""


def add_legend(dot: graphviz.Digraph, entries: Sequence[LegendEntry]) -> None:
    """Add the legend: one node (id and class ``legend``) whose label is a small table
    (:func:`legend_label`), alone on the last rank, out of the flow's way.

    The label is an HTML-like table, which every Graphviz built with its XML parser
    draws; :func:`~liveflow_graph.diagrams.svg.render_svg` draws it too with the WASM
    Graphviz, which is built without one, and moves the legend to the drawing's corner.
    """
    with dot.subgraph(name="legend_corner") as corner:
        corner.attr(rank="sink")
        corner.body.append(_statement(LEGEND_ID, f"<{legend_label(entries)}>", _LEGEND_ATTRS))


def legend_label(entries: Sequence[LegendEntry]) -> str:
    """The legend's table: a header, then one row per entry, a swatch in the entry's fill
    and border colours (a thicker border for overlay marks, dashed for dashed styles)
    with the id ``legend-<key>``, then its text.  Text is escaped for an HTML-like label."""
    rows = "".join(_legend_row(entry) for entry in entries)
    return (
        f'<table border="1" cellborder="0" cellspacing="0" cellpadding="3" '
        f'color="{_LEGEND_BORDER}" bgcolor="#ffffff"><tr><td colspan="2" align="left">'
        f"<b>Legend</b></td></tr>{rows}</table>"
    )


_LEGEND_BORDER = "#bdbdbd"
_LEGEND_ATTRS = {
    "class": LEGEND_ID,
    "fontcolor": f'"{LEGEND_TEXT}"',
    "fontsize": "10",
    "id": LEGEND_ID,
    "shape": "plain",
    "style": "solid",  # not the node default's fill
}


def _legend_row(entry: LegendEntry) -> str:
    """One row of the legend table: the swatch cell and the text cell."""
    style = entry.style
    thick = style.penwidth >= 2.5
    dashed = ' style="dashed"' if "dashed" in style.style else ""
    swatch = (
        f'<td id="legend-{entry.key}" fixedsize="true" width="22" height="12" '
        f'border="{2 if thick else 1}" color="{style.color}" bgcolor="{style.fillcolor}"'
        f"{dashed}></td>"
    )
    text = html_text(entry.text).replace("\n", '<br align="left"/>')
    return f'<tr>{swatch}<td align="left">{text}</td></tr>'


def _add_node_view(dot: graphviz.Digraph, node: NodeView) -> None:
    add_step_node(
        dot,
        node.node_id,
        node.label,
        node.style,
        tooltip=node.tooltip,
        classes=node.classes,
        xlabel=node.xlabel,
        color=node.color,
        penwidth=node.penwidth,
        peripheries=node.peripheries,
    )


def _add_edge_view(dot: graphviz.Digraph, edge: EdgeView) -> None:
    add_transition_edge(
        dot,
        edge.edge_id,
        edge.source,
        edge.target,
        label=edge.label,
        tooltip=edge.tooltip,
        classes=edge.classes,
        color=edge.color,
        penwidth=edge.penwidth,
        style=edge.style,
        xlabel=edge.xlabel,
        constraint=edge.constraint,
    )


def _number(value: float) -> str:
    return f"{value:g}"


def _look(style: NodeStyle, color: str | None, penwidth: float | None) -> dict[str, str]:
    return {
        "shape": style.shape,
        "style": style.style,
        "fillcolor": style.fillcolor,
        "color": color or style.color,
        "fontcolor": style.fontcolor,
        "penwidth": _number(penwidth if penwidth is not None else style.penwidth),
    }


_LOOK_KEYS = ("shape", "style", "fillcolor", "color", "fontcolor", "penwidth")


@lru_cache(maxsize=1024)
def _look_attributes(
    style: NodeStyle,
    color: str | None,
    penwidth: float | None,
    defaults: tuple[str | None, ...],
) -> tuple[tuple[str, str], ...]:
    """The quoted look attributes of a node that differ from the graph's node ``defaults``
    (the values of :data:`_LOOK_KEYS`); a handful of distinct looks per diagram."""
    look = _look(style, color, penwidth)
    return tuple(
        (key, _quoted(look[key]))
        for key, default in zip(_LOOK_KEYS, defaults, strict=True)
        if default != look[key]
    )


# -- writing statements ---------------------------------------------------------------------
# ``graphviz.Digraph.node``/``.edge`` quote every attribute of every statement (~20 us per
# statement, most of ``to_dot``).  The functions below write the very same lines (the
# golden files and tests/diagrams/test_dot_writer.py check it against ``graphviz`` itself)
# and append them to ``Digraph.body``: values we generate are quoted once by ``graphviz``
# and cached, user text is quoted straight from its escaped form.

_ID = graphviz.quoting.ID
_KEYWORDS = frozenset(graphviz.quoting.KEYWORDS)


def _dot_id(name: str) -> str:
    """``name`` as ``graphviz`` writes a node name."""
    if _ID.match(name) and name.lower() not in _KEYWORDS:
        return name
    quoted: str = graphviz.quoting.quote(name)
    return quoted


def _edge_end(name: str) -> str:
    """``name`` as ``graphviz`` writes an edge end (``node[:port[:compass]]``)."""
    if ":" not in name and _ID.match(name) and name.lower() not in _KEYWORDS:
        return name
    quoted: str = graphviz.quoting.quote_edge(name)
    return quoted


@lru_cache(maxsize=4096)
def _quote_ours(value: str) -> str:
    quoted: str = graphviz.quoting.quote(value)
    return quoted


def _quoted(value: str) -> str:
    """A value we generated (colour, class, number...) quoted as ``graphviz`` does."""
    if type(value) is str:  # not a ``nohtml`` str: those quote differently (same hash)
        return _quote_ours(value)
    quoted: str = graphviz.quoting.quote(value)
    return quoted


def _text_value(text: str) -> str:
    """User text as a quoted attribute value: ``graphviz.quoting.quote(dot_text(text))``.

    ``dot_text`` escapes every quote and backslash, so ``graphviz``'s re-escaping of
    unescaped quotes changes nothing and the value never ends in an odd backslash: only
    whether it needs quotes at all is left to decide.
    """
    body = text if _PLAIN.fullmatch(text) else dot_string(text)[1:-1]
    if _ID.match(body) and body.lower() not in _KEYWORDS:
        return body
    return f'"{body}"'


def _statement(head: str, label: str | None, attrs: dict[str, str]) -> str:
    """One node or edge statement line as ``graphviz`` writes it: the label first, then
    the (quoted) attributes sorted by name."""
    items = " ".join([f"{key}={attrs[key]}" for key in sorted(attrs)])
    if label is None:
        return f"\t{head} [{items}]\n"
    return f"\t{head} [label={label} {items}]\n"


# the most common look (an LLM step) is the graph's node default: nodes list only changes
_DEFAULT_NODE = _look(STEP_STYLES[StepType.LLM.value], None, None)
