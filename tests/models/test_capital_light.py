"""The capital-light lending model (antbook.models.capital_light)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from antbook.models.capital_light import platform_lending

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
