"""The validation report: every diagnostic, grouped by the flow version it is about.

A :class:`Report` is what :func:`liveflow_graph.validation.engine.validate` returns.  It is iterable
(diagnostics in engine order), filterable, has counts per severity, turns into the JSON
document of ``liveflow-graph validate --format json`` and shows as a table in Jupyter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from liveflow_graph._hooks import Hook
from liveflow_graph.escape import html_text
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from liveflow_graph.validation.rules import match_rules

if TYPE_CHECKING:
    from liveflow_graph.graph.flowgraph import FlowGraph
    from liveflow_graph.model.models import FlowVersion, LiveFlow, Session
    from liveflow_graph.model.payload import Payload, VersionRef

__all__ = ["Report", "VersionResult"]

_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True, slots=True)
class VersionResult:
    """The diagnostics of one flow version.

    ``path`` is the version's JSON path in its document, ``source`` the document's name
    (a file, ``<stdin>``, or ``None``); ``is_current`` says whether it is its flow's
    current version (``None`` for a version outside any flow).
    """

    flow_id: str | None
    version_id: str
    diagnostics: tuple[Diagnostic, ...] = ()
    flow_name: str | None = None
    path: str = "$"
    source: str | None = None
    is_current: bool | None = None

    @property
    def key(self) -> tuple[str | None, str]:
        """``(flow_id, version_id)``."""
        return (self.flow_id, self.version_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (see :meth:`Report.to_dict`)."""
        return {
            "flow_id": self.flow_id,
            "version_id": self.version_id,
            "source": self.source,
            "path": self.path,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


class Report:
    """The outcome of validating one or more flow versions.

    ``results`` holds one :class:`VersionResult` per flow version checked (in the order
    checked, including versions with no findings); iterating the report yields every
    diagnostic.  ``fail_on`` is the lowest severity that makes :meth:`exit_code` 1.
    """

    def __init__(
        self, results: Iterable[VersionResult] = (), *, fail_on: Severity = Severity.ERROR
    ) -> None:
        self.results: tuple[VersionResult, ...] = tuple(results)
        self.fail_on = Severity(fail_on)

    # -- the collection -----------------------------------------------------------------

    def __iter__(self) -> Iterator[Diagnostic]:
        for result in self.results:
            yield from result.diagnostics

    def __len__(self) -> int:
        return sum(len(result.diagnostics) for result in self.results)

    def __repr__(self) -> str:
        counts = ", ".join(f"{s.value}={n}" for s, n in self.counts.items())
        return f"<Report versions={len(self.results)} {counts}>"

    def __add__(self, other: Report) -> Report:
        if not isinstance(other, Report):
            return NotImplemented
        worst = min(self.fail_on, other.fail_on, key=lambda s: s.rank)
        return Report((*self.results, *other.results), fail_on=worst)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every diagnostic, in report order."""
        return tuple(self)

    @property
    def counts(self) -> dict[Severity, int]:
        """How many diagnostics of each severity (every severity present, worst first)."""
        counts = dict.fromkeys(_SEVERITIES, 0)
        for diagnostic in self:
            counts[diagnostic.severity] += 1
        return counts

    def filter(
        self,
        predicate: Callable[[Diagnostic], bool] | None = None,
        *,
        severity: Severity | str | None = None,
        min_severity: Severity | str | None = None,
        rules: Iterable[str] | None = None,
        step_id: str | None = None,
        flow_id: str | None = None,
        version_id: str | None = None,
    ) -> Report:
        """A report with only the diagnostics that match every given condition.

        ``severity``: exactly this severity; ``min_severity``: this one or worse;
        ``rules``: rule names, codes or code prefixes; ``step_id``: diagnostics involving
        this step; ``flow_id``/``version_id``: results of that flow/version only (the
        other results are dropped).  Results left without diagnostics are kept.
        """
        exact = Severity(severity) if severity is not None else None
        floor = Severity(min_severity).rank if min_severity is not None else None
        codes = {r.code for s in rules for r in match_rules(s)} if rules is not None else None

        def keep(d: Diagnostic) -> bool:
            return (
                (exact is None or d.severity == exact)
                and (floor is None or d.severity.rank >= floor)
                and (codes is None or d.code in codes)
                and (step_id is None or step_id in d.step_ids)
                and (predicate is None or predicate(d))
            )

        return Report(
            (
                replace(result, diagnostics=tuple(d for d in result.diagnostics if keep(d)))
                for result in self.results
                if (flow_id is None or result.flow_id == flow_id)
                and (version_id is None or result.version_id == version_id)
            ),
            fail_on=self.fail_on,
        )

    # -- outcome ------------------------------------------------------------------------

    def failed(self, fail_on: Severity | str | None = None) -> bool:
        """Whether any diagnostic is at or above ``fail_on`` (default: :attr:`fail_on`)."""
        floor = Severity(fail_on if fail_on is not None else self.fail_on).rank
        return any(d.severity.rank >= floor for d in self)

    def exit_code(self, fail_on: Severity | str | None = None) -> int:
        """1 when :meth:`failed`, else 0 (the CLI's exit code for this report)."""
        return 1 if self.failed(fail_on) else 0

    # -- forms --------------------------------------------------------------------------

    def summary(self) -> dict[str, int]:
        """Counts for the summary line and the JSON ``summary`` object."""
        counts = self.counts
        return {
            "flows": len({r.flow_id for r in self.results if r.flow_id is not None}),
            "versions": len(self.results),
            "diagnostics": sum(counts.values()),
            **{severity.value: count for severity, count in counts.items()},
        }

    def to_dict(self) -> dict[str, Any]:
        """``{"results": [{"flow_id", "version_id", "source", "path", "diagnostics": [...]}],
        "summary": {"flows", "versions", "diagnostics", "error", "warning", "info"}}``, each
        diagnostic in its one JSON form, :meth:`Diagnostic.to_dict` (as in diffs)."""
        return {
            "results": [result.to_dict() for result in self.results],
            "summary": self.summary(),
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON text (ends with a newline)."""
        return render_json(self)

    def to_text(self, *, color: bool = False) -> str:
        """The terminal report (see :mod:`liveflow_graph.validation.emitters.text`)."""
        return render_text(self, color=color)

    def to_sarif(self) -> dict[str, Any]:
        """The SARIF 2.1.0 log (see :mod:`liveflow_graph.validation.emitters.sarif`)."""
        return render_sarif(self)

    def to_html(
        self,
        *sources: Payload | LiveFlow | FlowVersion | Session | VersionRef | FlowGraph,
        title: str | None = None,
        max_layout_steps: int = 300,
        layout_budget: float | None = 60.0,
        backend: str = "auto",
    ) -> str:
        """A self-contained HTML page of these findings, drawn on ``sources`` (the
        documents or flows that were validated): each version's diagram with pan and
        zoom, its findings, steps, sessions, and the diffs between its flow's versions.
        Without ``sources`` the page lists the findings alone.  Graphviz lays out diagrams
        of up to ``max_layout_steps`` steps within ``layout_budget`` seconds for the page
        (``None``: no limit); the page draws bigger ones itself.  See
        :mod:`liveflow_graph.htmlreport.page`."""
        return render_html(
            self,
            sources,
            title=title,
            max_layout_steps=max_layout_steps,
            layout_budget=layout_budget,
            backend=backend,
        )

    def _repr_html_(self) -> str:
        """A table for Jupyter: one row per diagnostic, user text escaped."""
        summary = self.summary()
        counts = ", ".join(f"{summary[s.value]} {s.value}" for s in _SEVERITIES)
        head = (
            f"<p><strong>{summary['diagnostics']} finding(s)</strong> ({counts}) in "
            f"{summary['versions']} flow version(s)</p>"
        )
        if not summary["diagnostics"]:
            return head
        columns = ("severity", "code", "rule", "flow", "version", "message", "path")
        rows = []
        for result in self.results:
            flow = result.flow_name if result.flow_name is not None else result.flow_id or ""
            for d in result.diagnostics:
                cells = (d.severity.value, d.code, d.rule, flow, d.version_id or "", d.message)
                tds = "".join(f"<td>{html_text(str(c))}</td>" for c in cells)
                rows.append(f"<tr>{tds}<td><code>{html_text(d.path)}</code></td></tr>")
        ths = "".join(f"<th>{c}</th>" for c in columns)
        return f"{head}<table><thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


# The emitters (a layer above this module) implement these; see liveflow_graph._hooks.
_PROTOTYPE = "a prototype: the hook calls its implementation"


@Hook
def render_text(report: Report, *, color: bool = False) -> str:
    """The terminal report (:mod:`liveflow_graph.validation.emitters.text`)."""
    raise AssertionError(_PROTOTYPE)


@Hook
def render_json(report: Report) -> str:
    """The JSON report (:mod:`liveflow_graph.validation.emitters.json`)."""
    raise AssertionError(_PROTOTYPE)


@Hook
def render_sarif(report: Report, *, texts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The SARIF 2.1.0 log (:mod:`liveflow_graph.validation.emitters.sarif`)."""
    raise AssertionError(_PROTOTYPE)


@Hook
def render_html(
    report: Report,
    sources: Sequence[Payload | LiveFlow | FlowVersion | Session | VersionRef | FlowGraph] = (),
    *,
    title: str | None = None,
    max_layout_steps: int = 300,
    layout_budget: float | None = 60.0,
    backend: str = "auto",
) -> str:
    """The HTML report page (:mod:`liveflow_graph.htmlreport.page`)."""
    raise AssertionError(_PROTOTYPE)
