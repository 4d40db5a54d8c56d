"""Graphviz layout settings by diagram size: bounded searches for big diagrams only."""

from __future__ import annotations

import warnings

from liveflow_graph import DiagramOptions, to_dot
from liveflow_graph.diagrams.layout import BIG_LAYOUT_NODES, HUGE_LAYOUT_NODES, layout_attributes
from tests.diagrams.helpers import chain_version


def test_small_diagrams_keep_graphviz_defaults() -> None:
    assert layout_attributes(BIG_LAYOUT_NODES - 1, 2 * BIG_LAYOUT_NODES - 1) == {}


def test_big_and_huge_diagrams_bound_the_searches() -> None:
    big = layout_attributes(BIG_LAYOUT_NODES, 0)
    assert big == {"nslimit": "1", "nslimit1": "1", "mclimit": "0.1", "splines": "line"}
    assert layout_attributes(10, 2 * BIG_LAYOUT_NODES) == big  # many edges count too
    huge = layout_attributes(HUGE_LAYOUT_NODES, 0)
    assert huge["nslimit"] == "0.1"
    assert huge["searchsize"] == "5"


def test_the_settings_are_in_the_dot_source() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        big = to_dot(chain_version(BIG_LAYOUT_NODES), DiagramOptions(overview=False))
        small = to_dot(chain_version(50))
    head = big.split("\n", 2)[1]
    assert "mclimit=0.1" in head
    assert "nslimit=1" in head
    assert "nslimit" not in small
