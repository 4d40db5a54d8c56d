"""The validation report: every diagnostic, grouped by the flow version it is about.

A :class:`Report` is what :func:`liveflow_graph.validation.engine.validate` returns.  It is iterable
(diagnostics in engine order), filterable, has counts per severity, turns into the JSON
document of ``liveflow-graph validate --format json`` and shows as a table in Jupyter.

A report of files (the command line's) also holds the inputs that could not be read or
parsed, as :class:`InputFailure` s whose findings are ``LF001 input-error``, and knows
where each finding is in its file (:meth:`Report.with_positions`), so that every output
form names the same ``FILE:LINE:COL``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from liveflow_graph._hooks import Hook
from liveflow_graph.errors import (
    InvalidJSONError,
    LiveFlowError,
    PayloadTooDeepError,
    SchemaError,
)
from liveflow_graph.escape import html_text
from liveflow_graph.model.jsonpath import ROOT, ROOT_PATH
from liveflow_graph.model.positions import Spot, locate_spots
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from liveflow_graph.validation.documents import (
    REPORT_SCHEMA_VERSION,
    FindingDict,
    InputFailureDict,
    ReportDict,
    SummaryDict,
    VersionResultDict,
)
from liveflow_graph.validation.located import Located, locate_findings, spot
from liveflow_graph.validation.rules import input_error, match_rules

if TYPE_CHECKING:
    from liveflow_graph.graph.flowgraph import FlowGraph
    from liveflow_graph.model.models import FlowVersion, LiveFlow, Session
    from liveflow_graph.model.payload import Payload, VersionRef

__all__ = ["SEVERITY_HTML_COLORS", "InputFailure", "Report", "VersionResult"]

Positions = Mapping[Spot, tuple[int, int]]
"""Where the findings of a result are in its source: ``{spot: (line, column)}``."""

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
    positions: Positions = field(default_factory=dict, compare=False, repr=False)
    """Line and column of the findings in :attr:`source` (see :meth:`Report.with_positions`)."""

    @property
    def key(self) -> tuple[str | None, str]:
        """``(flow_id, version_id)``."""
        return (self.flow_id, self.version_id)

    def to_dict(self) -> VersionResultDict:
        """The JSON form (see :meth:`Report.to_dict`)."""
        located = locate_findings([(self.source, self.diagnostics, self.positions)])
        return _result_dict(self, [_finding_dict(f) for f in located])


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that could not be read or parsed, as findings of the ``input-error`` rule
    (``LF001``): one per problem (every schema problem of a document, not only the first),
    each at the JSON path it is about when there is one."""

    source: str | None
    diagnostics: tuple[Diagnostic, ...]
    positions: Positions = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_error(
        cls, error: LiveFlowError, *, source: str | None = None, text: str | None = None
    ) -> InputFailure:
        """The failure ``error`` describes; ``text`` (the input's text, when it was read)
        places its findings on lines."""
        where = source if source is not None else error.source
        details = (
            [(d.path, d.message) for d in error.errors]
            if isinstance(error, SchemaError)
            else [(error.path or ROOT_PATH, error.message)]
        )
        diagnostics = tuple(
            Diagnostic(
                input_error.CODE,
                input_error.NAME,
                input_error.SEVERITY,
                message,
                path,
                extra={"error": type(error).__name__},
            )
            for path, message in details
        )
        positions: dict[Spot, tuple[int, int]] = {}
        if isinstance(error, InvalidJSONError):
            positions[(ROOT, None)] = (error.line, error.column)
        elif text is not None and (isinstance(error, (SchemaError, PayloadTooDeepError))):
            positions.update(_nearest_positions(text, diagnostics))
        return cls(where, diagnostics, positions)

    def to_dict(self) -> InputFailureDict:
        """The JSON form (see :meth:`Report.to_dict`)."""
        located = locate_findings([(self.source, self.diagnostics, self.positions)])
        return {"source": self.source, "diagnostics": [_finding_dict(f) for f in located]}


class Report:
    """The outcome of validating one or more flow versions.

    ``results`` holds one :class:`VersionResult` per flow version checked (in the order
    checked, including versions with no findings); ``failures`` one :class:`InputFailure`
    per input that could not be read or parsed (a report of files); iterating the report
    yields every diagnostic, those of the failures first.  ``fail_on`` is the lowest
    severity that makes :meth:`exit_code` 1; ``baselined`` counts the findings a baseline
    hid (see :mod:`~liveflow_graph.validation.baseline`).
    """

    def __init__(
        self,
        results: Iterable[VersionResult] = (),
        *,
        fail_on: Severity = Severity.ERROR,
        failures: Iterable[InputFailure] = (),
        baselined: int = 0,
    ) -> None:
        self.results: tuple[VersionResult, ...] = tuple(results)
        self.failures: tuple[InputFailure, ...] = tuple(failures)
        self.fail_on = Severity(fail_on)
        self.baselined = baselined

    # -- the collection -----------------------------------------------------------------

    def __iter__(self) -> Iterator[Diagnostic]:
        for failure in self.failures:
            yield from failure.diagnostics
        for result in self.results:
            yield from result.diagnostics

    def __len__(self) -> int:
        return sum(len(f.diagnostics) for f in self.failures) + sum(
            len(result.diagnostics) for result in self.results
        )

    def __repr__(self) -> str:
        counts = ", ".join(f"{s.value}={n}" for s, n in self.counts.items())
        return f"<Report versions={len(self.results)} {counts}>"

    def __add__(self, other: Report) -> Report:
        if not isinstance(other, Report):
            return NotImplemented
        worst = min(self.fail_on, other.fail_on, key=lambda s: s.rank)
        return Report(
            (*self.results, *other.results),
            fail_on=worst,
            failures=(*self.failures, *other.failures),
            baselined=self.baselined + other.baselined,
        )

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

        whole_files = flow_id is None and version_id is None
        return Report(
            (
                replace(result, diagnostics=tuple(d for d in result.diagnostics if keep(d)))
                for result in self.results
                if (flow_id is None or result.flow_id == flow_id)
                and (version_id is None or result.version_id == version_id)
            ),
            fail_on=self.fail_on,
            failures=(
                replace(failure, diagnostics=tuple(d for d in failure.diagnostics if keep(d)))
                for failure in (self.failures if whole_files else ())
            ),
            baselined=self.baselined,
        )

    # -- places -------------------------------------------------------------------------

    def with_positions(
        self, texts: Mapping[str, str] | None = None, *, read_files: bool = True
    ) -> Report:
        """This report with the line and column of every finding in its source: the text
        of a source is taken from ``texts`` (``{source: JSON text}``), else read from the
        file it names when ``read_files``; results that already know theirs keep them."""
        texts = texts or {}
        wanted: defaultdict[str, set[Spot]] = defaultdict(set)
        for result in self.results:
            if result.source is not None and result.diagnostics and not result.positions:
                wanted[result.source].update(spot(d) for d in result.diagnostics)
        found: dict[str, Positions] = {}
        for source, spots in wanted.items():
            text = texts.get(source)
            if text is None and read_files:
                text = _read_text(source)
            if text is not None:
                found[source] = locate_spots(text, spots)
        if not found:
            return self
        return Report(
            (
                replace(r, positions=found[r.source])
                if r.source in found and not r.positions
                else r
                for r in self.results
            ),
            fail_on=self.fail_on,
            failures=self.failures,
            baselined=self.baselined,
        )

    def located(self) -> list[Located]:
        """Every finding with its source, line, column and fingerprint, in report order
        (positions as :meth:`with_positions` gave them; ``None`` where unknown)."""
        return locate_findings(
            [
                *((f.source, f.diagnostics, f.positions) for f in self.failures),
                *((r.source, r.diagnostics, r.positions) for r in self.results),
            ]
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

    def summary(self) -> SummaryDict:
        """Counts for the summary line and the JSON ``summary`` object."""
        counts = self.counts
        return {
            "flows": len({r.flow_id for r in self.results if r.flow_id is not None}),
            "versions": len(self.results),
            "diagnostics": sum(counts.values()),
            "error": counts[Severity.ERROR],
            "warning": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
            "inputs_failed": len(self.failures),
            "baselined": self.baselined,
        }

    def to_dict(self) -> ReportDict:
        """The JSON report, schema version 1 (its JSON Schema:
        :data:`liveflow_graph.validation.schema.REPORT_JSON_SCHEMA`): ``schema_version``,
        ``results`` (per flow version: ``flow_id``, ``version_id``, ``source``, ``path`` and
        its ``diagnostics``), ``input_errors`` (per unreadable input: ``source`` and its
        ``diagnostics``) and ``summary``.  Each diagnostic is :meth:`Diagnostic.to_dict`
        plus ``line``, ``column`` (``null`` when unknown) and ``fingerprint``."""
        located = iter(self.located())
        failures: list[InputFailureDict] = [
            {
                "source": f.source,
                "diagnostics": [_finding_dict(next(located)) for _ in f.diagnostics],
            }
            for f in self.failures
        ]
        results = [
            _result_dict(r, [_finding_dict(next(located)) for _ in r.diagnostics])
            for r in self.results
        ]
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "results": results,
            "input_errors": failures,
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
        """A table for Jupyter: one row per diagnostic, left-aligned (Jupyter's own style
        right-aligns cells), the severity on its colour; user text escaped."""
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
                severity = Severity(d.severity)
                text, background = SEVERITY_HTML_COLORS[severity]
                look = f"{_WORD}color:{text};background:{background};font-weight:bold"
                cells = [f'<td style="{look}">{severity.value}</td>']
                cells.extend(f'<td style="{_WORD}">{html_text(v)}</td>' for v in (d.code, d.rule))
                values = (flow, d.version_id or "", d.message)
                cells.extend(f'<td style="{_CELL}">{html_text(v)}</td>' for v in values)
                cells.append(f'<td style="{_CELL}"><code>{html_text(d.path)}</code></td>')
                rows.append(f"<tr>{''.join(cells)}</tr>")
        ths = "".join(f'<th style="{_CELL}">{c}</th>' for c in columns)
        return (
            f'{head}<table style="border-collapse:collapse"><thead><tr>{ths}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )


SEVERITY_HTML_COLORS: Mapping[Severity, tuple[str, str]] = MappingProxyType(
    {
        Severity.ERROR: ("#b71c1c", "#ffebee"),
        Severity.WARNING: ("#a84300", "#fff3e0"),
        Severity.INFO: ("#0d47a1", "#e3f2fd"),
    }
)
"""Text and background colour of each severity in HTML tables (each pair at least 4.5:1)."""

_CELL = "text-align:left;vertical-align:top;padding:2px 8px;"
_WORD = _CELL + "white-space:nowrap;"  # a severity, code or rule name: not broken at "-"


def _finding_dict(finding: Located) -> FindingDict:
    data = finding.diagnostic.to_dict()
    return {
        **data,
        "line": finding.line,
        "column": finding.column,
        "fingerprint": finding.fingerprint,
    }


def _result_dict(result: VersionResult, findings: list[FindingDict]) -> VersionResultDict:
    return {
        "flow_id": result.flow_id,
        "version_id": result.version_id,
        "source": result.source,
        "path": result.path,
        "diagnostics": findings,
    }


def _nearest_positions(text: str, diagnostics: Iterable[Diagnostic]) -> dict[Spot, tuple[int, int]]:
    """The position of each diagnostic's location, or of its nearest ancestor that is in
    ``text`` (a missing key is reported at the object that lacks it)."""
    wanted = {spot(d) for d in diagnostics}
    prefixes = {(location[:n], None) for location, _ in wanted for n in range(len(location))}
    found = locate_spots(text, wanted | prefixes)
    nearest: dict[Spot, tuple[int, int]] = {}
    for location, index in wanted:
        for length in range(len(location), -1, -1):
            key = (location, index) if length == len(location) else (location[:length], None)
            if key in found:
                nearest[(location, index)] = found[key]
                break
    return nearest


def _read_text(source: str) -> str | None:
    if source.startswith("<") and source.endswith(">"):
        return None
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return None


# The emitters (a layer above this module) implement these; see liveflow_graph._hooks.
_PROTOTYPE = "a prototype: the hook calls its implementation"


@Hook.implemented_in("liveflow_graph.validation.emitters.text")
def render_text(report: Report, *, color: bool = False) -> str:
    """The terminal report (:mod:`liveflow_graph.validation.emitters.text`)."""
    raise AssertionError(_PROTOTYPE)


@Hook.implemented_in("liveflow_graph.validation.emitters.json")
def render_json(report: Report) -> str:
    """The JSON report (:mod:`liveflow_graph.validation.emitters.json`)."""
    raise AssertionError(_PROTOTYPE)


@Hook.implemented_in("liveflow_graph.validation.emitters.sarif")
def render_sarif(report: Report, *, texts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The SARIF 2.1.0 log (:mod:`liveflow_graph.validation.emitters.sarif`)."""
    raise AssertionError(_PROTOTYPE)


@Hook.implemented_in("liveflow_graph.htmlreport.page")
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
