"""``flow.draw(...)``: a flow drawn with its options, in one object a notebook shows and a
script saves.

``draw()`` is offered by flows, versions, version refs, sessions and flow graphs
(:class:`liveflow_graph._hooks.Drawable`) and implemented here, on their hook::

    flow.draw(findings=report, session=s, focus="draft_reply", radius=2)   # shows in Jupyter
    flow.draw(findings=True).save("flow.png")                              # or .svg .dot .mmd

A :class:`Drawing` builds its diagram at once (so bad options fail at the call) and renders
each form when first asked for, once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import graphviz

from liveflow_graph import _hooks as hooks
from liveflow_graph.diagrams.build import Diagrammable, build_diagram, flow_graph_of
from liveflow_graph.diagrams.dot import write_diagram
from liveflow_graph.diagrams.mermaid import write_mermaid
from liveflow_graph.diagrams.png import PNG_SCALE, checked_scale, svg_to_png
from liveflow_graph.diagrams.svg import render_svg
from liveflow_graph.diagrams.view import Diagram, DiagramOptions
from liveflow_graph.errors import ConfigError, LiveFlowError
from liveflow_graph.escape import one_line
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import Session
from liveflow_graph.validation.diagnostics import Diagnostic
from liveflow_graph.validation.engine import iter_diagnostics

__all__ = ["SAVE_FORMATS", "Drawing", "draw"]

SAVE_FORMATS = {
    ".svg": "svg",
    ".png": "png",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
}
"""The file suffixes :meth:`Drawing.save` knows, and the format each means."""


class Drawing:
    """A flow version drawn with :class:`DiagramOptions`: shown by Jupyter as SVG, saved
    with :meth:`save`, and available as DOT, SVG, PNG, Mermaid or a ``graphviz.Digraph``.

    ``backend`` and ``timeout`` are those of :func:`~liveflow_graph.render_svg`.
    """

    def __init__(
        self,
        graph: FlowGraph,
        options: DiagramOptions,
        *,
        backend: str = "auto",
        timeout: float | None = 30.0,
    ) -> None:
        self.graph = graph
        self.options = options
        self.backend = backend
        self.timeout = timeout
        self.diagram: Diagram = build_diagram(graph, options)  # bad options fail here
        self._dot: str | None = None
        self._svg: str | None = None

    def __repr__(self) -> str:
        parts = [f"version {one_line(self.graph.version_id)}", f"{len(self.graph)} steps"]
        if self.options.findings:
            parts.append(f"{len(self.options.findings)} findings")
        if self.options.session is not None:
            session = self.options.session
            parts.append(f"session {one_line(session if isinstance(session, str) else session.id)}")
        if self.options.sessions:
            parts.append("all sessions")
        if self.options.focus is not None:
            parts.append(f"around {one_line(self.options.focus)} (radius {self.options.radius})")
        return f"<Drawing of {', '.join(parts)}>"

    # -- the forms --------------------------------------------------------------------------

    def to_digraph(self) -> graphviz.Digraph:
        """The ``graphviz.Digraph`` (its ``.render()`` and ``.pipe()`` need the system
        Graphviz)."""
        return write_diagram(self.diagram)

    def to_dot(self) -> str:
        """The DOT source (deterministic)."""
        if self._dot is None:
            self._dot = self.to_digraph().source
        return self._dot

    def to_svg(self) -> str:
        """The SVG document, rendered in process (see :func:`~liveflow_graph.render_svg`)."""
        if self._svg is None:
            self._svg = render_svg(self.to_dot(), backend=self.backend, timeout=self.timeout)
        return self._svg

    def to_png(self, scale: float = PNG_SCALE) -> bytes:
        """The PNG image (see :func:`~liveflow_graph.render_png`); ``scale`` pixels per CSS
        pixel."""
        return svg_to_png(self.to_svg(), scale=checked_scale(scale))

    def to_mermaid(self) -> str:
        """The Mermaid flowchart."""
        return write_mermaid(self.diagram)

    def save(self, path: str | os.PathLike[str], *, format: str | None = None) -> Path:
        """Write the drawing to ``path`` and return it: SVG, PNG, DOT or Mermaid as
        ``format`` says, else as the suffix says (``.svg``, ``.png``, ``.dot``/``.gv``,
        ``.mmd``/``.mermaid``).  Raises :class:`~liveflow_graph.ConfigError` for a format
        it cannot tell, and what rendering raises."""
        target = Path(path)
        kind = format if format is not None else SAVE_FORMATS.get(target.suffix.lower())
        if kind not in set(SAVE_FORMATS.values()):
            known = ", ".join(SAVE_FORMATS)
            raise ConfigError(
                f"cannot tell the format of {one_line(str(target))!r}: give it a suffix "
                f"({known}) or format= (svg, png, dot or mermaid), not {format!r}"
            )
        if kind == "png":
            target.write_bytes(self.to_png())
        else:
            forms = {"svg": self.to_svg, "dot": self.to_dot, "mermaid": self.to_mermaid}
            target.write_text(forms[kind](), encoding="utf-8")
        return target

    # -- Jupyter ----------------------------------------------------------------------------

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> dict[str, object]:
        """SVG and a text line; the text alone, saying why, when no SVG can be made (the
        display hook must not raise)."""
        try:
            return {"image/svg+xml": self.to_svg(), "text/plain": repr(self)}
        except LiveFlowError as error:
            return {"text/plain": f"{self!r} (no SVG: {error})"}

    def _repr_svg_(self) -> str | None:
        try:
            return self.to_svg()
        except LiveFlowError:
            return None


@hooks.draw.register
def draw(
    obj: object,
    *,
    findings: Iterable[Any] | bool = (),
    session: Any = None,
    sessions: bool = False,
    focus: str | None = None,
    radius: int = 1,
    rankdir: str = "TB",
    legend: bool = True,
    title: bool = True,
) -> Drawing:
    """The :class:`Drawing` of a flow (its current version), a version, a version ref, a
    session (with its path, unless told otherwise) or a flow graph; see
    :meth:`liveflow_graph._hooks.Drawable.draw` for the options."""
    if not isinstance(obj, Diagrammable):
        raise TypeError(f"cannot draw a {type(obj).__name__}")
    graph = flow_graph_of(obj)
    if isinstance(obj, Session) and session is None and not sessions:
        session = obj
    if findings is True:
        drawn: tuple[Diagnostic, ...] = tuple(iter_diagnostics(graph))
    elif findings is False:
        drawn = ()
    else:
        drawn = tuple(findings)
        if not all(isinstance(d, Diagnostic) for d in drawn):
            raise ConfigError("findings must be diagnostics (a Report or a list), or True")
    options = DiagramOptions(
        rankdir=rankdir,
        findings=drawn,
        session=session,
        sessions=sessions,
        focus=focus,
        radius=radius,
        legend=legend,
        title=title,
    )
    return Drawing(graph, options)
