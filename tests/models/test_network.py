"""Graphs from tables and their layered layout (antbook.models.network)."""

from __future__ import annotations

import pandas as pd
import pytest

from antbook.data import load_table
from antbook.models.network import GraphTableError, graph_from_tables, layered_positions

NODES = pd.DataFrame({"id": ["a", "b", "c"], "label": ["A", "B", "C"], "level": [0, 1, 1]})
EDGES = pd.DataFrame({"src": ["a", "a"], "dst": ["b", "c"], "relation": ["x", "y"]})


def test_graph_has_exactly_the_rows_of_the_tables():
    g = graph_from_tables(NODES, EDGES, node_id="id", source="src", target="dst")
    assert sorted(g.nodes) == ["a", "b", "c"]
    assert sorted((u, v, d["relation"]) for u, v, d in g.edges(data=True)) == [
        ("a", "b", "x"), ("a", "c", "y")]


def test_edge_to_missing_node_names_table_line_and_column():
    edges = pd.concat([EDGES, pd.DataFrame({"src": ["a"], "dst": ["z"], "relation": ["q"]})])
    with pytest.raises(GraphTableError, match=r"links.csv, line 4, column 'dst': no node 'z'"):
        graph_from_tables(NODES, edges, node_id="id", source="src", target="dst",
                          edges_name="links.csv")


def test_duplicate_node_is_refused():
    with pytest.raises(GraphTableError, match="nodes, line 5, column 'id': node 'a' appears twice"):
        graph_from_tables(pd.concat([NODES, NODES.iloc[[0]]]), EDGES, node_id="id",
                          source="src", target="dst")


def test_layout_is_layered_and_deterministic():
    g = graph_from_tables(NODES, EDGES, node_id="id", source="src", target="dst")
    pos = layered_positions(g)
    assert pos == layered_positions(g)
    assert pos["a"] == (0.0, 0.0) and pos["b"] == (-0.5, -1.0) and pos["c"] == (0.5, -1.0)


def test_intro_ecosystem_graph_matches_its_tables():
    layers, links = load_table("ecosystem_layers"), load_table("ecosystem_links")
    g = graph_from_tables(layers, links, node_id="layer_id", source="source_layer",
                          target="target_layer")
    assert g.number_of_nodes() == len(layers) and g.number_of_edges() == len(links)


def test_attributes_and_edge_keys_are_kept():
    edges = EDGES.assign(edge_id=["e1", "e2"])
    g = graph_from_tables(NODES, pd.concat([edges, edges.iloc[[0]].assign(edge_id="e3")]),
                          node_id="id", source="src", target="dst", edge_key="edge_id")
    assert g.nodes["b"] == {"label": "B", "level": 1}
    assert sorted(g["a"]["b"]) == ["e1", "e3"]  # two parallel edges, keyed by their id
    assert g["a"]["b"]["e1"] == {"relation": "x", "edge_id": "e1"}
    unkeyed = graph_from_tables(NODES, EDGES, node_id="id", source="src", target="dst")
    assert list(unkeyed["a"]["b"]) == [0]
    assert g.is_directed() and g.is_multigraph()


def test_an_unknown_source_is_named_with_the_nodes_table():
    edges = pd.DataFrame({"src": ["a", "q"], "dst": ["b", "b"], "relation": ["x", "y"]})
    with pytest.raises(GraphTableError) as error:
        graph_from_tables(NODES, edges, node_id="id", source="src", target="dst",
                          nodes_name="people.csv", edges_name="links.csv")
    assert (error.value.file, error.value.line, error.value.column) == ("links.csv", 3, "src")
    assert str(error.value) == "links.csv, line 3, column 'src': no node 'q' in people.csv"


def test_duplicate_node_error_carries_where():
    with pytest.raises(GraphTableError) as error:
        graph_from_tables(pd.concat([NODES.iloc[[0]], NODES.iloc[[0]]]), EDGES.iloc[:0],
                          node_id="id", source="src", target="dst")
    assert (error.value.file, error.value.line, error.value.column) == ("nodes", 3, "id")


def test_layout_spacing_levels_and_row_centring():
    nodes = pd.DataFrame({"id": list("pqrst"), "rank": [2, 0, 2, 2, 0]})
    g = graph_from_tables(nodes, pd.DataFrame({"s": [], "t": []}), node_id="id", source="s",
                          target="t")
    pos = layered_positions(g, level="rank", spacing=2.0)
    assert pos == {"p": (-2.0, -2.0), "r": (0.0, -2.0), "t": (1.0, 0.0), "s": (2.0, -2.0),
                   "q": (-1.0, 0.0)}
    assert all(isinstance(x, float) and isinstance(y, float) for x, y in pos.values())
    assert str(pos["r"][0]) == "0.0" and str(pos["t"][1]) == "0.0"  # no -0.0


def test_default_table_names_in_messages():
    edges = pd.DataFrame({"src": ["a"], "dst": ["z"], "relation": ["x"]})
    with pytest.raises(GraphTableError, match=r"^edges, line 2, column 'dst': no node 'z' in "
                                              r"nodes$"):
        graph_from_tables(NODES, edges, node_id="id", source="src", target="dst")
