"""Which steps come before which, for a fixed set of steps, in one linear pass.

``reference-not-upstream`` must answer "is step T an ancestor of step S" for every
reference.  A graph search per referencing step would be quadratic on big flows; instead
the steps that prompts reference get one bit each, and a single pass over the strongly
connected components in topological order gives every step the set (a Python ``int`` used
as a bit set) of referenced steps that have a path to it.  The cost is
O((steps + transitions) x referenced steps / 64) machine-word operations.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

import networkx as nx

from liveflow_graph.graph import FlowGraph

__all__ = ["Upstream"]


class Upstream:
    """Answers :meth:`is_upstream` for the ``targets`` given at construction.

    A step is upstream of another when a path of transitions leads from it to the other;
    a step is upstream of itself only when it lies on a cycle (a self-loop included),
    exactly like :meth:`FlowGraph.ancestors`.
    """

    def __init__(self, graph: FlowGraph, targets: Iterable[str]) -> None:
        g = graph.graph
        wanted = [t for t in dict.fromkeys(targets) if t in g]
        self._bit = {target: 1 << index for index, target in enumerate(wanted)}
        components = list(nx.strongly_connected_components(g))
        self._component: dict[str, int] = {}
        own = [0] * len(components)
        cyclic = [len(component) > 1 for component in components]
        for index, component in enumerate(components):
            for step_id in component:
                self._component[step_id] = index
                own[index] |= self._bit.get(step_id, 0)
        for transition_id in graph.self_loops:
            cyclic[self._component[graph.transitions[transition_id].source_step_id]] = True
        successors: list[set[int]] = [set() for _ in components]
        for source, target in g.edges():
            a, b = self._component[source], self._component[target]
            if a != b:
                successors[a].add(b)
        indegree = [0] * len(components)
        for succ in successors:
            for b in succ:
                indegree[b] += 1
        above = [own[i] if cyclic[i] else 0 for i in range(len(components))]
        queue = deque(i for i, degree in enumerate(indegree) if degree == 0)
        while queue:
            a = queue.popleft()
            passed = above[a] | own[a]
            for b in successors[a]:
                above[b] |= passed
                indegree[b] -= 1
                if indegree[b] == 0:
                    queue.append(b)
        self._above = above

    def is_upstream(self, target: str, step_id: str) -> bool:
        """Whether a path leads from ``target`` (one of the targets) to ``step_id``."""
        bit = self._bit.get(target)
        component = self._component.get(step_id)
        if bit is None or component is None:
            return False
        return bool(self._above[component] & bit)
