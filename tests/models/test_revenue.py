"""Revenue by segment with the gaps kept (antbook.models.revenue)."""

from __future__ import annotations

import pandas as pd
import pytest

from antbook.data import load_table
from antbook.models.revenue import UNATTRIBUTED, with_unattributed


def test_unattributed_revenue_closes_each_period_to_its_total():
    revenue = load_table("revenue_by_segment")
    parts = with_unattributed(revenue)
    totals = revenue[revenue["segment"] == "Total"].set_index("period")["revenue_rmb_bn"]
    sums = parts.groupby("period")["revenue_rmb_bn"].sum()
    for period, total in totals.items():
        assert sums[period] == pytest.approx(total, abs=0.01)
    assert (parts.loc[parts["segment"] == UNATTRIBUTED, "period"] == "2018").any()


def test_segments_above_total_are_an_error():
    revenue = pd.DataFrame({"period": ["2019", "2019"], "segment": ["Total", "CreditTech"],
                            "revenue_rmb_bn": [10.0, 12.0], "status": ["verified"] * 2})
    with pytest.raises(ValueError, match="more than the total"):
        with_unattributed(revenue)
