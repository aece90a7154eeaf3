"""Figures of the introduction: revenue by segment, the ecosystem in layers, capital-light lending.

Each function returns a chart or an interactive built from a model in :mod:`antbook.models`;
the notebook calls one function per figure.
"""

from __future__ import annotations

import altair as alt
import networkx as nx
import pandas as pd

from ..charts import GREY, PALETTE, STATUS_OPACITY, status_opacity_scale, text_shade
from ..explorable import Explorable, Slider, where
from ..models.capital_light import platform_economics, platform_lending
from ..models.network import layered_positions
from ..models.revenue import SEGMENTS, UNATTRIBUTED, with_unattributed
from .network import network_chart

__all__ = ["capital_light_explorable", "ecosystem_layers_chart", "lending_economics_explorable",
           "revenue_chart"]


def revenue_chart(revenue: pd.DataFrame) -> alt.Chart:
    """Stacked bars of revenue by segment; paler bars are less certain (see the legend)."""
    data = with_unattributed(revenue)
    colours = [PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3], PALETTE[4], GREY]
    return alt.Chart(data).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("period:N", title=None, sort=["2017", "2018", "2019", "H1 2020"],
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("revenue_rmb_bn:Q", title="Revenue (RMB billion)", stack="zero"),
        color=alt.Color("segment:N", title=None,
                        scale=alt.Scale(domain=SEGMENTS + [UNATTRIBUTED], range=colours),
                        legend=alt.Legend(columns=2, labelLimit=300)),
        opacity=alt.Opacity("status:N", title="How sure", sort=list(STATUS_OPACITY),
                            scale=status_opacity_scale(), legend=alt.Legend(orient="right")),
        order=alt.Order("segment_order:Q"),
        tooltip=[alt.Tooltip("period:N", title="Period"), alt.Tooltip("segment:N", title="Segment"),
                 alt.Tooltip("revenue_rmb_bn:Q", title="RMB billion", format=",.1f"),
                 alt.Tooltip("status:N", title="Status")],
    ).properties(
        title=alt.Title("Credit, not payments, became Ant's largest business",
                        subtitle="Revenue by segment, RMB billion; H1 2020 is half a year"),
        description=("Stacked bar chart of Ant Group revenue by segment for 2017, 2018, 2019 and "
                     "the first half of 2020. Payments fall from about 55 percent of revenue in "
                     "2017 to 36 percent in the first half of 2020 while CreditTech grows to the "
                     "largest segment. Grey parts are revenue our sources do not break down."),
        width=460, height=320)


def ecosystem_layers_chart(ecosystem: nx.MultiDiGraph) -> alt.LayerChart:
    """The ecosystem's layers (users, platform, institutions, regulators) as a layered graph."""
    return network_chart(ecosystem, layered_positions(ecosystem), edge_label="relation",
                         tooltip_node=["label", "description"], height=300).properties(
        title=alt.Title("Everything runs through the platform",
                        subtitle="Layers of the ecosystem; hover over a line to see the relation"),
        description=("Network diagram in four rows. Consumers and merchants at the top connect "
                     "to Alipay and Ant Group in the second row, which connects to financial "
                     "institutions and third-party service providers in the third row. "
                     "Regulators at the bottom connect to the platform and to the financial "
                     "institutions."))


def capital_light_explorable(balance: float, fee_rate: float, spread: float,
                             reported_share: float, rule_share: float):
    """The introduction's interactive: slide the platform's own funding share and capital ratio.

    ``reported_share`` (what the prospectus reported) and ``rule_share`` (the 2020 draft rule's
    minimum) are marked on the curve.
    """
    def compute(own_share: float, capital_ratio: float) -> pd.DataFrame:
        result = platform_lending(balance, own_share, fee_rate, spread, capital_ratio)
        return pd.DataFrame([{k: round(v, 4) for k, v in result.items()}])

    def view(data: pd.DataFrame, params: dict) -> alt.LayerChart:
        base = alt.Chart(data)
        curve = where(base, params, ["capital_ratio"])
        at = where(base, params)
        x = alt.X("own_share:Q", title="Share of loans the platform funds itself",
                  axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
        marks = pd.DataFrame({"own_share": [reported_share, rule_share],
                              "what": [f"reported ({reported_share:.0%})",
                                       f"2020 draft rule ({rule_share:.0%})"],
                              "label_y": [8, 22]})  # staggered so narrow panels stay legible
        rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#666666").encode(
            x="own_share:Q", tooltip=["what:N"])
        rule_text = alt.Chart(marks).mark_text(align="left", dx=4, color="#444444").encode(
            x="own_share:Q", y=alt.Y("label_y:Q", scale=None), text="what:N")
        capital = curve.mark_line(color=PALETTE[0]).encode(
            x, alt.Y("capital_required:Q", title="Capital needed (RMB billion)"))
        dot = at.mark_circle(size=120, color=PALETTE[5]).encode(
            x, alt.Y("capital_required:Q"),
            tooltip=[alt.Tooltip("own_share:Q", format=".0%", title="own share"),
                     alt.Tooltip("capital_required:Q", format=",.1f", title="capital, RMB bn"),
                     alt.Tooltip("return_on_capital:Q", format=".0%", title="return on capital")])
        label = at.transform_calculate(
            text="'capital ' + format(datum.capital_required, ',.0f') + ' bn; return ' + "
                 "format(datum.return_on_capital, '.0%') + ' a year'"
        ).mark_text(align="right", fontWeight="bold", color=text_shade(PALETTE[5])).encode(
            # pinned to the bottom-right corner (x = 100 %), where the rising line leaves room
            x=alt.datum(1.0), y=alt.value(280), text="text:N")
        return alt.layer(rules, rule_text, capital, dot, label).properties(width=520, height=300)

    return Explorable(
        title="Funding more of its own loans makes a platform hold far more capital",
        description=("Line chart of the capital a lending platform must hold against the loans "
                     "it funds itself, as that share rises from 2 to 100 percent of a "
                     "2.1 trillion yuan balance. A marked point shows the chosen share with its "
                     "capital and return on capital; dashed lines mark the 2 percent reported in "
                     "2020 and the 30 percent minimum of the 2020 draft rules."),
        controls=[
            Slider("own_share", "Own funding share", 0.02, 1.0, 0.02, reported_share, ".0%"),
            Slider("capital_ratio", "Capital ratio", 0.06, 0.14, 0.02, 0.10, ".0%"),
        ],
        compute=compute, view=view, sweep="own_share",
        print_settings=[{"own_share": reported_share}, {"own_share": rule_share},
                        {"own_share": 1.0}],
    )


def lending_economics_explorable(balance: float, fee_rate: float, spread: float,
                                 reported_share: float, rule_share: float,
                                 cost_share: float = 0.85, bond_cap: float = 4.0):
    """The introduction's interactive: profit per yuan of equity as the own funding share rises.

    Equity follows from the September 2020 leverage caps (:func:`platform_economics`); the
    sliders are the share of revenue eaten by costs and the cap on bond and ABS funding, and the
    own funding share is swept along the x-axis. ``reported_share`` (2 %) and ``rule_share``
    (the 30 % minimum) are marked.
    """
    def compute(own_share: float, cost_share: float, bond_cap: float) -> pd.DataFrame:
        result = platform_economics(balance, own_share, fee_rate, spread, cost_share=cost_share,
                                    bond_cap=bond_cap)
        keep = ["equity_required", "profit", "return_on_equity"]
        return pd.DataFrame([{k: round(result[k], 4) for k in keep}])

    def view(data: pd.DataFrame, params: dict):
        base = alt.Chart()
        curve = where(base, params, ["cost_share", "bond_cap"])
        at = where(base, params)
        x = alt.X("own_share:Q", title="Share of loans the platform funds itself",
                  axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
        marks = pd.DataFrame({"own_share": [reported_share, rule_share],
                              "what": [f"reported ({reported_share:.0%})",
                                       f"30 % rule ({rule_share:.0%})"]})
        rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#666666").encode(
            x="own_share:Q", tooltip=["what:N"])
        tooltip = [alt.Tooltip("own_share:Q", format=".0%", title="own share"),
                   alt.Tooltip("equity_required:Q", format=",.1f", title="equity, RMB bn"),
                   alt.Tooltip("profit:Q", format=",.1f", title="profit, RMB bn"),
                   alt.Tooltip("return_on_equity:Q", format=".1%", title="profit / equity")]
        equity = curve.mark_line(color=PALETTE[0]).encode(
            x, alt.Y("equity_required:Q", title="Equity needed (RMB billion)"))
        equity_dot = at.mark_circle(size=110, color=PALETTE[5]).encode(
            x, alt.Y("equity_required:Q"), tooltip=tooltip)
        left = alt.layer(rules, equity, equity_dot).properties(
            width=250, height=240, title="Equity the caps require")
        roe = curve.mark_line(color=PALETTE[2]).encode(
            x, alt.Y("return_on_equity:Q", title="Profit per yuan of equity (log scale)",
                     axis=alt.Axis(format="%"), scale=alt.Scale(type="log")))
        roe_dot = at.mark_circle(size=110, color=PALETTE[5]).encode(
            x, alt.Y("return_on_equity:Q"), tooltip=tooltip)
        label = at.transform_calculate(
            text="'profit / equity ' + format(datum.return_on_equity, '.1%')"
        ).mark_text(align="right", fontWeight="bold", color=text_shade(PALETTE[5])).encode(
            x=alt.datum(1.0), y=alt.value(12), text="text:N")
        right = alt.layer(rules, roe, roe_dot, label).properties(
            width=250, height=240, title="Return on equity")
        return alt.hconcat(left, right, data=data)

    return Explorable(
        title="Funding 30 % of its loans would cut the platform's profit per yuan of equity "
              "from over 100 % to under 10 %",
        description=("Two panels against the share of a 2.1 trillion yuan credit balance that "
                     "the platform funds itself, from 2 to 98 percent. Left: the equity the "
                     "September 2020 leverage caps require, rising in proportion to the share. "
                     "Right: profit after costs per yuan of that equity, on a log scale, falling "
                     "steeply. Dashed lines mark the 2 percent reported in 2020 and the 30 "
                     "percent minimum; a marked point shows the chosen share."),
        controls=[
            # a coarse grid keeps the page light: 25 shares x 5 cost shares x 4 caps
            Slider("own_share", "Own funding share", 0.02, 0.98, 0.04, reported_share, ".0%"),
            Slider("cost_share", "Costs as a share of revenue", 0.75, 0.95, 0.05, cost_share,
                   ".0%"),
            Slider("bond_cap", "Cap on bonds and ABS (times equity)", 0.0, 6.0, 2.0, bond_cap,
                   ".0f"),
        ],
        compute=compute, view=view, sweep="own_share",
        print_settings=[{"own_share": reported_share}, {"own_share": rule_share},
                        {"own_share": rule_share, "bond_cap": 0.0}],
    )
