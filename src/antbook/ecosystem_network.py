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

:class:`NetworkExplorer` draws the network in the book's three reading modes: in the browser a
reader clicks a node to highlight its neighbours and filters by edge type and layer; in a live
notebook the same controls are dropdowns; in print there is one panel per layer.

Examples
--------
>>> graph = build_graph()
>>> graph.number_of_nodes() == len(load_table("network_nodes"))
True
>>> sorted(neighbours(graph, "mybank"))[:3]
['ant_group', 'cbirc', 'merchants']
"""

from __future__ import annotations

import math

import altair as alt
import networkx as nx
import pandas as pd

from .charts import PALETTE
from .data import load_table
from .explorable import three_forms_bundle
from .network import GraphTableError, graph_from_tables

__all__ = [
    "EDGE_TYPES",
    "LAYERS",
    "NetworkExplorer",
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

LAYER_COLORS = dict(zip(LAYERS, [PALETTE[1], PALETTE[0], PALETTE[4], PALETTE[2], PALETTE[3]],
                        strict=True))
EDGE_COLORS = dict(zip(EDGE_TYPES, [PALETTE[0], PALETTE[3], PALETTE[5], PALETTE[2], PALETTE[1],
                                    PALETTE[7]], strict=True))

NODES_FILE = "network_nodes.csv"
NODES_DATA, EDGES_DATA, RANKING_DATA = "ch2_network_nodes", "ch2_network_edges", "ch2_ranking"
EDGES_FILE = "network_edges.csv"
WIDTH = 540
HEIGHT = 400


# The chapter's name for the shared error: the same file, line and column, the same message form.
NetworkTableError = GraphTableError


def _stake(value) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return float(value)


def validate_tables(nodes: pd.DataFrame, edges: pd.DataFrame) -> None:
    """Raise :class:`NetworkTableError` at the first row that breaks the ecosystem's own rules
    (layers, edge types, stakes, repeated edge ids, self-links). Repeated nodes and edges to
    missing nodes are refused by :func:`antbook.network.graph_from_tables`."""
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


def build_graph(nodes: pd.DataFrame | None = None, edges: pd.DataFrame | None = None
                ) -> nx.MultiDiGraph:
    """The ecosystem as a directed multigraph (one node per node row, one edge per edge row).

    Parameters
    ----------
    nodes, edges : DataFrame, optional
        The tables; by default ``load_table("network_nodes")`` and ``load_table("network_edges")``.

    Raises
    ------
    NetworkTableError
        Names the file, line and column of the first inconsistency (see the module doc).
    """
    nodes = load_table("network_nodes") if nodes is None else nodes
    edges = load_table("network_edges") if edges is None else edges
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


# -- drawing ----------------------------------------------------------------------------------
def _frames(graph: nx.MultiDiGraph, centrality: pd.DataFrame):
    """Data for the drawing: nodes, and edges (one row per end of each edge)."""
    pos = layer_positions(graph)
    stats = centrality.set_index("node_id")
    counters: dict[int, int] = {}
    node_rows = []
    for node, data in graph.nodes(data=True):
        level = int(data["level"])
        k = counters.get(level, 0)
        counters[level] = k + 1
        node_rows.append({"focus": node, "label": data["label"], "layer": data["layer"],
                          "layer_label": LAYER_LABELS[data["layer"]], "x": pos[node][0],
                          "y": pos[node][1], "stagger": k % 2,
                          "degree": int(stats.at[node, "degree"]),
                          "pagerank": float(stats.at[node, "pagerank"])})
    nodes = pd.DataFrame(node_rows)
    edge_rows = []
    for u, v, data in graph.edges(data=True):
        common = {"edge_id": data["edge_id"], "edge_type": data["edge_type"],
                  "relation": data["description"], "source": u, "target": v,
                  "from_label": graph.nodes[u]["label"], "to_label": graph.nodes[v]["label"],
                  "source_layer": graph.nodes[u]["layer"], "target_layer": graph.nodes[v]["layer"]}
        for end, node in ((0, u), (1, v)):
            edge_rows.append({**common, "end": end, "node": node, "x": pos[node][0],
                              "y": pos[node][1]})
    return nodes, pd.DataFrame(edge_rows)


def _scales():
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, 1]))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-4.3, 0.3]))
    edge_color = alt.Color("edge_type:N", title="Edge type",
                           scale=alt.Scale(domain=list(EDGE_TYPES),
                                           range=[EDGE_COLORS[t] for t in EDGE_TYPES]),
                           legend=alt.Legend(orient="right"))
    # Nodes use the fill channel, edges the stroke colour: two scales, one legend each.
    layer_color = alt.Fill("layer_label:N", title="Layer",
                           scale=alt.Scale(domain=[LAYER_LABELS[k] for k in LAYERS],
                                           range=[LAYER_COLORS[k] for k in LAYERS]),
                           legend=alt.Legend(orient="right"))
    return x, y, edge_color, layer_color


def _network_layers(*, edge_filter, layer_filter, focus_filter, pick=None, width=WIDTH,
                    height=HEIGHT, font=11, edge_opacity=0.35):
    """The network as layered marks. Filters are Vega expressions (strings) or selection params."""
    x, y, edge_color, layer_color = _scales()
    edge_tip = [alt.Tooltip("from_label:N", title="from"), alt.Tooltip("to_label:N", title="to"),
                alt.Tooltip("edge_type:N", title="type"), alt.Tooltip("relation:N")]
    # Data by name: the charts carry a reference and the top level one copy (see _with_data).
    nodes, edges = alt.NamedData(name=NODES_DATA), alt.NamedData(name=EDGES_DATA)
    base_edges = (alt.Chart(edges).transform_filter(edge_filter).transform_filter(layer_filter)
                  .mark_line(strokeWidth=1.2, opacity=edge_opacity)
                  .encode(x, y, color=edge_color, detail="edge_id:N", order="end:O",
                          tooltip=edge_tip))
    # Each edge once per end node as the "focus": the edges and neighbours of a selected node.
    by_focus = alt.Chart(edges).transform_fold(["source", "target"], as_=["role", "focus"])
    hot_edges = (by_focus.transform_filter(focus_filter)
                 .transform_filter(edge_filter)
                 .mark_line(strokeWidth=3.5, opacity=0.95)
                 .encode(x, y, color=edge_color, detail="edge_id:N", order="end:O")
                 )
    rings = (by_focus.transform_filter(focus_filter).transform_filter(edge_filter)
             .transform_filter("datum.node != datum.focus")
             .transform_calculate(neighbour="datum.end == 0 ? datum.from_label : datum.to_label")
             .mark_point(shape="circle", size=520, filled=False, strokeWidth=3, color="#000000")
             .encode(x, y, tooltip=[alt.Tooltip("neighbour:N")])
             )
    in_layer = (layer_filter.replace("datum.source_layer", "datum.layer")
                .replace("datum.target_layer", "datum.layer"))
    node_layer = (alt.Chart(nodes)
                  .mark_circle(size=260, stroke="#ffffff", strokeWidth=1.5, fillOpacity=1)
                  .encode(x, y, fill=layer_color,
                          opacity=alt.condition(in_layer, alt.value(1.0), alt.value(0.2)),
                          tooltip=[alt.Tooltip("label:N", title="node"),
                                   alt.Tooltip("layer_label:N", title="layer"),
                                   alt.Tooltip("degree:Q", title="degree"),
                                   alt.Tooltip("pagerank:Q", title="PageRank", format=".3f")]))
    if pick is not None:
        node_layer = node_layer.add_params(pick).properties(name="ch2_nodes")
    labels = [alt.Chart(nodes).transform_filter(f"datum.stagger == {k}")
              .mark_text(dy=dy, fontSize=font, color="#222222")
              .encode(x, y, text="label:N")
              for k, dy in ((0, -15), (1, 17))]
    return alt.layer(base_edges, hot_edges, rings, node_layer, *labels).properties(
        width=width, height=height)


def _ranking_chart(centrality: pd.DataFrame, *, highlight, layer_test: str):
    """The ranking table drawn as text marks, so that it can react to the reader's selection."""
    rows = len(centrality)
    data = alt.NamedData(name=RANKING_DATA)
    y = alt.Y("rank:O", axis=None)
    columns = [("rank", "#", 0, "d"), ("label", "Node", 28, None), ("degree", "Degree", 210, "d"),
               ("betweenness", "Betweenness", 280, ".3f"), ("pagerank", "PageRank", 380, ".3f")]
    colour = (alt.condition(highlight, alt.value("#D55E00"), alt.value("#222222"))
              if highlight is not None else alt.value("#222222"))
    layers = []
    if highlight is not None:
        layers.append(alt.Chart(data).transform_filter(highlight)
                      .mark_bar(color="#F5D0B5", height=14)
                      .encode(y, x=alt.value(0), x2=alt.value(460))
                      )
    for field, title, xpos, fmt in columns:
        text = alt.Text(f"{field}:{'N' if fmt is None else 'Q'}", format=fmt) if fmt else \
            alt.Text(f"{field}:N")
        layers.append(alt.Chart(data).mark_text(align="left", fontSize=11).encode(
            y, x=alt.value(xpos), text=text, color=colour,
            opacity=alt.condition(layer_test, alt.value(1.0), alt.value(0.3))))
        layers.append(alt.Chart(pd.DataFrame({"t": [title]})).mark_text(
            align="left", fontSize=11, fontWeight="bold", color="#444444").encode(
            x=alt.value(xpos), y=alt.value(-10), text="t:N"))
    return alt.layer(*layers).properties(width=WIDTH, height=14 * rows,
                                         title="Nodes ranked by PageRank")


def _static_filters(focus: str | None, edge_type: str, layer: str) -> tuple[str, str, str]:
    def quote(s: str) -> str:
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"

    edge = "true" if edge_type == "all" else f"datum.edge_type == {quote(edge_type)}"
    lay = ("true" if layer == "all" else
           f"(datum.source_layer == {quote(layer)} || datum.target_layer == {quote(layer)})")
    foc = "false" if not focus else f"datum.focus == {quote(focus)}"
    return edge, lay, foc


class NetworkExplorer:
    """The network explorer in three reading modes (see the module doc).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        From :func:`build_graph`.
    title, description : str
        The figure's title (a finding) and its description for screen readers.
    """

    def __init__(self, graph: nx.MultiDiGraph, title: str, description: str):
        self.graph = graph
        self.title = title
        self.description = description
        self.centrality = centrality_table(graph)
        self._frames = _frames(graph, self.centrality)
        ranking = self.centrality.rename(columns={"node_id": "focus"})
        self._datasets = {
            NODES_DATA: self._frames[0].to_dict("records"),
            EDGES_DATA: self._frames[1].to_dict("records"),
            RANKING_DATA: ranking.to_dict("records")}

    def _with_data(self, chart, *names: str):
        """Attach the named datasets to a top-level chart (once, however many views use them)."""
        return chart.properties(datasets={k: self._datasets[k] for k in names})

    # browser: selections and bound params, no kernel needed
    def browser_chart(self) -> alt.VConcatChart:
        """Click a node to ring its neighbours; choose an edge type and a layer in the menus."""
        pick = alt.selection_point(name="ch2_pick", fields=["focus"], on="click", empty=False,
                                   clear="dblclick")
        etype = alt.param(name="ch2_edge_type", value="all", bind=alt.binding_select(
            options=["all", *EDGE_TYPES], name="Edge type "))
        layer = alt.param(name="ch2_layer", value="all", bind=alt.binding_select(
            options=["all", *LAYERS], labels=["all", *(LAYER_LABELS[k] for k in LAYERS)],
            name="Layer "))
        edge_test = f"({etype.name} == 'all' || datum.edge_type == {etype.name})"
        layer_test = (f"({layer.name} == 'all' || datum.source_layer == {layer.name} || "
                      f"datum.target_layer == {layer.name})")
        # The selection is tested by expression (as Vega-Lite compiles a filter on it): passing
        # the param object to other layers' filters makes altair define it in those views too.
        picked = (f"length(data('{pick.name}_store')) && "
                  f"vlSelectionTest('{pick.name}_store', datum)")
        network = _network_layers(edge_filter=edge_test, layer_filter=layer_test,
                                  focus_filter=picked, pick=pick)
        ranking = _ranking_chart(self.centrality, highlight=picked,
                                 layer_test=f"{layer.name} == 'all' || datum.layer == {layer.name}")
        chart = alt.vconcat(network, ranking, spacing=30).add_params(etype, layer)
        return self._with_data(chart, NODES_DATA, EDGES_DATA, RANKING_DATA).properties(
            title=alt.Title(self.title, subtitle="Click a node to ring its neighbours and "
                                                 "highlight its row; double-click to clear."),
            description=self.description)

    # live and print: the same picture at fixed settings
    def static_chart(self, focus: str | None = None, edge_type: str = "all", layer: str = "all",
                     *, ranking: bool = True, width: int = WIDTH, height: int = HEIGHT,
                     font: int = 11, edge_opacity: float = 0.35):
        """The explorer at one setting of the controls (the live form redraws this)."""
        if edge_type != "all" and edge_type not in EDGE_TYPES:
            raise ValueError(f"unknown edge type {edge_type!r}")
        if layer != "all" and layer not in LAYERS:
            raise ValueError(f"unknown layer {layer!r}")
        if focus is not None and focus not in self.graph:
            raise KeyError(f"no node {focus!r}")
        edge, lay, foc = _static_filters(focus, edge_type, layer)
        network = _network_layers(edge_filter=edge, layer_filter=lay,
                                  focus_filter=foc, width=width, height=height, font=font,
                                  edge_opacity=edge_opacity)
        if not ranking:
            return self._with_data(network, NODES_DATA, EDGES_DATA)
        highlight_test = "false" if focus is None else f"datum.focus == '{focus}'"
        layer_test = "true" if layer == "all" else f"datum.layer == '{layer}'"
        table = _ranking_chart(self.centrality, highlight=highlight_test if focus else None,
                               layer_test=layer_test)
        return self._with_data(alt.vconcat(network, table, spacing=30), NODES_DATA, EDGES_DATA,
                               RANKING_DATA)

    def print_chart(self) -> alt.VConcatChart:
        """One small panel per layer: its nodes in full colour and only the edges that touch it."""
        panels = []
        for layer in LAYERS:
            edge, lay, foc = _static_filters(None, "all", layer)
            panel = _network_layers(edge_filter=edge, layer_filter=lay,
                                    focus_filter=foc, width=330, height=240, font=8,
                                    edge_opacity=0.8)
            panels.append(panel.properties(title=LAYER_LABELS[layer]))
        rows = [alt.hconcat(*panels[i:i + 2]) for i in range(0, len(panels), 2)]
        return self._with_data(alt.vconcat(*rows), NODES_DATA, EDGES_DATA).properties(
            title=alt.Title(self.title, subtitle="One panel per layer: the edges that touch it"),
            description=self.description)

    def widget(self):
        """Dropdowns for the node, the edge type and the layer; each change redraws the chart."""
        import ipywidgets as widgets

        labels = sorted((data["label"], node) for node, data in self.graph.nodes(data=True))
        style = {"description_width": "initial"}
        node = widgets.Dropdown(options=[("(none)", "")] + labels, value="",
                                description="Node", style=style)
        etype = widgets.Dropdown(options=["all", *EDGE_TYPES], value="all",
                                 description="Edge type", style=style)
        layer = widgets.Dropdown(options=[("all", "all")] + [(LAYER_LABELS[k], k) for k in LAYERS],
                                 value="all", description="Layer", style=style)
        out = widgets.Output()

        def redraw(_change=None):
            chart = self.static_chart(node.value or None, etype.value, layer.value).properties(
                title=self.title, description=self.description)
            out.outputs = ()
            out.append_display_data(chart)

        for control in (node, etype, layer):
            control.observe(redraw, names="value")
        redraw()
        return widgets.VBox([widgets.HBox([node, etype, layer]), out])

    def mimebundle(self, include_widget: bool = True) -> dict:
        """Browser form as HTML, print form as a Vega-Lite spec, live form as a widget view."""
        note = ('<p class="antbook-live-note"><em>The selection and the menus work in your '
                "browser. Open this page as a notebook to get the same controls as dropdowns "
                "that re-run the Python code.</em></p>")
        return three_forms_bundle(
            summary=f"Interactive figure: {self.title} (controls: node, edge type, layer)",
            # Validated in the tests (tests/test_ecosystem_network.py); skipped here for speed.
            browser=self.browser_chart().to_dict(validate=False),
            printed=self.print_chart().to_dict(validate=False),
            widget=self.widget() if include_widget else None, note=note)

    def show(self) -> None:
        """Display all three forms in one output."""
        from IPython.display import display

        display(self.mimebundle(), raw=True)
