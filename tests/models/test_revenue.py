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


def _table(rows):
    return pd.DataFrame(rows, columns=["period", "segment", "revenue_rmb_bn", "status"])


def test_the_gap_is_added_with_its_status_and_in_segment_order():
    revenue = _table([
        ("2019", "Total", 10.0, "verified"),
        ("2019", "InsureTech", 1.0, "verified"),
        ("2019", "CreditTech", 4.0, "verified"),
        ("2018", "Total", 5.0, "verified"),
        ("2018", "Digital payments and merchant services", 5.0, "derived"),
    ])
    out = with_unattributed(revenue)
    assert list(out.columns) == ["period", "segment", "revenue_rmb_bn", "status", "segment_order"]
    assert out[["period", "segment", "revenue_rmb_bn", "status"]].values.tolist() == [
        ["2018", "Digital payments and merchant services", 5.0, "derived"],
        ["2019", "CreditTech", 4.0, "verified"],
        ["2019", "InsureTech", 1.0, "verified"],
        ["2019", UNATTRIBUTED, 5.0, "unverified"],
    ]
    assert out["segment_order"].tolist() == [0, 1, 3, 5]
    assert list(out.index) == [0, 1, 2, 3]
    assert UNATTRIBUTED == "Not broken down in our sources"


def test_rounding_differences_are_neither_a_gap_nor_an_error():
    revenue = _table([("2020", "Total", 10.0, "verified"), ("2020", "CreditTech", 9.995, "v"),
                      ("2021", "Total", 10.0, "verified"), ("2021", "CreditTech", 10.008, "v")])
    out = with_unattributed(revenue)
    assert UNATTRIBUTED not in set(out["segment"])
    assert len(out) == 2


def test_a_gap_just_above_rounding_is_kept_to_three_decimals():
    revenue = _table([("2020", "Total", 10.0, "verified"), ("2020", "CreditTech", 9.9876, "v")])
    gap = with_unattributed(revenue).set_index("segment").at[UNATTRIBUTED, "revenue_rmb_bn"]
    assert gap == 0.012


def test_a_period_with_no_segments_is_all_gap():
    out = with_unattributed(_table([("2017", "Total", 65.396, "verified")]))
    assert out[["segment", "revenue_rmb_bn"]].values.tolist() == [[UNATTRIBUTED, 65.396]]


def test_the_error_names_the_period_and_both_sums():
    revenue = _table([("2019", "Total", 10.0, "verified"), ("2019", "CreditTech", 10.02, "v")])
    with pytest.raises(ValueError, match=r"^revenue for 2019: segments sum to 10.020, more than "
                                         r"the total 10.000$"):
        with_unattributed(revenue)


def test_a_difference_of_exactly_a_hundredth_is_rounding():
    over = _table([("2020", "Total", 10.0, "verified"), ("2020", "CreditTech", 10.01, "v")])
    under = _table([("2020", "Total", 10.0, "verified"), ("2020", "CreditTech", 9.99, "v")])
    assert len(with_unattributed(over)) == 1 and len(with_unattributed(under)) == 1
