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

from collections.abc import Iterable

from liveflow_graph.graph.flowgraph import FlowGraph

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
        steps = graph.steps
        predecessors = graph.reverse_adjacency
        # strong_components is in reverse topological order: walk it backwards
        components = graph.strong_components[::-1]
        component_of: dict[str, int] = {}
        for index, component in enumerate(components):
            for step_id in component:
                component_of[step_id] = index
        cyclic = [len(component) > 1 for component in components]
        for transition_id in graph.self_loops:
            cyclic[component_of[graph.transitions[transition_id].source_step_id]] = True
        self._yes: set[tuple[str, str]] = set()
        pending: list[tuple[str, str]] = []
        for target, step_id in dict.fromkeys(queries):
            if target not in steps or step_id not in steps:
                continue
            a, b = component_of[target], component_of[step_id]
            if a > b:  # the target comes later in topological order: it cannot be upstream
                continue
            if a == b:  # the same component: upstream exactly when it is a cycle
                if cyclic[a]:
                    self._yes.add((target, step_id))
                continue
            before = predecessors[step_id]
            # most references name a parent or grandparent: answer those without the pass
            if target in before or any(target in predecessors[p] for p in before):
                self._yes.add((target, step_id))
            else:
                pending.append((target, step_id))
        if pending:
            self._pass(graph, components, component_of, pending)

    def _pass(
        self,
        graph: FlowGraph,
        components: tuple[frozenset[str], ...],
        component_of: dict[str, int],
        pairs: list[tuple[str, str]],
    ) -> None:
        """Answer ``pairs`` (targets in strictly earlier components) in one topological
        pass that carries a bit set of the targets with a path to each component."""
        bit = {
            target: 1 << index for index, target in enumerate(dict.fromkeys(t for t, _ in pairs))
        }
        above = [0] * len(components)
        for target, mask in bit.items():
            above[component_of[target]] |= mask
        asked: dict[int, list[tuple[str, str]]] = {}
        for target, step_id in pairs:
            asked.setdefault(component_of[step_id], []).append((target, step_id))
        successors = graph.adjacency
        first = min(component_of[t] for t in bit)
        last = max(asked)
        for a in range(first, last + 1):
            # every component with a path to this one was visited before it
            passed = above[a]
            above[a] = 0  # no longer needed: free it
            for target, step_id in asked.get(a, ()):
                if passed & bit[target]:
                    self._yes.add((target, step_id))
            if not passed:
                continue
            for step_id in components[a]:
                for nxt in successors[step_id]:
                    b = component_of[nxt]
                    if b != a:
                        above[b] |= passed

    def is_upstream(self, target: str, step_id: str) -> bool:
        """Whether a path leads from ``target`` to ``step_id`` (for a pair asked about)."""
        return (target, step_id) in self._yes
