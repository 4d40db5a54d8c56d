"""Each graph rule against its documented definition, stated again on small random versions.

The oracles below are written from the rules' documentation (docs/rules.md), not from their
code: they read the raw document, build a plain ``networkx`` graph of it, and say what the
rule must report.  The versions are tiny but hit the shapes where definitions get subtle:
dangling ends, self-loops (retries), several START steps, duplicate ids and names,
unreachable islands with loops of their own.  Session and timestamp rules, and the
reference grammar (`unknown-reference-form`), are not about the graph: their fixtures and
unit tests pin them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import networkx as nx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import FlowVersion
from liveflow_graph.validation.config import Config
from liveflow_graph.validation.diagnostics import Diagnostic
from liveflow_graph.validation.engine import iter_diagnostics
from liveflow_graph.validation.rules import RULES, FlowSizeLimits

# make test-fast leaves these out (slow): hypothesis over generated versions
pytestmark = pytest.mark.slow

LIMITS = FlowSizeLimits(max_steps=4, max_path_length=3)
EVERY_RULE = Config(select=tuple(rule.code for rule in RULES), flow_size=LIMITS)
SETTINGS = settings(max_examples=250, deadline=None)

_IDS = ["a", "b", "c", "d", "e", "f"]
_NAMES = ["p", "q", "r", "start"]
_REFERENCE = re.compile(r"\$\{([a-z]+)\.result\}")
_PIECES = ["${p.result}", "${q.result}", "${r.result}", "${start.result}", "${zz.result}"]


def _step(sid: str, name: str, kind: str, text: str | None = "hi") -> dict[str, Any]:
    template = None if text is None else {"type": "text", "text": text}
    return {"id": sid, "name": name, "step_type": kind, "prompt_template": template}


def _move(tid: str, source: str, target: str, label: str | None = "next") -> dict[str, Any]:
    return {"id": tid, "source_step_id": source, "target_step_id": target, "label": label}


@st.composite
def versions(draw: st.DrawFn) -> dict[str, Any]:
    steps = draw(
        st.lists(
            st.builds(
                _step,
                st.sampled_from(_IDS),
                st.sampled_from(_NAMES),
                st.sampled_from(["START", "LLM", "LLM", "USER_INPUT", "X"]),
                st.none()
                | st.lists(st.sampled_from([*_PIECES, "hi", " "]), max_size=3).map("".join),
            ),
            max_size=7,
        )
    )
    ends = st.sampled_from([*_IDS, "zz"])  # "zz" is never a step: dangling ends
    moves = draw(
        st.lists(
            st.builds(
                _move,
                st.sampled_from([f"t{i}" for i in range(1, 10)]),
                ends,
                ends,
                st.sampled_from([None, "", "next", "retry"]),
            ),
            max_size=10,
        )
    )
    return {"id": "v", "steps": steps, "step_transitions": moves}


# the four shapes the issue names, each once for sure
_DANGLING_END = {
    "id": "v",
    "steps": [_step("a", "start", "START", ""), _step("b", "p", "LLM"), _step("c", "q", "LLM")],
    "step_transitions": [_move("t1", "a", "b"), _move("t2", "b", "c"), _move("t3", "c", "zz")],
}
_RETRY_ON_LAST_STEP = {
    "id": "v",
    "steps": [_step("a", "start", "START", ""), _step("b", "p", "LLM")],
    "step_transitions": [_move("t1", "a", "b"), _move("t2", "b", "b", "retry")],
}
_TWO_STARTS = {
    "id": "v",
    "steps": [_step("a", "start", "START", ""), _step("b", "p", "LLM"), _step("c", "q", "START")],
    "step_transitions": [_move("t1", "a", "b"), _move("t2", "c", "b")],
}
_ISLAND_WITH_A_LOOP = {
    "id": "v",
    "steps": [
        _step("a", "start", "START", ""),
        _step("b", "p", "LLM", "${start.result}"),
        _step("c", "q", "LLM", "${r.result}"),
        _step("d", "r", "LLM", "${q.result}"),
    ],
    "step_transitions": [_move("t1", "a", "b"), _move("t2", "c", "d"), _move("t3", "d", "c")],
}


# -- the document as the documentation describes it ---------------------------------------


class Version:
    """A version read as the rule docs say: the first step (transition) with an id is the
    one that counts; a transition is dangling when its source or target is not a step."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.steps: dict[str, dict[str, Any]] = {}
        for step in doc["steps"]:
            self.steps.setdefault(step["id"], step)
        self.transitions: dict[str, dict[str, Any]] = {}
        for move in doc["step_transitions"]:
            self.transitions.setdefault(move["id"], move)
        self.dangling = [
            t
            for t in self.transitions.values()
            if t["source_step_id"] not in self.steps or t["target_step_id"] not in self.steps
        ]
        self.linking = [t for t in self.transitions.values() if t not in self.dangling]
        self.g: nx.DiGraph[str] = nx.DiGraph()
        self.g.add_nodes_from(self.steps)
        self.g.add_edges_from((t["source_step_id"], t["target_step_id"]) for t in self.linking)
        self.starts = [sid for sid, s in self.steps.items() if s["step_type"] == "START"]

    def leaving(self, sid: str) -> list[dict[str, Any]]:
        """Transitions whose source is ``sid`` (dangling ones included)."""
        return [t for t in self.transitions.values() if t["source_step_id"] == sid]

    def is_end(self, sid: str) -> bool:
        """An end step: no transition leaves it for another step (a self-loop is a retry,
        a transition to a missing step leaves it)."""
        return all(t["target_step_id"] == sid for t in self.leaving(sid))

    def can_end(self, sid: str) -> bool:
        return any(self.is_end(d) for d in {sid} | nx.descendants(self.g, sid))

    def runs(self) -> set[str]:
        """Steps reachable from a START step (the START steps included)."""
        found: set[str] = set()
        for start in self.starts:
            found |= {start} | nx.descendants(self.g, start)
        return found

    def texts(self, sid: str) -> list[str]:
        template = self.steps[sid]["prompt_template"]
        return [] if template is None else [template["text"]]

    def references(self, sid: str) -> list[str]:
        return [name for text in self.texts(sid) for name in _REFERENCE.findall(text)]


def _found(doc: dict[str, Any], code: str) -> list[Diagnostic]:
    graph = FlowGraph(FlowVersion.model_validate(doc))
    return [d for d in iter_diagnostics(graph, EVERY_RULE) if d.code == code]


def _check(doc: dict[str, Any], code: str, expected: Iterable[object], key: Any) -> None:
    found = sorted(map(repr, map(key, _found(doc, code))))
    assert found == sorted(map(repr, expected)), code


def _examples(test: Any) -> Any:
    for doc in (_DANGLING_END, _RETRY_ON_LAST_STEP, _TWO_STARTS, _ISLAND_WITH_A_LOOP):
        test = example(doc)(test)
    return test


# -- structure ----------------------------------------------------------------------------


@SETTINGS
@given(versions())
@_examples
def test_start_rules(doc: dict[str, Any]) -> None:
    v = Version(doc)
    # LF101: no START step at all
    assert len(_found(doc, "LF101")) == (0 if v.starts else 1)
    # LF102: each START step after the first, with the first
    _check(doc, "LF102", [(s, v.starts[0]) for s in v.starts[1:]], lambda d: d.step_ids)
    # LF103: each transition into a START step
    into = [t["id"] for t in v.linking if t["target_step_id"] in v.starts]
    _check(doc, "LF103", into, lambda d: d.transition_ids[0])


@SETTINGS
@given(versions())
@_examples
def test_unreachable_step(doc: dict[str, Any]) -> None:
    v = Version(doc)
    expected = [sid for sid in v.steps if sid not in v.runs()] if v.starts else []
    _check(doc, "LF104", expected, lambda d: d.step_ids[0])


@SETTINGS
@given(versions())
@_examples
def test_dangling_and_duplicates(doc: dict[str, Any]) -> None:
    v = Version(doc)

    def end(t: dict[str, Any]) -> str:
        source, target = t["source_step_id"] in v.steps, t["target_step_id"] in v.steps
        return "both" if not (source or target) else "target" if source else "source"

    _check(
        doc,
        "LF105",
        [(t["id"], end(t)) for t in v.dangling],
        lambda d: (d.transition_ids[0], d.extra["missing_end"]),
    )
    later_steps = [i for i, s in enumerate(doc["steps"]) if v.steps[s["id"]] is not s]
    _check(doc, "LF106", later_steps, lambda d: d.location[-2])
    moves = doc["step_transitions"]
    later_moves = [i for i, t in enumerate(moves) if v.transitions[t["id"]] is not t]
    _check(doc, "LF107", later_moves, lambda d: d.location[-2])
    first_named: dict[str, str] = {}
    renamed = []
    for sid, step in v.steps.items():
        first = first_named.setdefault(step["name"], sid)
        if first != sid:
            renamed.append((sid, first))
    _check(doc, "LF108", renamed, lambda d: d.step_ids)
    first_move: dict[tuple[Any, ...], str] = {}
    repeats = []
    for t in v.linking:
        key = (t["source_step_id"], t["target_step_id"], t["label"])
        first = first_move.setdefault(key, t["id"])
        if first != t["id"]:
            repeats.append((t["id"], first))
    _check(doc, "LF109", repeats, lambda d: d.transition_ids)


# -- flow shape ---------------------------------------------------------------------------


@SETTINGS
@given(versions())
@_examples
def test_self_loop_and_cycle(doc: dict[str, Any]) -> None:
    v = Version(doc)
    loops = [
        (t["id"], v.is_end(t["source_step_id"]))
        for t in v.linking
        if t["source_step_id"] == t["target_step_id"]
    ]
    _check(doc, "LF201", loops, lambda d: (d.transition_ids[0], d.extra.get("retry", False)))
    components = [sorted(c) for c in nx.strongly_connected_components(v.g) if len(c) > 1]
    _check(doc, "LF202", components, lambda d: sorted(d.step_ids))


@SETTINGS
@given(versions())
@_examples
def test_no_path_to_end(doc: dict[str, Any]) -> None:
    v = Version(doc)

    def cut(sid: str) -> bool:  # every way on (besides a retry) leads to a missing step
        ways = [t for t in v.leaving(sid) if t["target_step_id"] != sid]
        return bool(ways) and all(t["target_step_id"] not in v.steps for t in ways)

    expected = []
    for sid in v.steps:
        if v.can_end(sid):
            continue
        if cut(sid):
            reason = "dangling"
        elif any(cut(d) for d in nx.descendants(v.g, sid)):
            reason = "leads-to-dangling"
        else:
            reason = "loop"
        expected.append((sid, reason))
    _check(doc, "LF203", expected, lambda d: (d.step_ids[0], d.extra["reason"]))
    # a step that is only a retry on the last step never gets an error from this rule
    for t in v.linking:
        if t["source_step_id"] == t["target_step_id"] and v.is_end(t["source_step_id"]):
            assert t["source_step_id"] not in {d.step_ids[0] for d in _found(doc, "LF203")}


@SETTINGS
@given(versions())
@_examples
def test_multiple_downstream_steps_and_ambiguous_labels(doc: dict[str, Any]) -> None:
    v = Version(doc)
    branching = [sid for sid in v.steps if len(set(v.g.successors(sid)) - {sid}) > 1]
    _check(doc, "LF204", branching, lambda d: d.step_ids[0])
    ambiguous = []
    for sid in v.steps:
        by_label: dict[str, list[dict[str, Any]]] = {}
        for t in v.linking:
            if t["source_step_id"] == sid:
                by_label.setdefault(t["label"] or "", []).append(t)
        if len(by_label) < 2:  # one label for all: no branching on labels
            continue
        for label, moves in by_label.items():
            if len({t["target_step_id"] for t in moves}) > 1:
                ambiguous.append((sid, label, sorted(t["id"] for t in moves)))
    _check(
        doc,
        "LF206",
        ambiguous,
        lambda d: (d.step_ids[0], d.extra["label"], sorted(d.transition_ids)),
    )


@SETTINGS
@given(versions())
@_examples
def test_loop_without_user_input(doc: dict[str, Any]) -> None:
    v = Version(doc)
    automatic = [sid for sid, s in v.steps.items() if s["step_type"] != "USER_INPUT"]
    sub = v.g.subgraph(automatic)
    expected = []
    for component in nx.strongly_connected_components(sub):
        if len(component) < 2:
            continue
        way_out = any(t not in component for s in component for t in v.g.successors(s))
        expected.append((sorted(component), "warning" if way_out else "error"))
    _check(doc, "LF205", expected, lambda d: (sorted(d.step_ids), d.severity.value))


@SETTINGS
@given(versions())
@_examples
def test_flow_size(doc: dict[str, Any]) -> None:
    v = Version(doc)
    # the longest path, a strongly connected component counting all of its steps once
    condensed = nx.condensation(v.g)
    longest: dict[int, int] = {}
    for node in reversed(list(nx.topological_sort(condensed))):
        size = len(condensed.nodes[node]["members"])
        longest[node] = size + max((longest[n] for n in condensed.successors(node)), default=0)
    length = max(longest.values(), default=0)
    expected = []
    if len(v.steps) > LIMITS.max_steps:
        expected.append(("steps", len(v.steps)))
    if length > LIMITS.max_path_length:
        expected.append(("path_length", length))
    _check(
        doc,
        "LF207",
        expected,
        lambda d: (
            ("steps", d.extra["steps"])
            if "steps" in d.extra
            else ("path_length", d.extra["path_length"])
        ),
    )


# -- references and prompts ---------------------------------------------------------------


def _downstream(g: nx.DiGraph[str], sid: str) -> set[str]:
    """The steps a path of transitions leads to from ``sid``: itself too when it is on a
    loop (``nx.descendants`` never includes the source)."""
    found = set(nx.descendants(g, sid))
    if any(nx.has_path(g, s, sid) for s in g.successors(sid)):
        found.add(sid)
    return found


@SETTINGS
@given(versions())
@_examples
def test_start_result_reference_and_unused_result(doc: dict[str, Any]) -> None:
    v = Version(doc)
    start_names = {v.steps[s]["name"] for s in v.starts}
    to_start = [(sid, n) for sid in v.steps for n in v.references(sid) if n in start_names]
    _check(doc, "LF304", to_start, lambda d: (d.step_ids[0], d.extra["name"]))
    runs = v.runs()
    unused = [
        sid
        for sid, step in v.steps.items()
        if step["step_type"] == "LLM"
        and not v.is_end(sid)
        and (not v.starts or sid in runs)
        and not any(step["name"] in v.references(d) for d in _downstream(v.g, sid))
    ]
    _check(doc, "LF305", unused, lambda d: d.step_ids[0])


@SETTINGS
@given(versions())
@_examples
def test_step_types_and_prompts(doc: dict[str, Any]) -> None:
    v = Version(doc)
    unknown = [
        sid for sid, s in v.steps.items() if s["step_type"] not in {"START", "LLM", "USER_INPUT"}
    ]
    _check(doc, "LF401", unknown, lambda d: d.step_ids[0])
    empty = [
        sid
        for sid, s in v.steps.items()
        if s["step_type"] == "LLM" and not any(text.strip() for text in v.texts(sid))
    ]
    _check(doc, "LF402", empty, lambda d: d.step_ids[0])
    prompted = [s for s in v.starts if any(text.strip() for text in v.texts(s))]
    _check(doc, "LF110", prompted, lambda d: d.step_ids[0])
