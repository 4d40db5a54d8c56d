"""JSON paths as data: a tuple of keys (``str``) and array indices (``int``).

``("current_version", "steps", 3, "id")`` is the place of a value in a document; its text,
``$.current_version.steps[3].id``, is made by :func:`render` only where text is needed
(messages, reports, SARIF).  Keys that are identifiers render as ``.key``, others as
``['odd key']`` (a backslash and a quote escaped by a backslash), indices as ``[3]``.

Public entry points that take a path as text (``Diagnostic(path=...)``,
``FlowGraph(path=...)``...) turn it into a tuple with :func:`parse`, a linear tokenizer
of exactly what :func:`render` writes: ``render(parse(text)) == text`` for every text it
accepts, and ``parse(render(path)) == path`` for every path.
"""

from __future__ import annotations

from typing import Final

from liveflow_graph.errors import ConfigError

__all__ = ["ROOT", "ROOT_PATH", "JSONPath", "located", "order_key", "parse", "render"]

JSONPath = tuple[str | int, ...]
"""The place of a value in a JSON document: object keys and array indices, outermost first."""

ROOT: Final[JSONPath] = ()
"""The whole document."""

ROOT_PATH: Final = "$"
"""The text of :data:`ROOT`."""

_DIGITS: Final = frozenset("0123456789")
_SHOWN: Final = 60


def render(path: JSONPath, root: str = ROOT_PATH) -> str:
    """The text of ``path`` (``$.steps[3]['odd key']``); ``root`` replaces the leading
    ``$`` (``""`` gives a suffix such as ``.messages[0].content``)."""
    parts = [root]
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif part.isidentifier():
            parts.append("." + part)
        else:
            parts.append("['" + part.replace("\\", "\\\\").replace("'", "\\'") + "']")
    return "".join(parts)


def order_key(path: JSONPath) -> tuple[tuple[bool, str | int], ...]:
    """A sort key: paths compare part by part, keys as text and indices as numbers (never
    converted from or to text, whatever their size); a prefix comes first, and at one
    position (two containers, so never within one document) keys come before indices."""
    return tuple([(isinstance(part, int), part) for part in path])


def parse(text: str) -> JSONPath:
    """The path whose :func:`render` is ``text``.

    One pass over the text.  Raises :class:`~liveflow_graph.errors.ConfigError` (a
    ``ValueError``) for anything :func:`render` does not write, such as ``$['name']``
    (written ``$.name``), ``$[03]`` or ``$.a b``.
    """
    if not text.startswith(ROOT_PATH):
        raise _not_a_path(text, 0, "a JSON path starts with '$'")
    parts: list[str | int] = []
    end = len(text)
    index = 1
    while index < end:
        char = text[index]
        if char == ".":
            index = _name(text, index + 1, parts)
        elif text.startswith("['", index):
            index = _quoted(text, index + 2, parts)
        elif char == "[":
            index = _index(text, index + 1, parts)
        else:
            raise _not_a_path(text, index, "expected '.', '[' or the end")
    return tuple(parts)


def located(path: str, location: JSONPath | None) -> JSONPath:
    """The location of a public constructor's ``path=`` / ``location=`` pair: ``location``
    when given (``path`` is then left at ``$`` or agrees with it), else ``path`` parsed."""
    if location is None:
        return parse(path)
    if path != ROOT_PATH and render(location) != path:
        raise ConfigError(f"path {path!r} and location {location!r} name different places")
    return location


def _name(text: str, start: int, parts: list[str | int]) -> int:
    index = start
    end = len(text)
    while index < end and text[index] not in ".[":
        index += 1
    name = text[start:index]
    if not name.isidentifier():
        raise _not_a_path(text, start, "expected a name (other keys are written ['key'])")
    parts.append(name)
    return index


def _quoted(text: str, start: int, parts: list[str | int]) -> int:
    pieces: list[str] = []
    index = piece = start
    end = len(text)
    while True:
        if index >= end:
            raise _not_a_path(text, start - 2, "the quoted key is not closed by ']")
        char = text[index]
        if char == "\\":
            escaped = text[index + 1 : index + 2]
            if escaped not in ("\\", "'"):
                raise _not_a_path(text, index, "only \\\\ and \\' are escapes in a key")
            pieces.append(text[piece:index])
            pieces.append(escaped)
            index = piece = index + 2
        elif char == "'":
            break
        else:
            index += 1
    if not text.startswith("]", index + 1):
        raise _not_a_path(text, index + 1, "expected ']' after the quoted key")
    pieces.append(text[piece:index])
    key = "".join(pieces)
    if key.isidentifier():
        raise _not_a_path(text, start - 2, f"the key is written .{key}")
    parts.append(key)
    return index + 2


def _index(text: str, start: int, parts: list[str | int]) -> int:
    index = start
    end = len(text)
    while index < end and text[index] in _DIGITS:
        index += 1
    digits = text[start:index]
    if not digits or (digits[0] == "0" and len(digits) > 1):
        raise _not_a_path(text, start, "expected an index (digits, no leading zero)")
    if not text.startswith("]", index):
        raise _not_a_path(text, index, "expected ']' after the index")
    try:
        parts.append(int(digits))
    except ValueError:  # beyond the interpreter's limit on digits: no array is that long
        raise _not_a_path(text, start, "the index is too large") from None
    return index + 1


def _not_a_path(text: str, position: int, why: str) -> ConfigError:
    shown = text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."
    return ConfigError(f"{shown!r} is not a JSON path: {why} (at character {position + 1})")
