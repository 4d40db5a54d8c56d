"""The graph layer: one flow version as a ``networkx.MultiDiGraph``, and graph algorithms.

- :mod:`~liveflow_graph.graph.flowgraph`: :class:`FlowGraph` and its cached queries;
- :mod:`~liveflow_graph.graph.names`: the same queries in step names (``graph.by_name``);
- :mod:`~liveflow_graph.graph.ancestry`: "does step R run before step S", answered for many
  pairs at once.
"""

from liveflow_graph.graph.building import DanglingTransition, Duplicate
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.graph.names import StepNames

__all__ = ["DanglingTransition", "Duplicate", "FlowGraph", "StepNames"]
