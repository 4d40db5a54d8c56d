"""Hostile inputs for the hardening tests: mutated valid payloads as raw bytes.

:func:`hostile_bytes` starts from a valid document (``liveflow_graph.testing.payloads``)
and applies one to three mutations: drop a key, give a value the wrong type, make it
``null``, a huge string or a deeply nested list, duplicate a key, write ``NaN`` or
``Infinity``, or put bytes that are not UTF-8 into a string.  Arbitrary JSON
(:func:`~liveflow_graph.testing.json_values`) is mixed in too.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from hypothesis import strategies as st

from liveflow_graph.testing import json_values, payloads

__all__ = ["NAN_TOKENS", "as_bytes", "as_value", "hostile_bytes", "mutated_documents"]

NAN_TOKENS = (b"NaN", b"Infinity", b"-Infinity")

_WRONG = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.text(max_size=5),
    st.just([]),
    st.just({}),
    st.just([1, "x", None]),
    st.just({"id": 1}),
)


_DEEP = "\x00deep:"
"""Marks where :func:`mutated_documents` wants deep nesting (orjson cannot write more than
254 levels, so :func:`as_bytes` and :func:`as_value` expand the marker)."""


def _containers(value: Any) -> list[Any]:
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            found.append(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    return found


def as_bytes(document: Any) -> bytes:
    """The JSON text of a mutated document, deep-nesting markers expanded."""
    try:
        data = orjson.dumps(document)
    except TypeError:  # an integer beyond 64 bits, or a lone surrogate: orjson writes neither
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        data = text.encode("utf-8", "surrogatepass")  # hostile bytes are welcome here
    while (start := data.find(b'"\\u0000deep:')) >= 0:
        end = data.index(b'"', start + 1)
        depth = int(data[start + 12 : end])
        data = data[:start] + b"[" * depth + b'"bottom"' + b"]" * depth + data[end + 1 :]
    return data


def as_value(document: Any) -> Any:
    """The decoded form of a mutated document, deep-nesting markers expanded (in place)."""
    for container in _containers(document):
        keys = list(container) if isinstance(container, dict) else range(len(container))
        for key in keys:
            item = container[key]
            if isinstance(item, str) and item.startswith(_DEEP):
                nested: Any = "bottom"
                for _level in range(int(item[len(_DEEP) :])):
                    nested = [nested]
                container[key] = nested
    return document


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """A valid payload with one to three structural mutations; expand it with
    :func:`as_bytes` or :func:`as_value`."""
    document = orjson.loads(orjson.dumps(draw(payloads())))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        found = _containers(document)
        target = draw(st.sampled_from(found))
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        action = draw(st.sampled_from(["drop", "wrong", "null", "huge", "deep"]))
        if action == "drop":
            del target[key]
        elif action == "wrong":
            target[key] = draw(_WRONG)
        elif action == "null":
            target[key] = None
        elif action == "huge":
            target[key] = draw(st.sampled_from(["x", "${a.result}", "é\u202e<&>\"'"])) * 50_000
        else:
            depth = draw(st.sampled_from([50, 199, 201, 1_000, 1_100, 3_000]))
            target[key] = f"{_DEEP}{depth}"
    return document


def _inject(data: bytes, token: bytes, position: int) -> bytes:
    """``data`` with the first JSON value after a colon at or after ``position`` replaced
    by ``token`` (a crude textual mutation: NaN, duplicate keys, bad bytes)."""
    colon = data.find(b":", position)
    if colon < 0:
        return token
    return data[: colon + 1] + token + b"," + b'"_pad":' + data[colon + 1 :]


@st.composite
def hostile_bytes(draw: st.DrawFn) -> bytes:
    """Bytes of a mutated payload, arbitrary JSON, or a textual corruption of a payload."""
    kind = draw(st.sampled_from(["mutated", "arbitrary", "nan", "duplicate", "utf8", "cut"]))
    if kind == "arbitrary":
        return orjson.dumps(draw(json_values()))
    if kind == "mutated":
        return as_bytes(draw(mutated_documents()))
    data = orjson.dumps(draw(payloads()))
    position = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
    if kind == "nan":
        return _inject(data, draw(st.sampled_from(NAN_TOKENS)), position)
    if kind == "duplicate":
        # the first key of the top-level object (or its first item) appears twice
        brace = data.find(b"{")
        colon = data.find(b":", brace)
        comma = data.find(b",", colon)
        if brace < 0 or colon < 0 or comma < 0:
            return data
        duplicate = data[brace + 1 : colon] + b':{"x":1}'
        return data[: brace + 1] + duplicate + b"," + data[brace + 1 :]
    if kind == "utf8":
        quote = data.find(b'"', position)
        bad = draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80"]))
        return data if quote < 0 else data[: quote + 1] + bad + data[quote + 1 :]
    return data[:position]  # truncated document
