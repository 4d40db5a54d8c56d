"""The validation findings that appeared or disappeared between two versions.

The findings of :func:`liveflow_graph.validation.engine.iter_diagnostics` on both versions
are compared by (code, step ids, transition ids), with the ids of one version translated to
the other through the matching (steps through their pairs, transitions through the
matched transition pairs), never by JSON path or message.  The ids are compared as sets:
rules list the steps involved (a cycle's, a step's downstream steps) in document order, and
reordering the lists changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from liveflow_graph.diffs.pairing import StepPairing, Token
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.jsonpath import order_key
from liveflow_graph.model.models import StepTransition
from liveflow_graph.validation.config import Config
from liveflow_graph.validation.diagnostics import Diagnostic
from liveflow_graph.validation.engine import iter_diagnostics

__all__ = ["findings_changed"]

Findings = tuple[Diagnostic, ...]


def findings_changed(
    old: FlowGraph,
    new: FlowGraph,
    pairing: StepPairing,
    pairs: Sequence[tuple[StepTransition, StepTransition]],
    config: Config | None,
) -> tuple[Findings, Findings]:
    """The findings of the new version that the old one does not have (appeared), and
    those of the old version that the new one does not have (disappeared), each in a
    canonical order; ``old`` and ``new`` are the graphs of ``pairing``'s versions, ``pairs``
    the matched transitions, ``config`` the validation settings (``None``: the
    defaults)."""
    old_t: dict[str, Token] = {}
    new_t: dict[str, Token] = {}
    for before, after in pairs:
        old_t[before.id] = new_t[after.id] = (before.id, after.id)

    old_pair, new_pair = pairing.old_pair, pairing.new_pair  # old_token/new_token, inline

    def old_key(d: Diagnostic) -> tuple[object, ...]:
        steps = [old_pair.get(s) or s for s in d.step_ids]
        transitions = [old_t.get(t, (t, None)) for t in d.transition_ids]
        return (d.code, frozenset(steps), frozenset(transitions))

    def new_key(d: Diagnostic) -> tuple[object, ...]:
        steps = [new_pair.get(s) or s for s in d.step_ids]
        transitions = [new_t.get(t, (None, t)) for t in d.transition_ids]
        return (d.code, frozenset(steps), frozenset(transitions))

    old_found = sorted(iter_diagnostics(old, config), key=_diagnostic_order)
    new_found = sorted(iter_diagnostics(new, config), key=_diagnostic_order)
    return (
        _beyond(new_found, new_key, old_found, old_key),
        _beyond(old_found, old_key, new_found, new_key),
    )


def _diagnostic_order(d: Diagnostic) -> tuple[object, ...]:
    return (
        d.code,
        sorted(d.step_ids),
        sorted(d.transition_ids),
        d.message,
        order_key(d.location),
    )


def _beyond(
    ours: Sequence[Diagnostic],
    our_key: Callable[[Diagnostic], object],
    theirs: Sequence[Diagnostic],
    their_key: Callable[[Diagnostic], object],
) -> Findings:
    """The diagnostics of ``ours`` beyond those ``theirs`` has (as multisets of keys)."""
    budget = Counter(their_key(d) for d in theirs)
    out = []
    for d in ours:
        key = our_key(d)
        if budget[key] > 0:
            budget[key] -= 1
        else:
            out.append(d)
    return tuple(out)
