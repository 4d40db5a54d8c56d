"""JSON values of any depth: equality and encoding without recursion.

The decoder accepts documents nested up to 1,024 levels, deeper than Python's ``==`` on
nested lists and dicts (the interpreter's recursion limit), pydantic's JSON-mode dump and
orjson's encoder (255 levels) can go.  These helpers walk a value with an explicit stack,
so every depth the decoder accepts can be compared and written back out.

:func:`dumps` gives orjson's bytes whenever orjson can encode the value (so output is the
same as before for ordinary documents); only deeper values take the iterative path, which
encodes every scalar with orjson and lays containers out the way orjson does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

__all__ = ["dumps", "equal"]

_INDENT = "  "


def equal(left: object, right: object) -> bool:
    """``left == right`` for JSON-like values (dicts, lists and tuples, scalars) of any
    depth; other values are compared with ``==`` as they are."""
    stack: list[tuple[object, object]] = [(left, right)]
    while stack:
        a, b = stack.pop()
        if a is b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            if a.keys() != b.keys():
                return False
            stack.extend((a[key], b[key]) for key in a)
        elif isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            if type(a) is not type(b) or len(a) != len(b):
                return False
            stack.extend(zip(a, b, strict=True))
        elif isinstance(a, (dict, list, tuple)) or isinstance(b, (dict, list, tuple)) or a != b:
            return False
    return True


def dumps(value: Any, *, indent: bool = False, sort_keys: bool = False) -> str:
    """``value`` as JSON text: ``orjson.dumps`` (with ``OPT_INDENT_2`` / ``OPT_SORT_KEYS``
    as asked) when orjson can encode it, else the same layout built iteratively."""
    option = (orjson.OPT_INDENT_2 if indent else 0) | (orjson.OPT_SORT_KEYS if sort_keys else 0)
    try:
        return orjson.dumps(value, option=option).decode("utf-8")
    except orjson.JSONEncodeError as error:
        if "recursion" not in str(error).lower():
            raise
    return "".join(_pieces(value, indent=indent, sort_keys=sort_keys))


def _pieces(value: Any, *, indent: bool, sort_keys: bool) -> Iterator[str]:
    """The JSON text of ``value`` in pieces; containers are opened and closed on an
    explicit stack of iterators over their members."""
    stack: list[tuple[Iterator[tuple[str | None, Any]], str, bool]] = []
    pending: list[tuple[str | None, Any]] = [(None, value)]
    while pending or stack:
        if pending:
            key, item = pending.pop()
            if stack:
                yield from _separator(stack, indent)
            if key is not None:
                yield orjson.dumps(key).decode("utf-8") + (": " if indent else ":")
            opened = _open(item, sort_keys)
            if opened is None:
                yield orjson.dumps(item).decode("utf-8")
                continue
            members, brackets = opened
            yield brackets[0]
            stack.append((members, brackets[1], True))
        members, close, first = stack[-1]
        following = next(members, None)
        if following is not None:
            pending.append(following)
            continue
        stack.pop()
        if indent and not first:
            yield "\n" + _INDENT * len(stack)
        yield close


def _separator(
    stack: list[tuple[Iterator[tuple[str | None, Any]], str, bool]], indent: bool
) -> Iterator[str]:
    """The comma (when not the first member) and, indented, the line break before a member;
    marks the innermost container as no longer empty."""
    members, close, first = stack[-1]
    if not first:
        yield ","
    if indent:
        yield "\n" + _INDENT * len(stack)
    stack[-1] = (members, close, False)


def _open(item: Any, sort_keys: bool) -> tuple[Iterator[tuple[str | None, Any]], str] | None:
    """For a container: an iterator over its ``(key, member)`` pairs (keys ``None`` in an
    array) and its brackets; ``None`` for a scalar."""
    if isinstance(item, dict):
        keys = sorted(item) if sort_keys else list(item)
        return iter([(str(key), item[key]) for key in keys]), "{}"
    if isinstance(item, (list, tuple)):
        return iter([(None, member) for member in item]), "[]"
    return None
