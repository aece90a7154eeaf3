"""Figures of chapter 4 (the closed loop): tipping, the data loop, pricing with data, the loop cut.

Each interactive has the book's three reading modes:

* :func:`tipping_explorable`, :func:`data_loop_explorable` and :func:`pricing_explorable` are
  slider explorables (:class:`antbook.explorable.Explorable`): the model runs live in a notebook,
  over a precomputed grid on the site, and at a few settings in print;
* :func:`loop_figure` is a choice between two periods (before and after the 2021 rectification),
  built as a :class:`antbook.explorable.ChoiceFigure`: an altair menu on the site, an ipywidgets
  toggle that recomputes the loops with networkx in a live notebook, both periods side by side in
  print.
"""

from __future__ import annotations

import altair as alt
import networkx as nx
import numpy as np
import pandas as pd

from ..charts import GREY, PALETTE, status_opacity_scale, text_shade
from ..explorable import ChoiceFigure, FastExplorable, Slider, where
from ..models.data_loop import AccuracyCurve, LoopSettings, run_loop
from ..models.ecosystem import layer_positions
from ..models.loop_graph import PERIODS, flow_graph, loop_edges, loop_table
from ..models.platforms import PlatformMarket, simulate
from ..models.pricing import precision_for_share, price_outcome
from .fit import caption, line_height_for

__all__ = ["PERIOD_LABELS", "TIPPING_START", "data_loop_explorable", "loop_figure",
           "loop_frames", "market_share_chart", "market_shares", "pricing_explorable",
           "pricing_rows", "tipping_explorable", "tipping_paths"]

PLATFORM_COLOURS = {"A (challenger)": PALETTE[0], "B (incumbent)": PALETTE[1]}
LENDER_COLOURS = {"Platform lender": PALETTE[0], "Bank": PALETTE[5]}
SURPLUS_COLOURS = {"Consumer surplus": PALETTE[2], "Producer surplus": PALETTE[0],
                   "Deadweight loss": GREY}
PERIOD_LABELS = {"before": "Before the 2021 rectification", "after": "After it"}

TIPPING_START = {"lead": -0.2, "adopted": 0.6, "multihoming_cost": 4.0}
"""Where the tipping interactive starts: B has 60 % of the adopters (a 20-point lead), 60 % of each
side has adopted a platform, and using both costs 4 (so few multi-home). All illustrative."""


# -- 1. Tipping -----------------------------------------------------------------------------------

def tipping_paths(effect: float, switching: float, subsidy: float, periods: int = 40,
                  every: int = 5) -> pd.DataFrame:
    """Consumers' reach of A and of B over time at one setting (rows every ``every`` periods;
    ``platform`` is "A" or "B", short to keep the page light)."""
    market = PlatformMarket(consumer_effect=effect, merchant_effect=effect,
                            switching_cost=switching, subsidy=subsidy,
                            multihoming_cost=TIPPING_START["multihoming_cost"])
    path = simulate(market, periods=periods, lead=TIPPING_START["lead"],
                    adopted=TIPPING_START["adopted"])
    path = path[path["period"] % every == 0]
    rows = []
    for column, name in (("consumers_reach_a", "A"), ("consumers_reach_b", "B")):
        rows.append(pd.DataFrame({"period": path["period"].to_numpy(), "platform": name,
                                  "reach": path[column].round(3).to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def tipping_explorable() -> FastExplorable:
    """Network-effect strength, switching cost and the challenger's subsidy to consumers."""
    def view(data: pd.DataFrame, params: dict):
        base = where(alt.Chart(data), params).transform_calculate(
            name="datum.platform == 'A' ? 'A (challenger)' : 'B (incumbent)'")
        colour = alt.Color("name:N", title="Platform",
                           scale=alt.Scale(domain=list(PLATFORM_COLOURS),
                                           range=list(PLATFORM_COLOURS.values())),
                           legend=alt.Legend(orient="bottom"))
        lines = base.mark_line(strokeWidth=3).encode(
            x=alt.X("period:Q", title="Period"),
            y=alt.Y("reach:Q", title="Share of consumers on the platform",
                    axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            color=colour,
            tooltip=[alt.Tooltip("name:N", title="Platform"), "period:Q",
                     alt.Tooltip("reach:Q", format=".0%")])
        ends = [base.transform_filter(f"datum.period == 40 && datum.platform == '{p}'")
                .transform_calculate(text="datum.name + ': ' + format(datum.reach, '.0%')")
                .mark_text(align="right", dx=-4, dy=dy, fontWeight="bold",
                           color=text_shade(PLATFORM_COLOURS[name]))
                .encode(x="period:Q", y="reach:Q", text="text:N")
                for p, name, dy in (("A", "A (challenger)", 14),   # A below its line, B above:
                                    ("B", "B (incumbent)", -8))]   # no overlap
        return alt.layer(lines, *ends).properties(width=480, height=280)

    return FastExplorable(
        title="Strong network effects tip the market; a subsidy can tip it the other way",
        description=("Line chart of the share of consumers on each of two platforms over 40 "
                     "periods. Platform B starts ahead. With weak network effects both keep "
                     "customers; with strong ones the leader takes nearly all of them, unless the "
                     "challenger A subsidises consumers enough; switching costs raise the subsidy "
                     "needed. All parameters are illustrative."),
        controls=[Slider("effect", "Network-effect strength", 0.0, 6.0, 1.0, 1.0, ".0f"),
                  Slider("switching", "Switching cost", 0.0, 2.0, 1.0, 0.0, ".0f"),
                  Slider("subsidy", "Subsidy to A's consumers", 0.0, 1.5, 0.75, 0.0, ".2f")],
        compute=tipping_paths, view=view,
        print_settings=[{"effect": 1.0}, {"effect": 5.0}, {"effect": 5.0, "subsidy": 0.75},
                        {"effect": 5.0, "subsidy": 0.75, "switching": 2.0}],
        columns=2, print_width=260)


# -- 2. The data loop -----------------------------------------------------------------------------

def data_loop_explorable(curve: AccuracyCurve, p_safe: float, p_pool: float,
                         periods: int = 20) -> FastExplorable:
    """Data sharing through a credit-reporting channel, and how much borrowers respond to rates."""
    names = {"platform": "Platform lender", "bank": "Bank"}

    def compute(sharing: float, sensitivity: float) -> pd.DataFrame:
        out = run_loop(curve, p_safe, p_pool, LoopSettings(rate_sensitivity=sensitivity),
                       sharing=sharing, periods=periods)
        out = out[out["period"] % 2 == 0]           # every other period keeps the page light
        return pd.DataFrame({"period": out["period"], "lender": out["lender"].map(names),
                             "share": out["share"].round(4), "rate": out["rate"].round(3),
                             "auc": out["auc"].round(4)})

    def view(data: pd.DataFrame, params: dict):
        base = where(alt.Chart(data), params)
        colour = alt.Color("lender:N", title="Lender",
                           scale=alt.Scale(domain=list(LENDER_COLOURS),
                                           range=list(LENDER_COLOURS.values())),
                           legend=alt.Legend(orient="bottom"))
        x = alt.X("period:Q", title="Period")
        share = base.mark_line(strokeWidth=3).encode(
            x, alt.Y("share:Q", title="Share of new borrowers", axis=alt.Axis(format="%"),
                     scale=alt.Scale(domain=[0, 1])), colour,
            tooltip=["lender:N", "period:Q", alt.Tooltip("share:Q", format=".0%"),
                     alt.Tooltip("auc:Q", format=".3f", title="AUC")])
        label = base.transform_filter(f"datum.period == {periods}").transform_calculate(
            text="datum.lender + ' ' + format(datum.share, '.0%')").mark_text(
            align="right", dx=-4, dy=-8, fontWeight="bold").encode(
            x, y="share:Q", text="text:N",
            color=alt.condition("datum.lender == 'Bank'",
                                alt.value(text_shade(LENDER_COLOURS["Bank"])),
                                alt.value(text_shade(LENDER_COLOURS["Platform lender"]))))
        rate = base.mark_line(strokeWidth=3).encode(
            x, alt.Y("rate:Q", title="Rate for a safe borrower (% a year)",
                     scale=alt.Scale(zero=False)), colour,
            tooltip=["lender:N", "period:Q", alt.Tooltip("rate:Q", format=".2f")])
        return alt.hconcat(alt.layer(share, label).properties(width=260, height=240),
                           rate.properties(width=220, height=240))

    return FastExplorable(
        title="Without data sharing the platform's better model keeps winning borrowers",
        description=("Two line charts over 20 periods for a platform lender and a bank. Left: "
                     "each lender's share of new borrowers; right: the interest rate each "
                     "charges a safe borrower. Accuracy comes from chapter 3's credit model "
                     "trained on synthetic borrowers. Without data sharing the platform scores "
                     "with payment data and charges less, so it wins most borrowers; with "
                     "sharing through a credit-reporting agency the bank catches up."),
        controls=[Slider("sharing", "Data shared via credit reporting", 0.0, 1.0, 0.25, 0.0,
                         ".0%"),
                  Slider("sensitivity", "Borrowers' rate sensitivity", 0.5, 2.0, 0.5, 1.0,
                         ".1f")],
        compute=compute, view=view,
        print_settings=[{"sharing": 0.0}, {"sharing": 0.5}, {"sharing": 1.0}])


# -- 3. Pricing with data -------------------------------------------------------------------------

def pricing_rows(values: np.ndarray, cost: float, precision_share: float, rival: float,
                 seed: int = 0) -> pd.DataFrame:
    """Surplus split under the uniform price and under personal prices, at one setting.

    ``rival`` at or above the highest value means no rival that binds.
    """
    outside = None if rival >= values.max() else rival
    uniform = price_outcome(values, cost, "uniform", outside=outside)
    personal = price_outcome(values, cost, "signal", outside=outside, seed=seed,
                             precision=precision_for_share(precision_share, values))
    n = len(values)
    rows = []
    for regime, result in (("uniform", uniform), ("personal", personal)):
        for key, name in (("consumer_surplus", "consumer"), ("producer_surplus", "producer"),
                          ("deadweight_loss", "deadweight")):
            rows.append({"regime": regime, "part": name, "surplus": round(result[key] / n, 4)})
    frame = pd.DataFrame(rows)
    frame["paying_less"] = round(personal["share_paying_less"], 4)
    frame["better_off"] = round(personal["share_better_off"], 4)
    return frame


_REGIME_LABEL = "datum.regime == 'uniform' ? 'Uniform price' : 'Personal prices'"
_PART_LABEL = ("datum.part == 'consumer' ? 'Consumer surplus' : datum.part == 'producer' ? "
               "'Producer surplus' : 'Deadweight loss'")


def pricing_explorable(values: np.ndarray, cost: float) -> FastExplorable:
    """The precision of the seller's data about willingness to pay, and a rival's offer."""
    top = float(np.ceil(values.max()))

    def compute(precision: float, rival: float) -> pd.DataFrame:
        return pricing_rows(values, cost, precision, rival)

    def view(data: pd.DataFrame, params: dict):
        base = where(alt.Chart(data), params).transform_calculate(
            regime_label=_REGIME_LABEL, part_label=_PART_LABEL)
        bars = base.mark_bar().encode(
            y=alt.Y("regime_label:N", title=None, sort=["Uniform price", "Personal prices"]),
            x=alt.X("surplus:Q", title="Surplus per potential buyer", stack="zero"),
            color=alt.Color("part_label:N", title=None, sort=list(SURPLUS_COLOURS),
                            scale=alt.Scale(domain=list(SURPLUS_COLOURS),
                                            range=list(SURPLUS_COLOURS.values())),
                            legend=alt.Legend(orient="bottom")),
            order=alt.Order("order:Q"),
            tooltip=[alt.Tooltip("regime_label:N", title="Pricing"),
                     alt.Tooltip("part_label:N", title="Part"),
                     alt.Tooltip("surplus:Q", format=".2f")],
        ).transform_calculate(order=f"indexof({list(SURPLUS_COLOURS)!r}, datum.part_label)")
        # a caption above the bars that breaks into two lines when the plot is narrow
        less = "'Pay less than the uniform price: ' + format(datum.paying_less, '.0%')"
        better = "'better off: ' + format(datum.better_off, '.0%')"
        text = base.transform_filter("datum.regime == 'personal' && "
                                     "datum.part == 'consumer'").mark_text(
            align="left", baseline="bottom", fontWeight="bold",
            lineHeight=line_height_for(12)).encode(
            x=alt.value(0), **caption([[f"{less} + '; ' + {better}"],
                                       [f"{less} + ';'", better],
                                       ["'Pay less than the uniform price:'",
                                        f"format(datum.paying_less, '.0%') + '; ' + {better}"]],
                                      y=-6))
        return alt.layer(bars, text).properties(width=460, height=120)

    return FastExplorable(
        title="Better data shift surplus to the seller, but a rival's offer caps the shift",
        description=("Two stacked horizontal bars split the same total surplus into consumer "
                     "surplus, producer surplus and deadweight loss, under one uniform price and "
                     "under personal prices set from a signal of each buyer's willingness to pay. "
                     "A line of text gives the share of buyers who pay less than the uniform "
                     "price and the share who are better off. The sliders set the signal's "
                     "precision and a rival's offer. Buyers and costs are illustrative."),
        controls=[Slider("precision", "Data precision (share of variation seen)", 0.0, 1.0, 0.1,
                         0.5, ".0%"),
                  Slider("rival", "Rival's offer (10 = no rival)", 3.0, top, 1.0, top, ".0f")],
        compute=compute, view=view,
        print_settings=[{"precision": 0.0}, {"precision": 0.5}, {"precision": 1.0},
                        {"precision": 1.0, "rival": 5.0}],
        columns=2, print_width=300)


# -- 4. The loop before and after the cut ---------------------------------------------------------

def loop_frames(graph: nx.MultiDiGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node and edge rows of the flow network in both periods, with what lies on a loop.

    Only the nodes that lie on a loop through Alipay in either period are drawn (laid out by
    layer, in table order), with every flow among them. Each edge row has ``view`` (the period),
    ``kind`` (on a loop through Alipay in that period, or another flow) and its two ends.
    """
    loop_nodes = {p: {n for nodes in loop_table(graph, p)["nodes"] for n in nodes}
                  for p in PERIODS}
    keep = [n for n in graph.nodes if any(n in members for members in loop_nodes.values())]
    # a fresh graph in table order (a networkx subgraph view would iterate in set order, which
    # changes from run to run)
    drawn = nx.Graph()
    drawn.add_nodes_from((n, graph.nodes[n]) for n in keep)
    positions = layer_positions(drawn)
    edge_rows = []
    for period in PERIODS:
        flows = flow_graph(graph, period)
        on = loop_edges(graph, period)
        for u, v, data in flows.edges(data=True):
            if u not in positions or v not in positions:
                continue
            looped = any(e in on for e in data["edge_ids"])
            for end, node in enumerate((u, v)):
                x, y = positions[node]
                edge_rows.append({"view": period, "edge": f"{period}:{u}>{v}", "end": end,
                                  "x": x, "y": y, "from": graph.nodes[u]["label"],
                                  "to": graph.nodes[v]["label"],
                                  "kind": "on a loop through Alipay" if looped else "other flow",
                                  "type": "/".join(sorted(set(data["types"])))})
    # labels alternate above and below the points of a row, so that long names do not collide
    rank = {node: sorted((n for n in keep if positions[n][1] == positions[node][1]),
                         key=lambda n: positions[n][0]).index(node) for node in keep}
    node_rows = []
    for period in PERIODS:
        for node in keep:
            x, y = positions[node]
            node_rows.append({"view": period, "node": node, "label": graph.nodes[node]["label"],
                              "x": x, "y": y, "label_y": y + (0.2 if rank[node] % 2 == 0 else -0.3),
                              "on_loop": "on a loop" if node in loop_nodes[period] else "off"})
    return pd.DataFrame(node_rows), pd.DataFrame(edge_rows)


_EDGE_COLOURS = {"on a loop through Alipay": PALETTE[5], "other flow": GREY}


def _loop_layers(nodes: pd.DataFrame, edges: pd.DataFrame, test: str, width: int = 560,
                 height: int = 300, font: int = 11):
    xs = alt.X("x:Q", axis=None, scale=alt.Scale(padding=50))
    ys = alt.Y("y:Q", axis=None, scale=alt.Scale(padding=25))
    lines = alt.Chart(edges).transform_filter(test).mark_line().encode(
        xs, ys, detail="edge:N", order="end:O",
        color=alt.Color("kind:N", title="Flow", scale=alt.Scale(
            domain=list(_EDGE_COLOURS), range=list(_EDGE_COLOURS.values())),
            legend=alt.Legend(orient="bottom")),
        strokeWidth=alt.condition("datum.kind == 'other flow'", alt.value(1.2), alt.value(3.5)),
        tooltip=["from:N", "to:N", "type:N", "kind:N"])
    points = alt.Chart(nodes).transform_filter(test).mark_circle(size=260, opacity=1).encode(
        xs, ys, color=alt.condition("datum.on_loop == 'on a loop'", alt.value(PALETTE[0]),
                                    alt.value(GREY)),
        tooltip=["label:N", "on_loop:N"])
    labels = alt.Chart(nodes).transform_filter(test).mark_text(
        fontSize=font, fontWeight="bold").encode(xs, alt.Y("label_y:Q", axis=None, scale=alt.Scale(
            padding=25)), text="label:N")
    return alt.layer(lines, points, labels).properties(width=width, height=height)


def loop_figure(graph: nx.MultiDiGraph, title: str, description: str) -> ChoiceFigure:
    """The flow network with the loops through Alipay highlighted, before or after the cut."""
    nodes, edges = loop_frames(graph)
    counts = {p: len(loop_table(graph, p)) for p in PERIODS}

    def caption_of(period: str) -> str:
        return f"{PERIOD_LABELS[period]}: {counts[period]} loops through Alipay"

    def browser():
        period = alt.param(name="ch4_period", value="before", bind=alt.binding_radio(
            options=list(PERIODS), labels=[PERIOD_LABELS[p] for p in PERIODS], name="Period "))
        test = f"datum.view == {period.name}"
        counter = alt.Chart(pd.DataFrame({"view": list(PERIODS),
                                          "text": [caption_of(p) for p in PERIODS],
                                          "head": [PERIOD_LABELS[p] + ":" for p in PERIODS],
                                          "tail": [f"{counts[p]} loops through Alipay"
                                                   for p in PERIODS]})
                            ).transform_filter(test).mark_text(
            align="left", baseline="bottom", fontWeight="bold", fontSize=12,
            lineHeight=line_height_for(12)).encode(
            x=alt.value(0), **caption([["datum.text"], ["datum.head", "datum.tail"]], y=-2))
        return alt.layer(_loop_layers(nodes, edges, test), counter).add_params(
            period).properties(title=title, description=description)

    def printed():
        panels = [alt.layer(_loop_layers(nodes, edges, f"datum.view == '{p}'", width=330,
                                         height=240, font=8)).properties(title=caption_of(p))
                  for p in PERIODS]
        return alt.hconcat(*panels).properties(
            title=alt.Title(title, subtitle="Both periods side by side"), description=description)

    def widget():
        import ipywidgets as widgets

        toggle = widgets.ToggleButtons(options=[(PERIOD_LABELS[p], p) for p in PERIODS],
                                       value="before", description="Period",
                                       style={"description_width": "initial"})
        out = widgets.Output()

        def redraw(_change=None):
            # recompute the loops with networkx for the chosen period (the live form's model run)
            fresh_nodes, fresh_edges = loop_frames(graph)
            chosen = toggle.value
            chart = alt.layer(
                _loop_layers(fresh_nodes, fresh_edges, f"datum.view == '{chosen}'")).properties(
                title=alt.Title(title, subtitle=caption_of(chosen)), description=description)
            out.outputs = ()
            out.append_display_data(chart)

        toggle.observe(redraw, names="value")
        redraw()
        return widgets.VBox([toggle, out])

    note = ('<p class="antbook-live-note"><em>The buttons choose between the two periods in your '
            "browser. Open this page as a notebook to recompute the loops with networkx.</em></p>")
    return ChoiceFigure(browser, printed, widget,
                        f"Interactive figure: {title} (control: period)", note=note)


# -- Real data: payment market shares -------------------------------------------------------------

SHARE_ROWS = {"ch4_alipay_share_q1_2019": ("Q1 2019", "Alipay"),
              "ch4_tenpay_share_q1_2019": ("Q1 2019", "Tenpay (WeChat Pay)"),
              "ch4_alipay_share_q4_2019": ("Q4 2019", "Alipay"),
              "ch4_tenpay_share_q4_2019": ("Q4 2019", "Tenpay (WeChat Pay)"),
              "ch4_alipay_share_q1_2020": ("Q1 2020", "Alipay"),
              "ch4_tenpay_share_q1_2020": ("Q1 2020", "Tenpay (WeChat Pay)"),
              "ch4_alipay_mobile_share": ("Q2 2020", "Alipay")}
"""Fact rows of the market-share chart and the (quarter, firm) each gives."""


def market_shares(facts: pd.DataFrame) -> pd.DataFrame:
    """Mobile-payment shares by quarter and firm from the fact table (indexed by ``fact_id``).

    Tenpay's Q2 2020 share is derived: the two firms' joint share less Alipay's.
    """
    rows = [{"quarter": q, "firm": firm, "share": float(facts.loc[fid, "value"]),
             "status": facts.loc[fid, "status"]} for fid, (q, firm) in SHARE_ROWS.items()]
    joint = float(facts.loc["ch4_top_two_mobile_share", "value"])
    alipay = float(facts.loc["ch4_alipay_mobile_share", "value"])
    rows.append({"quarter": "Q2 2020", "firm": "Tenpay (WeChat Pay)",
                 "share": round(joint - alipay, 2), "status": "derived"})
    frame = pd.DataFrame(rows)
    others = frame.groupby("quarter", sort=False)["share"].sum().rsub(100).round(2)
    frame = pd.concat([frame, pd.DataFrame({"quarter": others.index, "firm": "All others",
                                            "share": others.to_numpy(), "status": "derived"})],
                      ignore_index=True)
    return frame


def market_share_chart(shares: pd.DataFrame) -> alt.Chart:
    """Stacked bars of the mobile-payment market by quarter; paler bars are less certain."""
    firms = ["Alipay", "Tenpay (WeChat Pay)", "All others"]
    return alt.Chart(shares).mark_bar().encode(
        x=alt.X("quarter:N", title=None, sort=["Q1 2019", "Q4 2019", "Q1 2020", "Q2 2020"],
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("share:Q", title="Share of third-party mobile payments (%)", stack="zero",
                scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("firm:N", title=None, sort=firms, scale=alt.Scale(
            domain=firms, range=[PALETTE[0], PALETTE[2], GREY])),
        order=alt.Order("order:Q"),
        # the legend beside the bars: two legends below ran wide
        opacity=alt.Opacity("status:N", title="How sure", scale=status_opacity_scale(),
                            legend=alt.Legend(orient="right")),
        tooltip=["quarter:N", "firm:N", alt.Tooltip("share:Q", format=".1f"), "status:N"],
    ).transform_calculate(order=f"indexof({firms!r}, datum.firm)").properties(
        title=alt.Title("Two wallets handled about nineteen in twenty mobile payments",
                        subtitle="Share of China's third-party mobile payments (iResearch)"),
        description=("Stacked bar chart of China's third-party mobile payment market in four "
                     "quarters from 2019 to mid-2020: Alipay holds a little over half, Tenpay "
                     "(WeChat Pay) close to two-fifths, and all other firms a few percent. "
                     "Paler bars are estimates from secondary sources or derived."),
        width=420, height=280)
