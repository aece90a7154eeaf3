"""Tests of pricing with data (antbook.models.pricing)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.models.pricing import (
    REGIMES,
    compare_regimes,
    linear_demand_values,
    monopoly_price_linear,
    precision_for_share,
    price_outcome,
    prices_for,
    segment_groups,
)

populations = st.lists(st.floats(0.0, 20.0), min_size=1, max_size=60).map(np.array)
costs = st.floats(0.0, 10.0)
precisions = st.one_of(st.floats(0.0, 50.0), st.just(math.inf))


def rival(cost, markup):
    return None if markup is None else cost + markup


@settings(max_examples=150, deadline=None)
@given(values=populations, cost=costs, regime=st.sampled_from(REGIMES), precision=precisions,
       markup=st.one_of(st.none(), st.floats(0.0, 10.0)), seed=st.integers(0, 5))
def test_surplus_adds_up_and_shares_are_shares(values, cost, regime, precision, markup, seed):
    groups = segment_groups(values, 0.7, seed=seed)
    r = price_outcome(values, cost, regime, outside=rival(cost, markup), precision=precision,
                      groups=groups, seed=seed)
    total = r["consumer_surplus"] + r["producer_surplus"] + r["deadweight_loss"]
    assert total == pytest.approx(r["total_surplus"], abs=1e-9 * (1 + r["total_surplus"]))
    assert r["consumer_surplus"] >= -1e-12 and r["deadweight_loss"] >= -1e-12
    assert r["seller_profit"] >= -1e-12
    for share in ("share_served", "share_paying_less", "share_better_off"):
        assert 0.0 <= r[share] <= 1.0
    assert r["share_better_off"] <= r["share_paying_less"] + 1e-12


@settings(max_examples=150, deadline=None)
@given(values=populations, cost=costs)
def test_perfect_discrimination_without_a_rival_leaves_exactly_no_consumer_surplus(values, cost):
    for r in (price_outcome(values, cost, "perfect"),
              price_outcome(values, cost, "signal", precision=math.inf)):
        assert r["consumer_surplus"] == 0.0
        assert r["deadweight_loss"] == 0.0
        assert r["producer_surplus"] == pytest.approx(r["total_surplus"])


@settings(max_examples=100, deadline=None)
@given(values=populations.filter(lambda v: v.max() > 1.0), cost=st.floats(0.0, 0.5),
       markup=st.floats(0.01, 5.0))
def test_a_rival_leaves_consumer_surplus_even_at_perfect_precision(values, cost, markup):
    r = price_outcome(values, cost, "perfect", outside=cost + markup)
    above = values[values > cost + markup]
    assert r["consumer_surplus"] == pytest.approx(float(np.sum(above - (cost + markup))))
    assert (r["consumer_surplus"] > 0) == (above.size > 0)


@settings(max_examples=60, deadline=None)
@given(values=populations, cost=costs, precision=st.floats(0.1, 50.0), markup=st.floats(0.0, 8.0),
       seed=st.integers(0, 3))
def test_no_price_exceeds_the_rivals_offer_or_falls_below_cost(values, cost, precision, markup,
                                                              seed):
    for regime in REGIMES:
        prices = prices_for(values, cost, regime, outside=cost + markup, precision=precision,
                            groups=segment_groups(values, seed=seed), seed=seed)
        assert np.all(prices <= cost + markup + 1e-12) and np.all(prices >= cost - 1e-12)


@settings(max_examples=40, deadline=None)
@given(top=st.floats(1.0, 100.0), cost_share=st.floats(0.0, 0.9), n=st.integers(200, 2000))
def test_uniform_price_is_the_closed_form_monopoly_price_for_linear_demand(top, cost_share, n):
    cost = cost_share * top
    values = linear_demand_values(n, top)
    price = price_outcome(values, cost, "uniform")["price_mean"]
    # the population is a grid of step top / n, so the optimum is within one step of (top + c)/2
    assert price == pytest.approx(monopoly_price_linear(top, cost), abs=top / n + 1e-9)


def test_linear_demand_by_hand():
    # Q = 100 (1 - p/10), cost 2: p* = 6, 40 buyers, profit 160, CS = 40 * 4 / 2 = 80, DWL = 80.
    r = price_outcome(linear_demand_values(100_000, 10.0), 2.0, "uniform")
    scale = 100 / 100_000
    assert r["price_mean"] == pytest.approx(6.0, abs=1e-3)
    assert r["seller_profit"] * scale == pytest.approx(160.0, rel=1e-3)
    assert r["consumer_surplus"] * scale == pytest.approx(80.0, rel=1e-3)
    assert r["deadweight_loss"] * scale == pytest.approx(80.0, rel=1e-3)


def test_an_uninformative_signal_is_the_uniform_price_and_precision_helps_the_seller():
    values = linear_demand_values(300, 10.0)
    uniform = price_outcome(values, 2.0, "uniform")
    blind = price_outcome(values, 2.0, "signal", precision=0.0)
    assert blind == uniform
    profits = [price_outcome(values, 2.0, "signal",
                             precision=precision_for_share(s, values))["seller_profit"]
               for s in (0.0, 0.5, 0.9, 0.99, 1.0)]
    assert profits == sorted(profits) and profits[-1] > profits[0]


def test_personal_prices_leave_many_buyers_better_off_at_middling_precision():
    values = linear_demand_values(400, 10.0)
    r = price_outcome(values, 2.0, "signal", precision=precision_for_share(0.5, values))
    assert 0.1 < r["share_better_off"] < 0.5
    assert r["seller_profit"] > price_outcome(values, 2.0, "uniform")["seller_profit"]


def test_compare_regimes_lists_every_regime():
    values = linear_demand_values(50, 1.0)
    assert list(compare_regimes(values, 0.1)["regime"]) == ["uniform", "signal", "perfect"]
    groups = segment_groups(values)
    assert list(compare_regimes(values, 0.1, groups=groups)["regime"]) == list(REGIMES)


@pytest.mark.parametrize("call, words", [
    (lambda: price_outcome([], 1.0, "uniform"), "the population is empty"),
    (lambda: price_outcome([1.0, -2.0], 1.0, "uniform"), "buyer 1 has -2.0"),
    (lambda: price_outcome([1.0, np.nan], 1.0, "uniform"), "buyer 1 is not"),
    (lambda: price_outcome([[1.0]], 1.0, "uniform"), "one-dimensional"),
    (lambda: price_outcome([1.0], -1.0, "uniform"), "cost must be a finite number"),
    (lambda: price_outcome([1.0], 2.0, "uniform", outside=1.0), "below cost=2.0"),
    (lambda: price_outcome([1.0], 0.5, "signal", precision=-1.0), "precision .* at least 0"),
    (lambda: price_outcome([1.0], 0.5, "auction"), "unknown regime 'auction'"),
    (lambda: price_outcome([1.0], 0.5, "group"), "needs groups"),
    (lambda: price_outcome([1.0, 2.0], 0.5, "group", groups=[0]), "1 labels for 2 buyers"),
    (lambda: precision_for_share(1.5, [1.0, 2.0]), r"must lie in \[0, 1\]"),
    (lambda: precision_for_share(0.5, [1.0, 1.0]), "same value"),
    (lambda: monopoly_price_linear(1.0, 2.0), "need 0 <= cost < top"),
    (lambda: linear_demand_values(0), "positive integer"),
    (lambda: segment_groups([1.0], 2.0), "informativeness"),
])
def test_invalid_inputs_are_refused_with_a_clear_message(call, words):
    with pytest.raises(ValueError, match=words):
        call()
