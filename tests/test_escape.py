"""clean_text's fast path agrees with the full cleaning on any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from liveflow_graph.escape import _CONTROL, clean_text


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
