"""`Closest`, the "did you mean" of the suggestions: exact on small sets, a shortlist on
large ones that still finds a word one typo away."""

from __future__ import annotations

import difflib
import random
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liveflow_graph.validation.rules._base import Closest

_RANDOM = random.Random(7)
IDS = [str(uuid.UUID(int=_RANDOM.getrandbits(128))) for _ in range(3 * Closest.EXACT)]
NAMES = [f"step_{n}_{['draft', 'review', 'send'][n % 3]}" for n in range(1000)]


def _typo(word: str, position: int, kind: str, letter: str) -> str:
    at = position % len(word)
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "swap":
        return word[:at] + letter + word[at + 1 :]
    return word[:at] + letter + word[at:]


@pytest.mark.slow  # difflib over 1,500 ids for every example
@settings(max_examples=100, deadline=None)
@given(
    st.integers(0, 10_000),
    st.integers(0, 100),
    st.sampled_from(["drop", "swap", "add"]),
    st.sampled_from("0a9z_-"),
)
def test_one_typo_away_from_a_step_id_the_shortlist_finds_what_difflib_finds(
    pick: int, position: int, kind: str, letter: str
) -> None:
    word = _typo(IDS[pick % len(IDS)], position, kind, letter)
    expected = difflib.get_close_matches(word, IDS, n=1, cutoff=0.8)
    assert expected  # one typo in a uuid is always this close
    assert Closest(IDS, 0.8)(word) == expected[0]


def test_names_that_share_their_start_and_end_are_told_apart_by_the_middle() -> None:
    closest = Closest(NAMES, 0.8)
    assert len(NAMES) > Closest.EXACT
    assert closest("0step_2_send") == NAMES[2] == "step_2_send"
    assert closest("step_42_draftt") == NAMES[42] == "step_42_draft"
    assert closest("step_42_drat") == "step_42_draft"
    assert closest("stpe_418_review") == NAMES[418] == "step_418_review"


def test_small_sets_compare_every_word_and_answers_are_memoised() -> None:
    closest = Closest(["classify", "summarize", "reply"], 0.6)
    assert closest("clasify") == "classify"
    assert closest("nothing like it") is None
    assert closest._memo == {"clasify": "classify", "nothing like it": None}
