"""Ant Group's revenue by segment (2017 to H1 2020), with the gaps in the record left visible.

:func:`with_unattributed` adds, for each period, the revenue that no source breaks down by
segment, so that a chart of the segments shows the gap instead of hiding it (drawn by
:func:`antbook.figures.introduction.revenue_chart`)."""

from __future__ import annotations

import pandas as pd

__all__ = ["SEGMENTS", "UNATTRIBUTED", "with_unattributed"]

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
