"""The shape of the public API, as data: every name in ``liveflow_graph.__all__``, its kind,
and for functions and classes their signatures and public members.

``tests/golden/api/public_api.json`` holds the shape of the API as it was released;
``tests/test_api_surface.py`` checks that today's API still accepts every call that one
accepted.  ``python -m tests.api_shape`` prints today's shape.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from typing import Any

import liveflow_graph

Param = list[Any]  # [name, kind, default repr or None, has default, annotation or None]
Shape = dict[str, Any]

# annotations name classes by their module; modules may move, the classes stay the same
_QUALIFIED = re.compile(r"\bliveflow_graph(?:\.\w+)*\.(?=[A-Z])")
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
_KEPT_DUNDERS = {"__init__", "__call__", "__iter__", "__len__", "__getitem__", "__contains__"}


def _annotation(value: object) -> str | None:
    if value is inspect.Parameter.empty:
        return None
    return _QUALIFIED.sub("", str(value))


def signature(obj: object) -> list[Param] | None:
    """The parameters of ``obj``, or ``None`` when it has no introspectable signature."""
    try:
        parameters = inspect.signature(obj).parameters.values()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return [
        [
            p.name,
            p.kind.name,
            None if p.default is inspect.Parameter.empty else _ADDRESS.sub("", repr(p.default)),
            p.default is not inspect.Parameter.empty,
            _annotation(p.annotation),
        ]
        for p in parameters
    ]


def _members(cls: type) -> dict[str, Shape]:
    members: dict[str, Shape] = {}
    for name in sorted(dir(cls)):
        if name.startswith("_") and name not in _KEPT_DUNDERS:
            continue
        raw = inspect.getattr_static(cls, name)
        if isinstance(raw, staticmethod | classmethod):
            members[name] = {"kind": type(raw).__name__, "signature": signature(getattr(cls, name))}
        elif inspect.isfunction(raw):
            members[name] = {"kind": "method", "signature": signature(raw)}
        else:
            members[name] = {"kind": "attribute"}
    return members


def api_shape() -> dict[str, Shape]:
    """The shape of every public name."""
    shape: dict[str, Shape] = {}
    for name in liveflow_graph.__all__:
        obj = getattr(liveflow_graph, name)
        if inspect.isclass(obj):
            shape[name] = {"kind": "class", "signature": signature(obj), "members": _members(obj)}
        elif callable(obj):
            shape[name] = {"kind": "function", "signature": signature(obj)}
        else:
            shape[name] = {"kind": type(obj).__name__}
    return shape


def dumps(shape: dict[str, Shape]) -> str:
    """``shape`` as JSON with one name (and one class member) per line, for readable diffs."""
    lines = ["{"]
    names = sorted(shape)
    for i, name in enumerate(names):
        entry = dict(shape[name])
        members = entry.pop("members", None)
        head = json.dumps(name) + ": " + json.dumps(entry, sort_keys=True)
        if members is not None:
            head = head[:-1] + ', "members": {'
            lines.append("  " + head)
            keys = sorted(members)
            for j, key in enumerate(keys):
                comma = "," if j < len(keys) - 1 else ""
                lines.append(
                    f"    {json.dumps(key)}: {json.dumps(members[key], sort_keys=True)}{comma}"
                )
            lines.append("  }}" + ("," if i < len(names) - 1 else ""))
        else:
            lines.append("  " + head + ("," if i < len(names) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(dumps(api_shape()))
