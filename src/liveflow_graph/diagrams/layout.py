"""Graphviz layout settings chosen by the size of a diagram.

Graphviz's ``dot`` layout spends almost all its time on a big flow in three places, all
unbounded by default and all growing with the virtual nodes that long edges add (a
generated 2,000-step flow has about 65,000): the network simplex that places nodes side
by side (``nslimit``, and ``nslimit1`` for ranking), crossing reduction (``mclimit``) and
routing each edge as a spline through its virtual nodes (``splines``).  On that flow the
layout did not finish in 5 minutes with the defaults, nor with any one of these bounded
alone, nor with the searches bounded but splines routed; with
``nslimit=1 nslimit1=1 mclimit=0.1 splines=line`` it takes about 7 s of CPU in process
(``benchmarks/RESULTS.md`` has the measurements, option by option).  The result is a
valid, less tidy drawing: more crossings, and straight edges that may cross nodes.  Small
diagrams keep Graphviz's defaults, so their layout does not change.

The settings depend only on the numbers of nodes and edges, so the same diagram always
gets the same settings (and the same layout).  They are written into the DOT source, so
whoever renders that source later gets the same speed.
"""

from __future__ import annotations

__all__ = ["BIG_LAYOUT_NODES", "HUGE_LAYOUT_NODES", "layout_attributes"]

BIG_LAYOUT_NODES = 500
"""From this many nodes (or twice as many edges) on, the layout searches are bounded."""

HUGE_LAYOUT_NODES = 4000
"""From this many nodes (or twice as many edges) on, they are bounded harder."""

_BIG = {"nslimit": "1", "nslimit1": "1", "mclimit": "0.1", "splines": "line"}
_HUGE = {
    "nslimit": "0.1",
    "nslimit1": "0.1",
    "mclimit": "0.1",
    "searchsize": "5",
    "splines": "line",
}


def layout_attributes(nodes: int, edges: int) -> dict[str, str]:
    """Graph attributes for the ``dot`` layout of a diagram with ``nodes`` nodes and
    ``edges`` edges: none below :data:`BIG_LAYOUT_NODES`."""
    size = max(nodes, edges // 2)
    if size >= HUGE_LAYOUT_NODES:
        return dict(_HUGE)
    if size >= BIG_LAYOUT_NODES:
        return dict(_BIG)
    return {}
