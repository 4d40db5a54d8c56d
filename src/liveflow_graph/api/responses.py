"""Checking the API's answers: reading a body within a limit, decoding it as JSON, and
turning each failure status into the :class:`~liveflow_graph.errors.ClientError` that says
what to check.

``429`` and ``5xx`` answers come back as a :class:`Retryable` (the transport may try again);
every other failure is raised.  What the server said is quoted on one line, with the API
key scrubbed out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

import httpx
import orjson

from liveflow_graph.api.credentials import ENV_API_KEY, ENV_HOST, ENV_ORGANISATION, Credentials
from liveflow_graph.api.endpoints import Endpoint
from liveflow_graph.api.messages import SHOWN, render_detail, status_text
from liveflow_graph.api.retry import parse_retry_after
from liveflow_graph.errors import (
    AuthenticationError,
    ClientError,
    InvalidJSONError,
    NotFoundError,
    RateLimitError,
    RequestRejectedError,
    ResponseError,
    ServerError,
)
from liveflow_graph.model.decoding import decode_json
from liveflow_graph.model.models import JSONValue

__all__ = [
    "ERROR_BODY_LIMIT",
    "Retryable",
    "decode_body",
    "read_body",
    "status_failure",
    "too_large",
]

ERROR_BODY_LIMIT: Final = 64 * 1024
"""Most bytes read of an error answer (what the server said about it)."""
SNIPPET_CONTEXT: Final = 4 * 1024
"""Bytes read past a quoted snippet, so a key that crosses its end is found (and hidden) whole."""


@dataclass(frozen=True, slots=True)
class Retryable:
    """A failed attempt that may be retried; raised as ``error`` when the retries run out."""

    error: type[ClientError]
    message: str
    status: int | None = None
    retry_after: float | None = None


def read_body(chunks: Iterable[bytes], limit: int | None) -> tuple[bytearray, bool]:
    """The body made of ``chunks`` (decoded: :func:`~liveflow_graph.api.decoding.decoded_chunks`),
    up to ``limit`` bytes; ``True`` beside it when there was more.

    Reading stops at the first chunk past the limit, and the body is built in one buffer:
    no more than ``limit`` bytes and one chunk are ever held.
    """
    body = bytearray()
    for chunk in chunks:
        body += chunk
        if limit is not None and len(body) > limit:
            del body[limit:]
            return body, True
    return body, False


def too_large(endpoint: Endpoint, max_bytes: int | None) -> ResponseError:
    """The error for a successful answer longer than ``max_bytes``."""
    return ResponseError(
        f"the response is larger than the limit of {max_bytes:,} bytes "
        "(raise the limit: max_bytes in Python, --max-bytes on the command line)",
        source=endpoint.source,
    )


def decode_body(
    response: httpx.Response,
    body: bytes | bytearray,
    endpoint: Endpoint,
    credentials: Credentials,
) -> JSONValue:
    """The JSON document of a successful answer, or :class:`ResponseError` for one that is
    not JSON, is empty, or is cut short."""
    media = _media_type(response)
    if media is not None and not _is_json(media):
        raise ResponseError(
            f"expected a JSON document but the server sent {media!r} "
            f"({_snippet(body, credentials)}): check that {ENV_HOST} ({credentials.host}) is "
            "the TrueState API",
            source=endpoint.source,
            status=response.status_code,
        )
    if not body or body.isspace():  # (not strip(): no copy of a large body)
        raise ResponseError(
            "the response body is empty (expected a JSON document)",
            source=endpoint.source,
            status=response.status_code,
        )
    try:
        return decode_json(body)
    except InvalidJSONError as error:
        reason = error.message
    received = f"{len(body):,} bytes"
    expected = response.headers.get("content-length", "")
    if expected.isdigit():
        received += f" of {int(expected):,}"
    cut = any(sign in reason.lower() for sign in ("end of data", "eof"))
    what = "is truncated JSON" if cut else "is not valid JSON"
    raise ResponseError(
        f"the response {what} ({received} received): {reason}",
        source=endpoint.source,
        status=response.status_code,
    )


def status_failure(
    response: httpx.Response,
    body: bytes | bytearray,
    endpoint: Endpoint,
    credentials: Credentials,
    clock: Callable[[], float],
) -> Retryable:
    """A ``429`` or ``5xx`` answer as a :class:`Retryable` (honouring ``Retry-After``, read
    against ``clock``); any other failure status is raised as its :class:`ClientError`."""
    status = response.status_code
    said = _server_detail(response, body, credentials)
    code = status_text(status)
    suffix = f": {said}" if said else ""
    if status == 429 or status >= 500:
        retry_after = parse_retry_after(response.headers.get("retry-after"), now=clock())
        if status == 429:
            return Retryable(
                RateLimitError,
                f"the API is rate limiting requests ({code}){suffix}",
                status,
                retry_after,
            )
        return Retryable(ServerError, f"the API failed ({code}){suffix}", status, retry_after)
    raise _final_error(response, endpoint, credentials, code, said)


def _final_error(
    response: httpx.Response, endpoint: Endpoint, credentials: Credentials, code: str, said: str
) -> ClientError:
    status = response.status_code
    suffix = f" (the API said: {said})" if said else ""
    source = endpoint.source
    if status in (401, 403):
        org = (
            f"organisation id {credentials.organisation_id!r}"
            if credentials.organisation_id is not None
            else f"organisation id (none set; {ENV_ORGANISATION})"
        )
        what = "refused the credentials" if status == 401 else "denied access"
        sent_as = "Api-key" if credentials.auth == "api-key" else "a Bearer token"
        return AuthenticationError(
            f"the API {what} ({code}): check the API key ({ENV_API_KEY}, sent as "
            f"{sent_as}) and the {org}; the key must belong to that organisation{suffix}",
            source=source,
            status=status,
        )
    if status == 404:
        return NotFoundError(
            f"{endpoint.missing} ({code}): check the id and the organisation{suffix}",
            source=source,
            status=status,
        )
    if 300 <= status < 400:
        location = credentials.scrub(response.headers.get("location", "")) or "nowhere"
        return ResponseError(
            f"the API redirected ({code}) to {location!r}; redirects are not followed, so "
            f"the key is not sent elsewhere: set {ENV_HOST} to the final address",
            source=source,
            status=status,
        )
    if 400 <= status < 500:
        return RequestRejectedError(
            f"the API rejected the request ({code}){': ' + said if said else ''}",
            source=source,
            status=status,
        )
    return ResponseError(f"unexpected answer ({code}){suffix}", source=source, status=status)


def _media_type(response: httpx.Response) -> str | None:
    value = response.headers.get("content-type")
    if value is None:
        return None
    return value.split(";", 1)[0].strip().lower() or None


def _is_json(media: str) -> bool:
    return media == "application/json" or media.endswith("+json")


def _snippet(body: bytes | bytearray, credentials: Credentials) -> str:
    """How ``body`` starts (its first :data:`SHOWN` bytes), for a message about a body that
    is not what we expected.  The key is hidden before the cut, in a window a little longer
    than what is shown, so a key that crosses the cut is hidden whole."""
    if not body:
        return "an empty body"
    shown = len(_text(body[:SHOWN]))
    window = credentials.key.redact(_text(body[: SHOWN + SNIPPET_CONTEXT]), keep=shown)
    return f"starting {credentials.scrub(window)!r}"


def _text(data: bytes | bytearray) -> str:
    return data.decode("utf-8", errors="replace")


def _server_detail(
    response: httpx.Response, body: bytes | bytearray, credentials: Credentials
) -> str:
    """What the server said about an error, on one line: FastAPI ``detail`` when present."""
    if not body:
        return ""
    media = _media_type(response)
    text: str
    if media is not None and _is_json(media):
        try:
            value = orjson.loads(body)
        except orjson.JSONDecodeError:
            value = None
        if isinstance(value, dict) and "detail" in value:
            text = render_detail(value["detail"])
        elif value is not None:
            text = orjson.dumps(value).decode()
        else:
            text = _text(body)
    elif media is not None and media.startswith("text/plain"):
        text = _text(body)
    else:
        return ""
    return credentials.scrub(text)
