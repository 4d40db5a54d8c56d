"""Where a location is in a JSON text: line and column of the value it names.

Editors, ``FILE:LINE:COL`` text and SARIF consumers (GitHub code scanning) place a finding
on a line, so reports map each diagnostic's location back to the document (once, shared
by every output form).  A location may also point *into* a string value (a reference
inside a prompt): :func:`locate_spots` then counts the string's escapes to find the column.

The scanner walks the text once, descending only into the values on the way to a
requested location and skipping the rest, so the cost is linear in the size of the text;
it keeps its own stack, so any nesting depth the decoder accepts is scanned without recursion.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any

from liveflow_graph.model.jsonpath import ROOT, JSONPath

__all__ = ["Spot", "locate", "locate_spots"]

_WHITESPACE = " \t\n\r"
_STRUCTURE = re.compile(r'[\[\]{}"]')
_SPACE: Callable[[str, int], re.Match[str]] = re.compile(r"[ \t\n\r]*").match  # type: ignore[assignment]  # never None: it matches the empty string
_decode_string = json.decoder.scanstring  # type: ignore[attr-defined]  # public but untyped
_scan_once = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # the C scanner


Spot = tuple[JSONPath, int | None]
"""A place in a document: the location of a value and, for a string value, an index into
its decoded text (``None``: the value itself)."""


def locate(text: str, locations: Iterable[JSONPath]) -> dict[JSONPath, tuple[int, int]]:
    """``{location: (line, column)}`` (both 1-based, columns in code points) for each
    location found in ``text``; locations that are not in the document, or text that is
    not JSON where the scanner needs it to be, are left out."""
    found = locate_spots(text, ((location, None) for location in locations))
    return {location: position for (location, _), position in found.items()}


def locate_spots(text: str, spots: Iterable[Spot]) -> dict[Spot, tuple[int, int]]:
    """Like :func:`locate`, for spots: a spot ``(location, index)`` with an index is the
    ``index``-th character of the string at ``location`` (escapes such as ``\\n`` or
    ``\\u00e9`` count as the one character they stand for); a spot whose value is not a
    string, or whose index is past its end, falls back to the value's own position."""
    spots = set(spots)
    starts = _offsets(text, {location for location, _ in spots})
    offsets: dict[Spot, int] = {}
    for spot in spots:
        location, index = spot
        offset = starts.get(location)
        if offset is None:
            continue
        offsets[spot] = offset if index is None else _inside_string(text, offset, index)
    return _lines_and_columns(text, offsets)


def _lines_and_columns(text: str, offsets: dict[Spot, int]) -> dict[Spot, tuple[int, int]]:
    """``(line, column)`` of each offset, in one left-to-right pass: the text between two
    consecutive offsets is searched for newlines by ``str.count``/``str.rfind`` (in C), so
    a 300 MB document on one line costs one pass, not one per finding."""
    found: dict[Spot, tuple[int, int]] = {}
    line, line_start, previous = 1, 0, 0
    for spot, offset in sorted(offsets.items(), key=lambda item: item[1]):
        newlines = text.count("\n", previous, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", previous, offset) + 1
        previous = offset
        found[spot] = (line, offset - line_start + 1)
    return found


def _inside_string(text: str, start: int, index: int) -> int:
    """The offset in ``text`` of character ``index`` of the JSON string starting at
    ``start`` (its opening quote); ``start`` itself when that is not a string or the index
    is out of range."""
    if index < 0 or start >= len(text) or text[start] != '"':
        return start
    position = start + 1
    for _ in range(index):
        if position >= len(text) or text[position] == '"':
            return start
        if text[position] != "\\":
            position += 1
        elif text.startswith("u", position + 1):
            high = text[position + 2 : position + 6]
            position += 6
            if _is_high_surrogate(high) and text.startswith("\\u", position):
                position += 6  # a surrogate pair is one character
        else:
            position += 2
    return position if position < len(text) else start


def _is_high_surrogate(digits: str) -> bool:
    try:
        return 0xD800 <= int(digits, 16) <= 0xDBFF
    except ValueError:
        return False


def _offsets(text: str, locations: set[JSONPath]) -> dict[JSONPath, int]:
    """``{location: offset of its value}`` for the locations found in ``text``.

    One left-to-right pass.  Only containers on the way to a wanted location are entered;
    inside one, a member is looked at only when its key (or index) leads somewhere
    wanted (no location tuple is built for the others), and every other value is passed
    over by the standard library's C scanner.  The scan stops as soon as every location
    is found: often most of the document (the sessions' copies of each version) is never
    read.  Text that is not JSON past some point keeps what was found before it."""
    if not locations:
        return {}
    # location -> the keys/indices of its members that are wanted or lead to one
    leads: dict[JSONPath, set[str | int]] = {}
    for location in locations:
        for length in range(len(location)):
            leads.setdefault(location[:length], set()).add(location[length])
    found: dict[JSONPath, int] = {}
    with suppress(ValueError, IndexError, StopIteration, _AllFoundError):
        _scan(text, locations, leads, found)
    return found


def _scan(
    text: str,
    wanted: set[JSONPath],
    leads: dict[JSONPath, set[str | int]],
    found: dict[JSONPath, int],
) -> None:
    """Fill ``found`` (see :func:`_offsets`); raises on text that is not JSON."""
    space = _SPACE
    decode = _decode_string
    # the containers on the way: [location, closing character, keys leading on, next index]
    stack: list[list[Any]] = []
    location: JSONPath = ROOT
    index = space(text, 0).end()
    while True:
        # the value at ``index`` is at ``location``: a wanted place, or on the way to one
        if location in wanted:
            found[location] = index
            if len(found) == len(wanted):
                raise _AllFoundError
        char = text[index]
        keys = leads.get(location)
        at_member = False
        if keys is not None and char in "[{":
            close = "]" if char == "[" else "}"
            index = space(text, index + 1).end()
            if text[index] == close:
                index += 1
            else:
                stack.append([location, close, keys, 0])
                at_member = True
        else:
            index = _skip(text, index)
        # on to the next member that leads somewhere, closing the containers that end
        while stack:
            frame = stack[-1]
            if not at_member:
                index = space(text, index).end()
                char = text[index]
                if char == frame[1]:
                    stack.pop()
                    index += 1
                    continue
                if char != ",":
                    raise ValueError("expected ',' or the end of the container")
                index = space(text, index + 1).end()
            at_member = False
            key: str | int
            if frame[1] == "]":
                position: int = frame[3]
                frame[3] = position + 1
                key = position
            else:
                if text[index] != '"':
                    raise ValueError("expected a key")
                key, index = decode(text, index + 1)
                index = space(text, index).end()
                if text[index] != ":":
                    raise ValueError("expected ':'")
                index = space(text, index + 1).end()
            if key in frame[2]:
                location = (*frame[0], key)
                break
            index = _skip(text, index)
        else:
            return  # the outermost value is done


def _skip(text: str, index: int) -> int:
    """The index after the value at ``index``, read by the standard library's C scanner
    (``json``'s ``scan_once``, which builds the value and drops it: the speed of
    ``json.loads``, not a Python step per string and bracket); for nesting deeper than
    that scanner recurses, by :func:`_skip_iteratively`."""
    try:
        return int(_scan_once(text, index)[1])
    except StopIteration:
        raise ValueError("expected a value") from None
    except RecursionError:
        return _skip_iteratively(text, index)


def _skip_iteratively(text: str, index: int) -> int:
    """:func:`_skip` in Python, without recursion: any depth, a step per string and
    bracket."""
    char = text[index]
    if char == '"':
        return int(_decode_string(text, index + 1)[1])
    if char not in "[{":
        end = index
        while end < len(text) and text[end] not in ",]}" + _WHITESPACE:
            end += 1
        return end
    depth = 0
    while True:
        match = _STRUCTURE.search(text, index)
        if match is None:
            raise ValueError("unterminated value")
        index = match.start()
        char = text[index]
        if char == '"':
            index = int(_decode_string(text, index + 1)[1])
            continue
        depth += 1 if char in "[{" else -1
        if depth == 0:
            return index + 1
        index += 1


class _AllFoundError(Exception):
    """Every wanted location has been found: the scan stops."""
