"""liveflow-graph: parse, validate, diagram and diff TrueState Live Flows.

>>> from liveflow_graph import load, FlowGraph
>>> payload = load("examples/support-triage.json")  # doctest: +SKIP
>>> graph = FlowGraph.of(payload.flows[0])  # doctest: +SKIP

Importing the package is cheap: each public name is imported from its module on first use
(PEP 562), so ``from liveflow_graph import validate`` loads the validator and not the
renderers, the API client or pandas.  The conveniences data classes offer (Jupyter display,
``Report.to_text``, ``VersionDiff.to_markdown``...) import their implementations on first
call (see :mod:`liveflow_graph._hooks`).
"""

import typing as _typing

from liveflow_graph._version import __version__
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

if _typing.TYPE_CHECKING:
    from liveflow_graph.api.client import TrueStateClient, fetch_payload
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

_LAZY = {
    "TrueStateClient": "liveflow_graph.api.client",
    "fetch_payload": "liveflow_graph.api.client",
    "RetryPolicy": "liveflow_graph.api.retry",
    "to_digraph": "liveflow_graph.diagrams.dot",
    "to_dot": "liveflow_graph.diagrams.dot",
    "Drawing": "liveflow_graph.diagrams.drawing",
    "MermaidSizeWarning": "liveflow_graph.diagrams.mermaid",
    "to_mermaid": "liveflow_graph.diagrams.mermaid",
    "render_png": "liveflow_graph.diagrams.png",
    "svg_to_png": "liveflow_graph.diagrams.png",
    "LargeDiagramWarning": "liveflow_graph.diagrams.svg",
    "available_backends": "liveflow_graph.diagrams.svg",
    "render_svg": "liveflow_graph.diagrams.svg",
    "DiagramOptions": "liveflow_graph.diagrams.view",
    "DiffSide": "liveflow_graph.diffs",
    "FieldChange": "liveflow_graph.diffs",
    "StartChange": "liveflow_graph.diffs",
    "StepChange": "liveflow_graph.diffs",
    "StepRef": "liveflow_graph.diffs",
    "TextDiff": "liveflow_graph.diffs",
    "TransitionChange": "liveflow_graph.diffs",
    "TransitionRef": "liveflow_graph.diffs",
    "VersionDiff": "liveflow_graph.diffs",
    "diff": "liveflow_graph.diffs",
    "DanglingTransition": "liveflow_graph.graph",
    "Duplicate": "liveflow_graph.graph",
    "FlowGraph": "liveflow_graph.graph",
    "StepNames": "liveflow_graph.graph",
    "FlowVersion": "liveflow_graph.model.models",
    "LiveFlow": "liveflow_graph.model.models",
    "PromptTemplate": "liveflow_graph.model.models",
    "Session": "liveflow_graph.model.models",
    "SessionPrompt": "liveflow_graph.model.models",
    "SessionStatus": "liveflow_graph.model.models",
    "SessionStep": "liveflow_graph.model.models",
    "SessionStepStatus": "liveflow_graph.model.models",
    "Step": "liveflow_graph.model.models",
    "StepTransition": "liveflow_graph.model.models",
    "StepType": "liveflow_graph.model.models",
    "load": "liveflow_graph.model.parsing",
    "loads": "liveflow_graph.model.parsing",
    "parse_value": "liveflow_graph.model.parsing",
    "Payload": "liveflow_graph.model.payload",
    "PayloadKind": "liveflow_graph.model.payload",
    "VersionRef": "liveflow_graph.model.payload",
    "FailureGroup": "liveflow_graph.sessions.analytics",
    "SessionAnalytics": "liveflow_graph.sessions.analytics",
    "StepActivity": "liveflow_graph.sessions.analytics",
    "analyze_sessions": "liveflow_graph.sessions.analytics",
    "Coverage": "liveflow_graph.sessions.coverage",
    "StepCoverage": "liveflow_graph.sessions.coverage",
    "TransitionCoverage": "liveflow_graph.sessions.coverage",
    "VersionCoverage": "liveflow_graph.sessions.coverage",
    "coverage": "liveflow_graph.sessions.coverage",
    "summarize": "liveflow_graph.sessions.summary",
    "SessionTrace": "liveflow_graph.sessions.traces",
    "Config": "liveflow_graph.validation.config",
    "Diagnostic": "liveflow_graph.validation.diagnostics",
    "Severity": "liveflow_graph.validation.diagnostics",
    "is_valid": "liveflow_graph.validation.engine",
    "iter_diagnostics": "liveflow_graph.validation.engine",
    "validate": "liveflow_graph.validation.engine",
    "Report": "liveflow_graph.validation.report",
    "RULES": "liveflow_graph.validation.rules",
}
"""Where each public name lives: imported on first access."""


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'liveflow_graph' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups do not come here again
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
    "StepCoverage",
    "StepNames",
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
