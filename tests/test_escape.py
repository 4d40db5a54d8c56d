"""clean_text's fast path agrees with the full cleaning on any text."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from liveflow_graph import diff, load, render_svg, to_dot
from liveflow_graph.escape import _CONTROL, clean_text, dot_string
from tests.conftest import EXAMPLES


def slow_clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


@given(st.text())
def test_fast_path_matches_full_cleaning(text: str) -> None:
    assert clean_text(text) == slow_clean(text)


@given(st.text(st.characters(codec="utf-8")))
def test_clean_text_leaves_no_control_characters(text: str) -> None:
    cleaned = clean_text(text)
    assert "\r" not in cleaned
    assert "\t" not in cleaned
    assert _CONTROL.search(cleaned) is None


def test_a_dot_label_never_starts_with_an_empty_line() -> None:
    assert dot_string("\n\nname") == '"name"'
    assert dot_string("a\n\nb") == '"a\\n\\nb"'  # only the leading ones go


def test_a_flow_named_with_a_leading_newline_draws() -> None:
    """Graphviz crashed on such a title (a long line after an empty first line)."""
    document = json.loads((EXAMPLES / "support-triage.json").read_text())
    document["name"] = "\n" + "a long flow name " * 8
    document["current_version"]["steps"][1]["name"] = "\n" + "a long step name " * 8
    flow = load(document).flows[0]
    assert "<svg" in render_svg(to_dot(flow), backend="wasm")
    old, new = list(flow.versions().values())[1], flow.current_version
    assert "<svg" in diff(old, new).to_svg(backend="wasm")
