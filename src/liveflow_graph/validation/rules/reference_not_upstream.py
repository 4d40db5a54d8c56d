"""A prompt references the result of a step that does not run before it.

`${name.result}` can only be filled with the result of a step that has already run,
that is an *ancestor*: a step from which a path of transitions leads to the referencing
step.  A reference to a later step, a step on another branch, or the step itself (unless
it lies on a loop) is reported.  When two steps share the name, the reference is accepted
if either is an ancestor (`duplicate-step-name` reports the ambiguity).

**Why it matters.** When the step runs, the referenced result does not exist yet: the
model gets an empty or stale value and the session produces wrong output without failing.

**Example.** `review_reply` runs before `send_reply` but its prompt contains
`${send_reply.result}`.

**How to fix.** Reference a step that runs earlier, or move this step after the one it
needs (add a transition from it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF302"
NAME = "reference-not-upstream"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per `${name.result}` whose named steps are none of them ancestors."""
    graph = ctx.graph
    names = graph.steps_by_name
    predecessors = graph.reverse_adjacency
    # references that a look at the parents and grandparents cannot settle
    doubtful: list[tuple[str, int, tuple[str, ...]]] = []
    for step_id, referenced in ctx.result_names:
        before = predecessors[step_id]
        for ordinal, name in enumerate(referenced):
            targets = names.get(name)
            if targets is None:
                continue  # undefined-reference's job
            if len(targets) == 1:  # the common case, without generators
                target = targets[0]
                if target in before:
                    continue
                for parent in before:
                    if target in predecessors[parent]:
                        break
                else:
                    doubtful.append((step_id, ordinal, targets))
                continue
            if any(t in before for t in targets):
                continue
            if not any(t in predecessors[p] for p in before for t in targets):
                doubtful.append((step_id, ordinal, targets))
    if not doubtful:
        return
    upstream = Ancestry(graph).upstream(
        (t, step_id) for step_id, _, targets in doubtful for t in targets
    )
    for step_id, ordinal, targets in doubtful:
        if len(targets) == 1:
            if (targets[0], step_id) in upstream:
                continue
        elif any((target, step_id) in upstream for target in targets):
            continue
        if len(targets) == 1:
            target = targets[0]
            if target == step_id:
                why = "that is its own result, which does not exist while it runs"
                involved: tuple[str, ...] = (step_id,)
            else:
                why = (
                    f"{ctx.step(target)} does not run before it (no path of transitions "
                    "leads from it here)"
                )
                involved = (step_id, target)
        else:
            listed = " or ".join([ctx.step(t) for t in targets])
            why = f"{listed} does not run before it (no path of transitions leads from it here)"
            involved = tuple(dict.fromkeys((step_id, *targets)))
        ref = ctx.result_reference(step_id, ordinal)
        yield Finding(
            f"the prompt of {ctx.step(step_id)} references {quote(ref.text)}, but {why}",
            step_ids=involved,
            location=ref.location,
            extra={"reference": ref.text, "name": ref.name, "offset": ref.offset},
        )


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
