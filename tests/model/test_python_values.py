"""Values built in Python: the orjson fast path of ``check_python_value`` decides exactly
as the walk does (same error, same place), for values with and without cycles, lone
surrogates, odd key types and types JSON does not have."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from liveflow_graph.errors import PayloadError
from liveflow_graph.model.decoding import check_python_value, walk_python_value

texts = st.text(st.characters(), max_size=4)  # surrogates included
leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | texts
    | st.tuples(st.integers())
    | st.builds(object)
)
values = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(texts | st.integers(), inner, max_size=3)
    ),
    max_leaves=15,
)


def _containers(value: Any) -> list[Any]:
    found: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            found.append(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    return found


def _outcome(check: Any, value: Any, max_depth: int | None) -> tuple[str, str | None] | None:
    try:
        check(value, max_depth, "doc")
    except PayloadError as error:
        return (error.message, error.path)
    return None


@given(values, st.data(), st.none() | st.integers(1, 4))
def test_the_fast_path_decides_as_the_walk(
    value: Any, data: st.DataObject, depth: int | None
) -> None:
    containers = _containers(value)
    if containers and data.draw(st.booleans(), label="with a cycle"):
        holder = data.draw(st.sampled_from(containers), label="holder")
        inner = data.draw(st.sampled_from(containers), label="inner")
        if isinstance(holder, dict):
            holder["self"] = inner  # a cycle when inner holds holder (or is it)
        else:
            holder.append(inner)
    assert _outcome(check_python_value, value, depth) == _outcome(walk_python_value, value, depth)


def test_a_cycle_and_a_lone_surrogate_are_still_refused() -> None:
    looped: list[Any] = [1]
    looped.append(looped)
    assert _outcome(check_python_value, {"a": looped}, None) is not None
    assert _outcome(check_python_value, {"a": ["\ud800"]}, None) is not None
    assert _outcome(check_python_value, {"\udc00": 1}, None) is not None
    assert _outcome(check_python_value, {"a": ["ok"]}, None) is None
