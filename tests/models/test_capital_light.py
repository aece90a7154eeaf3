"""The capital-light lending model (antbook.models.capital_light)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from antbook.models.capital_light import max_loans_to_equity, platform_economics, platform_lending

shares = st.floats(min_value=0.01, max_value=1.0)
ratios = st.floats(min_value=0.01, max_value=1.0)


@given(shares, ratios, st.floats(0, 0.2), st.floats(-0.2, 0.2))
def test_funding_adds_up_and_capital_is_proportional(share, ratio, fee, spread):
    r = platform_lending(1000.0, share, fee, spread, ratio)
    assert r["own_funded"] + r["partner_funded"] == pytest.approx(1000.0)
    assert r["capital_required"] == pytest.approx(1000.0 * share * ratio)
    assert r["return_on_capital"] == pytest.approx(r["income"] / r["capital_required"])


@given(st.floats(0.01, 0.5), ratios)
def test_capital_scales_with_own_share(share, ratio):
    low = platform_lending(2100.0, share, 0.03, 0.03, ratio)["capital_required"]
    high = platform_lending(2100.0, 2 * share, 0.03, 0.03, ratio)["capital_required"]
    assert high == pytest.approx(2 * low)


def test_book_example_fifteen_times_the_capital():
    at_2 = platform_lending(2100, 0.02, 0.0274, 0.03, 0.10)
    at_30 = platform_lending(2100, 0.30, 0.0274, 0.03, 0.10)
    assert at_30["capital_required"] / at_2["capital_required"] == pytest.approx(15)
    assert at_2["capital_required"] == pytest.approx(4.2)


@pytest.mark.parametrize("kwargs, name", [
    ({"own_share": 0.0}, "own_share"), ({"own_share": 1.5}, "own_share"),
    ({"balance": -1.0}, "balance"), ({"capital_ratio": 0.0}, "capital_ratio"),
    ({"fee_rate": math.nan}, "fee_rate"), ({"spread": 2.0}, "spread"),
])
def test_bad_model_input_is_refused(kwargs, name):
    args = dict(balance=100.0, own_share=0.5, fee_rate=0.02, spread=0.03, capital_ratio=0.1)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        platform_lending(**args)


# -- profit after costs, equity from leverage caps (platform_economics) -------------------------

costs = st.floats(0.0, 1.0)
caps = st.floats(0.0, 10.0)


@given(shares, st.floats(0, 0.2), st.floats(-0.2, 0.2), costs, caps, caps)
def test_economics_adds_up_and_matches_platform_lending(share, fee, spread, cost, ns, bond):
    e = platform_economics(1000.0, share, fee, spread, cost, ns, bond)
    base = platform_lending(1000.0, share, fee, spread, 1.0 / (1 + ns + bond))
    assert e["revenue"] == pytest.approx(base["income"])
    assert e["equity_required"] == pytest.approx(base["capital_required"])
    assert e["equity_required"] * e["max_leverage"] == pytest.approx(e["own_funded"])
    assert e["profit"] == pytest.approx(e["revenue"] - e["costs"])
    assert e["return_on_equity"] == pytest.approx(e["profit"] / e["equity_required"])


@given(st.floats(0.01, 0.2), st.floats(0.01, 0.2), costs, caps)
def test_profit_per_equity_never_exceeds_revenue_per_equity(fee, spread, cost, bond):
    e = platform_economics(2100.0, 0.3, fee, spread, cost, 1.0, bond)
    assert e["return_on_equity"] <= e["revenue_per_equity"] + 1e-12


def test_book_example_september_2020_caps():
    # 1x non-standard borrowing and 4x bonds/ABS: own loans at most 6x equity
    assert max_loans_to_equity(1.0, 4.0) == 6.0
    at_2 = platform_economics(2100, 0.02, 0.0274, 0.03, 0.85)
    at_30 = platform_economics(2100, 0.30, 0.0274, 0.03, 0.85)
    assert at_2["equity_required"] == pytest.approx(7.0)
    assert at_30["equity_required"] == pytest.approx(105.0)
    assert at_2["return_on_equity"] > 1.0 > 0.1 > at_30["return_on_equity"] > 0.08
    # the old measure, revenue per yuan of capital, overstates the owner's return 1 / 0.15-fold
    assert at_2["revenue_per_equity"] / at_2["return_on_equity"] == pytest.approx(1 / 0.15)


def test_loose_caps_need_less_equity():
    tight = platform_economics(2100, 0.3, 0.0274, 0.03, bond_cap=0.0)
    loose = platform_economics(2100, 0.3, 0.0274, 0.03, bond_cap=4.0)
    assert tight["equity_required"] == pytest.approx(3 * loose["equity_required"])


@pytest.mark.parametrize("kwargs, name", [
    ({"cost_share": 1.5}, "cost_share"), ({"cost_share": math.nan}, "cost_share"),
    ({"bond_cap": -1.0}, "bond_cap"), ({"non_standard_cap": -0.5}, "non_standard_cap"),
    ({"own_share": 0.0}, "own_share"),
])
def test_bad_economics_input_is_refused(kwargs, name):
    args = dict(balance=100.0, own_share=0.5, fee_rate=0.02, spread=0.03)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        platform_economics(**args)
