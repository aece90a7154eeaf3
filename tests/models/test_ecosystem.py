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
    EFFECTS,
    LAYERS,
    NetworkTableError,
    boxes_overlap,
    build_graph,
    centrality_table,
    dependents,
    label_layout,
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


# -- dependence ---------------------------------------------------------------------------------
def _small_graph():
    nodes = pd.DataFrame({
        "node_id": ["users", "app", "group", "bank", "minor", "reg"],
        "label": ["Users", "App", "Group", "Bank", "Minor", "Regulator"],
        "layer": ["users", "platform", "platform", "partners", "entities", "regulators"]})
    nodes["level"] = nodes["layer"].map({k: i for i, k in enumerate(LAYERS)})
    edges = pd.DataFrame([
        ("lic", "reg", "app", "licence", None, "both"),
        ("own", "group", "app", "ownership", None, "both"),
        ("own_minor", "group", "minor", "ownership", 30.0, "both"),
        ("dist", "app", "users", "distribution", None, "both"),
        ("fund", "bank", "users", "funding", None, "both"),
        ("data_u", "users", "app", "data", None, "both"),
        ("data_b", "app", "bank", "data", None, "then"),
        ("sup", "reg", "bank", "supervision", None, "both"),
    ], columns=["edge_id", "source", "target", "edge_type", "stake_pct", "period"])
    edges["description"] = "x"
    return build_graph(nodes, edges)


def test_dependents_follow_the_rules_of_each_edge_type():
    g = _small_graph()
    table = dependents(g, "reg")
    found = {(r.node_id, r.effect): r.depth for r in table.itertuples()}
    # licence withdrawn: the app stops (1), its users lose it (2), the bank loses its data (2);
    # the group's money is at stake (2), the users' data too (2); supervision carries nothing
    assert found == {("app", "service"): 1, ("users", "service"): 2, ("bank", "service"): 2,
                     ("group", "money"): 2, ("users", "data"): 2}
    row = table.set_index(["node_id", "effect"]).loc[("bank", "service")]
    assert row["via"] == "app" and row["edge_id"] == "data_b"
    assert row["path"] == "Regulator → App → Bank"
    # a controlled subsidiary stops with its parent, a 30 % holding does not
    group = dependents(g, "group")
    assert ("app", "service") in set(zip(group["node_id"], group["effect"], strict=True))
    assert "minor" not in set(group["node_id"])
    assert "minor" in set(dependents(g, "group", control_pct=20)["node_id"])
    # a stake's owner loses money when the company fails; a funder when its borrowers fail
    assert set(dependents(g, "minor")["node_id"]) == {"group"}
    users = dependents(g, "users")
    assert ("bank", "money") in set(zip(users["node_id"], users["effect"], strict=True))


def test_dependents_depth_and_period():
    g = _small_graph()
    direct = dependents(g, "reg", depth=1)
    assert list(zip(direct["node_id"], direct["effect"], strict=True)) == [("app", "service")]
    assert set(dependents(g, "app", period="now")["node_id"]) == {"users", "group"}
    assert "bank" in set(dependents(g, "app", period="then")["node_id"])
    with pytest.raises(KeyError):
        dependents(g, "nobody")
    with pytest.raises(ValueError, match="depth"):
        dependents(g, "app", depth=0)
    with pytest.raises(ValueError, match="period"):
        dependents(g, "app", period="soon")


def test_users_lose_a_service_but_pass_nothing_on():
    g = _small_graph()
    # the bank stops: users lose their credit, but losing it does not stop the app (whose data
    # the bank held is at stake)
    found = set(zip(*dependents(g, "bank")[["node_id", "effect"]].to_numpy().T, strict=True))
    assert found == {("users", "service"), ("app", "data")}


def test_chapter_dependents(graph):
    alipay = dependents(graph, "alipay", period="then")
    assert {"consumers", "merchants", "partner_banks", "ant_group"} <= set(alipay["node_id"])
    assert (alipay["depth"] == 1).all()
    # since 2022 the banks get credit data through Qiantang: Alipay's loss reaches them in two
    now = dependents(graph, "alipay", period="now").set_index(["node_id", "effect"])
    assert now.loc[("partner_banks", "service"), "depth"] == 2
    assert now.loc[("partner_banks", "service"), "via"] == "qiantang_credit"
    assert "securities_firms" not in set(dependents(graph, "mybank")["node_id"])


@settings(max_examples=100, deadline=None)
@given(network_tables(), st.data())
def test_generated_dependents_are_consistent(data, draw):
    nodes, edges = data
    graph = build_graph(nodes, edges)
    node = draw.draw(st.sampled_from(list(nodes["node_id"])))
    full = dependents(graph, node)
    assert node not in set(full["node_id"])
    assert not full.duplicated(["node_id", "effect"]).any()
    assert set(full["effect"]) <= set(EFFECTS)
    for k in (1, 2, 3):
        limited = dependents(graph, node, depth=k)
        assert (limited["depth"] <= k).all()
        # a shorter reach finds a subset, at the same depths
        merged = limited.merge(full, on=["node_id", "effect"], suffixes=("", "_full"))
        assert len(merged) == len(limited) and (merged["depth"] == merged["depth_full"]).all()
    direct = dependents(graph, node, depth=1)
    assert set(direct["node_id"]) <= neighbours(graph, node)


# -- a layout whose labels do not overlap ---------------------------------------------------------
def _label_boxes_overlap(layout, radius=7.0):
    boxes = layout.to_dict("records")
    circles = [{"x0": b["x"] - radius, "x1": b["x"] + radius, "y0": b["y"] - radius,
                "y1": b["y"] + radius, "node_id": b["node_id"]} for b in boxes]
    clashes = [(a["node_id"], b["node_id"]) for i, a in enumerate(boxes)
               for b in boxes[i + 1:] if boxes_overlap(a, b)]
    clashes += [(a["node_id"], c["node_id"]) for a in boxes for c in circles
                if boxes_overlap(a, c)]
    return clashes


@pytest.mark.parametrize("width", [640, 720, 800])
def test_no_two_labels_overlap_in_the_chapter_layout(graph, width):
    layout = label_layout(graph, width=width)
    assert list(layout["node_id"]) == list(graph.nodes)
    assert _label_boxes_overlap(layout) == []
    assert layout["x0"].min() >= 0 and layout["x1"].max() <= width
    # rows keep the order of the table, and layers stay top to bottom
    for _, row in layout.groupby(layout["node_id"].map(lambda n: graph.nodes[n]["level"])):
        assert list(row["x"]) == sorted(row["x"])
    levels = layout["node_id"].map(lambda n: graph.nodes[n]["level"])
    assert layout.groupby(levels)["y"].max().is_monotonic_increasing


def test_a_crowded_row_is_staggered_and_an_impossible_one_refused(graph):
    layout = label_layout(graph, width=640).set_index("node_id")
    assert layout.loc["mybank", "tier"] != layout.loc["huabei_mlc", "tier"]
    with pytest.raises(ValueError, match="do not fit"):
        label_layout(graph, width=200)


def test_the_overlap_check_can_fail():
    a = {"x0": 0, "x1": 10, "y0": 0, "y1": 10}
    assert boxes_overlap(a, {"x0": 9, "x1": 20, "y0": 5, "y1": 15})
    assert not boxes_overlap(a, {"x0": 10, "x1": 20, "y0": 0, "y1": 10})
    assert boxes_overlap(a, {"x0": 12, "x1": 20, "y0": 0, "y1": 10}, gap=3)


@settings(max_examples=60, deadline=None)
@given(network_tables())
def test_generated_layouts_never_overlap(data):
    nodes, edges = data
    graph = build_graph(nodes, edges)
    try:
        layout = label_layout(graph, width=640)
    except ValueError:
        return  # refused rather than drawn badly
    assert _label_boxes_overlap(layout) == []
