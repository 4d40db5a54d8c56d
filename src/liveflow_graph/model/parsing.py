"""Read any Live Flow API document into typed models.

One entry point, :func:`load`, takes a path, ``"-"`` for standard input, JSON text
(``str``/``bytes``), an open binary/text file, or an already-decoded JSON value, and detects
which document it is (see :class:`~liveflow_graph.model.payload.PayloadKind`).  Every failure is a
:class:`~liveflow_graph.errors.LiveFlowError` naming the JSON path (or line and column).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Any, Final

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from liveflow_graph.errors import (
    ErrorDetail,
    SchemaError,
    UnknownShapeError,
)
from liveflow_graph.gc_pause import paused_gc
from liveflow_graph.model.decoding import (
    DECODER_MAX_DEPTH,
    DEFAULT_MAX_BYTES,
    check_max_depth,
    check_python_value,
    decode_json,
    nested_too_deep,
    read_source,
    too_deep,
    too_large,
)
from liveflow_graph.model.jsonpath import ROOT, ROOT_PATH, JSONPath, render
from liveflow_graph.model.models import FlowVersion, JSONValue, LiveFlow, Session
from liveflow_graph.model.payload import Payload, PayloadKind

__all__ = ["Source", "detect_kind", "load", "loads", "parse_value"]

Source = str | bytes | bytearray | os.PathLike[str] | IO[bytes] | IO[str]
"""What :func:`load` accepts besides an already-decoded JSON value."""


_MODEL_OF: Final[dict[PayloadKind, type[LiveFlow | FlowVersion | Session]]] = {
    PayloadKind.FLOW: LiveFlow,
    PayloadKind.FLOWS: LiveFlow,
    PayloadKind.VERSION: FlowVersion,
    PayloadKind.SESSION: Session,
    PayloadKind.SESSIONS: Session,
}
_LIST_OF: Final = {PayloadKind.FLOW: PayloadKind.FLOWS, PayloadKind.SESSION: PayloadKind.SESSIONS}
_LIST_ADAPTERS: Final[dict[PayloadKind, TypeAdapter[list[Any]]]] = {
    PayloadKind.FLOWS: TypeAdapter(list[LiveFlow]),
    PayloadKind.SESSIONS: TypeAdapter(list[Session]),
}
_SESSION_KEYS: Final = ("flow_version", "steps_count", "current_step", "status", "inputs")
_SHAPES: Final = (
    "a live flow, a list of live flows, a flow version, a session or a list of sessions"
)


def load(
    source: Source | JSONValue,
    *,
    kind: PayloadKind | str | None = None,
    name: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    max_depth: int | None = None,
) -> Payload:
    """Parse a Live Flow document from wherever it is.

    ``source`` may be a :class:`~pathlib.Path` or path string (``"-"`` reads standard
    input), JSON text as ``str`` or ``bytes`` (a string is JSON when it starts with ``{``
    or ``[``), an open file, or a decoded value (``dict``/``list``).  ``kind`` forces a
    shape instead of detecting it; ``name`` is used in error messages instead of the
    file name.  Input larger than ``max_bytes`` (default 1 GiB; ``None`` for no limit) is
    refused with :class:`PayloadTooLargeError` before it is read.  JSON text nested more
    than 1,024 levels (:data:`DECODER_MAX_DEPTH`, the decoder's own limit) is refused with
    :class:`InvalidJSONError`; pass ``max_depth`` to refuse shallower nesting too (text or
    decoded values) with :class:`PayloadTooDeepError`.  That check reads every value of
    the document once, so it is off by default.  A decoded value is always read once for
    what JSON text cannot hold: a value that contains itself, or a lone surrogate in a
    string or key (:class:`PayloadError`).  One leading UTF-8 byte-order mark is ignored.

    >>> payload = load('{"id": "v1", "steps": [], "step_transitions": []}')
    >>> payload.kind
    <PayloadKind.VERSION: 'version'>
    """
    if isinstance(source, (bytes, bytearray)) or (
        isinstance(source, str) and source.removeprefix("\ufeff").lstrip()[:1] in ("{", "[")
    ):
        return loads(source, kind=kind, name=name, max_bytes=max_bytes, max_depth=max_depth)
    if isinstance(source, (str, os.PathLike)):
        check_max_depth(max_depth, text=True)  # before reading a (possibly large) file
        text, label = read_source(source, max_bytes)
        return loads(text, kind=kind, name=name or label, max_bytes=max_bytes, max_depth=max_depth)
    if hasattr(source, "read"):
        check_max_depth(max_depth, text=True)
        label = name or str(getattr(source, "name", "<stream>"))
        data = source.read() if max_bytes is None else source.read(max_bytes + 1)
        return loads(data, kind=kind, name=label, max_bytes=max_bytes, max_depth=max_depth)
    with paused_gc():  # as in loads(): many new objects, no garbage cycles
        return parse_value(source, kind=kind, name=name, max_depth=max_depth)


def loads(
    text: str | bytes | bytearray,
    *,
    kind: PayloadKind | str | None = None,
    name: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    max_depth: int | None = None,
) -> Payload:
    """Parse JSON text (``str`` or UTF-8 ``bytes``) into a :class:`Payload` (limits: see
    :func:`load`)."""
    check_max_depth(max_depth, text=True)
    if max_bytes is not None and len(text) > max_bytes:
        raise too_large(max_bytes, name)
    with paused_gc():
        value = decode_json(text, name=name)
        # the decoder itself refuses anything deeper than DECODER_MAX_DEPTH
        if max_depth is not None and max_depth < DECODER_MAX_DEPTH:
            deepest = too_deep(value, max_depth)
            if deepest is not None:
                raise nested_too_deep(max_depth, deepest, name)
        return _validate(value, kind, name)  # decoded text has no cycles or lone surrogates


def detect_kind(value: JSONValue) -> PayloadKind:
    """Which API document ``value`` (a decoded JSON value) is.

    Raises :class:`UnknownShapeError` when it is none of them.
    """
    if isinstance(value, list):
        if not value:
            return PayloadKind.FLOWS
        first = value[0]
        if not isinstance(first, dict):
            raise UnknownShapeError(
                f"expected a list of live flows or sessions, but the first item is "
                f"{_describe(first)}",
                path=render((0,)),
            )
        item_kind = _detect_object(first, (0,))
        if item_kind not in _LIST_OF:
            raise UnknownShapeError(
                "a list of flow versions is not an API document: pass one version at a time",
                path=ROOT_PATH,
            )
        return _LIST_OF[item_kind]
    if isinstance(value, dict):
        return _detect_object(value, ROOT)
    raise UnknownShapeError(f"expected {_SHAPES}, got {_describe(value)}", path=ROOT_PATH)


def parse_value(
    value: JSONValue,
    *,
    kind: PayloadKind | str | None = None,
    name: str | None = None,
    max_depth: int | None = None,
) -> Payload:
    """Validate an already-decoded JSON value into a :class:`Payload`.

    Objects and lists nested more than ``max_depth`` levels raise
    :class:`PayloadTooDeepError` (``None``, the default: no check).  A value that contains
    itself (a reference cycle) or a string or key with a lone surrogate (``"\\ud800"``: not
    Unicode text, so it cannot be written as UTF-8) raises :class:`PayloadError`; JSON text
    can hold neither, so only values built in Python are walked for them."""
    check_max_depth(max_depth, text=False)
    check_python_value(value, max_depth, name)
    return _validate(value, kind, name)


def _validate(value: JSONValue, kind: PayloadKind | str | None, name: str | None) -> Payload:
    """Detect (or take) the document kind and validate ``value`` into a :class:`Payload`."""
    try:
        resolved = detect_kind(value) if kind is None else PayloadKind(kind)
    except UnknownShapeError as exc:
        raise UnknownShapeError(exc.message, path=exc.path, source=name) from None
    except ValueError:
        choices = ", ".join(k.value for k in PayloadKind)
        raise UnknownShapeError(
            f"unknown payload kind {kind!r} (must be one of {choices})", source=name
        ) from None
    model = _MODEL_OF[resolved]
    adapter = _LIST_ADAPTERS.get(resolved)
    value = _share_versions(value, resolved)
    try:
        if adapter is None:
            items: tuple[Any, ...] = (model.model_validate(value),)
        else:
            if not isinstance(value, list):
                raise SchemaError(
                    [ErrorDetail(ROOT_PATH, f"expected a list, got {_describe(value)}")],
                    source=name,
                )
            items = tuple(adapter.validate_python(value))
    except ValidationError as exc:
        raise SchemaError(_details(exc.errors()), source=name) from None
    return Payload(resolved, items, source=name)  # items at $, or at $[i] in a list


def _share_versions(value: JSONValue, kind: PayloadKind) -> JSONValue:
    """Validate each distinct flow version once.

    Every session carries a full copy of the version it ran on, so a payload repeats the
    same version many times.  A version whose JSON equals one already validated (same id,
    same content) is replaced by that validated :class:`FlowVersion` before validation,
    so the copies share one model instance.  The caller's objects are never mutated (we
    copy the dicts we change), and a version that does not validate is left as it is for
    the normal pass to report with its full path.
    """
    if kind is PayloadKind.FLOW:
        return _share_in_flow(value) if isinstance(value, dict) else value
    if kind in (PayloadKind.FLOWS, PayloadKind.SESSIONS) and isinstance(value, list):
        cache: dict[str, tuple[JSONValue, FlowVersion]] = {}
        share = _share_in_flow if kind is PayloadKind.FLOWS else _share_in_session
        return [share(item, cache) if isinstance(item, dict) else item for item in value]
    return value


def _shared(doc: JSONValue, cache: dict[str, tuple[JSONValue, FlowVersion]]) -> JSONValue:
    """``doc`` or the validated version equal to it."""
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
        return doc
    known = cache.get(doc["id"])
    if known is not None:
        return known[1] if (known[0] is doc or known[0] == doc) else doc
    try:
        version = FlowVersion.model_validate(doc)
    except ValidationError:
        return doc
    cache[doc["id"]] = (doc, version)
    return version


def _share_in_session(
    session: dict[str, JSONValue], cache: dict[str, tuple[JSONValue, FlowVersion]]
) -> dict[str, JSONValue]:
    if "flow_version" not in session:
        return session
    return {**session, "flow_version": _shared(session["flow_version"], cache)}


def _share_in_flow(
    flow: dict[str, JSONValue], cache: dict[str, tuple[JSONValue, FlowVersion]] | None = None
) -> dict[str, JSONValue]:
    cache = {} if cache is None else cache
    sessions = flow.get("sessions")
    if not isinstance(sessions, list) or not sessions:
        return flow
    copy = dict(flow)
    if "current_version" in flow:
        copy["current_version"] = _shared(flow["current_version"], cache)
    copy["sessions"] = [_share_in_session(s, cache) if isinstance(s, dict) else s for s in sessions]
    return copy


def _detect_object(obj: Mapping[str, Any], location: JSONPath) -> PayloadKind:
    if "current_version" in obj:
        return PayloadKind.FLOW
    if any(key in obj for key in _SESSION_KEYS):
        return PayloadKind.SESSION
    if "step_transitions" in obj or "steps" in obj:
        return PayloadKind.VERSION
    keys = ", ".join(sorted(map(str, obj))[:8]) or "no keys"
    raise UnknownShapeError(
        f"expected {_SHAPES}; this object has {keys} "
        "(a live flow has current_version, a version has steps and step_transitions, "
        "a session has flow_version and status)",
        path=render(location),
    )


_EXPECTED: Final = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_from_float": "an integer",
    "int_parsing": "an integer",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "dict_type": "an object",
    "list_type": "a list",
    "datetime_type": "an ISO 8601 timestamp",
    "datetime_parsing": "an ISO 8601 timestamp",
    "datetime_from_date_parsing": "an ISO 8601 timestamp",
}


def _details(errors: list[ErrorDetails]) -> list[ErrorDetail]:
    out: list[ErrorDetail] = []
    for err in errors:
        path = render(err["loc"])
        kind = err["type"]
        if kind == "missing":
            message = "field required"
        elif kind in _EXPECTED:
            message = f"expected {_EXPECTED[kind]}, got {_describe(err.get('input'))}"
        else:
            text = err["msg"]
            message = text[:1].lower() + text[1:]
        out.append(ErrorDetail(path, message))
    return out


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
