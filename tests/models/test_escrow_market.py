"""Tests of the market with and without escrow (antbook.models.escrow_market)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.models.escrow_market import draw_matches, market, outcomes

DRAWS = draw_matches(400, seed=7)
shares = st.floats(0.0, 1.0)
fees = st.floats(0.0, 40.0)
costs = st.floats(0.0, 100.0)
beliefs = st.floats(0.0, 3.0)


def by_regime(frame):
    return frame.set_index("regime")


@settings(max_examples=200, deadline=None)
@given(fees, costs, beliefs)
def test_no_cheats_escrow_costs_exactly_the_fee(fee, dispute_cost, belief):
    r = by_regime(outcomes(DRAWS, 0.0, fee, dispute_cost, belief))
    no, yes = r.loc["no escrow"], r.loc["escrow"]
    assert yes["volume"] == no["volume"]
    assert yes["buyers"] == pytest.approx(no["buyers"])
    assert no["sellers"] - yes["sellers"] == pytest.approx(fee * yes["volume"])
    assert yes["fees"] == pytest.approx(fee * yes["volume"])
    assert yes["total"] == pytest.approx(no["total"])


@settings(max_examples=200, deadline=None)
@given(shares, beliefs)
def test_free_escrow_never_lowers_trade(share, belief):
    r = by_regime(outcomes(DRAWS, share, 0.0, 0.0, belief))
    assert r.loc["escrow", "volume"] >= r.loc["no escrow", "volume"]
    assert r.loc["escrow", "fraud"] == 0.0


@settings(max_examples=50, deadline=None)
@given(shares, fees, costs, beliefs, st.integers(0, 2**32 - 1))
def test_same_seed_same_result(share, fee, cost, belief, seed):
    a = market(share, fee, cost, belief, matches=300, seed=seed)
    b = market(share, fee, cost, belief, matches=300, seed=seed)
    pd.testing.assert_frame_equal(a, b)


def test_different_seeds_differ():
    a = market(0.2, 2.0, 10.0, matches=300, seed=1)
    b = market(0.2, 2.0, 10.0, matches=300, seed=2)
    assert not a.equals(b)


def test_market_without_escrow_unravels():
    # Values run up to 1.6 times the price, so an informed buyer stops paying in advance once
    # the share of cheats passes 1 - 1/1.6 = 0.375.
    assert by_regime(market(0.4, 2.0, 10.0)).loc["no escrow", "volume"] == 0.0
    assert by_regime(market(0.35, 2.0, 10.0)).loc["no escrow", "volume"] > 0.0
    assert by_regime(market(0.4, 2.0, 10.0)).loc["escrow", "volume"] > 0.3


@settings(max_examples=100, deadline=None)
@given(shares, fees, costs, beliefs)
def test_accounts_add_up(share, fee, cost, belief):
    r = outcomes(DRAWS, share, fee, cost, belief)
    assert np.allclose(r["total"], r["buyers"] + r["sellers"] + r["fees"])
    assert ((r["volume"] >= 0) & (r["volume"] <= 1 - 0)).all()
    assert (r["fraud"] >= 0).all() and (r["disputes"] >= 0).all()


def test_fraud_loss_is_price_times_cheated_buyers():
    draws = pd.DataFrame({"value": [150.0, 150.0, 150.0, 150.0], "u": [0.1, 0.3, 0.6, 0.9]})
    r = by_regime(outcomes(draws, 0.5, 0.0, 0.0, 0.0))  # buyers think nobody cheats
    assert r.loc["no escrow", "fraud"] == pytest.approx(100.0 * 2 / 4)
    assert r.loc["no escrow", "volume"] == 0.5
    assert r.loc["escrow", "fraud"] == 0.0


@pytest.mark.parametrize("kwargs, match", [
    ({"cheat_share": 1.5}, "cheat_share must lie"),
    ({"cheat_share": float("nan")}, "cheat_share must be a number"),
    ({"fee": 50.0}, "fee must lie"),
    ({"dispute_cost": -1.0}, "dispute_cost must lie"),
    ({"belief": -0.1}, "belief must lie"),
])
def test_bad_input_raises(kwargs, match):
    args = {"cheat_share": 0.1, "fee": 1.0, "dispute_cost": 1.0, "belief": 1.0, **kwargs}
    with pytest.raises(ValueError, match=match):
        market(**args)


def test_bad_matches_raises():
    with pytest.raises(ValueError, match="matches must be"):
        draw_matches(0)
