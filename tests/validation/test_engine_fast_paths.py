"""The engine's fast paths pinned to their plain counterparts.

:func:`~liveflow_graph.validation.engine._stamp_all` must make exactly the diagnostics
:func:`_stamp` below (plain ``Diagnostic(...)``, the engine's former code) makes, and
:func:`~liveflow_graph.validation.engine._in_order` must order them exactly as sorting by
:func:`~liveflow_graph.validation.engine._order` (the ``order_key`` of each location)
does, including when locations mix keys and indices at one position.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.parsing import load
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from liveflow_graph.validation.engine import _default_location, _in_order, _order, _stamp_all
from liveflow_graph.validation.rules import RULES, Finding, Rule
from tests.conftest import EXAMPLES


def _stamp(rule: Rule, severity: Severity, finding: Finding, graph: FlowGraph) -> Diagnostic:
    """The diagnostic of one finding, the plain way (the engine's code before the fast path)."""
    return Diagnostic(
        code=rule.code,
        rule=rule.name,
        severity=severity,
        message=finding.message,
        location=finding.location
        if finding.location is not None
        else _default_location(finding, graph),
        step_ids=tuple(finding.step_ids),
        transition_ids=tuple(finding.transition_ids),
        flow_id=graph.flow_id,
        version_id=graph.version_id,
        extra=dict(finding.extra) if finding.extra else {},
    )


GRAPH = FlowGraph.of(load(EXAMPLES / "support-triage.json"))
STEP_IDS = [*GRAPH.steps, "missing-step"]
TRANSITION_IDS = [*GRAPH.transitions, "missing-transition"]

parts = st.one_of(st.integers(0, 3), st.sampled_from(["a", "b", "steps", "ä"]))
locations = st.lists(parts, max_size=4).map(tuple)


def _diagnostic(location: tuple[str | int, ...], steps: tuple[str, ...]) -> Diagnostic:
    return Diagnostic("LF999", "x", Severity.ERROR, "m", location=location, step_ids=steps)


@given(
    st.lists(
        st.builds(_diagnostic, locations, st.lists(st.sampled_from("pq"), max_size=2).map(tuple)),
        max_size=30,
    )
)
def test_in_order_is_the_order_key_sort(diagnostics: list[Diagnostic]) -> None:
    assert _in_order(list(diagnostics)) == sorted(diagnostics, key=_order)
    assert [d.location for d in _in_order(list(diagnostics))] == [
        d.location for d in sorted(diagnostics, key=_order)
    ]


def test_in_order_with_a_key_and_an_index_at_one_position() -> None:
    found = [_diagnostic((1,), ()), _diagnostic(("a",), ()), _diagnostic((0, "b"), ())]
    assert [d.location for d in _in_order(found)] == [("a",), (0, "b"), (1,)]


findings = st.builds(
    Finding,
    message=st.text(max_size=5),
    step_ids=st.lists(st.sampled_from(STEP_IDS), max_size=3).map(tuple)
    | st.lists(st.sampled_from(STEP_IDS), max_size=3),
    transition_ids=st.lists(st.sampled_from(TRANSITION_IDS), max_size=3).map(tuple),
    location=st.none() | locations,
    extra=st.just({}) | st.dictionaries(st.sampled_from("xy"), st.integers(), max_size=2),
    severity=st.none() | st.sampled_from(Severity),
)


@given(st.lists(findings, max_size=8), st.sampled_from(RULES), st.booleans())
def test_stamp_all_makes_what_stamp_makes(found: list[Finding], rule: object, forced: bool) -> None:
    severity = Severity.INFO
    fast = _stamp_all(rule, severity, forced, found, GRAPH)  # type: ignore[arg-type]
    plain = [
        _stamp(
            rule,  # type: ignore[arg-type]
            severity if forced or f.severity is None else f.severity,
            f,
            GRAPH,
        )
        for f in found
    ]
    assert fast == plain
    assert [(d.extra, type(d.step_ids), d.severity) for d in fast] == [
        (d.extra, type(d.step_ids), d.severity) for d in plain
    ]
