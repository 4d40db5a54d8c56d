"""liveflow-graph: parse, validate, diagram and diff TrueState Live Flows.

>>> from liveflow_graph import load, FlowGraph
>>> payload = load("examples/support-triage.json")  # doctest: +SKIP
>>> graph = FlowGraph.of(payload.flows[0])  # doctest: +SKIP
"""

import typing as _typing

from liveflow_graph._version import __version__
from liveflow_graph.api.retry import RetryPolicy
from liveflow_graph.diagrams.dot import to_digraph, to_dot
from liveflow_graph.diagrams.drawing import Drawing
from liveflow_graph.diagrams.mermaid import MermaidSizeWarning, to_mermaid
from liveflow_graph.diagrams.png import render_png, svg_to_png
from liveflow_graph.diagrams.svg import LargeDiagramWarning, available_backends, render_svg
from liveflow_graph.diagrams.view import DiagramOptions
from liveflow_graph.diffs import (
    DiffSide,
    FieldChange,
    StartChange,
    StepChange,
    StepRef,
    TextDiff,
    TransitionChange,
    TransitionRef,
    VersionDiff,
    diff,
)
from liveflow_graph.errors import (
    AuthenticationError,
    BackendUnavailableError,
    ClientError,
    ConfigError,
    ConnectionFailedError,
    ErrorDetail,
    InputError,
    InvalidJSONError,
    LiveFlowError,
    NotFoundError,
    PayloadError,
    PayloadTooDeepError,
    PayloadTooLargeError,
    RateLimitError,
    RenderError,
    RenderTimeoutError,
    RequestRejectedError,
    RequestTimeoutError,
    ResponseError,
    SchemaError,
    ServerError,
    UnknownShapeError,
)
from liveflow_graph.graph import DanglingTransition, Duplicate, FlowGraph, StepNames
from liveflow_graph.model.models import (
    FlowVersion,
    LiveFlow,
    PromptTemplate,
    Session,
    SessionPrompt,
    SessionStatus,
    SessionStep,
    SessionStepStatus,
    Step,
    StepTransition,
    StepType,
)
from liveflow_graph.model.parsing import load, loads, parse_value
from liveflow_graph.model.payload import Payload, PayloadKind, VersionRef
from liveflow_graph.sessions.analytics import (
    FailureGroup,
    SessionAnalytics,
    StepActivity,
    analyze_sessions,
)
from liveflow_graph.sessions.coverage import (
    Coverage,
    StepCoverage,
    TransitionCoverage,
    VersionCoverage,
    coverage,
)
from liveflow_graph.sessions.summary import summarize
from liveflow_graph.sessions.traces import SessionTrace
from liveflow_graph.validation.config import Config
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from liveflow_graph.validation.engine import is_valid, iter_diagnostics, validate
from liveflow_graph.validation.report import Report
from liveflow_graph.validation.rules import RULES

# The conveniences data classes offer (Jupyter display, flow.draw(), Report.to_text,
# VersionDiff.to_markdown ...) are implemented a layer above them and registered on their
# hooks when these modules load: here, where every import of the package passes first (see
# liveflow_graph._hooks).
from liveflow_graph.diagrams import display as _display  # noqa: F401  isort: skip
from liveflow_graph.diagrams import drawing as _drawing  # noqa: F401  isort: skip
from liveflow_graph.diffs import render as _diff_render  # noqa: F401  isort: skip
from liveflow_graph.htmlreport import page as _html_page  # noqa: F401  isort: skip
from liveflow_graph.validation import emitters as _emitters  # noqa: F401  isort: skip

if _typing.TYPE_CHECKING:
    from liveflow_graph.api.client import TrueStateClient, fetch_payload


# imported on first use: the API client needs httpx, which most uses never touch
_LAZY = {
    "TrueStateClient": "liveflow_graph.api.client",
    "fetch_payload": "liveflow_graph.api.client",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'liveflow_graph' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups do not come here again
    return value


__all__ = [  # noqa: RUF022  (plain sorted() order, as test_api_surface checks; RULES included)
    "AuthenticationError",
    "BackendUnavailableError",
    "ClientError",
    "Config",
    "ConfigError",
    "ConnectionFailedError",
    "Coverage",
    "DanglingTransition",
    "Diagnostic",
    "DiagramOptions",
    "DiffSide",
    "Drawing",
    "Duplicate",
    "ErrorDetail",
    "FailureGroup",
    "FieldChange",
    "FlowGraph",
    "FlowVersion",
    "InputError",
    "InvalidJSONError",
    "LargeDiagramWarning",
    "LiveFlow",
    "LiveFlowError",
    "MermaidSizeWarning",
    "NotFoundError",
    "Payload",
    "PayloadError",
    "PayloadKind",
    "PayloadTooDeepError",
    "PayloadTooLargeError",
    "PromptTemplate",
    "RULES",
    "RateLimitError",
    "RenderError",
    "RenderTimeoutError",
    "Report",
    "RequestRejectedError",
    "RequestTimeoutError",
    "ResponseError",
    "RetryPolicy",
    "SchemaError",
    "ServerError",
    "Session",
    "SessionAnalytics",
    "SessionPrompt",
    "SessionStatus",
    "SessionStep",
    "SessionStepStatus",
    "SessionTrace",
    "Severity",
    "StartChange",
    "Step",
    "StepActivity",
    "StepChange",
    "StepNames",
    "StepCoverage",
    "StepRef",
    "StepTransition",
    "StepType",
    "TextDiff",
    "TransitionChange",
    "TransitionCoverage",
    "TransitionRef",
    "TrueStateClient",
    "UnknownShapeError",
    "VersionCoverage",
    "VersionDiff",
    "VersionRef",
    "__version__",
    "analyze_sessions",
    "available_backends",
    "coverage",
    "diff",
    "fetch_payload",
    "is_valid",
    "iter_diagnostics",
    "load",
    "loads",
    "parse_value",
    "render_png",
    "render_svg",
    "summarize",
    "svg_to_png",
    "to_digraph",
    "to_dot",
    "to_mermaid",
    "validate",
]
