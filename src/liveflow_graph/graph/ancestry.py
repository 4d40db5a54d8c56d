"""Which steps come before which: :class:`Upstream` for a fixed set of steps in one linear
pass, :class:`Ancestry` for many (step, step) pairs at once with interval labels.

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

__all__ = ["Ancestry", "Upstream"]


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


class Ancestry:
    """Whether a path leads from step T to step S, for many pairs at once, at a cost per
    pair rather than per pair x flow size.

    The steps are grouped into strongly connected components (a pair inside one is
    upstream exactly when the component is a cycle, a self-loop included); the components
    form a DAG, numbered in topological order, on which one depth-first search gives each
    component ``pre`` and ``post`` numbers and ``low``, the smallest ``post`` of what it
    reaches.  For components ``a != b``:

    * ``a`` after ``b`` in topological order: no path;
    * ``a`` an ancestor of ``b`` in the search tree (``pre[a] < pre[b]``,
      ``post[b] < post[a]``): a path;
    * ``post[a] < post[b]`` or ``low[b] < low[a]``: no path (a search finishes what ``a``
      reaches before ``a``, and what ``b`` reaches ``a`` reaches too);

    these "interval labels" settle most pairs in O(1).  The rest get one pass in
    topological order carrying, as a Python ``int`` bit set, which of *their* targets
    reach each component (only those targets get a bit).  With at most :attr:`FEW`
    distinct targets, the bit sets stay small and the pass alone costs less than the
    labels.  A test pins the answers to ``networkx.ancestors``, both ways."""

    FEW = 256

    def __init__(self, graph: FlowGraph) -> None:
        components = graph.strong_components  # reverse topological order
        last = len(components) - 1
        component = {
            step_id: last - k for k, members in enumerate(components) for step_id in members
        }
        self.component = component
        self.size = size = len(components)
        self.cyclic = [len(components[last - c]) > 1 for c in range(size)]
        for transition_id in graph.self_loops:
            self.cyclic[component[graph.transitions[transition_id].source_step_id]] = True
        # the DAG of components (a repeated edge does no harm: it is only walked)
        self.successors: list[list[int]] = [[] for _ in range(size)]
        for step_id, targets in graph.adjacency.items():
            c = component[step_id]
            out = self.successors[c]
            for target in targets:
                d = component[target]
                if d != c:
                    out.append(d)
        self.pre: list[int] = []  # the labels, computed when first needed
        self.post: list[int] = []
        self.low: list[int] = []

    def _label(self) -> None:
        """``pre``, ``post`` and ``low`` of every component (iterative depth-first search
        from each unvisited component in topological order)."""
        size = self.size
        successors = self.successors
        pre = [-1] * size
        post = [0] * size
        low = [0] * size
        clock = finished = 0
        for root in range(size):
            if pre[root] != -1:
                continue
            pre[root] = clock
            clock += 1
            stack = [(root, iter(successors[root]))]
            while stack:
                c, pending = stack[-1]
                for d in pending:
                    if pre[d] == -1:
                        pre[d] = clock
                        clock += 1
                        stack.append((d, iter(successors[d])))
                        break
                else:
                    stack.pop()
                    post[c] = finished
                    # in a DAG every successor is finished before c: its low is final
                    least = finished
                    for d in successors[c]:
                        if low[d] < least:
                            least = low[d]
                    low[c] = least
                    finished += 1
        self.pre, self.post, self.low = pre, post, low

    def upstream(self, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """The ``(target, step_id)`` of ``pairs`` (both existing steps) such that a path of
        transitions leads from ``target`` to ``step_id``."""
        component = self.component
        yes: set[tuple[str, str]] = set()
        ordered: list[tuple[str, str]] = []  # the target's component comes first
        for pair in pairs:
            a = component[pair[0]]
            b = component[pair[1]]
            if a < b:
                ordered.append(pair)
            elif a == b and self.cyclic[a]:
                yes.add(pair)
        if len({target for target, _ in ordered}) <= self.FEW:
            self._pass(ordered, yes)  # small bit sets: the pass alone is cheaper
            return yes
        if not self.pre:
            self._label()
        pre, post, low = self.pre, self.post, self.low
        doubtful: list[tuple[str, str]] = []
        for pair in ordered:
            a = component[pair[0]]
            b = component[pair[1]]
            if post[a] < post[b] or low[b] < low[a]:
                continue
            if pre[a] < pre[b]:  # (post[b] < post[a] here) a tree ancestor
                yes.add(pair)
            else:
                doubtful.append(pair)
        self._pass(doubtful, yes)
        return yes

    def _pass(self, pairs: list[tuple[str, str]], yes: set[tuple[str, str]]) -> None:
        """Add to ``yes`` the ``pairs`` (targets in strictly earlier components) with a
        path: one topological pass from the first target's component to the last asked
        one, carrying the bit set of the targets that reach each component (freed once
        passed on)."""
        if not pairs:
            return
        component = self.component
        bit: dict[str, int] = {}
        for target, _ in pairs:
            if target not in bit:
                bit[target] = 1 << len(bit)
        above = [0] * self.size
        for target, mask in bit.items():
            above[component[target]] |= mask
        asked: dict[int, list[tuple[str, str]]] = {}
        for pair in pairs:
            asked.setdefault(component[pair[1]], []).append(pair)
        successors = self.successors
        for c in range(min(component[t] for t in bit), max(asked) + 1):
            passed = above[c]
            above[c] = 0
            if not passed:
                continue
            for pair in asked.get(c, ()):
                if passed & bit[pair[0]]:
                    yes.add(pair)
            for d in successors[c]:
                above[d] |= passed
