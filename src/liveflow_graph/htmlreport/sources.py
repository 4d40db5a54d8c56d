"""What a report page shows: the flow versions of its inputs, grouped by flow, oldest first.

Any mix of documents and objects goes in (payloads, flows, versions, sessions, version refs,
flow graphs); :func:`collect_flows` returns one :class:`FlowEntry` per flow, each with its
versions as :class:`VersionEntry` records in time order (``created_at``, the current version
last among equals).  A version seen twice (the same flow and version id, in two files) is
kept once, as first seen.  Findings come from a validation report when one is given, else
from running the validator on each version.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.models import FlowVersion, LiveFlow, Session
from liveflow_graph.model.payload import Payload, VersionRef
from liveflow_graph.validation.config import Config
from liveflow_graph.validation.diagnostics import Diagnostic
from liveflow_graph.validation.engine import iter_diagnostics
from liveflow_graph.validation.report import Report

__all__ = ["FlowEntry", "Source", "VersionEntry", "collect_flows"]

Source = Payload | LiveFlow | FlowVersion | Session | VersionRef | FlowGraph
"""What a report page accepts as input."""

_EPOCH = datetime.min.replace(tzinfo=UTC)


@dataclass(slots=True)
class VersionEntry:
    """One flow version on the page.

    ``findings`` is ``None`` when the version was not validated (a report was given that
    does not cover it)."""

    graph: FlowGraph
    source: str | None
    is_current: bool
    position: int
    findings: tuple[Diagnostic, ...] | None = None

    @property
    def created_at(self) -> datetime | None:
        """When the version was created (UTC; ``None`` when the payload does not say)."""
        stamp = self.graph.version.created_at
        if stamp is not None and stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=UTC)
        return stamp


@dataclass(slots=True)
class FlowEntry:
    """One flow on the page: its name (``None`` for versions outside any flow document),
    id, and versions oldest first."""

    flow_id: str | None
    name: str | None
    versions: list[VersionEntry] = field(default_factory=list)


def collect_flows(
    sources: Sequence[Source], *, report: Report | None = None, config: Config | None = None
) -> list[FlowEntry]:
    """The flows of ``sources``, in order of first appearance, each with its versions
    oldest first; findings from ``report`` when given (versions it does not cover get
    ``None``), else from validating each version under ``config``."""
    flows: dict[str | None, FlowEntry] = {}
    seen: set[tuple[str | None, str]] = set()
    position = 0
    for graph, source, is_current in _graphs(sources):
        key = (graph.flow_id, graph.version_id)
        if key in seen:
            continue
        seen.add(key)
        entry = flows.get(graph.flow_id)
        if entry is None:
            name = graph.flow.name if graph.flow is not None else None
            entry = flows[graph.flow_id] = FlowEntry(graph.flow_id, name)
        elif entry.name is None and graph.flow is not None:
            entry.name = graph.flow.name
        entry.versions.append(VersionEntry(graph, source, is_current, position))
        position += 1
    found = _report_findings(report) if report is not None else None
    for entry in flows.values():
        entry.versions.sort(key=_time_order)
        for version in entry.versions:
            if found is not None:
                version.findings = found.get((version.graph.flow_id, version.graph.version_id))
            else:
                version.findings = tuple(iter_diagnostics(version.graph, config))
    return list(flows.values())


def _time_order(version: VersionEntry) -> tuple[datetime, bool, int]:
    return (version.created_at or _EPOCH, version.is_current, version.position)


def _report_findings(report: Report) -> dict[tuple[str | None, str], tuple[Diagnostic, ...]]:
    found: dict[tuple[str | None, str], tuple[Diagnostic, ...]] = {}
    for result in report.results:
        found[result.key] = found.get(result.key, ()) + result.diagnostics
    return found


def _graphs(sources: Iterable[Source]) -> Iterator[tuple[FlowGraph, str | None, bool]]:
    """Each flow version of ``sources`` as a graph with its source name and whether it is
    its flow's current version."""
    for item in sources:
        if isinstance(item, Payload):
            for ref in item.versions():
                yield FlowGraph.of(ref), item.source, ref.is_current
        elif isinstance(item, LiveFlow):
            for ref in item.versions().values():
                yield FlowGraph.of(ref), None, ref.is_current
        elif isinstance(item, VersionRef):
            yield FlowGraph.of(item), None, item.is_current
        elif isinstance(item, FlowGraph):
            current = item.flow is not None and item.flow.current_version.id == item.version_id
            yield item, None, current
        elif isinstance(item, FlowVersion):
            yield FlowGraph(item), None, False
        elif isinstance(item, Session):
            if item.flow_version is not None:
                yield FlowGraph.of(item), None, False
        else:
            raise TypeError(
                "a report takes payloads, live flows, flow versions, sessions, version refs "
                f"or flow graphs, not {type(item).__name__}"
            )
