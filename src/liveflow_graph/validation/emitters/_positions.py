"""Where a location is in a JSON text: line and column of the value it names.

SARIF consumers (GitHub code scanning) place a result on a line, so the SARIF emitter
maps each diagnostic's location back to the document.  The scanner walks the text once,
descending only into the values on the way to a requested location and skipping the
rest, so the cost is linear in the size of the text.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from contextlib import suppress

from liveflow_graph.model.jsonpath import ROOT, JSONPath

__all__ = ["locate"]

_WHITESPACE = " \t\n\r"
_STRUCTURE = re.compile(r'[\[\]{}"]')
_decode_string = json.decoder.scanstring  # type: ignore[attr-defined]  # public but untyped


def locate(text: str, locations: Iterable[JSONPath]) -> dict[JSONPath, tuple[int, int]]:
    """``{location: (line, column)}`` (both 1-based, columns in code points) for each
    location found in ``text``; locations that are not in the document, or text that is
    not JSON where the scanner needs it to be, are left out."""
    wanted = set(locations)
    if not wanted:
        return {}
    prefixes = {location[:length] for location in wanted for length in range(len(location))}
    prefixes |= wanted
    scanner = _Scanner(text, wanted, prefixes)
    with suppress(ValueError, IndexError):  # not JSON past some point: keep what was found
        scanner.value(_skip_ws(text, 0), ROOT)
    newlines = [i for i, char in enumerate(text) if char == "\n"]
    found: dict[JSONPath, tuple[int, int]] = {}
    for location, offset in scanner.found.items():
        line = bisect_right(newlines, offset - 1)
        start = newlines[line - 1] + 1 if line else 0
        found[location] = (line + 1, offset - start + 1)
    return found


def _skip_ws(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


class _Scanner:
    def __init__(self, text: str, wanted: set[JSONPath], prefixes: set[JSONPath]) -> None:
        self.text = text
        self.wanted = wanted
        self.prefixes = prefixes
        self.found: dict[JSONPath, int] = {}

    def value(self, index: int, location: JSONPath) -> int:
        """Scan the value at ``index`` (at ``location``); return the index after it."""
        if location in self.wanted:
            self.found[location] = index
        if location not in self.prefixes:
            return self.skip(index)
        char = self.text[index]
        if char == "{":
            return self.object(index, location)
        if char == "[":
            return self.array(index, location)
        return self.skip(index)

    def object(self, index: int, location: JSONPath) -> int:
        text = self.text
        index = _skip_ws(text, index + 1)
        if text[index] == "}":
            return index + 1
        while True:
            if text[index] != '"':
                raise ValueError("expected a key")
            key, index = _decode_string(text, index + 1)
            index = _skip_ws(text, index)
            if text[index] != ":":
                raise ValueError("expected ':'")
            index = self.value(_skip_ws(text, index + 1), (*location, key))
            index = _skip_ws(text, index)
            if text[index] == "}":
                return index + 1
            if text[index] != ",":
                raise ValueError("expected ','")
            index = _skip_ws(text, index + 1)

    def array(self, index: int, location: JSONPath) -> int:
        text = self.text
        index = _skip_ws(text, index + 1)
        if text[index] == "]":
            return index + 1
        position = 0
        while True:
            index = self.value(index, (*location, position))
            position += 1
            index = _skip_ws(text, index)
            if text[index] == "]":
                return index + 1
            if text[index] != ",":
                raise ValueError("expected ','")
            index = _skip_ws(text, index + 1)

    def skip(self, index: int) -> int:
        """The index after the value at ``index``, without building any location."""
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
