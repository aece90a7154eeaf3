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

:func:`dependents` answers what depends on a node: who loses a service, money or data if it fails
or is cut off, directly and through others, by one rule per edge type (:func:`dependency_arcs`).
:func:`label_layout` places nodes and labels in pixels so that no two labels overlap (crowded rows
are staggered over tiers); chapters that draw this network can reuse it.

The drawings, in the book's three reading modes, are
:class:`antbook.figures.financial_attributes.NetworkExplorer` and
:class:`antbook.figures.financial_attributes.DependencyExplorer`.

Examples
--------
>>> from antbook.data import load_table
>>> graph = build_graph(load_table("network_nodes"), load_table("network_edges"))
>>> graph.number_of_nodes() == len(load_table("network_nodes"))
True
>>> sorted(neighbours(graph, "mybank"))[:3]
['ant_group', 'cbirc', 'merchants']
>>> sorted(dependents(graph, "mybank")["node_id"])
['ant_group', 'merchants']
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx
import pandas as pd

from .network import GraphTableError, graph_from_tables

__all__ = [
    "CONTROL_PCT",
    "EDGE_TYPES",
    "EFFECTS",
    "PERIODS",
    "LAYERS",
    "LAYER_LABELS",
    "NetworkTableError",
    "boxes_overlap",
    "build_graph",
    "centrality_table",
    "dependency_arcs",
    "dependents",
    "label_layout",
    "label_width",
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


# -- what depends on what ----------------------------------------------------------------------
EFFECTS = ("service", "money", "data")
"""How a failure reaches a node: it loses a service it needs, or money or data it entrusted."""

PERIODS = ("then", "now")
"""The network as of 2020 (edges marked ``then`` or ``both``) or today (``now`` or ``both``)."""

CONTROL_PCT = 50.0
"""A stake above this (or an ownership edge without a stake: a wholly owned company) is control."""


def _in_period(data: dict, period: str | None) -> bool:
    if period is None:
        return True
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; periods are {', '.join(PERIODS)}")
    return data.get("period", "both") in ("both", period)


def dependency_arcs(graph: nx.MultiDiGraph, period: str | None = None,
                    control_pct: float = CONTROL_PCT) -> list[tuple[str, str, str, str]]:
    """Every way one node's failure reaches another, as ``(failed, affected, effect, edge_id)``.

    The rules, one per edge type (an edge points from ``u`` to ``v``, see the module doc):

    * **licence** (regulator ``u`` licenses ``v``): if the licence is withdrawn, ``v`` loses the
      right to offer its *service*;
    * **ownership** (``u`` owns ``v``): ``u``'s *money* (the stake) is lost if ``v`` fails; and if
      ``u`` controls ``v`` (a stake above ``control_pct``, or no stake given: wholly owned), ``v``
      runs on ``u``'s systems and management and loses its *service* if ``u`` fails;
    * **funding** (``u`` funds ``v``): ``v`` loses the credit (a *service*) if ``u`` stops, and
      ``u``'s *money* is lost if ``v`` cannot repay;
    * **distribution** (``u``'s product reaches ``v``): ``v`` loses the product (a *service*) if
      ``u`` stops;
    * **data** (``u`` gives data to ``v``): ``v`` loses the data it works with (a *service*) if
      ``u`` stops, and ``u``'s *data* is at stake if ``v`` fails or is breached;
    * **supervision** carries no dependency: oversight is not a service the firm runs on.

    Only edges of ``period`` count (``None``: all edges).
    """
    arcs = []
    for u, v, data in graph.edges(data=True):
        if not _in_period(data, period):
            continue
        kind, edge = data["edge_type"], data["edge_id"]
        if kind in ("licence", "distribution"):
            arcs.append((u, v, "service", edge))
        elif kind == "ownership":
            arcs.append((v, u, "money", edge))
            stake = data.get("stake_pct")
            if stake is None or stake > control_pct:
                arcs.append((u, v, "service", edge))
        elif kind == "funding":
            arcs.append((u, v, "service", edge))
            arcs.append((v, u, "money", edge))
        elif kind == "data":
            arcs.append((u, v, "service", edge))
            arcs.append((v, u, "data", edge))
    return arcs


def _is_end_user(graph: nx.MultiDiGraph, node: str, origin: str) -> bool:
    """A user group that loses a service stops using it, but does not fail: it passes nothing on
    (unless it is the node whose loss is asked about)."""
    return node != origin and graph.nodes[node].get("layer") == "users"


def _chain(reached: dict, node: str) -> set[str]:
    """``node`` and every node on the path by which the failure reached it."""
    chain = set()
    while node is not None:
        chain.add(node)
        node = reached[node][1]
    return chain


def dependents(graph: nx.MultiDiGraph, node: str, depth: int | None = None,
               period: str | None = None, control_pct: float = CONTROL_PCT) -> pd.DataFrame:
    """Who is affected if ``node`` fails or is cut off, directly and through others.

    A failure travels along *service* dependencies (:func:`dependency_arcs`): a node that loses a
    service it needs stops offering its own, so its dependants lose theirs in turn. This is an
    upper bound, the worst case the links allow: a bank that loses one data source may well lend
    on. Users (the ``users`` layer) are where a failure ends: they lose the service but pass
    nothing on. *Money* and *data* do not travel further: a node whose money or data sat with a
    node that stopped is affected, but keeps running (and a node is not said to lose money or
    data to a node that stopped because of it).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        From :func:`build_graph`.
    node : str
        The node that fails or is cut off.
    depth : int, optional
        How many steps the failure may travel (1: only direct dependants); ``None``: no limit.
    period : {"then", "now"}, optional
        Use only the edges of that period (see :data:`PERIODS`).

    Returns
    -------
    DataFrame
        One row per affected node and effect: ``node_id``, ``label``, ``layer``, ``effect``
        (``service``, ``money`` or ``data``), ``depth`` (the fewest steps from ``node``),
        ``via`` (the node it is reached from), ``edge_id`` (the edge of that last step) and
        ``path`` (labels from ``node``, joined by " → "). Sorted by depth, effect, table order.
        The failed node itself is not listed.
    """
    if node not in graph:
        raise KeyError(f"no node {node!r} in the graph")
    if depth is not None and (not isinstance(depth, int) or depth < 1):
        raise ValueError(f"depth must be a positive integer or None, got {depth!r}")
    arcs = dependency_arcs(graph, period, control_pct)
    order = {n: i for i, n in enumerate(graph.nodes)}
    service: dict[str, list[tuple[str, str]]] = {}
    exposed: dict[str, list[tuple[str, str, str]]] = {}
    for failed, affected, effect, edge in sorted(arcs, key=lambda a: (order[a[1]], a[3])):
        if effect == "service":
            service.setdefault(failed, []).append((affected, edge))
        else:
            exposed.setdefault(failed, []).append((affected, effect, edge))
    # breadth first over service arcs: the fewest steps, ties to the earlier node in the table
    reached = {node: (0, None, None)}
    frontier = [node]
    steps = 0
    while frontier and (depth is None or steps < depth):
        steps += 1
        nxt = []
        for failed in frontier:
            if _is_end_user(graph, failed, node):
                continue
            for affected, edge in service.get(failed, []):
                if affected not in reached:
                    reached[affected] = (steps, failed, edge)
                    nxt.append(affected)
        frontier = nxt
    found: dict[tuple[str, str], tuple[int, str, str]] = {}
    for stopped, (d, via, edge) in reached.items():
        if stopped != node:
            found[(stopped, "service")] = (d, via, edge)
        if (depth is not None and d >= depth) or _is_end_user(graph, stopped, node):
            continue
        upstream = _chain(reached, stopped)
        for affected, effect, e in exposed.get(stopped, []):
            key = (affected, effect)
            if affected not in upstream and (key not in found or found[key][0] > d + 1):
                found[key] = (d + 1, stopped, e)

    def path(target: str, via: str) -> str:
        chain = [target]
        while via is not None:
            chain.append(via)
            via = reached[via][1]
        return " → ".join(graph.nodes[n]["label"] for n in reversed(chain))

    rows = [{"node_id": n, "label": graph.nodes[n]["label"], "layer": graph.nodes[n]["layer"],
             "effect": effect, "depth": d, "via": via, "edge_id": edge, "path": path(n, via)}
            for (n, effect), (d, via, edge) in found.items()]
    columns = ["node_id", "label", "layer", "effect", "depth", "via", "edge_id", "path"]
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame.astype({"depth": "int64"})
    frame["_o"] = frame["node_id"].map(order)
    frame["_e"] = frame["effect"].map({e: i for i, e in enumerate(EFFECTS)})
    frame = frame.sort_values(["depth", "_e", "_o"]).drop(columns=["_o", "_e"])
    return frame.reset_index(drop=True)


# -- a layout whose labels can be read -----------------------------------------------------------
def label_width(text: str, font_size: float, char_width: float = 0.62) -> float:
    """A conservative width (px) of ``text`` set in a sans-serif font of ``font_size`` px."""
    return len(text) * font_size * char_width + 4


def label_layout(graph: nx.Graph, width: float = 640, band: float = 84, font_size: float = 11,
                 node_radius: float = 7, gap: float = 6, max_tiers: int = 3) -> pd.DataFrame:
    """Pixel positions of every node and of its label, such that no two labels overlap.

    Each layer (``level``) is a horizontal band of height ``band``, top to bottom. Its nodes are
    spread evenly in table order. If the labels of one row would overlap, the nodes are
    staggered over two (or three) tiers: labels above the nodes of the first tier, below those of
    the second (and to the right of those of the third). Labels never leave the ``width``.

    Returns
    -------
    DataFrame
        ``node_id``, ``x``, ``y`` (node centre, px from the top left), ``tier``, ``label``,
        ``label_x``, ``label_y`` (centre of the label), ``align``, and the label's box
        ``x0``, ``x1``, ``y0``, ``y1``. Raises ``ValueError`` if a row cannot fit.
    """
    rows: dict[int, list[str]] = {}
    for node, data in graph.nodes(data=True):
        rows.setdefault(int(data["level"]), []).append(node)
    height = font_size * 1.25
    out = []
    for band_index, level in enumerate(sorted(rows)):
        members = rows[level]
        widths = [label_width(str(graph.nodes[n].get("label", n)), font_size) for n in members]
        top = band_index * band
        for tiers in range(1, max_tiers + 1):
            placed = _place_row(members, widths, tiers, width, top, band, height, node_radius)
            if not _row_overlaps(placed, gap):
                break
        else:
            raise ValueError(f"the labels of level {level} do not fit in {width} px; "
                             "widen the drawing or shorten the labels")
        for item, node in zip(placed, members, strict=True):
            out.append({"node_id": node, "label": str(graph.nodes[node].get("label", node)),
                        **item})
    return pd.DataFrame(out)


def _place_row(members, widths, tiers, width, top, band, height, radius):
    n = len(members)
    placed = []
    for i, w in enumerate(widths):
        x = width * (i + 0.5) / n
        x = min(max(x, w / 2 + 2), width - w / 2 - 2)  # the label stays inside the drawing
        tier = i % tiers
        if tiers == 1:
            y = top + band * 0.55
        else:
            y = top + band * (0.38 + 0.30 * tier / max(tiers - 1, 1))
        if tier == 0:
            lx, ly, align = x, y - radius - 3 - height / 2, "center"
        elif tier == 1:
            lx, ly, align = x, y + radius + 3 + height / 2, "center"
        else:
            lx, ly, align = x + radius + 3, y, "left"
        x0 = lx - w / 2 if align == "center" else lx
        placed.append({"x": round(x, 2), "y": round(y, 2), "tier": tier, "label_x": round(lx, 2),
                       "label_y": round(ly, 2), "align": align, "x0": round(x0, 2),
                       "x1": round(x0 + w, 2), "y0": round(ly - height / 2, 2),
                       "y1": round(ly + height / 2, 2)})
    return placed


def boxes_overlap(a: Mapping, b: Mapping, gap: float = 0.0) -> bool:
    """Whether two boxes (``x0``, ``x1``, ``y0``, ``y1``) come closer than ``gap``."""
    return not (a["x1"] + gap <= b["x0"] or b["x1"] + gap <= a["x0"]
                or a["y1"] <= b["y0"] or b["y1"] <= a["y0"])


def _row_overlaps(placed, gap) -> bool:
    return any(boxes_overlap(a, b, gap) for i, a in enumerate(placed) for b in placed[i + 1:])
