"""Which steps come before which, for a fixed set of steps, in one linear pass.

``reference-not-upstream`` must answer "is step T an ancestor of step S" for every
reference.  A graph search per referencing step would be quadratic on big flows; instead
the steps that prompts reference get one bit each, and a single pass over the strongly
connected components in topological order gives every step the set (a Python ``int`` used
as a bit set) of referenced steps that have a path to it, answering the questions about
it on the way.  The cost is O((steps + transitions) x referenced steps / 64) machine-word
operations, and bit sets are freed as the pass moves on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from liveflow_graph.graph import FlowGraph

__all__ = ["Upstream"]


class Upstream:
    """Answers :meth:`is_upstream` for the ``(target, step_id)`` pairs given at construction.

    A step is upstream of another when a path of transitions leads from it to the other;
    a step is upstream of itself only when it lies on a cycle (a self-loop included),
    exactly like :meth:`FlowGraph.ancestors`.

    The answers are computed during the topological pass and each component's bit set is
    dropped as soon as its successors have received it, so memory stays proportional to
    the widest "frontier" of the flow, not to steps x targets.
    """

    def __init__(self, graph: FlowGraph, queries: Iterable[tuple[str, str]]) -> None:
        g = graph.graph
        pairs = [(t, s) for t, s in dict.fromkeys(queries) if t in g and s in g]
        bit = {
            target: 1 << index for index, target in enumerate(dict.fromkeys(t for t, _ in pairs))
        }
        components = graph.strong_components
        component_of: dict[str, int] = {}
        own = [0] * len(components)
        cyclic = [len(component) > 1 for component in components]
        for index, component in enumerate(components):
            for step_id in component:
                component_of[step_id] = index
                own[index] |= bit.get(step_id, 0)
        for transition_id in graph.self_loops:
            cyclic[component_of[graph.transitions[transition_id].source_step_id]] = True
        asked: dict[int, list[tuple[str, str]]] = {}
        for target, step_id in pairs:
            asked.setdefault(component_of[step_id], []).append((target, step_id))
        successors: list[set[int]] = [set() for _ in components]
        for source, target in g.edges():
            a, b = component_of[source], component_of[target]
            if a != b:
                successors[a].add(b)
        indegree = [0] * len(components)
        for succ in successors:
            for b in succ:
                indegree[b] += 1
        above = [own[i] if cyclic[i] else 0 for i in range(len(components))]
        self._yes: set[tuple[str, str]] = set()
        queue = deque(i for i, degree in enumerate(indegree) if degree == 0)
        while queue:
            a = queue.popleft()
            for target, step_id in asked.get(a, ()):
                if above[a] & bit[target]:
                    self._yes.add((target, step_id))
            passed = above[a] | own[a]
            above[a] = 0  # no longer needed: free it
            for b in successors[a]:
                above[b] |= passed
                indegree[b] -= 1
                if indegree[b] == 0:
                    queue.append(b)

    def is_upstream(self, target: str, step_id: str) -> bool:
        """Whether a path leads from ``target`` to ``step_id`` (for a pair asked about)."""
        return (target, step_id) in self._yes
