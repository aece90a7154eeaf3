"""Drawing a graph with altair: edges as lines, nodes as labelled points, at given positions.

The graphs and their layouts come from :mod:`antbook.models.network`; this module only draws.
"""

from __future__ import annotations

import altair as alt
import networkx as nx
import pandas as pd

from ..charts import GREY, PALETTE

__all__ = ["network_chart"]


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
    lines = alt.Chart(edges).mark_line(color=GREY, strokeWidth=1.5).encode(
        xs, ys, detail="edge:N", order="end:O", tooltip=tips)
    point_color = alt.Color(f"{color}:N", title=None) if color else alt.value(PALETTE[0])
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
