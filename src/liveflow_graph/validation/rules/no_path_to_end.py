"""A step from which no end step can be reached.

An end step is one with no transition leaving it for another step.  **Our judgement**:
the documentation does not define how a flow ends; we take a step with no downstream step
to be where a session finishes.  Every step that cannot reach an end step by following
transitions is reported, reachable from START or not (typically the steps of a loop with
no exit, and the steps that lead only into it).  Two cases need a closer reading:

- *A transition to a missing step* (a dangling transition) still leaves its step: it is
  the step's way on, and it leads nowhere.  A step whose every way on is dangling is not
  an end step, so it is reported, and the message names the dangling transition as the
  reason (`dangling-transition` reports the transition itself).  Steps whose only ways
  out run into such a step are reported too, naming it.  Fixing the transition then
  fixes every finding; nothing is left to surface later.
- *A self-loop* does not leave its step.  The rules read a label as the condition under
  which its transition is taken (see `self-loop`): a step whose only transitions return
  to itself repeats while that condition holds (a retry), and the session finishes there
  once it no longer does.  Such a step is an end step and is not reported here; the one
  finding about it is `self-loop`'s warning, which explains this retry reading.

**Why it matters.** A session that reaches the step can never finish: it keeps looping
until someone cancels it, or it fails at a transition that leads nowhere.

**Example.** `a -> b -> a` with no other transition leaving `a` or `b` (both are
reported); `send_reply -> deleted-step` where no step `deleted-step` exists
(`send_reply` is reported, and so is every step whose only way on is `send_reply`).
Not reported: `send_reply -> send_reply` labelled `retry` as the only transition leaving
`send_reply` (it retries while `retry` holds, then the flow ends; `self-loop` warns).

**How to fix.** Add a transition from the loop to a step that ends the flow (or that
leads to one); point a dangling transition at an existing step, or delete it to make the
step an end step.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Context, Finding, quote

CODE = "LF203"
NAME = "no-path-to-end"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = True


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per step outside `ctx.reaches_end` (document order)."""
    graph = ctx.graph
    ending = ctx.reaches_end
    if len(ending) == len(graph.steps):
        return
    adjacency = graph.adjacency
    exits = ctx.dangling_exits
    # steps whose every way on is dangling (besides retrying themselves)
    cut = sorted(
        (
            step_id
            for step_id in exits
            if step_id not in ending and all(t == step_id for t in adjacency[step_id])
        ),
        key=graph.step_index.__getitem__,
    )
    nearest_cut = _nearest(cut, graph.reverse_adjacency, ending)
    for step_id in graph.steps:
        if step_id in ending:
            continue
        location = graph.step_location(step_id)
        head = f"no end step can be reached from {ctx.step(step_id)}"
        at = nearest_cut.get(step_id)
        if at == step_id:
            ids = exits[step_id]
            yield Finding(
                f"{head}: {_dangling_ways(ctx, ids)}",
                step_ids=(step_id,),
                transition_ids=ids,
                location=location,
                extra={"reason": "dangling", "dangling_transition_ids": list(ids)},
            )
        elif at is not None:
            yield Finding(
                f"{head}: its way on is cut at {ctx.step(at)}, whose only way on is a "
                f"dangling transition ({', '.join(quote(t) for t in exits[at])})",
                step_ids=(step_id,),
                location=location,
                extra={
                    "reason": "leads-to-dangling",
                    "cut_step_id": at,
                    "dangling_transition_ids": list(exits[at]),
                },
            )
        else:
            yield Finding(
                f"{head}: a session that gets here never finishes",
                step_ids=(step_id,),
                location=location,
                extra={"reason": "loop"},
            )


def _dangling_ways(ctx: Context, ids: Sequence[str]) -> str:
    """Why a step whose ways on (``ids``) are all dangling is not an end step."""
    transitions = ctx.graph.transitions
    missing = [quote(transitions[t].target_step_id) for t in ids]
    if len(ids) == 1:
        return (
            f"its only way on, transition {quote(ids[0])}, leads to the missing step "
            f"{missing[0]}, so it is not an end step"
        )
    listed = ", ".join(quote(t) for t in ids)
    return (
        f"its only ways on, transitions {listed}, lead to missing steps "
        f"({', '.join(dict.fromkeys(missing))}), so it is not an end step"
    )


def _nearest(
    sources: Sequence[str],
    predecessors: Mapping[str, Mapping[str, object]],
    ending: frozenset[str],
) -> dict[str, str]:
    """For each step outside ``ending`` from which a step of ``sources`` can be reached,
    the nearest such step (fewest transitions; ties go to the earlier source)."""
    if not sources:
        return {}
    found = {source: source for source in sources}
    frontier = list(sources)
    while frontier:
        following: list[str] = []
        for step_id in frontier:
            origin = found[step_id]
            for parent in predecessors[step_id]:
                if parent not in found and parent not in ending:
                    found[parent] = origin
                    following.append(parent)
        frontier = following
    return found
