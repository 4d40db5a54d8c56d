"""Computing a :class:`~liveflow_graph.diffs.model.VersionDiff` from two flow versions.

Matching takes time linear in the size of both versions (dictionaries, no graph-edit-distance
search), in three steps, one module each:

* **steps** (:mod:`~liveflow_graph.diffs.pairing`, :mod:`~liveflow_graph.diffs.steps`) are
  matched by id, or through an explicit rename map when ids changed, and compared field by
  field (:mod:`~liveflow_graph.diffs.fields`);
* **transitions** (:mod:`~liveflow_graph.diffs.transitions`) are matched by id when the
  versions share any transition id, else by (source step, label), then (source step,
  target step);
* **validity** (:mod:`~liveflow_graph.diffs.validity`): the validation findings of both
  versions, compared through that matching.
"""

from __future__ import annotations

from collections.abc import Mapping

from liveflow_graph.diffs.model import DiffSide, VersionDiff
from liveflow_graph.diffs.validity import findings_changed
from liveflow_graph.gc_pause import paused_gc
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import FlowVersion, LiveFlow
from liveflow_graph.model.payload import VersionRef
from liveflow_graph.validation.config import Config
from tests.diffs.oracle.pairing import StepPairing
from tests.diffs.oracle.steps import compare_steps, start_change
from tests.diffs.oracle.transitions import compare_transitions

__all__ = ["Diffable", "as_graph", "diff", "side_of"]

Diffable = FlowVersion | VersionRef | FlowGraph | LiveFlow
"""What :func:`diff` compares (a live flow stands for its current version)."""


def diff(
    old: Diffable,
    new: Diffable,
    *,
    rename_map: Mapping[str, str] | None = None,
    validity: bool = True,
    config: Config | None = None,
) -> VersionDiff:
    """What changed from ``old`` to ``new``.

    ``old`` and ``new`` are flow versions, version refs (``payload.versions()``), flow
    graphs or live flows (their current version).  ``rename_map`` pairs steps whose id
    changed (old id -> new id); ``validity=False`` skips comparing validation findings, and
    ``config`` is the validation settings to compare them under (default: the defaults).

    ``diff(a, a)`` is empty, ``diff(b, a) == diff(a, b).mirror()``, and the result does not
    depend on the order of the versions' lists.  Raises
    :class:`~liveflow_graph.errors.ConfigError` for a rename map that names a step the
    versions do not have or maps two steps to one.
    """
    with paused_gc():  # many small objects and no cycles (see liveflow_graph.gc_pause)
        before, after = as_graph(old), as_graph(new)
        pairing = StepPairing(before, after, rename_map or {})
        steps = compare_steps(pairing)
        transitions = compare_transitions(pairing)
        appeared, disappeared = (
            findings_changed(before, after, pairing, transitions.pairs, config)
            if validity
            else ((), ())
        )
        return VersionDiff(
            old=side_of(before),
            new=side_of(after),
            steps_added=steps.added,
            steps_removed=steps.removed,
            steps_changed=steps.changed,
            transitions_added=transitions.added,
            transitions_removed=transitions.removed,
            transitions_changed=transitions.changed,
            transitions_moved=transitions.moved,
            start=start_change(pairing),
            diagnostics_appeared=appeared,
            diagnostics_disappeared=disappeared,
            validity_checked=validity,
            transition_matching=transitions.matching,
            rename_map=tuple(sorted(pairing.renames.items())),
            steps_unchanged=steps.unchanged,
            transitions_unchanged=transitions.unchanged,
        )


def as_graph(obj: Diffable) -> FlowGraph:
    """The :class:`FlowGraph` of a version, ref, graph or flow (its current version)."""
    if isinstance(obj, FlowGraph):
        return obj
    if isinstance(obj, FlowVersion | VersionRef | LiveFlow):
        return FlowGraph.of(obj)
    raise TypeError(
        f"cannot diff a {type(obj).__name__}: pass a FlowVersion, VersionRef, FlowGraph or LiveFlow"
    )


def side_of(graph: FlowGraph) -> DiffSide:
    """Which version ``graph`` is, for the header of a diff."""
    return DiffSide(
        version_id=graph.version_id,
        flow_id=graph.flow_id,
        flow_name=graph.flow.name if graph.flow is not None else None,
        steps=len(graph.steps),
        transitions=len(graph.transitions),
        sessions=len(graph.sessions),
    )
