"""Computing a :class:`~liveflow_graph.diffs.model.VersionDiff` from two flow versions.

Matching, in time linear in the size of both versions (dictionaries, no graph-edit-distance
search):

* **Steps** are matched by id, or through an explicit rename map (old id -> new id, like
  Terraform's ``moved`` blocks) when ids changed.  A matched step whose name changed is one
  *changed* step (renamed), never a removal plus an addition.
* **Transitions** are matched by id when the versions share any transition id.  Otherwise
  ids do not persist and transitions are paired by (source step, label): an unchanged
  transition first, then one whose target changed (one *moved* transition); what is left
  is paired by (source step, target step) (a *changed* label); the rest is added or
  removed.
* **Validity**: the findings of :func:`liveflow_graph.validation.engine.iter_diagnostics` on both
  versions, compared by (code, step ids, transition ids) with the ids of one version
  translated to the other through the matching (never by JSON path or message).  The ids
  are compared as sets: rules list the steps involved (a cycle's, a step's downstream
  steps) in document order, and reordering the lists changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from liveflow_graph.diffs.model import (
    DiffSide,
    FieldChange,
    StartChange,
    StepChange,
    StepRef,
    TextDiff,
    TransitionChange,
    TransitionMatching,
    TransitionRef,
    VersionDiff,
)
from liveflow_graph.diffs.order import Pair, union_order
from liveflow_graph.errors import ConfigError
from liveflow_graph.gc_pause import paused_gc
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.jsonpath import order_key
from liveflow_graph.model.models import FlowVersion, LiveFlow, PromptTemplate, Step, StepTransition
from liveflow_graph.model.payload import VersionRef
from liveflow_graph.validation.config import Config
from liveflow_graph.validation.diagnostics import Diagnostic
from liveflow_graph.validation.engine import iter_diagnostics

__all__ = ["Diffable", "as_graph", "diff"]

Diffable = FlowVersion | VersionRef | FlowGraph | LiveFlow
"""What :func:`diff` compares (a live flow stands for its current version)."""

Token = Pair | str
"""A step or transition as both versions can name it: its pair, or a raw id that names
nothing in the version (a dangling end)."""


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
        return _Differ(before, after, rename_map or {}, validity, config).run()


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


def _check_renames(renames: Mapping[str, str], old: FlowGraph, new: FlowGraph) -> dict[str, str]:
    checked: dict[str, str] = {}
    claimed: dict[str, str] = {}
    for old_id, new_id in renames.items():
        if not isinstance(old_id, str) or not isinstance(new_id, str):
            raise ConfigError(f"rename map entries must be step ids, not {old_id!r}: {new_id!r}")
        if old_id not in old.steps:
            raise ConfigError(f"rename map: no step {old_id!r} in the old version {old.version_id}")
        if new_id not in new.steps:
            raise ConfigError(f"rename map: no step {new_id!r} in the new version {new.version_id}")
        if new_id in claimed:
            raise ConfigError(
                f"rename map: steps {claimed[new_id]!r} and {old_id!r} both map to {new_id!r}"
            )
        claimed[new_id] = old_id
        checked[old_id] = new_id
    return checked


class _Differ:
    def __init__(
        self,
        old: FlowGraph,
        new: FlowGraph,
        renames: Mapping[str, str],
        validity: bool,
        config: Config | None,
    ) -> None:
        self.a = old
        self.b = new
        self.renames = _check_renames(renames, old, new)
        self.validity = validity
        self.config = config
        claimed = set(self.renames.values())
        self.old_pair: dict[str, Pair] = {}
        self.new_pair: dict[str, Pair] = {}
        for sid in old.steps:
            if sid in self.renames:
                pair: Pair = (sid, self.renames[sid])
            elif sid in new.steps and sid not in claimed:
                pair = (sid, sid)
            else:
                pair = (sid, None)
            self.old_pair[sid] = pair
            if pair[1] is not None:
                self.new_pair[pair[1]] = pair
        for sid in new.steps:
            if sid not in self.new_pair:
                self.new_pair[sid] = (None, sid)
        starts = [self.old_pair[s] for s in old.start_step_ids]
        starts += [self.new_pair[s] for s in new.start_step_ids]
        self.rank = union_order(
            [*self.old_pair.values(), *(p for p in self.new_pair.values() if p[0] is None)],
            starts,
            [*self._edges(old, self.old_pair), *self._edges(new, self.new_pair)],
        )
        # the sort key of a transition end that names a step of its version: (rank, "");
        # an end naming no step sorts after every step, by id (see _end_key)
        rank = self.rank
        self.old_end = {sid: (rank[pair], "") for sid, pair in self.old_pair.items()}
        self.new_end = {sid: (rank[pair], "") for sid, pair in self.new_pair.items()}
        self.dangling_rank = len(rank)

    @staticmethod
    def _edges(graph: FlowGraph, pairs: dict[str, Pair]) -> Iterator[tuple[Pair, Pair]]:
        for t in graph.transitions.values():
            source, target = pairs.get(t.source_step_id), pairs.get(t.target_step_id)
            if source is not None and target is not None:
                yield source, target

    # -- tokens and sort keys -------------------------------------------------------------

    def old_token(self, step_id: str) -> Token:
        return self.old_pair.get(step_id) or step_id

    def new_token(self, step_id: str) -> Token:
        return self.new_pair.get(step_id) or step_id

    def _source_token_old(self, t: StepTransition) -> Token:
        return self.old_token(t.source_step_id)

    def _source_token_new(self, t: StepTransition) -> Token:
        return self.new_token(t.source_step_id)

    def _target_token_old(self, t: StepTransition) -> Token:
        return self.old_token(t.target_step_id)

    def _target_token_new(self, t: StepTransition) -> Token:
        return self.new_token(t.target_step_id)

    def _end_key(self, step_id: str, ends: dict[str, tuple[int, str]]) -> tuple[int, str]:
        """``(rank, "")`` for an end naming a step, else ``(number of union steps, id)``."""
        return ends.get(step_id) or (self.dangling_rank, step_id)

    def _transition_key(
        self, old: StepTransition | None, new: StepTransition | None
    ) -> tuple[Any, ...]:
        """The same key for (old, new) as for (new, old) seen from the other side: for each
        of source, target, label and id, the two sides' values in ascending order."""
        if old is None or new is None:
            t, ends = (new, self.new_end) if old is None else (old, self.old_end)
            assert t is not None  # one side is always set
            source = self._end_key(t.source_step_id, ends)
            target = self._end_key(t.target_step_id, ends)
            label = t.label or ""
            return (source, source, target, target, label, label, t.id, t.id)
        # called once per transition pair when sorting: each sorted((x, y)) written out as
        # one comparison (sorted keeps x first unless y < x)
        old_end, new_end, far = self.old_end, self.new_end, self.dangling_rank
        s1 = old_end.get(old.source_step_id) or (far, old.source_step_id)
        s2 = new_end.get(new.source_step_id) or (far, new.source_step_id)
        if s2 < s1:
            s1, s2 = s2, s1
        t1 = old_end.get(old.target_step_id) or (far, old.target_step_id)
        t2 = new_end.get(new.target_step_id) or (far, new.target_step_id)
        if t2 < t1:
            t1, t2 = t2, t1
        l1, l2 = old.label or "", new.label or ""
        if l2 < l1:
            l1, l2 = l2, l1
        i1, i2 = old.id, new.id
        if i2 < i1:
            i1, i2 = i2, i1
        return (s1, s2, t1, t2, l1, l2, i1, i2)

    # -- the diff ---------------------------------------------------------------------------

    def run(self) -> VersionDiff:
        added: list[StepRef] = []
        removed: list[StepRef] = []
        changed: list[StepChange] = []
        unchanged: list[StepChange] = []
        old_steps, new_steps = self.a.steps, self.b.steps
        for old_id, new_id in self.rank:
            if old_id is None:
                added.append(_step_ref(new_steps[str(new_id)]))
            elif new_id is None:
                removed.append(_step_ref(old_steps[old_id]))
            else:
                before, after = old_steps[old_id], new_steps[new_id]
                fields = _step_changes(before, after)
                ref = StepRef(after.id, after.name, after.step_type)
                if fields:
                    changed.append(StepChange(_step_ref(before), ref, fields))
                else:  # same id, name and type: one ref for both sides
                    unchanged.append(StepChange(ref, ref))
        matching, pairs, gone, new = self._match_transitions()
        moved, relabelled, same = [], [], []
        for old_t, new_t in sorted(pairs, key=lambda p: self._transition_key(*p)):
            new_ref = _transition_ref(new_steps, new_t)
            if _same_ref(old_steps, old_t, new_ref):
                old_ref = new_ref  # share equal refs (less memory)
            else:
                old_ref = _transition_ref(old_steps, old_t)
            changes, is_move = self._transition_changes(old_t, new_t)
            t_change = TransitionChange(old_ref, new_ref, changes)
            if is_move:
                moved.append(t_change)
            elif changes:
                relabelled.append(t_change)
            else:
                same.append(t_change)
        appeared, disappeared = self._validity(pairs) if self.validity else ((), ())
        return VersionDiff(
            old=side_of(self.a),
            new=side_of(self.b),
            steps_added=tuple(added),
            steps_removed=tuple(removed),
            steps_changed=tuple(changed),
            transitions_added=tuple(
                _transition_ref(new_steps, t)
                for t in sorted(new, key=lambda t: self._transition_key(None, t))
            ),
            transitions_removed=tuple(
                _transition_ref(old_steps, t)
                for t in sorted(gone, key=lambda t: self._transition_key(t, None))
            ),
            transitions_changed=tuple(relabelled),
            transitions_moved=tuple(moved),
            start=self._start(),
            diagnostics_appeared=appeared,
            diagnostics_disappeared=disappeared,
            validity_checked=self.validity,
            transition_matching=matching,
            rename_map=tuple(sorted(self.renames.items())),
            steps_unchanged=tuple(unchanged),
            transitions_unchanged=tuple(same),
        )

    def _start(self) -> StartChange | None:
        before = {self.old_pair[s] for s in self.a.start_step_ids}
        after = {self.new_pair[s] for s in self.b.start_step_ids}
        if before == after:
            return None
        return StartChange(
            old=tuple(_step_ref(self.a.steps[p[0]]) for p in self._ranked(before) if p[0]),
            new=tuple(_step_ref(self.b.steps[p[1]]) for p in self._ranked(after) if p[1]),
        )

    def _ranked(self, pairs: Iterable[Pair]) -> list[Pair]:
        return sorted(pairs, key=self.rank.__getitem__)

    # -- transitions ------------------------------------------------------------------------

    def _match_transitions(
        self,
    ) -> tuple[
        TransitionMatching,
        list[tuple[StepTransition, StepTransition]],
        list[StepTransition],
        list[StepTransition],
    ]:
        old, new = self.a.transitions, self.b.transitions
        shared = old.keys() & new.keys()
        if shared:
            return (
                "id",
                [(old[tid], new[tid]) for tid in shared],
                [t for tid, t in old.items() if tid not in shared],
                [t for tid, t in new.items() if tid not in shared],
            )
        left_old, left_new = list(old.values()), list(new.values())
        pairs: list[tuple[StepTransition, StepTransition]] = []
        old_src, new_src = self._source_token_old, self._source_token_new
        old_tgt, new_tgt = self._target_token_old, self._target_token_new
        keys: list[tuple[Callable[[StepTransition], object], Callable[[StepTransition], object]]]
        keys = [
            # unchanged: same source, label and target
            (lambda t: (old_src(t), t.label or "", old_tgt(t)),
             lambda t: (new_src(t), t.label or "", new_tgt(t))),
            # moved: same source and label
            (lambda t: (old_src(t), t.label or ""), lambda t: (new_src(t), t.label or "")),
            # relabelled: same source and target
            (lambda t: (old_src(t), old_tgt(t)), lambda t: (new_src(t), new_tgt(t))),
        ]  # fmt: skip
        for old_key, new_key in keys:
            found, left_old, left_new = self._pair_up(left_old, left_new, old_key, new_key)
            pairs.extend(found)
        return "source_label", pairs, left_old, left_new

    def _pair_up(
        self,
        olds: Sequence[StepTransition],
        news: Sequence[StepTransition],
        old_key: Callable[[StepTransition], object],
        new_key: Callable[[StepTransition], object],
    ) -> tuple[
        list[tuple[StepTransition, StepTransition]], list[StepTransition], list[StepTransition]
    ]:
        """Pair transitions with equal keys; within a key, in (target, label, id) order on
        both sides (an order that does not depend on which side is which)."""
        by_key: dict[object, list[StepTransition]] = {}
        for t in news:
            by_key.setdefault(new_key(t), []).append(t)
        grouped_old: dict[object, list[StepTransition]] = {}
        for t in olds:
            grouped_old.setdefault(old_key(t), []).append(t)
        pairs: list[tuple[StepTransition, StepTransition]] = []
        left_old: list[StepTransition] = []
        used: set[str] = set()
        for key, group in grouped_old.items():
            candidates = by_key.get(key)
            if not candidates:
                left_old.extend(group)
                continue
            group = sorted(group, key=lambda t: self._transition_key(t, None))
            candidates = sorted(candidates, key=lambda t: self._transition_key(None, t))
            for before, after in zip(group, candidates, strict=False):
                pairs.append((before, after))
                used.add(after.id)
            left_old.extend(group[len(candidates) :])
        left_new = [t for t in news if t.id not in used]
        return pairs, left_old, left_new

    def _transition_changes(
        self, old: StepTransition, new: StepTransition
    ) -> tuple[tuple[FieldChange, ...], bool]:
        """The fields of a transition pair that differ, and whether that is a move (a
        change of source or target: :attr:`TransitionChange.moved`)."""
        old_pair, new_pair = self.old_pair, self.new_pair
        old_source, new_source = old.source_step_id, new.source_step_id
        old_target, new_target = old.target_step_id, new.target_step_id
        out = []
        # the tokens of old_token/new_token, looked up inline (once per transition pair)
        if (old_pair.get(old_source) or old_source) != (new_pair.get(new_source) or new_source):
            out.append(FieldChange("source_step_id", old_source, new_source))
        if (old_pair.get(old_target) or old_target) != (new_pair.get(new_target) or new_target):
            out.append(FieldChange("target_step_id", old_target, new_target))
        is_move = bool(out)
        if old.label != new.label:
            out.append(FieldChange("label", old.label, new.label))
        if old.__pydantic_extra__ or new.__pydantic_extra__:  # see _step_changes
            extra = _extra_changes(old.extra_fields, new.extra_fields)
            is_move = is_move or any(c.field in _ENDS for c in extra)
            out.extend(extra)
        return tuple(out), is_move

    # -- validity -----------------------------------------------------------------------------

    def _validity(
        self, pairs: Sequence[tuple[StepTransition, StepTransition]]
    ) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]]:
        old_t: dict[str, Token] = {}
        new_t: dict[str, Token] = {}
        for before, after in pairs:
            old_t[before.id] = new_t[after.id] = (before.id, after.id)

        old_pair, new_pair = self.old_pair, self.new_pair  # old_token/new_token, inline

        def old_key(d: Diagnostic) -> tuple[object, ...]:
            steps = [old_pair.get(s) or s for s in d.step_ids]
            transitions = [old_t.get(t, (t, None)) for t in d.transition_ids]
            return (d.code, frozenset(steps), frozenset(transitions))

        def new_key(d: Diagnostic) -> tuple[object, ...]:
            steps = [new_pair.get(s) or s for s in d.step_ids]
            transitions = [new_t.get(t, (None, t)) for t in d.transition_ids]
            return (d.code, frozenset(steps), frozenset(transitions))

        old_found = sorted(iter_diagnostics(self.a, self.config), key=_diagnostic_order)
        new_found = sorted(iter_diagnostics(self.b, self.config), key=_diagnostic_order)
        return (
            _extra(new_found, new_key, old_found, old_key),
            _extra(old_found, old_key, new_found, new_key),
        )


def _diagnostic_order(d: Diagnostic) -> tuple[object, ...]:
    return (
        d.code,
        sorted(d.step_ids),
        sorted(d.transition_ids),
        d.message,
        order_key(d.location),
    )


def _extra(
    ours: Sequence[Diagnostic],
    our_key: Callable[[Diagnostic], object],
    theirs: Sequence[Diagnostic],
    their_key: Callable[[Diagnostic], object],
) -> tuple[Diagnostic, ...]:
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


# -- refs ---------------------------------------------------------------------------------------

_ENDS = ("source_step_id", "target_step_id")
"""The fields whose change makes a transition change a move."""


def _transition_ref(steps: Mapping[str, Step], t: StepTransition) -> TransitionRef:
    """``t`` as its version (whose steps are ``steps``) has it."""
    source, target = steps.get(t.source_step_id), steps.get(t.target_step_id)
    return TransitionRef(
        id=t.id,
        source_step_id=t.source_step_id,
        target_step_id=t.target_step_id,
        label=t.label,
        source_name=source.name if source is not None else None,
        target_name=target.name if target is not None else None,
    )


def _same_ref(steps: Mapping[str, Step], t: StepTransition, ref: TransitionRef) -> bool:
    """Whether ``_transition_ref(steps, t) == ref``, without building the ref (its fields
    are strings or ``None``, compared one by one as the dataclass's ``==`` does)."""
    if (
        t.id != ref.id
        or t.source_step_id != ref.source_step_id
        or t.target_step_id != ref.target_step_id
        or t.label != ref.label
    ):
        return False
    source, target = steps.get(t.source_step_id), steps.get(t.target_step_id)
    return (source.name if source is not None else None) == ref.source_name and (
        target.name if target is not None else None
    ) == ref.target_name


# -- steps ------------------------------------------------------------------------------------


def _step_ref(step: Step) -> StepRef:
    return StepRef(step.id, step.name, step.step_type)


def _step_changes(old: Step, new: Step) -> tuple[FieldChange, ...]:
    out = []
    if old.id != new.id:
        out.append(FieldChange("id", old.id, new.id))
    if old.name != new.name:
        out.append(FieldChange("name", old.name, new.name))
    if old.step_type != new.step_type:
        out.append(FieldChange("step_type", old.step_type, new.step_type))
    old_template, new_template = old.prompt_template, new.prompt_template
    if not _same_template(old_template, new_template) and old_template != new_template:
        # the fast pydantic check said they differ; now the exact one
        before, after = _template(old_template), _template(new_template)
        if before != after:
            texts = _text_diffs(old_template, new_template)
            out.append(FieldChange("prompt_template", before, after, texts))
    # extra_fields copies pydantic's dict of extras on every call: test the dicts
    # themselves first (_extra_changes of two empty dicts is empty)
    if old.__pydantic_extra__ or new.__pydantic_extra__:
        out.extend(_extra_changes(old.extra_fields, new.extra_fields))
    return tuple(out)


def _same_template(old: PromptTemplate | None, new: PromptTemplate | None) -> bool:
    """A cheaper check than pydantic's ``old == new`` that is ``True`` only when that is
    (same class, same field values, same extra fields, same private attributes): pydantic's
    ``__eq__`` makes these checks and a few more, once per step, in Python."""
    if old is None or new is None:
        return old is new
    return (
        type(old) is type(new)
        and old.__dict__ == new.__dict__
        and (old.__pydantic_extra__ or {}) == (new.__pydantic_extra__ or {})
        and getattr(old, "__pydantic_private__", None) == getattr(new, "__pydantic_private__", None)
    )


def _template(template: PromptTemplate | None) -> dict[str, Any] | None:
    return template.to_dict() if template is not None else None


def _text_diffs(old: PromptTemplate | None, new: PromptTemplate | None) -> tuple[TextDiff, ...]:
    before = dict(old.strings()) if old is not None else {}
    after = dict(new.strings()) if new is not None else {}
    return tuple(
        TextDiff(path, before.get(path), after.get(path))
        for path in sorted(before.keys() | after.keys())
        if before.get(path) != after.get(path) or (path in before) != (path in after)
    )


def _extra_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    return [
        FieldChange(key, old.get(key), new.get(key))
        for key in sorted(old.keys() | new.keys())
        if (key in old) != (key in new) or old.get(key) != new.get(key)
    ]
