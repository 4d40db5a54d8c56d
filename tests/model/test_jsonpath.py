"""JSON paths as data: rendering, the tokenizer at the public edges, the sort key."""

from __future__ import annotations

import time
from functools import cmp_to_key

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from liveflow_graph.errors import ConfigError
from liveflow_graph.model.jsonpath import ROOT, JSONPath, located, order_key, parse, render

_KEYS = st.text() | st.sampled_from(["a", "odd key", "it's", "back\\slash", "0", "", "é", "ℌ"])
_PATHS = st.lists(_KEYS | st.integers(min_value=0), max_size=8).map(tuple)


def _released_child(path: str, part: str | int) -> str:
    """``jsonpath.child`` as released: the text form every path must keep."""
    if isinstance(part, int):
        return f"{path}[{part}]"
    if part.isidentifier():
        return f"{path}.{part}"
    escaped = part.replace("\\", "\\\\").replace("'", "\\'")
    return f"{path}['{escaped}']"


def test_render_writes_the_normalised_form() -> None:
    assert render(ROOT) == "$"
    assert render(("current_version", "steps", 3, "id")) == "$.current_version.steps[3].id"
    assert render(("odd key", "it's", "a\\b")) == "$['odd key']['it\\'s']['a\\\\b']"
    assert render(("0", 0, "")) == "$['0'][0]['']"
    assert render(("prompt_template", "text"), "") == ".prompt_template.text"


@given(_PATHS)
def test_render_is_the_released_text_form(path: JSONPath) -> None:
    text = "$"
    for part in path:
        text = _released_child(text, part)
    assert render(path) == text


@settings(max_examples=500)
@given(_PATHS)
@example(("1" * 5000,))
@example(("a]b", "['x']", "\\'", "$", ".", "["))
def test_parse_reads_back_what_render_writes(path: JSONPath) -> None:
    assert parse(render(path)) == path


_NEAR_PATHS = st.lists(
    st.sampled_from(["$", ".", "[", "]", "'", "\\", "a", "_", "1", "0", " ", "é", "['", "']"]),
    max_size=12,
).map("".join)


@settings(max_examples=1000)
@given(_NEAR_PATHS | st.text(max_size=12) | _PATHS.map(render))
@example("$['a\\'b']")
@example("$[10].x")
def test_text_that_parses_renders_back_to_itself(text: str) -> None:
    """The tokenizer accepts exactly what render writes: a path given as text is returned
    as that same text."""
    try:
        path = parse(text)
    except ConfigError:
        return
    assert render(path) == text


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "starts with '$'"),
        ("steps[0]", "starts with '$'"),
        ("$.", "expected a name"),
        ("$..a", "expected a name"),
        ("$.a b", "expected a name"),
        ("$.1a", "expected a name"),
        ("$['name']", "the key is written .name"),
        ("$['a", "not closed"),
        ("$['a'", "expected ']'"),
        ("$['a\\b']", "are escapes"),
        ("$[03]", "no leading zero"),
        ("$[-1]", "expected an index"),
        ("$[]", "expected an index"),
        ("$[1", "expected ']'"),
        ("$x", "expected '.', '['"),
        ("$[" + "9" * 5000 + "]", "too large"),
    ],
)
def test_parse_refuses_what_render_never_writes(text: str, why: str) -> None:
    with pytest.raises(ConfigError, match="is not a JSON path") as caught:
        parse(text)
    assert why in str(caught.value)


def test_parse_is_linear() -> None:
    """Long names, long quoted keys full of escapes, many parts: one pass each."""
    size = 2_000_000  # characters: one pass takes about a second, one per part minutes
    texts = [
        "$." + "a" * size,
        "$['" + "\\'" * (size // 2) + "']",
        "$" + ".a[0]" * (size // 5),
        "$['x" + "]" * size + "']",
    ]
    start = time.perf_counter()
    parts = [len(parse(text)) for text in texts]
    elapsed = time.perf_counter() - start
    assert parts == [1, 1, 2 * size // 5, 1]
    assert elapsed < 10, f"{elapsed:.1f}s"


def test_located_takes_text_or_data() -> None:
    assert located("$.a[1]", None) == ("a", 1)
    assert located("$", ("a", 1)) == ("a", 1)
    assert located("$.a[1]", ("a", 1)) == ("a", 1)
    with pytest.raises(ConfigError, match="name different places"):
        located("$.b", ("a", 1))


# -- the sort key --------------------------------------------------------------------------


def _compare(a: JSONPath, b: JSONPath) -> int:
    """The order the engine documents, written out: part by part, keys before indices,
    keys by text, indices by value, a prefix first."""
    for x, y in zip(a, b, strict=False):
        if isinstance(x, int) != isinstance(y, int):
            return 1 if isinstance(x, int) else -1
        if x != y:
            return -1 if x < y else 1  # type: ignore[operator]  # same type here
    return (len(a) > len(b)) - (len(a) < len(b))


@given(st.lists(_PATHS, max_size=8))
def test_order_key_sorts_as_documented(paths: list[JSONPath]) -> None:
    assert sorted(paths, key=order_key) == sorted(paths, key=cmp_to_key(_compare))


def test_order_key_compares_indices_as_numbers_and_keys_as_text() -> None:
    huge_key, huger_key = "1" * 5000, "2" * 4999
    paths: list[JSONPath] = [
        ("steps", 10),
        ("steps", 9),
        ("steps", 10**5000),  # an int never turned into text
        ("steps",),
        (huger_key,),
        (huge_key,),
        ("x10",),
        ("x9",),
        ("steps", "name"),
    ]
    assert sorted(paths, key=order_key) == [
        (huge_key,),
        (huger_key,),
        ("steps",),
        ("steps", "name"),
        ("steps", 9),
        ("steps", 10),
        ("steps", 10**5000),
        ("x10",),
        ("x9",),
    ]
