"""The ecosystem network of chapter 2: Ant's entities, partners, users and regulators as a graph.

The graph comes from two tables, ``network_nodes`` and ``network_edges`` (see
``data/datapackage.json``). :func:`build_graph` refuses an inconsistent pair of tables with the
file, line (header = line 1) and column of the first problem: a repeated node, an unknown layer,
an unknown edge type, an edge to a node that does not exist, a stake outside 0 to 100 %, or a stake
on an edge that is not ownership. The layout is deterministic: one row per layer, nodes spread
evenly in the order of the table.

:func:`centrality_table` ranks the nodes by three measures (on the undirected graph, one link per
pair of nodes): degree (how many others a node is linked to), betweenness (how often it lies on
the shortest paths between others) and PageRank (how well linked its neighbours are).

The drawing, in the book's three reading modes, is
:class:`antbook.figures.financial_attributes.NetworkExplorer`.

Examples
--------
>>> from antbook.data import load_table
>>> graph = build_graph(load_table("network_nodes"), load_table("network_edges"))
>>> graph.number_of_nodes() == len(load_table("network_nodes"))
True
>>> sorted(neighbours(graph, "mybank"))[:3]
['ant_group', 'cbirc', 'merchants']
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd

from .network import GraphTableError, graph_from_tables

__all__ = [
    "EDGE_TYPES",
    "LAYERS",
    "LAYER_LABELS",
    "NetworkTableError",
    "build_graph",
    "centrality_table",
    "layer_positions",
    "neighbours",
]

EDGE_TYPES = ("ownership", "licence", "funding", "distribution", "data", "supervision")
"""The kinds of relation an edge may carry."""

LAYERS = ("users", "platform", "entities", "partners", "regulators")
"""Rows of the drawing, top to bottom."""

LAYER_LABELS = {"users": "Users", "platform": "Platform", "entities": "Entities",
                "partners": "Partners", "regulators": "Regulators"}

NODES_FILE = "network_nodes.csv"
EDGES_FILE = "network_edges.csv"


# The chapter's name for the shared error: the same file, line and column, the same message form.
NetworkTableError = GraphTableError


def _stake(value) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return float(value)


def validate_tables(nodes: pd.DataFrame, edges: pd.DataFrame) -> None:
    """Raise :class:`NetworkTableError` at the first row that breaks the ecosystem's own rules
    (layers, edge types, stakes, repeated edge ids, self-links). Repeated nodes and edges to
    missing nodes are refused by :func:`antbook.models.network.graph_from_tables`."""
    for column in ("node_id", "label", "layer", "level"):
        if column not in nodes.columns:
            raise NetworkTableError(NODES_FILE, 1, column, "column is missing")
    for column in ("edge_id", "source", "target", "edge_type", "stake_pct"):
        if column not in edges.columns:
            raise NetworkTableError(EDGES_FILE, 1, column, "column is missing")
    for line, row in enumerate(nodes.itertuples(index=False), start=2):
        if row.layer not in LAYERS:
            raise NetworkTableError(NODES_FILE, line, "layer",
                                    f"unknown layer {row.layer!r}; layers are {', '.join(LAYERS)}")
    edge_ids: set[str] = set()
    for line, row in enumerate(edges.itertuples(index=False), start=2):
        if row.edge_id in edge_ids:
            raise NetworkTableError(EDGES_FILE, line, "edge_id",
                                    f"edge {row.edge_id!r} appears twice")
        edge_ids.add(row.edge_id)
        if row.edge_type not in EDGE_TYPES:
            raise NetworkTableError(EDGES_FILE, line, "edge_type",
                                    f"unknown edge type {row.edge_type!r}; "
                                    f"types are {', '.join(EDGE_TYPES)}")
        if row.source == row.target:
            raise NetworkTableError(EDGES_FILE, line, "target",
                                    f"edge {row.edge_id!r} links {row.source!r} to itself")
        stake = _stake(row.stake_pct)
        if stake is not None:
            if not 0 <= stake <= 100:
                raise NetworkTableError(EDGES_FILE, line, "stake_pct",
                                        f"stake {stake} is outside 0 to 100 %")
            if row.edge_type != "ownership":
                raise NetworkTableError(EDGES_FILE, line, "stake_pct",
                                        f"a stake is given on a {row.edge_type!r} edge; "
                                        "only ownership edges carry stakes")


def build_graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.MultiDiGraph:
    """The ecosystem as a directed multigraph (one node per node row, one edge per edge row).

    Parameters
    ----------
    nodes, edges : DataFrame
        The tables ``network_nodes`` and ``network_edges`` (``antbook.data.load_table``).

    Raises
    ------
    NetworkTableError
        Names the file, line and column of the first inconsistency (see the module doc).
    """
    validate_tables(nodes, edges)
    # object dtype keeps a missing stake as None (a float column would turn it into NaN)
    edges = edges.assign(stake_pct=pd.Series([_stake(v) for v in edges["stake_pct"]],
                                             index=edges.index, dtype=object))
    return graph_from_tables(nodes, edges, node_id="node_id", source="source", target="target",
                             nodes_name=NODES_FILE, edges_name=EDGES_FILE, edge_key="edge_id")


def layer_positions(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Deterministic layout: a row per layer (top to bottom), nodes evenly spread in table order.

    x lies in (0, 1) and y is minus the layer's ``level``.
    """
    rows: dict[int, list[str]] = {}
    for node, data in graph.nodes(data=True):
        rows.setdefault(int(data["level"]), []).append(node)
    positions = {}
    for level, members in rows.items():
        for i, node in enumerate(members):
            positions[node] = (round((i + 0.5) / len(members), 6), -float(level))
    return positions


def neighbours(graph: nx.MultiDiGraph, node: str, edge_type: str | None = None) -> set[str]:
    """Nodes linked to ``node`` in either direction (by edges of ``edge_type``, if given)."""
    if node not in graph:
        raise KeyError(f"no node {node!r} in the graph")
    found = set()
    edges = list(graph.in_edges(node, data=True)) + list(graph.out_edges(node, data=True))
    for u, v, data in edges:
        if edge_type is None or data["edge_type"] == edge_type:
            found.add(u if v == node else v)
    return found


def centrality_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Degree, betweenness and PageRank of every node, ranked by PageRank.

    All three are computed on the undirected simple graph (one link per linked pair): influence in
    this network runs both ways (a regulator constrains a firm; a firm's failure matters to its
    regulator). Betweenness is normalised to [0, 1]; PageRank uses damping 0.85 and sums to 1.
    Ties are broken by the order of the node table, so the ranking is deterministic.
    """
    simple = nx.Graph(graph.to_undirected())
    order = {node: i for i, node in enumerate(graph.nodes)}
    degree = dict(simple.degree())
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    pagerank = nx.pagerank(simple, alpha=0.85, tol=1e-12, max_iter=1000)
    rows = [{"node_id": node, "label": graph.nodes[node]["label"],
             "layer": graph.nodes[node]["layer"], "degree": int(degree[node]),
             "betweenness": round(float(betweenness[node]), 4),
             "pagerank": round(float(pagerank[node]), 4)} for node in graph.nodes]
    frame = pd.DataFrame(rows)
    frame["order"] = frame["node_id"].map(order)
    frame = frame.sort_values(["pagerank", "degree", "order"], ascending=[False, False, True])
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame.drop(columns="order").reset_index(drop=True)
