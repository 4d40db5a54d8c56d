"""liveflow-graph: parse, validate, diagram and diff TrueState Live Flows.

>>> from liveflow_graph import load, FlowGraph
>>> payload = load("examples/support-triage.json")  # doctest: +SKIP
>>> graph = FlowGraph.of(payload.flows[0])  # doctest: +SKIP
"""

import typing as _typing

from liveflow_graph.analytics import (
    FailureGroup,
    SessionAnalytics,
    StepActivity,
    analyze_sessions,
)
from liveflow_graph.client_errors import (
    AuthenticationError,
    ClientError,
    ConnectionFailedError,
    NotFoundError,
    RateLimitError,
    RequestRejectedError,
    RequestTimeoutError,
    ResponseError,
    ServerError,
)
from liveflow_graph.config import Config
from liveflow_graph.diagnostics import Diagnostic, Severity
from liveflow_graph.diagram import DiagramOptions
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
from liveflow_graph.dot import to_dot
from liveflow_graph.engine import is_valid, iter_diagnostics, validate
from liveflow_graph.errors import (
    ConfigError,
    ErrorDetail,
    InputError,
    InvalidJSONError,
    LiveFlowError,
    PayloadError,
    PayloadTooDeepError,
    PayloadTooLargeError,
    RenderError,
    SchemaError,
    UnknownShapeError,
)
from liveflow_graph.graph import DanglingTransition, Duplicate, FlowGraph
from liveflow_graph.mermaid import MermaidSizeWarning, to_mermaid
from liveflow_graph.models import (
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
from liveflow_graph.parsing import load, loads, parse_value
from liveflow_graph.payload import Payload, PayloadKind, VersionRef
from liveflow_graph.report import Report
from liveflow_graph.retry import RetryPolicy
from liveflow_graph.rules import RULES
from liveflow_graph.summary import summarize
from liveflow_graph.svg import (
    BackendUnavailableError,
    LargeDiagramWarning,
    RenderTimeoutError,
    available_backends,
    render_svg,
)

if _typing.TYPE_CHECKING:
    from liveflow_graph.client import TrueStateClient, fetch_payload

__version__ = "0.1.0"

# imported on first use: the API client needs httpx, which most uses never touch
_LAZY = {"TrueStateClient": "liveflow_graph.client", "fetch_payload": "liveflow_graph.client"}


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
    "DanglingTransition",
    "Diagnostic",
    "DiagramOptions",
    "DiffSide",
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
    "Severity",
    "StartChange",
    "Step",
    "StepActivity",
    "StepChange",
    "StepRef",
    "StepTransition",
    "StepType",
    "TextDiff",
    "TransitionChange",
    "TransitionRef",
    "TrueStateClient",
    "UnknownShapeError",
    "VersionDiff",
    "VersionRef",
    "__version__",
    "analyze_sessions",
    "available_backends",
    "diff",
    "fetch_payload",
    "is_valid",
    "iter_diagnostics",
    "load",
    "loads",
    "parse_value",
    "render_svg",
    "summarize",
    "to_dot",
    "to_mermaid",
    "validate",
]
