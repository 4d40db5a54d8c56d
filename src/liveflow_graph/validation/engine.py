"""The validation engine: runs the rules over flow versions.

:func:`iter_diagnostics` is the one primitive: it lazily yields the diagnostics of one
flow version.  :func:`validate` (a :class:`~liveflow_graph.validation.report.Report`),
:func:`is_valid` and the ``liveflow-graph validate`` command are all built on it, so they agree by
construction.

Order (deterministic): rules run in code order (``LF101``, ``LF102``, ...); one rule's
diagnostics are sorted by location (part by part: keys as text, array indices as numbers;
see :func:`~liveflow_graph.model.jsonpath.order_key`), then step ids, then transition
ids.  A rule that raises does not stop the run: its findings so far are kept and an
``LF000 internal-error`` diagnostic follows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter

from liveflow_graph.gc_pause import paused_gc
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.jsonpath import JSONPath, order_key, parse
from liveflow_graph.model.models import FlowVersion, LiveFlow, Session
from liveflow_graph.model.payload import Payload, VersionRef
from liveflow_graph.validation.config import Config
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from liveflow_graph.validation.report import Report, VersionResult
from liveflow_graph.validation.rules import INTERNAL_ERROR, Context, Finding, Rule

__all__ = ["Validatable", "is_valid", "iter_diagnostics", "validate"]

Validatable = Payload | LiveFlow | FlowVersion | Session | VersionRef | FlowGraph
"""What :func:`validate` and :func:`is_valid` accept."""

_DEFAULT = Config()


def iter_diagnostics(
    graph: FlowGraph,
    config: Config | None = None,
    *,
    session_paths: Sequence[str] | None = None,
) -> Iterator[Diagnostic]:
    """Lazily yield the diagnostics of one flow version (order: see the module docstring).

    ``session_paths``, when given, are the JSON paths of ``graph.sessions`` to report
    instead of the graph's own
    :attr:`~liveflow_graph.graph.flowgraph.FlowGraph.session_locations`.
    """
    config = config if config is not None else _DEFAULT
    ctx = Context(
        graph,
        extra_step_types=config.extra_step_types,
        session_locations=None if session_paths is None else [parse(p) for p in session_paths],
        flow_size=config.flow_size,
    )
    dropped = _Ignores(config, graph) if config.has_ignores else None
    for rule in config.enabled_rules:
        check = rule.check
        if check is None or (dropped is not None and rule.code in dropped.whole_flow):
            continue
        findings: list[Finding] = []
        crash: Exception | None = None
        try:
            findings.extend(check(ctx))
        except Exception as error:  # a crashing rule is a diagnostic, not a traceback
            crash = error
        override = config.severity_override(rule)
        severity = rule.severity if override is None else override
        if dropped is not None:
            findings = [f for f in findings if not dropped.drops(rule.code, f)]
        yield from _in_order(_stamp_all(rule, severity, override is not None, findings, graph))
        if crash is not None and not config.is_ignored(INTERNAL_ERROR):
            yield _internal_error(rule, crash, graph, config.severity_of(INTERNAL_ERROR))


def validate(
    obj: Validatable, *, config: Config | None = None, all_versions: bool = False
) -> Report:
    """Check ``obj`` and return the :class:`~liveflow_graph.validation.report.Report`.

    A :class:`Payload` or :class:`LiveFlow`: each flow's current version (every version
    its sessions ran on too, with ``all_versions``); a bare :class:`FlowVersion` or
    :class:`FlowGraph`: that version; a :class:`Session`: the version it ran on; a
    :class:`VersionRef`: that version with its sessions.  Sessions without a
    ``flow_version`` have nothing to check and are skipped.
    """
    config = config if config is not None else _DEFAULT
    with paused_gc():  # many small objects, no cycles: see liveflow_graph.gc_pause
        results = [
            VersionResult(
                flow_id=target.graph.flow_id,
                version_id=target.graph.version_id,
                diagnostics=tuple(iter_diagnostics(target.graph, config)),
                flow_name=target.graph.flow.name if target.graph.flow is not None else None,
                path=target.graph.path,
                source=target.source,
                is_current=target.is_current,
            )
            for target in _targets(obj, all_versions=all_versions)
        ]
    return Report(results, fail_on=config.fail_on)


def is_valid(
    obj: Validatable,
    *,
    config: Config | None = None,
    all_versions: bool = False,
    fail_on: Severity | str | None = None,
) -> bool:
    """Whether :func:`validate` would find nothing at or above ``fail_on`` (default: the
    config's ``fail_on``, ``error``).  Stops at the first such diagnostic."""
    config = config if config is not None else _DEFAULT
    floor = Severity(fail_on if fail_on is not None else config.fail_on).rank
    return not any(
        diagnostic.severity.rank >= floor
        for target in _targets(obj, all_versions=all_versions)
        for diagnostic in iter_diagnostics(target.graph, config)
    )


class _Ignores:
    """The per-flow and per-step ignores of ``config`` that apply to one flow version."""

    def __init__(self, config: Config, graph: FlowGraph) -> None:
        name = graph.flow.name if graph.flow is not None else None
        self.whole_flow = config.flow_ignores(graph.flow_id, name)
        steps = ((step.id, step.name) for step in graph.version.steps)
        self.by_step = config.step_ignores(graph.flow_id, name, steps)

    def drops(self, code: str, finding: Finding) -> bool:
        """Whether a per-step ignore of any step ``finding`` involves names ``code``."""
        by_step = self.by_step
        return any(code in by_step.get(step_id, ()) for step_id in finding.step_ids)


# -- targets ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Target:
    graph: FlowGraph
    source: str | None = None
    is_current: bool | None = None


def _targets(obj: Validatable, *, all_versions: bool) -> Iterator[_Target]:
    if isinstance(obj, Payload):
        yield from _refs(obj.versions(), all_versions, obj.source)
    elif isinstance(obj, LiveFlow):
        history = obj.versions().values()  # oldest first: check the current one first
        yield from _refs(sorted(history, key=lambda ref: not ref.is_current), all_versions, None)
    elif isinstance(obj, VersionRef):
        yield from _refs([obj], True, None)
    elif isinstance(obj, FlowGraph):
        yield _Target(obj)
    elif isinstance(obj, FlowVersion):
        yield _Target(FlowGraph(obj))
    elif isinstance(obj, Session):
        if obj.flow_version is not None:
            yield _Target(FlowGraph.of(obj))
    else:
        raise TypeError(
            "validate() takes a Payload, LiveFlow, FlowVersion, Session, VersionRef or "
            f"FlowGraph, not {type(obj).__name__}"
        )


def _refs(refs: Iterable[VersionRef], all_versions: bool, source: str | None) -> Iterator[_Target]:
    for ref in refs:
        if ref.flow is not None and not ref.is_current and not all_versions:
            continue
        yield _Target(
            FlowGraph.of(ref),
            source=source,
            is_current=ref.is_current if ref.flow is not None else None,
        )


# -- stamping -----------------------------------------------------------------------------


def _stamp_all(
    rule: Rule, severity: Severity, forced: bool, findings: list[Finding], graph: FlowGraph
) -> list[Diagnostic]:
    """The diagnostics of one rule's findings (a finding's own severity wins unless the
    configuration ``forced`` the rule's), with what is the same for all of them looked up
    once and the engine's constructor (a test pins it to the plain ``Diagnostic(...)``)."""
    code, name = rule.code, rule.name
    flow_id, version_id = graph.flow_id, graph.version_id
    make = Diagnostic._stamped
    out: list[Diagnostic] = []
    append = out.append
    for finding in findings:
        step_ids = finding.step_ids
        transition_ids = finding.transition_ids
        extra = finding.extra
        location = finding.location
        append(
            make(
                code,
                name,
                severity if forced or finding.severity is None else finding.severity,
                finding.message,
                location if location is not None else _default_location(finding, graph),
                step_ids if type(step_ids) is tuple else tuple(step_ids),
                transition_ids if type(transition_ids) is tuple else tuple(transition_ids),
                flow_id,
                version_id,
                dict(extra) if extra else {},
            )
        )
    return out


def _default_location(finding: Finding, graph: FlowGraph) -> JSONPath:
    """The first transition's location, else the first step's, else the version's."""
    for transition_id in finding.transition_ids[:1]:
        if transition_id in graph.transitions:
            return graph.transition_location(transition_id)
    for step_id in finding.step_ids[:1]:
        if step_id in graph.steps:
            return graph.step_location(step_id)
    return graph.location


def _internal_error(
    rule: Rule, error: Exception, graph: FlowGraph, severity: Severity
) -> Diagnostic:
    detail = str(error).splitlines()[0][:200] if str(error) else ""
    what = type(error).__name__ + (f": {detail}" if detail else "")
    return Diagnostic(
        code=INTERNAL_ERROR.code,
        rule=INTERNAL_ERROR.name,
        severity=severity,
        message=f"rule {rule.name} ({rule.code}) crashed: {what}; its findings may be missing",
        location=graph.location,
        flow_id=graph.flow_id,
        version_id=graph.version_id,
        extra={"crashed_rule": rule.code, "exception": type(error).__name__},
    )


def _order(diagnostic: Diagnostic) -> tuple[object, ...]:
    return (order_key(diagnostic.location), diagnostic.step_ids, diagnostic.transition_ids)


_PLAIN_ORDER = attrgetter("location", "step_ids", "transition_ids")


def _in_order(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` sorted by :func:`_order`.

    Locations are first compared as they are, by a key made in C: where two compared
    locations hold a key and an index at the same position that raises ``TypeError``, and
    only then is :func:`~liveflow_graph.model.jsonpath.order_key` built for each.  When no
    comparison mixes the two, every comparison has the same outcome under both keys, so
    the result is the same (a hypothesis test pins it)."""
    if len(diagnostics) < 2:
        return diagnostics
    try:
        return sorted(diagnostics, key=_PLAIN_ORDER)
    except TypeError:
        return sorted(diagnostics, key=_order)
