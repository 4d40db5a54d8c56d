"""JSON paths in the JSONPath normalised form: ``$``, ``.key``, ``['odd key']``, ``[3]``."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["ROOT", "child", "from_parts"]

ROOT = "$"


def child(path: str, part: str | int) -> str:
    """The path of ``part`` (a key or an index) inside the value at ``path``."""
    if isinstance(part, int):
        return f"{path}[{part}]"
    if part.isidentifier():
        return f"{path}.{part}"
    escaped = part.replace("\\", "\\\\").replace("'", "\\'")
    return f"{path}['{escaped}']"


def from_parts(parts: Iterable[str | int], base: str = ROOT) -> str:
    """The path made of ``parts`` below ``base``."""
    path = base
    for part in parts:
        path = child(path, part)
    return path
