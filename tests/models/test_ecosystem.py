"""The ecosystem network of chapter 2 (antbook.models.ecosystem)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.data import DataValidationError, data_dir, load_table
from antbook.models.ecosystem import (
    EDGE_TYPES,
    LAYERS,
    NetworkTableError,
    build_graph,
    centrality_table,
    layer_positions,
    neighbours,
)


@pytest.fixture(scope="module")
def tables():
    return load_table("network_nodes"), load_table("network_edges")


@pytest.fixture(scope="module")
def graph(tables):
    return build_graph(*tables)


def test_graph_has_exactly_the_tables_nodes_and_edges(tables, graph):
    nodes, edges = tables
    assert list(graph.nodes) == list(nodes["node_id"])
    assert graph.number_of_edges() == len(edges)
    drawn = sorted((u, v, k, d["edge_type"]) for u, v, k, d in graph.edges(keys=True, data=True))
    listed = sorted(zip(edges["source"], edges["target"], edges["edge_id"], edges["edge_type"],
                        strict=True))
    assert drawn == listed
    assert graph.nodes["mybank"]["layer"] == "entities"
    assert graph.edges["ant_group", "mybank", "own_ant_mybank"]["stake_pct"] == 30.0
    assert graph.edges["ant_group", "alipay", "own_ant_alipay"]["stake_pct"] is None


def test_every_node_is_linked_and_every_type_used(tables, graph):
    nodes, edges = tables
    assert all(graph.degree(n) > 0 for n in graph.nodes)
    assert set(edges["edge_type"]) == set(EDGE_TYPES)
    assert set(nodes["layer"]) == set(LAYERS)


def _broken(tables, table: str, row: int, column: str, value):
    nodes, edges = (t.copy() for t in tables)
    frame = nodes if table == "nodes" else edges
    frame[column] = frame[column].astype(object)
    frame.loc[row, column] = value
    return nodes, edges


@pytest.mark.parametrize("table, row, column, value, file, message", [
    ("edges", 3, "edge_type", "friendship", "network_edges.csv", "unknown edge type"),
    ("edges", 5, "target", "no_such_node", "network_edges.csv", "no node 'no_such_node'"),
    ("edges", 0, "source", "ghost", "network_edges.csv", "no node 'ghost'"),
    ("edges", 2, "stake_pct", 150.0, "network_edges.csv", "outside 0 to 100"),
    ("edges", 2, "stake_pct", -1.0, "network_edges.csv", "outside 0 to 100"),
    ("edges", 20, "stake_pct", 10.0, "network_edges.csv", "only ownership edges"),
    ("edges", 7, "edge_id", "own_alibaba_ant", "network_edges.csv", "appears twice"),
    ("nodes", 4, "layer", "shadow", "network_nodes.csv", "unknown layer"),
    ("nodes", 6, "node_id", "consumers", "network_nodes.csv", "appears twice"),
])
def test_malformed_tables_are_refused_with_file_line_and_column(tables, table, row, column,
                                                                  value, file, message):
    with pytest.raises(NetworkTableError, match=message) as caught:
        build_graph(*_broken(tables, table, row, column, value))
    error = caught.value
    assert (error.file, error.line, error.column) == (file, row + 2, column)
    assert f"{file}, line {row + 2}, column '{column}'" in str(error)


def test_missing_column_is_refused(tables):
    nodes, edges = tables
    with pytest.raises(NetworkTableError, match="column is missing"):
        build_graph(nodes, edges.drop(columns="edge_type"))


def test_bad_csv_is_refused_by_the_loader_with_line_and_column(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    path = folder / "network_edges.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",ownership,30,", ",ownership,130,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_table("network_edges", folder)
    assert (caught.value.line, caught.value.column) == (4, "stake_pct")


# -- generated tables -------------------------------------------------------------------------
@st.composite
def network_tables(draw):
    n = draw(st.integers(1, 12))
    nodes = pd.DataFrame({"node_id": [f"n{i}" for i in range(n)],
                          "label": [f"Node {i}" for i in range(n)],
                          "layer": [draw(st.sampled_from(LAYERS)) for _ in range(n)]})
    nodes["level"] = nodes["layer"].map({k: i for i, k in enumerate(LAYERS)})
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=20)) if pairs else []
    rows = []
    for k, (u, v) in enumerate(chosen):
        kind = draw(st.sampled_from(EDGE_TYPES))
        stake = draw(st.one_of(st.none(), st.floats(0, 100))) if kind == "ownership" else None
        rows.append({"edge_id": f"e{k}", "source": f"n{u}", "target": f"n{v}",
                     "edge_type": kind, "stake_pct": stake, "description": "x"})
    edges = pd.DataFrame(rows, columns=["edge_id", "source", "target", "edge_type", "stake_pct",
                                        "description"])
    return nodes, edges


@settings(max_examples=100, deadline=None)
@given(network_tables())
def test_generated_tables_build_exactly_and_lay_out_deterministically(data):
    nodes, edges = data
    graph = build_graph(nodes, edges)
    assert graph.number_of_nodes() == len(nodes) and graph.number_of_edges() == len(edges)
    first, second = layer_positions(graph), layer_positions(build_graph(nodes, edges))
    assert first == second
    for node, (x, y) in first.items():
        assert 0 < x < 1 and y == -LAYERS.index(graph.nodes[node]["layer"])
    table = centrality_table(graph)
    assert sorted(table["node_id"]) == sorted(nodes["node_id"])
    assert table["pagerank"].sum() == pytest.approx(1.0, abs=1e-3)
    assert table["betweenness"].between(0, 1).all()
    assert list(table["rank"]) == list(range(1, len(nodes) + 1))


@settings(max_examples=50, deadline=None)
@given(network_tables(), st.floats(100.001, 1e6))
def test_generated_stake_above_100_is_refused(data, stake):
    nodes, edges = data
    edges = pd.concat([edges, pd.DataFrame([{"edge_id": "bad", "source": "n0", "target": "n0x",
                                              "edge_type": "ownership", "stake_pct": stake,
                                              "description": "x"}])], ignore_index=True)
    nodes = pd.concat([nodes, pd.DataFrame([{"node_id": "n0x", "label": "X", "layer": "users",
                                              "level": 0}])], ignore_index=True)
    with pytest.raises(NetworkTableError, match="outside 0 to 100") as caught:
        build_graph(nodes, edges)
    assert caught.value.line == len(edges) + 1


# -- measures and drawing ---------------------------------------------------------------------
def test_centrality_ranks_the_group_first(graph):
    table = centrality_table(graph)
    assert table.iloc[0]["node_id"] == "ant_group"
    assert table.iloc[0]["degree"] == len(neighbours(graph, "ant_group"))
    assert table.equals(centrality_table(graph))


def test_neighbours(graph):
    assert neighbours(graph, "mybank") == {"ant_group", "cbirc", "nfra", "merchants"}
    assert neighbours(graph, "mybank", "funding") == {"merchants"}
    with pytest.raises(KeyError):
        neighbours(graph, "nobody")
