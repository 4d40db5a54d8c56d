"""Read any Live Flow API document into typed models.

One entry point, :func:`load`, takes a path, ``"-"`` for standard input, JSON text
(``str``/``bytes``), an open binary/text file, or an already-decoded JSON value, and detects
which document it is (see :class:`~liveflow_graph.model.payload.PayloadKind`).  Every failure is a
:class:`~liveflow_graph.errors.LiveFlowError` naming the JSON path (or line and column).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, Final

import orjson
import pydantic_core
from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from liveflow_graph.errors import (
    ConfigError,
    ErrorDetail,
    InputError,
    InvalidJSONError,
    PayloadError,
    PayloadTooDeepError,
    PayloadTooLargeError,
    SchemaError,
    UnknownShapeError,
)
from liveflow_graph.gc_pause import paused_gc
from liveflow_graph.model.jsonpath import ROOT, ROOT_PATH, JSONPath, render
from liveflow_graph.model.models import FlowVersion, JSONValue, LiveFlow, Session
from liveflow_graph.model.payload import Payload, PayloadKind

__all__ = [
    "DECODER_MAX_DEPTH",
    "DEFAULT_MAX_BYTES",
    "Source",
    "check_max_depth",
    "decode_json",
    "detect_kind",
    "load",
    "loads",
    "parse_value",
    "read_source",
]

Source = str | bytes | bytearray | os.PathLike[str] | IO[bytes] | IO[str]
"""What :func:`load` accepts besides an already-decoded JSON value."""

STDIN: Final = "-"
DEFAULT_MAX_BYTES: Final = 1 << 30
"""Inputs above 1 GiB are refused unless the caller raises the limit."""
DECODER_MAX_DEPTH: Final = 1024
"""The deepest nesting of objects and lists the JSON decoder reads (orjson's fixed limit):
JSON text nested deeper is always refused.  An API document nests about a dozen levels."""

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
        raise _too_large(max_bytes, name)
    with paused_gc():
        value = decode_json(text, name=name)
        # the decoder itself refuses anything deeper than DECODER_MAX_DEPTH
        if max_depth is not None and max_depth < DECODER_MAX_DEPTH:
            deepest = _too_deep(value, max_depth)
            if deepest is not None:
                raise _nested_too_deep(max_depth, deepest, name)
        return _validate(value, kind, name)  # decoded text has no cycles or lone surrogates


def check_max_depth(max_depth: int | None, *, text: bool) -> None:
    """Refuse a ``max_depth`` that is not a positive integer, or, for JSON text, above what
    the decoder reads."""
    if max_depth is None:
        return
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 1:
        raise ConfigError(f"max_depth must be a positive integer or None, not {max_depth!r}")
    if text and max_depth > DECODER_MAX_DEPTH:
        raise ConfigError(
            f"max_depth={max_depth:,} is above the JSON decoder's own limit of "
            f"{DECODER_MAX_DEPTH:,} levels"
        )


def _too_deep(value: JSONValue, max_depth: int) -> JSONPath | None:
    """The location of the first object or list nested more than ``max_depth`` levels
    deep in ``value`` (the top-level container is level 1), or ``None``.  Level by level,
    without recursion; paths are worked out only when the limit is crossed."""
    level: list[Any] = [value] if isinstance(value, dict | list) else []
    for _ in range(max_depth):
        below: list[Any] = []
        for item in level:
            values = item.values() if isinstance(item, dict) else item
            below.extend([v for v in values if isinstance(v, dict | list)])
        if not below:
            return None
        level = below
    return _path_below(value, max_depth)


def _path_below(value: JSONValue, max_depth: int) -> JSONPath:
    """The location of the first container (depth-first) at level ``max_depth + 1``."""
    stack: list[tuple[JSONValue, JSONPath]] = [(value, ROOT)]
    while stack:
        item, parts = stack.pop()
        if len(parts) == max_depth:
            return parts
        pairs: Any = item.items() if isinstance(item, dict) else enumerate(item)
        for key, child_value in reversed(list(pairs)):
            if isinstance(child_value, dict | list):
                stack.append((child_value, (*parts, key)))
    return ROOT  # not reached: _too_deep found such a container


def _nested_too_deep(max_depth: int, where: JSONPath, name: str | None) -> PayloadTooDeepError:
    return PayloadTooDeepError(
        f"objects and lists are nested more than {max_depth:,} "
        f"level{'s' if max_depth != 1 else ''} deep here "
        "(raise the limit: max_depth in Python, --max-depth on the command line)",
        path=render(where),
        source=name,
    )


_SURROGATE: Final = re.compile("[\\ud800-\\udfff]")
_CYCLE: Final = "the value contains itself (a reference cycle), which JSON cannot hold"


def _surrogate_problem(text: str, what: str) -> str | None:
    """Why ``text`` cannot be written as UTF-8 (a lone surrogate), or ``None``."""
    if text.isascii():
        return None
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return (
        f"{what} has a lone surrogate ({ascii(found.group())[1:-1]} at index {found.start()}),"
        " which is not Unicode text and cannot be written as UTF-8"
    )


def _members(container: dict[Any, Any] | list[Any]) -> Any:
    return iter(container.items()) if isinstance(container, dict) else enumerate(container)


def _check_text(key: str | int, child: object, keys: list[str | int], name: str | None) -> None:
    """Refuse a lone surrogate in the key or the string value of one member of the
    container at ``keys`` (a bad key is reported at its object: the path cannot spell it)."""
    if isinstance(key, str) and (problem := _surrogate_problem(key, "a key")):
        raise PayloadError(f"{problem} ({key!a})", path=render(tuple(keys)), source=name)
    if isinstance(child, str) and (problem := _surrogate_problem(child, "the string")):
        raise PayloadError(problem, path=render((*keys, key)), source=name)


def _check_python_value(value: JSONValue, max_depth: int | None, name: str | None) -> None:
    """Refuse a decoded value that contains itself, has a lone surrogate in a string or a
    key, or nests deeper than ``max_depth``, at the first such place (depth-first).

    One pass without recursion: a stack of the containers on the current path (their ids
    in ``on_path``), so each value is read once per place it appears.  A container
    referenced twice but not inside itself (a DAG) is fine.
    """
    if isinstance(value, str):
        problem = _surrogate_problem(value, "the string")
        if problem is not None:
            raise PayloadError(problem, path=ROOT_PATH, source=name)
    if not isinstance(value, dict | list):
        return
    stack: list[tuple[Any, Any]] = [(value, _members(value))]
    keys: list[str | int] = []  # keys[i]: where stack[i + 1] sits in stack[i]
    on_path = {id(value)}
    while stack:
        container, members = stack[-1]
        for key, child in members:
            _check_text(key, child, keys, name)
            if isinstance(child, dict | list):
                if id(child) in on_path:
                    raise PayloadError(_CYCLE, path=render((*keys, key)), source=name)
                if max_depth is not None and len(stack) >= max_depth:
                    raise _nested_too_deep(max_depth, (*keys, key), name)
                keys.append(key)
                on_path.add(id(child))
                stack.append((child, _members(child)))
                break
        else:
            stack.pop()
            on_path.discard(id(container))
            if keys:
                keys.pop()


def _too_large(max_bytes: int, name: str | None) -> PayloadTooLargeError:
    return PayloadTooLargeError(
        f"the input is larger than the limit of {max_bytes:,} bytes "
        "(raise the limit: max_bytes in Python, --max-bytes on the command line)",
        source=name,
    )


def decode_json(text: str | bytes | bytearray, *, name: str | None = None) -> JSONValue:
    """Decode strict JSON (no NaN/Infinity), reporting line and column on failure.

    pydantic-core's parser (jiter) builds the Python objects as it reads, with no
    intermediate document tree, and reads integers of any size exactly (up to Python's
    4,300 digits).  Where it stops, orjson decodes again: its wording and positions are the
    errors users see, and it reads documents nested deeper than jiter's 200 levels (up to
    1,024).  orjson itself turns integers beyond 64 bits into floats, so a number jiter
    refused as out of range is an error here, never a silently rounded value.  One leading
    UTF-8 byte-order mark is ignored (RFC 8259, section 8.1); lines and columns of later
    errors are those of the text after it.
    """
    text = _without_bom(text, name)
    try:
        return pydantic_core.from_json(text, allow_inf_nan=False)
    except ValueError as error:
        refused = str(error)
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        reason = exc.msg
        if isinstance(text, (bytes, bytearray)) and "utf-8" in reason.lower():
            reason = "the input is not valid UTF-8 text"
        elif "depth limit" in reason or "recursion" in reason:
            reason = "nested more than 1,024 levels deep (the JSON decoder's limit)"
        elif "infinity when parsed as double" in reason:
            reason = _NUMBER_TOO_LARGE
        line, column = (exc.lineno, exc.colno) if exc.doc else (1, 1)
        raise InvalidJSONError(reason, line=line, column=column, source=name) from None
    where = _JITER_POSITION.search(refused)
    if where is not None and refused.startswith("number out of range"):
        line, column = int(where["line"]), int(where["column"])
        raise InvalidJSONError(_NUMBER_TOO_LARGE, line=line, column=column, source=name)
    return value


_UTF8_BOM: Final = b"\xef\xbb\xbf"
_OTHER_BOMS: Final = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _without_bom(text: str | bytes | bytearray, name: str | None) -> str | bytes | bytearray:
    """``text`` without one leading UTF-8 byte-order mark; a UTF-16 or UTF-32 mark is an
    :class:`InvalidJSONError` that names the encoding."""
    if isinstance(text, str):
        return text.removeprefix("\ufeff")
    if text.startswith(_UTF8_BOM):
        return text[len(_UTF8_BOM) :]
    for mark, encoding in _OTHER_BOMS:
        if text.startswith(mark):
            raise InvalidJSONError(
                f"the input is {encoding} text (with a byte-order mark); JSON files must be UTF-8",
                line=1,
                column=1,
                source=name,
            )
    return text


_NUMBER_TOO_LARGE = (
    "a number is too large to read exactly (more than 4,300 digits, or beyond the range of "
    "a floating-point number)"
)
_JITER_POSITION = re.compile(r"at line (?P<line>\d{1,9}) column (?P<column>\d{1,9})$")


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
    _check_python_value(value, max_depth, name)
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


def read_source(source: str | os.PathLike[str], max_bytes: int | None) -> tuple[bytes, str]:
    """The bytes of a file (``"-"``: standard input), read once, and its name for messages.

    A regular file larger than ``max_bytes`` is refused before it is read; from anything
    else (standard input, a FIFO) at most ``max_bytes + 1`` bytes are read, so that
    :func:`loads` can refuse the excess.  Errors are :class:`InputError`.
    """
    if source == STDIN:
        try:
            limit = -1 if max_bytes is None else max_bytes + 1
            return sys.stdin.buffer.read(limit), "<stdin>"
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read standard input: {exc}", source="<stdin>") from None
    if "\x00" in str(source):  # the OS refuses it with a ValueError, not an OSError
        raise InputError("not a valid file name (it has a NUL character)", source=repr(str(source)))
    path = Path(source)
    try:
        if max_bytes is not None and path.is_file() and path.stat().st_size > max_bytes:
            raise _too_large(max_bytes, str(source))
        return path.read_bytes(), str(source)
    except FileNotFoundError:
        raise InputError("no such file", source=str(source)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a JSON file", source=str(source)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=str(source)) from None


# -- pydantic errors -> JSON path + plain message -----------------------------------------

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
