"""Figures of chapter 2 (financial attributes): the ecosystem network, the systemic-importance
scorer, and contagion.

* :class:`NetworkExplorer` draws the network of :mod:`antbook.models.ecosystem` in the book's three
  reading modes: in the browser a reader clicks a node to highlight its neighbours and filters by
  edge type and layer; in a live notebook the same controls are dropdowns; in print there is one
  panel per layer.
* :func:`scorer_explorable` and :func:`contagion_explorable` are slider explorables over
  :mod:`antbook.models.systemic` and :mod:`antbook.models.contagion`.
* :func:`licence_table`, :func:`network_counts` and :func:`contagion_summary` shape the chapter's
  tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import networkx as nx
import pandas as pd

from ..charts import PALETTE
from ..data import load_table
from ..explorable import Explorable, Slider, three_forms_bundle, where
from ..models.contagion import contagion_losses
from ..models.ecosystem import (
    EDGE_TYPES,
    LAYER_LABELS,
    LAYERS,
    build_graph,
    centrality_table,
    layer_positions,
)
from ..models.systemic import SHORT_NAMES, indicator_scores, two_weight_split, wide_indicators

__all__ = ["NetworkExplorer", "contagion_explorable", "contagion_summary", "licence_table",
           "load_ecosystem_graph", "network_counts", "scorer_explorable"]

LAYER_COLORS = dict(zip(LAYERS, [PALETTE[1], PALETTE[0], PALETTE[4], PALETTE[2], PALETTE[3]],
                        strict=True))
EDGE_COLORS = dict(zip(EDGE_TYPES, [PALETTE[0], PALETTE[3], PALETTE[5], PALETTE[2], PALETTE[1],
                                    PALETTE[7]], strict=True))
NODES_DATA, EDGES_DATA, RANKING_DATA = "ch2_network_nodes", "ch2_network_edges", "ch2_ranking"
WIDTH = 540
HEIGHT = 400


def load_ecosystem_graph() -> nx.MultiDiGraph:
    """The ecosystem network built from the validated tables ``network_nodes`` and
    ``network_edges`` (:func:`antbook.models.ecosystem.build_graph`)."""
    return build_graph(load_table("network_nodes"), load_table("network_edges"))


def licence_table(licences: pd.DataFrame) -> pd.DataFrame:
    """The licence table as the chapter prints it: since when, how, Ant's stake, regulators."""
    table = licences.assign(
        since=licences["since_on"].dt.strftime("%d %b %Y").fillna(
            licences["since_year"].astype("string")).fillna("not known"),
        how=licences["since_how"].fillna(""),
        stake=licences["ant_stake_pct"].map(lambda v: "" if pd.isna(v) else f"{v:g} %"))
    return table[["category", "entity", "stake", "regulator_then", "regulator_now", "since",
                  "how", "held", "status"]].rename(columns={
        "stake": "Ant's stake", "regulator_then": "regulator then",
        "regulator_now": "regulator now"})


def network_counts(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """How many nodes each layer has and how many edges each type."""
    nodes_by_layer = pd.Series([d["layer"] for _, d in graph.nodes(data=True)]).value_counts()
    edges_by_type = pd.Series([d["edge_type"] for *_, d in graph.edges(data=True)]).value_counts()
    return pd.DataFrame({"what": [f"nodes: {k}" for k in nodes_by_layer.index]
                         + [f"edges: {k}" for k in edges_by_type.index],
                         "count": list(nodes_by_layer) + list(edges_by_type)})


def contagion_summary(nodes: pd.DataFrame, exposures: pd.DataFrame,
                      settings: Sequence[tuple[float, float, float | None]]) -> pd.DataFrame:
    """All lenders' equity lost, direct and after contagion, at each (shock, own share,
    platform capital ratio or None for fixed equity) setting of the contagion model."""
    rows = []
    for shock, own, capital in settings:
        frame = contagion_losses(nodes, exposures, shock, own, platform_capital_ratio=capital)
        weights = frame["equity_rmb_bn"] / frame["equity_rmb_bn"].sum()
        rows.append({"loss on the loans": shock, "platform's own share": own,
                     "platform's equity": ("fixed, RMB 40 bn" if capital is None
                                           else f"{capital:.0%} of its own loans"),
                     "direct loss, all lenders": (weights * frame["first_round"]).sum(),
                     "after contagion, all lenders": frame["system_loss"].iloc[0]})
    return pd.DataFrame(rows)


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


def scorer_explorable(indicators: pd.DataFrame, default_weights: Mapping[str, float]):
    """Chapter 2's systemic-importance scorer: the reader sets two category weights.

    ``indicators`` is the table ``systemic_indicators``; ``default_weights`` are the BCBS
    category weights (from :func:`category_weights`), used as the sliders' starting point.
    """
    wide = wide_indicators(indicators)
    order = list(wide.index)

    def compute(w_size: float, w_sub: float) -> pd.DataFrame:
        # One row per institution (the browser folds the categories into rows): a small grid.
        scores = indicator_scores(wide, two_weight_split(w_size, w_sub)).drop(columns="score")
        return scores.rename(columns=SHORT_NAMES).round(0).reset_index(names="institution")

    def view(data: pd.DataFrame, params: dict):
        names = list(SHORT_NAMES.values())
        base = where(alt.Chart(data), params).transform_fold(
            names, as_=["category", "points"]).transform_calculate(
            stack=f"indexof({names!r}, datum.category)")
        y = alt.Y("institution:N", sort=order, title=None)
        bars = base.mark_bar().encode(
            x=alt.X("sum(points):Q", title="Score (basis points)",
                    scale=alt.Scale(domain=[0, 6000])),
            y=y,
            color=alt.Color("category:N", title="Category",
                            sort=list(SHORT_NAMES.values()),
                            legend=alt.Legend(orient="bottom", columns=3)),
            order=alt.Order("stack:Q"),
            tooltip=["institution:N", "category:N",
                     alt.Tooltip("points:Q", format=",.0f", title="points")])
        totals = base.transform_aggregate(total="sum(points)", groupby=["institution"]).mark_text(
            align="left", dx=4, fontWeight="bold").encode(
            x="total:Q", y=y, text=alt.Text("total:Q", format=",.0f"))
        return alt.layer(bars, totals).properties(width=500, height=200)

    return Explorable(
        title="Weight payments heavily and the platform rivals a large bank",
        description=("Stacked horizontal bars of the indicator-based systemic-importance score, "
                     "in basis points, of five illustrative institutions, split by the five BCBS "
                     "categories. Sliders set the weights of size and of substitutability; the "
                     "other three categories share the rest equally. All indicator values are "
                     "illustrative."),
        controls=[Slider("w_size", "Weight on size", 0.0, 0.5, 0.1,
                         round(default_weights["Size"], 1), ".0%"),
                  Slider("w_sub", "Weight on substitutability", 0.0, 0.5, 0.1,
                         round(default_weights["Substitutability"], 1), ".0%")],
        compute=compute, view=view,
        print_settings=[{"w_size": 0.2, "w_sub": 0.2}, {"w_size": 0.5, "w_sub": 0.1},
                        {"w_size": 0.1, "w_sub": 0.5}],
    )


def contagion_explorable(nodes: pd.DataFrame, exposures: pd.DataFrame, reported_share: float):
    """Chapter 2's contagion interactive: sliders for the shock and the platform's own share.

    ``reported_share`` (the share reported in 2020) is the own-share slider's default.
    """
    order = list(nodes.loc[nodes["kind"] != "loan_pool", "label"])

    def compute(shock: float, own_share: float) -> pd.DataFrame:
        frame = contagion_losses(nodes, exposures, shock, own_share)
        out = frame[["label", "first_round", "total_loss", "system_loss"]].copy()
        for column in ("first_round", "total_loss", "system_loss"):
            out[column] = out[column].round(4)
        return out

    def view(data: pd.DataFrame, params: dict):
        base = where(alt.Chart(data), params)
        y = alt.Y("label:N", sort=order, title=None)
        x_scale = alt.Scale(domain=[0, 1])
        colour = alt.Color("kind:N", title=None, scale=alt.Scale(
            domain=["direct loss", "after contagion"], range=["#0072B2", "#E69F00"]),
            legend=alt.Legend(orient="bottom"))
        total = base.transform_calculate(kind="'after contagion'").mark_bar(height=16).encode(
            x=alt.X("total_loss:Q", title="Share of equity lost",
                    axis=alt.Axis(format="%", tickCount=5),
                    scale=x_scale), y=y, color=colour,
            tooltip=[alt.Tooltip("label:N", title="lender"),
                     alt.Tooltip("first_round:Q", format=".1%", title="direct loss"),
                     alt.Tooltip("total_loss:Q", format=".1%", title="after contagion")])
        direct = base.transform_calculate(kind="'direct loss'").mark_bar(height=8).encode(
            x=alt.X("first_round:Q", scale=x_scale), y=y, color=colour)
        note = base.transform_filter("datum.label == '" + order[0].replace("'", "\\'") + "'"
                                     ).transform_calculate(
            text="'All lenders together: ' + format(datum.system_loss, '.1%') + "
                 "' of equity lost'").mark_text(align="left", fontWeight="bold").encode(
            x=alt.value(0), y=alt.value(-10), text="text:N")
        return alt.layer(total, direct, note).properties(width=480, height=220)

    return Explorable(
        title="Losses travel: lenders lose more than their direct exposure",
        description=("Horizontal bars, one per lender class, of the share of equity lost when "
                     "the loans a platform arranged lose part of their value. The thin blue bar is "
                     "the direct loss, the wide orange bar the loss after distress spreads by "
                     "DebtRank. Sliders set the shock and the share of consumer loans the platform "
                     "funds itself. Exposures and equity are illustrative."),
        controls=[Slider("shock", "Loss on the loans", 0.0, 0.3, 0.05, 0.1, ".0%"),
                  Slider("own_share", "Platform's own share", 0.02, 0.34, 0.04, reported_share,
                         ".0%")],
        compute=compute, view=view,
        print_settings=[{"shock": 0.1, "own_share": reported_share},
                        {"shock": 0.1, "own_share": 0.3},
                        {"shock": 0.3, "own_share": reported_share}],
    )
