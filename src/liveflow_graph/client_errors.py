"""The errors :class:`~liveflow_graph.client.TrueStateClient` raises: a :class:`ClientError` family.

Each also subclasses the builtin a caller may already catch (``PermissionError`` for
credentials, ``LookupError`` for a missing flow, ``TimeoutError``, ``ConnectionError``...).
Messages say what to check and never contain the API key.
"""

from __future__ import annotations

from liveflow_graph.errors import LiveFlowError

__all__ = [
    "AuthenticationError",
    "ClientError",
    "ConnectionFailedError",
    "NotFoundError",
    "RateLimitError",
    "RequestRejectedError",
    "RequestTimeoutError",
    "ResponseError",
    "ServerError",
]


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
