"""Figures of chapter 2 (financial attributes): the ecosystem network, the systemic-importance
scorer, and contagion.

* :class:`NetworkExplorer` draws the network of :mod:`antbook.models.ecosystem` in the book's three
  reading modes, one type of relation at a time, on a layout whose labels never overlap
  (:func:`antbook.models.ecosystem.label_layout`): in the browser a menu chooses the relation and
  a click on a node rings its neighbours; in a live notebook the same controls are dropdowns; in
  print there is one panel per relation.
* :class:`DependencyExplorer` shows what depends on a node (who loses a service, money or data if
  it fails or is cut off, :func:`antbook.models.ecosystem.dependents`): menus over results
  computed for every node in the browser, the model re-run live, small multiples of key nodes in
  print.
* :func:`correlation_table` tabulates the one-factor model of correlated losses.
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

from ..charts import GREY, PALETTE, text_shade, tint
from ..data import load_table
from ..explorable import Explorable, Slider, three_forms_bundle, where
from ..models.contagion import contagion_losses, joint_hit_probability, simulate_joint_hits
from ..models.ecosystem import (
    EDGE_TYPES,
    EFFECTS,
    LAYER_LABELS,
    LAYERS,
    PERIODS,
    build_graph,
    centrality_table,
    dependents,
    label_layout,
)
from ..models.systemic import (
    SHORT_NAMES,
    indicator_scores,
    sensitivity,
    two_weight_split,
    wide_indicators,
)
from .fit import caption, line_height_for

__all__ = ["DependencyExplorer", "NetworkExplorer", "contagion_explorable", "contagion_summary",
           "correlation_table", "dependency_table", "licence_table", "load_ecosystem_graph",
           "network_counts", "scorer_explorable", "scorer_sensitivity"]

LAYER_COLORS = dict(zip(LAYERS, [PALETTE[1], PALETTE[0], PALETTE[4], PALETTE[2], PALETTE[3]],
                        strict=True))
EDGE_COLORS = dict(zip(EDGE_TYPES, [PALETTE[0], PALETTE[3], PALETTE[5], PALETTE[2], PALETTE[1],
                                    GREY], strict=True))
NODES_DATA, EDGES_DATA, RANKING_DATA = "ch2_network_nodes", "ch2_network_edges", "ch2_ranking"
DEPENDS_DATA, DEP_EDGES_DATA = "ch2_dependents", "ch2_dep_edges"
WIDTH = 640
"""The drawing's width (px); :func:`antbook.models.ecosystem.label_layout` fits the labels to it."""
BAND = 84
"""Height (px) of one layer's row."""


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


def correlation_table(threshold: float, mean: float, sd: float,
                      correlations: Sequence[float] = (1.0, 0.5, 0.25, 0.0),
                      n_lenders: int = 100, draws: int = 20_000, seed: int = 0) -> pd.DataFrame:
    """The one-factor model's chance that at least half of the lenders lose more than
    ``threshold`` at once, by correlation: the formula (many lenders) and a simulation of
    ``n_lenders`` (:mod:`antbook.models.contagion`)."""
    rows = [{"correlation between lenders' losses": rho,
             "chance for one lender": joint_hit_probability(threshold, mean, sd, 1.0),
             "chance half are hit together": joint_hit_probability(threshold, mean, sd, rho),
             f"simulated, {n_lenders} lenders": simulate_joint_hits(
                 n_lenders, threshold, mean, sd, rho, draws=draws, seed=seed)}
            for rho in correlations]
    return pd.DataFrame(rows)


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


def _quote(s: str) -> str:
    return "'" + str(s).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _frames(graph: nx.MultiDiGraph, centrality: pd.DataFrame):
    """Data for the drawing: nodes (with their label boxes), and edges (one row per end)."""
    layout = label_layout(graph, width=WIDTH, band=BAND).set_index("node_id")
    stats = centrality.set_index("node_id")
    node_rows = []
    for node, data in graph.nodes(data=True):
        at = layout.loc[node]
        node_rows.append({"focus": node, "label": data["label"], "layer": data["layer"],
                          "layer_label": LAYER_LABELS[data["layer"]], "x": float(at["x"]),
                          "y": float(at["y"]), "label_x": float(at["label_x"]),
                          "label_y": float(at["label_y"]), "align": at["align"],
                          "degree": int(stats.at[node, "degree"]),
                          "pagerank": float(stats.at[node, "pagerank"])})
    nodes = pd.DataFrame(node_rows)
    edge_rows = []
    for u, v, data in graph.edges(data=True):
        common = {"edge_id": data["edge_id"], "edge_type": data["edge_type"],
                  "relation": data["description"], "source": u, "target": v,
                  "period": data.get("period", "both"),
                  "from_label": graph.nodes[u]["label"], "to_label": graph.nodes[v]["label"],
                  "source_layer": graph.nodes[u]["layer"], "target_layer": graph.nodes[v]["layer"]}
        for end, node in ((0, u), (1, v)):
            edge_rows.append({**common, "end": end, "node": node, "x": float(layout.at[node, "x"]),
                              "y": float(layout.at[node, "y"])})
    return nodes, pd.DataFrame(edge_rows)


def _height(graph: nx.Graph) -> int:
    return int(BAND * len({int(d["level"]) for _, d in graph.nodes(data=True)}))


def _scales(height: int):
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, WIDTH], nice=False, zero=False))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[height, 0], nice=False, zero=False))
    edge_color = alt.Color("edge_type:N", title="Edge type",
                           scale=alt.Scale(domain=list(EDGE_TYPES),
                                           range=[EDGE_COLORS[t] for t in EDGE_TYPES]),
                           legend=None)
    # Nodes use the fill channel, edges the stroke colour: two scales.
    layer_color = alt.Fill("layer_label:N", title="Layer",
                           scale=alt.Scale(domain=[LAYER_LABELS[k] for k in LAYERS],
                                           range=[LAYER_COLORS[k] for k in LAYERS]),
                           legend=alt.Legend(orient="bottom", direction="horizontal"))
    return x, y, edge_color, layer_color


def _label_layers(x_field="label_x", y_field="label_y", *, height: int, font: int = 11):
    """The node labels at the positions of :func:`label_layout` (which never overlap)."""
    nodes = alt.NamedData(name=NODES_DATA)
    x = alt.X(f"{x_field}:Q", axis=None,
              scale=alt.Scale(domain=[0, WIDTH], nice=False, zero=False))
    y = alt.Y(f"{y_field}:Q", axis=None,
              scale=alt.Scale(domain=[height, 0], nice=False, zero=False))
    return [alt.Chart(nodes).transform_filter(f"datum.align == '{align}'")
            .mark_text(align=align, baseline="middle", fontSize=font, color="#222222")
            .encode(x, y, text="label:N") for align in ("center", "left")]


def _network_layers(*, edge_filter, focus_filter, pick=None, height: int, font=11,
                    edge_opacity=0.7, scale=1.0):
    """The network as layered marks. Filters are Vega expressions (strings)."""
    x, y, edge_color, layer_color = _scales(height)
    edge_tip = [alt.Tooltip("from_label:N", title="from"), alt.Tooltip("to_label:N", title="to"),
                alt.Tooltip("edge_type:N", title="type"), alt.Tooltip("relation:N"),
                alt.Tooltip("period:N")]
    # Data by name: the charts carry a reference and the top level one copy (see _with_data).
    nodes, edges = alt.NamedData(name=NODES_DATA), alt.NamedData(name=EDGES_DATA)
    base_edges = (alt.Chart(edges).transform_filter(edge_filter)
                  .mark_line(strokeWidth=1.6, opacity=edge_opacity)
                  .encode(x, y, color=edge_color, detail="edge_id:N", order="end:O",
                          strokeDash=alt.StrokeDash("period:N", legend=None, scale=alt.Scale(
                              domain=["both", "then", "now"],
                              range=[[1, 0], [5, 3], [1, 0]])),
                          tooltip=edge_tip))
    # Each edge once per end node as the "focus": the edges and neighbours of a selected node.
    by_focus = alt.Chart(edges).transform_fold(["source", "target"], as_=["role", "focus"])
    hot_edges = (by_focus.transform_filter(focus_filter).transform_filter(edge_filter)
                 .mark_line(strokeWidth=3.5, opacity=0.95)
                 .encode(x, y, color=edge_color, detail="edge_id:N", order="end:O"))
    rings = (by_focus.transform_filter(focus_filter).transform_filter(edge_filter)
             .transform_filter("datum.node != datum.focus")
             .transform_calculate(neighbour="datum.end == 0 ? datum.from_label : datum.to_label")
             .mark_point(shape="circle", size=330 * scale, filled=False, strokeWidth=2.5,
                         color="#000000")
             .encode(x, y, tooltip=[alt.Tooltip("neighbour:N")]))
    node_layer = (alt.Chart(nodes)
                  .mark_circle(size=170 * scale, stroke="#ffffff", strokeWidth=1.2,
                               fillOpacity=1)
                  .encode(x, y, fill=layer_color,
                          tooltip=[alt.Tooltip("label:N", title="node"),
                                   alt.Tooltip("layer_label:N", title="layer"),
                                   alt.Tooltip("degree:Q", title="degree"),
                                   alt.Tooltip("pagerank:Q", title="PageRank", format=".3f")]))
    if pick is not None:
        node_layer = node_layer.add_params(pick).properties(name="ch2_nodes")
    return alt.layer(base_edges, hot_edges, rings, node_layer,
                     *_label_layers(height=height, font=font)).properties(
        width=WIDTH, height=height)


def _ranking_chart(centrality: pd.DataFrame, *, highlight):
    """The ranking table drawn as text marks, so that it can react to the reader's selection."""
    rows = len(centrality)
    data = alt.NamedData(name=RANKING_DATA)
    y = alt.Y("rank:O", axis=None)
    columns = [("rank", "#", 0, "d"), ("label", "Node", 28, None), ("degree", "Degree", 210, "d"),
               ("betweenness", "Betweenness", 280, ".3f"), ("pagerank", "PageRank", 380, ".3f")]
    # The picked row: a pale band of the network's highlight colour (drawn translucent, so a dark
    # page darkens it too) behind text in a shade of that colour readable on the band.
    band_opacity = 0.18
    picked_text = text_shade(PALETTE[5], background=tint(PALETTE[5], band_opacity))
    colour = (alt.condition(highlight, alt.value(picked_text), alt.value("#222222"))
              if highlight is not None else alt.value("#222222"))
    layers = []
    if highlight is not None:
        layers.append(alt.Chart(data).transform_filter(highlight)
                      .mark_bar(color=PALETTE[5], opacity=band_opacity, height=14)
                      .encode(y, x=alt.value(0), x2=alt.value(460)))
    for field, title, xpos, fmt in columns:
        text = alt.Text(f"{field}:{'N' if fmt is None else 'Q'}", format=fmt) if fmt else \
            alt.Text(f"{field}:N")
        layers.append(alt.Chart(data).mark_text(align="left", fontSize=11).encode(
            y, x=alt.value(xpos), text=text, color=colour))
        layers.append(alt.Chart(pd.DataFrame({"t": [title]})).mark_text(
            align="left", fontSize=11, fontWeight="bold", color="#444444").encode(
            x=alt.value(xpos), y=alt.value(-10), text="t:N"))
    return alt.layer(*layers).properties(width=WIDTH, height=14 * rows,
                                         title="Nodes ranked by PageRank")


def _edge_test(edge_type: str) -> str:
    return "true" if edge_type == "all" else f"datum.edge_type == {_quote(edge_type)}"


class NetworkExplorer:
    """The network explorer in three reading modes, one type of relation at a time.

    In the browser a menu chooses the edge type and a click on a node rings its neighbours by
    that type and highlights its row in the ranking; in a live notebook the same controls are
    dropdowns; in print there is one small panel per edge type. Labels sit where
    :func:`antbook.models.ecosystem.label_layout` puts them, so none overlaps another.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        From :func:`build_graph`.
    title, description : str
        The figure's title (a finding) and its description for screen readers.
    edge_type : str
        The relation shown first (one of ``EDGE_TYPES``).
    """

    def __init__(self, graph: nx.MultiDiGraph, title: str, description: str,
                 edge_type: str = "ownership"):
        if edge_type not in EDGE_TYPES:
            raise ValueError(f"unknown edge type {edge_type!r}")
        self.graph = graph
        self.title = title
        self.description = description
        self.edge_type = edge_type
        self.height = _height(graph)
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
        """Choose an edge type in the menu; click a node to ring its neighbours by that type."""
        pick = alt.selection_point(name="ch2_pick", fields=["focus"], on="click", empty=False,
                                   clear="dblclick")
        etype = alt.param(name="ch2_edge_type", value=self.edge_type, bind=alt.binding_select(
            options=list(EDGE_TYPES), name="Relation "))
        edge_test = f"datum.edge_type == {etype.name}"
        # The selection is tested by expression (as Vega-Lite compiles a filter on it): passing
        # the param object to other layers' filters makes altair define it in those views too.
        picked = (f"length(data('{pick.name}_store')) && "
                  f"vlSelectionTest('{pick.name}_store', datum)")
        network = _network_layers(edge_filter=edge_test, focus_filter=picked, pick=pick,
                                  height=self.height)
        ranking = _ranking_chart(self.centrality, highlight=picked)
        chart = alt.vconcat(network, ranking, spacing=30).add_params(etype)
        return self._with_data(chart, NODES_DATA, EDGES_DATA, RANKING_DATA).properties(
            title=alt.Title(self.title, subtitle="One relation at a time (menu). Click a node to "
                                                 "ring its neighbours and highlight its row; "
                                                 "double-click to clear. Dashed: until 2021-23."),
            description=self.description)

    # live and print: the same picture at fixed settings
    def static_chart(self, focus: str | None = None, edge_type: str | None = None, *,
                     ranking: bool = True, font: int = 11, edge_opacity: float = 0.7):
        """The explorer at one setting of the controls (the live form redraws this)."""
        edge_type = self.edge_type if edge_type is None else edge_type
        if edge_type != "all" and edge_type not in EDGE_TYPES:
            raise ValueError(f"unknown edge type {edge_type!r}")
        if focus is not None and focus not in self.graph:
            raise KeyError(f"no node {focus!r}")
        foc = "false" if not focus else f"datum.focus == {_quote(focus)}"
        network = _network_layers(edge_filter=_edge_test(edge_type), focus_filter=foc,
                                  height=self.height, font=font, edge_opacity=edge_opacity)
        if not ranking:
            return self._with_data(network, NODES_DATA, EDGES_DATA)
        table = _ranking_chart(self.centrality, highlight=foc if focus else None)
        return self._with_data(alt.vconcat(network, table, spacing=30), NODES_DATA, EDGES_DATA,
                               RANKING_DATA)

    def print_chart(self) -> alt.VConcatChart:
        """Small multiples: one panel per edge type, each drawing only the edges of that type."""
        panels = []
        for kind in EDGE_TYPES:
            panel = _network_layers(edge_filter=_edge_test(kind), focus_filter="false",
                                    height=self.height, font=11, edge_opacity=0.9)
            panels.append(panel.properties(title=kind.capitalize()))
        rows = [alt.hconcat(*panels[i:i + 2]) for i in range(0, len(panels), 2)]
        return self._with_data(alt.vconcat(*rows), NODES_DATA, EDGES_DATA).properties(
            title=alt.Title(self.title, subtitle="One panel per type of relation"),
            description=self.description)

    def widget(self):
        """Dropdowns for the node and the edge type; each change redraws the chart."""
        import ipywidgets as widgets

        labels = sorted((data["label"], node) for node, data in self.graph.nodes(data=True))
        style = {"description_width": "initial"}
        node = widgets.Dropdown(options=[("(none)", "")] + labels, value="",
                                description="Node", style=style)
        etype = widgets.Dropdown(options=list(EDGE_TYPES), value=self.edge_type,
                                 description="Relation", style=style)
        out = widgets.Output()

        def redraw(_change=None):
            chart = self.static_chart(node.value or None, etype.value).properties(
                title=self.title, description=self.description)
            out.outputs = ()
            out.append_display_data(chart)

        for control in (node, etype):
            control.observe(redraw, names="value")
        redraw()
        return widgets.VBox([widgets.HBox([node, etype]), out])

    def mimebundle(self, include_widget: bool = True) -> dict:
        """Browser form as HTML, print form as a Vega-Lite spec, live form as a widget view."""
        note = ('<p class="antbook-live-note"><em>The menu and the selection work in your '
                "browser. Open this page as a notebook to get the same controls as dropdowns "
                "that re-run the Python code.</em></p>")
        return three_forms_bundle(
            summary=f"Interactive figure: {self.title} (controls: relation, node)",
            # Validated in the tests (tests/figures/test_financial_attributes.py).
            browser=self.browser_chart().to_dict(validate=False),
            printed=self.print_chart().to_dict(validate=False),
            widget=self.widget() if include_widget else None, note=note)

    def show(self) -> None:
        """Display all three forms in one output."""
        from IPython.display import display

        display(self.mimebundle(), raw=True)


EFFECT_LABELS = {"service": "loses a service", "money": "money at stake",
                 "data": "data at stake"}
EFFECT_COLORS = {"service": PALETTE[5], "money": PALETTE[0], "data": PALETTE[2]}
EFFECT_SHAPES = {"service": "circle", "money": "square", "data": "diamond"}
PERIOD_LABELS = {"then": "in 2020", "now": "today"}
REACH_ALL = 9
"""The reach standing for "through any number of others" (longer than any chain here)."""


def dependency_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """:func:`antbook.models.ecosystem.dependents` of every node in both periods, one row per
    (failed node, period, affected node, effect), with the positions the drawing needs."""
    layout = label_layout(graph, width=WIDTH, band=BAND).set_index("node_id")
    frames = []
    for period in PERIODS:
        for node in graph.nodes:
            found = dependents(graph, node, period=period)
            if found.empty:
                continue
            frames.append(found.assign(failed=node, period=period))
    table = pd.concat(frames, ignore_index=True)
    table["x"] = table["node_id"].map(layout["x"])
    table["y"] = table["node_id"].map(layout["y"])
    table["x2"] = table["via"].map(layout["x"])
    table["y2"] = table["via"].map(layout["y"])
    table["via_label"] = table["via"].map(lambda n: graph.nodes[n]["label"])
    table["how"] = table["effect"].map(EFFECT_LABELS)
    return table


class DependencyExplorer:
    """What depends on a node: choose one and see who loses a service, money or data if it fails
    or is cut off, directly or through others (:func:`antbook.models.ecosystem.dependents`).

    Browser: menus for the node, the period and the reach, over results computed in Python for
    every node; live: the same menus as ipywidgets that re-run the model; print: small multiples
    for ``print_nodes``.
    """

    def __init__(self, graph: nx.MultiDiGraph, title: str, description: str,
                 node: str = "alipay", period: str = "then",
                 print_nodes: Sequence[tuple[str, str]] = (("alipay", "then"),
                                                           ("ant_group", "then"),
                                                           ("partner_banks", "then"),
                                                           ("pboc", "now"))):
        for n, p in [(node, period), *print_nodes]:
            if n not in graph:
                raise KeyError(f"no node {n!r}")
            if p not in PERIODS:
                raise ValueError(f"unknown period {p!r}")
        self.graph, self.title, self.description = graph, title, description
        self.node, self.period, self.print_nodes = node, period, list(print_nodes)
        self.height = _height(graph)
        self.table = dependency_table(graph)
        nodes, edges = _frames(graph, centrality_table(graph))
        columns = ["failed", "period", "label", "effect", "depth", "via_label", "x", "y", "x2",
                   "y2"]
        # the page carries only what the drawing uses
        self._datasets = {
            NODES_DATA: nodes[["focus", "label", "layer_label", "x", "y", "label_x", "label_y",
                               "align"]].to_dict("records"),
            DEP_EDGES_DATA: edges[["edge_id", "period", "end", "x", "y"]].to_dict("records"),
            # one empty row per (node, period), so that the count above the drawing has a row
            # to sum even where nothing depends on the node
            DEPENDS_DATA: self.table[columns].to_dict("records") + [
                {"failed": n, "period": p, "effect": "none", "depth": 0}
                for p in PERIODS for n in graph.nodes]}

    def _layers(self, focus: str, period: str, reach: str, *, font: int = 11, scale=1.0,
                summary: bool = True):
        """Marks for one choice; ``focus``, ``period`` and ``reach`` are Vega expressions."""
        height = self.height
        x, y, _, layer_color = _scales(height)
        nodes, edges = alt.NamedData(name=NODES_DATA), alt.NamedData(name=DEP_EDGES_DATA)
        chosen = (f"datum.failed == {focus} && datum.period == {period} && "
                  f"datum.depth <= {reach}")
        how = " : ".join(f"datum.effect == '{e}' ? '{EFFECT_LABELS[e]}'" for e in EFFECTS[:-1])
        every = alt.Chart(alt.NamedData(name=DEPENDS_DATA)).transform_filter(chosen)
        deps = every.transform_filter("datum.effect != 'none'").transform_calculate(
            how=f"{how} : '{EFFECT_LABELS[EFFECTS[-1]]}'")
        in_period = f"(datum.period == 'both' || datum.period == {period})"
        faint = (alt.Chart(edges).transform_filter(in_period)
                 .mark_line(strokeWidth=0.8, color=GREY, opacity=0.45)
                 .encode(x, y, detail="edge_id:N", order="end:O"))
        effect_color = alt.Color("how:N", title="If it fails or is cut off",
                                 scale=alt.Scale(domain=[EFFECT_LABELS[e] for e in EFFECTS],
                                                 range=[EFFECT_COLORS[e] for e in EFFECTS]),
                                 legend=alt.Legend(orient="bottom", direction="horizontal"))
        x2 = alt.X2("x2:Q")
        y2 = alt.Y2("y2:Q")
        paths = (deps.mark_rule(strokeWidth=2.5, opacity=0.9)
                 .encode(x, y, x2, y2, color=effect_color,
                         strokeDash=alt.condition("datum.depth > 1", alt.value([4, 2]),
                                                  alt.value([1, 0]))))
        base = (alt.Chart(nodes).mark_circle(size=150 * scale, fillOpacity=0.35)
                .encode(x, y, fill=layer_color, tooltip=[alt.Tooltip("label:N", title="node")]))
        tip = [alt.Tooltip("label:N", title="node"), alt.Tooltip("how:N", title="effect"),
               alt.Tooltip("depth:Q", title="steps"), alt.Tooltip("via_label:N", title="via")]
        marks = []
        for effect in EFFECTS:
            mark = (deps.transform_filter(f"datum.effect == '{effect}'")
                    .mark_point(shape=EFFECT_SHAPES[effect], filled=effect == "service",
                                size=(170 if effect == "service" else 380) * scale,
                                strokeWidth=2.5, opacity=1)
                    .encode(x, y, color=effect_color, tooltip=tip))
            # named once (the browser and live forms), so tests can find the marks
            marks.append(mark.properties(name=f"ch2_dep_{effect}") if summary else mark)
        failed = (alt.Chart(nodes).transform_filter(f"datum.focus == {focus}")
                  .mark_point(shape="cross", filled=True, size=420 * scale, color="#000000")
                  .encode(x, y, tooltip=[alt.Tooltip("label:N", title="fails")]))
        layers = [faint, paths, base, *marks, failed, *_label_layers(height=height, font=font)]
        if summary:
            counts = (every.transform_calculate(s="datum.effect == 'service' ? 1 : 0",
                                           m="datum.effect == 'money' ? 1 : 0",
                                           d="datum.effect == 'data' ? 1 : 0")
                      .transform_aggregate(s="sum(s)", m="sum(m)", d="sum(d)")
                      .transform_calculate(text="'Lose a service: ' + (datum.s || 0) + "
                                                "'   money at stake: ' + (datum.m || 0) + "
                                                "'   data at stake: ' + (datum.d || 0)")
                      .mark_text(align="left", fontWeight="bold", fontSize=12)
                      .encode(x=alt.value(0), y=alt.value(-8), text="text:N"))
            layers.append(counts)
        return alt.layer(*layers).properties(width=WIDTH, height=height)

    def _with_data(self, chart):
        return chart.properties(datasets=self._datasets)

    def _menu(self) -> list[tuple[str, str]]:
        """(label, node) in menu order: the print form's key nodes first, then the rest by label."""
        key = list(dict.fromkeys([self.node, *(n for n, _ in self.print_nodes)]))
        rest = sorted((d["label"], n) for n, d in self.graph.nodes(data=True) if n not in key)
        return [(self.graph.nodes[n]["label"], n) for n in key] + rest

    def browser_chart(self) -> alt.LayerChart:
        """Menus for the failing node, the period and the reach."""
        labels = self._menu()
        node = alt.param(name="ch2_dep_node", value=self.node, bind=alt.binding_select(
            options=[n for _, n in labels], labels=[lab for lab, _ in labels],
            name="If this fails or is cut off "))
        period = alt.param(name="ch2_dep_period", value=self.period, bind=alt.binding_select(
            options=list(PERIODS), labels=[PERIOD_LABELS[p] for p in PERIODS], name="Network "))
        reach = alt.param(name="ch2_dep_reach", value=REACH_ALL, bind=alt.binding_radio(
            options=[1, REACH_ALL], labels=["directly", "also through others"],
            name="Who is hit "))
        chart = self._layers(node.name, period.name, reach.name).add_params(node, period, reach)
        return self._with_data(chart).properties(
            title=alt.Title(self.title, subtitle="Filled: loses a service; square: money at "
                                                 "stake; diamond: data at stake. Dashed: "
                                                 "through others."),
            description=self.description)

    def static_chart(self, node: str | None = None, period: str | None = None,
                     depth: int | None = None, *, font: int = 11, scale: float = 1.0,
                     summary: bool = True) -> alt.LayerChart:
        """The explorer at one setting (the live form redraws this)."""
        node = self.node if node is None else node
        period = self.period if period is None else period
        if node not in self.graph:
            raise KeyError(f"no node {node!r}")
        if period not in PERIODS:
            raise ValueError(f"unknown period {period!r}")
        reach = REACH_ALL if depth is None else int(depth)
        chart = self._layers(_quote(node), _quote(period), str(reach), font=font, scale=scale,
                             summary=summary)
        return self._with_data(chart)

    def print_chart(self) -> alt.VConcatChart:
        """Small multiples: what depends on each of ``print_nodes``, through any chain."""
        panels = []
        for node, period in self.print_nodes:
            panel = self._layers(_quote(node), _quote(period), str(REACH_ALL), font=11,
                                 scale=0.8, summary=False)
            label = self.graph.nodes[node]["label"]
            panels.append(panel.properties(
                title=f"If {label} fails or is cut off ({PERIOD_LABELS[period]})"))
        rows = [alt.hconcat(*panels[i:i + 2]) for i in range(0, len(panels), 2)]
        return self._with_data(alt.vconcat(*rows)).properties(
            title=alt.Title(self.title, subtitle="Filled: loses a service; square: money at "
                                                 "stake; diamond: data at stake"),
            description=self.description)

    def widget(self):
        """Dropdowns for the node, the period and the reach; each change re-runs the model."""
        import ipywidgets as widgets

        labels = self._menu()
        style = {"description_width": "initial"}
        node = widgets.Dropdown(options=labels, value=self.node, description="If this fails",
                                style=style)
        period = widgets.Dropdown(options=[(PERIOD_LABELS[p], p) for p in PERIODS],
                                  value=self.period, description="Network", style=style)
        reach = widgets.Dropdown(options=[("directly", 1), ("also through others", None)],
                                 value=None, description="Who is hit", style=style)
        out = widgets.Output()

        def redraw(_change=None):
            chart = self.static_chart(node.value, period.value, reach.value).properties(
                title=self.title, description=self.description)
            found = dependents(self.graph, node.value, depth=reach.value, period=period.value)
            out.outputs = ()
            out.append_display_data(chart)
            out.append_display_data(found[["label", "effect", "depth", "path"]])

        for control in (node, period, reach):
            control.observe(redraw, names="value")
        redraw()
        return widgets.VBox([widgets.HBox([node, period, reach]), out])

    def mimebundle(self, include_widget: bool = True) -> dict:
        note = ('<p class="antbook-live-note"><em>The menus work in your browser, over results '
                "computed in Python for every node. Open this page as a notebook to re-run the "
                "model itself (antbook.models.ecosystem.dependents).</em></p>")
        return three_forms_bundle(
            summary=f"Interactive figure: {self.title} (controls: node, network, reach)",
            browser=self.browser_chart().to_dict(validate=False),
            printed=self.print_chart().to_dict(validate=False),
            widget=self.widget() if include_widget else None, note=note)

    def show(self) -> None:
        """Display all three forms in one output."""
        from IPython.display import display

        display(self.mimebundle(), raw=True)


PLATFORM_ROW = "Platform (Ant-like)"
"""The scorer's platform (the ``institution`` column of ``systemic_indicators``)."""


def scorer_sensitivity(indicators: pd.DataFrame, weights: Mapping[str, float],
                       grid=(20, 40, 60, 80, 100, 120)) -> pd.DataFrame:
    """The platform's score, rank and substitutability share as its substitutability value
    varies (:func:`antbook.models.systemic.sensitivity`), for the chapter's table."""
    return sensitivity(wide_indicators(indicators), weights, PLATFORM_ROW, "Substitutability",
                       grid)


SCORE_AXIS_MAX = 9000
"""The scorer's x-axis end (basis points): every score on its grid ends by 0.77 of the axis."""


def scorer_explorable(indicators: pd.DataFrame, default_weights: Mapping[str, float]):
    """Chapter 2's systemic-importance scorer: the reader sets two category weights.

    ``indicators`` is the table ``systemic_indicators``; ``default_weights`` are the BCBS
    category weights (from :func:`category_weights`), used as the sliders' starting point.
    """
    wide = wide_indicators(indicators)
    order = list(wide.index)
    platform = PLATFORM_ROW
    default_sub = float(wide.loc[platform, "Substitutability"])

    def compute(w_size: float, w_sub: float, platform_sub: float = default_sub) -> pd.DataFrame:
        # One row per institution (the browser folds the categories into rows): a small grid.
        values = wide.astype("float64").copy()
        values.loc[platform, "Substitutability"] = platform_sub
        scores = indicator_scores(values, two_weight_split(w_size, w_sub)).drop(columns="score")
        return scores.rename(columns=SHORT_NAMES).round(0).reset_index(names="institution")

    def view(data: pd.DataFrame, params: dict):
        names = list(SHORT_NAMES.values())
        base = where(alt.Chart(data), params).transform_fold(
            names, as_=["category", "points"]).transform_calculate(
            stack=f"indexof({names!r}, datum.category)")
        y = alt.Y("institution:N", sort=order, title=None)
        bars = base.mark_bar().encode(
            # the largest score on the grid (about 6,900) ends at three quarters of the
            # plot, so its total fits beside it down to a phone's 200 px plot
            x=alt.X("sum(points):Q", title="Score (basis points)",
                    scale=alt.Scale(domain=[0, SCORE_AXIS_MAX])),
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
                     "categories. Sliders set the weights of size and of substitutability (the "
                     "other three categories share the rest equally) and the platform's own "
                     "substitutability value. All indicator values are illustrative."),
        controls=[Slider("w_size", "Weight on size", 0.0, 0.5, 0.1,
                         round(default_weights["Size"], 1), ".0%"),
                  Slider("w_sub", "Weight on substitutability", 0.0, 0.5, 0.1,
                         round(default_weights["Substitutability"], 1), ".0%"),
                  Slider("platform_sub", "Platform's substitutability value", 20.0, 120.0, 20.0,
                         default_sub, ".0f")],
        compute=compute, view=view,
        print_settings=[{"w_size": 0.2, "w_sub": 0.2, "platform_sub": default_sub},
                        {"w_size": 0.2, "w_sub": 0.2, "platform_sub": 20.0},
                        {"w_size": 0.1, "w_sub": 0.5, "platform_sub": default_sub}],
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
            domain=["direct loss", "after contagion"], range=[PALETTE[0], PALETTE[1]]),
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
        # a caption above the bars, in two lines when the plot is narrow (a phone)
        loss = "format(datum.system_loss, '.1%') + ' of equity lost'"
        note = base.transform_filter("datum.label == '" + order[0].replace("'", "\\'") + "'"
                                     ).mark_text(align="left", baseline="bottom",
                                                 fontWeight="bold",
                                                 lineHeight=line_height_for(12)).encode(
            x=alt.value(0), **caption([[f"'All lenders together: ' + {loss}"],
                                       ["'All lenders together:'", loss]], y=-4))
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
