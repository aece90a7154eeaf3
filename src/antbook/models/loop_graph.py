"""The closed loop as a graph: cycles through the platform, before and after the 2021 cut.

Chapter 2's ecosystem network (``network_nodes``, ``network_edges``, built by
:func:`antbook.models.ecosystem.build_graph`) records who owns, licenses, supervises, funds,
distributes to and sends data to whom, and in which period (``then``: until the 2021
rectification; ``now``: after it; ``both``). Chapter 4 adds a few links of its own
(``ch4_loop_links``: Huabei and Jiebei inside Alipay's checkout before 2021, and credit data
reaching the consumer-finance company through the licensed agency after it), appended to chapter
2's edges without changing them.

A *loop* is a directed cycle of flows (``data``, ``funding``, ``distribution``; ownership, licences
and supervision are relations of control, not flows) that passes through the platform
(``alipay``): users send data to the platform, the platform or a lender it feeds sends services or
money back to users. :func:`loop_table` lists the loops of a period; :func:`cut_table` says, for
each flow that existed before the cut and not after, which loops it carried.

Examples
--------
>>> import pandas as pd
>>> nodes = pd.DataFrame({"node_id": ["u", "alipay", "bank"], "label": ["U", "P", "B"],
...                       "layer": ["users", "platform", "partners"], "level": [0, 1, 3]})
>>> edges = pd.DataFrame({"edge_id": ["d", "f", "s"], "source": ["u", "alipay", "bank"],
...                       "target": ["alipay", "bank", "u"],
...                       "edge_type": ["data", "data", "funding"], "stake_pct": [None] * 3,
...                       "period": ["both", "then", "both"]})
>>> from antbook.models.ecosystem import build_graph
>>> g = build_graph(nodes, edges)
>>> loop_table(g, "before")["path"].tolist(), len(loop_table(g, "after"))
(['P → B → U → P'], 0)
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

__all__ = ["FLOW_TYPES", "PERIODS", "PLATFORM", "add_links", "cut_table", "flow_graph",
           "loop_edges", "loop_table"]

FLOW_TYPES = ("data", "funding", "distribution")
"""Edge types that are flows (of data, money or services) and can close a loop."""

PERIODS = {"before": ("both", "then"), "after": ("both", "now")}
"""Which edge periods are present before and after the 2021 rectification."""

PLATFORM = "alipay"
"""The node every loop must pass through."""

LINKS_FILE = "ch4_loop_links.csv"


def add_links(edges: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Chapter 2's edges with chapter 4's extra links appended (their ids must be new).

    Raises
    ------
    ValueError
        If a link's id is already an edge id, naming the file and line of the link.
    """
    known = set(edges["edge_id"])
    for line, edge_id in enumerate(links["edge_id"], start=2):
        if edge_id in known:
            raise ValueError(f"{LINKS_FILE}, line {line}, column 'edge_id': {edge_id!r} is "
                             "already an edge of network_edges.csv")
    extra = links.reindex(columns=edges.columns)
    return pd.concat([edges, extra], ignore_index=True)


def flow_graph(graph: nx.MultiDiGraph, period: str) -> nx.DiGraph:
    """The flows of ``period`` (``before`` or ``after``) as a simple directed graph; each arc
    keeps the ids of the edges it stands for (``edge_ids``) and their types."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}: choose one of {list(PERIODS)}")
    flows = nx.DiGraph()
    flows.add_nodes_from(graph.nodes(data=True))
    for u, v, key, data in graph.edges(keys=True, data=True):
        if data.get("edge_type") in FLOW_TYPES and data.get("period") in PERIODS[period]:
            if flows.has_edge(u, v):
                flows[u][v]["edge_ids"].append(key)
                flows[u][v]["types"].append(data["edge_type"])
            else:
                flows.add_edge(u, v, edge_ids=[key], types=[data["edge_type"]])
    return flows


def _cycles(flows: nx.DiGraph, platform: str) -> list[list[str]]:
    if platform not in flows:
        raise ValueError(f"no node {platform!r} in the graph")
    found = []
    for cycle in nx.simple_cycles(flows):
        if platform in cycle:
            i = cycle.index(platform)
            found.append(cycle[i:] + cycle[:i])          # start every loop at the platform
    return sorted(found, key=lambda c: (len(c), c))


def loop_table(graph: nx.MultiDiGraph, period: str, platform: str = PLATFORM) -> pd.DataFrame:
    """Every loop through ``platform`` in ``period``, shortest first.

    Returns
    -------
    DataFrame
        ``loop`` (1, 2, ...), ``path`` (labels joined by arrows, back to the platform),
        ``nodes`` (ids, a tuple), ``length`` (number of arcs), ``edge_ids`` (a tuple of the edge
        ids on it, one per arc), ``closed_by`` (the node that serves the users on the loop: a
        lender, or the platform alone) and ``via`` (nodes between the platform and that one,
        such as a credit-reporting agency).
    """
    flows = flow_graph(graph, period)
    rows = []
    for i, cycle in enumerate(_cycles(flows, platform), start=1):
        arcs = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
        labels = [graph.nodes[n].get("label", n) for n in cycle + cycle[:1]]
        users = [k for k, n in enumerate(cycle) if graph.nodes[n].get("layer") == "users"]
        inner = cycle[1:users[0]] if users else cycle[1:]
        rows.append({"loop": i, "path": " → ".join(labels), "nodes": tuple(cycle),
                     "length": len(arcs),
                     "edge_ids": tuple(flows[u][v]["edge_ids"][0] for u, v in arcs),
                     "closed_by": graph.nodes[inner[-1]].get("label", inner[-1]) if inner
                     else "(platform alone)",
                     "via": ", ".join(graph.nodes[n].get("label", n) for n in inner[:-1])})
    return pd.DataFrame(rows, columns=["loop", "path", "nodes", "length", "edge_ids",
                                       "closed_by", "via"])


def loop_edges(graph: nx.MultiDiGraph, period: str, platform: str = PLATFORM) -> set[str]:
    """Ids of the edges that lie on at least one loop of ``period``."""
    ids: set[str] = set()
    flows = flow_graph(graph, period)
    for cycle in _cycles(flows, platform):
        for u, v in zip(cycle, cycle[1:] + cycle[:1], strict=True):
            ids.update(flows[u][v]["edge_ids"])
    return ids


def cut_table(graph: nx.MultiDiGraph, platform: str = PLATFORM) -> pd.DataFrame:
    """What the 2021 cut removed: each flow present before and not after, and the loops through
    the platform it carried before (by their ``path``; empty if it carried none).

    Returns
    -------
    DataFrame
        ``edge_id``, ``from``, ``to``, ``edge_type``, ``description``, ``loops_broken`` (how many
        loops of the "before" period use it) and ``paths`` (those loops, joined by "; ").
    """
    before = loop_table(graph, "before", platform)
    rows = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        if data.get("edge_type") not in FLOW_TYPES or data.get("period") != "then":
            continue
        carried = [p for p, n in zip(before["path"], before["nodes"], strict=True)
                   if any((a, b) == (u, v) for a, b in zip(n, n[1:] + n[:1], strict=True))]
        rows.append({"edge_id": key, "from": graph.nodes[u].get("label", u),
                     "to": graph.nodes[v].get("label", v), "edge_type": data["edge_type"],
                     "description": data.get("description", ""),
                     "loops_broken": len(carried), "paths": "; ".join(carried)})
    frame = pd.DataFrame(rows, columns=["edge_id", "from", "to", "edge_type", "description",
                                        "loops_broken", "paths"])
    return frame.sort_values(["loops_broken", "edge_id"], ascending=[False, True]
                             ).reset_index(drop=True)
