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
