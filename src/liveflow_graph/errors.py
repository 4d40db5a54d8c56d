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
    "ConfigError",
    "ErrorDetail",
    "InputError",
    "InvalidJSONError",
    "LiveFlowError",
    "PayloadError",
    "PayloadTooLargeError",
    "RenderError",
    "SchemaError",
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
