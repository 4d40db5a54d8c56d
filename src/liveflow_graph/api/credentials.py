"""The API client's credentials: the API key, the organisation and the host, from the
arguments or the environment, and how the key is kept out of every message.

As in TrueState's own SDK: ``TRUESTATE_API_KEY`` (sent as the ``Api-key`` header, or as
``Authorization: Bearer`` with ``auth="bearer"``), ``TRUESTATE_ORGANISATION_ID`` (sent as
``Current-Org-Id``) and ``TRUESTATE_HOST`` (default ``https://api.truestate.io``).  The key
is held in a :class:`Secret`, which never shows itself in a ``repr`` or ``str``, and added to
each request by :class:`HeaderAuth`, so it is not among the HTTP client's headers; any text
bound for a message goes through :meth:`Credentials.scrub` first, and the errors of a body
that does not parse through :meth:`Credentials.scrub_error`.  Both hide the key in every
form :mod:`~liveflow_graph.api.redaction` knows (escaped, percent-encoded, split by
invisible characters, cut short), not only verbatim.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final, Literal
from urllib.parse import urlsplit

import httpx

from liveflow_graph.api.messages import SHOWN, flat, one_line
from liveflow_graph.api.redaction import hidden_in_logs, redact
from liveflow_graph.errors import (
    AuthenticationError,
    ConfigError,
    ErrorDetail,
    LiveFlowError,
    SchemaError,
)
from liveflow_graph.escape import truncate

__all__ = [
    "AUTH_MODES",
    "DEFAULT_HOST",
    "ENV_API_KEY",
    "ENV_HOST",
    "ENV_ORGANISATION",
    "AuthMode",
    "Credentials",
    "HeaderAuth",
    "Secret",
    "api_key_from",
    "checked_auth",
    "host_from",
    "organisation_from",
]

DEFAULT_HOST: Final = "https://api.truestate.io"
ENV_API_KEY: Final = "TRUESTATE_API_KEY"
ENV_ORGANISATION: Final = "TRUESTATE_ORGANISATION_ID"
ENV_HOST: Final = "TRUESTATE_HOST"
AuthMode = Literal["api-key", "bearer"]
AUTH_MODES: Final[tuple[AuthMode, ...]] = ("api-key", "bearer")

_LOOPBACK: Final = frozenset({"localhost", "127.0.0.1", "::1"})


class Secret:
    """A string that never shows itself in a ``repr`` or ``str``."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        """The string itself, for the one place that sends it."""
        return self._value

    def redact(self, text: str, *, keep: int | None = None) -> str:
        """``text`` with the secret, in any form, replaced by ``***``
        (:func:`~liveflow_graph.api.redaction.redact`; ``keep``: only the first ``keep``
        characters, the secret looked for in all of ``text``)."""
        return redact(text, self._value, keep=keep)

    @contextmanager
    def hidden_in_logs(self) -> Iterator[None]:
        """While in the block, no log record of httpx, httpcore or this client shows the
        secret (:func:`~liveflow_graph.api.redaction.hidden_in_logs`)."""
        with hidden_in_logs(self._value):
            yield

    def __repr__(self) -> str:
        return "<hidden>"

    __str__ = __repr__


class HeaderAuth(httpx.Auth):
    """Adds the credential header to each request, so it is not among the client's headers."""

    def __init__(self, header: str, value: Secret):
        self._header = header
        self._value = value

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[self._header] = self._value.reveal()
        yield request

    def __repr__(self) -> str:
        return f"<{self._header} header: hidden>"


@dataclass(frozen=True, slots=True)
class Credentials:
    """Who sends the requests and where: checked values (see the ``*_from`` functions)."""

    key: Secret
    organisation_id: str | None
    host: str
    """The base URL, without a trailing ``/``."""
    auth: AuthMode

    def http_auth(self) -> HeaderAuth:
        """The httpx auth that sends the key as :attr:`auth` says."""
        if self.auth == "api-key":
            return HeaderAuth("Api-key", self.key)
        return HeaderAuth("Authorization", Secret(f"Bearer {self.key.reveal()}"))

    def headers(self) -> dict[str, str]:
        """The headers besides the key that every request carries."""
        if self.organisation_id is None:
            return {}
        return {"Current-Org-Id": self.organisation_id}

    def scrub(self, text: str) -> str:
        """``text`` for a message: on one line, the key replaced by ``***``, then cut to
        :data:`~liveflow_graph.api.messages.SHOWN` characters (hidden before the cut, so
        the cut cannot leave a piece of the key)."""
        return truncate(self.key.redact(flat(text)), SHOWN)

    def scrub_error(self, error: LiveFlowError) -> None:
        """Hide the key in ``error``'s text, in place: its message, path, ``str`` and, for a
        :class:`SchemaError`, each of its errors (the parser quotes the values it rejects,
        and a server may have put the key in one)."""
        redact = self.key.redact
        error.message = redact(error.message)
        if error.path is not None:
            error.path = redact(error.path)
        if isinstance(error, SchemaError):
            error.errors = tuple(
                ErrorDetail(redact(detail.path), redact(detail.message)) for detail in error.errors
            )
        error.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in error.args)


def api_key_from(value: str | None, env: Mapping[str, str]) -> Secret:
    """The API key: ``value``, else ``TRUESTATE_API_KEY``; raises
    :class:`AuthenticationError` when there is none or it cannot be sent."""
    key = _setting(value, env, ENV_API_KEY)
    if key is None:
        raise AuthenticationError(
            f"no API key: set {ENV_API_KEY} (or pass api_key); create a key in the "
            "TrueState app under API keys"
        )
    # a header must be visible ASCII; say so without echoing the key
    if not all("!" <= ch <= "~" for ch in key):
        raise AuthenticationError(
            "the API key contains spaces, control or non-ASCII characters and cannot be sent "
            f"(check {ENV_API_KEY})"
        )
    return Secret(key)


def checked_auth(auth: str) -> AuthMode:
    """``auth`` if it is one of :data:`AUTH_MODES`, else :class:`ConfigError`."""
    for mode in AUTH_MODES:
        if auth == mode:
            return mode
    raise ConfigError(f"unknown auth {auth!r} (must be one of {', '.join(AUTH_MODES)})")


def organisation_from(value: str | None, env: Mapping[str, str]) -> str | None:
    """The organisation id: ``value``, else ``TRUESTATE_ORGANISATION_ID``, else ``None``."""
    organisation = _setting(value, env, ENV_ORGANISATION)
    if organisation is not None and not all(" " <= ch <= "~" for ch in organisation):
        raise ConfigError(
            f"the organisation id {one_line(organisation)!r} contains control or non-ASCII "
            "characters"
        )
    return organisation


def host_from(value: str | None, env: Mapping[str, str], allow_http: bool) -> str:
    """The base URL: ``value``, else ``TRUESTATE_HOST``, else :data:`DEFAULT_HOST`.

    A host without a scheme is taken as ``https://``; plain ``http://`` is refused for
    hosts other than loopback unless ``allow_http`` (the key would travel in clear text).
    """
    host = _setting(value, env, ENV_HOST) or DEFAULT_HOST
    parts = urlsplit(host if "://" in host else f"https://{host}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"{ENV_HOST} must be an http(s) URL such as {DEFAULT_HOST}, got {one_line(host)!r}"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigError(
            f"{ENV_HOST} must be a plain base URL without credentials, query or fragment"
        )
    if parts.scheme == "http" and not allow_http and parts.hostname not in _LOOPBACK:
        raise ConfigError(
            f"refusing to send the API key over plain http to {parts.hostname}: use https "
            "(or allow_http=True)"
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _setting(value: str | None, env: Mapping[str, str], name: str) -> str | None:
    """``value`` or the environment variable ``name``, stripped; ``None`` when blank."""
    chosen = value if value is not None else env.get(name)
    if chosen is None:
        return None
    chosen = chosen.strip()
    return chosen or None
