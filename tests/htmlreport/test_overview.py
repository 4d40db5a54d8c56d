"""The page's own layered layout (for flows too big for Graphviz)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from liveflow_graph.htmlreport.overview import ROW_WIDTH, layered_layout


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    count = draw(st.integers(0, 80))
    nodes = [f"n{i}" for i in range(count)]
    edges = draw(
        st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=160)
        if nodes
        else st.just([])
    )
    roots = draw(st.lists(st.sampled_from(nodes), max_size=3) if nodes else st.just([]))
    return nodes, edges, roots


@given(graphs())
def test_every_node_gets_its_own_place_inside_the_box(
    graph: tuple[list[str], list[tuple[str, str]], list[str]],
) -> None:
    nodes, edges, roots = graph
    layout = layered_layout(nodes, edges, roots)
    assert set(layout.positions) == set(nodes)
    assert len(set(layout.positions.values())) == len(nodes)
    for x, y in layout.positions.values():
        assert 0 < x < layout.width
        assert 0 < y < layout.height
    rows: dict[int, int] = {}
    for _, y in layout.positions.values():
        rows[y] = rows.get(y, 0) + 1
    assert all(n <= ROW_WIDTH for n in rows.values())


@given(graphs())
def test_layers_are_breadth_first_distances(
    graph: tuple[list[str], list[tuple[str, str]], list[str]],
) -> None:
    nodes, edges, roots = graph
    layout = layered_layout(nodes, edges, roots)
    for root in roots:
        assert layout.layers[root] == 0
    for source, target in edges:
        # a transition goes at most one layer down (back edges go up)
        assert layout.layers[target] <= layout.layers[source] + 1
    for a, b in ((a, b) for a in nodes for b in nodes):
        if layout.layers[a] < layout.layers[b]:
            assert layout.positions[a][1] < layout.positions[b][1]


def test_without_start_the_roots_are_what_nothing_leads_to() -> None:
    layout = layered_layout(["a", "b", "c", "d"], [("b", "c"), ("c", "a"), ("d", "d")], [])
    assert layout.layers == {"b": 0, "d": 0, "c": 1, "a": 2}


def test_what_start_cannot_reach_goes_below() -> None:
    layout = layered_layout(
        ["s", "x", "lost", "loop1", "loop2"],
        [("s", "x"), ("lost", "x"), ("loop1", "loop2"), ("loop2", "loop1")],
        ["s"],
    )
    assert layout.layers["s"] == 0
    assert layout.layers["x"] == 1
    assert layout.layers["lost"] == 2  # the unreached part starts under everything placed
    assert layout.layers["loop1"] == 3
    assert layout.layers["loop2"] == 4


def test_a_wide_layer_wraps() -> None:
    nodes = ["s", *(f"c{i}" for i in range(ROW_WIDTH * 2 + 1))]
    layout = layered_layout(nodes, [("s", n) for n in nodes[1:]], ["s"])
    assert len({layout.positions[n][1] for n in nodes[1:]}) == 3
