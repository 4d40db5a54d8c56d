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
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass

from liveflow_graph.model.jsonpath import ROOT, JSONPath

__all__ = ["Spot", "locate", "locate_spots"]

_WHITESPACE = " \t\n\r"
_STRUCTURE = re.compile(r'[\[\]{}"]')
_decode_string = json.decoder.scanstring  # type: ignore[attr-defined]  # public but untyped
_scan_once = json.JSONDecoder().scan_once  # the C scanner when CPython has it


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
    """``{location: offset of its value}`` for the locations found in ``text``."""
    wanted = locations
    if not wanted:
        return {}
    prefixes = {location[:length] for location in wanted for length in range(len(location))}
    prefixes |= wanted
    scanner = _Scanner(text, wanted, prefixes)
    # not JSON past some point: keep what was found; _AllFoundError: all were found, so the
    # rest (often most of the document: the sessions' copies of each version) is not read
    with suppress(ValueError, IndexError, _AllFoundError):
        scanner.value(_skip_ws(text, 0), ROOT)
    return scanner.found


class _AllFoundError(Exception):
    """Every wanted location has been found: the scan stops."""


def _skip_ws(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


@dataclass
class _Container:
    """An object or array the scanner is inside: where it is and what comes next."""

    location: JSONPath
    close: str
    position: int = 0


class _Scanner:
    """Walks the text with an explicit stack, so any nesting depth is scanned without
    recursion."""

    def __init__(self, text: str, wanted: set[JSONPath], prefixes: set[JSONPath]) -> None:
        self.text = text
        self.wanted = wanted
        self.prefixes = prefixes
        self.found: dict[JSONPath, int] = {}

    def value(self, index: int, location: JSONPath) -> int:
        """Scan the value at ``index`` (at ``location``); return the index after it."""
        stack: list[_Container] = []
        while True:
            index, opened = self.enter(index, location)
            if opened is not None:
                stack.append(opened)
                index, location = self.member(index, opened)
                continue
            next_member = self.after(index, stack)
            if isinstance(next_member, int):
                return next_member
            index, location = next_member

    def enter(self, index: int, location: JSONPath) -> tuple[int, _Container | None]:
        """Record the value at ``index``; open it when it leads to a wanted location
        (``(index of its first member, container)``), else ``(index after it, None)``."""
        if location in self.wanted:
            self.found[location] = index
            if len(self.found) == len(self.wanted):
                raise _AllFoundError
        char = self.text[index]
        if location not in self.prefixes or char not in "[{":
            return self.skip(index), None
        close = "]" if char == "[" else "}"
        index = _skip_ws(self.text, index + 1)
        if self.text[index] == close:
            return index + 1, None
        return index, _Container(location, close)

    def after(self, index: int, stack: list[_Container]) -> int | tuple[int, JSONPath]:
        """After a value: close the containers that end here; the next member's index and
        location, or the index after the outermost value when the stack is empty."""
        text = self.text
        while stack:
            index = _skip_ws(text, index)
            if text[index] == stack[-1].close:
                stack.pop()
                index += 1
                continue
            if text[index] != ",":
                raise ValueError("expected ','")
            return self.member(_skip_ws(text, index + 1), stack[-1])
        return index

    def member(self, index: int, container: _Container) -> tuple[int, JSONPath]:
        """The index and location of the member starting at ``index`` (after its key, for
        an object)."""
        if container.close == "]":
            container.position += 1
            return index, (*container.location, container.position - 1)
        text = self.text
        if text[index] != '"':
            raise ValueError("expected a key")
        key, index = _decode_string(text, index + 1)
        index = _skip_ws(text, index)
        if text[index] != ":":
            raise ValueError("expected ':'")
        return _skip_ws(text, index + 1), (*container.location, key)

    def skip(self, index: int) -> int:
        """The index after the value at ``index``, without building any location.

        The value is read by the standard library's C scanner (``json``'s ``scan_once``),
        which builds and drops it: a value is skipped at the speed of ``json.loads``
        instead of a Python step per string and bracket (about 10x faster on a document
        whose findings are spread over thousands of steps)."""
        try:
            return int(_scan_once(self.text, index)[1])
        except StopIteration:
            raise ValueError("expected a value") from None
        except RecursionError:  # the C scanner recurses: nesting deeper than it goes
            return self.skip_iteratively(index)

    def skip_iteratively(self, index: int) -> int:
        """:meth:`skip` in Python, with no recursion: any depth, a step per string and
        bracket."""
        text = self.text
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
