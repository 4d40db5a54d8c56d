"""A flow with more steps, or a longer path, than the configured limits.

**Our judgement**: TrueState sets no limit that the documentation states; organisations
that cap the size of their flows set theirs here.  Two limits are checked, each reported
at most once per version:

- the number of steps (distinct step ids), at most `max-steps` (default 100);
- the longest path, at most `max-path-length` steps (default 50): the most steps a
  chain of transitions passes through, from any step, with a loop counted as all of its
  steps once (the steps of a strongly connected component count together, so the
  length is finite and found in linear time).

```toml
[tool.liveflow-graph.flow-size]
max-steps = 40
max-path-length = 12
```

**Why it matters.** A long flow is slow (every step on a path runs in turn, each LLM
step a model call), costly, and hard to review; a cap keeps flows small enough for a
person to follow.

**Example.** With `max-steps = 40`, a version with 57 steps; with
`max-path-length = 12`, a chain `start -> s1 -> ... -> s14`.

**How to fix.** Split the flow into smaller flows, or remove steps that are no longer
needed; raise the limit if the flow really needs the size.
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding

CODE = "LF207"
NAME = "flow-size"
SEVERITY = Severity.WARNING
OWN_JUDGEMENT = True


def check(ctx: Context) -> Iterator[Finding]:
    """At most two findings: too many steps, and a path through too many steps."""
    graph = ctx.graph
    limits = ctx.flow_size
    count = len(graph.steps)
    if count > limits.max_steps:
        yield Finding(
            f"the version has {count} steps, more than the limit of {limits.max_steps} "
            "(flow-size.max-steps)",
            location=(*graph.location, "steps"),
            extra={"steps": count, "max_steps": limits.max_steps},
        )
    if count <= limits.max_path_length:  # no path can pass through more steps than exist
        return
    length, path = longest_path(ctx)
    if length > limits.max_path_length:
        first, last = path[0], path[-1]
        yield Finding(
            f"the longest path passes through {length} steps, from {ctx.step(first)} to "
            f"{ctx.step(last)}, more than the limit of {limits.max_path_length} "
            "(flow-size.max-path-length)",
            step_ids=tuple(dict.fromkeys((first, last))),
            location=graph.step_location(first),
            extra={"path_length": length, "max_path_length": limits.max_path_length},
        )


def longest_path(ctx: Context) -> tuple[int, tuple[str, ...]]:
    """The length (in steps, a loop counting all of its steps once) of the longest path,
    and its steps: the first step of each strongly connected component it passes through,
    in document order within a component (empty for a version without steps)."""
    graph = ctx.graph
    components = graph.strong_components  # reverse topological order: successors first
    if not components:
        return 0, ()
    index = graph.step_index
    successors = graph.adjacency
    component_of = {step_id: n for n, component in enumerate(components) for step_id in component}
    best = [0] * len(components)
    following: list[int | None] = [None] * len(components)
    for number, component in enumerate(components):
        length, after = 0, -1  # -1: no continuation yet
        for step_id in component:
            for target in successors[step_id]:
                other = component_of[target]
                if other == number:
                    continue
                gain = best[other]
                # ties between equally long continuations go to the component found first
                if gain > length or (gain == length and after >= 0 and other < after):
                    length, after = gain, other
        best[number] = len(component) + length
        following[number] = after if after >= 0 else None
    start = max(range(len(components)), key=lambda n: (best[n], -n))
    path: list[str] = []
    at: int | None = start
    while at is not None:
        path.append(min(components[at], key=index.__getitem__))
        at = following[at]
    return best[start], tuple(path)
