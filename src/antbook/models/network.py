"""Graphs of the ecosystem: build them from data tables and lay them out in layers.

The drawing is in :mod:`antbook.figures.network`.

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

import networkx as nx
import pandas as pd

__all__ = ["GraphTableError", "graph_from_tables", "layered_positions"]


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
