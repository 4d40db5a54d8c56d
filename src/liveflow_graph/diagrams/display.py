"""Rich display in Jupyter: the MIME bundle of flows, versions, sessions and flow graphs.

Jupyter calls ``_repr_mimebundle_`` inside its display hook, where an exception would only
print a traceback instead of the object: :func:`mimebundle` never raises.  It gives an
SVG diagram when a renderer works (and the flow is small enough to lay out quickly) and
always a ``text/plain`` line.
"""

from __future__ import annotations

import warnings

from liveflow_graph import _hooks as hooks
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import FlowVersion, LiveFlow, Session

__all__ = ["DISPLAY_MAX_STEPS", "DISPLAY_TIMEOUT", "mimebundle"]

DISPLAY_MAX_STEPS = 400
"""Bigger flows display as text (draw them with ``to_dot(obj, DiagramOptions(focus=...))``)."""

DISPLAY_TIMEOUT = 10.0
"""Seconds an inline SVG render may take before the display falls back to text."""


@hooks.mimebundle.register
def mimebundle(obj: object) -> dict[str, object]:
    """The MIME bundle Jupyter shows for ``obj``: SVG + text, or text only; never raises."""
    try:
        text = _text(obj)
    except Exception:  # the display hook must not raise, whatever the object holds
        text = object.__repr__(obj)
    bundle: dict[str, object] = {"text/plain": text}
    svg = _svg(obj)
    if svg is not None:
        bundle["image/svg+xml"] = svg
    return bundle


def _svg(obj: object) -> str | None:
    if not isinstance(obj, LiveFlow | FlowVersion | Session | FlowGraph):
        return None
    try:
        from liveflow_graph.diagrams.build import flow_graph_of
        from liveflow_graph.diagrams.dot import to_dot
        from liveflow_graph.diagrams.svg import render_svg
        from liveflow_graph.diagrams.view import DiagramOptions

        graph = flow_graph_of(obj)
        if len(graph) > DISPLAY_MAX_STEPS:
            return None
        # a session shows as its path on the version it ran on
        options = DiagramOptions(session=obj) if isinstance(obj, Session) else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return render_svg(to_dot(graph, options), timeout=DISPLAY_TIMEOUT)
    except Exception:  # no renderer, timeout, a session without version...: text only
        return None


def _text(obj: object) -> str:
    if isinstance(obj, LiveFlow):
        version = obj.current_version
        return (
            f"<LiveFlow {obj.name!r} id={obj.id} current_version={version.id} "
            f"steps={len(version.steps)} transitions={len(version.step_transitions)} "
            f"sessions={len(obj.sessions)}>"
        )
    if isinstance(obj, FlowVersion):
        return (
            f"<FlowVersion id={obj.id} steps={len(obj.steps)} "
            f"transitions={len(obj.step_transitions)}>"
        )
    if isinstance(obj, Session):
        ran_on = obj.flow_version.id if obj.flow_version is not None else None
        return (
            f"<Session id={obj.id} status={obj.status} version={ran_on} steps_run={len(obj.steps)}>"
        )
    return repr(obj)
