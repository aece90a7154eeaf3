"""Ant Group's revenue by segment (2017 to H1 2020), with the gaps in the record left visible."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import STATUS_OPACITY

__all__ = ["SEGMENTS", "UNATTRIBUTED", "revenue_chart", "with_unattributed"]

SEGMENTS = [
    "Digital payments and merchant services",
    "CreditTech",
    "InvestmentTech",
    "InsureTech",
    "Innovation initiatives and others",
]
UNATTRIBUTED = "Not broken down in our sources"


def with_unattributed(revenue: pd.DataFrame) -> pd.DataFrame:
    """Segment rows plus, for each period, the part of total revenue no source breaks down.

    Raises ``ValueError`` if a period's segments add up to more than its total (beyond rounding):
    that would mean a wrong figure in the table, not a gap.
    """
    totals = revenue[revenue["segment"] == "Total"].set_index("period")["revenue_rmb_bn"]
    parts = revenue[revenue["segment"] != "Total"].copy()
    rows = []
    for period, total in totals.items():
        known = parts.loc[parts["period"] == period, "revenue_rmb_bn"].sum()
        gap = round(total - known, 3)
        if gap < -0.01:
            raise ValueError(f"revenue for {period}: segments sum to {known:.3f}, "
                             f"more than the total {total:.3f}")
        if gap > 0.01:
            rows.append({"period": period, "segment": UNATTRIBUTED, "revenue_rmb_bn": gap,
                         "status": "unverified"})
    extra = pd.DataFrame(rows, columns=["period", "segment", "revenue_rmb_bn", "status"])
    out = pd.concat([parts[["period", "segment", "revenue_rmb_bn", "status"]], extra],
                    ignore_index=True)
    out["segment_order"] = out["segment"].map({s: i for i, s in enumerate(SEGMENTS +
                                                                         [UNATTRIBUTED])})
    return out.sort_values(["period", "segment_order"]).reset_index(drop=True)


def revenue_chart(revenue: pd.DataFrame) -> alt.Chart:
    """Stacked bars of revenue by segment; paler bars are less certain (see the legend)."""
    data = with_unattributed(revenue)
    colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#DDDDDD"]
    return alt.Chart(data).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("period:N", title=None, sort=["2017", "2018", "2019", "H1 2020"],
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("revenue_rmb_bn:Q", title="Revenue (RMB billion)", stack="zero"),
        color=alt.Color("segment:N", title=None,
                        scale=alt.Scale(domain=SEGMENTS + [UNATTRIBUTED], range=colours),
                        legend=alt.Legend(columns=2, labelLimit=300)),
        opacity=alt.Opacity("status:O", title="How sure", sort=list(STATUS_OPACITY),
                            scale=alt.Scale(domain=list(STATUS_OPACITY),
                                            range=list(STATUS_OPACITY.values())),
                            legend=alt.Legend(orient="right")),
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
