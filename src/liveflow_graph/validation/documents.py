"""The JSON documents of validation, as types: what ``to_dict()`` returns.

:meth:`Diagnostic.to_dict <liveflow_graph.validation.diagnostics.Diagnostic.to_dict>` and
:meth:`Report.to_dict <liveflow_graph.validation.report.Report.to_dict>` are annotated to
return these ``TypedDict`` s, so ``mypy --strict`` rejects a key that one side has and the
other does not.  The published JSON Schema of ``liveflow-graph validate --format json``
(:mod:`~liveflow_graph.validation.schema`) is generated from them by pydantic.  The
docstrings become the schema's descriptions, so they are written in Markdown.
"""

# no `from __future__ import annotations`: the TypedDicts read their annotations when they
# are built (so that `__required_keys__` knows `NotRequired`), each from the ones above it
from typing import Annotated, Any, Final, Literal, NotRequired

from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict  # pydantic reads only this TypedDict before 3.12

__all__ = [
    "REPORT_SCHEMA_VERSION",
    "DiagnosticDict",
    "FindingDict",
    "InputFailureDict",
    "ReportDict",
    "SummaryDict",
    "VersionResultDict",
]

REPORT_SCHEMA_VERSION: Final = 1
"""Version of the JSON report (bumped on any incompatible change; keys may be added
without a bump)."""

Count = Annotated[int, Field(ge=0)]
Position = Annotated[int, Field(ge=1)]

_EXACT = ConfigDict(extra="forbid", use_attribute_docstrings=True)


@with_config(_EXACT)
class DiagnosticDict(TypedDict):
    """A validation finding, as `Diagnostic.to_dict()` writes it (also the form of the
    findings in a version diff)."""

    code: str
    """The rule's stable code, `LF104`."""
    rule: str
    """The rule's kebab-case name, `unreachable-step`."""
    severity: Literal["error", "warning", "info"]
    message: str
    path: str
    """The JSON path of the value at fault, `$.current_version.steps[3]`."""
    step_ids: list[str]
    """The ids of the steps involved, most relevant first."""
    transition_ids: list[str]
    flow_id: str | None
    version_id: str | None
    extra: NotRequired[dict[str, Any]]
    """Rule-specific details, only when the rule gives any."""


@with_config(_EXACT)
class FindingDict(DiagnosticDict):
    """A finding in a report: the diagnostic, where it is in its file, and its fingerprint."""

    line: Position | None
    """1-based line of the place at fault in the source file (`null` when the source
    cannot be read again, e.g. a fetched flow)."""
    column: Position | None
    """1-based column, in Unicode code points."""
    fingerprint: str
    """Identifies the finding across edits that move it (what `--baseline` and SARIF
    `partialFingerprints` use); distinct findings of one file have distinct fingerprints."""


@with_config(_EXACT)
class VersionResultDict(TypedDict):
    """The findings of one flow version."""

    flow_id: str | None
    version_id: str
    source: str | None
    """The file the version was read from (`<stdin>`, or `null` when not from a file)."""
    path: str
    """The version's JSON path in its document."""
    diagnostics: list[FindingDict]


@with_config(_EXACT)
class InputFailureDict(TypedDict):
    """An input that could not be read or parsed: its findings are `LF001 input-error`."""

    source: str | None
    diagnostics: list[FindingDict]


@with_config(_EXACT)
class SummaryDict(TypedDict):
    """Counts over the whole report."""

    flows: Count
    versions: Count
    """Flow versions checked."""
    diagnostics: Count
    """Findings reported (input errors included; baselined ones not)."""
    error: Count
    warning: Count
    info: Count
    inputs_failed: Count
    """Inputs that could not be read or parsed."""
    baselined: Count
    """Findings hidden because the baseline (`--baseline`) lists them."""


@with_config(_EXACT)
class ReportDict(TypedDict):
    """The report of `liveflow-graph validate --format json`."""

    schema_version: Literal[1]
    results: list[VersionResultDict]
    """One entry per flow version checked, in input order (versions without findings
    included)."""
    input_errors: list[InputFailureDict]
    """One entry per input that could not be read or parsed, in input order."""
    summary: SummaryDict
