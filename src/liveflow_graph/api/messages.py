"""Text for the API client's error messages: one line each, whatever the input held.

Ids, host names and what the server said reach messages through :func:`one_line` (control
characters removed, white space folded, cut to a few hundred characters), status codes
through :func:`status_text` and FastAPI error details through :func:`render_detail`.
:func:`flat` is :func:`one_line` without the cut, for text that is redacted before it is cut.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Final

import orjson

from liveflow_graph.escape import clean_text, truncate
from liveflow_graph.model.models import JSONValue

__all__ = ["SHOWN", "flat", "one_line", "render_detail", "status_text"]

SHOWN: Final = 300
"""Longest piece of user or server text quoted in a message."""


def flat(text: str) -> str:
    """``text`` cleaned (:func:`~liveflow_graph.escape.clean_text`), its white space folded
    to single spaces."""
    return " ".join(clean_text(text).split())


def one_line(text: str) -> str:
    """:func:`flat` ``text``, cut to :data:`SHOWN` characters."""
    return truncate(flat(text), SHOWN)


def status_text(status: int) -> str:
    """``"404 Not Found"``: the standard phrase, whatever the server's spelling."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def render_detail(detail: JSONValue, *, limit: int = 5) -> str:
    """FastAPI's error ``detail`` on one line.

    A string is returned as it is; a validation list ``[{"loc", "msg", "type"}, ...]``
    becomes ``"header.Current-Org-Id: field required (missing); ..."`` (at most ``limit``
    entries, then how many more).
    """
    if isinstance(detail, str):
        return detail
    if not isinstance(detail, list):
        return orjson.dumps(detail).decode()
    parts: list[str] = []
    for item in detail[:limit]:
        if not isinstance(item, dict):
            parts.append(orjson.dumps(item).decode())
            continue
        loc = item.get("loc")
        where = ".".join(str(p) for p in loc) if isinstance(loc, list) else ""
        msg = item.get("msg")
        kind = item.get("type")
        text = str(msg) if msg is not None else "invalid"
        if kind is not None:
            text += f" ({kind})"
        parts.append(f"{where}: {text}" if where else text)
    if len(detail) > limit:
        parts.append(f"and {len(detail) - limit} more")
    return "; ".join(parts)
