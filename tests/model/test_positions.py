"""The position scanner against what a JSON decoder reads at the positions it gives.

For any JSON value, written in any layout (indented or not, escaped or raw text), every
location in it is found, and decoding the text at the line and column given yields
exactly the value at that location.  Skipping a value with the C scanner (the fast path)
ends where the plain, iterative skip ends.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from liveflow_graph.model.jsonpath import JSONPath
from liveflow_graph.model.positions import _skip, _skip_iteratively, locate

_DECODER = json.JSONDecoder()

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=["Cs"]), max_size=6)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(st.characters(exclude_categories=["Cs"]), max_size=4), inner)
    ),
    max_leaves=25,
)
layouts = st.fixed_dictionaries(
    {
        "indent": st.sampled_from([None, 0, 2, "\t"]),
        "ensure_ascii": st.booleans(),
        "separators": st.sampled_from([None, (",", ":"), (" , ", " : ")]),
    }
)


def _every_location(value: Any, where: JSONPath = ()) -> dict[JSONPath, Any]:
    found: dict[JSONPath, Any] = {where: value}
    if isinstance(value, dict):
        for key, item in value.items():
            found.update(_every_location(item, (*where, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.update(_every_location(item, (*where, index)))
    return found


def _offset(text: str, line: int, column: int) -> int:
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    return starts[line - 1] + column - 1


@given(values, layouts, st.data())
def test_every_location_is_where_the_decoder_reads_its_value(
    value: Any, layout: dict[str, Any], data: st.DataObject
) -> None:
    text = json.dumps(value, **layout)
    expected = _every_location(value)
    wanted = data.draw(st.sets(st.sampled_from(sorted(expected, key=repr))), label="wanted")
    found = locate(text, wanted)
    assert set(found) == wanted
    for location, (line, column) in found.items():
        decoded, _ = _DECODER.raw_decode(text, _offset(text, line, column))
        assert decoded == expected[location]


@given(values, layouts)
def test_the_fast_skip_ends_where_the_plain_skip_ends(value: Any, layout: dict[str, Any]) -> None:
    text = json.dumps(value, **layout)
    starts = [
        _offset(text, *position) for position in locate(text, list(_every_location(value))).values()
    ]
    for start in starts:
        assert _skip(text, start) == _skip_iteratively(text, start)


def test_values_nested_deeper_than_the_c_scanner_goes_are_skipped() -> None:
    deep = "[" * 5000 + "]" * 5000
    text = '{"a": ' + deep + ', "b": [1, {"c": 2}]}'
    found = locate(text, [("b", 1, "c"), ("a",)])
    assert found == {("a",): (1, 7), ("b", 1, "c"): (1, text.index("2}") + 1)}
