"""The graph layer: one flow version as a ``networkx.MultiDiGraph``, and graph algorithms.

- :mod:`~liveflow_graph.graph.flowgraph`: :class:`FlowGraph` and its cached queries;
- :mod:`~liveflow_graph.graph.ancestry`: "does step R run before step S", answered for many
  pairs at once.
"""

from liveflow_graph.graph.building import DanglingTransition, Duplicate
from liveflow_graph.graph.flowgraph import FlowGraph

__all__ = ["DanglingTransition", "Duplicate", "FlowGraph"]
