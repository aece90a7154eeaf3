"""Graphs of the ecosystem: build them from data tables, lay them out in layers, draw them.

The layout is deterministic (the same tables always give the same picture): nodes sit in rows by
their ``level`` and, within a row, in the order of the table.

Examples
--------
>>> import pandas as pd
>>> nodes = pd.DataFrame({"id": ["a", "b"], "label": ["A", "B"], "level": [0, 1]})
>>> edges = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": ["pays"]})
>>> g = graph_from_tables(nodes, edges, node_id="id", source="source", target="target")
>>> sorted(g.edges(data="relation"))
[('a', 'b', 'pays')]
>>> layered_positions(g)
{'a': (0.0, 0.0), 'b': (0.0, -1.0)}
"""

from __future__ import annotations

import altair as alt
import networkx as nx
import pandas as pd

__all__ = ["GraphTableError", "graph_from_tables", "layered_positions", "network_chart"]


class GraphTableError(ValueError):
    """A node or edge table that cannot make a consistent graph.

    Attributes
    ----------
    file, line, column : str, int, str
        Where the problem is: the table's name, its line (the header is line 1), the column.
    """

    def __init__(self, file: str, line: int, column: str, message: str):
        self.file, self.line, self.column = file, line, column
        super().__init__(f"{file}, line {line}, column '{column}': {message}")


def graph_from_tables(nodes: pd.DataFrame, edges: pd.DataFrame, *, node_id: str, source: str,
                      target: str, nodes_name: str = "nodes", edges_name: str = "edges",
                      edge_key: str | None = None) -> nx.MultiDiGraph:
    """A directed multigraph with one node per row of ``nodes`` and one edge per row of ``edges``.

    Every other column becomes a node or edge attribute; ``edge_key`` names a column whose value
    also keys each edge. An edge whose end is not a node, or a repeated node id, is refused with
    :class:`GraphTableError` naming the table, the line (header = line 1) and the column.
    """
    graph = nx.MultiDiGraph()
    for line, row in enumerate(nodes.to_dict("records"), start=2):
        key = row[node_id]
        if key in graph:
            raise GraphTableError(nodes_name, line, node_id, f"node {key!r} appears twice")
        graph.add_node(key, **{k: v for k, v in row.items() if k != node_id})
    for line, row in enumerate(edges.to_dict("records"), start=2):
        for column in (source, target):
            if row[column] not in graph:
                raise GraphTableError(edges_name, line, column,
                                      f"no node {row[column]!r} in {nodes_name}")
        attrs = {k: v for k, v in row.items() if k not in (source, target)}
        key = {"key": row[edge_key]} if edge_key else {}
        graph.add_edge(row[source], row[target], **key, **attrs)
    return graph


def layered_positions(graph: nx.Graph, level: str = "level", spacing: float = 1.0
                      ) -> dict[str, tuple[float, float]]:
    """Rows by ``level`` (0 at the top), nodes centred in each row in insertion order."""
    rows: dict[int, list] = {}
    for node, data in graph.nodes(data=True):
        rows.setdefault(int(data[level]), []).append(node)
    positions = {}
    for lvl, members in rows.items():
        offset = (len(members) - 1) / 2
        for i, node in enumerate(members):
            positions[node] = (float((i - offset) * spacing), float(-lvl))  # no -0.0
    return positions


def network_chart(graph: nx.Graph, positions: dict[str, tuple[float, float]], *,
                  label: str = "label", color: str | None = None, edge_label: str | None = None,
                  tooltip_node: list[str] | None = None, width: int = 560, height: int = 340
                  ) -> alt.LayerChart:
    """Draw ``graph`` at ``positions`` with altair: edges as lines, nodes as labelled points.

    Returns a layer chart without title or description; the caller adds both.
    """
    node_rows = []
    for node, data in graph.nodes(data=True):
        x, y = positions[node]
        node_rows.append({"node": node, "x": x, "y": y, **{k: v for k, v in data.items()
                                                           if isinstance(v, str | int | float)}})
    nodes = pd.DataFrame(node_rows)
    edge_rows = []
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        (x0, y0), (x1, y1) = positions[u], positions[v]
        text = data.get(edge_label, "") if edge_label else ""
        edge_rows.append({"edge": i, "end": 0, "x": x0, "y": y0, "label": text,
                          "from": graph.nodes[u].get(label, u), "to": graph.nodes[v].get(label, v)})
        edge_rows.append({"edge": i, "end": 1, "x": x1, "y": y1, "label": text,
                          "from": graph.nodes[u].get(label, u), "to": graph.nodes[v].get(label, v)})
    edges = pd.DataFrame(edge_rows)
    xs = alt.X("x:Q", axis=None, scale=alt.Scale(padding=60))
    ys = alt.Y("y:Q", axis=None, scale=alt.Scale(padding=30))
    tips = ["from:N", "to:N"] + (["label:N"] if edge_label else [])
    lines = alt.Chart(edges).mark_line(color="#999999", strokeWidth=1.5).encode(
        xs, ys, detail="edge:N", order="end:O", tooltip=tips)
    point_color = alt.Color(f"{color}:N", title=None) if color else alt.value("#0072B2")
    points = alt.Chart(nodes).mark_circle(size=600, opacity=1).encode(
        xs, ys, color=point_color,
        tooltip=[f"{c}:N" for c in (tooltip_node or [label])])
    labels = alt.Chart(nodes).mark_text(dy=-20, fontSize=12, fontWeight="bold").encode(
        xs, ys, text=f"{label}:N")
    layers = [lines, points, labels]
    if edge_label:
        # Written on the line, 40 % of the way from its source: a pair of opposite edges then
        # gets two distinct places, and the relation is legible in print, where nothing hovers.
        ends = edges.pivot(index=["edge", "label"], columns="end", values=["x", "y"])
        mids = pd.DataFrame({
            "label": ends.index.get_level_values("label"),
            "x": 0.6 * ends[("x", 0)].to_numpy() + 0.4 * ends[("x", 1)].to_numpy(),
            "y": 0.6 * ends[("y", 0)].to_numpy() + 0.4 * ends[("y", 1)].to_numpy()})
        layers.append(alt.Chart(mids).mark_text(fontSize=10, color="#555555", dy=-6).encode(
            xs, ys, text="label:N"))
    return alt.layer(*layers).properties(width=width, height=height)
