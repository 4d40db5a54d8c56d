"""A view or record derived from another keeps every field it does not set.

The merged diagram numbers its edges and colours step styles by deriving them from a
draft; a mirrored diff is derived from the diff.  A copy written out field by field drops a
field it forgets (an edge's ``xlabel`` was dropped that way); ``dataclasses.replace`` keeps
them all, and these tests hold every derivation to that.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from liveflow_graph import diff
from liveflow_graph.diagrams.style import NodeStyle
from liveflow_graph.diagrams.view import EdgeView
from liveflow_graph.diffs.render.diagram import _with_id
from liveflow_graph.diffs.render.styles import change_style, legend_style
from tests.diffs.helpers import base

EDGE = EdgeView(
    edge_id="d0",
    source="n1",
    target="n2",
    transition_id="t9",
    label="label",
    tooltip="tooltip",
    classes=("transition", "custom"),
    color="#123456",
    penwidth=3.5,
    style="dotted",
    xlabel="xlabel",
    constraint=False,
)

STYLE = NodeStyle(
    legend="legend",
    css_class="css",
    shape="hexagon",
    style="filled,rounded",
    fillcolor="#010101",
    color="#020202",
    fontcolor="#030303",
    mermaid_open="{{",
    mermaid_close="}}",
    penwidth=4.5,
)


def kept(before: Any, after: Any, changed: set[str]) -> dict[str, tuple[object, object]]:
    """The fields outside ``changed`` whose value differs between ``before`` and ``after``."""
    return {
        f.name: (getattr(before, f.name), getattr(after, f.name))
        for f in dataclasses.fields(before)
        if f.name not in changed and getattr(before, f.name) != getattr(after, f.name)
    }


@pytest.mark.parametrize("sample", [EDGE, STYLE], ids=["EdgeView", "NodeStyle"])
def test_the_samples_set_every_field_away_from_its_default(sample: Any) -> None:
    """Otherwise a field the derivation dropped (back to its default) would go unseen."""
    defaults = [f.name for f in dataclasses.fields(sample) if getattr(sample, f.name) == f.default]
    assert defaults == []


def test_a_numbered_edge_keeps_every_other_field() -> None:
    numbered = _with_id(EDGE, "e7")
    assert numbered.edge_id == "e7"
    assert kept(EDGE, numbered, {"edge_id"}) == {}
    assert numbered.xlabel == "xlabel"


@pytest.mark.parametrize("status", ["added", "removed", "changed"])
def test_a_change_style_keeps_the_shape_and_every_field_it_does_not_set(status: str) -> None:
    coloured = change_style(STYLE, status)
    sets = {"legend", "css_class", "style", "fillcolor", "color", "fontcolor", "penwidth"}
    assert kept(STYLE, coloured, sets) == {}
    assert (coloured.shape, coloured.mermaid_open, coloured.mermaid_close) == (
        "hexagon",
        "{{",
        "}}",
    )
    sample = legend_style(coloured, status)
    assert (
        kept(coloured, sample, {"css_class", "shape", "style", "mermaid_open", "mermaid_close"})
        == {}
    )


def test_a_mirrored_diff_keeps_what_has_no_direction() -> None:
    """Both differ from their defaults here: no transition id persists, no validation."""
    result = diff(base(), base(edges=[("u1", "s", "a", "next")]), validity=False)
    assert (result.validity_checked, result.transition_matching) == (False, "source_label")
    mirrored = result.mirror()
    assert (mirrored.validity_checked, mirrored.transition_matching) == (False, "source_label")
    assert mirrored.mirror() == result
