"""What every rule module shares: the :class:`Finding` a rule yields and the
:class:`Context` it reads.

A rule is a pure function ``check(ctx) -> Iterable[Finding]``.  It says only what it
knows (a message and the ids involved, sometimes a more precise location); the engine
stamps the code, name, severity, flow id, version id and, when the rule gives none, the
location of the first transition or step involved.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Any, NamedTuple

from liveflow_graph.escape import NAME_LIMIT, clean_text, truncate
from liveflow_graph.graph.algorithms import reachable
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.jsonpath import JSONPath
from liveflow_graph.model.models import StepType
from liveflow_graph.model.references import (
    Reference,
    StepReferences,
    UnknownReference,
    add_result_names,
    result_names,
    result_offsets,
    step_references,
    usual_result_names,
)
from liveflow_graph.validation.diagnostics import Severity

__all__ = ["Check", "Closest", "Context", "Finding", "FlowSizeLimits", "quote"]


class Finding(NamedTuple):
    """What a rule found: a message, the ids involved (most relevant first), optionally
    the location of the exact place, extra data for machine consumers, and a severity for
    a rule whose findings differ in how serious they are (used unless the configuration
    sets the rule's severity; ``None``: the rule's).

    Immutable.  A named tuple rather than a frozen dataclass because a rule may yield
    thousands and a frozen dataclass takes about three times as long to make (each field
    goes through ``object.__setattr__``); construction by keyword and reading by name are
    the same.  ``extra`` defaults to an empty read-only mapping shared by all findings."""

    message: str
    step_ids: tuple[str, ...] = ()
    transition_ids: tuple[str, ...] = ()
    location: JSONPath | None = None
    extra: Mapping[str, Any] = MappingProxyType({})
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class FlowSizeLimits:
    """The limits `flow-size` checks: at most ``max_steps`` steps, and no path through
    more than ``max_path_length`` steps (``[tool.liveflow-graph.flow-size]``)."""

    max_steps: int = 100
    max_path_length: int = 50


Check = Callable[["Context"], Iterable[Finding]]
"""The signature of a rule's ``check`` function."""


def quote(text: str) -> str:
    """``text`` as a single-line, length-limited, quoted name for a message."""
    return "'" + truncate(clean_text(text).replace("\n", " "), NAME_LIMIT) + "'"


class Closest:
    """The word of ``words`` most like a given one (``difflib``'s ratio, at least
    ``cutoff``), for "did you mean" suggestions.

    With up to :attr:`EXACT` words, every one is compared.  With more, only the words
    that share a :attr:`PIECE`-character piece with the given one at its start, middle or
    end (each taken at two or three neighbouring offsets, so that one inserted or deleted
    character still lines up) are; a piece held by more than :attr:`COMMON` words is
    skipped (it tells nothing apart).  A suggestion then costs about the same on a
    20,000-step flow as on a small one, and a word one typo away from a step id is still
    found (a hypothesis test checks it on uuids); with many names that differ only in a
    few characters, it may find none."""

    EXACT = 500
    PIECE = 4
    COMMON = 50

    def __init__(self, words: Iterable[str], cutoff: float) -> None:
        self.words = list(dict.fromkeys(words))
        self.cutoff = cutoff
        self._pieces: dict[tuple[int, str], list[str]] | None = None
        self._memo: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        if word not in self._memo:
            candidates = self.words if len(self.words) <= self.EXACT else self._shortlist(word)
            close = difflib.get_close_matches(word, candidates, n=1, cutoff=self.cutoff)
            self._memo[word] = close[0] if close else None
        return self._memo[word]

    def _shortlist(self, word: str) -> list[str]:
        if self._pieces is None:
            self._pieces = {}
            for known in self.words:
                for piece in self._cut(known):
                    self._pieces.setdefault(piece, []).append(known)
        found: dict[str, None] = {}
        for piece in self._cut(word):
            holders = self._pieces.get(piece, ())
            if len(holders) <= self.COMMON:
                found.update(dict.fromkeys(holders))
        return list(found)

    def _cut(self, word: str) -> set[tuple[int, str]]:
        """The pieces of ``word`` at its start, middle and end, tagged with which."""
        size = self.PIECE
        middle = max(len(word) - size, 0) // 2
        return {
            *((0, word[i : i + size]) for i in (0, 1)),
            *((1, word[i : i + size]) for i in (middle - 1, middle, middle + 1) if i >= 0),
            *((2, word[max(len(word) - size - i, 0) : len(word) - i]) for i in (0, 1)),
        }


class Context:
    """One flow version as the rules see it: the cached graph plus what is derived from it
    once and shared (references, the known step types).

    ``session_locations``, when given (and one per session), are used instead of the
    graph's own :attr:`~liveflow_graph.graph.flowgraph.FlowGraph.session_locations`;
    ``flow_size`` the limits `flow-size` checks (the defaults of :class:`FlowSizeLimits`)."""

    def __init__(
        self,
        graph: FlowGraph,
        *,
        extra_step_types: Iterable[str] = (),
        session_locations: Sequence[JSONPath] | None = None,
        flow_size: FlowSizeLimits | None = None,
    ) -> None:
        self.graph = graph
        self.flow_size = flow_size if flow_size is not None else FlowSizeLimits()
        self.known_step_types: frozenset[str] = frozenset(
            {*(t.value for t in StepType), *extra_step_types}
        )
        self._session_locations = session_locations
        self._labels: dict[str, str] = {}
        self._full: dict[str, StepReferences] = {}
        self._results: dict[str, tuple[Reference, ...]] = {}
        # steps whose one-string template holds only usual forms -> their result names
        self._usual: dict[str, tuple[str, ...]] = {}
        self._offsets: dict[str, tuple[JSONPath, str, list[int]]] = {}

    def step(self, step_id: str) -> str:
        """``'name' (id)`` of an existing step, or ``'id'`` when there is no such step
        (memoised: messages name the same steps again and again)."""
        label = self._labels.get(step_id)
        if label is None:
            found = self.graph.steps.get(step_id)
            if found is None:
                label = quote(step_id)
            elif (
                len(found.name) <= NAME_LIMIT and found.name.isprintable() and step_id.isprintable()
            ):
                label = f"'{found.name}' ({step_id})"  # what the general case gives, faster
            else:
                label = f"{quote(found.name)} ({clean_text(step_id)})"
            self._labels[step_id] = label
        return label

    def step_references(self, step_id: str) -> StepReferences:
        """The full references of one step, with paths and offsets (memoised)."""
        refs = self._full.get(step_id)
        if refs is None:
            step = self.graph.steps[step_id]
            refs = self._full[step_id] = step_references(step, self.graph.step_location(step_id))
        return refs

    def result_reference(self, step_id: str, ordinal: int) -> Reference:
        """The ``ordinal``-th ``${name.result}`` of a step (see :attr:`result_names`).

        Memoised per step: a prompt with thousands of references asks for each of them.
        A prompt of usual forms only (most) is not scanned again: the offsets of its
        result references are found with ``str.find`` (:func:`result_offsets`), and only
        the references asked for are built."""
        names = self._usual.get(step_id)
        if names is None:
            results = self._results.get(step_id)
            if results is None:
                results = self._results[step_id] = self.step_references(step_id).results
            return results[ordinal]
        spot = self._offsets.get(step_id)
        if spot is None:
            template = self.graph.steps[step_id].prompt_template
            extra = template.__pydantic_extra__ if template is not None else None
            ((key, text),) = (extra or {}).items()  # one string: _scan saw it
            where = (*self.graph.step_location(step_id), "prompt_template", key)
            spot = self._offsets[step_id] = (where, text, result_offsets(text, names))
        where, text, offsets = spot
        name = names[ordinal]
        return Reference("result", name, f"${{{name}.result}}", where, offsets[ordinal])

    @cached_property
    def _scan(
        self,
    ) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...], frozenset[str]]:
        """``(result_names, the steps with a form not understood, every name referenced)``:
        one pass over the prompts, each string read once.  A template holding one string
        (``{"type": "text", "text": ...}``, the usual shape) is read directly, and a
        string without ``${`` costs one substring test."""
        with_results: list[tuple[str, tuple[str, ...]]] = []
        odd_steps: list[str] = []
        referenced: set[str] = set()
        usual = self._usual
        for step_id, step in self.graph.steps.items():
            template = step.prompt_template
            if template is None:
                continue
            extra = template.__pydantic_extra__
            if not extra:
                continue
            if len(extra) == 1:
                (text,) = extra.values()
                if type(text) is not str:
                    found, odd = result_names(template)
                elif "${" not in text:
                    continue
                else:
                    names = usual_result_names(text)
                    if names is not None:
                        if names:
                            with_results.append((step_id, names))
                            referenced.update(names)
                            usual[step_id] = names
                        continue
                    found = []
                    odd = add_result_names(text, found)
            else:
                found, odd = result_names(template)
            if found:
                with_results.append((step_id, tuple(found)))
                referenced.update(found)
            if odd:
                odd_steps.append(step_id)
        return tuple(with_results), tuple(odd_steps), frozenset(referenced)

    @property
    def result_names(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``(step id, names)`` for every step whose prompt has ``${name.result}``
        references, in document order; the reference behind ``names[k]`` is
        :meth:`result_reference` ``(step_id, k)``.  Computed once, without building a
        :class:`Reference` per reference (rules only need those for what they report)."""
        return self._scan[0]

    @property
    def referenced_names(self) -> frozenset[str]:
        """Every name of :attr:`result_names`: a rule that looks for some names (missing
        ones, START steps') first asks whether there are any."""
        return self._scan[2]

    @property
    def unknown_references(self) -> Iterator[tuple[str, UnknownReference]]:
        """``(step id, reference)`` of every form that is not understood, in document order."""
        for step_id in self._scan[1]:
            for odd in self.step_references(step_id).unknown:
                yield step_id, odd

    @cached_property
    def start_names(self) -> dict[str, str]:
        """The first START step's id for each name a START step has."""
        names: dict[str, str] = {}
        for step_id in self.graph.start_step_ids:
            names.setdefault(self.graph.steps[step_id].name, step_id)
        return names

    # -- how a flow ends (shared by no-path-to-end, self-loop and unused-result) -----------

    @cached_property
    def dangling_exits(self) -> dict[str, tuple[str, ...]]:
        """Step id -> the ids of the dangling transitions that leave it (their source
        exists, their target does not), in document order."""
        exits: dict[str, list[str]] = {}
        for dangling in self.graph.dangling:
            if dangling.missing_target and not dangling.missing_source:
                transition = dangling.transition
                exits.setdefault(transition.source_step_id, []).append(transition.id)
        return {step_id: tuple(ids) for step_id, ids in exits.items()}

    @cached_property
    def end_steps(self) -> frozenset[str]:
        """The steps where a session can finish: no transition leaves them for another
        step.  A self-loop does not count (read as a retry, it repeats the step while its
        label's condition holds; see `self-loop`), a transition to a missing step does (it
        is a way on that leads nowhere, so the step cannot end the flow normally)."""
        exits = self.dangling_exits
        # ``targets`` is keyed by target: "only itself, or nothing" is one of two sizes
        return frozenset(
            [
                step_id
                for step_id, targets in self.graph.adjacency.items()
                if (not targets or (len(targets) == 1 and step_id in targets))
                and step_id not in exits
            ]
        )

    @cached_property
    def reaches_end(self) -> frozenset[str]:
        """The steps from which some end step (:attr:`end_steps`) can be reached."""
        return frozenset(reachable(self.end_steps, self.graph.reverse_adjacency))

    @cached_property
    def session_locations(self) -> tuple[JSONPath, ...]:
        """The place of each of ``graph.sessions`` (same order)."""
        given = self._session_locations
        if given is not None and len(given) == len(self.graph.sessions):
            return tuple(given)
        return self.graph.session_locations
