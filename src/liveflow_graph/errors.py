"""The error family: everything a user can get wrong raises a :class:`LiveFlowError`.

Each error says *where* (a JSON path such as ``$.current_version.steps[3].id``, or a line
and column for JSON that does not decode) and *what* in plain words.  The classes also
subclass the builtin a caller already catches (``ValueError``, ``OSError``,
``RuntimeError``), so ``except ValueError`` keeps working.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AuthenticationError",
    "BackendUnavailableError",
    "ClientError",
    "ConfigError",
    "ConnectionFailedError",
    "ErrorDetail",
    "InputError",
    "InvalidJSONError",
    "LiveFlowError",
    "MissingDependencyError",
    "NotFoundError",
    "OutputError",
    "PayloadError",
    "PayloadTooLargeError",
    "RateLimitError",
    "RenderError",
    "RenderTimeoutError",
    "RequestRejectedError",
    "RequestTimeoutError",
    "ResponseError",
    "SchemaError",
    "ServerError",
    "UnknownShapeError",
]


class LiveFlowError(Exception):
    """Base class of every error this library raises for bad input or a failed job.

    ``path`` is the JSON path of the offending value (``"$"`` when the whole document is
    at fault, ``None`` when the error is not about a place in a payload); ``message`` is
    the human explanation without the path.
    """

    def __init__(self, message: str, *, path: str | None = None, source: str | None = None):
        self.message = message
        self.path = path
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.source:
            where = f"{self.source}: "
        if self.path:
            where += f"{self.path}: "
        return f"{where}{self.message}"


class InputError(LiveFlowError, OSError):
    """The input could not be read at all (missing file, a directory, unreadable bytes)."""


class PayloadError(LiveFlowError, ValueError):
    """The input was read but is not a valid Live Flow payload."""


class InvalidJSONError(PayloadError):
    """The input is not JSON.  ``line`` and ``column`` are 1-based."""

    def __init__(self, message: str, *, line: int, column: int, source: str | None = None):
        self.line = line
        self.column = column
        super().__init__(f"invalid JSON at line {line}, column {column}: {message}", source=source)


@dataclass(frozen=True, slots=True)
class ErrorDetail:
    """One problem found while checking a payload against the schema."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class SchemaError(PayloadError):
    """The JSON does not have the shape of the API documents.

    ``errors`` lists every problem found (at least one); ``path`` and ``message`` are
    those of the first.
    """

    MAX_SHOWN = 10

    def __init__(self, errors: Sequence[ErrorDetail], *, source: str | None = None):
        if not errors:
            raise ValueError("SchemaError needs at least one ErrorDetail")
        self.errors = tuple(errors)
        super().__init__(errors[0].message, path=errors[0].path, source=source)

    def _render(self) -> str:
        first = super()._render()
        rest = self.errors[1 : self.MAX_SHOWN]
        lines = [first, *(f"  also {e}" for e in rest)]
        hidden = len(self.errors) - 1 - len(rest)
        if hidden > 0:
            lines.append(f"  ... and {hidden} more")
        return "\n".join(lines)


class UnknownShapeError(PayloadError):
    """The JSON is valid but is none of the shapes the API returns."""


class PayloadTooLargeError(PayloadError):
    """The input is larger than the configured limit (``max_bytes``)."""


class PayloadTooDeepError(PayloadTooLargeError):
    """The input nests objects and lists deeper than the configured limit (``max_depth``);
    ``path`` is where the limit is crossed."""


class ConfigError(LiveFlowError, ValueError):
    """A setting (CLI flag, ``[tool.liveflow-graph]`` table, argument) is not valid."""


class RenderError(LiveFlowError, RuntimeError):
    """A diagram could not be rendered (no backend, Graphviz failed, timeout)."""


# --- rendering -------------------------------------------------------------------------


class BackendUnavailableError(RenderError):
    """The requested SVG renderer cannot run here; the message says what to install."""


class RenderTimeoutError(RenderError):
    """Graphviz did not finish within the timeout (the render was stopped)."""


# --- output and optional dependencies ---------------------------------------------------


class OutputError(InputError):
    """A result could not be written (no such folder, no permission, disk full)."""


class MissingDependencyError(LiveFlowError, ImportError):
    """An optional dependency (such as pandas) is needed for this function."""


# --- the TrueState API client -----------------------------------------------------------
# Each also subclasses the builtin a caller may already catch (``PermissionError`` for
# credentials, ``LookupError`` for a missing flow, ``TimeoutError``, ``ConnectionError``...).
# Messages say what to check and never contain the API key.


class ClientError(LiveFlowError):
    """A request to the TrueState API failed.

    ``source`` is the request (``GET /live_flows/<id>/``); ``status`` the HTTP status when
    the server answered, else ``None``.  The message never contains the API key.
    """

    def __init__(self, message: str, *, source: str | None = None, status: int | None = None):
        self.status = status
        super().__init__(message, source=source)


class AuthenticationError(ClientError, PermissionError):
    """No API key, or the API refused it (401/403): check the key and the organisation id."""


class NotFoundError(ClientError, LookupError):
    """The live flow or session does not exist in the organisation (404)."""


class RequestRejectedError(ClientError, ValueError):
    """The API rejected the request as invalid (422 and other 4xx answers)."""


class RateLimitError(ClientError, RuntimeError):
    """The API kept answering 429 Too Many Requests until the retries ran out."""


class ServerError(ClientError, RuntimeError):
    """The API kept failing with a 5xx status until the retries ran out."""


class ResponseError(ClientError, ValueError):
    """The API answered with something that is not a usable JSON document.

    A wrong content type, a body that does not decode (truncated JSON), a body cut short
    by the connection, a redirect, or a body over the size limit.
    """


class ConnectionFailedError(ClientError, ConnectionError):
    """The API could not be reached (DNS, refused or reset connection) after the retries."""


class RequestTimeoutError(ClientError, TimeoutError):
    """The API did not answer within the timeout, on every attempt."""
